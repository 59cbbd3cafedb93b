import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Repository root, where argocd/ and dist/ live. */
export const repoRoot = new URL('../../', import.meta.url).pathname;

/** A parsed Kubernetes object; only the fields the tests read are typed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Parses every document of a YAML stream, failing on the first syntax error. */
export function parseObjects(text: string, source: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0]?.message}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((obj): obj is KubeObject => obj !== null);
}

/**
 * What `kubectl apply -k argocd/` sends to the cluster: the kustomize rendering, parsed back.
 * kubectl's built-in kustomize is used rather than a re-implementation, so the replacements and
 * the local-config filtering are exactly what an admin gets.
 */
export function renderArgocd(dir = join(repoRoot, 'argocd')): KubeObject[] {
  let text: string;
  try {
    text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`kubectl kustomize ${dir} failed (kubectl client needed): ${stderr}`);
  }
  return parseObjects(text, `kubectl kustomize ${dir}`);
}

/** Each YAML file of argocd/ as written, before kustomize. */
export function readArgocdFiles(dir = join(repoRoot, 'argocd')): Map<string, KubeObject[]> {
  const files = new Map<string, KubeObject[]>();
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.yaml')).sort()) {
    files.set(name, parseObjects(readFileSync(join(dir, name), 'utf8'), name));
  }
  return files;
}

/** The single object of a kind in a rendering; fails when there is none or several. */
export function only(objects: KubeObject[], kind: string): KubeObject {
  const matches = objects.filter((obj) => obj.kind === kind);
  if (matches.length !== 1) throw new Error(`expected one ${kind}, found ${matches.length}`);
  return matches[0] as KubeObject;
}
