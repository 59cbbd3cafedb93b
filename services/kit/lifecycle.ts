import type { FastifyInstance } from 'fastify';

/** Options of {@link runService}. */
export interface RunServiceOptions {
  readonly host: string;
  readonly port: number;
  /** Seconds /ready answers 503 while still serving, before the server closes (DRAIN_SECONDS). */
  readonly drainSeconds: number;
  /**
   * Seconds allowed for closing (in-flight requests, onClose hooks such as heartbeat flush and
   * pool close) after draining; past it the process exits with code 1. Default 10.
   */
  readonly closeTimeoutSeconds?: number;
  /** Exits the process; default `process.exit`. Tests replace it. */
  readonly exit?: (code: number) => void;
  /** Signals that start a graceful shutdown; default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
}

/** A running service: its address and a way to start the same shutdown a signal starts. */
export interface RunningService {
  readonly url: string;
  /** Drain, close, exit; resolves when closed. Calling it again returns the same promise. */
  shutdown(reason: string): Promise<void>;
}

/**
 * Listens, then on SIGTERM: /ready says 503 for `drainSeconds` (so load balancers stop
 * sending) while every route keeps serving; then closes the server, which waits for in-flight
 * requests and runs the app's onClose hooks; then exits. A second signal exits at once.
 */
export async function runService(
  app: FastifyInstance,
  options: RunServiceOptions,
): Promise<RunningService> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const closeTimeoutMs = (options.closeTimeoutSeconds ?? 10) * 1_000;
  let url: string;
  try {
    url = await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    // One JSON line (e.g. EADDRINUSE) instead of a stack trace; close pools opened already.
    app.log.fatal({ err: error, host: options.host, port: options.port }, 'cannot listen');
    await app.close().catch(() => undefined);
    exit(1);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      app.log.info({ reason, drain_seconds: options.drainSeconds }, 'shutdown: draining');
      app.readiness.startDraining();
      await sleep(options.drainSeconds * 1_000);

      app.log.info('shutdown: closing server');
      const forced = setTimeout(() => {
        app.log.error({ timeout_ms: closeTimeoutMs }, 'shutdown: close timed out, exiting');
        exit(1);
      }, closeTimeoutMs);
      forced.unref();

      try {
        await app.close();
        app.log.info('shutdown: closed');
        exit(0);
      } catch (error) {
        app.log.error({ err: error }, 'shutdown: close failed');
        exit(1);
      } finally {
        clearTimeout(forced);
      }
    })();
    return stopping;
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      if (stopping) {
        app.log.warn({ signal }, 'shutdown: second signal, exiting now');
        exit(1);
        return;
      }
      void shutdown(signal);
    });
  }

  return { url, shutdown };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
