import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLUSTERS } from '../../clusters/index.ts';
import { DIST_DIR, synthToTemp } from '../support/k8s-manifests.ts';

const fresh = synthToTemp(CLUSTERS);
afterAll(() => fresh.cleanup());

const listing = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

describe('committed dist/ is what `npm run synth` writes', () => {
  it('has the same folders and files', () => {
    expect(listing(DIST_DIR)).toEqual(listing(fresh.dir));
  });

  it.each(CLUSTERS.map((c) => c.name))('%s is byte for byte identical', (cluster) => {
    for (const file of readdirSync(join(fresh.dir, cluster))) {
      const committed = readFileSync(join(DIST_DIR, cluster, file), 'utf8');
      const generated = readFileSync(join(fresh.dir, cluster, file), 'utf8');
      expect(committed, `dist/${cluster}/${file} is stale: run npm run synth`).toBe(generated);
    }
  });

  it('is deterministic: a second synth writes the same bytes', () => {
    const again = synthToTemp(CLUSTERS);
    try {
      for (const file of listing(fresh.dir).filter((f) => f.endsWith('.yaml'))) {
        expect(readFileSync(join(again.dir, file), 'utf8')).toBe(
          readFileSync(join(fresh.dir, file), 'utf8'));
      }
    } finally {
      again.cleanup();
    }
  });
});
