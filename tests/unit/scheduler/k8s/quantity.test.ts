import { describe, expect, it } from "vitest";
import { milliValue, parseQuantity, value } from "../../../../shared/sim/scheduler/k8s/quantity.ts";

// Vectors in the spirit of apimachinery resource/quantity_test.go (TestQuantityParse,
// TestMilliValue): MilliValue and Value round up towards +∞.
const cases: readonly { text: string; milli: number; value: number }[] = [
  { text: "500m", milli: 500, value: 1 },
  { text: "1.5", milli: 1500, value: 2 },
  { text: "2", milli: 2000, value: 2 },
  { text: "0", milli: 0, value: 0 },
  { text: "2Gi", milli: 2 * 1024 ** 3 * 1000, value: 2 * 1024 ** 3 },
  { text: "512Mi", milli: 512 * 1024 ** 2 * 1000, value: 512 * 1024 ** 2 },
  { text: "123Mi", milli: 123 * 1024 ** 2 * 1000, value: 128974848 },
  { text: "128974848", milli: 128974848000, value: 128974848 },
  { text: "129e6", milli: 129e9, value: 129000000 },
  { text: "129M", milli: 129e9, value: 129000000 },
  { text: "1G", milli: 1e12, value: 1e9 },
  { text: "100M", milli: 1e11, value: 1e8 },
  { text: "1e3", milli: 1_000_000, value: 1000 },
  { text: "1E3", milli: 1_000_000, value: 1000 },
  { text: "0.5Gi", milli: 536870912000, value: 536870912 },
  { text: "1Ki", milli: 1024000, value: 1024 },
  { text: "1k", milli: 1_000_000, value: 1000 },
  { text: "0.1m", milli: 1, value: 1 },
  { text: "1n", milli: 1, value: 1 },
  { text: "1u", milli: 1, value: 1 },
  { text: "100u", milli: 1, value: 1 },
  { text: "1001u", milli: 2, value: 1 },
  { text: "0.0001", milli: 1, value: 1 },
  { text: ".5", milli: 500, value: 1 },
  { text: "1.", milli: 1000, value: 1 },
  { text: "+3", milli: 3000, value: 3 },
  { text: "1e-3", milli: 1, value: 1 },
  { text: "250m", milli: 250, value: 1 },
];

describe("resource.Quantity parsing (MilliValue and Value round up)", () => {
  it.each(cases)("$text → $milli milli, $value", ({ text, milli, value: expected }) => {
    const quantity = parseQuantity(text);
    expect(quantity).toBeDefined();
    if (quantity === undefined) return;
    expect(milliValue(quantity)).toBe(milli);
    expect(value(quantity)).toBe(expected);
  });

  // apimachinery rejects these (TestQuantityParseErrors-style cases).
  it.each(["", "12x", "1.1.1", "Mi", "1 Mi", " 1", "1Mib", "1MI", "e3", "1e", "1.5e3.2", "--1", "1iB", "x"])(
    "rejects %j",
    (text) => {
      expect(parseQuantity(text)).toBeUndefined();
    },
  );
});
