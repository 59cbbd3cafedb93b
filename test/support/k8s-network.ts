import type { ClusterConfig } from '../../clusters/cluster-config.ts';
import { CATALOG, SERVICE_NAMES, type Catalog } from '../../apps/catalog.ts';
import { podTemplates, type K8sObject } from './k8s-manifests.ts';

/** One allowed connection read back from a NetworkPolicy. */
export interface Edge {
  /** Policy the edge came from. */
  readonly policy: string;
  readonly direction: 'ingress' | 'egress';
  /** Far end: `svc:<name>`, `ns:<namespace>[/k=v]`, `cidr:<block> except <..>`, `pods:{..}`. */
  readonly peer: string;
  /** `TCP/8000` style ports. */
  readonly ports: readonly string[];
}

function peerKey(peer: any): string {
  if (peer.ipBlock) {
    const except = peer.ipBlock.except ? ` except ${peer.ipBlock.except.join(',')}` : '';
    return `cidr:${peer.ipBlock.cidr}${except}`;
  }
  const pods = peer.podSelector?.matchLabels ?? {};
  if (peer.namespaceSelector) {
    const ns = peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name'];
    const extra = Object.entries(pods).map(([k, v]) => `/${k}=${String(v)}`).join('');
    return `ns:${ns}${extra}`;
  }
  const name = pods['app.kubernetes.io/name'];
  const instance = pods['app.kubernetes.io/instance'];
  return name && name === instance ? `svc:${name}` : `pods:${JSON.stringify(pods)}`;
}

/** All edges of all NetworkPolicies, keyed by the policy's pod selector. */
export function readEdges(objects: K8sObject[]): Map<string, Edge[]> {
  const bySelector = new Map<string, Edge[]>();
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy') as any[]) {
    const key = peerKey({ podSelector: policy.spec.podSelector });
    const edges = bySelector.get(key) ?? [];
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of policy.spec[direction] ?? []) {
        const ports = (rule.ports ?? []).map((p: any) => `${p.protocol}/${p.port}`);
        for (const peer of rule[direction === 'ingress' ? 'from' : 'to'] ?? []) {
          edges.push({ policy: policy.metadata.name, direction, peer: peerKey(peer), ports });
        }
      }
    }
    bySelector.set(key, edges);
  }
  return bySelector;
}

const has = (edges: Edge[] | undefined, direction: string, peer: string, port: string) =>
  (edges ?? []).some((edge) =>
    edge.direction === direction && edge.peer === peer && edge.ports.includes(port));

/** Link-local DNS resolvers per cloud: GKE Cloud DNS and NodeLocal DNSCache. */
const NODE_LOCAL_DNS = {
  gke: ['169.254.169.254/32', '169.254.20.10/32'],
  eks: ['169.254.20.10/32'],
};

/** DNS works through kube-dns/CoreDNS and the node's resolvers; link-local opens only 53. */
function dnsProblems(who: string, edges: Edge[] | undefined, config: ClusterConfig): string[] {
  const problems: string[] = [];
  const resolvers = ['ns:kube-system/k8s-app=kube-dns',
    ...NODE_LOCAL_DNS[config.cloud].map((cidr) => `cidr:${cidr}`)];
  for (const resolver of resolvers) {
    for (const port of ['UDP/53', 'TCP/53']) {
      if (!has(edges, 'egress', resolver, port)) {
        problems.push(`${who} cannot resolve DNS through ${resolver} ${port}`);
      }
    }
  }
  for (const edge of edges ?? []) {
    if (edge.peer.startsWith('cidr:169.254.') && edge.ports.some((p) => !p.endsWith('/53'))) {
      problems.push(`${who} reaches ${edge.peer} on ${edge.ports.join(',')}, not only DNS`);
    }
  }
  return problems;
}

/**
 * Checks the policies against the catalog's declarations in both directions: every declared
 * flow is open on both ends, and nothing undeclared is open. Returns one line per violation.
 */
