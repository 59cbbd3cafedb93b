import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { synthAll } from '../../apps/synth-all.ts';
import { ClusterConfigError } from '../../clusters/cluster-error.ts';
import { eksProd } from '../../clusters/eks-prod.ts';
import { gkeProd } from '../../clusters/gke-prod.ts';
import { gkeStaging } from '../../clusters/gke-staging.ts';
import { CLUSTERS } from '../../clusters/index.ts';
import { mutate } from '../support/k8s-manifests.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Synthesizes the real clusters with one replaced; returns the error message. */
function synthError(broken: typeof gkeProd): string {
  dir = mkdtempSync(join(tmpdir(), 'traylinx-bounds-'));
  const clusters = CLUSTERS.map((c) => (c.name === broken.name ? broken : c));
  try {
    synthAll(clusters, join(dir, 'dist'));
  } catch (error) {
    expect(error).toBeInstanceOf(ClusterConfigError);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    return (error as Error).message;
  }
  throw new Error('synth accepted a bad config');
}

/** Synthesizes without error (a bound is inclusive). */
function synthOk(config: typeof gkeProd): void {
  dir = mkdtempSync(join(tmpdir(), 'traylinx-bounds-'));
  synthAll([config], join(dir, 'dist'));
}

type Case = [string, typeof gkeProd, string];

// Values the adversarial review found synth accepted although the output breaks.
const numbers: Case[] = [
  ['a log level the services refuse',
    mutate(gkeProd, (d) => { d.logLevel = 'verbose'; }),
    'gke-prod: logLevel (verbose) must be one of debug, info, warn, error'],
  ['drain above what DRAIN_SECONDS accepts',
    mutate(eksProd, (d) => { d.drainSeconds = 100000; }),
    'eks-prod: drainSeconds (100000) must be an integer from 0 to 300 (DRAIN_SECONDS the ' +
      'services accept)'],
  ['drain NaN',
    mutate(gkeProd, (d) => { d.drainSeconds = Number.NaN; }),
    'gke-prod: drainSeconds (NaN) must be an integer from 0 to 300 (DRAIN_SECONDS the ' +
      'services accept)'],
  ['fractional drain',
    mutate(gkeStaging, (d) => { d.drainSeconds = 12.5; }),
    'gke-staging: drainSeconds (12.5) must be an integer from 0 to 300 (DRAIN_SECONDS the ' +
      'services accept)'],
  ['request budget NaN',
    mutate(gkeProd, (d) => { d.requestBudgetSeconds = Number.NaN; }),
    'gke-prod: requestBudgetSeconds (NaN) must be an integer from 1 to 300 (the router\'s ' +
      'longest deadline)'],
  ['request budget beyond the router deadline',
    mutate(eksProd, (d) => { d.requestBudgetSeconds = 3600; }),
    'eks-prod: requestBudgetSeconds (3600) must be an integer from 1 to 300 (the router\'s ' +
      'longest deadline)'],
  ['pool size above DATABASE_POOL_MAX',
    mutate(eksProd, (d) => {
      d.services.registry.database.poolSize = 500;
      d.databases.main.maxConnections = 100_000;
    }),
    'eks-prod: services.registry.database.poolSize (500) must be an integer from 1 to 100 ' +
      '(DATABASE_POOL_MAX the services accept)'],
  ['fractional pool size',
    mutate(gkeProd, (d) => { d.services.cortex.database.poolSize = 2.5; }),
    'gke-prod: services.cortex.database.poolSize (2.5) must be an integer from 1 to 100 ' +
      '(DATABASE_POOL_MAX the services accept)'],
  ['HPA maximum of 1e21',
    mutate(gkeProd, (d) => { d.services.router.hpa.maxReplicas = 1e21; }),
    'gke-prod: services.router.hpa.maxReplicas (1e+21) must be an integer from 1 to 100'],
  ['cortex replicas Infinity',
    mutate(eksProd, (d) => { d.services.cortex.replicas = Number.POSITIVE_INFINITY; }),
    'eks-prod: services.cortex.replicas (Infinity) must be an integer from 1 to 100'],
  ['surge of 2**53',
    mutate(eksProd, (d) => { d.services.router.maxSurge = 2 ** 53; }),
    'eks-prod: services.router.maxSurge (9007199254740992) is above the 10 replica(s) it ' +
      'would replace'],
  ['surge on a one-pod StatefulSet',
    mutate(gkeProd, (d) => { d.services.cortex.maxSurge = 3; }),
    'gke-prod: services.cortex.maxSurge (3) is above the 1 replica(s) it would replace'],
  ['negative reserve that enlarges the budget',
    mutate(gkeProd, (d) => { d.databases.main.reservedConnections = -1000; }),
    'gke-prod: databases.main.reservedConnections (-1000) must be an integer from 0 to 199 ' +
      '(below maxConnections)'],
  ['NaN reserve that disables the budget',
    mutate(eksProd, (d) => {
      d.databases.main.reservedConnections = Number.NaN;
      d.services.registry.database.poolSize = 100;
    }),
    'eks-prod: databases.main.reservedConnections (NaN) must be an integer from 0 to 199 ' +
      '(below maxConnections)'],
  ['maxConnections beyond PostgreSQL',
    mutate(gkeProd, (d) => { d.databases.main.maxConnections = 1e9; }),
    'gke-prod: databases.main.maxConnections (1000000000) must be an integer from 1 to 262143'],
  ['zero CPU request',
    mutate(eksProd, (d) => { d.services.router.resources.requests.cpu = '0'; }),
    'eks-prod: services.router.resources.requests.cpu (0) must be above 0'],
];

