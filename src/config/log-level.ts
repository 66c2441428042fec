import type { LogLevel } from '@nestjs/common';

/** From the most to the least severe: a LOG_LEVEL turns on its level and every one above it. */
const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Without LOG_LEVEL: `log` (start-up lines, warnings and errors; no debug line per send). */
export const DEFAULT_LOG_LEVEL: LogLevel = 'log';

/** The Nest log levels for a LOG_LEVEL value (case-insensitive); an unknown value stops start-up. */
export function logLevelsFor(value: string | undefined): LogLevel[] {
  const wanted =
    value === undefined || value.trim() === '' ? DEFAULT_LOG_LEVEL : value.trim().toLowerCase();
  const index = LEVELS.indexOf(wanted as LogLevel);
  if (index === -1) {
    throw new Error(
      `LOG_LEVEL must be one of ${LEVELS.join(', ')} (got '${value!.slice(0, 40)}'). See .env.example.`,
    );
  }
  return LEVELS.slice(0, index + 1);
}
