import type { RequestType } from 'nestjs-marketing-cloud';

/** The documented body's shape: a TriggeredSendRequest with every part present. */
export type DocumentedSendBody = {
  From: { Address: string; Name: string };
  To: {
    Address: string;
    SubscriberKey: string;
    ContactAttributes: { SubscriberAttributes: Record<string, string> };
  };
  Options: { RequestType: RequestType };
};

/**
 * Salesforce's documented example body for the send route (messageDefinitionSends page), built
 * afresh on each call. The API docs, the tests' helpers and the benchmarks all send this one.
 */
export function documentedSendBody(requestType: RequestType = 'ASYNC'): DocumentedSendBody {
  return {
    From: { Address: 'code@exacttarget.com', Name: 'Code@' },
    To: {
      Address: 'example@example.com',
      SubscriberKey: 'example@example.com',
      ContactAttributes: {
        SubscriberAttributes: { Region: 'West', City: 'Indianapolis', State: 'IN' },
      },
    },
    Options: { RequestType: requestType },
  };
}

const DOCUMENTED_SEND_BODY = documentedSendBody();

export const DOCUMENTED_SEND_EXAMPLES = {
  asynchronous: {
    summary: 'Asynchronous request (documented example)',
    value: DOCUMENTED_SEND_BODY,
  },
  synchronous: {
    summary: 'Synchronous request (documented example)',
    value: documentedSendBody('SYNC'),
  },
};

export const DOCUMENTED_ACCEPTED_RESPONSE = {
  requestId: 'e2ddb203-ea53-4843-b2d4-9f8c0c862913',
  responses: [
    {
      recipientSendId: 'e2ddb203-ea53-4843-b2d4-9f8c0c862913',
      hasErrors: false,
      messages: ['Queued'],
    },
  ],
};
