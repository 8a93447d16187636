import { Worker } from "node:worker_threads";
import { log } from "../log.ts";
import type { RoundResult, Store } from "../store/types.ts";
import type { Verdict } from "./verify.ts";

/** Re-simulates rounds on a worker thread, one at a time, in the order asked. */
export class Verifier {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, (verdict: Verdict) => void>();

  verify(round: RoundResult): Promise<Verdict> {
    const worker = this.start();
    const id = ++this.next;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, round });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL("./verifyWorker.ts", import.meta.url));
    worker.on("message", ({ id, verdict }: { id: number; verdict: Verdict }) => {
      this.waiting.get(id)?.(verdict);
      this.waiting.delete(id);
    });
    const fail = (why: string) => {
      for (const resolve of this.waiting.values()) resolve({ ok: false, reason: why });
      this.waiting.clear();
      this.worker = undefined;
    };
    worker.on("error", (error) => fail(`the verifier failed: ${error.message}`));
    worker.on("exit", (code) => fail(`the verifier stopped (exit ${code})`));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

/**
 * Finished rounds reach the leaderboards in two steps. First the result is written at once, as
 * pending: a server killed right after a round keeps it. Then it is replayed (Verifier) and either
 * marked verified — only then does it rank — or deleted, with the reason logged. Pending rounds
 * left by a crash are verified when the server starts again (`resume`).
 */
export class RoundRecorder {
  private readonly store: Store;
  private readonly verifier: Verifier;
  private settled: Promise<void> = Promise.resolve();

  constructor(store: Store, verifier: Verifier) {
    this.store = store;
    this.verifier = verifier;
  }

  /** Writes the round (pending) and starts its verification; resolves with its id once written. */
  async record(round: RoundResult): Promise<number> {
    const id = await this.store.saveRound(round);
    this.settled = this.settled
      .then(() => this.check(id, round))
      .catch((error) =>
        log.warn(JSON.stringify({ event: "round.verify_failed", result: id, error: String(error) })),
      );
    return id;
  }

  /** Verifies every round a previous run left pending. */
  async resume(): Promise<void> {
    for (const round of await this.store.pendingRounds()) await this.check(round.id, round);
  }

  /** Resolves once every verification asked so far is done (tests and shutdown wait on it). */
  idle(): Promise<void> {
    return this.settled;
  }

  private async check(id: number, round: RoundResult): Promise<void> {
    const verdict = await this.verifier.verify(round);
    if (verdict.ok) {
      await this.store.markVerified(id);
      log.info(JSON.stringify({ event: "round.verified", result: id, scenario: round.scenarioId }));
    } else {
      await this.store.deleteRound(id);
      log.warn(JSON.stringify({ event: "round.rejected", result: id, reason: verdict.reason }));
    }
  }
}
