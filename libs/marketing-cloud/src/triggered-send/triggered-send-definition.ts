import {
  definitionKeyCharactersMessage,
  validationErrorMessage,
} from '../errors/error-messages.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Control characters (C0, DEL, C1), format characters (Cf: RLM, ZWSP, BOM, bidirectional overrides
 * and isolates, which hide or disguise how a key reads), line and paragraph separators (U+2028,
 * U+2029, which break a log line), and unpaired surrogates (which encodeURIComponent cannot
 * encode). Refused rather than escaped: no real external key holds them, and a key reaches log
 * lines (`via key:...`) where one could forge a line.
 */
const UNSENDABLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
/** `key:`, `KEY:`, `Key:`: Marketing Cloud matches its literal path words without regard to case. */
const KEY_PREFIX = /^key:/i;
const ID_PREFIX = /^id:/i;
/** Not documented; far above any external key seen in practice. */
export const MAX_CUSTOMER_KEY_LENGTH = 200;

/** Builds the `definition` argument of TriggeredSendService from either documented identifier. */
export const TriggeredSendDefinition = Object.freeze({
  /** By external key (CustomerKey): `key:{CustomerKey}`. Case, spaces and punctuation are kept. */
  key: (customerKey: string): string => `key:${customerKey}`,
  /** By ObjectID, the definition's GUID. */
  id: (objectId: string): string => objectId,
});

function invalid(
  message: string,
  rule = 'isTriggeredSendDefinition',
): MarketingCloudValidationError {
  const violations = [{ path: 'definition', rule, message }];
  return new MarketingCloudValidationError(
    validationErrorMessage('triggered send definition', violations),
    violations,
  );
}

/**
 * Validates a definition (`key:{CustomerKey}`, a GUID ObjectID, or `id:{ObjectID}`; the prefixes
 * in any case) and returns it as one URL path segment, `key:` in lower case: the key is
 * percent-encoded so that spaces, `/`, `?`, `#`, `%` and non-ASCII characters reach Marketing
 * Cloud exactly, case kept.
 */
export function definitionPathSegment(definition: unknown): string {
  if (typeof definition !== 'string') {
    throw invalid('definition must be a string: key:{CustomerKey} or an ObjectID (GUID)');
  }
  if (KEY_PREFIX.test(definition)) {
    const customerKey = definition.slice(4);
    if (customerKey.length > MAX_CUSTOMER_KEY_LENGTH || customerKey.trim() === '') {
      throw invalid(
        `definition key must be 1 to ${MAX_CUSTOMER_KEY_LENGTH} characters after "key:", not all spaces`,
      );
    }
    if (UNSENDABLE_CHARACTERS.test(customerKey)) {
      throw invalid(definitionKeyCharactersMessage(), 'isPrintableKey');
    }
    return `key:${encodeURIComponent(customerKey)}`;
  }
  const objectId = ID_PREFIX.test(definition) ? definition.slice(3) : definition;
  if (!GUID.test(objectId)) {
    throw invalid(
      'definition must be key:{CustomerKey} or an ObjectID (GUID such as dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc)',
    );
  }
  return objectId;
}

/** Validates a recipientSendId (a GUID) for the delivery-record route. */
export function recipientSendIdPathSegment(recipientSendId: unknown): string {
  if (typeof recipientSendId !== 'string' || !GUID.test(recipientSendId)) {
    const violations = [
      {
        path: 'recipientSendId',
        rule: 'isUUID',
        message: 'recipientSendId must be the GUID a send returned',
      },
    ];
    throw new MarketingCloudValidationError(
      validationErrorMessage('delivery record request', violations),
      violations,
    );
  }
  return recipientSendId;
}
