import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLUSTERS } from '../../clusters/index.ts';

const CLUSTERS_DIR = new URL('../../clusters/', import.meta.url);

/** Files in clusters/ that are not a cluster (helpers of validate.ts live in validation/). */
const SUPPORT = ['cluster-config.ts', 'cluster-error.ts', 'index.ts', 'validate.ts'];

describe('adding a cluster is one new file plus one line in clusters/index.ts', () => {
  const files = readdirSync(CLUSTERS_DIR)
    .filter((file) => file.endsWith('.ts') && !SUPPORT.includes(file)).sort();
  const index = readFileSync(new URL('index.ts', CLUSTERS_DIR), 'utf8');

  it('lists every cluster file on exactly one line', () => {
    for (const file of files) {
      const lines = index.split('\n').filter((line) => line.includes(`'./${file}'`));
      expect(lines, file).toEqual([`  import('./${file}'),`]);
    }
    expect(index.match(/import\('\.\/[^']+'\)/g)).toHaveLength(files.length);
  });

  it('names each cluster after its file, so dist/<cluster> and the file agree', () => {
    expect(CLUSTERS.map((config) => `${config.name}.ts`).sort()).toEqual(files);
  });
});
