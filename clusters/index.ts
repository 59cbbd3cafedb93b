import type { ClusterConfig } from './cluster-config.ts';
import { eksProd } from './eks-prod.ts';
import { gkeProd } from './gke-prod.ts';
import { gkeStaging } from './gke-staging.ts';

/** Every cluster `npm run synth` writes. Adding a cluster: one file plus one line here. */
export const CLUSTERS: readonly ClusterConfig[] = [gkeProd, eksProd, gkeStaging];
