/**
 * Whether a kind is cluster-scoped or namespaced. There is no API server here to ask
 * (`kubectl api-resources` needs one), so the scopes of the kinds we may plausibly ship are
 * listed. A kind in dist/ that is in neither list fails the tests with a message to add it, rather
 * than being guessed.
 */
export type Scope = 'Cluster' | 'Namespaced';

const clusterScoped = [
  '/Namespace',
  '/PersistentVolume',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass',
  'scheduling.k8s.io/PriorityClass',
  'networking.k8s.io/IngressClass',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'cert-manager.io/ClusterIssuer',
  'external-secrets.io/ClusterSecretStore',
  'external-secrets.io/ClusterExternalSecret',
  'elbv2.k8s.aws/IngressClassParams',
  'monitoring.googleapis.com/ClusterPodMonitoring',
];

const namespaced = [
  '/ConfigMap',
  '/LimitRange',
  '/PersistentVolumeClaim',
  '/ResourceQuota',
  '/Secret',
  '/Service',
  '/ServiceAccount',
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'batch/Job',
  'batch/CronJob',
  'autoscaling/HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget',
  'networking.k8s.io/Ingress',
  'networking.k8s.io/NetworkPolicy',
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/RoleBinding',
  'cert-manager.io/Certificate',
  'cert-manager.io/Issuer',
  'external-secrets.io/ExternalSecret',
  'external-secrets.io/SecretStore',
  'monitoring.coreos.com/ServiceMonitor',
  'monitoring.coreos.com/PodMonitor',
  'monitoring.coreos.com/PrometheusRule',
  'monitoring.googleapis.com/PodMonitoring',
  'cloud.google.com/BackendConfig',
  'networking.gke.io/FrontendConfig',
  'networking.gke.io/ManagedCertificate',
  'elbv2.k8s.aws/TargetGroupBinding',
];

/** The API group of an apiVersion: "apps/v1" -> "apps", core "v1" -> "". */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
}

/** "group/Kind", the key Argo CD's whitelists match on (the version plays no part). */
export function groupKind(apiVersion: string, kind: string): string {
  return `${groupOf(apiVersion)}/${kind}`;
}

/** The scope of a group/kind key; throws for a kind this table does not know yet. */
export function scopeOf(key: string): Scope {
  if (clusterScoped.includes(key)) return 'Cluster';
  if (namespaced.includes(key)) return 'Namespaced';
  throw new Error(`unknown kind ${key}: add its scope to test/argocd/kind-scope.ts`);
}
