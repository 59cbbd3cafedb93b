import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  ClusterSecretStore,
  ExternalSecret,
  SecretStore,
} from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import type { ClusterConfig, ServiceName } from '../clusters/cluster-config.ts';
import { CATALOG, NAMESPACE, SERVICE_NAMES } from './catalog.ts';
import { databaseSecretName, sentinelSecretName } from './environment.ts';
import { identityAnnotations } from './identity.ts';
import { PLATFORM_VERSION, fullLabels } from './labels.ts';
import { namespacedMetadata } from './object-metadata.ts';
import { WAVE, syncWave } from './sync-waves.ts';

/**
 * External Secrets serves `v1` since 0.16 and newer releases stop serving `v1beta1`. The typed
 * classes we build with are the `v1beta1` ones (the package with `v1` needs Node 22); the fields
 * we use are identical in both versions, so we build typed and write `v1`.
 * TODO: use the v1 classes once the toolchain moves to Node 22.
 */
export const EXTERNAL_SECRETS_API_VERSION = 'external-secrets.io/v1';

/** ServiceAccount External Secrets uses to read the cloud store. */
export const SECRET_READER = 'external-secrets-reader';

/** Props of {@link ExternalSecrets}. */
export interface ExternalSecretsProps {
  /** The cluster being synthesized. */
  readonly config: ClusterConfig;
}

/**
 * The cluster's secret store (GCP Secret Manager with workload identity, or AWS Secrets Manager
 * with IRSA), its reader ServiceAccount, and per service the ExternalSecrets that materialise
 * `<svc>-database` and `<svc>-sentinel`. No secret value is ever written here.
 */
export class ExternalSecrets extends Construct {
  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const { config } = props;
    const labels = fullLabels('external-secrets', 'secrets', PLATFORM_VERSION, 'traylinx');
    const metadata = (name: string) => namespacedMetadata(name, labels, WAVE.secrets);

    new k8s.KubeServiceAccount(this, 'reader', {
      metadata: namespacedMetadata(SECRET_READER, labels, WAVE.secrets,
        identityAnnotations(config, 'secretStore')),
      automountServiceAccountToken: false,
    });

    const store = config.secretStore;
    const storeMetadata = store.kind === 'SecretStore'
      ? metadata(store.name)
      : { name: store.name, labels, annotations: syncWave(WAVE.secrets) };
    const storeBody = { metadata: storeMetadata, spec: { provider: provider(config) } };
    const typed = store.kind === 'SecretStore'
      ? new SecretStore(storeBody)
      : new ClusterSecretStore(storeBody);
    new ApiObject(this, 'store', { ...typed.toJSON(), apiVersion: EXTERNAL_SECRETS_API_VERSION });

    for (const service of SERVICE_NAMES) {
      for (const secret of secretsOf(config, service)) {
        const body = new ExternalSecret({
          metadata: metadata(secret.name),
          spec: {
            refreshInterval: store.refreshInterval,
            secretStoreRef: { kind: store.kind, name: store.name },
            target: { name: secret.name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
            data: secret.keys.map(([secretKey, remote]) => ({
              secretKey,
              remoteRef: {
                key: `${store.keyPrefix}${remote}`,
                conversionStrategy: 'Default',
                decodingStrategy: 'None',
                metadataPolicy: 'None',
              },
            })),
          },
        });
        new ApiObject(this, secret.name, {
          ...body.toJSON(),
          apiVersion: EXTERNAL_SECRETS_API_VERSION,
        });
      }
    }
  }
}

/** A Secret to materialise: its name and [key in the Secret, remote secret name] pairs. */
interface MaterialisedSecret {
  readonly name: string;
  readonly keys: ReadonlyArray<readonly [string, string]>;
}

function secretsOf(config: ClusterConfig, service: ServiceName): MaterialisedSecret[] {
  const secrets: MaterialisedSecret[] = [];
  if (CATALOG[service].database) {
    secrets.push({
      name: databaseSecretName(service),
      keys: [['DATABASE_URL', `${service}-database-url`]],
    });
  }
  secrets.push({
    name: sentinelSecretName(service),
    keys: [
      ['TRAYLINX_CLIENT_ID', `${service}-sentinel-client-id`],
      ['TRAYLINX_CLIENT_SECRET', `${service}-sentinel-client-secret`],
      // The router's second identity, used only toward registry and subscription.
      ...(service === 'router'
        ? [
            ['TRAYLINX_UPSTREAM_CLIENT_ID', 'router-upstream-sentinel-client-id'],
            ['TRAYLINX_UPSTREAM_CLIENT_SECRET', 'router-upstream-sentinel-client-secret'],
          ] as const
        : []),
    ],
  });
  return secrets;
}

type Provider = NonNullable<SecretStore['spec']>['provider'];

function provider(config: ClusterConfig): Provider {
  const store = config.secretStore;
  const serviceAccountRef = store.kind === 'ClusterSecretStore'
    ? { name: SECRET_READER, namespace: NAMESPACE }
    : { name: SECRET_READER };
  if (store.provider === 'gcp-secret-manager') {
    return {
      gcpsm: {
        projectID: store.projectId,
        auth: {
          workloadIdentity: {
            clusterLocation: store.clusterLocation,
            clusterName: store.clusterName,
            clusterProjectID: store.projectId,
            serviceAccountRef,
          },
        },
      },
    };
  }
  return {
    aws: {
      service: 'SecretsManager' as const,
      region: store.region,
      auth: { jwt: { serviceAccountRef } },
    },
  };
}
