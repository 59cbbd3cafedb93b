import type { ServiceName } from '../clusters/cluster-config.ts';
import {
  CATALOG,
  SERVICE_NAMES,
  type Catalog,
  type ExternalCaller,
  type ExternalPeer,
} from './catalog.ts';

/** A set of pods a network policy applies to: a service's pods or its migration Job's pods. */
export interface PodGroup {
  /** Policy name and the `app.kubernetes.io/instance` of the pods. */
  readonly instance: string;
  /** The service (`app.kubernetes.io/name`). */
  readonly service: ServiceName;
  /** Peers this group may call. */
  readonly egress: readonly Flow[];
  /** Peers that may call this group, on its port. */
  readonly ingress: readonly Flow[];
}

/** One end of a flow: a service in the namespace or something outside it. */
export type Flow =
  | { readonly kind: 'service'; readonly service: ServiceName; readonly port: number }
  | {
      readonly kind: 'external';
      readonly peer: ExternalPeer | ExternalCaller;
      readonly port?: number;
    };

/**
 * Turns the catalog's one-sided declarations into both sides: a call from A to B is an egress
 * flow of A and an ingress flow of B. Migration Jobs reach only DNS and their database.
 */
export function derivePodGroups(catalog: Catalog = CATALOG): PodGroup[] {
  const groups: PodGroup[] = [];
  for (const service of SERVICE_NAMES) {
    const definition = catalog[service];
    const calls = definition.calls as ServiceName[];
    const callers = SERVICE_NAMES.filter((other) => catalog[other].calls.includes(service));
    groups.push({
      instance: service,
      service,
      egress: [
        ...calls.map((callee) => serviceFlow(catalog, callee)),
        ...definition.reaches.map((peer) => external(peer)),
      ],
      ingress: [
        ...callers.map((caller) => ({ ...serviceFlow(catalog, caller), port: definition.port })),
        ...definition.reachedBy.map((peer) => external(peer, definition.port)),
      ],
    });
  }

  for (const service of SERVICE_NAMES.filter((name) => catalog[name].database)) {
    groups.push({
      instance: `${service}-migrate`,
      service,
      egress: [external('dns'), external('database')],
      ingress: [],
    });
  }
  return groups;
}

function serviceFlow(catalog: Catalog, service: ServiceName): Flow {
  return { kind: 'service', service, port: catalog[service].port };
}

function external(peer: ExternalPeer | ExternalCaller, port?: number): Flow {
  return port === undefined ? { kind: 'external', peer } : { kind: 'external', peer, port };
}
