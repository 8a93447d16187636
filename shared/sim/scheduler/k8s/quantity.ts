/**
 * Kubernetes resource quantities (`500m`, `1.5`, `2Gi`, `1e3`), parsed the way
 * k8s.io/apimachinery/pkg/api/resource.Quantity parses them, kept as an exact
 * rational (BigInt numerator over a power-of-ten/power-of-two denominator) so
 * that `0.5Gi` or `129e6` never pass through a float.
 *
 * Source: apimachinery resource/quantity.go — grammar
 *   <quantity> ::= <signedNumber><suffix>
 *   <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei | n | u | m | "" | k | M | G | T | P | E
 *                 | e<signedNumber> | E<signedNumber>
 * and `MilliValue()` / `Value()` round up (towards +∞) when the value is not integral.
 */

export interface Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const binarySuffixes: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

// Decimal SI suffixes as powers of ten (apimachinery suffix.go).
const decimalSuffixes: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const quantityPattern = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Parses a quantity, or returns undefined when the text is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = quantityPattern.exec(text.trim() === text ? text : "");
  if (match === null) return undefined;
  const [, sign, whole = "", fraction = "", suffix = ""] = match;
  if (whole === "" && fraction === "") return undefined;
  let numerator = BigInt(`${whole || "0"}${fraction}`);
  let denominator = 10n ** BigInt(fraction.length);
  if (sign === "-") numerator = -numerator;
  const binary = binarySuffixes[suffix];
  let exponent = 0;
  if (binary !== undefined) {
    numerator *= binary;
  } else if (suffix in decimalSuffixes) {
    exponent = decimalSuffixes[suffix] ?? 0;
  } else {
    exponent = Number.parseInt(suffix.slice(1), 10);
    if (!Number.isFinite(exponent) || Math.abs(exponent) > 1000) return undefined;
  }
  if (exponent > 0) numerator *= 10n ** BigInt(exponent);
  if (exponent < 0) denominator *= 10n ** BigInt(-exponent);
  return { numerator, denominator };
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator > 0n ? quotient + 1n : quotient;
}

/** Quantity.MilliValue(): the value × 1000, rounded up. CPU is counted in milliCPU. */
export function milliValue(quantity: Quantity): number {
  return Number(ceilDivide(quantity.numerator * 1000n, quantity.denominator));
}

/** Quantity.Value(): the value rounded up to an integer. Memory is counted in bytes. */
export function value(quantity: Quantity): number {
  return Number(ceilDivide(quantity.numerator, quantity.denominator));
}

/** Whether the quantity is below zero (Kubernetes rejects negative requests). */
export function isNegative(quantity: Quantity): boolean {
  return quantity.numerator < 0n;
}
