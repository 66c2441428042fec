import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential held so that nothing prints it by accident: `String()`, template literals,
 * `JSON.stringify`, `util.inspect` and Nest's logger all show `[redacted]`. Only `reveal()` gives
 * the value, at the one place that must send it (the token request).
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value itself: call it only where it is put on the wire. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
