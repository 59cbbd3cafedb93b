import { describe, expect, it } from 'vitest';
import { readArgocdFiles, renderArgocd, type KubeObject } from './render-argocd.ts';

const expectedRepo = 'https://github.com/traylinx/core-platform.git';

/** Every value under a key that names a Git repository, anywhere in the objects. */
function repoReferences(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => repoReferences(item, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'repoURL' && typeof item === 'string') found.push(item);
      else if (key === 'sourceRepos' && Array.isArray(item)) found.push(...item.map(String));
      else repoReferences(item, found);
    }
  }
  return found;
}

describe('the repository URL', () => {
  const files = readArgocdFiles();
  const source = (files.get('git-source.yaml') ?? [])[0] as KubeObject;
  const { repoURL, revision } = source.data as { repoURL: string; revision: string };

  it('is written once, in git-source.yaml', () => {
    expect(repoURL).toBe(expectedRepo);
    const elsewhere = [...files].filter(([name, objects]) =>
      name !== 'git-source.yaml' && JSON.stringify(objects).includes('github.com'));
    expect(elsewhere.map(([name]) => name)).toEqual([]);
  });

  it('is the same everywhere the rendered objects name a repository', () => {
    const references = repoReferences(renderArgocd());
    expect(references).toHaveLength(3);
    expect(new Set(references)).toEqual(new Set([repoURL]));
  });

  it('pairs with one branch for generator and Applications', () => {
    const appSet = renderArgocd().find((object) => object.kind === 'ApplicationSet');
    const spec = appSet?.spec as {
      generators: Array<{ git: { revision: string } }>;
      template: { spec: { source: { targetRevision: string } } };
    };
    expect(revision).toBe('main');
    expect(spec.generators[0]?.git.revision).toBe(revision);
    expect(spec.template.spec.source.targetRevision).toBe(revision);
  });
});
