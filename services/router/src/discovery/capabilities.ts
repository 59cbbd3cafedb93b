/** A required capability: a plain name, or a key with a value. */
export type Capability = string | { readonly key: string; readonly value?: string };

/** What a routed call asks the registry for. */
export interface Requirements {
  readonly capabilities: readonly Capability[];
  readonly tags?: readonly string[];
}

/**
 * The requirements as canonical JSON: equal requirements in any order give the same string,
 * so `[a, b]` and `[b, a]` share one cache entry, and `JSON.parse` gives them back.
 */
export function requirementsKey(requirements: Requirements): string {
  const capabilities = requirements.capabilities
    .map((c) => (typeof c === 'string' ? c : c.value === undefined ? { key: c.key } : {
      key: c.key,
      value: c.value,
    }))
    .map((c) => [JSON.stringify(c), c] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
  const tags = [...new Set(requirements.tags ?? [])].sort();
  return JSON.stringify(tags.length > 0 ? { capabilities, tags } : { capabilities });
}
