/** Reading fields out of JSON answers whose shape is not guaranteed. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `source[name]`, or undefined when `source` is not an object. */
export function field(source: unknown, name: string): unknown {
  return isJsonObject(source) ? source[name] : undefined;
}

/** `source[name]` when it is a string. */
export function stringField(source: unknown, name: string): string | undefined {
  const value = field(source, name);
  return typeof value === 'string' ? value : undefined;
}

/** The strings of the array `source[name]`; anything else gives none. */
export function stringsField(source: unknown, name: string): string[] {
  const value = field(source, name);
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
