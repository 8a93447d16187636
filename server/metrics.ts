/**
 * Server health figures for whoever runs the server (and for `npm run bench:rooms` and
 * `npm run fuzz:rooms`): how long room ticks take, how long a room waited between two of its
 * ticks (a stall: another room's work, or the garbage collector, held the event loop), CPU and
 * memory. The server may read clocks; the simulation never does.
 */
const CAPACITY = 50_000;
const tickAt = new Float64Array(CAPACITY);
const tickMs = new Float64Array(CAPACITY);
/** Ms since the same room's previous tick started (NaN for a room's first). */
const tickGapMs = new Float64Array(CAPACITY);
const tickRoom: string[] = new Array<string>(CAPACITY).fill("");
/** When each running room's last tick started. */
const lastTickAt = new Map<string, number>();
let written = 0;

/** Times one tick of `room`. */
export function measureTick<T>(room: string, work: () => T): T {
  const started = performance.now();
  const previous = lastTickAt.get(room);
  lastTickAt.set(room, started);
  try {
    return work();
  } finally {
    const i = written++ % CAPACITY;
    tickAt[i] = started;
    tickMs[i] = performance.now() - started;
    tickGapMs[i] = previous === undefined ? Number.NaN : started - previous;
    tickRoom[i] = room;
  }
}

/** A room was disposed: it ticks no more. */
export function roomStoppedTicking(room: string): void {
  lastTickAt.delete(room);
}

/** Workshops this process took over from a process that died (server/cluster/takeover.ts). */
const takeovers = { started: 0, completed: 0, failed: 0, lost: 0, fenced: 0, lastReplayMs: 0 };

/**
 * Counts a takeover: started (this process won the workshop's lease), completed (the round runs
 * here), failed, lost (another process won the race), fenced (a workshop of this process was taken
 * over by another).
 */
export function countTakeover(
  kind: "started" | "completed" | "failed" | "lost" | "fenced",
  replayMs?: number,
): void {
  takeovers[kind]++;
  if (replayMs !== undefined) takeovers.lastReplayMs = replayMs;
}

export interface MetricsReport {
  readonly windowSeconds: number;
  readonly ticks: number;
  readonly tickP50Ms: number;
  readonly tickP99Ms: number;
  readonly tickMaxMs: number;
  /** Real ms from one tick of a room to its next: the tick interval (100 ms) when nothing stalls. */
  readonly tickGapP99Ms: number;
  readonly tickGapMaxMs: number;
  readonly cpuUserMicros: number;
  readonly cpuSystemMicros: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly uptimeSeconds: number;
  /** Takeovers since the process started (counts), and how long the last one's replay took. */
  readonly takeovers: Readonly<typeof takeovers>;
}

/**
 * Tick percentiles over the last `windowSeconds` — of every room but those in `exclude` (a
 * benchmark's hostile room, say) — and the process' CPU and memory so far.
 */
export function metricsReport(
  windowSeconds: number,
  exclude: ReadonlySet<string> = new Set(),
): MetricsReport {
  const ticks = ticksSince(windowSeconds, exclude);
  const durations = ticks.map((t) => t.ms);
  const gaps = ticks.flatMap((t) => (Number.isNaN(t.gapMs) ? [] : [t.gapMs]));
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    windowSeconds,
    ticks: durations.length,
    tickP50Ms: quantile(durations, 0.5),
    tickP99Ms: quantile(durations, 0.99),
    tickMaxMs: quantile(durations, 1),
    tickGapP99Ms: quantile(gaps, 0.99),
    tickGapMaxMs: quantile(gaps, 1),
    cpuUserMicros: cpu.user,
    cpuSystemMicros: cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    uptimeSeconds: process.uptime(),
    takeovers: { ...takeovers },
  };
}

export interface Tick {
  /** performance.now() when it started. */
  readonly at: number;
  readonly ms: number;
  /** Since the same room's previous tick started (NaN for a room's first). */
  readonly gapMs: number;
}

/** The ticks of the last `windowSeconds`, of every room but those in `exclude`. */
export function ticksSince(windowSeconds: number, exclude: ReadonlySet<string> = new Set()): Tick[] {
  const since = performance.now() - windowSeconds * 1000;
  const ticks: Tick[] = [];
  for (let i = 0; i < Math.min(written, CAPACITY); i++)
    if (tickAt[i]! >= since && !exclude.has(tickRoom[i]!))
      ticks.push({ at: tickAt[i]!, ms: tickMs[i]!, gapMs: tickGapMs[i]! });
  return ticks;
}

/** The q-quantile of `xs` (sorted in place), 0 for none; q = 1 is the largest. */
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  xs.sort((a, b) => a - b);
  return xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
}
