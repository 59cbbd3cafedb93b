import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../apps/catalog.ts';
import { CLUSTERS } from '../../clusters/index.ts';
import { gkeProd } from '../../clusters/gke-prod.ts';
import { DIST_DIR, find, loadCluster, synthToTemp } from '../support/k8s-manifests.ts';
import { flowViolations, readEdges } from '../support/k8s-network.ts';
import { eksNginx } from './fixtures/eks-nginx.ts';

const fixture = synthToTemp([eksNginx]);
afterAll(() => fixture.cleanup());

const targets = [
  ...CLUSTERS.map((config) => [config.name, config, DIST_DIR] as const),
  [eksNginx.name, eksNginx, fixture.dir] as const,
];

describe('network policies read back match the declared flows', () => {
  it.each(targets)('%s', (cluster, config, dir) => {
    expect(flowViolations(loadCluster(dir, cluster), config)).toEqual([]);
  });

  it('the ALB cluster admits the VPC CIDR on public services and has no solver policy', () => {
    const objects = loadCluster(DIST_DIR, 'eks-prod');
    const router = readEdges(objects).get('svc:router') ?? [];
    expect(router).toContainEqual(expect.objectContaining({
      direction: 'ingress', peer: 'cidr:10.40.0.0/16', ports: ['TCP/8080'] }));
    expect(objects.some((o) => o.metadata.name === 'acme-http01-solver')).toBe(false);
  });
});

describe('the flow check can fail', () => {
  const load = () => loadCluster(DIST_DIR, 'gke-prod');

  it('catches a missing egress rule on the caller', () => {
    const objects = load();
    const router = find(objects, 'NetworkPolicy', 'router') as any;
    router.spec.egress = router.spec.egress.filter((rule: any) =>
      rule.to[0].podSelector?.matchLabels?.['app.kubernetes.io/name'] !== 'subscription');
    expect(flowViolations(objects, gkeProd)).toEqual(['router may not call subscription ' +
      '(egress missing)']);
  });

  it('catches an undeclared flow', () => {
    const objects = load();
    const cortex = find(objects, 'NetworkPolicy', 'cortex') as any;
    cortex.spec.egress.push({ to: [{ podSelector: { matchLabels: {
      'app.kubernetes.io/name': 'registry', 'app.kubernetes.io/instance': 'registry' } } }],
    ports: [{ protocol: 'TCP', port: 8000 }] });
    expect(flowViolations(objects, gkeProd)).toEqual([
      'cortex egress with registry is not declared',
    ]);
  });

  it('catches policies that no longer match a changed declaration', () => {
    const catalog = { ...CATALOG, cortex: { ...CATALOG.cortex, calls: ['registry'] } };
    expect(flowViolations(load(), gkeProd, catalog)).toEqual([
      'cortex may not call registry (egress missing)',
      'registry does not admit cortex (ingress missing)',
    ]);
  });

  it('catches DNS that only works with kube-dns pods (GKE Cloud DNS uses the node)', () => {
    const objects = load();
    const router = find(objects, 'NetworkPolicy', 'router') as any;
    const dns = router.spec.egress.find((rule: any) => rule.ports[0].port === 53);
    dns.to = dns.to.filter((peer: any) => peer.ipBlock?.cidr !== '169.254.169.254/32');
    expect(flowViolations(objects, gkeProd)).toEqual([
      'router cannot resolve DNS through cidr:169.254.169.254/32 UDP/53',
      'router cannot resolve DNS through cidr:169.254.169.254/32 TCP/53',
    ]);
  });

  it('catches a link-local peer opened beyond DNS (the metadata API)', () => {
    const objects = load();
    const job = find(objects, 'NetworkPolicy', 'registry-migrate') as any;
    job.spec.egress.push({ to: [{ ipBlock: { cidr: '169.254.169.254/32' } }],
      ports: [{ protocol: 'TCP', port: 80 }] });
    expect(flowViolations(objects, gkeProd)).toEqual([
      'registry-migrate reaches cidr:169.254.169.254/32 on TCP/80, not only DNS']);
  });

  it('catches a blocked HTTP-01 challenge', () => {
    const objects = load().filter((o) => o.metadata.name !== 'acme-http01-solver');
    expect(flowViolations(objects, gkeProd)).toEqual([
      'the ingress controller cannot reach the HTTP-01 solver']);
  });
});

describe('a changed declaration changes both ends of the derived policies', () => {
  it('cortex -> registry appears as egress on cortex and ingress on registry', () => {
    const catalog = { ...CATALOG, cortex: { ...CATALOG.cortex, calls: ['registry'] } };
    const out = synthToTemp([gkeProd], catalog);
    try {
      expect(flowViolations(loadCluster(out.dir, 'gke-prod'), gkeProd, catalog)).toEqual([]);
    } finally {
      out.cleanup();
    }
  });
});
