import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { maybeSentAfterInterruptionMessage } from './queue-messages.js';

/**
 * A queued send whose earlier attempt was interrupted after it may have reached Marketing Cloud (the
 * worker crashed, was killed, or lost its lock). Not retryable: the email may have been sent.
 */
export class MarketingCloudSendInterruptedError extends MarketingCloudError {
  constructor() {
    super(maybeSentAfterInterruptionMessage(), { retryable: false, maybeSent: true });
  }
}
