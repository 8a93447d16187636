/**
 * The units a facilitator writes in a scenario file, turned into the integers the simulation uses:
 * durations (`90s`, `1m30s`, `250ms`) into ms, Kubernetes quantities (`500m`, `2Gi`) into milliCPU
 * or bytes, percentages (`99.5%`) into fractions, multipliers (`50x`) into numbers.
 *
 * Each parser returns the value or a sentence saying what was expected; the scenario schema turns
 * that sentence into an error that names the field.
 */

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

// Go's time.ParseDuration units, which kubectl and Kubernetes' own flags use (`--node-monitor-grace-period=50s`).
// Units below a millisecond are left out: simulated time is a whole number of ms.
const DURATION_UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;

export interface DurationOptions {
  /** Clock skew may point backwards (`-90s`); a time in the script may not. */
  readonly signed?: boolean;
}

/** `90s` → 90000, `1m30s` → 90000, `250ms` → 250, `0` → 0. */
export function parseDuration(input: unknown, options: DurationOptions = {}): Parsed<number> {
  const expected = `expected a duration like 90s, 5m, 1m30s or 250ms, got ${show(input)}`;
  if (input === 0) return ok(0);
  if (typeof input !== "string") return fail(expected);
  let text = input.trim();
  let sign = 1;
  if (text.startsWith("-") || text.startsWith("+")) {
    if (text.startsWith("-")) {
      if (!options.signed) return fail(`a duration cannot be negative, got ${show(input)}`);
      sign = -1;
    }
    text = text.slice(1);
  }
  if (text === "0") return ok(0);
  if (text === "") return fail(expected);
  let ms = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < text.length) {
    const match = DURATION_PART.exec(text);
    if (match === null) return fail(expected);
    ms += Number(match[1]) * DURATION_UNIT_MS[match[2]!]!;
  }
  // Float sums like 0.1s + 0.2s are snapped to the ms they name; a value finer than 1 ms is refused.
  const rounded = Math.round(ms);
  if (Math.abs(rounded - ms) > 1e-6)
    return fail(`a duration must be a whole number of ms, got ${show(input)}`);
  if (!Number.isSafeInteger(rounded)) return fail(`duration too long: ${show(input)}`);
  return ok(sign * rounded === 0 ? 0 : sign * rounded);
}

// Kubernetes resource.Quantity suffixes (k8s.io/apimachinery/pkg/api/resource/quantity.go):
// binary Ki..Ei are powers of 1024, decimal k..E powers of 1000, `m` is milli.
const BINARY_EXPONENT: Readonly<Record<string, bigint>> = {
  Ki: 1n,
  Mi: 2n,
  Gi: 3n,
  Ti: 4n,
  Pi: 5n,
  Ei: 6n,
};
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/**
 * A quantity scaled by 10^scale (scale 3 gives milli-units, 0 whole units), rounded up as
 * apimachinery's `Quantity.MilliValue()` / `Value()` round up.
 */
function parseScaledQuantity(input: unknown, scale: number, what: string): Parsed<number> {
  const text = typeof input === "number" ? String(input) : input;
  if (typeof text !== "string") return fail(`expected ${what}, got ${show(input)}`);
  const match = QUANTITY.exec(text.trim());
  if (match === null) return fail(`expected ${what}, got ${show(input)}`);
  const [, sign, number, suffix = "", exponentText] = match;
  if (sign === "-") return fail(`a quantity cannot be negative, got ${show(input)}`);
  const [whole = "", fraction = ""] = number!.split(".");
  // value = digits · 10^(decimalExponent − fraction digits) · 1024^binaryExponent
  let numerator = BigInt(`${whole}${fraction}` || "0");
  let decimalExponent = scale - fraction.length;
  if (exponentText !== undefined) decimalExponent += Number(exponentText);
  else if (suffix in BINARY_EXPONENT) numerator *= 1024n ** BINARY_EXPONENT[suffix]!;
  else decimalExponent += DECIMAL_EXPONENT[suffix]!;
  let value: bigint;
  if (decimalExponent >= 0) value = numerator * 10n ** BigInt(decimalExponent);
  else {
    const divisor = 10n ** BigInt(-decimalExponent);
    value = (numerator + divisor - 1n) / divisor;
  }
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`quantity too large: ${show(input)}`);
  return ok(Number(value));
}

/** CPU in millicores: `500m` → 500, `2` → 2000, `0.25` → 250. */
export function parseMilliCPU(input: unknown): Parsed<number> {
  return parseScaledQuantity(input, 3, "a CPU quantity like 500m or 2");
}

/** Memory or storage in bytes: `2Gi` → 2147483648, `512M` → 512000000, `1024` → 1024. */
export function parseBytes(input: unknown): Parsed<number> {
  return parseScaledQuantity(input, 0, "a size like 512Mi, 2Gi or 100G");
}

/** `99.5%` → 0.995. A bare number is refused: `99.5` could mean a fraction or a percentage. */
export function parsePercent(input: unknown): Parsed<number> {
  const expected = `expected a percentage like 99.5%, got ${show(input)}`;
  if (typeof input !== "string") return fail(expected);
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(input.trim());
  if (match === null) return fail(expected);
  const percent = Number(match[1]);
  if (percent > 100) return fail(`a percentage cannot exceed 100%, got ${show(input)}`);
  // Divide the decimal digits exactly, so 99.5% is 0.995 and not 0.9950000000000001.
  return ok(Number((percent / 100).toPrecision(12)));
}

/** `50x`, `x50`, `×50` or `50` → 50. */
export function parseMultiplier(input: unknown): Parsed<number> {
  const expected = `expected a multiplier like 50x, got ${show(input)}`;
  let value: number;
  if (typeof input === "number") value = input;
  else if (typeof input === "string") {
    const match = /^(?:[x×]\s*)?(\d+(?:\.\d+)?)\s*(?:[x×])?$/.exec(input.trim());
    if (match === null) return fail(expected);
    value = Number(match[1]);
  } else return fail(expected);
  if (!Number.isFinite(value) || value <= 0)
    return fail(`a multiplier must be greater than 0, got ${show(input)}`);
  return ok(value);
}

/** Formats ms back into the shortest readable duration (`90000` → `1m30s`), for messages and editors. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  let text = "";
  for (const [unit, size] of [
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1_000],
    ["ms", 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return sign + text;
}

function show(input: unknown): string {
  return input === undefined ? "nothing" : JSON.stringify(input);
}
