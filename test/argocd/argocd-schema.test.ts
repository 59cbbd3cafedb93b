import { AppProject, ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { ConfigMap } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readArgocdFiles, renderArgocd, type KubeObject } from './render-argocd.ts';

const models: Record<string, (object: KubeObject) => { validate(): void }> = {
  AppProject: (object) => new AppProject(object as never),
  ApplicationSet: (object) => new ApplicationSet(object as never),
};

describe('argocd/ as kubectl apply -k renders it', () => {
  const rendered = renderArgocd();

  it('holds exactly the AppProject and the ApplicationSet, both in namespace argocd', () => {
    const names = rendered.map((object) => `${object.kind}/${object.metadata.name}`);
    expect(names.sort()).toEqual(['AppProject/traylinx', 'ApplicationSet/traylinx']);
    for (const object of rendered) expect(object.metadata.namespace).toBe('argocd');
  });

  it('validates every object against its Argo CD schema', () => {
    for (const object of rendered) {
      const model = models[object.kind];
      if (!model) throw new Error(`no schema for ${object.kind}`);
      expect(() => model(object).validate(), `${object.kind}/${object.metadata.name}`)
        .not.toThrow();
    }
  });

  it('leaves no kustomize placeholder behind', () => {
    expect(stringify(rendered)).not.toContain('set-by-kustomization');
  });

  it('catches a schema violation', () => {
    const project = rendered.find((object) => object.kind === 'AppProject') as KubeObject;
    const broken = { ...project, spec: { ...project.spec, sourceRepos: 'not-a-list' } };
    expect(() => models.AppProject?.(broken).validate()).toThrow(/sourceRepos must be array/);
  });
});

describe('argocd/ files as written', () => {
  it('parse as YAML and keep the git source out of the rendered output', () => {
    const files = readArgocdFiles();
    expect([...files.keys()]).toEqual([
      'applicationset.yaml',
      'git-source.yaml',
      'kustomization.yaml',
      'project.yaml',
    ]);
    const [source] = files.get('git-source.yaml') ?? [];
    expect(source?.metadata.annotations?.['config.kubernetes.io/local-config']).toBe('true');
    expect(() => new ConfigMap(source as never).validate()).not.toThrow();
  });
});
