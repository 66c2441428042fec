import type { EmulatorRoute } from './faults.js';

/** Path prefixes that stand for Marketing Cloud's separate hosts on the one emulator port. */
export const AUTH_PREFIX = '/auth/';
export const REST_PREFIX = '/rest/';
export const SOAP_PREFIX = '/soap/';
/** Tenants other than the default one live under `/tenants/{name}/` (then `auth/`, `rest/`, `soap/`). */
export const TENANTS_PREFIX = '/tenants/';

export type ParsedRoute = { tenant: string } & (
  | { route: 'token'; allowed: boolean }
  | { route: 'send' | 'sendBatch'; allowed: boolean; definition: string }
  | { route: 'deliveryRecord'; allowed: boolean; definition: string; recipientSendId: string }
  | { route: 'deliveryRecordQuery'; allowed: boolean; definition: string; query: string }
  | { route: 'unknown'; allowed: false }
  | { route: 'badEncoding'; allowed: false }
);

/** Literal path parts match case-insensitively (as ASP.NET routing does); the definition segment stays exact. */
function same(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && actual.toLowerCase() === expected.toLowerCase();
}

/** `/tenants/{name}/rest/…` -> [name, `/rest/…`]; any other path belongs to the default tenant. */
function splitTenant(path: string, defaultTenant: string): [string, string] {
  if (!path.startsWith(TENANTS_PREFIX)) return [defaultTenant, path];
  const rest = path.slice(TENANTS_PREFIX.length);
  const slash = rest.indexOf('/');
  return slash <= 0 ? ['', path] : [rest.slice(0, slash), rest.slice(slash)];
}

/**
 * Identifies the route (and the tenant) from the raw request target. Segments are split before
 * they are percent-decoded, so an encoded slash (`%2F`) stays inside a customer key.
 */
export function parseRoute(method: string, rawUrl: string, defaultTenant: string): ParsedRoute {
  const [rawPath = '', query = ''] = rawUrl.split(/\?(.*)/s, 2);
  const [tenant, path] = splitTenant(rawPath, defaultTenant);
  if (path === `${AUTH_PREFIX}v2/token`) {
    return { tenant, route: 'token', allowed: method === 'POST' };
  }
  // REST routes answer under /rest/ and at the root too (`/messaging/…`), where a REST base URL
  // that is a bare origin, as Marketing Cloud's rest_instance_url is, puts them.
  const restPath = path.startsWith(REST_PREFIX)
    ? path.slice(REST_PREFIX.length)
    : /^\/messaging\//i.test(path)
      ? path.slice(1)
      : undefined;
  if (restPath === undefined) return { tenant, route: 'unknown', allowed: false };

  const parts = restPath.split('/');
  const [messaging, version, collection, rawDefinition, action, rawRecipientSendId] = parts;
  if (
    !same(messaging, 'messaging') ||
    !same(version, 'v1') ||
    !same(collection, 'messageDefinitionSends') ||
    !rawDefinition
  ) {
    return { tenant, route: 'unknown', allowed: false };
  }
  let definition: string;
  let recipientSendId: string | undefined;
  try {
    definition = decodeURIComponent(rawDefinition);
    recipientSendId =
      rawRecipientSendId === undefined ? undefined : decodeURIComponent(rawRecipientSendId);
  } catch {
    return { tenant, route: 'badEncoding', allowed: false };
  }
  if (parts.length === 5 && same(action, 'send')) {
    return { tenant, route: 'send', allowed: method === 'POST', definition };
  }
  if (parts.length === 5 && same(action, 'sendBatch')) {
    return { tenant, route: 'sendBatch', allowed: method === 'POST', definition };
  }
  // The query form Salesforce's swagger declares: …/deliveryRecords?RecipientSendId={id}.
  if (parts.length === 5 && same(action, 'deliveryRecords')) {
    return { tenant, route: 'deliveryRecordQuery', allowed: method === 'GET', definition, query };
  }
  if (parts.length === 6 && same(action, 'deliveryRecords') && recipientSendId) {
    return {
      tenant,
      route: 'deliveryRecord',
      allowed: method === 'GET',
      definition,
      recipientSendId,
    };
  }
  return { tenant, route: 'unknown', allowed: false };
}

/** The route name faults and records use. */
export function routeName(parsed: ParsedRoute): EmulatorRoute {
  if (parsed.route === 'badEncoding') return 'unknown';
  if (parsed.route === 'deliveryRecordQuery') return 'deliveryRecord';
  return parsed.route;
}
