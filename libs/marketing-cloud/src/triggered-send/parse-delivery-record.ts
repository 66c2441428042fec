import { unexpectedAnswerMessage } from '../errors/error-messages.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { HttpAnswer } from '../http/error-from-response.js';
import { isJsonObject, stringField } from '../http/json-fields.js';
import type { DeliveryRecipient, DeliveryRecord } from './delivery-record.js';

/** A text field, '' when absent (the documented Error record itself shows `address: ""`). */
const text = (source: unknown, name: string): string => stringField(source, name) ?? '';

function recipient(value: unknown): DeliveryRecipient | undefined {
  if (!isJsonObject(value)) return undefined;
  return {
    address: text(value, 'address'),
    id: typeof value['id'] === 'number' ? value['id'] : Number(value['id']) || 0,
    key: text(value, 'key'),
  };
}

/** Reads the documented Queued, Sent and Error bodies (all HTTP 200); keeps any other status as `Other`. */
export function parseDeliveryRecord(answer: HttpAnswer): DeliveryRecord {
  const body = answer.data;
  if (!isJsonObject(body) || typeof body['status'] !== 'string') {
    throw new MarketingCloudUnavailableError(
      unexpectedAnswerMessage('delivery record request', answer.status),
      {
        upstreamStatus: answer.status,
        retryable: true,
      },
    );
  }
  const base = { id: text(body, 'id'), messageId: text(body, 'messageId') };
  switch (body['status']) {
    case 'Queued':
      return { ...base, status: 'Queued' };
    case 'Sent':
      return {
        ...base,
        status: 'Sent',
        deliveryTime: text(body, 'deliveryTime'),
        to: recipient(body['to']) ?? { address: '', id: 0, key: '' },
      };
    case 'Error':
      return {
        ...base,
        status: 'Error',
        to: recipient(body['to']),
        messageErrors: (Array.isArray(body['messageErrors']) ? body['messageErrors'] : [])
          .filter(isJsonObject)
          .map((error) => ({ messageErrorStatus: text(error, 'messageErrorStatus') })),
      };
    default:
      return { ...base, status: 'Other', rawStatus: body['status'], raw: body };
  }
}
