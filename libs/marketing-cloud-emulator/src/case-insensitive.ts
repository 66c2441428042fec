/**
 * Marketing Cloud is observed to match JSON property names case-insensitively
 * (clients send `OPTIONS` for `Options` and it works; shared/sfmc-api.md §1.2, inferred).
 * The emulator does the same, so it accepts what the real service accepts.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `name` from `source` with an exact match first, then a case-insensitive one. */
export function getProperty(source: unknown, name: string): unknown {
  if (!isPlainObject(source)) return undefined;
  if (Object.hasOwn(source, name)) return source[name];
  const lower = name.toLowerCase();
  const key = Object.keys(source).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : source[key];
}
