import { log } from "../log.ts";
import { StoreError } from "./types.ts";

/** The first wait before a result whose write failed (a full disk, an I/O error, a database down) is written again, and the longest. */
const KEPT_FIRST_MS = 1_000;
const KEPT_LONGEST_MS = 60_000;

/**
 * Results whose write failed, kept in memory and written again every 1 s, 2 s, … up to a minute
 * until they land, shared by both stores (issue 18, item 12). The log says when one is kept, when
 * it lands, and, should the store close first, that it is lost. At most `limit()` wait at once, so
 * a database that never recovers cannot grow the process without bound: past that, a result is
 * refused (and logged) as it fails.
 */
export class KeptWrites {
  private kept = 0;
  private closed = false;
  /** Kept results waiting for their next try: closing ends their wait. */
  private readonly sleeping = new Set<() => void>();

  private readonly limit: () => number;

  constructor(limit: () => number) {
    this.limit = limit;
  }

  /** How many results are kept, waiting for their write to succeed. */
  get count(): number {
    return this.kept;
  }

  /** No more tries: each kept result is tried once more now and, failing, lost. */
  close(): void {
    this.closed = true;
    for (const wake of [...this.sleeping]) wake();
  }

  /** Writes a result (`what`, for the log) now; if the write fails, keeps it and writes it again later. */
  async write<T>(what: string, work: () => Promise<T>): Promise<T> {
    let keptSince: Error | undefined;
    try {
      for (let waitMs = KEPT_FIRST_MS; ; waitMs = Math.min(waitMs * 2, KEPT_LONGEST_MS)) {
        try {
          const written = await work();
          if (keptSince !== undefined) storeLog("store.write.landed", what, keptSince, this.kept - 1);
          return written;
        } catch (error) {
          if (this.closed) {
            if (keptSince !== undefined) storeLog("store.write.lost", what, error, this.kept - 1);
            throw error;
          }
          if (keptSince === undefined) {
            if (this.kept >= this.limit()) {
              storeLog("store.write.refused", what, error, this.kept);
              throw new StoreError(
                `the ${what} could not be written (${(error as Error).message}) and ${this.kept} results already wait to be written`,
              );
            }
            this.kept++;
            keptSince = error as Error;
            storeLog("store.write.kept", what, error, this.kept);
          }
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.sleeping.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, waitMs);
          this.sleeping.add(wake);
        });
      }
    } finally {
      if (keptSince !== undefined) this.kept--;
    }
  }
}

/** One line for a result whose write failed: kept, landed later, refused or lost. */
function storeLog(event: string, what: string, error: unknown, waiting: number): void {
  log.warn(
    JSON.stringify({ event, result: what, error: String((error as Error)?.message ?? error), waiting }),
  );
}
