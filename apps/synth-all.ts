import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterConfig } from '../clusters/cluster-config.ts';
import { ClusterConfigError } from '../clusters/cluster-error.ts';
import { validateCluster } from '../clusters/validate.ts';
import { CATALOG, type Catalog } from './catalog.ts';
import { clusterApp } from './cluster-app.ts';

/**
 * Writes `<distDir>/<cluster>/` for every cluster. All configs are validated before anything is
 * touched; each cluster's folder is emptied first, and folders of removed clusters are deleted.
 */
export function synthAll(
  clusters: readonly ClusterConfig[],
  distDir: string,
  catalog: Catalog = CATALOG,
): void {
  for (const config of clusters) validateCluster(config, catalog);
  const names = new Set<string>();
  for (const { name } of clusters) {
    // A copied cluster file that keeps its source's name would overwrite that cluster's dist/.
    if (names.has(name)) throw new ClusterConfigError(name, 'name', 'is used by two clusters');
    names.add(name);
  }

  mkdirSync(distDir, { recursive: true });
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !names.has(entry.name)) {
      rmSync(join(distDir, entry.name), { recursive: true, force: true });
    }
  }

  for (const config of clusters) {
    const outdir = join(distDir, config.name);
    rmSync(outdir, { recursive: true, force: true });
    clusterApp(config, outdir, catalog).synth();
  }
}
