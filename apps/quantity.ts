/**
 * The API server stores quantities in canonical form (`0.5` reads back as `500m`, `1024Mi` as
 * `1Gi`). Argo CD would show such a rewrite as drift, so every quantity we write must already be
 * canonical. This covers the forms we use: plain/decimal-SI numbers and binary-SI integers.
 */

const BINARY: readonly string[] = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL: Readonly<Record<string, number>> = { m: -3, '': 0, k: 3, M: 6, G: 9, T: 12 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));

/** The canonical spelling of `quantity`, or undefined when it is not a quantity we accept. */
export function canonicalQuantity(quantity: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(quantity);
  if (!match) return undefined;
  const [, number = '', suffix = ''] = match;
  if (suffix.endsWith('i')) return canonicalBinary(number, suffix);
  return canonicalDecimal(number, DECIMAL[suffix] ?? 0);
}

function canonicalBinary(number: string, suffix: string): string | undefined {
  if (number.includes('.')) return undefined;
  let value = BigInt(number);
  let power = BINARY.indexOf(suffix);
  if (value === 0n) return '0';
  while (value % 1024n === 0n && power < BINARY.length - 1) {
    value /= 1024n;
    power += 1;
  }
  return `${value}${BINARY[power]}`;
}

function canonicalDecimal(number: string, exponent: number): string | undefined {
  const [whole = '', fraction = ''] = number.split('.');
  let mantissa = BigInt(`${whole}${fraction}`);
  let scale = exponent - fraction.length;
  if (mantissa === 0n) return '0';
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale += 1;
  }
  // Kubernetes never writes below milli: smaller values round up, which is drift too.
  if (scale < -3) return undefined;
  const unit = Math.floor(scale / 3) * 3;
  const shifted = mantissa * 10n ** BigInt(scale - unit);
  const suffix = DECIMAL_BY_EXPONENT.get(unit);
  return suffix === undefined ? undefined : `${shifted}${suffix}`;
}

/** True when the API server would read `quantity` back unchanged. */
export function isCanonicalQuantity(quantity: string): boolean {
  return canonicalQuantity(quantity) === quantity;
}

/** The numeric value of an accepted quantity (bytes or cores), for comparisons only. */
export function quantityValue(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(quantity);
  const [, number = 'NaN', suffix = ''] = match ?? [];
  const binary = BINARY.indexOf(suffix);
  if (suffix.endsWith('i') && binary > 0) return Number(number) * 1024 ** binary;
  const exponent = DECIMAL[suffix];
  return exponent === undefined ? Number.NaN : Number(number) * 10 ** exponent;
}
