/**
 * Every message this library writes, in one place. Messages say what went wrong and how to fix it,
 * and never include a token, a secret or an Authorization header.
 */

/** `text` as the end of a sentence: one final period, whatever the upstream text ended with. */
function endSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** ` (detail)`-style upstream text without its own final period, so a sentence never ends in `..`. */
function clause(text: string | undefined): string {
  return text ? text.replace(/[.\s]+$/, '') : '';
}

export function configurationErrorMessage(problems: readonly string[]): string {
  return [
    'MarketingCloudModule options are invalid:',
    ...problems.map((problem) => `  - ${problem}`),
    'Potential solutions:',
    '  - Fix the options passed to MarketingCloudModule.forRoot(), or returned by the forRootAsync() factory.',
    '  - Every option and its default is listed in the README, under "Configuration".',
  ].join('\n');
}

export function invalidClientMessage(description: string | undefined): string {
  return [
    `Marketing Cloud rejected the client credentials (invalid_client${description ? `: ${clause(description)}` : ''}).`,
    'Potential solutions:',
    '  - Check clientId and clientSecret against the API Integration of your installed package.',
    '  - Check that the package is installed in the account and that its integration is enabled.',
    '  - Check that subdomain / authBaseUrl belongs to the same tenant as the package.',
  ].join('\n');
}

export function tokenRequestRejectedMessage(
  status: number,
  error: string | undefined,
  description: string | undefined,
): string {
  return `Marketing Cloud refused the token request (HTTP ${status}${error ? `, ${error}` : ''}${description ? `: ${clause(description)}` : ''}). Check accountId and scope against the installed package.`;
}

export function tokenEndpointNotFoundMessage(authBaseUrl: string): string {
  const givenTokenPath = /v2\/token\/?$/i.test(authBaseUrl);
  return [
    `The token endpoint ${authBaseUrl}v2/token answered HTTP 404: the auth base URL is wrong.`,
    'Potential solutions:',
    '  - Give subdomain (the 28-character tenant subdomain), or give authBaseUrl as the Authentication Base URI of your installed package: the host only, such as https://{subdomain}.auth.marketingcloudapis.com/.',
    givenTokenPath
      ? '  - Drop v2/token from authBaseUrl: the module adds it.'
      : '  - Do not add v2/token to authBaseUrl: the module adds it. A proxy path (https://proxy.example/mc-auth/) must lead to the same routes.',
  ].join('\n');
}

export function tokenRateLimitedMessage(): string {
  return 'Marketing Cloud throttled the token request (HTTP 429). Tokens are cached and shared, so this usually means other clients use the same credentials heavily.';
}

export function upstreamFailureMessage(what: string, status: number): string {
  return `Marketing Cloud failed to answer the ${what} (HTTP ${status}).`;
}

export function unexpectedAnswerMessage(what: string, status: number): string {
  return `Marketing Cloud's answer to the ${what} is not in the documented shape (HTTP ${status}).`;
}

/** DNS answers that mean the host name does not resolve (ENOTFOUND) or not now (EAI_AGAIN). */
const HOST_NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

export function transportFailureMessage(
  what: string,
  code: string | undefined,
  host?: string,
): string {
  if (code !== undefined && host !== undefined && HOST_NOT_FOUND_CODES.has(code)) {
    return `Could not reach Marketing Cloud for the ${what}: the host ${host} was not found (${code}). Check subdomain (the 28-character tenant subdomain of your installed package's Authentication Base URI, https://{subdomain}.auth.marketingcloudapis.com/) or authBaseUrl, and this machine's DNS.`;
  }
  return `Could not reach Marketing Cloud for the ${what}${host ? ` at ${host}` : ''}${code ? ` (${code})` : ''}.`;
}

export function restErrorMessage(
  what: string,
  status: number,
  errorCode: number | undefined,
  codeName: string | undefined,
  upstreamMessage: string | undefined,
): string {
  const code =
    errorCode === undefined ? '' : `, errorcode ${errorCode}${codeName ? ` ${codeName}` : ''}`;
  const detail = upstreamMessage ? `: ${clause(upstreamMessage)}` : '';
  return `Marketing Cloud answered the ${what} with HTTP ${status}${code}${detail}.`;
}

export function queueFullMessage(what: string, maxQueuedRequests: number): string {
  return `The ${what} was not sent: ${maxQueuedRequests} calls are already waiting for a free slot (maxQueuedRequests). Marketing Cloud is slower than the calls arrive; try again later, or raise maxConcurrentRequests / maxQueuedRequests.`;
}

export function retryQueueFullMessage(what: string, maxQueuedRequests: number): string {
  return `The ${what} was not sent and not retried: ${maxQueuedRequests} calls are already waiting for a free slot or a retry (maxQueuedRequests). Marketing Cloud is refusing or slower than the calls arrive; try again later.`;
}

export function maybeSentThenFailedMessage(
  what: string,
  ambiguousFailure: string,
  lastFailure: string,
): string {
  return `The ${what} may have been sent: an earlier attempt failed after the request was written (${clause(ambiguousFailure)}), so Marketing Cloud may have acted on it; do not send it again without checking. The retry then failed: ${endSentence(lastFailure)}`;
}

export function waitTimeoutMessage(what: string, timeoutMs: number): string {
  return `The ${what} was not sent: it waited ${timeoutMs} ms (its timeout) for a free slot among maxConcurrentRequests. Try again later.`;
}

