import { afterAll, describe, expect, it } from 'vitest';
import { CLUSTERS } from '../../clusters/index.ts';
import { DIST_DIR, loadCluster, synthToTemp } from '../support/k8s-manifests.ts';
import { POLICIES } from '../support/k8s-policies.ts';
import { eksNginx } from './fixtures/eks-nginx.ts';

// The committed clusters are checked as committed; the EKS+nginx fixture is synthesized.
const fixture = synthToTemp([eksNginx]);
afterAll(() => fixture.cleanup());

const targets = [
  ...CLUSTERS.map((config) => ({ config, dir: DIST_DIR })),
  { config: eksNginx, dir: fixture.dir },
];

describe.each(targets.map((t) => [t.config.name, t] as const))('policies: %s', (_, target) => {
  const objects = loadCluster(target.dir, target.config.name);

  it.each(Object.entries(POLICIES))('%s', (_name, policy) => {
    expect(policy(objects, target.config)).toEqual([]);
  });

  it('has the four services under their exact names', () => {
    const workloads = objects
      .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
      .map((o) => o.metadata.name);
    expect(workloads.sort()).toEqual(['cortex', 'registry', 'router', 'subscription']);
    expect(objects.every((o) => o.kind === 'Namespace' || o.kind === 'ClusterIssuer' ||
      o.metadata.namespace === 'traylinx')).toBe(true);
  });
});
