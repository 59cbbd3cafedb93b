import type { ClusterConfig, ServiceName } from '../clusters/cluster-config.ts';

/** Annotation binding a ServiceAccount to the cloud identity (GKE WI or EKS IRSA). */
export function identityAnnotations(
  config: ClusterConfig,
  who: ServiceName | 'secretStore',
): Record<string, string> {
  const identity = config.identities[who];
  return config.cloud === 'gke'
    ? { 'iam.gke.io/gcp-service-account': identity }
    : { 'eks.amazonaws.com/role-arn': identity };
}
