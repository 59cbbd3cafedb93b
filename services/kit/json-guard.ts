/**
 * Limits on parsed JSON that the parser itself does not enforce: nesting depth, NUL
 * characters and lone UTF-16 surrogates. Deep documents overflow the stack of recursive
 * serialisers downstream (Prisma, fast-json-stringify); PostgreSQL refuses NUL in text (error
 * 22021) and a lone surrogate escape in jsonb (22P02). All used to surface as 500s; checking
 * once at the edge turns them into 400s with a reason.
 */

/** Deepest nesting of objects and arrays a request body may have; 64 levels. */
export const MAX_JSON_DEPTH = 64;

// With the `u` flag a valid surrogate pair reads as one astral code point, so this matches
// only a surrogate standing alone ("\ud800"), which no UTF-8 text can carry.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Why the string `text` cannot be stored as text, or undefined; `where` names its role. */
export function textProblem(text: string, where = ''): string | undefined {
  if (text.includes('\u0000')) return `NUL characters (\\u0000) are not allowed${where}`;
  if (LONE_SURROGATE.test(text)) {
    return `lone UTF-16 surrogates (\\ud800-\\udfff without a pair) are not allowed${where}`;
  }
  return undefined;
}

/**
 * Why `value` breaks the limits, or undefined when it is fine. Iterative on purpose: the
 * check must not overflow the stack on the very input it guards against.
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];

  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return problem;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;

    if (depth >= maxDepth) return `JSON nesting deeper than ${maxDepth} levels is not allowed`;
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const problem = textProblem(key, ' in keys');
      if (problem) return problem;
      stack.push({ value: item, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Why `value` carries a prototype-poisoning key (`__proto__`, or `constructor.prototype`),
 * or undefined. For documents parsed without Fastify's guard, e.g. YAML text.
 */
export function prototypeKeyProblem(value: unknown): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const poisoned =
        key === '__proto__' ||
        (key === 'constructor' && item !== null && typeof item === 'object' &&
          Object.hasOwn(item, 'prototype'));
      if (poisoned) return `the key ${key} is not allowed`;
      stack.push(item);
    }
  }
  return undefined;
}

/** True when a raw URL carries an encoded NUL (`%00`) anywhere, path or query string. */
export function urlHasNul(url: string): boolean {
  return /%00/.test(url) || url.includes('\u0000');
}
