import { resolve } from 'node:path';
import { runSynth } from './apps/synth-cli.ts';
import { CLUSTERS } from './clusters/index.ts';

/**
 * `npm run synth`: every cluster into `dist/<cluster>/`. `TRAYLINX_DIST_DIR` redirects the output
 * (tests synthesize into a temp dir); `cdk8s synth` passes its output folder as CDK8S_OUTDIR.
 * A bad config prints one line and exits 1.
 */
const distDir = process.env.TRAYLINX_DIST_DIR ?? process.env.CDK8S_OUTDIR ?? 'dist';
process.exitCode = runSynth(CLUSTERS, resolve(distDir));
