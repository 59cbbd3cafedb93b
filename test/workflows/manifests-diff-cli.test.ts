import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = new URL('../../scripts/manifests-diff.ts', import.meta.url).pathname;
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;

// A stand-in for main.ts: one Deployment per cluster from clusters.json, like npm run synth.
const synth = `
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
const clusters = JSON.parse(readFileSync('clusters.json', 'utf8'));
rmSync('dist', { recursive: true, force: true });
for (const [name, replicas] of Object.entries(clusters)) {
  mkdirSync('dist/' + name, { recursive: true });
  const yaml = 'kind: Deployment\\nmetadata:\\n  name: registry\\nspec:\\n  replicas: ';
  writeFileSync('dist/' + name + '/registry.yaml', yaml + replicas + '\\n');
}
`;

function run(repo: string, args: string[]) {
  return spawnSync(tsx, [script, ...args], { cwd: repo, encoding: 'utf8' });
}

function git(repo: string, ...args: string[]): string {
  const identity = ['-c', 'user.name=test', '-c', 'user.email=test@example.com'];
  return execFileSync('git', [...identity, ...args], { cwd: repo, encoding: 'utf8' });
}

describe('npm run manifests:diff against a real git repository', () => {
  const repo = mkdtempSync(join(tmpdir(), 'traylinx-diff-repo-'));
  const committedProd = 'kind: Deployment\nmetadata:\n  name: registry\nspec:\n  replicas: 2\n';

  beforeAll(() => {
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'package.json'), '{"private":true,"scripts":{"synth":"node s.mjs"}}');
    writeFileSync(join(repo, 's.mjs'), synth);
    writeFileSync(join(repo, 'clusters.json'), '{"eks-prod":3,"gke-prod":2,"old":1}');
    execFileSync('node', ['s.mjs'], { cwd: repo });
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');

    // The "PR": gke-prod scales up, a cluster is added, one is removed; nothing committed.
    writeFileSync(join(repo, 'clusters.json'), '{"eks-prod":3,"gke-prod":3,"gke-staging":1}');

    // A symlinked node_modules is untracked but not ignored by `node_modules/`: it must be
    // linked into the synth copy, not copied as a file.
    mkdirSync(join(repo, '.modules-store'));
    writeFileSync(join(repo, '.gitignore'), '.modules-store/\n');
    symlinkSync(join(repo, '.modules-store'), join(repo, 'node_modules'));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('diffs each cluster: changed, added, removed and untouched', () => {
    const result = run(repo, ['main']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('# eks-prod: no changes');
    expect(result.stdout).toContain('# gke-prod: 1 file changed, +1 -1');
    expect(result.stdout).toMatch(/-  replicas: 2\n\+  replicas: 3/);
    expect(result.stdout).toContain('# gke-staging: 1 file changed, +5 -0');
    expect(result.stdout).toContain('# old: 1 file changed, +0 -5');
  });

  it('never writes the repository\'s own dist/', () => {
    run(repo, ['main']);
    expect(readFileSync(join(repo, 'dist/gke-prod/registry.yaml'), 'utf8')).toBe(committedProd);
    expect(git(repo, 'status', '--porcelain').split('\n')).toEqual(
      [' M clusters.json', '?? .gitignore', '?? node_modules', '']);
  });

  it('prints the PR comment body with --markdown and logs JSON lines on stderr', () => {
    const result = run(repo, ['main', '--markdown']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^<!-- traylinx:manifests-diff -->\n/);
    expect(result.stdout).toContain('- **eks-prod**: no changes');
    const events = result.stderr.trim().split('\n').map((line) => JSON.parse(line).event);
    expect(events).toContain('manifests_diff.head_synthesized');
  });

  it('rejects an unknown base ref with exit 2 and a reason, no stack trace', () => {
    const result = run(repo, ['no-such-branch']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown base ref \\"no-such-branch\\"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails with synth\'s own output when the working tree does not synthesize', () => {
    writeFileSync(join(repo, 'clusters.json'), '{not json');
    const result = run(repo, ['main']);
    writeFileSync(join(repo, 'clusters.json'), '{"eks-prod":3,"gke-prod":3,"gke-staging":1}');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/npm run synth failed.*JSON/s);
  });
});
