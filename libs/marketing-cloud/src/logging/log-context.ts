/**
 * Says which call a log line is about (the masked recipient, the definition). A function is called
 * only when a line is written: most calls write none, so building the text up front (masking the
 * address, joining the strings) was work for nothing on every send.
 */
export type LogContext = string | (() => string);

/** The text of `context`, built now. */
export function logContextText(context: LogContext | undefined): string | undefined {
  return typeof context === 'function' ? context() : context;
}
