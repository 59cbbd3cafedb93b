import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { diffDirectories } from './git.ts';

/** How one cluster's manifests changed between the base and the head. */
export interface ClusterDiff {
  cluster: string;
  /** Unified diff text with a/dist/... and b/dist/... paths; empty when nothing changed. */
  diff: string;
  files: number;
  added: number;
  removed: number;
}

function clusterDirs(dist: string): string[] {
  if (!existsSync(dist)) return [];
  return readdirSync(dist, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** Counts changed files and lines, skipping the ---/+++ file headers. */
export function diffStats(diff: string): Pick<ClusterDiff, 'files' | 'added' | 'removed'> {
  let files = 0;
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) files += 1;
    else if (line.startsWith('+++ ') || line.startsWith('--- ')) continue;
    else if (line.startsWith('+')) added += 1;
    else if (line.startsWith('-')) removed += 1;
  }
  return { files, added, removed };
}

/**
 * Diffs `root/a/dist/<cluster>` against `root/b/dist/<cluster>` for every cluster on either
 * side, sorted by name. A cluster present on one side only is diffed against an empty directory,
 * so an added or removed cluster shows every file as added or removed.
 */
export function clusterDiffs(root: string): ClusterDiff[] {
  const base = join(root, 'a', 'dist');
  const head = join(root, 'b', 'dist');
  const clusters = [...new Set([...clusterDirs(base), ...clusterDirs(head)])].sort();

  return clusters.map((cluster) => {
    mkdirSync(join(base, cluster), { recursive: true });
    mkdirSync(join(head, cluster), { recursive: true });
    const diff = diffDirectories(root, `a/dist/${cluster}`, `b/dist/${cluster}`);
    return { cluster, diff, ...diffStats(diff) };
  });
}
