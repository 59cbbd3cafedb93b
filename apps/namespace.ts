import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { ClusterConfig } from '../clusters/cluster-config.ts';
import { NAMESPACE } from './catalog.ts';
import { PLATFORM_VERSION, fullLabels } from './labels.ts';
import { WAVE, syncWave } from './sync-waves.ts';

/** Props of {@link TraylinxNamespace}. */
export interface TraylinxNamespaceProps {
  /** The cluster being synthesized. */
  readonly config: ClusterConfig;
}

/**
 * The `traylinx` namespace, first of all (wave -2). Pod Security `restricted` is enforced: our
 * pods comply, and it stops anything weaker from landing here. On ALB the controller injects
 * readiness gates so a pod only receives traffic once the ALB target is healthy.
 */
export class TraylinxNamespace extends Construct {
  constructor(scope: Construct, id: string, props: TraylinxNamespaceProps) {
    super(scope, id);
    const readinessGate: Record<string, string> = props.config.ingress.flavour === 'alb'
      ? { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' }
      : {};

    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: NAMESPACE,
        labels: {
          ...fullLabels('traylinx', 'namespace', PLATFORM_VERSION),
          'kubernetes.io/metadata.name': NAMESPACE,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          ...readinessGate,
        },
        annotations: syncWave(WAVE.namespace),
      },
    });
  }
}
