/**
 * Argo CD applies lower waves first and waits for them to be healthy: namespace and secrets,
 * then the migration hooks, then workloads and what routes to them.
 */
export const WAVE = {
  namespace: '-2',
  secrets: '-1',
  migration: '0',
  workload: '1',
  routing: '2',
} as const;

/** The sync-wave annotation. */
export function syncWave(wave: (typeof WAVE)[keyof typeof WAVE]): Record<string, string> {
  return { 'argocd.argoproj.io/sync-wave': wave };
}
