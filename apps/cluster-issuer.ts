import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import { PLATFORM_VERSION, fullLabels } from './labels.ts';
import { WAVE, syncWave } from './sync-waves.ts';

/** Name of the Let's Encrypt ClusterIssuer the Ingresses refer to. */
export const CLUSTER_ISSUER = 'letsencrypt';

/** Props of {@link LetsEncryptIssuer}. */
export interface LetsEncryptIssuerProps {
  /** ACME account e-mail. */
  readonly email: string;
  /** ACME directory URL. */
  readonly server: string;
}

/**
 * cert-manager ClusterIssuer solving HTTP-01 through ingress class nginx. The solver pods run in
 * `traylinx` and the network policy lets the controller reach them on 8089.
 */
export class LetsEncryptIssuer extends Construct {
  constructor(scope: Construct, id: string, props: LetsEncryptIssuerProps) {
    super(scope, id);
    const issuer = new ClusterIssuer({
      metadata: {
        name: CLUSTER_ISSUER,
        labels: fullLabels('cert-manager', 'tls', PLATFORM_VERSION, 'traylinx'),
        annotations: syncWave(WAVE.secrets),
      },
      spec: {
        acme: {
          email: props.email,
          server: props.server,
          privateKeySecretRef: { name: `${CLUSTER_ISSUER}-account-key` },
          // TODO: `ingressClassName` (cert-manager >= 1.12) once the schema package knows it;
          // `class` still works and sets the class annotation on the solver Ingress.
          solvers: [{ http01: { ingress: { class: 'nginx' } } }],
        },
      },
    });
    new ApiObject(this, 'issuer', issuer.toJSON());
  }
}
