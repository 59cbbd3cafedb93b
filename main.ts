import { resolve } from 'node:path';
import { runSynth } from './apps/synth-cli.ts';
import { CLUSTERS } from './clusters/index.ts';

/**
 * `npm run synth`: every cluster into `dist/<cluster>/`. `TRAYLINX_DIST_DIR` redirects the output
 * (tests synthesize into a temp dir). A bad config prints one line and exits 1.
 */
process.exitCode = runSynth(CLUSTERS, resolve(process.env.TRAYLINX_DIST_DIR ?? 'dist'));
