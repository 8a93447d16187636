/**
 * Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity) as people type them:
 * `500m`, `2`, `1.5`, `1Gi`, `512Mi`, `1G`, `128974848`, `129e6`. Pure: no Phaser, no DOM.
 */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** The quantity's value in base units (cores, bytes), or null when it is not a quantity. */
export function parseQuantity(text: string): number | null {
  const match = QUANTITY.exec(text.trim());
  if (!match) return null;
  const [, number, exponent, suffix = ""] = match;
  const base = Number(number);
  if (!Number.isFinite(base)) return null;
  if (exponent) return base * 10 ** Number(exponent.slice(1));
  return base * (BINARY[suffix] ?? DECIMAL[suffix] ?? Number.NaN);
}

/** CPU in millicores, rounded up like Quantity.MilliValue(): `500m` → 500, `2` → 2000, `0.25` → 250. */
export function parseMilliCpu(text: string): number | null {
  const cores = parseQuantity(text);
  if (cores === null || !Number.isFinite(cores) || cores < 0) return null;
  return Math.ceil(Math.round(cores * 1e9) / 1e6);
}

/** Memory in bytes, rounded up like Quantity.Value(): `1Gi` → 1073741824, `500M` → 500000000. */
export function parseBytes(text: string): number | null {
  const bytes = parseQuantity(text);
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return null;
  return Math.ceil(Math.round(bytes * 1e3) / 1e3);
}

/** Bytes the way kubectl prints them: the largest binary suffix that divides evenly (`1Gi`, `512Mi`, `1000`). */
export function formatBytes(bytes: number): string {
  for (const suffix of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
    const unit = BINARY[suffix]!;
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

/** Millicores the way kubectl prints them: whole cores when they divide evenly (`2`), else `500m`. */
export function formatMilliCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
