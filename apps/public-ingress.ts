import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { ClusterConfig, ServiceName } from '../clusters/cluster-config.ts';
import { CATALOG, NAMESPACE } from './catalog.ts';
import { CLUSTER_ISSUER } from './cluster-issuer.ts';
import { PLATFORM_VERSION, fullLabels } from './labels.ts';
import { namespacedMetadata } from './object-metadata.ts';
import { WAVE } from './sync-waves.ts';

/** Props of {@link PublicIngress}. */
export interface PublicIngressProps {
  /** The cluster being synthesized. */
  readonly config: ClusterConfig;
}

/** Public entries: which service, on which host, under which path. */
function entries(config: ClusterConfig): Array<{ service: ServiceName; host: string }> {
  return [
    { service: 'router', host: config.domains.router },
    { service: 'registry', host: config.domains.catalog },
  ];
}

/**
 * One Ingress per public service. nginx: cert-manager issues the certificate (no forced redirect,
 * so the HTTP-01 challenge path stays reachable on port 80). alb: TLS from ACM; both Ingresses
 * share one ALB through the group name.
 */
export class PublicIngress extends Construct {
  constructor(scope: Construct, id: string, props: PublicIngressProps) {
    super(scope, id);
    const { config } = props;

    for (const { service, host } of entries(config)) {
      const name = `${service}-public`;
      const path = CATALOG[service].publicPath ?? '/';
      const annotations = config.ingress.flavour === 'nginx'
        ? { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER }
        : albAnnotations(config, config.ingress.certificateArn);

      new k8s.KubeIngress(this, name, {
        metadata: namespacedMetadata(name, fullLabels(service, 'ingress', PLATFORM_VERSION),
          WAVE.routing, annotations),
        spec: {
          ingressClassName: config.ingress.flavour,
          ...(config.ingress.flavour === 'nginx'
            ? { tls: [{ hosts: [host], secretName: `${name}-tls` }] }
            : {}),
          rules: [
            {
              host,
              http: {
                paths: [
                  {
                    path,
                    pathType: 'Prefix',
                    backend: {
                      service: { name: service, port: { number: CATALOG[service].port } },
                    },
                  },
                ],
              },
            },
          ],
        },
      });
    }
  }
}

function albAnnotations(config: ClusterConfig, certificateArn: string): Record<string, string> {
  // A terminating pod serves for DRAIN_SECONDS, then finishes requests within the budget; the
  // ALB drains a deregistered target for as long, not its default 300 s after the pod is gone.
  const drain = config.drainSeconds + config.requestBudgetSeconds;
  return {
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/group.name': NAMESPACE,
    'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
    'alb.ingress.kubernetes.io/certificate-arn': certificateArn,
    'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    'alb.ingress.kubernetes.io/ssl-redirect': '443',
    'alb.ingress.kubernetes.io/healthcheck-path': '/ready',
    'alb.ingress.kubernetes.io/healthcheck-port': 'traffic-port',
    'alb.ingress.kubernetes.io/target-group-attributes':
      `deregistration_delay.timeout_seconds=${drain}`,
  };
}
