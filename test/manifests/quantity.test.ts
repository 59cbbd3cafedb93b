import { describe, expect, it } from 'vitest';
import { canonicalQuantity, isCanonicalQuantity } from '../../apps/quantity.ts';

describe('canonical quantities (what the API server reads back)', () => {
  it.each([
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2000', '2k'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['0.25', '250m'],
  ])('%s reads back as %s', (written, canonical) => {
    expect(canonicalQuantity(written)).toBe(canonical);
  });

  it.each(['500m', '1', '2', '512Mi', '1Gi', '20Gi', '64Mi'])('%s is canonical', (quantity) => {
    expect(isCanonicalQuantity(quantity)).toBe(true);
  });

  it.each(['0.5', '1000m', '1024Mi', '1e3', '0.0001', 'abc'])('%s is not', (quantity) => {
    expect(isCanonicalQuantity(quantity)).toBe(false);
  });
});
