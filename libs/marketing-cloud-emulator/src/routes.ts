import type { EmulatorRoute } from './faults.js';

/** Path prefixes that stand for Marketing Cloud's separate hosts on the one emulator port. */
export const AUTH_PREFIX = '/auth/';
export const REST_PREFIX = '/rest/';
export const SOAP_PREFIX = '/soap/';

export type ParsedRoute =
  | { route: 'token'; allowed: boolean }
  | { route: 'send'; allowed: boolean; definition: string }
  | { route: 'deliveryRecord'; allowed: boolean; definition: string; recipientSendId: string }
  | { route: 'unknown'; allowed: false }
  | { route: 'badEncoding'; allowed: false };

/** Literal path parts match case-insensitively (as ASP.NET routing does); the definition segment stays exact. */
function same(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && actual.toLowerCase() === expected.toLowerCase();
}

/**
 * Identifies the route from the raw request target. Segments are split before they are
 * percent-decoded, so an encoded slash (`%2F`) stays inside a customer key.
 */
export function parseRoute(method: string, rawUrl: string): ParsedRoute {
  const path = rawUrl.split('?', 1)[0] ?? '';
  if (path === `${AUTH_PREFIX}v2/token`) return { route: 'token', allowed: method === 'POST' };
  if (!path.startsWith(REST_PREFIX)) return { route: 'unknown', allowed: false };

  const parts = path.slice(REST_PREFIX.length).split('/');
  const [messaging, version, collection, rawDefinition, action, rawRecipientSendId] = parts;
  if (
    !same(messaging, 'messaging') ||
    !same(version, 'v1') ||
    !same(collection, 'messageDefinitionSends') ||
    !rawDefinition
  ) {
    return { route: 'unknown', allowed: false };
  }
  let definition: string;
  let recipientSendId: string | undefined;
  try {
    definition = decodeURIComponent(rawDefinition);
    recipientSendId =
      rawRecipientSendId === undefined ? undefined : decodeURIComponent(rawRecipientSendId);
  } catch {
    return { route: 'badEncoding', allowed: false };
  }
  if (parts.length === 5 && same(action, 'send')) {
    return { route: 'send', allowed: method === 'POST', definition };
  }
  if (parts.length === 6 && same(action, 'deliveryRecords') && recipientSendId) {
    return { route: 'deliveryRecord', allowed: method === 'GET', definition, recipientSendId };
  }
  return { route: 'unknown', allowed: false };
}

/** The route name faults and records use. */
export function routeName(parsed: ParsedRoute): EmulatorRoute {
  return parsed.route === 'badEncoding' ? 'unknown' : parsed.route;
}
