import { resolve } from 'node:path';
import { synthAll } from './apps/synth-all.ts';
import { ClusterConfigError } from './clusters/cluster-error.ts';
import { CLUSTERS } from './clusters/index.ts';

/**
 * `npm run synth`: every cluster into `dist/<cluster>/`. `TRAYLINX_DIST_DIR` redirects the output
 * (tests synthesize into a temp dir). A bad config prints one line and exits 1.
 */
const distDir = resolve(process.env.TRAYLINX_DIST_DIR ?? 'dist');

try {
  synthAll(CLUSTERS, distDir);
  const clusters = CLUSTERS.map((config) => config.name);
  console.log(JSON.stringify({ event: 'synth.done', distDir, clusters }));
} catch (error) {
  if (!(error instanceof ClusterConfigError)) throw error;
  console.error(`synth failed: ${error.message}`);
  process.exitCode = 1;
}
