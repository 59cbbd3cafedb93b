import { describe, expect, it } from 'vitest';
import { whitelistProblems } from './project-whitelist.ts';
import { readDist, type DistObject } from './read-dist.ts';
import { only, renderArgocd, type KubeObject } from './render-argocd.ts';

const project = only(renderArgocd(), 'AppProject');

function distObject(apiVersion: string, kind: string, namespace?: string): DistObject {
  const metadata = { name: kind.toLowerCase(), ...(namespace ? { namespace } : {}) };
  return { cluster: 'test', file: `test/${kind}.yaml`, object: { apiVersion, kind, metadata } };
}

function projectWith(spec: Record<string, unknown>): KubeObject {
  return { ...project, spec: { ...project.spec, ...spec } };
}

describe('AppProject traylinx against every dist/<cluster>', () => {
  it('permits every kind dist/ uses and nothing else, in namespace traylinx only', () => {
    expect(whitelistProblems(project, readDist())).toEqual([]);
  });

  it('limits destinations to the traylinx namespace', () => {
    const destinations = (project.spec as { destinations: Array<{ namespace: string }> })
      .destinations;
    expect(destinations.map((destination) => destination.namespace)).toEqual(['traylinx']);
  });

  it('warns about orphaned resources', () => {
    expect(project.spec?.orphanedResources).toEqual({ warn: true });
  });
});

describe('whitelistProblems catches each kind of mismatch', () => {
  const objects = [
    distObject('v1', 'Namespace'),
    distObject('apps/v1', 'Deployment', 'traylinx'),
  ];
  const tight = projectWith({
    clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }],
  });

  it('accepts a project that matches exactly', () => {
    const named = objects.map((entry) =>
      entry.object.kind === 'Namespace'
        ? { ...entry, object: { ...entry.object, metadata: { name: 'traylinx' } } }
        : entry,
    );
    expect(whitelistProblems(tight, named)).toEqual([]);
  });

  it('reports a kind dist/ uses but the project forbids', () => {
    const withJob = [...objects, distObject('batch/v1', 'Job', 'traylinx')];
    expect(whitelistProblems(tight, withJob)).toContain(
      'namespaceResourceWhitelist lacks batch/Job, which dist/ uses',
    );
  });

  it('reports a permitted kind nothing uses, and wildcards', () => {
    const wide = projectWith({
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }],
    });
    expect(whitelistProblems(wide, objects)).toEqual(expect.arrayContaining([
      'clusterResourceWhitelist has wildcard */*',
      'clusterResourceWhitelist permits */*, which no dist/<cluster> uses',
    ]));
  });

  it('reports an object outside the permitted namespace', () => {
    const stray = [...objects, distObject('apps/v1', 'Deployment', 'kube-system')];
    expect(whitelistProblems(tight, stray).join('\n')).toMatch(/namespace kube-system/);
  });

  it('refuses to guess the scope of an unknown kind', () => {
    const unknown = [distObject('example.com/v1', 'Widget', 'traylinx')];
    expect(() => whitelistProblems(tight, unknown)).toThrow(/unknown kind example.com\/Widget/);
  });
});
