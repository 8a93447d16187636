import type { ClusterView } from "../net/connection.ts";

/** How much game time the SLO charts look back over. */
export const HISTORY_MS = 10 * 60_000;
/** More slots than one sample per game second over HISTORY_MS needs. */
const CAPACITY = 640;

export interface SloPoint {
  /** Game time, ms. */
  readonly t: number;
  /** Share of requests answered, 0–1. */
  readonly availability: number;
  readonly p99Ms: number;
}

interface Series {
  readonly availability: Float32Array;
  readonly p99Ms: Float32Array;
  /** The lowest availability seen this round, to pick which services to chart. */
  worst: number;
}

/**
 * The SLO charts' memory. The replicated state carries only each Service's last game second, so the
 * client keeps one sample per distinct game second, over the last HISTORY_MS, in ring buffers
 * (a thousand Services fit in a few MB). It starts over when the round changes or time goes back.
 */
export class SloHistory {
  private round = Number.NaN;
  private lastTimeMs = -1;
  private lastSecond = -1;
  private readonly times = new Float64Array(CAPACITY);
  private start = 0;
  private count = 0;
  private readonly series = new Map<string, Series>();

  /** How many samples are held (game seconds seen within the window). */
  get samples(): number {
    return this.count;
  }

  /** Takes the view's services as a sample if it is a new game second of a live round; true if it did. */
  record(view: ClusterView): boolean {
    if (view.round !== this.round || view.timeMs < this.lastTimeMs) this.reset(view.round);
    if (view.phase !== "live") return false;
    this.lastTimeMs = view.timeMs;
    const second = Math.floor(view.timeMs / 1000);
    if (second === this.lastSecond) return false;
    this.lastSecond = second;

    let slot: number;
    if (this.count < CAPACITY) {
      slot = (this.start + this.count) % CAPACITY;
      this.count++;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % CAPACITY;
    }
    this.times[slot] = view.timeMs;
    const seen = new Set<string>();
    for (const service of view.services) {
      seen.add(service.name);
      let series = this.series.get(service.name);
      if (!series) {
        series = {
          availability: new Float32Array(CAPACITY).fill(Number.NaN),
          p99Ms: new Float32Array(CAPACITY).fill(Number.NaN),
          worst: 1,
        };
        this.series.set(service.name, series);
      }
      series.availability[slot] = service.availability;
      series.p99Ms[slot] = service.p99Ms;
      series.worst = Math.min(series.worst, service.availability);
    }
    for (const [name, series] of this.series)
      if (!seen.has(name)) {
        series.availability[slot] = Number.NaN;
        series.p99Ms[slot] = Number.NaN;
      }
    // Drop what fell out of the window.
    while (this.count > 1 && this.times[this.start]! < view.timeMs - HISTORY_MS) {
      this.start = (this.start + 1) % CAPACITY;
      this.count--;
    }
    return true;
  }

  /** A service's samples within the window, oldest first (NaN where it had none). */
  points(service: string): SloPoint[] {
    const series = this.series.get(service);
    if (!series) return [];
    const points: SloPoint[] = [];
    for (let i = 0; i < this.count; i++) {
      const slot = (this.start + i) % CAPACITY;
      points.push({
        t: this.times[slot]!,
        availability: series.availability[slot]!,
        p99Ms: series.p99Ms[slot]!,
      });
    }
    return points;
  }

  /** The lowest availability a service had this round (1 when unknown). */
  worst(service: string): number {
    return this.series.get(service)?.worst ?? 1;
  }

  private reset(round: number): void {
    this.round = round;
    this.lastTimeMs = -1;
    this.lastSecond = -1;
    this.start = 0;
    this.count = 0;
    this.series.clear();
  }
}
