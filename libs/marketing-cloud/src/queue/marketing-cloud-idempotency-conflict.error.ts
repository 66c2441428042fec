import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { idempotencyConflictMessage } from './queue-messages.js';

/**
 * The idempotencyKey already names a different send (another definition or request) within the
 * window. Nothing new was queued. A validation error (HTTP 400 through the exception filter).
 */
export class MarketingCloudIdempotencyConflictError extends MarketingCloudValidationError {
  constructor() {
    super(idempotencyConflictMessage(), [
      {
        path: 'options.idempotencyKey',
        rule: 'sameRequestForSameKey',
        message: 'options.idempotencyKey was already used for a different send',
      },
    ]);
  }
}
