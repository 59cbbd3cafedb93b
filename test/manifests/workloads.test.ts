import { afterAll, describe, expect, it } from 'vitest';
import { gkeProd } from '../../clusters/gke-prod.ts';
import { DIST_DIR, find, loadCluster, mutate, synthToTemp } from '../support/k8s-manifests.ts';

const gke = loadCluster(DIST_DIR, 'gke-prod');
const eks = loadCluster(DIST_DIR, 'eks-prod');
const spec = (objects: typeof gke, kind: string, name: string): any =>
  find(objects, kind, name).spec;

describe('router scaling', () => {
  it('scales on CPU and memory with a calm scale-down, and the Deployment has no replicas', () => {
    const hpa = spec(gke, 'HorizontalPodAutoscaler', 'router');
    expect(find(gke, 'HorizontalPodAutoscaler', 'router').apiVersion).toBe('autoscaling/v2');
    expect(hpa.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment',
      name: 'router' });
    expect(hpa.metrics.map((m: any) => m.resource.name)).toEqual(['cpu', 'memory']);
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([3, 12]);
    expect(hpa.behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThan(0);
    expect(spec(gke, 'Deployment', 'router')).not.toHaveProperty('replicas');
  });
});

describe('cortex mode is a per-cluster choice', () => {
  it('statefulset on gke-prod: one replica, headless Service, complete claim template', () => {
    const set = spec(gke, 'StatefulSet', 'cortex');
    expect(set.replicas).toBe(1);
    expect(set.serviceName).toBe('cortex-headless');
    expect(spec(gke, 'Service', 'cortex-headless').clusterIP).toBe('None');
    expect(set.volumeClaimTemplates).toEqual([{
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'cortex',
        'app.kubernetes.io/instance': 'cortex' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } },
        storageClassName: 'standard-rwo', volumeMode: 'Filesystem' },
    }]);
    expect(set.template.spec.containers[0].volumeMounts).toContainEqual(
      { name: 'data', mountPath: '/var/lib/cortex' });
    expect(gke.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'cortex'))
      .toBe(false);
  });

  it('deployment on eks-prod: replicas from config, a PDB, no headless Service', () => {
    expect(spec(eks, 'Deployment', 'cortex').replicas).toBe(2);
    expect(spec(eks, 'PodDisruptionBudget', 'cortex')).toMatchObject(
      { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(eks.some((o) => o.metadata.name === 'cortex-headless')).toBe(false);
  });

});

describe('service contract', () => {
  const env = (objects: typeof gke, kind: string, name: string) =>
    Object.fromEntries(spec(objects, kind, name).template.spec.containers[0].env
      .map((e: any) => [e.name, e.value ?? `secret:${e.valueFrom.secretKeyRef.name}`]));

  it('gives each service its port, Sentinel, telemetry and drain settings', () => {
    expect(env(gke, 'Deployment', 'registry')).toEqual({
      NODE_ENV: 'production',
      HOME: '/tmp',
      PORT: '8000',
      LOG_LEVEL: 'info',
      DRAIN_SECONDS: '15',
      DATABASE_URL: 'secret:registry-database',
      DATABASE_POOL_MAX: '10',
      TRAYLINX_API_BASE_URL: 'https://sentinel.traylinx.com',
      TRAYLINX_CLIENT_ID: 'secret:registry-sentinel',
      TRAYLINX_CLIENT_SECRET: 'secret:registry-sentinel',
      TRAYLINX_AGENT_USER_ID: '2bd3b3f9-8201-41c9-8c7d-6e277dfda92c',
      OTEL_SERVICE_NAME: 'registry',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability.svc.cluster.local:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_RESOURCE_ATTRIBUTES: 'k8s.cluster.name=gke-prod,k8s.namespace.name=traylinx',
      STATS_REPORTER_AGENT_USER_IDS: '2d1a2a2f-4379-4a82-9dac-de917be7e91b',
      ROUTER_AGENT_USER_IDS: 'c262b2ae-cb83-4994-9bc9-970d667da09c',
    });
  });

  it('names both router identities to the registry and the subscription service only', () => {
    for (const objects of [gke, eks]) {
      const routerEnv = env(objects, 'Deployment', 'router');
      const router = routerEnv.TRAYLINX_AGENT_USER_ID;
      const upstream = routerEnv.TRAYLINX_UPSTREAM_AGENT_USER_ID;
      expect(upstream).toMatch(/^[0-9a-f-]{36}$/);
      expect(upstream).not.toBe(router);
      expect(routerEnv.TRAYLINX_UPSTREAM_CLIENT_ID).toBe('secret:router-sentinel');
      expect(routerEnv.TRAYLINX_UPSTREAM_CLIENT_SECRET).toBe('secret:router-sentinel');

      // Only the identity never forwarded to agents may report stats.
      const registry = env(objects, 'Deployment', 'registry');
      expect(registry.STATS_REPORTER_AGENT_USER_IDS).toBe(upstream);
      expect(registry.ROUTER_AGENT_USER_IDS).toBe(router);
      expect(env(objects, 'Deployment', 'subscription').ROUTER_AGENT_USER_IDS)
        .toBe(`${router},${upstream}`);
      expect(routerEnv).not.toHaveProperty('ROUTER_AGENT_USER_IDS');
    }
    const cortex = spec(eks, 'Deployment', 'cortex').template.spec.containers[0].env
      .map((e: any) => e.name);
    expect(cortex).not.toContain('STATS_REPORTER_AGENT_USER_IDS');
  });

  it('points the router at registry and subscription and gives it no database', () => {
    const router = env(eks, 'Deployment', 'router');
    expect(router.REGISTRY_URL).toBe('http://registry.traylinx.svc.cluster.local:8000');
    expect(router.SUBSCRIPTION_URL).toBe('http://subscription.traylinx.svc.cluster.local:8001');
    expect(router.PORT).toBe('8080');
    expect(router).not.toHaveProperty('DATABASE_URL');
  });

  it('migrates with the same image and secret, after secrets and before workloads', () => {
    const job = find(eks, 'Job', 'subscription-migrate') as any;
    const container = job.spec.template.spec.containers[0];
    expect(container.command).toEqual(['node_modules/.bin/prisma', 'migrate', 'deploy',
      '--config', 'services/subscription/prisma.config.ts']);
    expect(container.image).toBe(spec(eks, 'Deployment', 'subscription').template.spec
      .containers[0].image);
    expect(env(eks, 'Job', 'subscription-migrate')).toEqual({ HOME: '/tmp',
      CHECKPOINT_DISABLE: '1', DATABASE_URL: 'secret:subscription-database' });
    expect(eks.filter((o) => o.kind === 'Job').map((o) => o.metadata.name).sort())
      .toEqual(['cortex-migrate', 'registry-migrate', 'subscription-migrate']);
  });
});

