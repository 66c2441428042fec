import { NO_TELEMETRY, type MarketingCloudTelemetry } from './telemetry.port.js';

/** Whether `error` says that @opentelemetry/api itself is not installed (not some other failure). */
export function isApiMissing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes('@opentelemetry/api')
  );
}

/**
 * The telemetry of one instance: OpenTelemetry when the app has @opentelemetry/api installed (a
 * no-op there too until it registers an SDK), otherwise NO_TELEMETRY. Loaded once per instance,
 * at start-up, so the core never imports the optional peer.
 */
export async function loadTelemetry(instance: string): Promise<MarketingCloudTelemetry> {
  try {
    const { OpenTelemetryTelemetry } = await import('./opentelemetry-telemetry.js');
    return new OpenTelemetryTelemetry(instance);
  } catch (error) {
    if (isApiMissing(error)) return NO_TELEMETRY;
    throw error;
  }
}
