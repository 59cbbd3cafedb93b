import { describe, expect, it } from 'vitest';
import { ClusterConfigError } from '../../clusters/cluster-error.ts';
import { eksProd } from '../../clusters/eks-prod.ts';
import { gkeProd } from '../../clusters/gke-prod.ts';
import { gkeStaging } from '../../clusters/gke-staging.ts';
import { validateCluster } from '../../clusters/validate.ts';
import { CLUSTER_SHAPE } from '../../clusters/validation/cluster-shape.ts';
import type { Shape } from '../../clusters/validation/shape.ts';
import { mutate } from '../support/k8s-manifests.ts';

/** Field paths of `value` the shape does not describe (a config field added without a shape). */
function uncovered(value: unknown, shape: Shape, path: string): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const target = value as Record<string, unknown>;
  const fields = shape.type === 'object' ? shape.fields
    : shape.type === 'variant'
      ? { [shape.tag]: { shape: { type: 'string' } as Shape }, ...shape.shared,
        ...shape.cases[target[shape.tag] as string] }
      : undefined;
  if (shape.type === 'record') {
    return Object.entries(target).flatMap(([k, v]) => uncovered(v, shape.values, `${path}.${k}`));
  }
  if (!fields) return [path];
  return Object.entries(target).flatMap(([key, item]) => fields[key]
    ? uncovered(item, fields[key]!.shape, `${path}.${key}`)
    : [`${path}.${key}`]);
}

/** The message validation fails with; anything but a ClusterConfigError fails the test. */
function failure(config: unknown): string {
  try {
    validateCluster(config as typeof gkeProd);
  } catch (error) {
    expect(error).toBeInstanceOf(ClusterConfigError);
    return (error as Error).message;
  }
  throw new Error('validation accepted a mistyped config');
}

const operator = (change: (d: any) => void) => mutate(eksProd, (d) => {
  d.prometheus = { flavour: 'operator', namespace: 'monitoring',
    selectorLabels: { release: 'prometheus' } };
  change(d);
});

