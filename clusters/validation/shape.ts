import type { Fail } from './fail.ts';

/**
 * The JSON shape of a cluster config, checked before any semantic rule reads a field. A config
 * built by hand (or loaded from JSON) can hold `null`, numbers for names or `[]` for a duration;
 * without this guard those surface as a TypeError deep inside a check instead of one
 * ClusterConfigError naming the field.
 */
export type Shape =
  | { readonly type: 'string' | 'number' | 'boolean' }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Field>> }
  | { readonly type: 'record'; readonly values: Shape; readonly nonEmpty: boolean }
  | {
      readonly type: 'variant';
      readonly tag: string;
      readonly shared: Readonly<Record<string, Field>>;
      readonly cases: Readonly<Record<string, Readonly<Record<string, Field>>>>;
    };

/** A field of an object; `optional` fields may be absent (their semantic check explains why). */
export interface Field {
  readonly shape: Shape;
  readonly optional?: boolean;
}

export const text: Shape = { type: 'string' };
export const number: Shape = { type: 'number' };
export const flag: Shape = { type: 'boolean' };

export function object(fields: Readonly<Record<string, Shape | Field>>): Shape {
  return { type: 'object', fields: asFields(fields) };
}

/** A map with free keys; `nonEmpty` when an empty map would be meaningless (a selector). */
export function record(values: Shape, nonEmpty = false): Shape {
  return { type: 'record', values, nonEmpty };
}

/**
 * A tagged union: `tag` decides which `cases` fields apply. An unknown tag is left to the
 * semantic check, which names the allowed values.
 */
export function variant(
  tag: string,
  shared: Readonly<Record<string, Shape | Field>>,
  cases: Readonly<Record<string, Readonly<Record<string, Shape | Field>>>>,
): Shape {
  const converted = Object.fromEntries(Object.entries(cases)
    .map(([name, fields]) => [name, asFields(fields)]));
  return { type: 'variant', tag, shared: asFields(shared), cases: converted };
}

export function optional(shape: Shape): Field {
  return { shape, optional: true };
}

/** Fails on the first value whose type differs from `shape`, naming its field path. */
export function checkShape(value: unknown, shape: Shape, path: string, fail: Fail): void {
  if (value === undefined || value === null) {
    fail(path || '(config)', `is missing (${String(value)})`);
  }
  switch (shape.type) {
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof value !== shape.type) fail(path, `(${describe(value)}) must be a ${shape.type}`);
      return;
    case 'object':
      checkFields(plainObject(value, path, fail), shape.fields, path, fail);
      return;
    case 'record': {
      const entries = Object.entries(plainObject(value, path, fail));
      if (shape.nonEmpty && entries.length === 0) fail(path, 'must have at least one entry');
      for (const [key, item] of entries) checkShape(item, shape.values, `${path}.${key}`, fail);
      return;
    }
    case 'variant': {
      const target = plainObject(value, path, fail);
      const tag = target[shape.tag];
      checkShape(tag, text, `${path}.${shape.tag}`, fail);
      checkFields(target, shape.shared, path, fail);
      const fields = shape.cases[tag as string];
      if (fields) checkFields(target, fields, path, fail);
      return;
    }
  }
}

function checkFields(
  target: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, Field>>,
  path: string,
  fail: Fail,
): void {
  for (const [key, field] of Object.entries(fields)) {
    const child = path ? `${path}.${key}` : key;
    if (field.optional && target[key] === undefined) continue;
    checkShape(target[key], field.shape, child, fail);
  }
}

function plainObject(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path || '(config)', `(${describe(value)}) must be an object`);
  }
  return value as Record<string, unknown>;
}

function asFields(fields: Readonly<Record<string, Shape | Field>>): Record<string, Field> {
  return Object.fromEntries(Object.entries(fields)
    .map(([key, item]) => [key, 'shape' in item ? item : { shape: item }]));
}

/** A value for an error message; JSON so `''`, `[]` and `{}` stay visible. */
function describe(value: unknown): string {
  if (typeof value === 'number' || value === undefined) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
