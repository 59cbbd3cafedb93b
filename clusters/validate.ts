import type { ClusterConfig, ContainerResources } from './cluster-config.ts';
import { ClusterConfigError } from './cluster-error.ts';
import { CATALOG, SERVICE_NAMES, type Catalog } from '../apps/catalog.ts';
import { peakConnections } from '../apps/connection-budget.ts';
import { isCanonicalQuantity, quantityValue } from '../apps/quantity.ts';
import { READINESS } from '../apps/probes.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const PINNED_IMAGE = /^[a-z0-9][a-z0-9._\-/:]*@sha256:[0-9a-f]{64}$/;
const GSA_EMAIL =
  /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@\-/]{1,64}$/;
const ACM_ARN = /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
/** RFC 9562 UUID, canonical lower-case form (versions 1-8, RFC variant). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;

/** Fails with the first problem, as `<cluster>: <field path> <problem>`. */
type Fail = (field: string, problem: string) => never;

/**
 * Checks one cluster config before anything is synthesized. Throws ClusterConfigError naming the
 * cluster and the field path of the first problem found.
 */
export function validateCluster(config: ClusterConfig, catalog: Catalog = CATALOG): void {
  const fail: Fail = (field, problem) => {
    throw new ClusterConfigError(config.name || '<unnamed>', field, problem);
  };

  if (!DNS_LABEL.test(config.name)) fail('name', `(${config.name}) is not a DNS label`);
  checkDomains(config, fail);
  checkUrls(config, fail);
  checkImages(config, fail);
  checkServices(config, fail);
  checkDatabases(config, fail);
  checkIdentity(config, fail);
  checkIngress(config, fail);
  checkFlows(catalog, fail);
}

function checkDomains(config: ClusterConfig, fail: Fail): void {
  for (const key of ['router', 'catalog'] as const) {
    const host = config.domains?.[key];
    if (!host) fail(`domains.${key}`, 'is missing');
    if (!HOST.test(host)) fail(`domains.${key}`, `(${host}) is not a lower-case host name`);
  }
}

function checkUrls(config: ClusterConfig, fail: Fail): void {
  const sentinel = parseUrl(config.sentinelBaseUrl);
  if (sentinel?.protocol !== 'https:') {
    fail('sentinelBaseUrl', `(${config.sentinelBaseUrl}) must be an https URL`);
  }

  // The egress policy opens 443 only, so Sentinel must be on the default HTTPS port.
  if (sentinel.port !== '') {
    fail('sentinelBaseUrl', `(${config.sentinelBaseUrl}) must use port 443, which the network ` +
      'policy opens');
  }

  const telemetry = parseUrl(config.telemetry.endpoint);
  if (!telemetry || !/^https?:$/.test(telemetry.protocol)) {
    fail('telemetry.endpoint', `(${config.telemetry.endpoint}) is not an http(s) URL`);
  }
  checkPort(config.telemetry.port, 'telemetry.port', fail);
  // The policy admits telemetry.namespace on telemetry.port: the endpoint must be exactly there.
  const endpointPort = Number(telemetry.port || (telemetry.protocol === 'https:' ? 443 : 80));
  if (endpointPort !== config.telemetry.port) {
    fail('telemetry.port', `(${config.telemetry.port}) differs from the endpoint's port ` +
      `(${endpointPort})`);
  }
  const namespace = config.telemetry.namespace;
  if (!telemetry.hostname.endsWith(`.${namespace}.svc.cluster.local`) &&
    !telemetry.hostname.endsWith(`.${namespace}.svc`)) {
    fail('telemetry.endpoint', `(${config.telemetry.endpoint}) is not a Service in namespace ` +
      `${namespace} (telemetry.namespace)`);
  }
  if (!DNS_LABEL.test(config.telemetry.namespace)) {
    fail('telemetry.namespace', `(${config.telemetry.namespace}) is not a namespace name`);
  }

  if (!DURATION.test(config.secretStore.refreshInterval) || !config.secretStore.refreshInterval) {
    fail('secretStore.refreshInterval', `(${config.secretStore.refreshInterval}) is not like 1h`);
  }
}

function checkImages(config: ClusterConfig, fail: Fail): void {
  for (const service of SERVICE_NAMES) {
    const image = config.images?.[service];
    if (!image) fail(`images.${service}`, 'is missing');
    if (!PINNED_IMAGE.test(image)) {
      fail(`images.${service}`, `(${image}) is not pinned by digest (repo@sha256:<64 hex>)`);
    }
  }
}