describe('cloud specifics', () => {
  it('binds ServiceAccounts to GKE Workload Identity or EKS IRSA', () => {
    expect(find(gke, 'ServiceAccount', 'router').metadata.annotations).toMatchObject({
      'iam.gke.io/gcp-service-account': 'traylinx-router@traylinx-prod.iam.gserviceaccount.com' });
    expect(find(eks, 'ServiceAccount', 'router').metadata.annotations).toMatchObject({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/traylinx-router' });
  });

  it('reads secrets from GCP Secret Manager or AWS Secrets Manager', () => {
    const gcp = spec(gke, 'SecretStore', 'gcp-secret-manager').provider;
    expect(Object.keys(gcp)).toEqual(['gcpsm']);
    expect(spec(eks, 'SecretStore', 'aws-secrets-manager').provider.aws.service)
      .toBe('SecretsManager');
    expect(spec(eks, 'ExternalSecret', 'cortex-database').data[0].remoteRef.key)
      .toBe('traylinx-prod/cortex-database-url');
  });

  it('nginx: cert-manager issues TLS and nothing forces the ACME path to https', () => {
    const ingress = find(gke, 'Ingress', 'router-public') as any;
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(ingress.spec.tls).toEqual([{ hosts: ['a2a.traylinx.com'],
      secretName: 'router-public-tls' }]);
    expect(JSON.stringify(ingress.metadata.annotations)).not.toMatch(/force-ssl-redirect/);
    expect(spec(gke, 'ClusterIssuer', 'letsencrypt').acme.solvers)
      .toEqual([{ http01: { ingress: { class: 'nginx' } } }]);
  });

  it('alb: ACM certificate, HTTPS with redirect, ip targets, readiness gates', () => {
    const ingress = find(eks, 'Ingress', 'registry-public') as any;
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.spec.rules[0].http.paths[0].path).toBe('/catalog');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/certificate-arn': expect.stringMatching(/^arn:aws:acm:/),
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/healthcheck-path': '/ready',
      // eks-prod: drain 15 s + request budget 30 s.
      'alb.ingress.kubernetes.io/target-group-attributes':
        'deregistration_delay.timeout_seconds=45',
    });
    expect(ingress.spec).not.toHaveProperty('tls');
    expect(find(eks, 'Namespace', 'traylinx').metadata.labels)
      .toMatchObject({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
    expect(eks.some((o) => o.kind === 'ClusterIssuer')).toBe(false);
  });

  it('scrapes with ServiceMonitor on prometheus-operator and PodMonitoring on GMP', () => {
    expect(find(eks, 'ServiceMonitor', 'router').metadata.labels)
      .toMatchObject({ release: 'kube-prometheus-stack' });
    expect(spec(gke, 'PodMonitoring', 'router').endpoints[0]).toMatchObject(
      { port: 'http', path: '/metrics' });
  });
});
