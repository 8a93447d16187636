/**
 * A room's side of its round log (server/rounds/log.ts): it records as things happen, writes them
 * in order, one batch at a time, and says when everything recorded is stored — the room shows
 * players nothing before that (IncidentRoom: its ticks wait, its patches and answers follow the
 * write). It keeps the workshop's lease renewed, and tells the room at once when another process
 * took the workshop (a write or renewal refused: fenced).
 *
 * When the storage does not answer (Redis restarting), writes are retried, with a pause that
 * grows to a few seconds; meanwhile the round waits for its log rather than running ahead of it.
 */
import { log } from "../log.ts";
import { FencedError, type Lease, RENEW_MS, type RoundLogRecord, type RoundLogStore } from "./log.ts";

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 2_000;

export class RoundJournal {
  readonly lease: Lease;
  private readonly store: RoundLogStore;
  private readonly onLost: (why: string) => void;
  private pending: RoundLogRecord[] = [];
  private writing: Promise<void> | undefined;
  private renewal: NodeJS.Timeout | undefined;
  private state: "open" | "lost" | "closed" = "open";
  private outage = false;

  constructor(store: RoundLogStore, lease: Lease, onLost: (why: string) => void) {
    this.store = store;
    this.lease = lease;
    this.onLost = onLost;
    this.renewal = setInterval(() => void this.renew(), RENEW_MS);
    this.renewal.unref();
  }

  /** Queued, and written as soon as the write before it is done; ignored once the workshop was lost or the journal closed. */
  record(record: RoundLogRecord): void {
    if (this.state !== "open") return;
    this.pending.push(record);
    if (this.pending.length === 1 && this.writing === undefined)
      queueMicrotask(() => void this.flush().catch(() => undefined));
  }

  /** Everything recorded is stored (or the journal no longer writes). */
  get idle(): boolean {
    return this.state !== "open" || (this.pending.length === 0 && this.writing === undefined);
  }

  get lost(): boolean {
    return this.state === "lost";
  }

  /** Resolves once everything recorded before the call is stored; rejects if the workshop was lost. */
  async flush(): Promise<void> {
    if (this.lost) throw new FencedError(`workshop ${this.lease.workshop} was taken over`);
    if (this.state === "closed") return;
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
    });
    await this.writing;
    // Recorded while the last batch was settling: one more round.
    if (this.pending.length > 0 && !this.idle) await this.flush();
    if (this.lost) throw new FencedError(`workshop ${this.lease.workshop} was taken over`);
  }

  /** Stops writing, keeps the log and frees the lease: another process takes the workshop over now. */
  async handOff(): Promise<void> {
    await this.flush().catch(() => undefined);
    if (this.state !== "open") return;
    this.stop("closed");
    await this.store.release(this.lease);
  }

  /** The workshop is over: its log and lease are removed. */
  async close(): Promise<void> {
    if (this.state !== "open") return;
    this.stop("closed");
    await this.writing?.catch(() => undefined);
    await this.store.close(this.lease);
  }

  private async drain(): Promise<void> {
    let wait = RETRY_FIRST_MS;
    while (this.pending.length > 0 && this.state === "open") {
      // A new round starts a batch of its own: the log is trimmed to begin with it.
      const next = this.pending.findIndex((r, i) => i > 0 && r.kind === "round");
      const batch = this.pending.slice(0, next < 0 ? undefined : next);
      try {
        await this.store.append(this.lease, batch, batch[0]?.kind === "round");
        this.pending.splice(0, batch.length);
        wait = RETRY_FIRST_MS;
        if (this.outage) log.info(JSON.stringify({ event: "roundlog.back", workshop: this.lease.workshop }));
        this.outage = false;
      } catch (error) {
        if (error instanceof FencedError) {
          this.lose("a later fencing token exists: another process took the workshop over");
          return;
        }
        if (!this.outage)
          log.warn(
            JSON.stringify({
              event: "roundlog.unavailable",
              workshop: this.lease.workshop,
              where: this.store.where,
              error: String(error),
            }),
          );
        this.outage = true;
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(RETRY_MAX_MS, wait * 2);
      }
    }
  }

  private async renew(): Promise<void> {
    if (this.state !== "open") return;
    try {
      if (!(await this.store.renew(this.lease)) && this.state === "open")
        this.lose("its lease was renewed by another process's fencing token");
    } catch {
      // Storage unreachable: the next write says whether the workshop is still ours.
    }
  }

  private lose(why: string): void {
    if (this.state !== "open") return;
    this.stop("lost");
    this.onLost(why);
  }

  private stop(state: "lost" | "closed"): void {
    this.state = state;
    this.pending = [];
    clearInterval(this.renewal);
    this.renewal = undefined;
  }
}
