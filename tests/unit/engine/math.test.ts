import { describe, expect, it } from "vitest";
import { floorLog2, ln } from "../../../shared/sim/engine/math.ts";

/** How many representable doubles lie between a and b (both positive). */
function ulpsApart(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe("logarithms with the same bits in every engine", () => {
  it("ln is within 2 units in the last place of the engine's Math.log, from subnormals to the largest double", () => {
    const samples = [
      5e-324,
      1e-310,
      1e-300,
      1e-9,
      0.01,
      0.5,
      Math.SQRT1_2,
      Math.SQRT2,
      0.99,
      1 - 2 ** -52,
      1 + 2 ** -52,
    ];
    for (let x = 1.0001; x < 1e300; x *= 1.37) samples.push(x);
    samples.push(Number.MAX_VALUE, 3, 4, 5, 10, 102, 1000);
    for (const x of samples) {
      const exact = Math.log(x);
      if (exact === 0) expect(ln(x)).toBe(0);
      else expect(ulpsApart(Math.abs(ln(x)), Math.abs(exact)), `ln(${x})`).toBeLessThanOrEqual(2);
    }
  });

  it("ln gives the special values: 0 at 1, −∞ at 0, NaN below it, ∞ at ∞", () => {
    expect(ln(1)).toBe(0);
    expect(ln(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(ln(-1)).toBeNaN();
    expect(ln(Number.NaN)).toBeNaN();
    expect(ln(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it("floorLog2 is the binary exponent, exact at and between powers of two", () => {
    for (let k = -1074; k <= 1023; k++) {
      expect(floorLog2(2 ** k)).toBe(k);
      // Among subnormals 1.999 × 2^k has too few bits and rounds up to 2^(k+1): normal numbers only.
      if (k >= -1022 && k < 1023) expect(floorLog2(2 ** k * 1.999)).toBe(k);
    }
    expect(floorLog2(1e6 * 1234)).toBe(30);
  });
});
