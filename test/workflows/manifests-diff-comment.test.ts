import { describe, expect, it } from 'vitest';
import { diffStats, type ClusterDiff } from '../../scripts/manifests-diff/cluster-diffs.ts';
import {
  commentMarker,
  githubCommentLimit,
  renderComment,
} from '../../scripts/manifests-diff/markdown.ts';

const options = { base: '`origin/main` (1a2b3c4d5e6f)', reproduce: 'npm run manifests:diff' };

function clusterDiff(cluster: string, changedLines: number, width = 40, fill = 'x'): ClusterDiff {
  if (changedLines === 0) return { cluster, diff: '', files: 0, added: 0, removed: 0 };
  const header = [
    `diff --git a/dist/${cluster}/router.yaml b/dist/${cluster}/router.yaml`,
    `--- a/dist/${cluster}/router.yaml`,
    `+++ b/dist/${cluster}/router.yaml`,
    '@@ -1 +1 @@',
  ];
  const body = Array.from({ length: changedLines }, (_, line) =>
    `+${`line ${line} `.padEnd(width, fill)}`);
  const diff = `${[...header, ...body].join('\n')}\n`;
  return { cluster, diff, ...diffStats(diff) };
}

describe('the manifest diff PR comment', () => {
  it('starts with the sticky marker and says "no changes" for untouched clusters', () => {
    const body = renderComment([clusterDiff('eks-prod', 0), clusterDiff('gke-prod', 0)], options);
    expect(body.startsWith(`${commentMarker}\n`)).toBe(true);
    expect(body).toContain('- **eks-prod**: no changes');
    expect(body).toContain('- **gke-prod**: no changes');
    expect(body).not.toContain('<details>');
  });

  it('gives each changed cluster one collapsible section with its stats', () => {
    const body = renderComment([clusterDiff('eks-prod', 0), clusterDiff('gke-prod', 2)], options);
    expect(body.match(/<details>/g)).toHaveLength(1);
    expect(body).toContain('<summary><b>gke-prod</b>: 1 file changed, +2 −0</summary>');
    expect(body).toContain('```diff\ndiff --git a/dist/gke-prod/router.yaml');
    expect(body).not.toContain('Truncated');
  });

  it('stays under GitHub\'s comment limit however large the diffs, cutting whole lines', () => {
    const diffs = [
      clusterDiff('eks-prod', 40_000),
      clusterDiff('gke-prod', 30_000),
      clusterDiff('gke-staging', 3),
    ];
    const body = renderComment(diffs, options);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(60_000);
    expect(body.length).toBeLessThan(githubCommentLimit);
    expect(body.length).toBeGreaterThan(50_000);
    expect(body.match(/_Truncated: \d+ of \d+ lines shown/g)).toHaveLength(2);

    // The small cluster is shown in full; the big ones end on a complete line.
    const staging = body.slice(body.indexOf('<b>gke-staging</b>'));
    expect(staging.slice(0, staging.indexOf('</details>'))).not.toContain('Truncated');
    for (const cut of body.matchAll(/\n(.*)\n```\n\n_Truncated/g)) {
      expect(cut[1]).toMatch(/^\+line \d+ x+$/);
    }
  });

  it('counts bytes, so multi-byte text cannot push it over GitHub\'s or the env limit', () => {
    const body = renderComment([clusterDiff('gke-prod', 20_000, 40, 'é€😀')], options);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(60_000);
    expect(Buffer.byteLength(body)).toBeGreaterThan(55_000);
    expect(body).toMatch(/_Truncated: \d+ of 20004 lines shown/);
  });

  it('honours a smaller limit and refuses one the framing cannot fit', () => {
    const diffs = [clusterDiff('gke-prod', 500)];
    expect(renderComment(diffs, { ...options, limit: 2_000 }).length).toBeLessThanOrEqual(2_000);
    expect(() => renderComment(diffs, { ...options, limit: 100 })).toThrow(/exceeds/);
  });

  it('fences a diff that itself contains backticks with a longer fence', () => {
    const diff = 'diff --git a/x b/x\n+description: |\n+  ```sh\n+  npm test\n+  ```\n';
    const body = renderComment([{ cluster: 'gke-prod', diff, ...diffStats(diff) }], options);
    expect(body).toContain('````diff\n');
    expect(body).toContain('+  ```\n````');
  });
});
