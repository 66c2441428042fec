import { inspect } from 'node:util';

/** Everything a value could show of itself: message, JSON, inspect output, and its causes. */
export function everythingVisible(value: unknown): string {
  const parts: string[] = [];
  let current: unknown = value;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    parts.push(inspect(current, { depth: 10, showHidden: true }));
    try {
      parts.push(JSON.stringify(current) ?? '');
    } catch {
      parts.push('[unserialisable]');
    }
    if (current instanceof Error) parts.push(current.message, current.stack ?? '');
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

/** The canaries found in `text`, so a failing assertion names what leaked. */
export function leakedCanaries(text: string, canaries: readonly string[]): string[] {
  return canaries.filter((canary) => canary.length > 0 && text.includes(canary));
}
