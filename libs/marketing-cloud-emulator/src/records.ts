import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorRoute } from './faults.js';
import type { SubscriberFailure } from './subscriber-checks.js';

/** One HTTP request as it reached the emulator. */
export interface RecordedRequest {
  /** 1-based arrival order. */
  readonly seq: number;
  /** Wall-clock arrival time (ms since the epoch). */
  readonly at: number;
  readonly method: string;
  /** The raw request target, still percent-encoded, as the client wrote it. */
  readonly url: string;
  readonly route: EmulatorRoute;
  /** The tenant whose base URL the request addressed (`default` for the first one). */
  readonly tenant: string;
  readonly headers: IncomingHttpHeaders;
  /** The bearer token of the Authorization header, if any. */
  readonly bearerToken: string | undefined;
  /** The request body as received (UTF-8). */
  bodyText: string;
  /** The HTTP status answered; undefined while pending or when the connection was reset. */
  status: number | undefined;
  /** The fault applied to this request, if any. */
  fault: string | undefined;
}

/** What a delivery record needs of an accepted send: all the emulator keeps with `record: false`. */
export interface DeliveryRecordEntry {
  readonly recipientSendId: string;
  readonly tenant: string;
  /** The definition's ObjectID. */
  readonly definitionObjectId: string;
  readonly requestType: 'ASYNC' | 'SYNC';
  readonly to: { readonly address: string; readonly subscriberKey: string };
  /** Wall-clock acceptance time (ms since the epoch). */
  readonly at: number;
  /** Monotonic acceptance time (the emulator clock), used for the Queued -> Sent transition. */
  readonly acceptedAtMonotonic: number;
  /** Why Marketing Cloud will not deliver this one (subscriber checks), if it will not. */
  readonly failure: SubscriberFailure | undefined;
}

/**
 * A send the emulator accepted and gave a `recipientSendId`: the ground truth of what reached
 * "Marketing Cloud". A send with a `failure` produces no email; every other one produces exactly one.
 */
export interface AcceptedSend extends DeliveryRecordEntry {
  /** The request's id; every element of one sendBatch request shares it. */
  readonly requestId: string;
  /** The definition segment of the URL, percent-decoded (`key:…`, `id:…` or an ObjectID). */
  readonly definitionReference: string;
  /** `send`, or `sendBatch` with the element's 0-based position in the array. */
  readonly via: 'send' | 'sendBatch';
  readonly batchIndex: number | undefined;
  /** The parsed request body (for sendBatch: this element). */
  readonly body: unknown;
  readonly bearerToken: string;
}

export interface EmulatorCounters {
  /** POST v2/token requests received, whatever their outcome. */
  tokenRequests: number;
  /** Tokens issued. */
  tokensIssued: number;
  /** POST …/send requests received, whatever their outcome. */
  sendRequests: number;
  /** POST …/sendBatch requests received, whatever their outcome. */
  sendBatchRequests: number;
  /** Sends accepted with a recipientSendId (see {@link AcceptedSend}). */
  acceptedSends: number;
  /** GET …/deliveryRecords requests received. */
  deliveryRecordRequests: number;
  /** Authenticated REST requests per access token. */
  requestsPerToken: Map<string, number>;
}

/**
 * What the emulator saw: the latest `limit` requests and accepted sends (oldest dropped first), and
 * counters that count everything and survive `record: false`.
 */
export class EmulatorRecords {
  readonly requests: RecordedRequest[] = [];
  readonly sends: AcceptedSend[] = [];
  readonly counters: Omit<EmulatorCounters, 'requestsPerToken'> = {
    tokenRequests: 0,
    tokensIssued: 0,
    sendRequests: 0,
    sendBatchRequests: 0,
    acceptedSends: 0,
    deliveryRecordRequests: 0,
  };
  private sequence = 0;

  constructor(
    /** Whether requests and sends are kept at all. */
    readonly keep: boolean,
    /** How many requests, and how many sends, are kept. */
    private readonly limit: number = Infinity,
  ) {}

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  addRequest(request: RecordedRequest): void {
    if (!this.keep) return;
    this.requests.push(request);
    if (this.requests.length > this.limit) this.requests.shift();
  }

  /** Counts an accepted send and keeps it; with `record: false` it is only counted (pass undefined). */
  addSend(send: AcceptedSend | undefined): void {
    this.counters.acceptedSends += 1;
    if (!this.keep || send === undefined) return;
    this.sends.push(send);
    if (this.sends.length > this.limit) this.sends.shift();
  }

  /** Accepted sends that will produce an email, for one recipient address (case-insensitive). */
  emailsTo(address: string): AcceptedSend[] {
    const wanted = address.toLowerCase();
    return this.sends.filter(
      (send) => send.failure === undefined && send.to.address.toLowerCase() === wanted,
    );
  }

  clear(): void {
    this.requests.length = 0;
    this.sends.length = 0;
    for (const key of Object.keys(this.counters) as (keyof typeof this.counters)[]) {
      this.counters[key] = 0;
    }
  }
}