const strings: Case[] = [
  ['Sentinel URL with credentials (not echoed)',
    mutate(gkeProd, (d) => { d.sentinelBaseUrl = 'https://user:pw@sentinel.traylinx.com'; }),
    'gke-prod: sentinelBaseUrl (https://***:***@sentinel.traylinx.com/) must not carry ' +
      'credentials; they belong in a Secret'],
  ['Sentinel URL with a query',
    mutate(eksProd, (d) => { d.sentinelBaseUrl = 'https://sentinel.traylinx.com/?x=1'; }),
    'eks-prod: sentinelBaseUrl (https://sentinel.traylinx.com/?x=1) must not have a query or ' +
      'fragment'],
  ['Sentinel at an address',
    mutate(gkeProd, (d) => { d.sentinelBaseUrl = 'https://169.254.169.254'; }),
    'gke-prod: sentinelBaseUrl (https://169.254.169.254) must name a public host, not an ' +
      'address'],
  ['telemetry endpoint with credentials',
    mutate(gkeProd, (d) => {
      d.telemetry.endpoint = 'http://u:secret@otel-collector.observability.svc:4318';
    }),
    'gke-prod: telemetry.endpoint (http://***:***@otel-collector.observability.svc:4318/) must ' +
      'not carry credentials; they belong in a Secret'],
  ['database open to the whole internet',
    mutate(gkeProd, (d) => { d.databases.main.cidr = '0.0.0.0/0'; }),
    'gke-prod: databases.main.cidr (0.0.0.0/0) is not inside a private range (10/8, ' +
      '172.16/12, 192.168/16)'],
  ['database in a public block',
    mutate(eksProd, (d) => { d.databases.main.cidr = '52.0.0.0/8'; }),
    'eks-prod: databases.main.cidr (52.0.0.0/8) is not inside a private range (10/8, ' +
      '172.16/12, 192.168/16)'],
  ['database CIDR with host bits',
    mutate(gkeProd, (d) => { d.databases.main.cidr = '10.20.0.3/24'; }),
    'gke-prod: databases.main.cidr (10.20.0.3/24) has host bits set; write its network address'],
  ['database host outside its CIDR',
    mutate(gkeStaging, (d) => { d.databases.main.host = '10.99.0.3'; }),
    'gke-staging: databases.main.cidr (10.30.0.0/24) does not contain host 10.99.0.3'],
  ['VPC CIDR of the whole internet',
    mutate(eksProd, (d) => { d.ingress.vpcCidr = '0.0.0.0/0'; }),
    'eks-prod: ingress.vpcCidr (0.0.0.0/0) is not inside a private range (10/8, 172.16/12, ' +
      '192.168/16)'],
  ['GCP key prefix with characters Secret Manager refuses',
    mutate(gkeProd, (d) => { d.secretStore.keyPrefix = 'traylinx/prod/'; }),
    'gke-prod: secretStore.keyPrefix (traylinx/prod/) must be one or more of A-Z a-z 0-9 _ -'],
  ['empty key prefix',
    mutate(eksProd, (d) => { d.secretStore.keyPrefix = ''; }),
    'eks-prod: secretStore.keyPrefix () must be one or more of A-Z a-z 0-9 /_+=.@-'],
  ['key prefix that makes names too long',
    mutate(gkeProd, (d) => { d.secretStore.keyPrefix = 'x'.repeat(230); }),
    'gke-prod: secretStore.keyPrefix (230 characters) makes secret names longer than 255'],
  ['project id that GCP refuses',
    mutate(gkeProd, (d) => { d.secretStore.projectId = 'Traylinx Prod'; }),
    'gke-prod: secretStore.projectId (Traylinx Prod) is not a GCP project id'],
  ['GKE cluster name that GKE refuses',
    mutate(gkeStaging, (d) => { d.secretStore.clusterName = 'traylinx_staging'; }),
    'gke-staging: secretStore.clusterName (traylinx_staging) is not a GKE cluster name'],
  ['cluster location in another region',
    mutate(gkeProd, (d) => { d.secretStore.clusterLocation = 'us-central1'; }),
    'gke-prod: secretStore.clusterLocation (us-central1) is neither region europe-west1 nor ' +
      'one of its zones'],
  ['AWS secret store region that is no region',
    mutate(eksProd, (d) => { d.secretStore.region = 'us east 1'; }),
    'eks-prod: secretStore.region (us east 1) is not an AWS region'],
  ['cluster region of the wrong cloud',
    mutate(eksProd, (d) => { d.region = 'europe-west1'; }),
    'eks-prod: region (europe-west1) is not an AWS region'],
  ['Autopilot on EKS',
    mutate(eksProd, (d) => { d.autopilot = true; }),
    'eks-prod: autopilot (true) needs cloud gke'],
  ['cortex StatefulSet without storage',
    mutate(gkeProd, (d) => { delete d.services.cortex.storage; }),
    'gke-prod: services.cortex.storage is missing: mode statefulset keeps local state, which ' +
      'needs a volume (use mode deployment for a stateless cortex)'],
  ['cortex storage of zero bytes',
    mutate(gkeProd, (d) => { d.services.cortex.storage.size = '0'; }),
    'gke-prod: services.cortex.storage.size (0) is not a positive canonical quantity'],
  ['StorageClass name Kubernetes refuses',
    mutate(gkeProd, (d) => { d.services.cortex.storage.storageClassName = 'Fast SSD'; }),
    'gke-prod: services.cortex.storage.storageClassName (Fast SSD) is not a StorageClass name'],
  ['two services sharing one cloud identity',
    mutate(eksProd, (d) => { d.identities.router = eksProd.identities.registry; }),
    'eks-prod: identities.router (arn:aws:iam::123456789012:role/traylinx-registry) is ' +
      'already the identity of registry'],
  ['secret refresh turned off',
    mutate(gkeProd, (d) => { d.secretStore.refreshInterval = '0s'; }),
    'gke-prod: secretStore.refreshInterval (0s) must be from 1m to 24h'],
  ['secret refresh of six weeks',
    mutate(eksProd, (d) => { d.secretStore.refreshInterval = '1000h'; }),
    'eks-prod: secretStore.refreshInterval (1000h) must be from 1m to 24h'],
  ['unknown cortex mode',
    mutate(eksProd, (d) => { d.services.cortex.mode = 'daemonset'; }),
    'eks-prod: services.cortex.mode (daemonset) must be deployment or statefulset'],
  ['unknown ingress flavour',
    mutate(gkeProd, (d) => { d.ingress.flavour = 'traefik'; }),
    'gke-prod: ingress.flavour (traefik) must be nginx or alb'],
  ['unknown Prometheus flavour',
    mutate(gkeProd, (d) => { d.prometheus = { flavour: 'datadog' }; }),
    'gke-prod: prometheus.flavour (datadog) must be operator or gmp'],
  ['Prometheus selector label Kubernetes refuses',
    mutate(eksProd, (d) => { d.prometheus.selectorLabels = { release: 'kube prometheus' }; }),
    'eks-prod: prometheus.selectorLabels.release (kube prometheus) is not a valid label'],
];

describe('synth refuses values the services or the cloud would refuse, naming cluster and field',
  () => {
    it.each(numbers)('%s', (_, broken, message) => {
      expect(synthError(broken)).toBe(message);
    });

    it.each(strings)('%s', (_, broken, message) => {
      expect(synthError(broken)).toBe(message);
    });
  });

describe('the bounds are inclusive, so they do not refuse what the services accept', () => {
  it('drain 300, pool 100 and request budget 300 synthesize', () => {
    expect(() => synthOk(mutate(eksProd, (d) => {
      d.drainSeconds = 300;
      d.requestBudgetSeconds = 300;
      d.services.registry.database.poolSize = 100;
      d.databases.main.maxConnections = 1000;
    }))).not.toThrow();
  });

  it('a zone as GKE cluster location and a surge equal to the replica count synthesize', () => {
    expect(() => synthOk(mutate(gkeProd, (d) => {
      d.secretStore.clusterLocation = 'europe-west1-b';
      d.services.registry.maxSurge = 3;
      d.logLevel = 'error';
    }))).not.toThrow();
  });
});
