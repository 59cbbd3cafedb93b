import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The parameters Argo CD's Git directories generator gives one matched directory. */
export interface DirectoryParams {
  path: { path: string; basename: string; segments: string[] };
}

/**
 * The directories a Git directories generator path like `dist/*` matches in a checkout. Only
 * literal segments and a whole-segment `*` are supported; anything else throws so the test
 * cannot silently match nothing. Like Argo CD, hidden directories are skipped.
 */
export function matchDirectories(root: string, pattern: string): DirectoryParams[] {
  let matches = [''];
  for (const segment of pattern.split('/')) {
    if (segment !== '*' && /[*?[\]{}]/.test(segment)) {
      throw new Error(`unsupported glob segment "${segment}" in ${pattern}`);
    }
    matches = matches.flatMap((dir) => {
      const entries = readdirSync(join(root, dir), { withFileTypes: true });
      return entries
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .filter((entry) => segment === '*' || entry.name === segment)
        .map((entry) => (dir === '' ? entry.name : `${dir}/${entry.name}`));
    });
  }
  return matches.sort().map((path) => ({
    path: { path, basename: basename(path), segments: path.split('/') },
  }));
}
