import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { afterAll, describe, expect, it } from 'vitest';
import { generatedApplications } from './generated-applications.ts';
import { renderGoTemplate } from './go-template.ts';
import { distClusters, readDist } from './read-dist.ts';
import { only, renderArgocd, repoRoot, type KubeObject } from './render-argocd.ts';

const applicationSet = only(renderArgocd(), 'ApplicationSet');
const applications = generatedApplications(applicationSet);
const clusters = distClusters();

interface ApplicationSpec {
  project: string;
  source: { path: string; directory?: { recurse?: boolean } };
  destination: { name: string; namespace: string };
  syncPolicy: {
    automated: { prune: boolean; selfHeal: boolean; allowEmpty: boolean };
    syncOptions: string[];
    retry: { limit: number; backoff: { duration: string; factor: number; maxDuration: string } };
  };
}

function specOf(application: KubeObject): ApplicationSpec {
  return application.spec as unknown as ApplicationSpec;
}

describe('ApplicationSet traylinx', () => {
  it('gives every dist/<cluster> directory exactly one Application', () => {
    expect(applications.map((app) => app.metadata.name)).toEqual(
      clusters.map((cluster) => `traylinx-${cluster}`),
    );
  });

  it('points each Application at its own dist/<cluster> and the cluster of that name', () => {
    for (const [index, cluster] of clusters.entries()) {
      const spec = specOf(applications[index] as KubeObject);
      expect(spec.source.path).toBe(`dist/${cluster}`);
      expect(spec.destination).toEqual({ name: cluster, namespace: 'traylinx' });
      expect(spec.project).toBe('traylinx');
    }
  });

  it('renders Applications that validate against the Application schema', () => {
    for (const application of applications) {
      expect(() => new Application(application as never).validate()).not.toThrow();
      expect(application.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      expect(application.metadata.namespace).toBe('argocd');
    }
  });

  it('syncs automatically with prune and self-heal, never to an empty directory', () => {
    for (const application of applications) {
      const { automated } = specOf(application).syncPolicy;
      expect(automated).toEqual({ prune: true, selfHeal: true, allowEmpty: false });
    }
  });

  it('retries with exponential backoff bounded in count and time', () => {
    for (const application of applications) {
      const { retry } = specOf(application).syncPolicy;
      expect(retry.limit).toBeGreaterThan(0);
      expect(retry.backoff.factor).toBeGreaterThan(1);
      expect(retry.backoff.duration).toMatch(/^\d+[sm]$/);
      expect(retry.backoff.maxDuration).toMatch(/^\d+[sm]$/);
    }
  });

  it('prunes last, applies server-side, and creates the namespace only if dist/ lacks it', () => {
    const objects = readDist();
    for (const [index, cluster] of clusters.entries()) {
      const options = specOf(applications[index] as KubeObject).syncPolicy.syncOptions;
      const shipsNamespace = objects.some(({ cluster: owner, object }) =>
        owner === cluster && object.kind === 'Namespace' && object.metadata.name === 'traylinx');
      expect(options).toContain('PruneLast=true');
      expect(options).toContain('ServerSideApply=true');
      expect(options.includes('CreateNamespace=true')).toBe(!shipsNamespace);
    }
  });

  it('diffs server-side, so API-server and CRD defaults never show as drift', () => {
    for (const application of applications) {
      const annotations = (application.metadata as { annotations?: Record<string, string> })
        .annotations ?? {};
      expect(annotations['argocd.argoproj.io/compare-options']).toBe('ServerSideDiff=true');
    }
  });

  it('reads subdirectories of dist/<cluster> when there are any', () => {
    for (const [index, cluster] of clusters.entries()) {
      const nested = readdirSync(join(repoRoot, 'dist', cluster), { withFileTypes: true })
        .some((entry) => entry.isDirectory());
      const recurse = specOf(applications[index] as KubeObject).source.directory?.recurse;
      if (nested) expect(recurse).toBe(true);
    }
  });

  it('uses Go templates that fail on a missing key', () => {
    expect(applicationSet.spec?.goTemplate).toBe(true);
    expect(applicationSet.spec?.goTemplateOptions).toContain('missingkey=error');
  });

  it('keeps workloads running when an Application is deleted', () => {
    expect(applicationSet.spec?.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    const template = applicationSet.spec?.template as { metadata: { finalizers?: string[] } };
    expect(template.metadata.finalizers ?? []).not.toContain(
      'resources-finalizer.argocd.argoproj.io',
    );
  });
});

describe('the generator follows the dist/ layout', () => {
  const root = mkdtempSync(join(tmpdir(), 'traylinx-appset-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates an Application for a new cluster directory with no argocd/ change', () => {
    for (const cluster of ['eks-prod', 'kind-dev']) {
      mkdirSync(join(root, 'dist', cluster), { recursive: true });
    }
    mkdirSync(join(root, 'dist', '.cache'));
    expect(existsSync(join(root, 'argocd'))).toBe(false);
    const names = generatedApplications(applicationSet, root).map((app) => app.metadata.name);
    expect(names).toEqual(['traylinx-eks-prod', 'traylinx-kind-dev']);
  });

  it('fails on a template key the generator does not provide, as missingkey=error does', () => {
    const params = { path: { basename: 'gke-prod' } };
    expect(renderGoTemplate('traylinx-{{ .path.basename }}', params)).toBe('traylinx-gke-prod');
    expect(() => renderGoTemplate('{{ .path.basenme }}', params)).toThrow(/no entry/);
    expect(() => renderGoTemplate('{{ .path.basename | upper }}', params)).toThrow(/unsupported/);
  });
});
