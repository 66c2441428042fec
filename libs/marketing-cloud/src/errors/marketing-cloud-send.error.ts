import { MarketingCloudError, type MarketingCloudErrorDetails } from './marketing-cloud.error.js';

export interface MarketingCloudSendErrorDetails extends MarketingCloudErrorDetails {
  /** The `recipientSendId` Marketing Cloud gave the failed send ('' in the flat error shape). */
  recipientSendId?: string;
  /** `messageErrors[].messageErrorStatus`, or the `messages[]` entry of the flat shape. */
  messageErrorStatus?: string;
}

/**
 * Marketing Cloud answered 202 with `hasErrors: true`: it did not queue the email. `errorCode` is the
 * `messageErrorCode` (for example 180008), `messageErrorStatus` its text.
 */
export class MarketingCloudSendError extends MarketingCloudError {
  readonly recipientSendId: string | undefined;
  readonly messageErrorStatus: string | undefined;

  constructor(message: string, details: MarketingCloudSendErrorDetails = {}) {
    super(message, details);
    this.recipientSendId = details.recipientSendId;
    this.messageErrorStatus = details.messageErrorStatus;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      recipientSendId: this.recipientSendId,
      messageErrorStatus: this.messageErrorStatus,
    };
  }
}
