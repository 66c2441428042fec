import { MarketingCloudSendError } from './marketing-cloud-send.error.js';

/**
 * The recipient was refused: 180008 "There are no valid subscribers", the flat
 * `InvalidOrMissingToAddress` answer, or a subscriber error code (invalid address, unsubscribed,
 * excluded by List Detective, missing attributes...). Sending again unchanged will not help.
 */
export class MarketingCloudNoValidSubscribersError extends MarketingCloudSendError {}
