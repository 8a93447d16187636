/** Number and time formats shared by the incident screen's status panels (SLO, score, events). */

/** m:ss of game time; an hour or more → h:mm:ss (95 000 ms → "1:35", 3 723 000 → "1:02:03"). */
export function formatMinutes(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** mm:ss, the round clock's face. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** The round number at or above `value` a chart's axis ends on: 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

/**
 * An event's age the way kubectl's LAST SEEN column prints it (apimachinery duration.HumanDuration):
 * seconds under two minutes, minutes and seconds under ten, then whole minutes.
 */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  return `${m}m`;
}

/** 0.99953 → "99.95%", 0.873 → "87.3%", 1 → "100%": two decimals where the nines matter. */
export function formatAvailability(share: number): string {
  const percent = share * 100;
  if (percent >= 100) return "100%";
  return `${percent >= 99 ? percent.toFixed(2) : percent.toFixed(1)}%`;
}

/** 182 → "182 ms", 12 400 → "12.4 s". */
export function formatLatency(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Requests per second: 840 → "840", 12 400 → "12.4k", 2 000 000 → "2.0M". */
export function formatRate(rps: number): string {
  if (rps >= 1_000_000) return `${(rps / 1_000_000).toFixed(1)}M`;
  if (rps >= 10_000) return `${Math.round(rps / 1000)}k`;
  if (rps >= 1000) return `${(rps / 1000).toFixed(1)}k`;
  return String(Math.round(rps));
}

/** Cuts a line to `max` characters, ending it with "…" when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
