import type { ServiceName } from '../clusters/cluster-config.ts';

/** The namespace every Traylinx object lives in. */
export const NAMESPACE = 'traylinx';

/** Destinations outside the namespace a service may call. */
export type ExternalPeer = 'dns' | 'telemetry' | 'sentinel' | 'database' | 'agents';

/** Sources outside the namespace that may call a service. */
export type ExternalCaller = 'ingress-controller' | 'prometheus';

/** What one service is and whom it talks to, declared once; network policies derive from it. */
export interface ServiceDefinition {
  /** Container and Service port (HTTP, also serves `/metrics`). */
  readonly port: number;
  /** Whether the service owns a logical database (and so a migration Job). */
  readonly database: boolean;
  /** Public path prefix on its public host, when the service is exposed. */
  readonly publicPath?: string;
  /** Services in the namespace this one calls (egress here, ingress there). */
  readonly calls: readonly string[];
  /** Destinations outside the namespace this one calls. */
  readonly reaches: readonly ExternalPeer[];
  /** Callers outside the namespace (the ingress controller only for public services). */
  readonly reachedBy: readonly ExternalCaller[];
}

/** The service catalog; `calls` entries are strings so a typo is caught by validation. */
export type Catalog = Readonly<Record<ServiceName, ServiceDefinition>>;

/** Peers every service needs. */
const BASELINE: readonly ExternalPeer[] = ['dns', 'telemetry', 'sentinel'];

export const CATALOG: Catalog = {
  registry: {
    port: 8000,
    database: true,
    publicPath: '/catalog',
    calls: [],
    reaches: [...BASELINE, 'database'],
    reachedBy: ['ingress-controller', 'prometheus'],
  },
  router: {
    port: 8080,
    database: false,
    publicPath: '/a2a',
    calls: ['registry', 'subscription'],
    reaches: [...BASELINE, 'agents'],
    reachedBy: ['ingress-controller', 'prometheus'],
  },
  subscription: {
    port: 8001,
    database: true,
    calls: [],
    reaches: [...BASELINE, 'database'],
    reachedBy: ['prometheus'],
  },
  cortex: {
    port: 8010,
    database: true,
    calls: [],
    reaches: [...BASELINE, 'database'],
    reachedBy: ['prometheus'],
  },
};

/** Fixed order of services in every generated file. */
export const SERVICE_NAMES: readonly ServiceName[] = [
  'registry',
  'router',
  'subscription',
  'cortex',
];

/** Connections one `prisma migrate deploy` run holds (its pool plus the advisory lock). */
export const MIGRATION_CONNECTIONS = 2;

/** Numeric user and group the containers run as (the image's files are world-readable). */
export const RUN_AS_ID = 10001;
