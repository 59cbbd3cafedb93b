import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLUSTERS } from '../../clusters/index.ts';
import { DEMO_CLIENT, SEED_CLIENTS } from '../../services/sentinel-standin/src/seed.ts';
import { DIST_DIR, clusterFiles, loadCluster } from '../support/k8s-manifests.ts';

// The Sentinel stand-in is a development tool: a cluster must only ever know the managed
// Sentinel. These are the marks a stand-in (or a dev-only identity) would leave in a manifest.
// Service client ids (`traylinx-registry`, ...) are left out: production names its own service
// accounts alike, and a client id alone grants nothing without the seeded secret.
const STANDIN_MARKS: readonly string[] = [
  'sentinel-standin',
  '/local/clients',
  'localhost',
  '127.0.0.1',
  ':8002',
  DEMO_CLIENT.clientId,
  ...SEED_CLIENTS.flatMap((client) => [client.clientSecret, client.agentUserId]),
];

/** The stand-in marks found in one manifest text. */
function standinMarks(text: string): string[] {
  return STANDIN_MARKS.filter((mark) => text.includes(mark));
}

/** Every TRAYLINX_API_BASE_URL value a cluster's containers get. */
function sentinelUrls(cluster: string): string[] {
  const text = JSON.stringify(loadCluster(DIST_DIR, cluster));
  const pattern = /"name":"TRAYLINX_API_BASE_URL","value":"([^"]*)"/g;
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '');
}

const CLUSTER_NAMES = CLUSTERS.map((cluster) => cluster.name);

describe.each(CLUSTER_NAMES)('%s never points at the stand-in', (name) => {
  test.each(clusterFiles(DIST_DIR, name))('%s carries no stand-in mark', (file) => {
    expect(standinMarks(readFileSync(join(DIST_DIR, name, file), 'utf8'))).toEqual([]);
  });

  test('every service talks to the managed Sentinel of its cluster config', () => {
    const config = CLUSTERS.find((cluster) => cluster.name === name);
    const urls = sentinelUrls(name);

    expect(urls.length).toBeGreaterThan(0);
    expect(new Set(urls)).toEqual(new Set([config?.sentinelBaseUrl]));
  });
});

test('the check sees a manifest that would deploy the stand-in', () => {
  const leaked = 'env:\n  - name: TRAYLINX_API_BASE_URL\n    value: http://127.0.0.1:8002\n' +
    '  - name: TRAYLINX_CLIENT_ID\n    value: demo-agent\n';

  expect(standinMarks(leaked)).toEqual(['127.0.0.1', ':8002', 'demo-agent']);
});
