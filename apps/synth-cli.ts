import type { ClusterConfig } from '../clusters/cluster-config.ts';
import { ClusterConfigError } from '../clusters/cluster-error.ts';
import { synthAll } from './synth-all.ts';

/** Where the CLI writes its one line per outcome. */
export interface SynthOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/**
 * The `npm run synth` command: synthesizes every cluster and returns the exit code. A bad config
 * is one line on stderr and exit code 1, never a stack trace; anything else is a bug and throws.
 */
export function runSynth(
  clusters: readonly ClusterConfig[],
  distDir: string,
  output: SynthOutput = { out: console.log, err: console.error },
): number {
  try {
    synthAll(clusters, distDir);
  } catch (error) {
    if (!(error instanceof ClusterConfigError)) throw error;
    output.err(`synth failed: ${error.message}`);
    return 1;
  }
  const names = clusters.map((config) => config.name);
  output.out(JSON.stringify({ event: 'synth.done', distDir, clusters: names }));
  return 0;
}
