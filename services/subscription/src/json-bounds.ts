/** Limits on a JSON value's shape; each bounds the cost of JSONB containment on it. */
export interface JsonBounds {
  /** Largest serialized size, in UTF-8 bytes. */
  readonly maxBytes: number;
  /** Deepest nesting of objects and arrays (a flat object is depth 1). */
  readonly maxDepth: number;
  /** Most elements in any one array. */
  readonly maxArrayLength: number;
  /** Most keys in any one object. */
  readonly maxKeys: number;
}

/**
 * Filters are stored and compared against every matching event: kept small, shallow, short.
 * Containment of a filter array costs its length times the payload array's length.
 */
export const FILTER_BOUNDS: JsonBounds = {
  maxBytes: 4_096,
  maxDepth: 8,
  maxArrayLength: 32,
  maxKeys: 50,
};

/** Event payloads matched against the filters (`/subscribers`, and so every publish). */
export const EVENT_PAYLOAD_BOUNDS: JsonBounds = {
  maxBytes: 65_536,
  maxDepth: 16,
  maxArrayLength: 1_000,
  maxKeys: 200,
};

/**
 * Why `value` breaks `bounds`, or null when it fits. Walks with an explicit stack, so a deep
 * value cannot overflow the call stack; stops at the first violation.
 */
export function jsonBoundsViolation(value: unknown, bounds: JsonBounds): string | null {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;

    if (depth + 1 > bounds.maxDepth) return `nested deeper than ${bounds.maxDepth} levels`;
    const children = Array.isArray(node) ? node : Object.values(node);
    if (Array.isArray(node) && node.length > bounds.maxArrayLength) {
      return `has an array of ${node.length} elements (at most ${bounds.maxArrayLength})`;
    }
    if (!Array.isArray(node) && children.length > bounds.maxKeys) {
      return `has an object with ${children.length} keys (at most ${bounds.maxKeys})`;
    }
    for (const child of children) stack.push({ node: child, depth: depth + 1 });
  }

  // Measured last: the shape checks above already ruled out values too deep to stringify.
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > bounds.maxBytes) return `is ${bytes} bytes serialized (at most ${bounds.maxBytes})`;
  return null;
}
