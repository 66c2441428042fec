import { httpStatusForErrorClass } from './http-status-for-error.js';
import { MarketingCloudAuthenticationError } from './marketing-cloud-authentication.error.js';
import { MarketingCloudNoValidSubscribersError } from './marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudNotFoundError } from './marketing-cloud-not-found.error.js';
import { MarketingCloudRateLimitError } from './marketing-cloud-rate-limit.error.js';
import { MarketingCloudRequestError } from './marketing-cloud-request.error.js';
import {
  MarketingCloudSendError,
  type MarketingCloudSendErrorDetails,
} from './marketing-cloud-send.error.js';
import { MarketingCloudUnavailableError } from './marketing-cloud-unavailable.error.js';
import type { MarketingCloudError } from './marketing-cloud.error.js';

/** An error class the catalogue can name: built from a message and the details of the answer. */
export type CatalogueErrorClass = new (
  message: string,
  details?: MarketingCloudSendErrorDetails,
) => MarketingCloudError;

/**
 * Where a code comes from: a REST error body's `errorcode`; a triggered send's `messageErrorCode`;
 * a subscriber (per-recipient) status code; or the Transactional Messaging API's response codes.
 */
export type ErrorCodeFamily = 'rest' | 'triggered-send' | 'subscriber' | 'transactional';

export interface ErrorCodeEntry {
  readonly family: ErrorCodeFamily;
  readonly code: number;
  /** Marketing Cloud's name for the code. */
  readonly name: string;
  /** What it means, from Salesforce's documentation (shared/sfmc-api.md, section 2). */
  readonly meaning: string;
  /** The error class a call that gets this code throws. */
  readonly errorClass: CatalogueErrorClass;
  /** True when Marketing Cloud did not act on the call and the same call may succeed later. */
  readonly retryable: boolean;
  /** The status MarketingCloudExceptionFilter answers the app's caller with. */
  readonly httpStatus: number;
}

function entry(family: ErrorCodeFamily) {
  return (
    code: number,
    name: string,
    meaning: string,
    errorClass: CatalogueErrorClass,
    retryable = false,
  ): ErrorCodeEntry =>
    Object.freeze({
      family,
      code,
      name,
      meaning,
      errorClass,
      retryable,
      httpStatus: httpStatusForErrorClass(errorClass),
    });
}

const rest = entry('rest');
const triggeredSend = entry('triggered-send');
const subscriber = entry('subscriber');
const transactional = entry('transactional');

/**
 * Every error code Salesforce documents for the routes this library calls, and their kin: the
 * catalogue the library maps answers with. Only 50100 and 50300 are retryable (Marketing Cloud
 * asked to come back later); 50200 "temporarily blocked" needs a person, so it is not.
 */
