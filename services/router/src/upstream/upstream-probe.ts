import { request, type Dispatcher } from 'undici';

import { describeError } from '../describe-error.ts';
import type { UpstreamHealth, UpstreamName } from './upstream-health.ts';

/** Options of {@link startUpstreamProbes}. */
export interface UpstreamProbeOptions {
  /** Base URL per upstream; each gets `GET <url>/ready`. */
  readonly upstreams: ReadonlyArray<{ readonly name: UpstreamName; readonly url: string }>;
  readonly dispatcher: Dispatcher;
  readonly health: UpstreamHealth;
  /** Probe period in ms; 0 disables probing. */
  readonly intervalMs: number;
  /** Probe timeout in ms. */
  readonly timeoutMs: number;
}

/**
 * Probes each upstream's `/ready` on an interval so `/health/upstreams` and
 * `traylinx_upstream_up` stay current when no traffic flows. Returns a stop function.
 */
export function startUpstreamProbes(options: UpstreamProbeOptions): () => void {
  if (options.intervalMs <= 0) return () => undefined;

  let running = false;
  const probeAll = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await Promise.all(options.upstreams.map((upstream) => probe(upstream, options)));
    } finally {
      running = false;
    }
  };

  void probeAll();
  const timer = setInterval(() => void probeAll(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function probe(
  upstream: { readonly name: UpstreamName; readonly url: string },
  options: UpstreamProbeOptions,
): Promise<void> {
  try {
    const response = await request(`${upstream.url}/ready`, {
      dispatcher: options.dispatcher,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body.dump();
    if (response.statusCode === 200) options.health.ok(upstream.name);
    else options.health.failed(upstream.name, `/ready answered ${response.statusCode}`);
  } catch (error) {
    options.health.failed(upstream.name, describeError(error));
  }
}
