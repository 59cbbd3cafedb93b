import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { synthAll } from '../../apps/synth-all.ts';
import { CLUSTERS } from '../../clusters/index.ts';
import { gkeStaging } from '../../clusters/gke-staging.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('synth output folders', () => {
  it('removes stale files and folders of clusters that no longer exist', () => {
    dir = mkdtempSync(join(tmpdir(), 'traylinx-synth-'));
    mkdirSync(join(dir, 'gke-staging'), { recursive: true });
    mkdirSync(join(dir, 'old-cluster'), { recursive: true });
    writeFileSync(join(dir, 'gke-staging', 'removed-app.yaml'), 'kind: Stale\n');

    synthAll([gkeStaging], dir);

    expect(readdirSync(dir)).toEqual(['gke-staging']);
    expect(existsSync(join(dir, 'gke-staging', 'removed-app.yaml'))).toBe(false);
    expect(readdirSync(join(dir, 'gke-staging'))).toContain('registry.yaml');
  });

  it('`npm run synth` honours TRAYLINX_DIST_DIR and writes one folder per cluster', () => {
    dir = mkdtempSync(join(tmpdir(), 'traylinx-cli-'));
    const out = execFileSync('npx', ['tsx', 'main.ts'], {
      env: { ...process.env, TRAYLINX_DIST_DIR: dir },
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim())).toMatchObject({ event: 'synth.done' });
    expect(readdirSync(dir).sort()).toEqual(CLUSTERS.map((c) => c.name).sort());
  });
});
