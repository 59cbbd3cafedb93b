import type { ClusterConfig, ContainerResources, ServiceName } from './cluster-config.ts';
import { ClusterConfigError } from './cluster-error.ts';
import {
  CLUSTER_LOG_LEVELS,
  DRAIN_SECONDS_MAX,
  MAX_CONNECTIONS,
  MAX_REPLICAS,
  POOL_SIZE,
  REFRESH_SECONDS,
  REQUEST_BUDGET_SECONDS,
} from './validation/service-bounds.ts';
import { checkCloud } from './validation/cloud.ts';
import type { Fail } from './validation/fail.ts';
import { CLUSTER_SHAPE } from './validation/cluster-shape.ts';
import { checkShape } from './validation/shape.ts';
import {
  checkPlainUrl,
  checkPrivateCidr,
  cidrContains,
  ipv4,
  parseUrl,
} from './validation/network.ts';
import { checkInteger, checkPort } from './validation/numbers.ts';
import { CATALOG, SERVICE_NAMES, type Catalog } from '../apps/catalog.ts';
import { peakConnections } from '../apps/connection-budget.ts';
import { isCanonicalQuantity, quantityValue } from '../apps/quantity.ts';
import { READINESS } from '../apps/probes.ts';
import { replicaPlan } from '../apps/replicas.ts';

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
/** A DNS subdomain (StorageClass names). */
const DNS_SUBDOMAIN = new RegExp(`^(?=.{1,253}$)${label('a-z0-9', '-a-z0-9', 62)}` +
  `(\\.${label('a-z0-9', '-a-z0-9', 62)})*$`);
/** A Kubernetes label key (optional DNS prefix) and value. */
const LABEL_NAME = label('A-Za-z0-9', '-A-Za-z0-9_.', 62);
const LABEL_KEY = new RegExp(`^(${label('a-z0-9', '-a-z0-9.', 252)}/)?${LABEL_NAME}$`);
const LABEL_VALUE = new RegExp(`^(${LABEL_NAME})?$`);

/**
 * Checks one cluster config before anything is synthesized. Throws ClusterConfigError naming the
 * cluster and the field path of the first problem found.
 */
