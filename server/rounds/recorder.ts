import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { log } from "../log.ts";
import { scenarioCatalog } from "../rooms/catalog.ts";
import type { RoundResult, Store } from "../store/types.ts";
import type { Verdict } from "./verify.ts";

/** A replay that was not finished: the round stays pending, unranked and not deleted. */
export interface Unfinished {
  readonly ok: "unfinished";
  readonly reason: string;
}

/**
 * Wall time one replay may take before it is stopped (its round stays pending). A game choice, far
 * above an honest round's: First Light's ten minutes replay in about a second here, and Thousand
 * Services at its pod limit in well under a minute.
 */
const MAX_REPLAY_MS = 120_000;

interface Job {
  readonly id: number;
  readonly round: RoundResult;
  /** What the replay will cost, roughly: simulated time × the objects simulated. */
  readonly cost: number;
  readonly resolve: (verdict: Verdict | Unfinished) => void;
}

/**
 * Re-simulates rounds on worker threads, off the game loop: a pool of `workers` threads, each
 * taking the cheapest round waiting, and each replay stopped after `maxReplayMs`. One expensive
 * round therefore holds one thread for a bounded time, never the honest rounds queued behind it.
 */
export class Verifier {
  private readonly size: number;
  private readonly maxReplayMs: number;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, { job: Job; timer: NodeJS.Timeout }>();
  private waiting: Job[] = [];
  private next = 0;
  private closed = false;

  constructor({
    workers = Math.max(2, Math.min(4, availableParallelism() - 1)),
    maxReplayMs = MAX_REPLAY_MS,
  }: { workers?: number; maxReplayMs?: number } = {}) {
    this.size = workers;
    this.maxReplayMs = maxReplayMs;
  }

  verify(round: RoundResult): Promise<Verdict | Unfinished> {
    return new Promise((resolve) => {
      this.waiting.push({ id: ++this.next, round, cost: replayCost(round), resolve });
      this.waiting.sort((a, b) => a.cost - b.cost || a.id - b.id);
      this.dispatch();
    });
  }

  /** Stops every worker; rounds waiting or being replayed stay pending (verified at the next start). */
  async close(): Promise<void> {
    this.closed = true;
    const stopping = { ok: "unfinished", reason: "the server is stopping" } as const;
    for (const job of this.waiting) job.resolve(stopping);
    this.waiting = [];
    for (const { job, timer } of this.busy.values()) {
      clearTimeout(timer);
      job.resolve(stopping);
    }
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(workers.map((w) => w.removeAllListeners().terminate()));
  }

  private dispatch(): void {
    while (!this.closed && this.waiting.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.start() : undefined);
      if (worker === undefined) return;
      const job = this.waiting.shift() as Job;
      const timer = setTimeout(
        () => this.stop(worker, `its replay ran past ${this.maxReplayMs / 1000} s and was stopped`),
        this.maxReplayMs,
      );
      this.busy.set(worker, { job, timer });
      worker.postMessage({ id: job.id, round: job.round });
    }
  }

  /** The job on `worker` is done; the worker takes the next one. */
  private finished(worker: Worker, verdict: Verdict | Unfinished): void {
    const running = this.busy.get(worker);
    if (running === undefined) return;
    clearTimeout(running.timer);
    this.busy.delete(worker);
    this.idle.push(worker);
    running.job.resolve(verdict);
    this.dispatch();
  }

  /** Ends a worker (a replay over its bound, or a crash): its round is left unfinished. */
  private stop(worker: Worker, why: string): void {
    const running = this.busy.get(worker);
    this.busy.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    worker.removeAllListeners();
    void worker.terminate();
    if (running !== undefined) {
      clearTimeout(running.timer);
      running.job.resolve({ ok: "unfinished", reason: why });
    }
    this.dispatch();
  }

  private start(): Worker {
    const worker = new Worker(new URL("./verifyWorker.ts", import.meta.url));
    worker.on("message", ({ verdict }: { id: number; verdict: Verdict }) => this.finished(worker, verdict));
    worker.on("error", (error) => this.stop(worker, `the verifier failed: ${error.message}`));
    worker.on("exit", (code) => this.stop(worker, `the verifier stopped (exit ${code})`));
    worker.unref();
    return worker;
  }
}

/** Simulated ms times the nodes and pods simulated: how long a replay takes, to order them. */
function replayCost(round: RoundResult): number {
  const cluster = scenarioCatalog.get(round.scenarioId)?.cluster;
  const objects =
    (cluster?.nodes.length ?? 1) + (cluster?.deployments.reduce((n, d) => n + d.replicas, 0) ?? 0);
  return Math.max(0, round.durationMs) * objects + round.commandLog.length;
}

/**
 * Finished rounds reach the leaderboards in two steps. First the result is written at once, as
 * pending: a server killed right after a round keeps it. Then it is replayed (Verifier) and either
 * marked verified — only then does it rank — or deleted, with the reason logged; a replay that
 * could not finish leaves it pending. Pending rounds are verified again when the server starts
 * (`resume`).
 */
export class RoundRecorder {
  private readonly store: Store;
  private readonly verifier: Verifier;
  private readonly checks = new Set<Promise<void>>();

  constructor(store: Store, verifier: Verifier) {
    this.store = store;
    this.verifier = verifier;
  }

  /** Writes the round (pending) and starts its verification; resolves with its id once written. */
  async record(round: RoundResult): Promise<number> {
    const id = await this.store.saveRound(round);
    this.track(this.check(id, round));
    return id;
  }

  /** Verifies every round a previous run left pending. */
  async resume(): Promise<void> {
    for (const round of await this.store.pendingRounds()) this.track(this.check(round.id, round));
    await this.idle();
  }

  /** Resolves once every verification asked so far is done (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.checks.size > 0) await Promise.all([...this.checks]);
  }

  private track(check: Promise<void>): void {
    const tracked: Promise<void> = check
      .catch((error) => log.warn(JSON.stringify({ event: "round.verify_failed", error: String(error) })))
      .finally(() => this.checks.delete(tracked));
    this.checks.add(tracked);
  }

  private async check(id: number, round: RoundResult): Promise<void> {
    const verdict = await this.verifier.verify(round);
    if (verdict.ok === true) {
      await this.store.markVerified(id);
      log.info(JSON.stringify({ event: "round.verified", result: id, scenario: round.scenarioId }));
    } else if (verdict.ok === "unfinished") {
      log.warn(JSON.stringify({ event: "round.verify_unfinished", result: id, reason: verdict.reason }));
    } else {
      await this.store.deleteRound(id);
      log.warn(JSON.stringify({ event: "round.rejected", result: id, reason: verdict.reason }));
    }
  }
}
