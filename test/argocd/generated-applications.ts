import { matchDirectories } from './git-directories.ts';
import { renderDeep } from './go-template.ts';
import { repoRoot, type KubeObject } from './render-argocd.ts';

interface ApplicationSetSpec {
  generators: Array<{ git?: { directories?: Array<{ path: string; exclude?: boolean }> } }>;
  template: { metadata: Record<string, unknown>; spec: Record<string, unknown> };
}

/**
 * The Applications an ApplicationSet would create from this checkout: the Git directories
 * generator expanded against the repository, and the template rendered for each directory.
 */
export function generatedApplications(applicationSet: KubeObject, root = repoRoot): KubeObject[] {
  const spec = applicationSet.spec as unknown as ApplicationSetSpec;
  const directories = spec.generators.flatMap((generator) => {
    const entries = generator.git?.directories;
    if (!entries) throw new Error('only Git directories generators are supported here');
    if (entries.some((entry) => entry.exclude)) throw new Error('exclude is not modelled here');
    return entries.flatMap((entry) => matchDirectories(root, entry.path));
  });

  return directories.map((params) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    ...renderDeep(spec.template, params as unknown as Record<string, unknown>),
  })) as KubeObject[];
}
