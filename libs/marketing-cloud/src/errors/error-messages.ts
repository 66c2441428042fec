/**
 * Every message this library writes, in one place. Messages say what went wrong and how to fix it,
 * and never include a token, a secret or an Authorization header.
 */

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
    `Marketing Cloud rejected the client credentials (invalid_client${description ? `: ${description}` : ''}).`,
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
  return `Marketing Cloud refused the token request (HTTP ${status}${error ? `, ${error}` : ''}${description ? `: ${description}` : ''}). Check accountId and scope against the installed package.`;
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

export function transportFailureMessage(what: string, code: string | undefined): string {
  return `Could not reach Marketing Cloud for the ${what}${code ? ` (${code})` : ''}.`;
}

export function timeoutMessage(what: string, timeoutMs: number): string {
  return `Marketing Cloud did not answer the ${what} within ${timeoutMs} ms.`;
}

export function repeatedUnauthorizedMessage(): string {
  return 'Marketing Cloud answered 401 Not Authorized twice, the second time to a freshly issued token. Check that the installed package grants the scopes this call needs and that the token belongs to this tenant.';
}

export function validationErrorMessage(
  what: string,
  violations: readonly { readonly message: string }[],
): string {
  return `Invalid ${what}: ${violations.map((violation) => violation.message).join('; ')}.`;
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
    : `The ${what} was aborted because ${why}, before the request was sent.`;
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
