import type { Fail } from './fail.ts';

/** An integer within [min, max]; NaN, Infinity, fractions and non-numbers all fail. */
export function checkInteger(
  value: unknown,
  field: string,
  min: number,
  max: number,
  fail: Fail,
  why = '',
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `(${String(value)}) must be an integer from ${min} to ${max}${why}`);
  }
}

export function checkPort(value: unknown, field: string, fail: Fail): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    fail(field, `(${String(value)}) is no port`);
  }
}
