import { parse as parseYaml } from 'yaml';
import { badRequest } from '../../../../kit/errors.ts';
import { jsonProblem, prototypeKeyProblem } from '../../../../kit/json-guard.ts';
import type { ManifestFormat, PublishPayload } from '../../schemas/catalog.ts';

/**
 * Largest manifest as stored and served (serialised JSON, UTF-8 bytes): 262144, the default
 * request body limit. YAML aliases let small text expand many times over; the bound is on the
 * expanded document, so what a publisher stores never exceeds what it could have sent.
 */
export const MAX_MANIFEST_BYTES = 256 * 1024;

/**
 * The manifest as an object, and the format it was given in. Text is JSON when `format` says
 * so, else YAML (a superset of JSON); it must hold a mapping. Parse errors, `__proto__` keys,
 * NUL or lone surrogates, over-deep and over-large (expanded) documents are 400 with a reason.
 */
export function parseManifest(
  payload: Pick<PublishPayload, 'manifest' | 'format'>,
  maxBytes = MAX_MANIFEST_BYTES,
): {
  manifest: Record<string, unknown>;
  format: ManifestFormat;
} {
  if (typeof payload.manifest !== 'string') {
    assertSize(payload.manifest, maxBytes);
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
  // Text escapes the body parser's limits; hold it to the same ones as a JSON body.
  const problem = prototypeKeyProblem(parsed) ?? jsonProblem(parsed);
  if (problem) throw badRequest(`manifest is not acceptable: ${problem}`);

  assertSize(parsed, maxBytes);
  return { manifest: parsed as Record<string, unknown>, format };
}

// Measured after the depth check, so serialising cannot overflow the stack.
function assertSize(manifest: object, maxBytes: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(manifest), 'utf8');
  if (bytes > maxBytes) {
    throw badRequest(
      `manifest expands to ${bytes} bytes of JSON, more than the ${maxBytes} allowed ` +
        '(YAML aliases count once per use)',
    );
  }
}
