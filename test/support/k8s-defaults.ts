import type { K8sObject } from './k8s-manifests.ts';
import type { Policy } from './k8s-policies.ts';

/**
 * Fields the API server (or a CRD's schema) fills in when absent, inside objects and lists we
 * emit. Argo CD compares list items as wholes, so one defaulted field in a container, port, rule
 * or claim template makes the app OutOfSync after every sync. Each must be written explicitly.
 *
 * Left out on purpose: the migration Jobs (Argo CD hooks are not diffed, so `completionMode`,
 * `suspend`, `podReplacementPolicy` and the generated selector never matter), top-level Service
 * fields such as `clusterIP` and `ipFamilyPolicy` (a field absent from dist/ is not compared),
 * and PodDisruptionBudget `unhealthyPodEvictionPolicy` (the API server leaves it unset).
 */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.revisionHistoryLimit', 'spec.progressDeadlineSeconds', 'spec.strategy.type',
    'spec.strategy.rollingUpdate.maxUnavailable', 'spec.strategy.rollingUpdate.maxSurge'],
  StatefulSet: ['spec.revisionHistoryLimit', 'spec.podManagementPolicy',
    'spec.updateStrategy.type', 'spec.updateStrategy.rollingUpdate.partition',
    'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
    'spec.persistentVolumeClaimRetentionPolicy.whenScaled',
    'spec.volumeClaimTemplates?[].apiVersion', 'spec.volumeClaimTemplates?[].kind',
    'spec.volumeClaimTemplates?[].spec.volumeMode'],
  Service: ['spec.type', 'spec.sessionAffinity', 'spec.ports[].protocol',
    'spec.ports[].targetPort'],
  NetworkPolicy: ['spec.policyTypes', 'spec.ingress?[].ports?[].protocol',
    'spec.egress?[].ports?[].protocol'],
  Ingress: ['spec.rules[].http.paths[].pathType'],
  HorizontalPodAutoscaler: ['spec.behavior?.scaleUp.stabilizationWindowSeconds',
    'spec.behavior?.scaleUp.selectPolicy', 'spec.behavior?.scaleUp.policies',
    'spec.behavior?.scaleDown.stabilizationWindowSeconds',
    'spec.behavior?.scaleDown.selectPolicy', 'spec.behavior?.scaleDown.policies'],
  ExternalSecret: ['spec.refreshInterval', 'spec.target.creationPolicy',
    'spec.target.deletionPolicy', 'spec.data?[].remoteRef.conversionStrategy',
    'spec.data?[].remoteRef.decodingStrategy', 'spec.data?[].remoteRef.metadataPolicy'],
};

/** Defaulted fields of a pod template (Deployments and StatefulSets). */
const POD_TEMPLATE: readonly string[] = [
  'spec.dnsPolicy', 'spec.schedulerName', 'spec.restartPolicy',
  'spec.terminationGracePeriodSeconds', 'spec.securityContext', 'spec.enableServiceLinks',
  ...['containers[]', 'initContainers?[]'].flatMap((list) => [
    `${list}.imagePullPolicy`, `${list}.terminationMessagePath`,
    `${list}.terminationMessagePolicy`, `${list}.ports?[].protocol`,
    `${list}.env?[].valueFrom?.fieldRef?.apiVersion`,
    ...['readinessProbe', 'livenessProbe', 'startupProbe'].flatMap((probe) => [
      'httpGet?.scheme', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds',
      'successThreshold', 'failureThreshold'].map((field) => `${list}.${probe}?.${field}`)),
  ].map((path) => `spec.${path}`)),
  'spec.volumes?[].secret?.defaultMode', 'spec.volumes?[].configMap?.defaultMode',
];

/**
 * Paths where a required field is missing. `a[]` walks every item of list `a`; `a?` may be
 * absent (an unused probe or list needs nothing), any other step must be present.
 */
export function missingFields(value: unknown, path: string, where = ''): string[] {
  const [head, ...rest] = path.split('.');
  const list = head!.endsWith('[]');
  const step = list ? head!.slice(0, -2) : head!;
  const optional = step.endsWith('?');
  const key = optional ? step.slice(0, -1) : step;
  const child = (value as Record<string, unknown> | undefined)?.[key];
  const here = where ? `${where}.${key}` : key;
  if (child === undefined) return optional ? [] : [here];
  if (rest.length === 0) return [];
  if (!list) return missingFields(child, rest.join('.'), here);
  return (child as unknown[]).flatMap((item, index) =>
    missingFields(item, rest.join('.'), `${here}[${index}]`));
}

const id = (object: K8sObject) => `${object.file}: ${object.kind}/${object.metadata.name}`;

/** No field the API server would add on read-back is missing from what we write. */
export const readBackDefaults: Policy = (objects) => objects.flatMap((object) => {
  const paths = REQUIRED[object.kind] ?? [];
  const own = paths.flatMap((path) => missingFields(object, path));
  const template = ['Deployment', 'StatefulSet'].includes(object.kind)
    ? POD_TEMPLATE.flatMap((path) =>
      missingFields((object as any).spec.template, path, 'spec.template'))
    : [];
  return [...own, ...template].map((path) => `${id(object)} leaves ${path} to the API server`);
});
