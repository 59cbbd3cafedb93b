import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { ClusterConfig } from '../clusters/cluster-config.ts';
import { CATALOG, type Catalog } from './catalog.ts';
import { derivePodGroups, type Flow, type PodGroup } from './flows.ts';
import { PLATFORM_VERSION, fullLabels, selectorLabels } from './labels.ts';
import { namespacedMetadata } from './object-metadata.ts';
import { WAVE } from './sync-waves.ts';

/** Ranges a public (443) egress rule must never reach: private, CGNAT, link-local/metadata. */
export const NON_PUBLIC_RANGES = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
];

/**
 * DNS resolvers on each node's link-local addresses, which no pod selector can match: GKE with
 * Cloud DNS points every pod's resolv.conf at the metadata server (169.254.169.254), and
 * NodeLocal DNSCache (GKE Autopilot's default, an EKS add-on) listens on 169.254.20.10. Only
 * port 53 is opened to them, so the metadata API itself stays closed.
 */
export const NODE_LOCAL_DNS: Readonly<Record<ClusterConfig['cloud'], readonly string[]>> = {
  gke: ['169.254.169.254/32', '169.254.20.10/32'],
  eks: ['169.254.20.10/32'],
};

/** Port cert-manager's HTTP-01 solver pods listen on. */
export const ACME_SOLVER_PORT = 8089;

/** Namespace Google Managed Prometheus collectors scrape from. */
const GMP_NAMESPACE = 'gmp-system';

/** Props of {@link NetworkPolicies}. */
export interface NetworkPoliciesProps {
  /** The cluster being synthesized. */
  readonly config: ClusterConfig;
  /** Service declarations the policies derive from. Default: the real catalog. */
  readonly catalog?: Catalog;
}

/**
 * Default deny for the namespace, then one policy per pod group allowing exactly the flows
 * derived from the catalog, plus the ingress controller's path to cert-manager's solver pods.
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { config } = props;
    const labels = fullLabels('traylinx', 'network-policy', PLATFORM_VERSION);
    const metadata = (name: string) => namespacedMetadata(name, labels, WAVE.secrets);

    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: metadata('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    for (const group of derivePodGroups(props.catalog ?? CATALOG)) {
      new k8s.KubeNetworkPolicy(this, group.instance, {
        metadata: metadata(group.instance),
        spec: groupSpec(config, group),
      });
    }

    if (config.ingress.flavour === 'nginx') {
      // The ingress controller forwards /.well-known/acme-challenge to the solver pods
      // cert-manager starts in this namespace; without this the HTTP-01 challenge times out.
      new k8s.KubeNetworkPolicy(this, 'acme-http01-solver', {
        metadata: metadata('acme-http01-solver'),
        spec: {
          podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: peers(config, { kind: 'external', peer: 'ingress-controller' }),
            ports: [tcp(ACME_SOLVER_PORT)] }],
        },
      });
    }
  }
}

function groupSpec(config: ClusterConfig, group: PodGroup): k8s.NetworkPolicySpec {
  const egress = unique(group.egress.flatMap((flow) => egressRules(config, group, flow)));
  const ingress = unique(group.ingress.map((flow) => ({
    from: peers(config, flow),
    ports: [tcp(portOf(flow))],
  })));
  return {
    podSelector: { matchLabels: selectorLabels(group.service, group.instance) },
    policyTypes: ingress.length > 0 ? ['Ingress', 'Egress'] : ['Egress'],
    ...(ingress.length > 0 ? { ingress } : {}),
    egress,
  };
}

function egressRules(
  config: ClusterConfig,
  group: PodGroup,
  flow: Flow,
): k8s.NetworkPolicyEgressRule[] {
  if (flow.kind === 'service') return [{ to: peers(config, flow), ports: [tcp(flow.port)] }];
  switch (flow.peer) {
    case 'dns':
      return [{ to: peers(config, flow), ports: [udp(53), tcp(53)] }];
    case 'telemetry':
      return [{ to: peers(config, flow), ports: [tcp(config.telemetry.port)] }];
    case 'database': {
      const settings = config.services[group.service];
      const instance = 'database' in settings ? settings.database.instance : '';
      const database = config.databases[instance];
      if (!database) return [];
      return [{ to: [{ ipBlock: { cidr: database.cidr } }], ports: [tcp(database.port)] }];
    }
    // Sentinel and A2A agents are public HTTPS hosts. TODO: NetworkPolicy cannot name FQDNs;
    // narrowing to Sentinel's host needs a CNI extension (Cilium FQDN or GKE FQDNNetworkPolicy).
    case 'sentinel':
    case 'agents':
      return [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC_RANGES } }],
        ports: [tcp(443)] }];
    default:
      return [{ to: peers(config, flow), ports: [tcp(portOf(flow))] }];
  }
}

/** Ingress flows always carry the callee's port; a flow without one is a bug in flows.ts. */
function portOf(flow: Flow): number {
  if (flow.port === undefined) throw new Error(`flow to ${JSON.stringify(flow)} has no port`);
  return flow.port;
}

/** Who a flow's far end is, as NetworkPolicy peers. */
function peers(config: ClusterConfig, flow: Flow): k8s.NetworkPolicyPeer[] {
  if (flow.kind === 'service') {
    return [{ podSelector: { matchLabels: selectorLabels(flow.service) } }];
  }
  switch (flow.peer) {
    case 'dns':
      // kube-dns on GKE and CoreDNS on EKS both carry k8s-app=kube-dns in kube-system.
      return [
        {
          namespaceSelector: namespaceNamed('kube-system'),
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
        ...NODE_LOCAL_DNS[config.cloud].map((cidr) => ({ ipBlock: { cidr } })),
      ];
    case 'telemetry':
      return [{ namespaceSelector: namespaceNamed(config.telemetry.namespace) }];
    case 'ingress-controller':
      return config.ingress.flavour === 'nginx'
        ? [{ namespaceSelector: namespaceNamed(config.ingress.controllerNamespace) }]
        : [{ ipBlock: { cidr: config.ingress.vpcCidr } }];
    case 'prometheus':
      return [{ namespaceSelector: namespaceNamed(config.prometheus.flavour === 'operator'
        ? config.prometheus.namespace
        : GMP_NAMESPACE) }];
    default:
      throw new Error(`no peer selector for ${flow.peer}`);
  }
}

function namespaceNamed(name: string): k8s.LabelSelector {
  return { matchLabels: { 'kubernetes.io/metadata.name': name } };
}

function tcp(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

function udp(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'UDP', port: k8s.IntOrString.fromNumber(port) };
}

/** Drops rules identical to an earlier one (Sentinel and agents share the 443 rule). */
function unique<T>(rules: T[]): T[] {
  const seen = new Set<string>();
  return rules.filter((rule) => {
    const key = JSON.stringify(rule);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
