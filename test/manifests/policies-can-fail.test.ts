import { describe, expect, it } from 'vitest';
import { gkeProd } from '../../clusters/gke-prod.ts';
import { DIST_DIR, find, loadCluster, mutate, type K8sObject } from '../support/k8s-manifests.ts';
import { POLICIES } from '../support/k8s-policies.ts';

/** Fresh parsed objects of gke-prod for each case, so mutations never leak. */
const load = () => loadCluster(DIST_DIR, 'gke-prod');

function broken(change: (objects: K8sObject[]) => void): K8sObject[] {
  const objects = load();
  change(objects);
  return objects;
}

const deployment = (objects: K8sObject[], name: string): any =>
  find(objects, 'Deployment', name);

describe('each policy catches the defect it exists for', () => {
  const cases: Array<[string, string, (objects: K8sObject[]) => void]> = [
    ['stableNames', 'hashed name', (o) => { (find(o, 'Service', 'router').metadata as any).name =
      'router-c8583c31'; }],
    ['fullLabels', 'missing version label', (o) => {
      delete deployment(o, 'registry').spec.template.metadata.labels['app.kubernetes.io/version'];
    }],
    ['servicesSelectPods', 'selector matching nothing', (o) => {
      (find(o, 'Service', 'registry') as any).spec.selector['app.kubernetes.io/name'] = 'nope';
    }],
    ['imagesFromClusterMap', 'tag instead of digest', (o) => {
      deployment(o, 'router').spec.template.spec.containers[0].image = 'router:latest';
    }],
    ['hardenedPods', 'privilege escalation', (o) => {
      deployment(o, 'router').spec.template.spec.containers[0].securityContext
        .allowPrivilegeEscalation = true;
    }],
    ['hardenedPods', 'missing startup probe', (o) => {
      delete deployment(o, 'registry').spec.template.spec.containers[0].startupProbe;
    }],
    ['safeRollouts', 'maxUnavailable 1', (o) => {
      deployment(o, 'registry').spec.strategy.rollingUpdate.maxUnavailable = 1;
    }],
    ['disruptionBudgets', 'PDB removed', (o) => {
      o.splice(o.indexOf(find(o, 'PodDisruptionBudget', 'registry')), 1);
    }],
    ['autoscaledHaveNoReplicas', 'replicas on the router', (o) => {
      deployment(o, 'router').spec.replicas = 3;
    }],
    ['noSecretValues', 'a Secret with data', (o) => {
      o.push({ file: 'x.yaml', apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' },
        data: { password: 'aHVudGVyMg==' } });
    }],
    ['noSecretValues', 'a database URL in plain env', (o) => {
      deployment(o, 'registry').spec.template.spec.containers[0].env
        .push({ name: 'DATABASE_URL', value: 'postgresql://app:hunter2@db:5432/registry' });
    }],
    ['canonicalQuantities', 'cpu 0.5', (o) => {
      deployment(o, 'router').spec.template.spec.containers[0].resources.requests.cpu = '0.5';
    }],
    ['noEmptyValues', 'an empty list', (o) => {
      deployment(o, 'router').spec.template.spec.tolerations = [];
    }],
    ['syncOrder', 'migration after workloads', (o) => {
      (find(o, 'Job', 'registry-migrate').metadata.annotations as any)
        ['argocd.argoproj.io/sync-wave'] = '5';
    }],
    ['readBackDefaults', 'a claim template without apiVersion', (o) => {
      delete (find(o, 'StatefulSet', 'cortex') as any).spec.volumeClaimTemplates[0].apiVersion;
    }],
    ['readBackDefaults', 'a remoteRef without conversionStrategy', (o) => {
      delete (find(o, 'ExternalSecret', 'router-sentinel') as any).spec.data[1].remoteRef
        .conversionStrategy;
    }],
    ['readBackDefaults', 'a network policy port without protocol', (o) => {
      delete (find(o, 'NetworkPolicy', 'router') as any).spec.egress[0].ports[0].protocol;
    }],
    ['readBackDefaults', 'a probe without scheme', (o) => {
      delete deployment(o, 'router').spec.template.spec.containers[0].livenessProbe.httpGet.scheme;
    }],
    ['readBackDefaults', 'a half-written HPA behavior', (o) => {
      delete (find(o, 'HorizontalPodAutoscaler', 'router') as any).spec.behavior.scaleUp;
    }],
  ];

  it.each(cases)('%s catches %s', (policy, _what, change) => {
    expect(POLICIES[policy]!(load(), gkeProd)).toEqual([]);
    expect(POLICIES[policy]!(broken(change), gkeProd)).not.toEqual([]);
  });

  it('hardenedPods catches limits that differ from requests on Autopilot', () => {
    const objects = broken((o) => {
      deployment(o, 'router').spec.template.spec.containers[0].resources.limits.cpu = '1';
    });
    expect(POLICIES.hardenedPods!(objects, gkeProd).join()).toMatch(/limits differ/);
    const standard = mutate(gkeProd, (draft) => { draft.autopilot = false; });
    expect(POLICIES.hardenedPods!(objects, standard)).toEqual([]);
  });
});
