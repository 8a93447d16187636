import { fnv1a } from "../random.ts";

/**
 * A stable 64-bit digest (two FNV-1a lanes with different offset bases) of a
 * JSON-compatible value. Object keys are visited in sorted order so that two
 * equal worlds hash equally whatever order their maps were filled in.
 */
export function stableHash(value: unknown): string {
  const text = canonicalJson(value);
  const a = fnv1a(text);
  const b = fnv1a(text, 0x01000193 ^ 0x9e3779b9);
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value))
      throw new TypeError("cannot hash a non-finite number");
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}
