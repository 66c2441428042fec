import { validationErrorMessage } from '../errors/error-messages.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Control characters (C0, DEL, C1), bidirectional overrides and isolates (which disguise how a key
 * reads), and unpaired surrogates (which encodeURIComponent cannot encode).
 */
const UNSENDABLE_CHARACTERS = /\p{Cc}|[\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
/** Not documented; far above any external key seen in practice. */
export const MAX_CUSTOMER_KEY_LENGTH = 200;

/** Builds the `definition` argument of TriggeredSendService from either documented identifier. */
export const TriggeredSendDefinition = Object.freeze({
  /** By external key (CustomerKey): `key:{CustomerKey}`. Case, spaces and punctuation are kept. */
  key: (customerKey: string): string => `key:${customerKey}`,
  /** By ObjectID, the definition's GUID. */
  id: (objectId: string): string => objectId,
});

function invalid(message: string): MarketingCloudValidationError {
  const violations = [{ path: 'definition', rule: 'isTriggeredSendDefinition', message }];
  return new MarketingCloudValidationError(
    validationErrorMessage('triggered send definition', violations),
    violations,
  );
}

/**
 * Validates a definition (`key:{CustomerKey}`, a GUID ObjectID, or `id:{ObjectID}`) and returns it
 * as one URL path segment: the key is percent-encoded so that spaces, `/`, `?`, `#`, `%` and
 * non-ASCII characters reach Marketing Cloud exactly, case kept.
 */
export function definitionPathSegment(definition: unknown): string {
  if (typeof definition !== 'string') {
    throw invalid('definition must be a string: key:{CustomerKey} or an ObjectID (GUID)');
  }
  if (definition.startsWith('key:')) {
    const customerKey = definition.slice(4);
    if (customerKey.trim() === '' || customerKey.length > MAX_CUSTOMER_KEY_LENGTH) {
      throw invalid(
        `definition key must be 1 to ${MAX_CUSTOMER_KEY_LENGTH} characters after "key:", not all spaces`,
      );
    }
    if (UNSENDABLE_CHARACTERS.test(customerKey)) {
      throw invalid(
        'definition key must not contain control characters, bidirectional overrides or unpaired surrogates',
      );
    }
    return `key:${encodeURIComponent(customerKey)}`;
  }
  const objectId = definition.startsWith('id:') ? definition.slice(3) : definition;
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
