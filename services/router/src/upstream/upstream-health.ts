import { Gauge, type Registry } from 'prom-client';

/** The services the router depends on. */
export type UpstreamName = 'registry' | 'subscription';

/** What `/health/upstreams` reports for one upstream. */
export interface UpstreamState {
  /** Null until the first call or probe. */
  up: boolean | null;
  last_ok_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
}

/**
 * Tracks whether each upstream answered its last call or probe. It only reports: the router
 * keeps serving (from cache where it can) whatever these say, and `/ready` ignores them, so an
 * upstream outage never takes every router replica out at once.
 */
export class UpstreamHealth {
  private readonly states = new Map<UpstreamName, UpstreamState>();
  private readonly gauge: Gauge;

  constructor(registry: Registry, names: readonly UpstreamName[] = ['registry', 'subscription']) {
    this.gauge = new Gauge({
      name: 'traylinx_upstream_up',
      help: 'Whether the upstream answered the last call or probe (1) or not (0); -1 unknown',
      labelNames: ['upstream'],
      registers: [registry],
    });
    for (const name of names) {
      this.states.set(name, { up: null, last_ok_at: null, last_error_at: null, last_error: null });
      this.gauge.set({ upstream: name }, -1);
    }
  }

  ok(name: UpstreamName): void {
    const state = this.state(name);
    state.up = true;
    state.last_ok_at = new Date().toISOString();
    this.gauge.set({ upstream: name }, 1);
  }

  failed(name: UpstreamName, reason: string): void {
    const state = this.state(name);
    state.up = false;
    state.last_error_at = new Date().toISOString();
    state.last_error = reason;
    this.gauge.set({ upstream: name }, 0);
  }

  snapshot(): Record<string, UpstreamState> {
    return Object.fromEntries([...this.states].map(([name, state]) => [name, { ...state }]));
  }

  private state(name: UpstreamName): UpstreamState {
    const state = this.states.get(name);
    if (!state) throw new Error(`unknown upstream ${name}`);
    return state;
  }
}
