import type { LoadingCache } from '../../kit/loading-cache.ts';
import type { AgentOwnership, AgentsRepository } from './plugins/app/agents-repository.ts';
import type { CatalogRepository } from './plugins/app/catalog-repository.ts';
import type { DiscoveryRepository } from './plugins/app/discovery-repository.ts';
import type { HeartbeatBuffer } from './plugins/app/heartbeat-buffer.ts';
import type { StatsRepository } from './plugins/app/stats-repository.ts';

/** What the registry's routes work with (built once in app.ts). */
export interface RegistryContext {
  readonly agents: AgentsRepository;
  readonly discovery: DiscoveryRepository;
  readonly stats: StatsRepository;
  readonly catalog: CatalogRepository;
  readonly heartbeats: HeartbeatBuffer;
  /** agent key → id and owner, for heartbeats (cached so a ping costs no query). */
  readonly ownership: LoadingCache<string, AgentOwnership | null>;
  /** Agent user ids (lower case) allowed to report stats and barred from writes. */
  readonly statsReporters: ReadonlySet<string>;
  /** The router's agent-facing ids (lower case): discovery only, no writes, no stats. */
  readonly routerIds: ReadonlySet<string>;
  /** Most agents one agent user may register. */
  readonly maxAgentsPerOwner: number;
  /** Most catalog versions one agent key may hold (publishing beyond is 403). */
  readonly maxVersionsPerAgent: number;
  /** Key the registry signs its replies with. */
  readonly responder: string;
  readonly heartbeatTtlMs: number;
  readonly now: () => number;
}
