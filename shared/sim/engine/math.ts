/**
 * Logarithms that give the same bits in every JavaScript engine.
 *
 * ECMAScript leaves Math.log and Math.log2 "implementation-approximated": Node 24 and Chromium 156
 * return values one unit in the last place apart for some inputs (an M/M/1 p99 of
 * 112.1164037197618 ms against 112.11640371976182), so a round replayed in the browser missed the
 * digest the server stored. These use only +, −, × and ÷, which IEEE 754 rounds the same everywhere.
 */

const bits = new DataView(new ArrayBuffer(8));

/** ln 2 in two parts: the first's low bits are zero, so k × LN2_HI is exact for any exponent k. */
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;

/** The unbiased binary exponent of a positive finite double (subnormals scaled first). */
function exponentOf(x: number): { k: number; m: number } {
  let k = 0;
  let v = x;
  if (v < 2 ** -1022) {
    v *= 2 ** 54;
    k = -54;
  }
  bits.setFloat64(0, v);
  const high = bits.getUint32(0);
  k += ((high >>> 20) & 0x7ff) - 1023;
  // The same mantissa with exponent 0: m in [1, 2).
  bits.setUint32(0, (high & 0x800fffff) | 0x3ff00000);
  return { k, m: bits.getFloat64(0) };
}

/** The natural logarithm, within a few units in the last place of the exact value. */
export function ln(x: number): number {
  // NaN, ±0, negatives and ∞ have exact answers that every engine gives alike.
  if (!(x > 0) || x === Number.POSITIVE_INFINITY) return Math.log(x);
  let { k, m } = exponentOf(x);
  if (m > Math.SQRT2) {
    m /= 2;
    k += 1;
  }
  // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716: the series' 14th term is below 2^−53.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let series = 1 / 27;
  for (let n = 25; n >= 1; n -= 2) series = series * s2 + 1 / n;
  return k * LN2_HI + (2 * s * series + k * LN2_LO);
}

/** ⌊log2 x⌋ for a positive finite x, exactly: its binary exponent. */
export function floorLog2(x: number): number {
  return exponentOf(x).k;
}
