import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parseObjects, repoRoot, type KubeObject } from './render-argocd.ts';

/** A manifest from dist/<cluster>, with the file it came from for readable failures. */
export interface DistObject {
  cluster: string;
  file: string;
  object: KubeObject;
}

// Argo CD's directory source reads exactly these extensions and ignores every other file.
const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

/** The cluster directories under dist/, sorted; fails loudly when synth has not run. */
export function distClusters(distDir = join(repoRoot, 'dist')): string[] {
  let entries: string[];
  try {
    entries = readdirSync(distDir);
  } catch {
    throw new Error(`${distDir} is missing: run npm run synth`);
  }
  const clusters = entries.filter((name) => statSync(join(distDir, name)).isDirectory()).sort();
  if (clusters.length === 0) throw new Error(`${distDir} has no cluster directories`);
  return clusters;
}

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return manifestFiles(path);
      return manifestExtensions.has(extname(entry.name)) ? [path] : [];
    })
    .sort();
}

/** Every object Argo CD would sync from dist/<cluster>, for every cluster. */
export function readDist(distDir = join(repoRoot, 'dist')): DistObject[] {
  return distClusters(distDir).flatMap((cluster) =>
    manifestFiles(join(distDir, cluster)).flatMap((path) => {
      const file = relative(distDir, path);
      return parseObjects(readFileSync(path, 'utf8'), file).map((object) => ({
        cluster,
        file,
        object,
      }));
    }),
  );
}
