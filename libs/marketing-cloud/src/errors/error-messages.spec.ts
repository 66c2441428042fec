import { describe, expect, it } from 'vitest';
import * as builders from './error-messages.js';

/** The builders, each counting its calls, so the test knows that it called every one. */
const called = new Set<string>();
const messages = Object.fromEntries(
  Object.entries(builders).map(([name, build]) => [
    name,
    (...args: never[]) => {
      called.add(name);
      return (build as (...values: never[]) => string)(...args);
    },
  ]),
) as unknown as typeof builders;

/** Upstream texts as Marketing Cloud writes them: some end with a period, some do not. */
const UPSTREAM = ['No route matches GET /x.', 'Not Authorized', 'Bad. ', 'Done!'];

/** Every message builder, called with each upstream text wherever it takes one. */
function everyMessage(): string[] {
  const built: string[] = [];
  for (const text of UPSTREAM) {
    built.push(
      messages.configurationErrorMessage([text]),
      messages.invalidClientMessage(text),
      messages.invalidClientMessage(undefined),
      messages.tokenRequestRejectedMessage(400, 'invalid_request', text),
      messages.tokenRequestRejectedMessage(400, undefined, undefined),
      messages.restErrorMessage('send', 404, 30003, 'NotFound', text),
      messages.restErrorMessage('send', 500, undefined, undefined, undefined),
      messages.validationErrorMessage('send request', [{ message: text }, { message: text }]),
      messages.sendRejectedMessage('key:k', 180008, 'NoValidSubscribers', text),
      messages.maybeSentThenFailedMessage('send', text, text),
    );
  }
  built.push(
    messages.tokenEndpointNotFoundMessage('https://mc.example/v2/token/'),
    messages.tokenEndpointNotFoundMessage('http://127.0.0.1:1/wrong/'),
    messages.tokenRateLimitedMessage(),
    messages.upstreamFailureMessage('send', 502),
    messages.unexpectedAnswerMessage('send', 200),
    messages.transportFailureMessage('token request', 'ENOTFOUND', 'mc.invalid'),
    messages.transportFailureMessage('send', 'ECONNRESET', 'host:1'),
    messages.transportFailureMessage('send', undefined),
    messages.timeoutMessage('send', 100),
    messages.repeatedUnauthorizedMessage('send'),
    messages.queueFullMessage('send', 1000),
    messages.queueBacklogMessage(12_000, 10_000),
    messages.queueNoWorkersMessage(),
    messages.waitTimeoutMessage('send', 300),
    messages.retryQueueFullMessage('send', 1000),
    messages.responseTooLargeMessage('send', 1024, 202, true),
    messages.responseTooLargeMessage('send', 1024, 502, true),
    messages.responseTooLargeMessage('read', 1024, 200, false),
    messages.requestTooLargeMessage('send', 1024),
    messages.retryingMessage('send', 'to a***@b.c', 'MarketingCloudRateLimitError', 2, 3, 200),
    messages.abortedMessage('send', true, true),
    messages.abortedMessage('send', false, false),
    messages.namedConfigurationErrorMessage('de', messages.configurationErrorMessage(['x'])),
    messages.invalidInstanceNameMessage('de fr'),
    messages.invalidInstanceNameMessage(42),
    messages.duplicateInstanceMessage('de'),
    messages.duplicateInstanceMessage('default'),
    messages.unknownInstanceMessage('fr', ['default', 'de']),
    messages.unknownInstanceMessage('fr', []),
    messages.healthTimeoutMessage(3000),
    // Violation texts are fragments: they reach the caller inside a validation message.
    messages.validationErrorMessage('send request', [
      { message: `OPTIONS ${messages.secondSpellingText('Options')}` },
      { message: `REGION ${messages.secondAttributeSpellingText('Region')}` },
      { message: messages.definitionKeyCharactersMessage() },
      { message: `request ${messages.moreViolationsText(3)}` },
    ]),
  );
  return built;
}

describe('error messages', () => {
  it('calls every exported builder', () => {
    everyMessage();
    expect([...called].toSorted()).toEqual(Object.keys(builders).toSorted());
  });

  it('never end a sentence with two periods, whatever the upstream text ends with', () => {
    for (const message of everyMessage()) expect(message).not.toMatch(/\.\./);
  });

  it('end with one final period, question or exclamation mark', () => {
    for (const message of everyMessage()) expect(message).toMatch(/[.!?]$/);
  });
});
