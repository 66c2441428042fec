import type { SchemaObject } from '@nestjs/swagger';
import {
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_SEND_BATCH_REQUESTS,
  MAX_SUBSCRIBER_KEY_LENGTH,
  REQUEST_TYPES,
} from 'nestjs-marketing-cloud';

/**
 * OpenAPI schemas of the documented wire shapes. Written out here because the library's DTOs carry
 * class-validator rules, not Swagger decorators (the library does not depend on @nestjs/swagger).
 */
export const SEND_REQUEST_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'The documented wire shape. Property names are also taken in any case (OPTIONS, to) and sent in this casing; two spellings of one property are refused. An empty From.Address or From.Name, and SubscriberAttributes [], mean absent.',
  required: ['To'],
  additionalProperties: false,
  properties: {
    From: {
      type: 'object',
      additionalProperties: false,
      description: "The sender. Defaults to the definition's own From.",
      properties: {
        Address: { type: 'string', format: 'email', maxLength: MAX_EMAIL_LENGTH },
        Name: { type: 'string' },
      },
    },
    To: {
      type: 'object',
      required: ['Address', 'SubscriberKey'],
      additionalProperties: false,
      properties: {
        Address: { type: 'string', format: 'email', maxLength: MAX_EMAIL_LENGTH },
        SubscriberKey: { type: 'string', minLength: 1, maxLength: MAX_SUBSCRIBER_KEY_LENGTH },
        ContactAttributes: {
          type: 'object',
          additionalProperties: false,
          properties: {
            SubscriberAttributes: {
              type: 'object',
              description: `Attribute name -> value (string, number or boolean, at most ${MAX_ATTRIBUTE_VALUE_LENGTH} characters).`,
              additionalProperties: {
                oneOf: [
                  { type: 'string', maxLength: MAX_ATTRIBUTE_VALUE_LENGTH },
                  { type: 'number' },
                  { type: 'boolean' },
                ],
              },
            },
          },
        },
      },
    },
    Options: {
      type: 'object',
      additionalProperties: false,
      properties: { RequestType: { type: 'string', enum: [...REQUEST_TYPES], default: 'ASYNC' } },
    },
  },
};

export const SEND_ACCEPTED_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    requestId: { type: 'string', format: 'uuid' },
    responses: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          recipientSendId: { type: 'string', format: 'uuid' },
          hasErrors: { type: 'boolean', enum: [false] },
          messages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

export const DELIVERY_RECORD_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'messageId', 'status'],
  properties: {
    id: { type: 'string' },
    messageId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['Queued', 'Sent', 'Error'] },
    deliveryTime: { type: 'string', description: 'YYYY-MM-DDTHH:mm:ss.fff, no offset (Sent only)' },
    to: {
      type: 'object',
      properties: { address: { type: 'string' }, id: { type: 'integer' }, key: { type: 'string' } },
    },
    messageErrors: {
      type: 'array',
      items: { type: 'object', properties: { messageErrorStatus: { type: 'string' } } },
    },
  },
};

export const ERROR_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'message', 'errorCode'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string', example: 'MarketingCloudNoValidSubscribersError' },
    message: { type: 'string' },
    retryable: {
      type: 'boolean',
      description: 'Marketing Cloud certainly did not act: the same call may be made again.',
    },
    maybeSent: {
      type: 'boolean',
      description:
        'The send may have been acted on (or was): do not send it again without checking its delivery record.',
    },
    errorCode: { type: 'integer', nullable: true },
    requestId: { type: 'string' },
    recipientSendId: { type: 'string' },
    retryAfter: { type: 'integer' },
    violations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          rule: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
};

/** The sendBatch body: an array of send bodies, one per recipient (Marketing Cloud's batch form). */
export const SEND_BATCH_REQUEST_SCHEMA: SchemaObject = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_SEND_BATCH_REQUESTS,
  items: SEND_REQUEST_SCHEMA,
};

/** One entry per request, in order: Marketing Cloud's entry shape, plus `error` and `retryable` on a failure. */
export const SEND_BATCH_RESULT_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    responses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['recipientSendId', 'hasErrors'],
        properties: {
          requestId: { type: 'string', format: 'uuid' },
          recipientSendId: { type: 'string', description: 'Empty when no id was given' },
          hasErrors: { type: 'boolean' },
          messages: { type: 'array', items: { type: 'string' } },
          messageErrors: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                messageErrorCode: { type: 'integer', nullable: true },
                messageErrorStatus: { type: 'string' },
              },
            },
          },
          error: { type: 'string', example: 'MarketingCloudNoValidSubscribersError' },
          retryable: {
            type: 'boolean',
            description:
              'true: Marketing Cloud certainly did not act, send it again; false: refused, or it may have been sent',
          },
        },
      },
    },
  },
};
