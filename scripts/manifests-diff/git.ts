import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';

/** A failure the user can act on; the CLI prints its message and exits with `exitCode`. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

// Personal and system git config (diff.noprefix, color.ui, external diff drivers) must not
// change the output: the diff a developer sees locally is the one CI posts.
const neutralEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** Runs git and returns stdout; throws with git's own stderr on a non-zero exit. */
export function git(args: string[], options: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: neutralEnv,
      maxBuffer: 256 * 1024 * 1024,
      ...options,
    }) as string;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`git ${args[0]} failed: ${stderr || String(error)}`);
  }
}

/**
 * `git diff --no-index` between two directories: the unified diff text, empty when they match.
 * Exit code 1 means "differences found" here, not failure.
 */
export function diffDirectories(cwd: string, from: string, to: string): string {
  const args = ['diff', '--no-index', '--no-color', '--no-ext-diff', '--no-renames',
    '--no-prefix', '--', from, to];
  try {
    execFileSync('git', args, { cwd, env: neutralEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    return '';
  } catch (error) {
    const failure = error as { status?: number; stdout?: Buffer; stderr?: Buffer };
    if (failure.status === 1) return String(failure.stdout ?? '');
    throw new Error(`git diff failed: ${String(failure.stderr ?? error).trim()}`);
  }
}

/** The repository the command runs in, or a clear error outside one. */
export function repositoryRoot(cwd = process.cwd()): string {
  try {
    return git(['rev-parse', '--show-toplevel'], { cwd }).trim();
  } catch {
    throw new UsageError(`${cwd} is not inside a git work tree`);
  }
}

/** The commit a ref names, or a UsageError saying the ref is unknown (e.g. not fetched). */
export function resolveCommit(repo: string, ref: string): string {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo }).trim();
  } catch {
    throw new UsageError(`unknown base ref "${ref}": fetch it first (git fetch origin main)`);
  }
}
