/**
 * Per-cluster manifest diff between a base ref's committed dist/ and dist/ freshly synthesized
 * from the working tree. Offline: the base comes from git's object database, the head from a
 * synth in a temporary copy; the repository's own dist/ is never written.
 *
 *   npm run manifests:diff -- origin/main              # plain unified diff per cluster
 *   npm run manifests:diff -- origin/main --markdown   # the PR comment body CI posts
 *
 * Exit status: 0 with or without changes, 2 on bad usage or an unknown ref, 1 on other failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractBaseDist } from './manifests-diff/base-dist.ts';
import { clusterDiffs } from './manifests-diff/cluster-diffs.ts';
import { repositoryRoot, resolveCommit, UsageError } from './manifests-diff/git.ts';
import { synthesizeHead } from './manifests-diff/head-dist.ts';
import { logEvent } from './manifests-diff/log.ts';
import { renderComment, renderPlain } from './manifests-diff/markdown.ts';

const usage = 'usage: npm run manifests:diff -- BASE_REF [--markdown]';

function main(argv: string[]): void {
  const options = {
    markdown: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const [baseRef, ...extra] = positionals;
  if (baseRef === undefined || extra.length > 0) throw new UsageError(usage);

  const repo = repositoryRoot();
  const commit = resolveCommit(repo, baseRef);
  const base = `\`${baseRef}\` (${commit.slice(0, 12)})`;
  const scratch = mkdtempSync(join(tmpdir(), 'traylinx-manifests-diff-'));

  try {
    extractBaseDist(repo, commit, join(scratch, 'a'));
    logEvent('manifests_diff.base_read', { ref: baseRef, commit });

    synthesizeHead(repo, join(scratch, 'b'));
    logEvent('manifests_diff.head_synthesized', { repo });

    const diffs = clusterDiffs(scratch);
    for (const { cluster, files, added, removed } of diffs) {
      logEvent('manifests_diff.cluster', { cluster, files, added, removed });
    }

    const reproduce = `npm run manifests:diff -- ${baseRef}`;
    process.stdout.write(values.markdown
      ? renderComment(diffs, { base, reproduce })
      : renderPlain(diffs, `${baseRef} (${commit.slice(0, 12)})`));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  logEvent('manifests_diff.failed', { message });
  process.exitCode = error instanceof UsageError ? error.exitCode : 1;
}
