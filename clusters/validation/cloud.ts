import type { ClusterConfig } from '../cluster-config.ts';
import type { Fail } from './fail.ts';
import { SERVICE_NAMES } from '../../apps/catalog.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** `europe-west1`, `us-central1`, `northamerica-northeast1`. */
const GCP_REGION = /^[a-z]+-[a-z]+\d+$/;
/** `us-east-1`, `eu-central-1`, `us-gov-west-1`. */
const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
/** GCP project id: 6-30 characters, starts with a letter. */
const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
/** GKE cluster name: up to 40 characters. */
const GKE_CLUSTER = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** Secret names each store accepts, and their longest length. */
const SECRET_NAME = {
  'gcp-secret-manager': { pattern: /^[A-Za-z0-9_-]+$/, max: 255, chars: 'A-Z a-z 0-9 _ -' },
  'aws-secrets-manager': {
    pattern: /^[A-Za-z0-9/_+=.@-]+$/,
    max: 512,
    chars: 'A-Z a-z 0-9 /_+=.@-',
  },
} as const;

/** Longest remote name apps/external-secrets.ts appends to the prefix. */
const LONGEST_REMOTE = Math.max(
  ...[...SERVICE_NAMES, 'router-upstream'].map((user) => `${user}-sentinel-client-secret`.length),
);

/** Cloud, region and the External Secrets store: values the cloud APIs would reject. */
export function checkCloud(config: ClusterConfig, fail: Fail): void {
  if (config.cloud !== 'gke' && config.cloud !== 'eks') {
    fail('cloud', `(${String(config.cloud)}) must be gke or eks`);
  }
  if (config.autopilot && config.cloud !== 'gke') fail('autopilot', '(true) needs cloud gke');

  const region = config.cloud === 'gke' ? GCP_REGION : AWS_REGION;
  if (!region.test(config.region)) {
    const what = config.cloud === 'gke' ? 'a GCP' : 'an AWS';
    fail('region', `(${config.region}) is not ${what} region`);
  }
  checkSecretStore(config, fail);
}

function checkSecretStore(config: ClusterConfig, fail: Fail): void {
  const store = config.secretStore;
  const expected = config.cloud === 'gke' ? 'gcp-secret-manager' : 'aws-secrets-manager';
  if (store.provider !== expected) {
    fail('secretStore.provider', `(${store.provider}) does not match cloud ${config.cloud}`);
  }
  if (store.kind !== 'SecretStore' && store.kind !== 'ClusterSecretStore') {
    fail('secretStore.kind', `(${String(store.kind)}) must be SecretStore or ClusterSecretStore`);
  }
  if (!DNS_LABEL.test(store.name)) fail('secretStore.name', `(${store.name}) is not a DNS label`);

  const names = SECRET_NAME[store.provider];
  const prefix = store.keyPrefix;
  if (typeof prefix !== 'string' || !names.pattern.test(prefix)) {
    fail('secretStore.keyPrefix', `(${String(prefix)}) must be one or more of ${names.chars}`);
  }
  if (prefix.length + LONGEST_REMOTE > names.max) {
    fail('secretStore.keyPrefix', `(${prefix.length} characters) makes secret names longer ` +
      `than ${names.max}`);
  }

  if (store.provider === 'aws-secrets-manager') {
    if (!AWS_REGION.test(store.region)) {
      fail('secretStore.region', `(${store.region}) is not an AWS region`);
    }
    return;
  }
  if (!GCP_PROJECT.test(store.projectId)) {
    fail('secretStore.projectId', `(${store.projectId}) is not a GCP project id`);
  }
  if (!GKE_CLUSTER.test(store.clusterName)) {
    fail('secretStore.clusterName', `(${store.clusterName}) is not a GKE cluster name`);
  }
  // Workload identity needs the cluster's own location: its region or a zone in it.
  const location = store.clusterLocation;
  if (location !== config.region && !new RegExp(`^${config.region}-[a-z]$`).test(location)) {
    fail('secretStore.clusterLocation', `(${location}) is neither region ${config.region} nor ` +
      'one of its zones');
  }
}
