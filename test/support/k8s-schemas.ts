import * as argoCd from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import * as certManager from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import * as externalSecrets from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import * as prometheusOperator
  from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import { validatePodMonitoring } from './k8s-podmonitoring-schema.ts';

type Validate = (object: Record<string, unknown>) => void;

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: Record<string, unknown>): { validate(): void };
}

const MODULES: readonly Record<string, unknown>[] = [
  core, apps, autoscaling, batch, networking, policy, rbac,
  argoCd, certManager, externalSecrets, prometheusOperator,
];

/**
 * We write External Secrets `v1`; the schema package we can install on Node 20 has `v1beta1`,
 * whose fields we use are the same. Validate `v1` objects with the `v1beta1` schema.
 */
const VERSION_ALIASES: Readonly<Record<string, string>> = {
  'external-secrets.io/v1': 'external-secrets.io/v1beta1',
};

function buildRegistry(): Map<string, Validate> {
  const registry = new Map<string, Validate>();
  for (const module of MODULES) {
    for (const value of Object.values(module)) {
      const model = value as Partial<ModelClass>;
      if (typeof value !== 'function' || !model.apiVersion || !model.kind) continue;
      const Model = value as ModelClass;
      registry.set(`${Model.apiVersion}/${Model.kind}`, (object) => new Model(object).validate());
    }
  }
  registry.set('monitoring.googleapis.com/v1/PodMonitoring', validatePodMonitoring);
  return registry;
}

const REGISTRY = buildRegistry();

/** Validates an object against its kind's schema; unknown kinds throw too. */
export function validateObject(object: Record<string, unknown>): void {
  const apiVersion = String(object.apiVersion);
  const key = `${VERSION_ALIASES[apiVersion] ?? apiVersion}/${String(object.kind)}`;
  const validate = REGISTRY.get(key);
  if (!validate) throw new Error(`no schema for ${apiVersion} ${String(object.kind)}`);
  const { file: _file, ...body } = object;
  const typed = VERSION_ALIASES[apiVersion]
    ? { ...body, apiVersion: VERSION_ALIASES[apiVersion] }
    : body;
  validate(typed);
}
