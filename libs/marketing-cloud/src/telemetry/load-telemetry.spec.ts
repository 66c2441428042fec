import { describe, expect, it } from 'vitest';
import { isApiMissing, loadTelemetry } from './load-telemetry.js';
import { OpenTelemetryTelemetry } from './opentelemetry-telemetry.js';

const missing = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('loadTelemetry', () => {
  it('uses OpenTelemetry when @opentelemetry/api is installed (as here)', async () => {
    await expect(loadTelemetry('de')).resolves.toBeInstanceOf(OpenTelemetryTelemetry);
  });

  it('falls back to no telemetry only when @opentelemetry/api itself is missing', () => {
    expect(
      isApiMissing(
        missing(
          'ERR_MODULE_NOT_FOUND',
          "Cannot find package '@opentelemetry/api' imported from /app/x.js",
        ),
      ),
    ).toBe(true);
    expect(
      isApiMissing(missing('MODULE_NOT_FOUND', "Cannot find module '@opentelemetry/api'")),
    ).toBe(true);
    // Any other failure is a bug to surface, not a reason to go dark.
    expect(isApiMissing(missing('ERR_MODULE_NOT_FOUND', "Cannot find module './other.js'"))).toBe(
      false,
    );
    expect(isApiMissing(new SyntaxError('@opentelemetry/api: unexpected token'))).toBe(false);
    expect(isApiMissing(undefined)).toBe(false);
  });
});
