import { unexpectedAnswerMessage } from '../errors/error-messages.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { HttpAnswer } from '../http/error-from-response.js';
import type { DeliveryRecipient, DeliveryRecord } from './delivery-record.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

function recipient(value: unknown): DeliveryRecipient | undefined {
  if (!isObject(value)) return undefined;
  return {
    address: asString(value['address']),
    id: typeof value['id'] === 'number' ? value['id'] : Number(value['id']) || 0,
    key: asString(value['key']),
  };
}

/** Reads the documented Queued, Sent and Error bodies (all HTTP 200); keeps any other status as `Other`. */
export function parseDeliveryRecord(answer: HttpAnswer): DeliveryRecord {
  const body = answer.data;
  if (!isObject(body) || typeof body['status'] !== 'string') {
    throw new MarketingCloudUnavailableError(
      unexpectedAnswerMessage('delivery record request', answer.status),
      {
        upstreamStatus: answer.status,
        retryable: true,
      },
    );
  }
  const base = { id: asString(body['id']), messageId: asString(body['messageId']) };
  switch (body['status']) {
    case 'Queued':
      return { ...base, status: 'Queued' };
    case 'Sent':
      return {
        ...base,
        status: 'Sent',
        deliveryTime: asString(body['deliveryTime']),
        to: recipient(body['to']) ?? { address: '', id: 0, key: '' },
      };
    case 'Error':
      return {
        ...base,
        status: 'Error',
        to: recipient(body['to']),
        messageErrors: (Array.isArray(body['messageErrors']) ? body['messageErrors'] : [])
          .filter(isObject)
          .map((error) => ({ messageErrorStatus: asString(error['messageErrorStatus']) })),
      };
    default:
      return { ...base, status: 'Other', rawStatus: body['status'], raw: body };
  }
}
