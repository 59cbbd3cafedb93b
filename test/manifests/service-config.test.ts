import { describe, expect, it } from 'vitest';
import { eksProd } from '../../clusters/eks-prod.ts';
import { loadBaseConfig } from '../../services/kit/config.ts';
import { readRegistryConfig } from '../../services/registry/src/config.ts';
import { loadRouterConfig } from '../../services/router/src/config.ts';
import { loadSubscriptionConfig } from '../../services/subscription/src/config.ts';
import {
  DIST_DIR,
  loadCluster,
  mutate,
  synthToTemp,
  type K8sObject,
} from '../support/k8s-manifests.ts';

// Stand-ins for what External Secrets materialises; only their shape matters here.
const SECRET_VALUES: Readonly<Record<string, string>> = {
  DATABASE_URL: 'postgresql://app@db.internal:5432/app',
  TRAYLINX_CLIENT_ID: 'traylinx-service',
  TRAYLINX_CLIENT_SECRET: 'a-long-enough-client-secret',
  TRAYLINX_UPSTREAM_CLIENT_ID: 'traylinx-router-upstream',
  TRAYLINX_UPSTREAM_CLIENT_SECRET: 'another-long-enough-client-secret',
};

interface EnvVar {
  readonly name: string;
  readonly value?: string;
}

/** The env a workload's container starts with: plain values plus materialised secrets. */
function containerEnv(workload: K8sObject): Record<string, string> {
  const spec = workload.spec as { template: { spec: { containers: Array<{ env: EnvVar[] }> } } };
  return Object.fromEntries(spec.template.spec.containers[0]!.env.map((variable) =>
    [variable.name, variable.value ?? SECRET_VALUES[variable.name] ?? '']));
}

function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
}

/** Starts every service's shared config reader (and the registry's own) on its manifest env. */
function expectServicesAccept(objects: K8sObject[]): void {
  const found = workloads(objects);
  expect(found.map((w) => w.metadata.name).sort())
    .toEqual(['cortex', 'registry', 'router', 'subscription']);
  const router = containerEnv(found.find((w) => w.metadata.name === 'router')!);
  const routerUserId = router.TRAYLINX_AGENT_USER_ID!;
  const upstreamUserId = router.TRAYLINX_UPSTREAM_AGENT_USER_ID!;
  for (const workload of found) {
    const env = containerEnv(workload);
    const spec = { defaultPort: Number(env.PORT), database: 'DATABASE_URL' in env };
    expect(() => loadBaseConfig(env, spec), workload.metadata.name).not.toThrow();
  }

  // Production refuses to start without the second identity; it must be a distinct one.
  const identity = loadRouterConfig(router).upstreamIdentity;
  expect(identity.shared).toBe(false);
  expect(identity.sentinel?.agentUserId).toBe(upstreamUserId);
  expect(upstreamUserId).not.toBe(routerUserId);

  // Only the upstream identity reports stats; the forwarded one may only discover.
  const registry = readRegistryConfig(containerEnv(found.find((w) =>
    w.metadata.name === 'registry')!));
  expect(registry.statsReporterAgentUserIds).toEqual([upstreamUserId]);
  expect(registry.routerAgentUserIds).toEqual([routerUserId]);

  const subscription = loadSubscriptionConfig(containerEnv(found.find((w) =>
    w.metadata.name === 'subscription')!));
  expect([...subscription.routerAgentUserIds].sort())
    .toEqual([routerUserId, upstreamUserId].sort());
}

describe('the services start on the environment synth writes', () => {
  it.each(['gke-prod', 'eks-prod', 'gke-staging'])('%s', (cluster) => {
    expectServicesAccept(loadCluster(DIST_DIR, cluster));
  });

  it('at the upper bounds synth allows (drain 300 s, pool 100)', () => {
    const edge = mutate(eksProd, (d) => {
      d.drainSeconds = 300;
      d.services.registry.database.poolSize = 100;
      d.databases.main.maxConnections = 1000;
    });
    const out = synthToTemp([edge]);
    try {
      const objects = loadCluster(out.dir, 'eks-prod');
      expectServicesAccept(objects);
      const registry = workloads(objects).find((w) => w.metadata.name === 'registry')!;
      const config = readRegistryConfig(containerEnv(registry));
      expect([config.drainSeconds, config.databasePoolMax]).toEqual([300, 100]);
    } finally {
      out.cleanup();
    }
  });
});
