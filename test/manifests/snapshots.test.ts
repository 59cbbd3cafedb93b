import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CLUSTERS } from '../../clusters/index.ts';
import { loadCluster, synthToTemp } from '../support/k8s-manifests.ts';
import { eksNginx } from './fixtures/eks-nginx.ts';

// Synthesized afresh, so a change in apps/ or clusters/ shows up here as a readable YAML diff
// (`npx vitest run -u` accepts it once reviewed).
const all = [...CLUSTERS, eksNginx];
const out = synthToTemp(all);
afterAll(() => out.cleanup());

describe('snapshot per cluster', () => {
  it.each(all.map((c) => c.name))('%s', async (cluster) => {
    const documents = loadCluster(out.dir, cluster)
      .map((object) => `# ${object.file}\n${stringify(object, { lineWidth: 0 })}`)
      .join('---\n');
    await expect(documents).toMatchFileSnapshot(`./__snapshots__/${cluster}.yaml`);
  });
});