function checkServices(config: ClusterConfig, fail: Fail): void {
  const services = config.services;
  const readinessWindow = READINESS.periodSeconds * READINESS.failureThreshold;
  if (config.drainSeconds < readinessWindow) {
    fail('drainSeconds', `(${config.drainSeconds}) is below the ${readinessWindow} s readiness ` +
      'needs to take a pod out of its endpoints');
  }
  if (config.requestBudgetSeconds < 1) {
    fail('requestBudgetSeconds', `(${config.requestBudgetSeconds}) must be at least 1`);
  }

  for (const service of SERVICE_NAMES) {
    const settings = services[service];
    const path = `services.${service}`;
    checkResources(settings.resources, `${path}.resources`, config.autopilot, fail);
    if (!Number.isInteger(settings.maxSurge) || settings.maxSurge < 1) {
      fail(`${path}.maxSurge`, `(${settings.maxSurge}) must be an integer >= 1 ` +
        '(maxUnavailable is 0, so a rollout needs surge)');
    }
  }
  checkAgentUsers(config, fail);

  for (const service of ['registry', 'subscription'] as const) {
    checkCount(services[service].replicas, `services.${service}.replicas`, fail);
  }
  // The table: registry runs 2-3 replicas for HA, subscription exactly 2.
  const { registry, subscription } = services;
  if (registry.replicas < 2 || registry.replicas > 3) {
    fail('services.registry.replicas', `(${registry.replicas}) must be 2 or 3 (HA)`);
  }
  if (subscription.replicas !== 2) {
    fail('services.subscription.replicas', `(${subscription.replicas}) must be 2`);
  }
  if (services.cortex.mode === 'deployment') {
    checkCount(services.cortex.replicas, 'services.cortex.replicas', fail);
  } else if (services.cortex.storage) {
    const { size, storageClassName } = services.cortex.storage;
    if (!isCanonicalQuantity(size)) {
      fail('services.cortex.storage.size', `(${size}) is not a canonical quantity`);
    }
    if (!storageClassName) fail('services.cortex.storage.storageClassName', 'is missing');
  }

  const hpa = services.router.hpa;
  checkCount(hpa.minReplicas, 'services.router.hpa.minReplicas', fail);
  checkCount(hpa.maxReplicas, 'services.router.hpa.maxReplicas', fail);
  if (hpa.minReplicas < 2) {
    fail('services.router.hpa.minReplicas', `(${hpa.minReplicas}) must be at least 2 (HA)`);
  }
  if (hpa.minReplicas > hpa.maxReplicas) {
    fail('services.router.hpa.minReplicas', `(${hpa.minReplicas}) is above maxReplicas ` +
      `(${hpa.maxReplicas})`);
  }
  for (const key of ['cpuUtilization', 'memoryUtilization'] as const) {
    const value = hpa[key];
    if (!Number.isInteger(value) || value < 1 || value > 100) {
      fail(`services.router.hpa.${key}`, `(${value}) must be a percentage 1..100`);
    }
  }
}

/** Sentinel agent user ids are UUIDs, and no two services share one. */
function checkAgentUsers(config: ClusterConfig, fail: Fail): void {
  const owners = new Map<string, string>();
  for (const service of SERVICE_NAMES) {
    const field = `services.${service}.agentUserId`;
    const id: string = config.services[service].agentUserId;
    if (!id) fail(field, 'is missing');
    if (!UUID.test(id)) fail(field, `(${id}) is not a lower-case UUID (Sentinel agent user id)`);
    const owner = owners.get(id);
    if (owner) fail(field, `(${id}) is already the agent user of ${owner}`);
    owners.set(id, service);
  }
}

function checkResources(
  resources: ContainerResources,
  path: string,
  autopilot: boolean,
  fail: Fail,
): void {
  for (const key of ['cpu', 'memory', 'ephemeralStorage'] as const) {
    const request = resources.requests[key];
    const limit = resources.limits[key];
    for (const [side, value] of [['requests', request], ['limits', limit]] as const) {
      if (!isCanonicalQuantity(value)) {
        fail(`${path}.${side}.${key}`, `(${value}) is not a canonical quantity`);
      }
    }
    if (quantityValue(limit) < quantityValue(request)) {
      fail(`${path}.limits.${key}`, `(${limit}) is below requests (${request})`);
    }
    if (autopilot && limit !== request) {
      fail(`${path}.limits.${key}`, `(${limit}) must equal requests (${request}) on GKE ` +
        'Autopilot, which rewrites it otherwise');
    }
  }
  if (autopilot) checkAutopilotRatio(resources, path, fail);
}

