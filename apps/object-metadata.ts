import { NAMESPACE } from './catalog.ts';
import { WAVE, syncWave } from './sync-waves.ts';

/** Metadata of one object. */
export interface ObjectMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/**
 * Metadata of an object in the `traylinx` namespace: its name, its full labels, and the Argo CD
 * sync wave it belongs to. `annotations` adds more (identity, ingress controller settings);
 * default: none.
 */
export function namespacedMetadata(
  name: string,
  labels: Record<string, string>,
  wave: (typeof WAVE)[keyof typeof WAVE],
  annotations: Record<string, string> = {},
): ObjectMetadata {
  const all = { ...annotations, ...syncWave(wave) };
  return { name, namespace: NAMESPACE, labels, annotations: all };
}