export function responseTooLargeMessage(
  what: string,
  maxResponseBytes: number,
  status: number | undefined,
  maybeSent: boolean,
): string {
  const answered = `Marketing Cloud's answer to the ${what}${status === undefined ? '' : ` (HTTP ${status})`} was larger than maxResponseBytes (${maxResponseBytes} bytes); reading it was stopped.`;
  if (!maybeSent) return answered;
  return status !== undefined && status >= 200 && status < 300
    ? `${answered} Marketing Cloud accepted the request (HTTP ${status}): do not send it again.`
    : `${answered} Marketing Cloud may have acted on it: do not send it again without checking.`;
}

export function requestTooLargeMessage(what: string, maxBytes: number): string {
  return `The ${what} was not sent: its body is larger than maxResponseBytes (${maxBytes} bytes), which bounds request bodies too.`;
}

export function timeoutMessage(what: string, timeoutMs: number): string {
  return `Marketing Cloud did not answer the ${what} within ${timeoutMs} ms.`;
}

export function repeatedUnauthorizedMessage(what: string): string {
  return `Marketing Cloud answered the ${what} with 401 Not Authorized, also with a token issued after the first 401, so nothing was sent. Check that the installed package grants the scopes this call needs and that the token belongs to this tenant.`;
}

export function validationErrorMessage(
  what: string,
  violations: readonly { readonly message: string }[],
): string {
  return `Invalid ${what}: ${endSentence(violations.map((violation) => clause(violation.message)).join('; '))}`;
}

export function sendRejectedMessage(
  definition: string,
  errorCode: number | undefined,
  name: string | undefined,
  status: string | undefined,
): string {
  const code = errorCode === undefined ? '' : ` ${errorCode}${name ? ` ${name}` : ''}`;
  return `Marketing Cloud did not queue the send to ${definition}:${code}${status ? ` "${status}"` : ''}.`;
}

export function retryingMessage(
  what: string,
  context: string | undefined,
  failure: string,
  nextAttempt: number,
  maxAttempts: number,
  delayMs: number,
): string {
  return `Retrying the ${what}${context ? ` (${context})` : ''} after ${failure}: attempt ${nextAttempt} of ${maxAttempts} in ${delayMs} ms.`;
}

export function abortedMessage(what: string, shuttingDown: boolean, sent: boolean): string {
  const why = shuttingDown ? 'the application is shutting down' : 'its AbortSignal fired';
  return sent
    ? `The ${what} was aborted because ${why}, after the request was sent: Marketing Cloud may have acted on it.`
    : `The ${what} was aborted because ${why}, before the request was sent: nothing was sent, it can be made again.`;
}

/** `MarketingCloud 'de'` for a named instance, `MarketingCloud` for the default one. */
function instanceLabel(name: string): string {
  return name === 'default' ? 'MarketingCloud' : `MarketingCloud '${name}'`;
}

export function namedConfigurationErrorMessage(name: string, message: string): string {
  return `${instanceLabel(name)}: ${message}`;
}

export function invalidInstanceNameMessage(name: unknown): string {
  const shown = typeof name === 'string' ? `'${name.slice(0, 80)}'` : typeof name;
  return `MarketingCloudModule name ${shown} is invalid: use 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit (for instance the business unit: 'de', 'brand-a').`;
}

export function duplicateInstanceMessage(name: string): string {
  const which =
    name === 'default' ? 'The default MarketingCloud instance (no name)' : instanceLabel(name);
  return [
    `${which} is registered twice: MarketingCloudModule.forRoot() / forRootAsync() was called more than once with this name in one application.`,
    'Potential solutions:',
    "  - Give each business unit its own name: forRoot({ name: 'de' }), forRoot({ name: 'fr' }).",
    '  - To use one instance from several modules, register it once: with isGlobal: true, or in a shared module that re-exports MarketingCloudModule.',
  ].join('\n');
}

export function unknownInstanceMessage(name: string, registered: readonly string[]): string {
  return `No ${instanceLabel(name)} instance is registered (registered: ${registered.join(', ') || 'none'}). Check the name given to the health check against MarketingCloudModule.forRoot({ name }).`;
}

export function healthTimeoutMessage(timeoutMs: number): string {
  return `No access token within ${timeoutMs} ms: Marketing Cloud's token endpoint is slow or unreachable (the request goes on; its token is kept if it comes).`;
}

export function queueBacklogMessage(waiting: number, maxWaiting: number): string {
  return `${waiting} queued sends are waiting, more than ${maxWaiting}: the workers do not keep up (too few, too slow, or paused by a 429).`;
}

export function queueNoWorkersMessage(): string {
  return 'No worker is connected to the queue in any process: queued sends wait until one starts.';
}

// --- Input validation (triggered-send/): violation texts that follow a path -----------------

/** After `OPTIONS`: a second spelling of a property already given (`first` is its path). */
export function secondSpellingText(first: string): string {
  return `is a second spelling of ${first}: property names are matched without regard to case, so give it once`;
}

/** After `...SubscriberAttributes.REGION`: an attribute name given twice in different cases. */
export function secondAttributeSpellingText(first: string): string {
  return `is a second spelling of ${first}: Marketing Cloud matches attribute names without regard to case, so give it once`;
}

/** After `request`: the count of violations a capped list leaves out. */
export function moreViolationsText(count: number): string {
  return `has ${count} more ${count === 1 ? 'violation' : 'violations'}, not listed`;
}

export function definitionKeyCharactersMessage(): string {
  return 'definition key must not contain control characters (line breaks, tabs), invisible format characters (U+200B zero width space, U+200F right-to-left mark, U+FEFF BOM, bidirectional overrides), line or paragraph separators (U+2028, U+2029) or unpaired surrogates';
}
