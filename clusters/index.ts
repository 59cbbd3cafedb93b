import type { ClusterConfig } from './cluster-config.ts';

/**
 * Every cluster `npm run synth` writes, in this order. Adding a cluster: one new file under
 * clusters/ that exports its ClusterConfig, plus one line here.
 */
const CLUSTER_MODULES: ReadonlyArray<Promise<Readonly<Record<string, ClusterConfig>>>> = [
  import('./gke-prod.ts'),
  import('./eks-prod.ts'),
  import('./gke-staging.ts'),
];

/** The one ClusterConfig a cluster file exports; anything else is a mistake in that file. */
function onlyConfig(module: Readonly<Record<string, ClusterConfig>>): ClusterConfig {
  const configs = Object.values(module);
  if (configs.length !== 1) {
    throw new Error(`a cluster file must export exactly one ClusterConfig, not ${configs.length}`);
  }
  return configs[0]!;
}

export const CLUSTERS: readonly ClusterConfig[] = await Promise.all(
  CLUSTER_MODULES.map(async (module) => onlyConfig(await module)),
);
