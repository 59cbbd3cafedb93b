import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { git } from './git.ts';

/**
 * Writes the dist/ committed at `commit` into `dest/dist` straight from the object database
 * (`git archive`), so no checkout, worktree or network is involved and the caller's working tree
 * is never touched. A base without dist/ (the first PR) yields an empty dist/.
 */
export function extractBaseDist(repo: string, commit: string, dest: string): void {
  mkdirSync(`${dest}/dist`, { recursive: true });
  const listing = git(['ls-tree', '--name-only', commit, '--', 'dist'], { cwd: repo });
  if (listing.trim() === '') return;

  const archive = execFileSync('git', ['archive', '--format=tar', commit, 'dist'], {
    cwd: repo,
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  execFileSync('tar', ['-x', '-C', dest], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
}
