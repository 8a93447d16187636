import type { ClusterView } from "../net/connection.ts";

/** How much game time the SLO charts look back over. */
export const HISTORY_MS = 10 * 60_000;
/**
 * The whole round, for the debrief: the longest scenario runs 25 minutes (shared/scenarios/
 * launch-day.yaml), and a sample every 3 game seconds keeps as many slots as the projector's window.
 */
const ROUND_MS = 30 * 60_000;
const ROUND_EVERY_MS = 3000;

export interface SloPoint {
  /** Game time, ms. */
  readonly t: number;
  /** Share of requests answered, 0–1. */
  readonly availability: number;
  readonly p99Ms: number;
  /** Requests per second the service was asked for. */
  readonly rps: number;
}

interface Series {
  readonly availability: Float32Array;
  readonly p99Ms: Float32Array;
  readonly rps: Float32Array;
  /** The lowest availability seen this round, to pick which services to chart. */
  worst: number;
}

/**
 * The SLO charts' memory. The replicated state carries only each Service's last game second, so the
 * client keeps one sample per `everyMs` of game time (a game second by default), over the last
 * `windowMs`, in ring buffers (a thousand Services fit in a few MB). It starts over when the round
 * changes or time goes back.
 */
export class SloHistory {
  private round = Number.NaN;
  private lastTimeMs = -1;
  private lastBucket = -1;
  private readonly windowMs: number;
  private readonly everyMs: number;
  /** A few more slots than the window needs, so its oldest sample is not dropped early. */
  private readonly capacity: number;
  private readonly times: Float64Array;
  private start = 0;
  private count = 0;
  private readonly series = new Map<string, Series>();

  constructor({ windowMs = HISTORY_MS, everyMs = 1000 } = {}) {
    this.windowMs = windowMs;
    this.everyMs = everyMs;
    this.capacity = Math.ceil(windowMs / everyMs) + 40;
    this.times = new Float64Array(this.capacity);
  }

  /** How many samples are held within the window. */
  get samples(): number {
    return this.count;
  }

  /** Takes the view's services as a sample if it starts a new `everyMs` of a live round; true if it did. */
  record(view: ClusterView): boolean {
    if (view.round !== this.round || view.timeMs < this.lastTimeMs) this.reset(view.round);
    if (view.phase !== "live") return false;
    this.lastTimeMs = view.timeMs;
    const bucket = Math.floor(view.timeMs / this.everyMs);
    if (bucket === this.lastBucket) return false;
    this.lastBucket = bucket;

    let slot: number;
    if (this.count < this.capacity) {
      slot = (this.start + this.count) % this.capacity;
      this.count++;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    this.times[slot] = view.timeMs;
    const seen = new Set<string>();
    for (const service of view.services) {
      seen.add(service.name);
      let series = this.series.get(service.name);
      if (!series) {
        series = {
          availability: new Float32Array(this.capacity).fill(Number.NaN),
          p99Ms: new Float32Array(this.capacity).fill(Number.NaN),
          rps: new Float32Array(this.capacity).fill(Number.NaN),
          worst: 1,
        };
        this.series.set(service.name, series);
      }
      series.availability[slot] = service.availability;
      series.p99Ms[slot] = service.p99Ms;
      series.rps[slot] = service.demandRps;
      series.worst = Math.min(series.worst, service.availability);
    }
    for (const [name, series] of this.series)
      if (!seen.has(name)) {
        series.availability[slot] = Number.NaN;
        series.p99Ms[slot] = Number.NaN;
        series.rps[slot] = Number.NaN;
      }
    // Drop what fell out of the window.
    while (this.count > 1 && this.times[this.start]! < view.timeMs - this.windowMs) {
      this.start = (this.start + 1) % this.capacity;
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
      const slot = (this.start + i) % this.capacity;
      points.push({
        t: this.times[slot]!,
        availability: series.availability[slot]!,
        p99Ms: series.p99Ms[slot]!,
        rps: series.rps[slot]!,
      });
    }
    return points;
  }

  /** The services seen this round, worst availability first (then by name). */
  services(): string[] {
    return [...this.series.entries()]
      .sort(([a, x], [b, y]) => x.worst - y.worst || a.localeCompare(b))
      .map(([name]) => name);
  }

  /** The lowest availability a service had this round (1 when unknown). */
  worst(service: string): number {
    return this.series.get(service)?.worst ?? 1;
  }

  private reset(round: number): void {
    this.round = round;
    this.lastTimeMs = -1;
    this.lastBucket = -1;
    this.start = 0;
    this.count = 0;
    this.series.clear();
  }
}

/**
 * The whole round's SLO samples for the debrief, recorded from every view whatever scene shows
 * (client/main.ts), so the charts cover the round even if the debrief is the first scene to draw them.
 */
export const roundHistory = new SloHistory({ windowMs: ROUND_MS, everyMs: ROUND_EVERY_MS });
