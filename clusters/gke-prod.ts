import type { ClusterConfig } from './cluster-config.ts';

/** Production on GKE Autopilot (europe-west1): limits equal requests, Managed Prometheus. */
export const gkeProd: ClusterConfig = {
  name: 'gke-prod',
  cloud: 'gke',
  autopilot: true,
  region: 'europe-west1',
  domains: { router: 'a2a.traylinx.com', catalog: 'catalog.traylinx.com' },
  images: {
    registry: 'europe-west1-docker.pkg.dev/traylinx-prod/core/registry@sha256:' +
      '28ac04d424bb8288c7505b5428e157f73818fc3d7c4d4e7f054381a386a929f3',
    router: 'europe-west1-docker.pkg.dev/traylinx-prod/core/router@sha256:' +
      '8886d65dca510022b9159a69abad65cd1cfae5537c197bd3a82102177c637036',
    subscription: 'europe-west1-docker.pkg.dev/traylinx-prod/core/subscription@sha256:' +
      'b07854822f9a71fe94da4e0fd8c2dea0b7c804a391112ac3ae5f0cf925027ca5',
    cortex: 'europe-west1-docker.pkg.dev/traylinx-prod/core/cortex@sha256:' +
      '39b8e4c1c77ee6df38d09518d2a554e5eea10a3e95425089da14bf4887dd6d8e',
  },
  logLevel: 'info',
  drainSeconds: 15,
  requestBudgetSeconds: 30,
  services: {
    registry: {
      replicas: 3,
      maxSurge: 1,
      agentUserId: '2bd3b3f9-8201-41c9-8c7d-6e277dfda92c',
      database: { instance: 'main', poolSize: 10 },
      resources: {
        requests: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
      },
    },
    router: {
      maxSurge: 2,
      agentUserId: 'c262b2ae-cb83-4994-9bc9-970d667da09c',
      upstreamAgentUserId: '2d1a2a2f-4379-4a82-9dac-de917be7e91b',
      hpa: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70, memoryUtilization: 80 },
      resources: {
        requests: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
      },
    },
    subscription: {
      replicas: 2,
      maxSurge: 1,
      agentUserId: '691e9df2-6877-4369-b427-d569b1bd0cb3',
      database: { instance: 'main', poolSize: 10 },
      resources: {
        requests: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
      },
    },
    cortex: {
      mode: 'statefulset',
      storage: { size: '20Gi', storageClassName: 'standard-rwo' },
      maxSurge: 1,
      agentUserId: 'ac0cc34f-0a73-4d80-a909-78a49adf0408',
      database: { instance: 'main', poolSize: 10 },
      resources: {
        requests: { cpu: '1', memory: '1Gi', ephemeralStorage: '1Gi' },
        limits: { cpu: '1', memory: '1Gi', ephemeralStorage: '1Gi' },
      },
    },
  },
  databases: {
    main: {
      host: '10.20.0.3',
      port: 5432,
      cidr: '10.20.0.0/24',
      maxConnections: 200,
      reservedConnections: 10,
    },
  },
  secretStore: {
    kind: 'SecretStore',
    name: 'gcp-secret-manager',
    refreshInterval: '1h',
    keyPrefix: 'traylinx-prod-',
    provider: 'gcp-secret-manager',
    projectId: 'traylinx-prod',
    clusterName: 'traylinx-prod',
    clusterLocation: 'europe-west1',
  },
  identities: {
    registry: 'traylinx-registry@traylinx-prod.iam.gserviceaccount.com',
    router: 'traylinx-router@traylinx-prod.iam.gserviceaccount.com',
    subscription: 'traylinx-subscription@traylinx-prod.iam.gserviceaccount.com',
    cortex: 'traylinx-cortex@traylinx-prod.iam.gserviceaccount.com',
    secretStore: 'traylinx-secrets@traylinx-prod.iam.gserviceaccount.com',
  },
  ingress: {
    flavour: 'nginx',
    controllerNamespace: 'ingress-nginx',
    acmeEmail: 'platform@traylinx.com',
    acmeServer: 'https://acme-v02.api.letsencrypt.org/directory',
  },
  sentinelBaseUrl: 'https://sentinel.traylinx.com',
  telemetry: {
    endpoint: 'http://otel-collector.observability.svc.cluster.local:4318',
    namespace: 'observability',
    port: 4318,
  },
  prometheus: { flavour: 'gmp' },
};
