import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../apps/catalog.ts';
import { synthAll } from '../../apps/synth-all.ts';
import { runSynth } from '../../apps/synth-cli.ts';
import { ClusterConfigError } from '../../clusters/cluster-error.ts';
import { eksProd } from '../../clusters/eks-prod.ts';
import { gkeProd } from '../../clusters/gke-prod.ts';
import { CLUSTERS } from '../../clusters/index.ts';
import { mutate } from '../support/k8s-manifests.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Synthesizes the real clusters with one replaced; returns the error message. */
function synthError(broken: typeof gkeProd, catalog = CATALOG): string {
  dir = mkdtempSync(join(tmpdir(), 'traylinx-bad-'));
  const clusters = CLUSTERS.map((c) => (c.name === broken.name ? broken : c));
  try {
    synthAll(clusters, join(dir, 'dist'), catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(ClusterConfigError);
    // Nothing is written when any config is bad.
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    return (error as Error).message;
  }
  throw new Error('synth accepted a bad config');
}

describe('a bad cluster config fails synth with one message naming cluster and field', () => {
  const cases: Array<[string, typeof gkeProd, string]> = [
    ['HPA min above max',
      mutate(eksProd, (d) => {
        d.services.router.hpa.minReplicas = 6;
        d.services.router.hpa.maxReplicas = 4;
      }),
      'eks-prod: services.router.hpa.minReplicas (6) is above maxReplicas (4)'],
    ['pool budget over the limit',
      mutate(gkeProd, (d) => { d.services.registry.database.poolSize = 50; }),
      'gke-prod: databases.main.maxConnections (200, 10 reserved) is below the peak of 246 ' +
        'connections ((max replicas + surge) x poolSize + migrations)'],
    ['missing domain',
      mutate(gkeProd, (d) => { d.domains.catalog = ''; }),
      'gke-prod: domains.catalog is missing'],
    ['image not pinned by digest',
      mutate(eksProd, (d) => { d.images.router = 'ghcr.io/traylinx/router:1.2.3'; }),
      'eks-prod: images.router (ghcr.io/traylinx/router:1.2.3) is not pinned by digest ' +
        '(repo@sha256:<64 hex>)'],
    ['http Sentinel',
      mutate(gkeProd, (d) => { d.sentinelBaseUrl = 'http://sentinel.traylinx.com'; }),
      'gke-prod: sentinelBaseUrl (http://sentinel.traylinx.com) must be an https URL'],
    ['Sentinel on a port the policy keeps closed',
      mutate(eksProd, (d) => { d.sentinelBaseUrl = 'https://sentinel.traylinx.com:8443'; }),
      'eks-prod: sentinelBaseUrl (https://sentinel.traylinx.com:8443) must use port 443, which ' +
        'the network policy opens'],
    ['telemetry port that is not the endpoint port',
      mutate(gkeProd, (d) => { d.telemetry.port = 4317; }),
      'gke-prod: telemetry.port (4317) differs from the endpoint\'s port (4318)'],
    ['telemetry endpoint outside telemetry.namespace',
      mutate(gkeProd, (d) => { d.telemetry.namespace = 'monitoring'; }),
      'gke-prod: telemetry.endpoint ' +
        '(http://otel-collector.observability.svc.cluster.local:4318) is not a Service in ' +
        'namespace monitoring (telemetry.namespace)'],
    ['limits differ from requests on Autopilot',
      mutate(gkeProd, (d) => { d.services.cortex.resources.limits.cpu = '2'; }),
      'gke-prod: services.cortex.resources.limits.cpu (2) must equal requests (1) on GKE ' +
        'Autopilot, which rewrites it otherwise'],
    ['non-canonical quantity',
      mutate(eksProd, (d) => { d.services.router.resources.requests.cpu = '0.5'; }),
      'eks-prod: services.router.resources.requests.cpu (0.5) is not a canonical quantity'],
    ['unknown database instance',
      mutate(eksProd, (d) => { d.services.cortex.database.instance = 'analytics'; }),
      'eks-prod: services.cortex.database.instance (analytics) is not a key of databases'],
    ['identity of the wrong cloud',
      mutate(eksProd, (d) => { d.identities.router = 'router@proj-123.iam.gserviceaccount.com'; }),
      'eks-prod: identities.router (router@proj-123.iam.gserviceaccount.com) is not an IAM ' +
        'role ARN'],
    ['ALB on GKE',
      mutate(gkeProd, (d) => {
        d.ingress = { flavour: 'alb', certificateArn: eksProd.ingress.flavour === 'alb'
          ? eksProd.ingress.certificateArn : '', vpcCidr: '10.0.0.0/16' };
      }),
      'gke-prod: ingress.flavour (alb) needs cloud eks'],
    ['agent user id that is not a UUID',
      mutate(gkeProd, (d) => { d.services.router.agentUserId = 'agent-router-prod'; }),
      'gke-prod: services.router.agentUserId (agent-router-prod) is not a lower-case UUID ' +
        '(Sentinel agent user id)'],
    ['two services acting as one agent user',
      mutate(eksProd, (d) => {
        d.services.cortex.agentUserId = eksProd.services.registry.agentUserId;
      }),
      `eks-prod: services.cortex.agentUserId (${eksProd.services.registry.agentUserId}) is ` +
        'already the agent user of registry'],
    ['router upstream identity equal to the one it forwards to agents',
      mutate(gkeProd, (d) => {
        d.services.router.upstreamAgentUserId = gkeProd.services.router.agentUserId;
      }),
      `gke-prod: services.router.upstreamAgentUserId (${gkeProd.services.router.agentUserId}) ` +
        'is already the agent user of router'],
    ['router upstream identity shared with another service',
      mutate(eksProd, (d) => {
        d.services.router.upstreamAgentUserId = eksProd.services.cortex.agentUserId;
      }),
      `eks-prod: services.router.upstreamAgentUserId (${eksProd.services.cortex.agentUserId}) ` +
        'is already the agent user of cortex'],
    ['router upstream identity that is not a UUID',
      mutate(gkeProd, (d) => { d.services.router.upstreamAgentUserId = 'router-upstream'; }),
      'gke-prod: services.router.upstreamAgentUserId (router-upstream) is not a lower-case ' +
        'UUID (Sentinel agent user id)'],
    ['router upstream identity missing',
      mutate(eksProd, (d) => { delete d.services.router.upstreamAgentUserId; }),
      'eks-prod: services.router.upstreamAgentUserId is missing (undefined)'],
    ['registry outside 2-3 replicas',
      mutate(eksProd, (d) => { d.services.registry.replicas = 1; }),
      'eks-prod: services.registry.replicas (1) must be 2 or 3 (HA)'],
    ['subscription not at 2 replicas',
      mutate(gkeProd, (d) => { d.services.subscription.replicas = 3; }),
      'gke-prod: services.subscription.replicas (3) must be 2'],
    ['a router that may scale to one pod',
      mutate(eksProd, (d) => { d.services.router.hpa.minReplicas = 1; }),
      'eks-prod: services.router.hpa.minReplicas (1) must be at least 2 (HA)'],
    ['memory per CPU Autopilot would rewrite',
      mutate(gkeProd, (d) => {
        d.services.cortex.resources.requests.memory = '8Gi';
        d.services.cortex.resources.limits.memory = '8Gi';
      }),
      'gke-prod: services.cortex.resources.requests.memory (8Gi for 1 CPU) is outside 1-6.5 GiB ' +
        'per CPU, which GKE Autopilot rewrites'],
    ['zero surge with maxUnavailable 0',
      mutate(eksProd, (d) => { d.services.registry.maxSurge = 0; }),
      'eks-prod: services.registry.maxSurge (0) must be an integer >= 1 (maxUnavailable is 0, ' +
        'so a rollout needs surge)'],
  ];

  it.each(cases)('%s', (_, broken, message) => {
    expect(synthError(broken)).toBe(message);
  });

  it('a copied cluster file that keeps its source name', () => {
    dir = mkdtempSync(join(tmpdir(), 'traylinx-bad-'));
    const copy = mutate(eksProd, (d) => { d.domains.router = 'a2a.eu.traylinx.com'; });
    expect(() => synthAll([...CLUSTERS, copy], join(dir, 'dist')))
      .toThrow(new ClusterConfigError('eks-prod', 'name', 'is used by two clusters'));
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('an unknown service in a flow', () => {
    const catalog = {
      ...CATALOG,
      router: { ...CATALOG.router, calls: ['registry', 'billing'] },
    };
    expect(synthError(gkeProd, catalog)).toBe(
      'gke-prod: apps.router.calls[1] (billing) is not a known service');
  });

  it('the budget counts rollout surge and migrations, not just steady replicas', () => {
    // eks-prod: registry (3+1)x10+2 + subscription (2+1)x10+2 + cortex (2+1)x10+2 = 106,
    // which fits exactly in 116 - 10 reserved.
    const tight = mutate(eksProd, (d) => { d.databases.main.maxConnections = 116; });
    expect(() => synthAll([tight], (dir = mkdtempSync(join(tmpdir(), 'ok-'))))).not.toThrow();
    const over = mutate(eksProd, (d) => { d.databases.main.maxConnections = 116;
      d.services.cortex.maxSurge = 2; });
    expect(synthError(over)).toMatch(/^eks-prod: databases.main.maxConnections .* peak of 116 /);
  });

  it('the command prints the one line on stderr and exits 1, without a stack trace', () => {
    dir = mkdtempSync(join(tmpdir(), 'traylinx-cli-'));
    const lines: string[] = [];
    const broken = mutate(gkeProd, (d) => { d.domains.router = ''; });
    const code = runSynth([broken], join(dir, 'dist'), {
      out: (line) => lines.push(`out ${line}`),
      err: (line) => lines.push(`err ${line}`),
    });
    expect(code).toBe(1);
    expect(lines).toEqual(['err synth failed: gke-prod: domains.router is missing']);
  });
});
