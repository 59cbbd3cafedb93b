import { flag, number, object, optional, record, text, variant, type Shape } from './shape.ts';

const sizes = object({ cpu: text, memory: text, ephemeralStorage: text });
const resources = object({ requests: sizes, limits: sizes });
const database = object({ instance: text, poolSize: number });
const common = { resources, maxSurge: number, agentUserId: text };

/** The shape of `ClusterConfig` (clusters/cluster-config.ts); keep both in step. */
export const CLUSTER_SHAPE: Shape = object({
  name: text,
  cloud: text,
  autopilot: flag,
  region: text,
  domains: object({ router: text, catalog: text }),
  images: object({ registry: text, router: text, subscription: text, cortex: text }),
  logLevel: text,
  drainSeconds: number,
  requestBudgetSeconds: number,
  services: object({
    registry: object({ ...common, replicas: number, database }),
    subscription: object({ ...common, replicas: number, database }),
    router: object({
      ...common,
      upstreamAgentUserId: text,
      hpa: object({
        minReplicas: number,
        maxReplicas: number,
        cpuUtilization: number,
        memoryUtilization: number,
      }),
    }),
    cortex: variant('mode', { ...common, database }, {
      deployment: { replicas: number },
      // Absence gets its own, longer explanation from the semantic check.
      statefulset: { storage: optional(object({ size: text, storageClassName: text })) },
    }),
  }),
  databases: record(object({
    host: text,
    port: number,
    cidr: text,
    maxConnections: number,
    reservedConnections: number,
  }), true),
  secretStore: variant('provider', {
    kind: text,
    name: text,
    refreshInterval: text,
    keyPrefix: text,
  }, {
    'gcp-secret-manager': { projectId: text, clusterName: text, clusterLocation: text },
    'aws-secrets-manager': { region: text },
  }),
  identities: object({
    registry: text,
    router: text,
    subscription: text,
    cortex: text,
    secretStore: text,
  }),
  ingress: variant('flavour', {}, {
    nginx: { controllerNamespace: text, acmeEmail: text, acmeServer: text },
    alb: { certificateArn: text, vpcCidr: text },
  }),
  sentinelBaseUrl: text,
  telemetry: object({ endpoint: text, namespace: text, port: number }),
  prometheus: variant('flavour', {}, {
    operator: { namespace: text, selectorLabels: record(text, true) },
    gmp: {},
  }),
});
