import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * The OpenTelemetry metrics SDK with a Prometheus exporter, registered when this file is first
 * imported: before the Nest app is created, as OpenTelemetry requires (the module's meters are
 * taken at start-up). The exporter starts no server of its own: /metrics serves it.
 */
function registerPrometheusMetrics(): PrometheusExporter {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
  return exporter;
}

export const prometheusExporter = registerPrometheusMetrics();