export function flowViolations(
  objects: K8sObject[],
  config: ClusterConfig,
  catalog: Catalog = CATALOG,
): string[] {
  const problems: string[] = [];
  const edges = readEdges(objects);
  const deny = objects.find((object) =>
    object.kind === 'NetworkPolicy' && object.metadata.name === 'default-deny');
  if (!deny || JSON.stringify((deny as any).spec) !==
    '{"podSelector":{},"policyTypes":["Ingress","Egress"]}') {
    problems.push('no default deny for ingress and egress');
  }

  for (const service of SERVICE_NAMES) {
    const own = edges.get(`svc:${service}`);
    const { port, calls, reaches, reachedBy } = catalog[service];
    for (const callee of calls) {
      const calleePort = `TCP/${catalog[callee as keyof Catalog].port}`;
      if (!has(own, 'egress', `svc:${callee}`, calleePort)) {
        problems.push(`${service} may not call ${callee} (egress missing)`);
      }
      if (!has(edges.get(`svc:${callee}`), 'ingress', `svc:${service}`, calleePort)) {
        problems.push(`${callee} does not admit ${service} (ingress missing)`);
      }
    }
    for (const edge of own ?? []) {
      if (!edge.peer.startsWith('svc:')) continue;
      const other = edge.peer.slice(4);
      const declared = edge.direction === 'egress'
        ? calls.includes(other)
        : catalog[other as keyof Catalog]?.calls.includes(service);
      if (!declared) problems.push(`${service} ${edge.direction} with ${other} is not declared`);
    }

    problems.push(...dnsProblems(service, own, config));
    if (!has(own, 'egress', `ns:${config.telemetry.namespace}`, `TCP/${config.telemetry.port}`)) {
      problems.push(`${service} cannot reach the telemetry collector`);
    }
    const publicHttps = (own ?? []).find((e) => e.direction === 'egress' && e.peer.startsWith(
      'cidr:0.0.0.0/0'));
    if (!publicHttps || !publicHttps.peer.includes('169.254.0.0/16') ||
      !publicHttps.peer.includes('10.0.0.0/8') || publicHttps.ports.join() !== 'TCP/443') {
      problems.push(`${service} public egress is not 443 outside private and metadata ranges`);
    }
    const settings = config.services[service];
    if ('database' in settings) {
      const db = config.databases[settings.database.instance]!;
      if (!has(own, 'egress', `cidr:${db.cidr}`, `TCP/${db.port}`)) {
        problems.push(`${service} cannot reach its database`);
      }
      const job = edges.get(`pods:${JSON.stringify({
        'app.kubernetes.io/instance': `${service}-migrate`, 'app.kubernetes.io/name': service,
      })}`);
      problems.push(...dnsProblems(`${service}-migrate`, job, config));
      if (!has(job, 'egress', `cidr:${db.cidr}`, `TCP/${db.port}`)) {
        problems.push(`${service}-migrate cannot reach its database`);
      }
      if ((job ?? []).some((e) => e.direction === 'ingress')) {
        problems.push(`${service}-migrate admits ingress`);
      }
    }

    const controller = config.ingress.flavour === 'nginx'
      ? `ns:${config.ingress.controllerNamespace}`
      : `cidr:${config.ingress.vpcCidr}`;
    const exposed = has(own, 'ingress', controller, `TCP/${port}`);
    if (exposed !== reachedBy.includes('ingress-controller')) {
      problems.push(`${service} ingress-controller access is ${exposed} against its declaration`);
    }
    const prometheus = config.prometheus.flavour === 'operator'
      ? `ns:${config.prometheus.namespace}`
      : 'ns:gmp-system';
    if (!has(own, 'ingress', prometheus, `TCP/${port}`)) {
      problems.push(`${service} cannot be scraped by Prometheus`);
    }
  }

  const solverPods = JSON.stringify({ 'acme.cert-manager.io/http01-solver': 'true' });
  const solver = edges.get(`pods:${solverPods}`);
  if (config.ingress.flavour === 'nginx' &&
    !has(solver, 'ingress', `ns:${config.ingress.controllerNamespace}`, 'TCP/8089')) {
    problems.push('the ingress controller cannot reach the HTTP-01 solver');
  }

  for (const { owner, template } of podTemplates(objects)) {
    const labels = template.metadata.labels;
    const key = labels['app.kubernetes.io/name'] === labels['app.kubernetes.io/instance']
      ? `svc:${labels['app.kubernetes.io/name']}`
      : `pods:${JSON.stringify({
        'app.kubernetes.io/instance': labels['app.kubernetes.io/instance'],
        'app.kubernetes.io/name': labels['app.kubernetes.io/name'],
      })}`;
    if (!edges.has(key)) problems.push(`${owner.kind}/${owner.metadata.name} has no policy`);
  }
  return problems;
}
