import { readFileSync } from 'node:fs';

/** What an object is part of; `app.kubernetes.io/component`. */
export type Component =
  | 'server'
  | 'migration'
  | 'ingress'
  | 'network-policy'
  | 'secrets'
  | 'monitoring'
  | 'namespace'
  | 'tls';

/** Version of the platform objects that belong to no single service (package.json version). */
export const PLATFORM_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** Selector labels: stable across releases, so never the version. */
export function selectorLabels(name: string, instance: string = name): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance };
}

/** The full recommended label set for an object or pod template. */
export function fullLabels(
  name: string,
  component: Component,
  version: string,
  instance: string = name,
): Record<string, string> {
  return {
    ...selectorLabels(name, instance),
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'traylinx',
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}

/** A label-safe version from a pinned image: `sha256-` plus the first 12 hex of the digest. */
export function imageVersion(image: string): string {
  const digest = image.split('@sha256:')[1] ?? '';
  return `sha256-${digest.slice(0, 12)}`;
}
