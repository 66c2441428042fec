/** The recipient of a sent email, as the delivery record shows it. */
export interface DeliveryRecipient {
  readonly address: string;
  /** The numeric SubscriberID. */
  readonly id: number;
  /** The SubscriberKey. */
  readonly key: string;
}

interface DeliveryRecordBase {
  /** The definition's ObjectID (inferred from the documented examples). */
  readonly id: string;
  /** Equals the recipientSendId asked for. */
  readonly messageId: string;
}

/** Accepted, not yet processed (also: every send to a paused definition). */
export interface QueuedDeliveryRecord extends DeliveryRecordBase {
  readonly status: 'Queued';
}

export interface SentDeliveryRecord extends DeliveryRecordBase {
  readonly status: 'Sent';
  /**
   * When it was sent, exactly as Marketing Cloud wrote it: `YYYY-MM-DDTHH:mm:ss.fff`, with no offset
   * (Marketing Cloud's REST times are usually Central Standard Time, UTC-6, all year: inferred).
   */
  readonly deliveryTime: string;
  readonly to: DeliveryRecipient;
}

export interface ErrorDeliveryRecord extends DeliveryRecordBase {
  readonly status: 'Error';
  readonly to: DeliveryRecipient | undefined;
  /** Why it was not sent, e.g. "The subscriber was excluded by List Detective." */
  readonly messageErrors: readonly { readonly messageErrorStatus: string }[];
}

/**
 * A status the documentation does not list (only Queued, Sent and Error are documented). Kept with
 * its raw body rather than dropped.
 */
export interface OtherDeliveryRecord extends DeliveryRecordBase {
  readonly status: 'Other';
  readonly rawStatus: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The answer of `GET …/deliveryRecords/{recipientSendId}`. */
export type DeliveryRecord =
  QueuedDeliveryRecord | SentDeliveryRecord | ErrorDeliveryRecord | OtherDeliveryRecord;