export function validateCluster(config: ClusterConfig, catalog: Catalog = CATALOG): void {
  const name = (config as { name?: unknown } | null)?.name;
  const cluster = typeof name === 'string' && name ? name : '<unnamed>';
  const fail: Fail = (field, problem) => {
    throw new ClusterConfigError(cluster, field, problem);
  };

  // Types first, so every semantic check below may read the fields it names.
  checkShape(config, CLUSTER_SHAPE, '', fail);
  if (!DNS_LABEL.test(config.name)) fail('name', `(${config.name}) is not a DNS label`);
  checkCloud(config, fail);
  checkDomains(config, fail);
  checkUrls(config, fail);
  checkImages(config, fail);
  checkServices(config, fail);
  checkDatabases(config, fail);
  checkIdentity(config, fail);
  checkIngress(config, fail);
  checkPrometheus(config, fail);
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
  checkPlainUrl(sentinel, config.sentinelBaseUrl, 'sentinelBaseUrl', fail);
  // Egress to Sentinel is opened to public addresses only, so it must be a public host name.
  if (!HOST.test(sentinel.hostname)) {
    fail('sentinelBaseUrl', `(${config.sentinelBaseUrl}) must name a public host, not an address`);
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
  checkPlainUrl(telemetry, config.telemetry.endpoint, 'telemetry.endpoint', fail);
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

  const refresh = config.secretStore.refreshInterval;
  if (!DURATION.test(refresh) || !refresh) {
    fail('secretStore.refreshInterval', `(${refresh}) is not like 1h`);
  }
  // 0 turns refreshing off (a rotated secret never arrives); below a minute burns API quota.
  const seconds = durationSeconds(refresh);
  if (seconds < REFRESH_SECONDS.min || seconds > REFRESH_SECONDS.max) {
    fail('secretStore.refreshInterval', `(${refresh}) must be from 1m to 24h`);
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
  if (!(CLUSTER_LOG_LEVELS as readonly string[]).includes(config.logLevel)) {
    fail('logLevel', `(${config.logLevel}) must be one of ${CLUSTER_LOG_LEVELS.join(', ')}`);
  }
  const readinessWindow = READINESS.periodSeconds * READINESS.failureThreshold;
  checkInteger(config.drainSeconds, 'drainSeconds', 0, DRAIN_SECONDS_MAX, fail,
    ' (DRAIN_SECONDS the services accept)');
  if (config.drainSeconds < readinessWindow) {
    fail('drainSeconds', `(${config.drainSeconds}) is below the ${readinessWindow} s readiness ` +
      'needs to take a pod out of its endpoints');
  }
  checkInteger(config.requestBudgetSeconds, 'requestBudgetSeconds',
    REQUEST_BUDGET_SECONDS.min, REQUEST_BUDGET_SECONDS.max, fail,
    ' (the router\'s longest deadline)');

  const mode: string = services.cortex.mode;
  if (mode !== 'deployment' && mode !== 'statefulset') {
    fail('services.cortex.mode', `(${mode}) must be deployment or statefulset`);
  }
  for (const service of ['registry', 'subscription'] as const) {
    checkCount(services[service].replicas, `services.${service}.replicas`, fail);
  }
  if (services.cortex.mode === 'deployment') {
    checkCount(services.cortex.replicas, 'services.cortex.replicas', fail);
  }
  checkHpa(config, fail);

  for (const service of SERVICE_NAMES) {
    const settings = services[service];
    const path = `services.${service}`;
    checkResources(settings.resources, `${path}.resources`, config.autopilot, fail);
    checkSurge(config, service, fail);
  }
  checkAgentUsers(config, fail);

  // The table: registry runs 2-3 replicas for HA, subscription exactly 2.
  const { registry, subscription } = services;
  if (registry.replicas < 2 || registry.replicas > 3) {
    fail('services.registry.replicas', `(${registry.replicas}) must be 2 or 3 (HA)`);
  }
  if (subscription.replicas !== 2) {
    fail('services.subscription.replicas', `(${subscription.replicas}) must be 2`);
  }
  if (services.cortex.mode === 'statefulset') checkCortexStorage(config, fail);
}

/** A StatefulSet exists to keep local state; without a volume it loses it on every restart. */
function checkCortexStorage(config: ClusterConfig, fail: Fail): void {
  const cortex = config.services.cortex;
  if (cortex.mode !== 'statefulset') return;
  if (!cortex.storage) {
    fail('services.cortex.storage', 'is missing: mode statefulset keeps local state, which ' +
      'needs a volume (use mode deployment for a stateless cortex)');
  }
  const { size, storageClassName } = cortex.storage;
  if (!isCanonicalQuantity(size) || !(quantityValue(size) > 0)) {
    fail('services.cortex.storage.size', `(${size}) is not a positive canonical quantity`);
  }
  if (!storageClassName) fail('services.cortex.storage.storageClassName', 'is missing');
  if (!DNS_SUBDOMAIN.test(storageClassName)) {
    fail('services.cortex.storage.storageClassName', `(${storageClassName}) is not a ` +
      'StorageClass name');
  }
}

/** Surge of at least one pod (maxUnavailable is 0) and at most a full second set. */
function checkSurge(config: ClusterConfig, service: ServiceName, fail: Fail): void {
  const field = `services.${service}.maxSurge`;
  const { maxSurge } = config.services[service];
  if (!Number.isInteger(maxSurge) || maxSurge < 1) {
    fail(field, `(${maxSurge}) must be an integer >= 1 (maxUnavailable is 0, so a rollout ` +
      'needs surge)');
  }
  const pods = replicaPlan(config, service).maxReplicas;
  if (maxSurge > pods) {
    fail(field, `(${maxSurge}) is above the ${pods} replica(s) it would replace`);
  }
}

function checkHpa(config: ClusterConfig, fail: Fail): void {
  const hpa = config.services.router.hpa;
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

/**
 * Sentinel agent user ids are UUIDs, and no two share one: the router's upstream identity (used
 * only toward registry and subscription) must differ from the one it forwards to agents.
 */
function checkAgentUsers(config: ClusterConfig, fail: Fail): void {
  const owners = new Map<string, string>();
  const users: Array<readonly [string, string, string]> = [
    ...SERVICE_NAMES.map((service) => [`services.${service}.agentUserId`,
      config.services[service].agentUserId, service] as const),
    ['services.router.upstreamAgentUserId', config.services.router.upstreamAgentUserId,
      'router (upstream)'],
  ];
  for (const [field, id, user] of users) {
    if (!id) fail(field, 'is missing');
    if (!UUID.test(id)) fail(field, `(${id}) is not a lower-case UUID (Sentinel agent user id)`);
    const owner = owners.get(id);
    if (owner) fail(field, `(${id}) is already the agent user of ${owner}`);
    owners.set(id, user);
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
      if (!(quantityValue(value) > 0)) {
        fail(`${path}.${side}.${key}`, `(${value}) must be above 0`);
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
    if (ipv4(db.host) === undefined && !HOST.test(db.host)) {
      fail(`${path}.host`, `(${db.host}) is neither an IPv4 address nor a host name`);
    }
    checkPort(db.port, `${path}.port`, fail);
    checkPrivateCidr(db.cidr, `${path}.cidr`, fail);
    if (ipv4(db.host) !== undefined && !cidrContains(db.cidr, db.host)) {
      fail(`${path}.cidr`, `(${db.cidr}) does not contain host ${db.host}`);
    }
    checkInteger(db.maxConnections, `${path}.maxConnections`, 1, MAX_CONNECTIONS, fail);
    // A negative or NaN reserve would enlarge the budget the services may use.
    checkInteger(db.reservedConnections, `${path}.reservedConnections`, 0,
      db.maxConnections - 1, fail, ' (below maxConnections)');
  }

  for (const service of ['registry', 'subscription', 'cortex'] as const) {
    const { instance, poolSize } = config.services[service].database;
    if (!config.databases[instance]) {
      fail(`services.${service}.database.instance`, `(${instance}) is not a key of databases`);
    }
    checkInteger(poolSize, `services.${service}.database.poolSize`, POOL_SIZE.min,
      POOL_SIZE.max, fail, ' (DATABASE_POOL_MAX the services accept)');
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
  // A shared cloud identity would let one service read another's secrets (the store reader
  // reads them all), which the per-service split exists to prevent.
  const owners = new Map<string, string>();
  for (const key of [...SERVICE_NAMES, 'secretStore'] as const) {
    const identity = config.identities?.[key];
    if (!identity || !pattern.test(identity)) {
      fail(`identities.${key}`, `(${identity}) is not ${what}`);
    }
    const owner = owners.get(identity);
    if (owner) fail(`identities.${key}`, `(${identity}) is already the identity of ${owner}`);
    owners.set(identity, key);
  }
}

function checkIngress(config: ClusterConfig, fail: Fail): void {
  const ingress = config.ingress;
  if (ingress.flavour !== 'alb' && ingress.flavour !== 'nginx') {
    fail('ingress.flavour', `(${String((ingress as { flavour: unknown }).flavour)}) must be ` +
      'nginx or alb');
  }
  if (ingress.flavour === 'alb') {
    if (config.cloud !== 'eks') fail('ingress.flavour', '(alb) needs cloud eks');
    if (!ACM_ARN.test(ingress.certificateArn)) {
      fail('ingress.certificateArn', `(${ingress.certificateArn}) is not an ACM certificate ARN`);
    }
    checkPrivateCidr(ingress.vpcCidr, 'ingress.vpcCidr', fail);
    return;
  }
  if (!DNS_LABEL.test(ingress.controllerNamespace)) {
    fail('ingress.controllerNamespace', `(${ingress.controllerNamespace}) is not a namespace ` +
      'name');
  }
  if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(ingress.acmeEmail)) {
    fail('ingress.acmeEmail', `(${ingress.acmeEmail}) is not an e-mail address`);
  }
  const acme = parseUrl(ingress.acmeServer);
  if (acme?.protocol !== 'https:') {
    fail('ingress.acmeServer', `(${ingress.acmeServer}) must be an https URL`);
  }
  checkPlainUrl(acme, ingress.acmeServer, 'ingress.acmeServer', fail);
}

function checkPrometheus(config: ClusterConfig, fail: Fail): void {
  const prometheus = config.prometheus;
  if (prometheus.flavour !== 'operator' && prometheus.flavour !== 'gmp') {
    fail('prometheus.flavour', `(${String((prometheus as { flavour: unknown }).flavour)}) ` +
      'must be operator or gmp');
  }
  if (prometheus.flavour !== 'operator') return;
  if (!DNS_LABEL.test(prometheus.namespace)) {
    fail('prometheus.namespace', `(${prometheus.namespace}) is not a namespace name`);
  }
  for (const [key, value] of Object.entries(prometheus.selectorLabels)) {
    // An empty value is legal Kubernetes but selects nothing a Prometheus would be set up for.
    if (!LABEL_KEY.test(key) || !value || !LABEL_VALUE.test(value)) {
      fail(`prometheus.selectorLabels.${key}`, `(${value}) is not a valid label`);
    }
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

/** A name of `edge` characters at both ends and `inner` ones between, at most `max + 1` long. */
function label(edge: string, inner: string, max: number): string {
  return `[${edge}]([${inner}]{0,${max - 1}}[${edge}])?`;
}

/** Seconds of a Go duration already matched by DURATION (`1h30m`). */
function durationSeconds(duration: string): number {
  const unit: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1 };
  return [...duration.matchAll(/(\d+)([hms])/g)]
    .reduce((sum, [, amount, suffix]) => sum + Number(amount) * unit[suffix!]!, 0);
}

/** A pod count: 1 to MAX_REPLICAS. */
function checkCount(value: number, field: string, fail: Fail): void {
  checkInteger(value, field, 1, MAX_REPLICAS, fail);
}
