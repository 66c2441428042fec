import type { LoggerService } from '@nestjs/common';
import { inspect } from 'node:util';

/** A Nest logger that keeps every line, so tests can read what the module logged. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];

  private keep(level: string, message: unknown, params: unknown[]): void {
    const parts = [message, ...params].map((part) =>
      typeof part === 'string' ? part : inspect(part, { depth: 5 }),
    );
    this.lines.push(`${level} ${parts.join(' ')}`);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.keep('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.keep('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.keep('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.keep('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.keep('verbose', message, params);
  }
}
