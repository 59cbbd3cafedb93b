/**
 * OpenTelemetry preload. Run it before the service so instrumentation patches http, undici
 * and Fastify before they load:
 *
 *   node --import tsx --import ./services/kit/telemetry.ts services/registry/src/server.ts
 *
 * It starts only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-specific variant) is set;
 * the SDK then honours the standard `OTEL_*` variables (`OTEL_SERVICE_NAME`,
 * `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_RESOURCE_ATTRIBUTES`, sampling...). Without it nothing
 * is loaded, and log lines carry no trace ids (see `logging.ts`).
 */
import process from 'node:process';

const endpoint =
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;

if (endpoint && process.env.OTEL_SDK_DISABLED !== 'true') {
  const [{ NodeSDK }, { HttpInstrumentation }, { UndiciInstrumentation }, otel] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-undici'),
      import('@fastify/otel'),
    ]);

  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation(),
      new UndiciInstrumentation(),
      new otel.FastifyOtelInstrumentation({ registerOnInitialization: true }),
    ],
  });
  sdk.start();

  // Flush spans on the way out; the service's own SIGTERM handler runs the graceful shutdown.
  process.once('beforeExit', () => {
    void sdk.shutdown();
  });
}
