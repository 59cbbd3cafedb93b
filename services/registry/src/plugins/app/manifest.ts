import { parse as parseYaml } from 'yaml';
import { badRequest } from '../../../../kit/errors.ts';
import type { ManifestFormat, PublishPayload } from '../../schemas/catalog.ts';

/**
 * The manifest as an object, and the format it was given in. Text is JSON when `format` says
 * so, else YAML (a superset of JSON); it must hold a mapping. Parse errors are 400 with the
 * parser's reason.
 */
export function parseManifest(payload: Pick<PublishPayload, 'manifest' | 'format'>): {
  manifest: Record<string, unknown>;
  format: ManifestFormat;
} {
  if (typeof payload.manifest !== 'string') {
    return { manifest: payload.manifest, format: payload.format ?? 'json' };
  }

  const format = payload.format ?? 'yaml';
  let parsed: unknown;
  try {
    parsed =
      format === 'json'
        ? JSON.parse(payload.manifest)
        : parseYaml(payload.manifest, { maxAliasCount: 50, prettyErrors: false });
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw badRequest(`manifest is not valid ${format.toUpperCase()}: ${reason}`);
  }

  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest(`manifest must be a ${format.toUpperCase()} mapping (an object)`);
  }
  return { manifest: parsed as Record<string, unknown>, format };
}
