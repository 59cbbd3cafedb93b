import type { ClusterConfig } from './cluster-config.ts';

/** Staging on GKE Autopilot: one region, fewer and smaller pods, Let's Encrypt staging. */
export const gkeStaging: ClusterConfig = {
  name: 'gke-staging',
  cloud: 'gke',
  autopilot: true,
  region: 'europe-west1',
  domains: { router: 'a2a.staging.traylinx.com', catalog: 'catalog.staging.traylinx.com' },
  images: {
    registry: 'europe-west1-docker.pkg.dev/traylinx-staging/core/registry@sha256:' +
      '28ac04d424bb8288c7505b5428e157f73818fc3d7c4d4e7f054381a386a929f3',
    router: 'europe-west1-docker.pkg.dev/traylinx-staging/core/router@sha256:' +
      '8886d65dca510022b9159a69abad65cd1cfae5537c197bd3a82102177c637036',
    subscription: 'europe-west1-docker.pkg.dev/traylinx-staging/core/subscription@sha256:' +
      'b07854822f9a71fe94da4e0fd8c2dea0b7c804a391112ac3ae5f0cf925027ca5',
    cortex: 'europe-west1-docker.pkg.dev/traylinx-staging/core/cortex@sha256:' +
      '39b8e4c1c77ee6df38d09518d2a554e5eea10a3e95425089da14bf4887dd6d8e',
  },
  logLevel: 'debug',
  drainSeconds: 10,
  requestBudgetSeconds: 30,
  services: {
    registry: {
      replicas: 2,
      maxSurge: 1,
      agentUserId: '0400021b-3213-41b9-be43-7bb2178aad73',
      database: { instance: 'main', poolSize: 5 },
      resources: {
        requests: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
      },
    },
    router: {
      maxSurge: 1,
      agentUserId: 'f8b50dd5-1181-4f4f-9421-df1ec4a464f1',
      upstreamAgentUserId: '8bd8fa50-d91d-4fac-803b-f12af9f56026',
      hpa: { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70, memoryUtilization: 80 },
      resources: {
        requests: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
      },
    },
    subscription: {
      replicas: 2,
      maxSurge: 1,
      agentUserId: '421a2aeb-b4c1-4346-805e-c0ba5000fe2f',
      database: { instance: 'main', poolSize: 5 },
      resources: {
        requests: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
      },
    },
    cortex: {
      mode: 'deployment',
      replicas: 1,
      maxSurge: 1,
      agentUserId: '34802bab-e4d0-4c69-a64a-606d4d95e440',
      database: { instance: 'main', poolSize: 5 },
      resources: {
        requests: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
      },
    },
  },
  databases: {
    main: {
      host: '10.30.0.3',
      port: 5432,
      cidr: '10.30.0.0/24',
      maxConnections: 100,
      reservedConnections: 5,
    },
  },
  secretStore: {
    kind: 'SecretStore',
    name: 'gcp-secret-manager',
    refreshInterval: '15m',
    keyPrefix: 'traylinx-staging-',
    provider: 'gcp-secret-manager',
    projectId: 'traylinx-staging',
    clusterName: 'traylinx-staging',
    clusterLocation: 'europe-west1',
  },
  identities: {
    registry: 'traylinx-registry@traylinx-staging.iam.gserviceaccount.com',
    router: 'traylinx-router@traylinx-staging.iam.gserviceaccount.com',
    subscription: 'traylinx-subscription@traylinx-staging.iam.gserviceaccount.com',
    cortex: 'traylinx-cortex@traylinx-staging.iam.gserviceaccount.com',
    secretStore: 'traylinx-secrets@traylinx-staging.iam.gserviceaccount.com',
  },
  ingress: {
    flavour: 'nginx',
    controllerNamespace: 'ingress-nginx',
    acmeEmail: 'platform@traylinx.com',
    acmeServer: 'https://acme-staging-v02.api.letsencrypt.org/directory',
  },
  sentinelBaseUrl: 'https://sentinel.staging.traylinx.com',
  telemetry: {
    endpoint: 'http://otel-collector.observability.svc.cluster.local:4318',
    namespace: 'observability',
    port: 4318,
  },
  prometheus: { flavour: 'gmp' },
};
