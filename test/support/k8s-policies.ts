import type { ClusterConfig } from '../../clusters/cluster-config.ts';
import { isCanonicalQuantity } from '../../apps/quantity.ts';
import { readBackDefaults } from './k8s-defaults.ts';
import { podTemplates, type K8sObject } from './k8s-manifests.ts';

/** A policy returns one readable line per violation; an empty list means it holds. */
export type Policy = (objects: K8sObject[], config: ClusterConfig) => string[];

const id = (object: K8sObject) => `${object.file}: ${object.kind}/${object.metadata.name}`;

const LABEL_KEYS = ['name', 'instance', 'version', 'component', 'part-of', 'managed-by']
  .map((key) => `app.kubernetes.io/${key}`);

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** cdk8s appends an 8-hex hash to names it generates. */
const HASH_SUFFIX = /-[0-9a-f]{8}$/;
const PINNED = /@sha256:[0-9a-f]{64}$/;

function labelProblems(where: string, labels: Record<string, string> | undefined): string[] {
  const problems = LABEL_KEYS.filter((key) => !labels?.[key])
    .map((key) => `${where} lacks ${key}`);
  if (labels?.['app.kubernetes.io/part-of'] !== 'traylinx') problems.push(`${where} not part-of`);
  if (labels?.['app.kubernetes.io/managed-by'] !== 'cdk8s') problems.push(`${where} managed-by`);
  return problems;
}

/** Pod templates of Deployments and StatefulSets (not Jobs). */
function workloadTemplates(objects: K8sObject[]) {
  return podTemplates(objects).filter(({ owner }) => owner.kind !== 'Job');
}

function matches(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

export const stableNames: Policy = (objects) => objects.flatMap((object) => {
  const name = object.metadata.name;
  if (!DNS_NAME.test(name)) return [`${id(object)} name is not a DNS name`];
  if (HASH_SUFFIX.test(name)) return [`${id(object)} name ends in a generated hash`];
  return [];
});

export const fullLabels: Policy = (objects) => [
  ...objects.flatMap((object) => labelProblems(id(object), object.metadata.labels)),
  ...podTemplates(objects).flatMap(({ owner, template }) =>
    labelProblems(`${id(owner)} pod template`, template.metadata?.labels)),
];

export const servicesSelectPods: Policy = (objects) => {
  const templates = podTemplates(objects);
  return objects.filter((object) => object.kind === 'Service').flatMap((service) => {
    const selector = (service as any).spec.selector as Record<string, string>;
    const selected = templates
      .filter(({ template }) => matches(selector, template.metadata.labels));
    if (selected.length === 0) return [`${id(service)} selects no pod template`];
    if (selected.some(({ owner }) => owner.kind === 'Job')) {
      return [`${id(service)} selects a Job`];
    }
    return [];
  });
};

export const imagesFromClusterMap: Policy = (objects, config) =>
  podTemplates(objects).flatMap(({ owner, template }) => {
    const service = owner.metadata.labels?.['app.kubernetes.io/name'] as
      keyof ClusterConfig['images'];
    return (template.spec.containers as any[]).flatMap((container) => {
      if (!PINNED.test(container.image)) return [`${id(owner)} image not pinned by digest`];
      if (container.image !== config.images[service]) {
        return [`${id(owner)} image is not images.${service} of ${config.name}`];
      }
      return [];
    });
  });

export const hardenedPods: Policy = (objects, config) =>
  podTemplates(objects).flatMap(({ owner, template }) => {
    const problems: string[] = [];
    const spec = template.spec;
    const pod = spec.securityContext ?? {};
    if (pod.runAsNonRoot !== true || !Number.isInteger(pod.runAsUser) ||
      !Number.isInteger(pod.runAsGroup) || !Number.isInteger(pod.fsGroup) ||
      pod.seccompProfile?.type !== 'RuntimeDefault') {
      problems.push(`${id(owner)} pod securityContext is not hardened`);
    }
    if (spec.automountServiceAccountToken !== false) problems.push(`${id(owner)} mounts a token`);

    const tmp = (spec.volumes ?? []).find((volume: any) => volume.name === 'tmp');
    if (!tmp?.emptyDir?.sizeLimit) problems.push(`${id(owner)} has no sized /tmp emptyDir`);

    for (const container of spec.containers as any[]) {
      const where = `${id(owner)} container ${container.name}`;
      const security = container.securityContext ?? {};
      if (security.allowPrivilegeEscalation !== false ||
        security.readOnlyRootFilesystem !== true ||
        JSON.stringify(security.capabilities?.drop) !== '["ALL"]' ||
        security.seccompProfile?.type !== 'RuntimeDefault') {
        problems.push(`${where} securityContext is not hardened`);
      }
      if (!(container.volumeMounts ?? []).some((m: any) => m.mountPath === '/tmp')) {
        problems.push(`${where} has no writable /tmp`);
      }
      for (const side of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
          if (!container.resources?.[side]?.[resource]) {
            problems.push(`${where} lacks ${side}.${resource}`);
          }
        }
      }
      const { requests, limits } = container.resources ?? {};
      if (config.autopilot && JSON.stringify(requests) !== JSON.stringify(limits)) {
        problems.push(`${where} limits differ from requests on Autopilot`);
      }
      if (owner.kind === 'Job') continue;
      if (container.readinessProbe?.httpGet?.path !== '/ready') {
        problems.push(`${where} readiness is not /ready`);
      }
      if (container.livenessProbe?.httpGet?.path !== '/health') {
        problems.push(`${where} liveness is not /health`);
      }
      if (!container.startupProbe?.httpGet) problems.push(`${where} has no startup probe`);
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        for (const field of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds',
          'successThreshold', 'failureThreshold']) {
          if (!Number.isInteger(container[probe]?.[field])) {
            problems.push(`${where} ${probe}.${field} is not explicit`);
          }
        }
      }
    }
    return problems;
  });

