import type { DistObject } from './read-dist.ts';
import { groupKind, scopeOf } from './kind-scope.ts';
import type { KubeObject } from './render-argocd.ts';

interface GroupKindEntry {
  group: string;
  kind: string;
}

interface ProjectSpec {
  destinations: Array<{ namespace: string }>;
  clusterResourceWhitelist?: GroupKindEntry[];
  namespaceResourceWhitelist?: GroupKindEntry[];
}

function keys(entries: GroupKindEntry[] = []): string[] {
  return entries.map((entry) => `${entry.group}/${entry.kind}`).sort();
}

function difference(left: string[], right: string[]): string[] {
  return left.filter((key) => !right.includes(key));
}

/**
 * Where an AppProject and the objects of dist/ disagree, as readable sentences: a kind dist/
 * uses that the project forbids (the sync would fail), a kind the project permits that dist/
 * never uses (a wider fence than needed), a wildcard, or an object outside the permitted
 * namespaces. An empty list means Argo CD accepts every object and the fence is tight.
 */
export function whitelistProblems(project: KubeObject, objects: DistObject[]): string[] {
  const spec = project.spec as unknown as ProjectSpec;
  const problems: string[] = [];
  const used = { Cluster: new Set<string>(), Namespaced: new Set<string>() };
  const namespaces = spec.destinations.map((destination) => destination.namespace);

  for (const { file, object } of objects) {
    const key = groupKind(object.apiVersion, object.kind);
    const scope = scopeOf(key);
    used[scope].add(key);

    const namespace = object.metadata.namespace;
    if (scope === 'Cluster' && namespace !== undefined) {
      problems.push(`${file}: cluster-scoped ${key} ${object.metadata.name} has a namespace`);
    }
    if (scope === 'Namespaced' && namespace !== undefined && !namespaces.includes(namespace)) {
      problems.push(`${file}: ${key} ${object.metadata.name} is in namespace ${namespace},` +
        ` outside the project's destinations (${namespaces.join(', ')})`);
    }
    if (key === '/Namespace' && !namespaces.includes(object.metadata.name)) {
      problems.push(`${file}: Namespace ${object.metadata.name} is not a project destination`);
    }
  }

  const lists = [
    ['clusterResourceWhitelist', keys(spec.clusterResourceWhitelist), used.Cluster],
    ['namespaceResourceWhitelist', keys(spec.namespaceResourceWhitelist), used.Namespaced],
  ] as const;
  for (const [name, permitted, usedKeys] of lists) {
    const usedSorted = [...usedKeys].sort();
    for (const key of permitted.filter((entry) => entry.includes('*'))) {
      problems.push(`${name} has wildcard ${key}`);
    }
    for (const key of difference(usedSorted, permitted)) {
      problems.push(`${name} lacks ${key}, which dist/ uses`);
    }
    for (const key of difference(permitted, usedSorted)) {
      problems.push(`${name} permits ${key}, which no dist/<cluster> uses`);
    }
  }
  return problems;
}
