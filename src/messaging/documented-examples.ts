/** Salesforce's documented examples for the send route (messageDefinitionSends page), for the API docs. */
export const DOCUMENTED_SEND_BODY = {
  From: { Address: 'code@exacttarget.com', Name: 'Code@' },
  To: {
    Address: 'example@example.com',
    SubscriberKey: 'example@example.com',
    ContactAttributes: {
      SubscriberAttributes: { Region: 'West', City: 'Indianapolis', State: 'IN' },
    },
  },
  Options: { RequestType: 'ASYNC' },
};

export const DOCUMENTED_SEND_EXAMPLES = {
  asynchronous: {
    summary: 'Asynchronous request (documented example)',
    value: DOCUMENTED_SEND_BODY,
  },
  synchronous: {
    summary: 'Synchronous request (documented example)',
    value: { ...DOCUMENTED_SEND_BODY, Options: { RequestType: 'SYNC' } },
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