/** Rollouts never drop below desired capacity and drain before the grace period ends. */
export const safeRollouts: Policy = (objects, config) =>
  workloadTemplates(objects).flatMap(({ owner, template }) => {
    const problems: string[] = [];
    const spec = (owner as any).spec;
    if (owner.kind === 'Deployment' && spec.strategy?.rollingUpdate?.maxUnavailable !== 0) {
      problems.push(`${id(owner)} may drop below desired capacity`);
    }
    const grace = template.spec.terminationGracePeriodSeconds;
    const drain = Number(template.spec.containers[0].env
      .find((env: any) => env.name === 'DRAIN_SECONDS')?.value);
    if (!(grace > drain + config.requestBudgetSeconds)) {
      problems.push(`${id(owner)} grace ${grace} does not cover drain ${drain} + requests`);
    }
    const keys = (template.spec.topologySpreadConstraints ?? []).map((c: any) => c.topologyKey);
    if (!keys.includes('topology.kubernetes.io/zone')) {
      problems.push(`${id(owner)} is not spread over zones`);
    }
    return problems;
  });

export const disruptionBudgets: Policy = (objects) => {
  const budgets = objects.filter((object) => object.kind === 'PodDisruptionBudget');
  const scaled = new Set(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')
    .map((hpa) => (hpa as any).spec.scaleTargetRef.name as string));
  return workloadTemplates(objects)
    .flatMap(({ owner, template }) => {
      const replicas = (owner as any).spec.replicas;
      const many = scaled.has(owner.metadata.name) || replicas > 1;
      const covered = budgets.some((pdb) =>
        matches((pdb as any).spec.selector.matchLabels, template.metadata.labels));
      if (many && !covered) return [`${id(owner)} runs several replicas without a PDB`];
      if (!many && covered) return [`${id(owner)} has a PDB with one replica (blocks drains)`];
      return [];
    });
};

export const autoscaledHaveNoReplicas: Policy = (objects) =>
  objects.filter((object) => object.kind === 'HorizontalPodAutoscaler').flatMap((hpa) => {
    const ref = (hpa as any).spec.scaleTargetRef;
    const target = objects.find((o) => o.kind === ref.kind && o.metadata.name === ref.name);
    if (!target) return [`${id(hpa)} targets a missing ${ref.kind}/${ref.name}`];
    const replicas = 'replicas' in ((target as any).spec ?? {});
    return replicas ? [`${id(target)} has replicas and an HPA`] : [];
  });

/** Strings that look like credentials: URLs with a password, keys, tokens. */
const SECRET_LOOKING = [
  /:\/\/[^/\s:@]+:[^/\s@]+@/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./,
];

function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* strings(item, `${path}.${key}`);
  }
}

