import type { ClusterConfig } from './cluster-config.ts';

/** Production on EKS (us-east-1): ALB with an ACM certificate, IRSA, prometheus-operator. */
export const eksProd: ClusterConfig = {
  name: 'eks-prod',
  cloud: 'eks',
  autopilot: false,
  region: 'us-east-1',
  domains: { router: 'a2a.us.traylinx.com', catalog: 'catalog.us.traylinx.com' },
  images: {
    registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com/traylinx/registry@sha256:' +
      '28ac04d424bb8288c7505b5428e157f73818fc3d7c4d4e7f054381a386a929f3',
    router: '123456789012.dkr.ecr.us-east-1.amazonaws.com/traylinx/router@sha256:' +
      '8886d65dca510022b9159a69abad65cd1cfae5537c197bd3a82102177c637036',
    subscription: '123456789012.dkr.ecr.us-east-1.amazonaws.com/traylinx/subscription@sha256:' +
      'b07854822f9a71fe94da4e0fd8c2dea0b7c804a391112ac3ae5f0cf925027ca5',
    cortex: '123456789012.dkr.ecr.us-east-1.amazonaws.com/traylinx/cortex@sha256:' +
      '39b8e4c1c77ee6df38d09518d2a554e5eea10a3e95425089da14bf4887dd6d8e',
  },
  logLevel: 'info',
  drainSeconds: 15,
  requestBudgetSeconds: 30,
  services: {
    registry: {
      replicas: 3,
      maxSurge: 1,
      agentUserId: '16313bff-7ed4-48ee-a984-1a5062ba154b',
      database: { instance: 'main', poolSize: 10 },
      resources: {
        requests: { cpu: '250m', memory: '512Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '1', memory: '512Mi', ephemeralStorage: '1Gi' },
      },
    },
    router: {
      maxSurge: 2,
      agentUserId: 'f79233a3-fecb-4032-8171-1ff899d7cf5e',
      upstreamAgentUserId: 'f442accb-f627-4a01-b6b3-48921f41b400',
      hpa: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70, memoryUtilization: 80 },
      resources: {
        requests: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '1', memory: '512Mi', ephemeralStorage: '1Gi' },
      },
    },
    subscription: {
      replicas: 2,
      maxSurge: 1,
      agentUserId: '3c7e600d-ade5-45bd-87f2-05d0d822090a',
      database: { instance: 'main', poolSize: 10 },
      resources: {
        requests: { cpu: '250m', memory: '256Mi', ephemeralStorage: '1Gi' },
        limits: { cpu: '500m', memory: '256Mi', ephemeralStorage: '1Gi' },
      },
    },
    cortex: {
      mode: 'deployment',
      replicas: 2,
      maxSurge: 1,
      agentUserId: '44abcb46-ccf8-42cd-a0e3-b7de02cfef7a',
      database: { instance: 'main', poolSize: 10 },
      resources: {
        requests: { cpu: '500m', memory: '1Gi', ephemeralStorage: '1Gi' },
        limits: { cpu: '1', memory: '1Gi', ephemeralStorage: '1Gi' },
      },
    },
  },
  databases: {
    main: {
      host: 'traylinx-prod.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com',
      port: 5432,
      cidr: '10.40.16.0/20',
      maxConnections: 200,
      reservedConnections: 10,
    },
  },
  secretStore: {
    kind: 'SecretStore',
    name: 'aws-secrets-manager',
    refreshInterval: '1h',
    keyPrefix: 'traylinx-prod/',
    provider: 'aws-secrets-manager',
    region: 'us-east-1',
  },
  identities: {
    registry: 'arn:aws:iam::123456789012:role/traylinx-registry',
    router: 'arn:aws:iam::123456789012:role/traylinx-router',
    subscription: 'arn:aws:iam::123456789012:role/traylinx-subscription',
    cortex: 'arn:aws:iam::123456789012:role/traylinx-cortex',
    secretStore: 'arn:aws:iam::123456789012:role/traylinx-secrets-reader',
  },
  ingress: {
    flavour: 'alb',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/' +
      '0f3c2a9e-4b7d-4e1a-9c55-2d8b6f1e7a40',
    vpcCidr: '10.40.0.0/16',
  },
  sentinelBaseUrl: 'https://sentinel.traylinx.com',
  telemetry: {
    endpoint: 'http://otel-collector.observability.svc.cluster.local:4318',
    namespace: 'observability',
    port: 4318,
  },
  prometheus: {
    flavour: 'operator',
    namespace: 'monitoring',
    selectorLabels: { release: 'kube-prometheus-stack' },
  },
};
