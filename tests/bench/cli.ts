/**
 * What every bench shares: reading its command line (a wrong argument prints the error and the
 * usage, and exits 2 before anything runs), its percentiles, and its plain-text tables.
 */
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { SPEEDS } from "../../shared/protocol/messages.ts";

type Values = Record<string, string | boolean | undefined>;

/**
 * Parses `process.argv` strictly against `config`, then lets `read` turn the values into options.
 * Whatever either throws is shown with `usage`, and the process exits 2.
 */
export function benchOptions<T>(
  usage: string,
  config: ParseArgsOptionsConfig,
  read: (values: Values) => T,
): T {
  try {
    return read(parseArgs({ options: config, strict: true }).values as Values);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    process.exit(2);
  }
}

/** `raw` as a whole number from `min` to `max`, `fallback` when absent; throws naming `--flag`. */
export function wholeNumber(
  raw: string | boolean | undefined,
  fallback: number,
  flag: string,
  { min = 1, max = Number.MAX_SAFE_INTEGER } = {},
): number {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new Error(
      max === Number.MAX_SAFE_INTEGER
        ? `--${flag} must be a whole number ≥ ${min}`
        : `--${flag} must be a whole number from ${min} to ${max}`,
    );
  return n;
}

/** `--speed` as one of the game's speeds, 10× when absent. */
export function gameSpeed(raw: string | boolean | undefined): number {
  const speed = raw === undefined ? 10 : Number(raw);
  if (!(SPEEDS as readonly number[]).includes(speed))
    throw new Error(`--speed must be one of ${SPEEDS.join(", ")}`);
  return speed;
}

/** The `q` quantile (nearest rank) of values already sorted ascending; NaN when there are none. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Sorts a copy ascending, for `quantile`. */
export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** Prints `header` and `rows` as columns as wide as their widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  for (const cells of [header, ...rows]) console.log(line(cells));
}