export const noSecretValues: Policy = (objects) => objects.flatMap((object) => {
  const problems: string[] = [];
  if (object.kind === 'Secret') problems.push(`${id(object)} is a Secret`);
  for (const [path, value] of strings(object, '')) {
    if (SECRET_LOOKING.some((pattern) => pattern.test(value))) {
      problems.push(`${id(object)} ${path} looks like a secret value`);
    }
  }
  for (const { template } of podTemplates([object])) {
    for (const env of template.spec.containers.flatMap((c: any) => c.env ?? [])) {
      if (/URL$|SECRET|PASSWORD|TOKEN|CLIENT_ID/.test(env.name) && env.value !== undefined &&
        !/^(TRAYLINX_API_BASE_URL|OTEL_EXPORTER_OTLP_ENDPOINT|REGISTRY_URL|SUBSCRIPTION_URL)$/
          .test(env.name)) {
        problems.push(`${id(object)} env ${env.name} is a plain value, not a secret reference`);
      }
    }
  }
  return problems;
});

const QUANTITY_KEYS = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'sizeLimit']);

function* quantities(value: unknown, path: string): Generator<[string, string]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* quantities(item, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (QUANTITY_KEYS.has(key) && (typeof item === 'string' || typeof item === 'number')) {
        yield [`${path}.${key}`, String(item)];
      } else {
        yield* quantities(item, `${path}.${key}`);
      }
    }
  }
}

export const canonicalQuantities: Policy = (objects) => objects.flatMap((object) =>
  [...quantities(object, '')]
    .filter(([, quantity]) => !isCanonicalQuantity(quantity))
    .map(([path, quantity]) => `${id(object)} ${path} (${quantity}) is not canonical`));

/** Empty `{}` is meaningful only as a NetworkPolicy's select-all podSelector. */
const MEANINGFUL_EMPTY = new Set(['.spec.podSelector']);

function* empties(value: unknown, path: string): Generator<string> {
  if (value === null || value === undefined) yield path;
  else if (Array.isArray(value)) {
    if (value.length === 0) yield path;
    for (const [i, item] of value.entries()) yield* empties(item, `${path}[${i}]`);
  } else if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0 && !MEANINGFUL_EMPTY.has(path)) yield path;
    for (const [key, item] of entries) yield* empties(item, `${path}.${key}`);
  }
}

export const noEmptyValues: Policy = (objects) => objects.flatMap((object) => {
  const { file: _file, ...body } = object;
  return [...empties(body, '')].map((path) => `${id(object)} ${path} is empty or null`);
});

const WAVE = 'argocd.argoproj.io/sync-wave';

/** Namespace and secrets before migrations, migrations before workloads. */
export const syncOrder: Policy = (objects) => {
  const wave = (object: K8sObject) => Number(object.metadata.annotations?.[WAVE]);
  const problems = objects.filter((o) => Number.isNaN(wave(o))).map((o) => `${id(o)} has no wave`);
  const migrations = objects.filter((o) => o.kind === 'Job');
  const early = objects.filter((o) => ['Namespace', 'ExternalSecret', 'SecretStore',
    'ClusterSecretStore', 'ServiceAccount'].includes(o.kind));
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
  for (const job of migrations) {
    const annotations = job.metadata.annotations ?? {};
    if (annotations['argocd.argoproj.io/hook'] !== 'Sync' ||
      annotations['argocd.argoproj.io/hook-delete-policy'] !== 'BeforeHookCreation') {
      problems.push(`${id(job)} is not a Sync hook replaced before each run`);
    }
    const spec = (job as any).spec;
    if (spec.parallelism !== 1 || spec.completions !== 1 || !(spec.backoffLimit >= 0) ||
      !(spec.activeDeadlineSeconds > 0)) {
      problems.push(`${id(job)} may run concurrently or forever`);
    }
    for (const before of early) {
      if (!(wave(before) < wave(job))) problems.push(`${id(before)} is not before ${id(job)}`);
    }
    for (const after of workloads) {
      if (!(wave(job) < wave(after))) problems.push(`${id(after)} is not after ${id(job)}`);
    }
  }
  return problems;
};

/** Every policy by name, so one test can run them all over every cluster. */
export const POLICIES: Readonly<Record<string, Policy>> = {
  stableNames,
  fullLabels,
  servicesSelectPods,
  imagesFromClusterMap,
  hardenedPods,
  safeRollouts,
  disruptionBudgets,
  autoscaledHaveNoReplicas,
  noSecretValues,
  canonicalQuantities,
  noEmptyValues,
  syncOrder,
  readBackDefaults,
};