// Configs may come from hand-edited files or JSON: a wrong type or a null object must name
// the field, never surface as a TypeError from inside a check.
describe('a mistyped or missing field is one ClusterConfigError naming cluster and field', () => {
  const cases: Array<[string, unknown, string]> = [
    ['config null', null, '<unnamed>: (config) is missing (null)'],
    ['name null', mutate(gkeProd, (d) => { d.name = null; }), '<unnamed>: name is missing (null)'],
    ['name 0', mutate(gkeProd, (d) => { d.name = 0; }), '<unnamed>: name (0) must be a string'],
    ['name true', mutate(gkeProd, (d) => { d.name = true; }),
      '<unnamed>: name (true) must be a string'],
    ['secretStore.name a number', mutate(gkeProd, (d) => { d.secretStore.name = 7; }),
      'gke-prod: secretStore.name (7) must be a string'],
    ['secretStore.clusterName a boolean',
      mutate(gkeProd, (d) => { d.secretStore.clusterName = false; }),
      'gke-prod: secretStore.clusterName (false) must be a string'],
    ['ingress.controllerNamespace a number',
      mutate(gkeProd, (d) => { d.ingress.controllerNamespace = 1; }),
      'gke-prod: ingress.controllerNamespace (1) must be a string'],
    ['prometheus.namespace a boolean', operator((d) => { d.prometheus.namespace = true; }),
      'eks-prod: prometheus.namespace (true) must be a string'],
    ['storageClassName a number',
      mutate(gkeProd, (d) => { d.services.cortex.storage.storageClassName = 3; }),
      'gke-prod: services.cortex.storage.storageClassName (3) must be a string'],
    ['selectorLabels {}', operator((d) => { d.prometheus.selectorLabels = {}; }),
      'eks-prod: prometheus.selectorLabels must have at least one entry'],
    ['selectorLabels a number', operator((d) => { d.prometheus.selectorLabels = 5; }),
      'eks-prod: prometheus.selectorLabels (5) must be an object'],
    ['selectorLabels a string', operator((d) => { d.prometheus.selectorLabels = 'a=b'; }),
      'eks-prod: prometheus.selectorLabels ("a=b") must be an object'],
    ['selectorLabels an array', operator((d) => { d.prometheus.selectorLabels = ['a']; }),
      'eks-prod: prometheus.selectorLabels (["a"]) must be an object'],
    ['selector label NaN', operator((d) => { d.prometheus.selectorLabels = { a: NaN }; }),
      'eks-prod: prometheus.selectorLabels.a (NaN) must be a string'],
    ['selector label null', operator((d) => { d.prometheus.selectorLabels = { a: null }; }),
      'eks-prod: prometheus.selectorLabels.a is missing (null)'],
    ['selector label empty', operator((d) => { d.prometheus.selectorLabels = { a: '' }; }),
      'eks-prod: prometheus.selectorLabels.a () is not a valid label'],
    ['refreshInterval []', mutate(gkeProd, (d) => { d.secretStore.refreshInterval = []; }),
      'gke-prod: secretStore.refreshInterval ([]) must be a string'],
    ['services missing', mutate(gkeProd, (d) => { delete d.services; }),
      'gke-prod: services is missing (undefined)'],
    ['services.router null', mutate(eksProd, (d) => { d.services.router = null; }),
      'eks-prod: services.router is missing (null)'],
    ['resources missing', mutate(gkeProd, (d) => { delete d.services.registry.resources; }),
      'gke-prod: services.registry.resources is missing (undefined)'],
    ['resources.requests null',
      mutate(gkeProd, (d) => { d.services.cortex.resources.requests = null; }),
      'gke-prod: services.cortex.resources.requests is missing (null)'],
    ['resources.limits a string',
      mutate(gkeProd, (d) => { d.services.cortex.resources.limits = '1'; }),
      'gke-prod: services.cortex.resources.limits ("1") must be an object'],
    ['database missing', mutate(eksProd, (d) => { delete d.services.subscription.database; }),
      'eks-prod: services.subscription.database is missing (undefined)'],
    ['router.hpa null', mutate(eksProd, (d) => { d.services.router.hpa = null; }),
      'eks-prod: services.router.hpa is missing (null)'],
    ['databases null', mutate(gkeProd, (d) => { d.databases = null; }),
      'gke-prod: databases is missing (null)'],
    ['databases.main null', mutate(gkeProd, (d) => { d.databases.main = null; }),
      'gke-prod: databases.main is missing (null)'],
    ['databases empty', mutate(gkeProd, (d) => { d.databases = {}; }),
      'gke-prod: databases must have at least one entry'],
    ['secretStore missing', mutate(gkeStaging, (d) => { delete d.secretStore; }),
      'gke-staging: secretStore is missing (undefined)'],
    ['ingress null', mutate(gkeProd, (d) => { d.ingress = null; }),
      'gke-prod: ingress is missing (null)'],
    ['telemetry an array', mutate(gkeProd, (d) => { d.telemetry = []; }),
      'gke-prod: telemetry ([]) must be an object'],
    ['prometheus missing', mutate(eksProd, (d) => { delete d.prometheus; }),
      'eks-prod: prometheus is missing (undefined)'],
    ['selectorLabels missing', operator((d) => { delete d.prometheus.selectorLabels; }),
      'eks-prod: prometheus.selectorLabels is missing (undefined)'],
    ['drainSeconds a string', mutate(gkeProd, (d) => { d.drainSeconds = '15'; }),
      'gke-prod: drainSeconds ("15") must be a number'],
    ['autopilot a string', mutate(gkeProd, (d) => { d.autopilot = 'true'; }),
      'gke-prod: autopilot ("true") must be a boolean'],
  ];

  it.each(cases)('%s', (_, config, message) => {
    expect(failure(config)).toBe(message);
  });

  it('leaves an unknown variant tag to the check that names the allowed values', () => {
    expect(failure(mutate(gkeProd, (d) => { d.ingress = { flavour: 'traefik' }; })))
      .toBe('gke-prod: ingress.flavour (traefik) must be nginx or alb');
  });

  it('describes every field the real clusters set', () => {
    for (const config of [gkeProd, eksProd, gkeStaging, operator(() => undefined)]) {
      expect(uncovered(config, CLUSTER_SHAPE, config.name)).toEqual([]);
    }
  });

  it('accepts every real cluster', () => {
    for (const config of [gkeProd, eksProd, gkeStaging]) {
      expect(() => validateCluster(config)).not.toThrow();
    }
  });
});
