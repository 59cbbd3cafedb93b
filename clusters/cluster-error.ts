/** A cluster config that cannot be synthesized; the message names cluster and field path. */
export class ClusterConfigError extends Error {
  constructor(cluster: string, field: string, problem: string) {
    super(`${cluster}: ${field} ${problem}`);
    this.name = 'ClusterConfigError';
  }
}
