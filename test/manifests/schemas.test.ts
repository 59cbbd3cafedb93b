import { afterAll, describe, expect, it } from 'vitest';
import { CLUSTERS } from '../../clusters/index.ts';
import { DIST_DIR, find, loadCluster, synthToTemp } from '../support/k8s-manifests.ts';
import { validateObject } from '../support/k8s-schemas.ts';
import { eksNginx } from './fixtures/eks-nginx.ts';

const fixture = synthToTemp([eksNginx]);
afterAll(() => fixture.cleanup());

const targets = [
  ...CLUSTERS.map((c) => [c.name, DIST_DIR] as const),
  [eksNginx.name, fixture.dir] as const,
];

describe.each(targets)('schemas: %s', (cluster, dir) => {
  const objects = loadCluster(dir, cluster);
  it.each(objects.map((o) => [`${o.file} ${o.kind}/${o.metadata.name}`, o] as const))(
    '%s validates',
    (_, object) => {
      expect(() => validateObject(object)).not.toThrow();
    },
  );
});

describe('schema validation can fail', () => {
  const objects = () => loadCluster(DIST_DIR, 'eks-prod');

  it('rejects an unknown kind', () => {
    expect(() => validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: {} }))
      .toThrow(/no schema for example.com\/v1 Widget/);
  });

  it('rejects a wrong type in a core kind', () => {
    const deployment = find(objects(), 'Deployment', 'registry') as any;
    deployment.spec.replicas = 'three';
    expect(() => validateObject(deployment)).toThrow(/replicas/);
  });

  it('rejects a CRD object missing a required field', () => {
    const external = find(objects(), 'ExternalSecret', 'registry-database') as any;
    delete external.spec.data[0].remoteRef.key;
    expect(() => validateObject(external)).toThrow(/key/);
  });

  it('rejects a PodMonitoring with an unknown field', () => {
    const monitor = find(loadCluster(DIST_DIR, 'gke-prod'), 'PodMonitoring', 'router') as any;
    monitor.spec.endpoints[0].intervall = '30s';
    expect(() => validateObject(monitor)).toThrow(/intervall/);
  });
});