/** Autopilot raises CPU or memory until memory is 1 to 6.5 GiB per vCPU. */
function checkAutopilotRatio(resources: ContainerResources, path: string, fail: Fail): void {
  const { cpu, memory } = resources.requests;
  const gibPerCpu = quantityValue(memory) / 1024 ** 3 / quantityValue(cpu);
  if (gibPerCpu < 1 || gibPerCpu > 6.5) {
    fail(`${path}.requests.memory`, `(${memory} for ${cpu} CPU) is outside 1-6.5 GiB per ` +
      'CPU, which GKE Autopilot rewrites');
  }
}

function checkDatabases(config: ClusterConfig, fail: Fail): void {
  for (const [key, db] of Object.entries(config.databases)) {
    const path = `databases.${key}`;
    if (!db.host) fail(`${path}.host`, 'is missing');
    checkPort(db.port, `${path}.port`, fail);
    if (!isCidr(db.cidr)) fail(`${path}.cidr`, `(${db.cidr}) is not an IPv4 CIDR`);
    checkCount(db.maxConnections, `${path}.maxConnections`, fail);
  }

  for (const service of ['registry', 'subscription', 'cortex'] as const) {
    const { instance, poolSize } = config.services[service].database;
    if (!config.databases[instance]) {
      fail(`services.${service}.database.instance`, `(${instance}) is not a key of databases`);
    }
    checkCount(poolSize, `services.${service}.database.poolSize`, fail);
  }

  for (const [instance, peak] of peakConnections(config)) {
    const db = config.databases[instance]!;
    const budget = db.maxConnections - db.reservedConnections;
    if (peak > budget) {
      fail(`databases.${instance}.maxConnections`, `(${db.maxConnections}, ` +
        `${db.reservedConnections} reserved) is below the peak of ${peak} connections ` +
        '((max replicas + surge) x poolSize + migrations)');
    }
  }
}

function checkIdentity(config: ClusterConfig, fail: Fail): void {
  const pattern = config.cloud === 'gke' ? GSA_EMAIL : ROLE_ARN;
  const what = config.cloud === 'gke' ? 'a Google service account e-mail' : 'an IAM role ARN';
  for (const key of [...SERVICE_NAMES, 'secretStore'] as const) {
    const identity = config.identities?.[key];
    if (!identity || !pattern.test(identity)) {
      fail(`identities.${key}`, `(${identity}) is not ${what}`);
    }
  }

  const store = config.secretStore;
  const expected = config.cloud === 'gke' ? 'gcp-secret-manager' : 'aws-secrets-manager';
  if (store.provider !== expected) {
    fail('secretStore.provider', `(${store.provider}) does not match cloud ${config.cloud}`);
  }
  if (!DNS_LABEL.test(store.name)) fail('secretStore.name', `(${store.name}) is not a DNS label`);
}

function checkIngress(config: ClusterConfig, fail: Fail): void {
  const ingress = config.ingress;
  if (ingress.flavour === 'alb') {
    if (config.cloud !== 'eks') fail('ingress.flavour', '(alb) needs cloud eks');
    if (!ACM_ARN.test(ingress.certificateArn)) {
      fail('ingress.certificateArn', `(${ingress.certificateArn}) is not an ACM certificate ARN`);
    }
    if (!isCidr(ingress.vpcCidr)) fail('ingress.vpcCidr', `(${ingress.vpcCidr}) is not a CIDR`);
    return;
  }
  if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(ingress.acmeEmail)) {
    fail('ingress.acmeEmail', `(${ingress.acmeEmail}) is not an e-mail address`);
  }
  if (parseUrl(ingress.acmeServer)?.protocol !== 'https:') {
    fail('ingress.acmeServer', `(${ingress.acmeServer}) must be an https URL`);
  }
}

function checkFlows(catalog: Catalog, fail: Fail): void {
  for (const service of SERVICE_NAMES) {
    catalog[service].calls.forEach((callee, index) => {
      if (!(SERVICE_NAMES as readonly string[]).includes(callee)) {
        fail(`apps.${service}.calls[${index}]`, `(${callee}) is not a known service`);
      }
      if (callee === service) fail(`apps.${service}.calls[${index}]`, 'calls itself');
    });
  }
}

function checkCount(value: number, field: string, fail: Fail): void {
  if (!Number.isInteger(value) || value < 1) fail(field, `(${value}) must be an integer >= 1`);
}

function checkPort(value: number, field: string, fail: Fail): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(field, `(${value}) is no port`);
}

function isCidr(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value ?? '');
  if (!match) return false;
  const [, a, b, c, d, bits] = match.map(Number);
  return [a, b, c, d].every((octet) => octet! <= 255) && bits! <= 32;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
