import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { git } from './git.ts';

/**
 * Synthesizes the working tree into `dest/dist` without touching the repository's own dist/:
 * the tracked and untracked (not ignored) files are copied to `dest`, minus dist/, with
 * node_modules linked in, and `npm run synth` runs there. Uncommitted edits are therefore
 * included, which is what a developer previewing a change wants; in CI the tree is the PR.
 */
export function synthesizeHead(repo: string, dest: string): void {
  const listing = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repo,
  });
  // node_modules is linked below; a symlinked node_modules is not matched by `node_modules/`.
  const skipped = (file: string) =>
    file === '' || file.startsWith('dist/') || file.split('/')[0] === 'node_modules';
  const files = listing.split('\0').filter((file) => !skipped(file));

  for (const file of files) {
    const source = join(repo, file);
    // A tracked file deleted in the working tree is gone from the head too.
    if (!existsSync(source)) continue;
    const stat = lstatSync(source);
    if (stat.isDirectory()) continue;
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(source), join(dest, file));
    else copyFileSync(source, join(dest, file));
  }
  if (existsSync(join(repo, 'node_modules'))) {
    symlinkSync(join(repo, 'node_modules'), join(dest, 'node_modules'), 'dir');
  }

  try {
    execFileSync('npm', ['run', '--silent', 'synth'], {
      cwd: dest,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    const output = `${failure.stderr ?? ''}${failure.stdout ?? ''}`.trim();
    throw new Error(`npm run synth failed on the working tree:\n${output}`);
  }
  mkdirSync(join(dest, 'dist'), { recursive: true });
}
