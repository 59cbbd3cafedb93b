import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ClusterConfig } from '../../clusters/cluster-config.ts';
import { synthAll } from '../../apps/synth-all.ts';
import { CATALOG, type Catalog } from '../../apps/catalog.ts';

/** The committed output folder. */
export const DIST_DIR = new URL('../../dist/', import.meta.url).pathname;

/** One parsed Kubernetes object and the file it came from. */
export interface K8sObject {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

/** Sorted `.yaml` file names of one cluster folder. */
export function clusterFiles(distDir: string, cluster: string): string[] {
  return readdirSync(join(distDir, cluster)).sort();
}

/** Every object of one cluster folder, in file then document order. YAML errors throw. */
export function loadCluster(distDir: string, cluster: string): K8sObject[] {
  return clusterFiles(distDir, cluster).flatMap((file) => {
    const text = readFileSync(join(distDir, cluster, file), 'utf8');
    return parseAllDocuments(text).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
      return { file, ...(document.toJS() as object) } as K8sObject;
    });
  });
}

/** Objects of one kind. */
export function ofKind<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as T[];
}

/** The single object of a kind and name; throws when absent. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}

/** Synthesizes clusters into a fresh temp dir; call the returned cleanup when done. */
export function synthToTemp(
  clusters: readonly ClusterConfig[],
  catalog: Catalog = CATALOG,
): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'traylinx-dist-'));
  synthAll(clusters, dir, catalog);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A deep copy of a config with changes applied, for tests that break one field. */
export function mutate(config: ClusterConfig, change: (draft: any) => void): ClusterConfig {
  const draft = structuredClone(config);
  change(draft);
  return draft;
}

/** Pod templates of the workloads and Jobs in a cluster, with their owner. */
export function podTemplates(objects: K8sObject[]): Array<{ owner: K8sObject; template: any }> {
  return objects
    .filter((object) => ['Deployment', 'StatefulSet', 'Job'].includes(object.kind))
    .map((owner) => ({ owner, template: (owner as any).spec.template }));
}