export const ERROR_CODE_CATALOGUE: readonly ErrorCodeEntry[] = Object.freeze([
  triggeredSend(
    17000,
    'TriggeredSendDefinitionCanNotBeActivated',
    'Triggered Send Definition Cannot Be Activated',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17001,
    'TriggeredSendDefinitionCanNotBeCanceled',
    'Triggered Send Definition Cannot Be Canceled',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17002,
    'TriggeredSendDefinitionCanNotBeDeactivated',
    'Triggered Send Definition Cannot Be Deactivated',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17003,
    'TriggeredSendDefinitionCanNotBeUpdated',
    'Triggered Send Definition Cannot Be Updated',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17004,
    'TriggeredSendDefinitionCanNotBeDeleted',
    'Triggered Send Definition Cannot Be Deleted',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17005,
    'TriggeredSendDefinitionContentCanNotBeRefreshed',
    'Triggered Send Definition Content Cannot Be Refreshed',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17010,
    'TriggeredSendDefinitionObjectIdOrCustomerKeyNotFound',
    'Triggered Send Definition Object ID or Customer Key Not Found',
    MarketingCloudNotFoundError,
  ),
  triggeredSend(
    17011,
    'TriggeredSendTypeNotFound',
    'Triggered Send Type Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17012,
    'TriggeredSendDefinitionObjectIDFound',
    'Triggered Send Definition Object IDFound.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17013,
    'TriggeredSendDefinitionEmailIDOrPartnerKeyNotFound',
    'Triggered Send Definition Email IDOr Partner Key Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17014,
    'TriggeredSendDefinitionSendClassificationNotFound',
    'Triggered Send Definition Send Classification Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17015,
    'TriggeredSendDefinitionNotFound',
    'Triggered Send Definition Not Found',
    MarketingCloudNotFoundError,
  ),
  triggeredSend(
    17016,
    'TriggeredSendDefinitionEmailNotFound',
    'Triggered Send Definition Email Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17017,
    'TriggeredSendDefinitionListNotFound',
    'Triggered Send Definition List Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17018,
    'TriggeredSendDefinitionHeaderContentNotFound',
    'Triggered Send Definition Header Content Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17019,
    'TriggeredSendDefinitionFooterContentNotFound',
    'Triggered Send Definition Footer Content Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17020,
    'TriggeredSendDefinitionFromNameNotFound',
    'Triggered Send Definition From Name Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17021,
    'TriggeredSendDefinitionFromAddressNotFound',
    'Triggered Send Definition From Address Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17022,
    'TriggeredSendDefinitionListRequired',
    'Triggered Send Definition List Required.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17023,
    'TriggeredSendDefinitionAutoAddOrAutoUpdateNotFound',
    'Triggered Send Definition Auto Add Or Auto Update Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17024,
    'TriggeredSendDefinitionDeliverProfileHeaderContentNotFound',
    'Triggered Send Definition Deliver Profile Header Content Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17025,
    'TriggeredSendDefinitionDeliverProfileFooterContentNotFound',
    'Triggered Send Definition Deliver Profile Footer Content Not Found.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17100,
    'TriggeredSendDefinitionCustomerKeyInvalid',
    'Triggered Send Definition Customer Key Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17101,
    'TriggeredSendDefinitionNameInvalid',
    'Triggered Send Definition Name Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17102,
    'TriggeredSendDefinitionEmailSubjectInvalid',
    'Triggered Send Definition Email Subject Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17103,
    'TriggeredSendDefinitionEmailPartnerKeyInvalid',
    'Triggered Send Definition Email Partner Key Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17104,
    'TriggeredSendDefinitionListPartnerKeyInvalid',
    'Triggered Send Definition List Partner Key Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17105,
    'TriggeredSendDefinitionFromNameInvalid',
    'Triggered Send Definition From Name Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17106,
    'TriggeredSendDefinitionFromAddressInvalid',
    'Triggered Send Definition From Address Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17107,
    'TriggeredSendDefinitionKeywordInvalid',
    'Triggered Send Definition Keyword Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17108,
    'TriggeredSendDefinitionBccEmailInvalid',
    'Triggered Send Definition Bcc Email Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17110,
    'TriggeredSendDefinitionDynamicEmailSubjectInvalid',
    'Triggered Send Definition Dynamic Email Subject Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17111,
    'TriggeredSendDefinitionEmailInvalid',
    'Triggered Send Definition Email Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17112,
    'InvalidPersonalizationString',
    'Invalid Personalization String.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17113,
    'TriggeredSendDefinitionSendWindowOpenInvalid',
    'Triggered Send Definition Send Window Open Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17114,
    'TriggeredSendDefinitionSendWindowCloseInvalid',
    'Triggered Send Definition Send Window Close Invalid.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17200,
    'SendSpeedGovernorNotEnabled',
    'Send Speed Governor Not Enabled.',
    MarketingCloudSendError,
  ),
  triggeredSend(17201, 'BCCEmailNotEnabled', 'BCCEmail Not Enabled.', MarketingCloudSendError),
  triggeredSend(
    17203,
    'MultiPartMimeNotEnabled',
    'Multi Part Mime Not Enabled.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17204,
    'DynamicContentNotEnabled',
    'Dynamic Content Not Enabled.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    17205,
    'AllSubscribersAccessNotEnabled',
    'All Subscribers Access Not Enabled.',
    MarketingCloudSendError,
  ),
  triggeredSend(
    18000,
    'TriggeredSendObjectNotFound',
    'Triggered Send Object not found',
    MarketingCloudNotFoundError,
  ),
  triggeredSend(
    18001,
    'TriggeredSendSubscriberProcessingParametersNotFound',
    'The Triggered Send Definition is not completely configured or in a new status...',
    MarketingCloudSendError,
  ),
  triggeredSend(
    18002,
    'TriggeredSendUnableToCreateRequest',
    "Triggered Send Definition ID/Customer Key is invalid / don't match; Triggered Send must be in an Active or Inactive status; No Triggered Send Definition ID or External key supplied; The Triggered Send Object must contain the Triggered Send ID or the Customer Key; The TriggeredSendDefinitionID provided is not valid for this account; Invalid Customer Key; ...not completely configured or in a new status",
    MarketingCloudNotFoundError,
  ),
  triggeredSend(
    18003,
    'TriggeredSendSubscribersNotQueuedForOMM',
    'Exception occurred during [CreateTriggeredSend] \u2192 contact support',
    MarketingCloudSendError,
  ),
  triggeredSend(
    18004,
    'TriggeredSendErrorNotifyingOMM',
    'Exception occurred during [CreateTriggeredSend] \u2192 contact support',
    MarketingCloudSendError,
  ),
  triggeredSend(
    18005,
    'TriggeredSendUnableToUpdateSubscriberProcessingResults',
    'Exception occurred during [CreateTriggeredSend] \u2192 contact support',
    MarketingCloudSendError,
  ),
  triggeredSend(
    18006,
    'TriggeredSendSubscriberProcessingError',
    'Unhandled exceptions related to TriggeredSend subscriber processing; Subscriber was excluded by domain exclusion list; Subscriber Owner FromEmail property value is set to an invalid email address',
    MarketingCloudNoValidSubscribersError,
  ),
  triggeredSend(
    180007,
    'TriggeredSendSubscribersNotFound',
    'The Triggered Send Object must have subscribers associated with it',
    MarketingCloudNoValidSubscribersError,
  ),
  triggeredSend(
    180008,
    'TriggeredSendNoValidSubscriberToProcess',
    'Unable to queue Triggered Send request. There are no valid subscribers: the recipient failed a subscriber check (see the delivery record). Ensure all required attributes of the subscriber are passed in.',
    MarketingCloudNoValidSubscribersError,
  ),
  triggeredSend(
    180015,
    'TriggeredSendDataExtensionMisconfigured',
    'Triggered Send Data Extension is missing or misconfigured (Salesforce gives the code no name).',
    MarketingCloudSendError,
  ),
  subscriber(1, 'Unsubscribed', 'Status is unsubscribed.', MarketingCloudNoValidSubscribersError),
  subscriber(2, 'Held', 'Status is Held.', MarketingCloudNoValidSubscribersError),
  subscriber(
    3,
    'PartnerUnsubscribed',
    'Unsubscribed in partner system.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(4, 'MissingEmailAddress', 'No email address.', MarketingCloudNoValidSubscribersError),
  subscriber(
    5,
    'InvalidEmailAddress',
    "Email address isn't valid.",
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    6,
    'DuplicateEmail',
    "Matches another subscriber's email in the job.",
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    7,
    'InvalidSubscriberIDProvided',
    'Invalid Subscriber IDProvided.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    8,
    'MissingSubscriberID',
    'Subscriber key and subscriber ID missing.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    9,
    'MissingOwnerID',
    'Child account ID missing (enterprise).',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    10,
    'MissingRequiredAttributes',
    'Missing Required Attributes.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    11,
    'NoAllSubscribersListEntry',
    'No All Subscribers List Entry.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    12,
    'InvalidOwnerIDProvided',
    'Invalid Owner IDProvided.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    13,
    'SubscriberKeyMismatch',
    'Stored key \u2260 provided key.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    14,
    'EmailAddressMismatch',
    'Stored email \u2260 provided email.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(15, 'UnspecifiedError', 'Unspecified Error.', MarketingCloudNoValidSubscribersError),
  subscriber(
    16,
    'InvalidAttributeValue',
    "Value doesn't match attribute type.",
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    17,
    'AttributeValueMaxLengthErr',
    'Value too long.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    18,
    'InvalidAttributeValueCount',
    'Invalid Attribute Value Count.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    19,
    'MissingRequiredFields',
    'Required DE fields missing.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    20,
    'InvalidFieldValue',
    'DE field type mismatch.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    21,
    'DuplicateDataExtensionRow',
    'Duplicate row in triggered send DE.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    22,
    'DataExtensionInsertFailed',
    'Data Extension Insert Failed.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(23, 'DomainExclusion', 'Domain Exclusion.', MarketingCloudNoValidSubscribersError),
  subscriber(
    24,
    'ListDetectiveExclusion',
    'List Detective Exclusion.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    25,
    'SubscriberBlackedOut',
    'Send will be rescheduled.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(26, 'BuildEmailError', 'Build Email Error.', MarketingCloudNoValidSubscribersError),
  subscriber(
    27,
    'SuppressionListExclusion',
    'Suppression List Exclusion.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    28,
    'OptOutListExclusion',
    'Opt Out List Exclusion.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    29,
    'MissingSubscriberKeyValue',
    'Key null/empty.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    30,
    'SubscriberKeyTooLong',
    'Subscriber Key Too Long.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(31, 'ListLevelOptOut', 'List Level Opt Out.', MarketingCloudNoValidSubscribersError),
  subscriber(
    32,
    'MissingSendGroupID',
    'Missing Send Group ID.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    33,
    'AccountLevelOptOut',
    'Master unsubscribed.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    34,
    'MissingMessageFileName',
    'Missing Message File Name.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    35,
    'InvalidEmailAddressID',
    'Invalid Email Address ID.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    36,
    'InvalidBusinessUnit',
    'Invalid Business Unit.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    37,
    'QueuedTransactionDeleted',
    'Queued Transaction Deleted.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    38,
    'InvalidSalesforceID',
    'Case-sensitive SFID used as key.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    39,
    'SubscriberQueueCleared',
    'Subscriber Queue Cleared.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(40, 'SubscriberDeleted', 'Subscriber Deleted.', MarketingCloudNoValidSubscribersError),
  subscriber(
    41,
    'DuplicateSubscriber',
    'Duplicate of a recent send.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    42,
    'RestrictedForProcessing',
    'Restricted For Processing.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    43,
    'SubscriberRequestExpired',
    'Subscriber Request Expired.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(100, 'Error', 'Error building email.', MarketingCloudNoValidSubscribersError),
  subscriber(101, 'Failure', 'Failed to send.', MarketingCloudNoValidSubscribersError),
  subscriber(102, 'Excluded', 'Send-time filter.', MarketingCloudNoValidSubscribersError),
  subscriber(
    103,
    'MessageBuildError',
    'Message Build Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    104,
    'RecursiveScriptError',
    'Recursive Script Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    105,
    'InvalidSendTimeDataError',
    'Invalid Send Time Data Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    106,
    'MissingSendDataExtensionSourceRowError',
    'Missing Send Data Extension Source Row Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    107,
    'MissingSubscriberDataError',
    'Missing Subscriber Data Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    108,
    'MissingListSubscriberDataError',
    'Missing List Subscriber Data Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    109,
    'MissingSubscriberKeyError',
    'Missing Subscriber Key Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    110,
    'InvalidEmailAddressError',
    'Invalid Email Address Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    111,
    'ScriptRaiseError',
    'Excluded by RaiseError.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    112,
    'EmptyHTTPGetReturnError',
    'Empty HTTPGet Return Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    113,
    'EmptyHTTPGetFunctionReturnError',
    'Empty HTTPGet Function Return Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(114, 'MissingSFIDError', 'Missing SFIDError.', MarketingCloudNoValidSubscribersError),
  subscriber(
    115,
    'MissingSFDataError',
    'Missing SFData Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    116,
    'MissingSFSubscriberDataError',
    'Missing SFSubscriber Data Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    117,
    'CouldNotResolveSecureEmailToken',
    'Could Not Resolve Secure Email Token.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(118, 'GlobalUnsub', 'Global Unsub.', MarketingCloudNoValidSubscribersError),
  subscriber(119, 'PartnerUnsub', 'Partner Unsub.', MarketingCloudNoValidSubscribersError),
  subscriber(
    120,
    'ListDetectiveExclusion',
    'List Detective Exclusion.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    121,
    'ProcessedByPairedMember',
    'Processed By Paired Member.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(122, 'SMTPFileNotFound', 'SMTPFile Not Found.', MarketingCloudNoValidSubscribersError),
  subscriber(123, 'SMTPFileIOError', 'SMTPFile IOError.', MarketingCloudNoValidSubscribersError),
  subscriber(
    124,
    'SMTPFileFormatError',
    'SMTPFile Format Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(125, 'DecryptionFailed', 'Decryption Failed.', MarketingCloudNoValidSubscribersError),
  subscriber(
    126,
    'MessageVolumeLimitExceeded',
    'Message Volume Limit Exceeded.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(127, 'EmptySubject', 'Empty Subject.', MarketingCloudNoValidSubscribersError),
  subscriber(
    128,
    'ResolvedEmailBodyTooShort',
    'Resolved Email Body Too Short.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    129,
    'PhoneNumberValidationFailed',
    'Phone Number Validation Failed.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    130,
    'PayloadExceedsMaximum',
    'Payload Exceeds Maximum.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    131,
    'LinkDataExceedsMaximumSize',
    'Link Data Exceeds Maximum Size.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    132,
    'InvalidCCEmailAddressError',
    'Invalid CCEmail Address Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    133,
    'InvalidBCCEmailAddressError',
    'Invalid BCCEmail Address Error.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    134,
    'SubscriberDeleted',
    'Being processed for deletion.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    135,
    'RestrictedForProcessing',
    'Restricted For Processing.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    136,
    'SubscriberKeyMismatch',
    'Subscriber key does not match the one in the send data extension.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    137,
    'SubscriberIDMismatch',
    'Subscriber IDMismatch.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    138,
    'ExceededExpirationPolicy',
    'Exceeded Expiration Policy.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(139, 'TimedoutInQueue', 'Timedout In Queue.', MarketingCloudNoValidSubscribersError),
  subscriber(
    140,
    'UnverifiedFromEmailAddress',
    'Unverified From Email Address.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    141,
    'V2TriggeredSendDeletedFromQueue',
    'V2 Triggered Send Deleted From Queue.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(1000, 'UnsubscribedList', 'Unsubscribed List.', MarketingCloudNoValidSubscribersError),
  subscriber(
    1010,
    'UnsubscribedMaster',
    'Unsubscribed Master.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(
    1020,
    'UnsubscribedGlobal',
    'Unsubscribed Global.',
    MarketingCloudNoValidSubscribersError,
  ),
  subscriber(1030, 'Held', 'Held.', MarketingCloudNoValidSubscribersError),
  subscriber(1040, 'Deleted', 'Deleted.', MarketingCloudNoValidSubscribersError),
  transactional(
    109001,
    'MCMS_UTM_ResponsesHasErrors',
    'Responses Has Errors.',
    MarketingCloudSendError,
  ),
  transactional(
    109101,
    'MCMS_UTM_Validation_TooManySubscribers',
    'Validation Too Many Subscribers.',
    MarketingCloudRequestError,
  ),
  transactional(
    109102,
    'MCMS_UTM_Validation_NoSubscribers',
    'Validation No Subscribers.',
    MarketingCloudRequestError,
  ),
  transactional(
    109103,
    'MCMS_UTM_Validation_NoValidSubscribers',
    'Validation No Valid Subscribers.',
    MarketingCloudNoValidSubscribersError,
  ),
  transactional(
    109104,
    'MCMS_UTM_Validation_MissingRequiredField_messageKey',
    'Validation Missing Required Field message Key.',
    MarketingCloudRequestError,
  ),
  transactional(
    109105,
    'MCMS_UTM_Validation_MissingRequiredField_subscriberKey',
    'Validation Missing Required Field subscriber Key.',
    MarketingCloudRequestError,
  ),
  transactional(
    109106,
    'MCMS_UTM_Validation_MissingRequiredField_to',
    'Validation Missing Required Field to.',
    MarketingCloudRequestError,
  ),
  transactional(
    109107,
    'MCMS_UTM_Validation_MissingRequiredField_definitionKey',
    'Validation Missing Required Field definition Key.',
    MarketingCloudRequestError,
  ),
  transactional(
    109108,
    'MCMS_UTM_Validation_InvalidValue_messageKey',
    'Validation Invalid Value message Key.',
    MarketingCloudRequestError,
  ),
  transactional(
    109109,
    'MCMS_UTM_Validation_InvalidValue_subscriberKey',
    'Validation Invalid Value subscriber Key.',
    MarketingCloudRequestError,
  ),
  transactional(
    109110,
    'MCMS_UTM_Validation_DuplicateMessageKey',
    'Validation Duplicate Message Key.',
    MarketingCloudRequestError,
  ),
  transactional(
    109111,
    'MCMS_UTM_Validation_InvalidValue_definitionKey',
    'Validation Invalid Value definition Key.',
    MarketingCloudRequestError,
  ),
  transactional(
    109112,
    'MCMS_UTM_Validation_InvalidValue_options',
    'Validation Invalid Value options.',
    MarketingCloudRequestError,
  ),
  transactional(
    109113,
    'MCMS_UTM_Validation_InvalidValue_autoAddSubscriber',
    'Validation Invalid Value auto Add Subscriber.',
    MarketingCloudRequestError,
  ),
  transactional(
    109114,
    'MCMS_UTM_Validation_InvalidValue_resubscribe',
    'Validation Invalid Value resubscribe.',
    MarketingCloudRequestError,
  ),
  transactional(
    109115,
    'MCMS_UTM_Validation_InvalidValue_keyword',
    'Validation Invalid Value keyword.',
    MarketingCloudRequestError,
  ),
  transactional(
    109116,
    'MCMS_UTM_Validation_InvalidValue_resubscribe_true_without_keyword_specified',
    'Validation Invalid Value resubscribe true without keyword specified.',
    MarketingCloudRequestError,
  ),
  transactional(
    109120,
    'MCMS_UTM_Validation_MissingRequiredField_keyword',
    'Validation Missing Required Field keyword.',
    MarketingCloudRequestError,
  ),
  transactional(
    109121,
    'MCMS_UTM_Validation_InvalidValue_to',
    'Validation Invalid Value to.',
    MarketingCloudRequestError,
  ),
  transactional(
    109122,
    'MCMS_UTM_Validation_UnknownFieldName',
    'Validation Unknown Field Name.',
    MarketingCloudRequestError,
  ),
  transactional(
    109123,
    'MCMS_UTM_Validation_InvalidValue_classification_IncorrectType',
    'Validation Invalid Value classification Incorrect Type.',
    MarketingCloudRequestError,
  ),
  transactional(
    109124,
    'MCMS_UTM_Validation_email_does_not_pass_validation',
    'Validation email does not pass validation.',
    MarketingCloudRequestError,
  ),
  transactional(
    109125,
    'MCMS_UTM_Validation_InvalidValue_updateSubscriber',
    'Validation Invalid Value update Subscriber.',
    MarketingCloudRequestError,
  ),
  rest(10000, 'GenericException', 'Validation: Generic Exception.', MarketingCloudRequestError),
  rest(10001, 'InvalidDataType', 'Validation: Invalid Data Type.', MarketingCloudRequestError),
  rest(
    10002,
    'MissingRequiredField',
    'Validation: Missing Required Field.',
    MarketingCloudRequestError,
  ),
  rest(10003, 'IncorrectFormat', 'Validation: Incorrect Format.', MarketingCloudRequestError),
  rest(
    10004,
    'InvalidMessageFormat',
    'Validation: Invalid Message Format (Serialization error, please ensure the body has balanced braces and brackets).',
    MarketingCloudRequestError,
  ),
  rest(10005, 'InvalidValue', 'Validation: Invalid Value.', MarketingCloudRequestError),
  rest(
    10006,
    'AggregateError',
    'Validation: Aggregate Error (Check additionalErrors).',
    MarketingCloudRequestError,
  ),
  rest(
    20000,
    'GeneralException',
    'Authorization: General Exception.',
    MarketingCloudAuthenticationError,
  ),
  rest(
    20001,
    'BusinessRuleNotSet',
    'Authorization: Business Rule Not Set.',
    MarketingCloudAuthenticationError,
  ),
  rest(
    20002,
    'InsufficientPrivileges',
    'Authorization: Insufficient Privileges.',
    MarketingCloudAuthenticationError,
  ),
  rest(
    0,
    'NotAuthorized',
    'Authentication: Not Authorized (token was not found in the request, or it is invalid or expired).',
    MarketingCloudAuthenticationError,
  ),
  rest(
    40004,
    'AuthorizationTokenInvalidOnURLOrRequestBody',
    'Authentication: Authorization token invalid on URL or request body.',
    MarketingCloudAuthenticationError,
  ),
  rest(40000, 'General', 'Authentication: General.', MarketingCloudAuthenticationError),
  rest(
    40001,
    'NotAuthenticated',
    'Authentication: Not Authenticated.',
    MarketingCloudAuthenticationError,
  ),
  rest(
    40002,
    'AuthorizationTokenInvalidOnThisEndpoint',
    'Authentication: Authorization token invalid on this endpoint (Use the stack-level endpoint that matches your token).',
    MarketingCloudAuthenticationError,
  ),
  rest(
    40003,
    'AuthorizationTokenInvalidOnURL',
    'Authentication: Authorization token invalid on URL.',
    MarketingCloudAuthenticationError,
  ),
  rest(30000, 'Generic', 'Runtime: Generic.', MarketingCloudRequestError),
  rest(30001, 'InvalidOperation', 'Runtime: Invalid Operation.', MarketingCloudRequestError),
  rest(
    30002,
    'InvalidStateTransition',
    'Runtime: Invalid State Transition.',
    MarketingCloudRequestError,
  ),
  rest(30003, 'ObjectNotFound', 'Runtime: Object Not Found.', MarketingCloudNotFoundError),
  rest(30004, 'ObjectAlreadyExists', 'Runtime: Object Already Exists.', MarketingCloudRequestError),
  rest(
    50100,
    'RateLimitExceeded',
    'Runtime: Too many requests (retry after number of seconds specified in Retry-After).',
    MarketingCloudRateLimitError,
    true,
  ),
  rest(
    50200,
    'TemporarilyBlocked',
    'Runtime: Too many requests (temporarily blocked due to too many concurrent requests. contact Salesforce support).',
    MarketingCloudRateLimitError,
  ),
  rest(
    50300,
    'ServiceUnavailable',
    'Runtime: Service Unavailable (Retry-After).',
    MarketingCloudUnavailableError,
    true,
  ),
  rest(
    500,
    'InternalServerError',
    'Internal Server Error: Marketing Cloud failed while handling the call, which it may or may not have completed.',
    MarketingCloudUnavailableError,
  ),
]);

const byFamilyAndCode = new Map(
  ERROR_CODE_CATALOGUE.map((item) => [`${item.family}:${item.code}`, item]),
);

/** The catalogue entry for a code of a family, if Salesforce documents it. */
export function findErrorCode(
  family: ErrorCodeFamily,
  code: number | undefined,
): ErrorCodeEntry | undefined {
  return code === undefined ? undefined : byFamilyAndCode.get(`${family}:${code}`);
}
