/**
 * Server health figures for whoever runs the server (and for `npm run bench:rooms`):
 * how long room ticks take, CPU and memory. The server may read clocks; the
 * simulation never does.
 */
const CAPACITY = 50_000;
const tickAt = new Float64Array(CAPACITY);
const tickMs = new Float64Array(CAPACITY);
let written = 0;

/** Times one room tick. */
export function measureTick<T>(work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    const i = written++ % CAPACITY;
    tickAt[i] = started;
    tickMs[i] = performance.now() - started;
  }
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
  readonly cpuUserMicros: number;
  readonly cpuSystemMicros: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly uptimeSeconds: number;
  /** Takeovers since the process started (counts), and how long the last one's replay took. */
  readonly takeovers: Readonly<typeof takeovers>;
}

/** Tick percentiles over the last `windowSeconds`, and the process' CPU and memory so far. */
export function metricsReport(windowSeconds: number): MetricsReport {
  const since = performance.now() - windowSeconds * 1000;
  const durations: number[] = [];
  for (let i = 0; i < Math.min(written, CAPACITY); i++) if (tickAt[i]! >= since) durations.push(tickMs[i]!);
  durations.sort((a, b) => a - b);
  const at = (q: number) =>
    durations.length === 0 ? 0 : durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    windowSeconds,
    ticks: durations.length,
    tickP50Ms: at(0.5),
    tickP99Ms: at(0.99),
    tickMaxMs: durations.at(-1) ?? 0,
    cpuUserMicros: cpu.user,
    cpuSystemMicros: cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    uptimeSeconds: process.uptime(),
    takeovers: { ...takeovers },
  };
}
