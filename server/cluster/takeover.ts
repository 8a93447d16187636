/**
 * Workshops outlive the process that runs them. Every process watches the round logs
 * (server/rounds/log.ts) for workshops whose process is gone — its lease expired, or (with Redis)
 * the process's matchmaking channel closed, which happens at once when it dies because Redis sees
 * its connection drop — and takes each over: it acquires the workshop's lease with a new fencing
 * token (only one process can: the acquisition is atomic, and compares the holder), reads the log,
 * and re-creates the room under the same join code; the room replays the log to rebuild its World
 * and reopens each seat to its previous holder (IncidentRoom.restore).
 *
 * The entry proxy (server/cluster/proxy.ts) also tells a live process when it sees a process's
 * sockets close, so the search runs at once (POST /internal/takeovers/check).
 *
 * A lease that lapsed while its holder is still connected to Redis belongs to a process that is
 * slow, not dead (its event loop starved on a busy machine): it is taken over only after
 * STALLED_MS more, and the fencing token stops the old holder's rounds should it wake up.
 * Takeovers of separate workshops run side by side (a few at once: a replay keeps a core busy), so
 * one's replay does not hold up the players of all the others.
 *
 * Without Redis there is one process: a workshop whose lease another process holds belongs to a
 * previous run of this server, and is taken over when it starts.
 */
import { randomUUID } from "node:crypto";
import { type IRoomCache, matchMaker, RoomInternalState } from "@colyseus/core";
import { roomNames } from "../../shared/protocol/messages.ts";
import { log } from "../log.ts";
import { countTakeover } from "../metrics.ts";
import {
  type Lease,
  type LeaseStatus,
  type RoundHistory,
  RoundLogError,
  type RoundLogStore,
  roundHistory,
  STALLED_MS,
} from "../rounds/log.ts";

/** What a room re-created by a takeover is handed (through `claimTakeover`), and what it reports back. */
export interface Takeover {
  readonly lease: Lease;
  readonly history: RoundHistory;
  /** The process that had the workshop (null: its lease was free or expired). */
  readonly from: string | null;
  /** Filled by the room once rebuilt. */
  report?: TakeoverReport;
  /** Set by the room when the log cannot be replayed here: the workshop ends. */
  unplayable?: string;
}

export interface TakeoverReport {
  readonly phase: string;
  /** World ms the round was rebuilt to. */
  readonly worldMs: number;
  /** Commands of the round (those before the keyframe were in its World already). */
  readonly commands: number;
  /** World ms of the keyframe the World was restored from (0: replayed from the round's start). */
  readonly keyframeMs: number;
  /** Ticks replayed (after the keyframe). */
  readonly ticksReplayed: number;
  /** Seats reopened to their previous holders. */
  readonly seats: number;
  /** Real ms the replay took. */
  readonly replayMs: number;
}

/** A game choice: how often each process looks for workshops to take over. */
const WATCH_MS = 1_000;
/**
 * A game choice: each orphaned workshop has one preferred taker among the live processes (by its
 * code), so the workshops of a dead process spread over the others; the rest step in after this
 * long if the preferred one has not. TAKEOVER_STAGGER_MS=0 lets every process try at once.
 */
export const DEFAULT_STAGGER_MS = 2_000;
/**
 * A game choice: how many workshops one process replays at once. A replay keeps a core busy, so
 * more at once would only make each take longer; the workshops beyond go to other processes.
 */
export const DEFAULT_PARALLEL_TAKEOVERS = 2;

/** Takeovers under way in this process, by the nonce their room-creation options carry. */
const underway = new Map<string, Takeover>();
const NONCE_OPTION = "takeover";

/** The takeover a room is being created for (its options name one under way here), if any. */
export function claimTakeover(options: unknown): Takeover | undefined {
  if (typeof options !== "object" || options === null) return undefined;
  const nonce = (options as Record<string, unknown>)[NONCE_OPTION];
  return typeof nonce === "string" ? underway.get(nonce) : undefined;
}

export interface WatcherOptions {
  readonly store: RoundLogStore;
  /** Live processes' ids (with Redis), or null: one process, every other holder is gone. */
  readonly liveProcesses: () => Promise<ReadonlySet<string> | null>;
  readonly staggerMs?: number;
  readonly intervalMs?: number;
  /** Takeovers this process runs at once. */
  readonly parallel?: number;
}

export class TakeoverWatcher {
  private readonly store: RoundLogStore;
  private readonly liveProcesses: () => Promise<ReadonlySet<string> | null>;
  private readonly staggerMs: number;
  private readonly intervalMs: number;
  private readonly parallel: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** When this process first saw each orphaned workshop. */
  private readonly orphanedSince = new Map<string, number>();
  /** When this process first saw each lapsed lease whose holder is still connected. */
  private readonly stalledSince = new Map<string, number>();
  /** Workshops this process is taking over now, and those takeovers. */
  private readonly taking = new Set<string>();
  private readonly takes = new Set<Promise<void>>();

  constructor({
    store,
    liveProcesses,
    staggerMs = DEFAULT_STAGGER_MS,
    intervalMs = WATCH_MS,
    parallel = DEFAULT_PARALLEL_TAKEOVERS,
  }: WatcherOptions) {
    this.parallel = parallel;
    this.store = store;
    this.liveProcesses = liveProcesses;
    this.staggerMs = staggerMs;
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
    void this.check();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await Promise.all(this.takes);
  }

  /** Looks now (a second call while one runs makes it look once more when done). */
  check(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((error) => log.warn(JSON.stringify({ event: "takeover.check_failed", error: String(error) })))
      .finally(() => {
        this.running = undefined;
        if (this.again && this.timer !== undefined) {
          this.again = false;
          void this.check();
        }
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    if (matchMaker.state !== matchMaker.MatchMakerState.READY) return;
    // A peer sweeping a dead process's listings may have removed one of ours with the same code.
    await matchMaker.restoreMissingRoomCaches();
    const [leases, live] = await Promise.all([this.store.leases(), this.liveProcesses()]);
    const me = matchMaker.processId;
    await relist(leases, me);
    const now = Date.now();
    const gone = (id: string) => id !== me && (live === null || !live.has(id));
    const orphans: LeaseStatus[] = [];
    for (const l of leases) {
      if (matchMaker.getLocalRoomById(l.workshop) !== undefined || this.taking.has(l.workshop)) continue;
      if (l.holder !== null) {
        if (gone(l.holder)) orphans.push(l);
        continue;
      }
      // A lapsed lease whose holder is still connected: that process is slow or stopped, not dead.
      // Its workshop is taken over only if it stays silent for STALLED_MS more (a fencing token
      // then stops it, should it wake up).
      const stalled = l.lastHolder !== null && l.lastHolder !== me && !gone(l.lastHolder);
      if (stalled) {
        const since = this.stalledSince.get(l.workshop);
        if (since === undefined) {
          this.stalledSince.set(l.workshop, now);
          log.info(
            JSON.stringify({
              event: "takeover.waiting",
              workshop: l.workshop,
              holder: l.lastHolder,
              waitMs: STALLED_MS,
            }),
          );
        }
        if (since === undefined || now - since < STALLED_MS) continue;
      }
      orphans.push({ ...l, holder: l.lastHolder });
    }
    for (const workshop of [...this.orphanedSince.keys()])
      if (!orphans.some((o) => o.workshop === workshop)) this.orphanedSince.delete(workshop);
    // A stalled holder that renewed again (or whose workshop was taken) is no longer waited for.
    for (const workshop of [...this.stalledSince.keys()])
      if (!leases.some((l) => l.workshop === workshop && l.holder === null))
        this.stalledSince.delete(workshop);
    const takers = [...(live ?? []), me].filter((id, i, all) => all.indexOf(id) === i).sort();
    for (const { workshop, holder } of orphans) {
      const since = this.orphanedSince.get(workshop) ?? now;
      this.orphanedSince.set(workshop, since);
      const preferred = takers[hash(workshop) % takers.length] === me;
      if (!preferred && now - since < this.staggerMs) continue;
      if (matchMaker.state !== matchMaker.MatchMakerState.READY) return;
      // Replays are work for the processor: beyond a few at once each only slows the others. The
      // rest are left to another live process (after the stagger) or to this one's next look.
      if (this.taking.size >= this.parallel) break;
      // Each workshop on its own: one's replay does not hold up the players of another.
      this.taking.add(workshop);
      const taking = this.take(workshop, holder)
        .catch((error) =>
          log.warn(JSON.stringify({ event: "takeover.check_failed", workshop, error: String(error) })),
        )
        .finally(() => {
          this.taking.delete(workshop);
          this.takes.delete(taking);
          // Room for the next one now, rather than at the next look.
          if (this.timer !== undefined) void this.check();
        });
      this.takes.add(taking);
    }
  }

  /** Takes one workshop over, if no other process does first. */
  private async take(workshop: string, holder: string | null): Promise<void> {
    const me = matchMaker.processId;
    const lease = await this.store.acquire(workshop, me, holder);
    if (lease === null) {
      countTakeover("lost");
      log.info(JSON.stringify({ event: "takeover.lost", workshop, from: holder, to: me }));
      return;
    }
    this.orphanedSince.delete(workshop);
    countTakeover("started");
    const started = performance.now();
    log.info(
      JSON.stringify({
        event: "takeover.start",
        workshop,
        from: holder,
        to: me,
        fence: lease.fence,
        log: this.store.where,
      }),
    );
    const nonce = randomUUID();
    let takeover: Takeover | undefined;
    try {
      takeover = { lease, history: roundHistory(await this.store.read(workshop)), from: holder };
      underway.set(nonce, takeover);
      await matchMaker.handleCreateRoom(roomNames.incident, { [NONCE_OPTION]: nonce });
      const report = takeover.report;
      countTakeover("completed", report?.replayMs);
      log.info(
        JSON.stringify({
          event: "takeover.end",
          workshop,
          from: holder,
          to: me,
          fence: lease.fence,
          ...report,
          totalMs: Math.round(performance.now() - started),
        }),
      );
    } catch (error) {
      countTakeover("failed");
      // A log that cannot be replayed here (unreadable, or a scenario version this server does not
      // run) ends the workshop; anything else frees it for another try.
      const unplayable = error instanceof RoundLogError || takeover?.unplayable !== undefined;
      log.warn(
        JSON.stringify({
          event: "takeover.failed",
          workshop,
          from: holder,
          to: me,
          error: error instanceof Error ? error.message : String(error),
          workshopEnds: unplayable,
        }),
      );
      await (unplayable ? this.store.close(lease) : this.store.release(lease)).catch(() => undefined);
    } finally {
      underway.delete(nonce);
    }
  }
}

/**
 * Each workshop this process holds is listed as this process's. A listing that names another process
 * sends players there, to a process without the room: it happens when that process lost the workshop
 * to this one while it was stalled, and woke to a client coming or going before its next write told
 * it so — Colyseus rewrites a room's listing (its client count) on every seat taken or freed.
 * Colyseus' restoreMissingRoomCaches only puts back listings that are missing.
 */
async function relist(leases: readonly LeaseStatus[], me: string): Promise<void> {
  /** What Colyseus keeps private of a room: its lifecycle and its listing. */
  type Listed = { roomId: string; _internalState: number; _listing: IRoomCache };
  const rooms: Listed[] = [];
  for (const l of leases) {
    const room = l.holder === me ? (matchMaker.getLocalRoomById(l.workshop) as unknown as Listed) : undefined;
    if (room?._internalState === RoomInternalState.CREATED) rooms.push(room);
  }
  if (rooms.length === 0) return;
  const listed = await matchMaker.driver.findByIds(rooms.map((room) => room.roomId));
  for (const room of rooms) {
    const listing = listed.get(room.roomId);
    if (listing === undefined || listing.processId === me) continue;
    log.warn(
      JSON.stringify({ event: "takeover.relisted", workshop: room.roomId, listedOn: listing.processId }),
    );
    await matchMaker.driver.persist(room._listing, true);
  }
}

/** The live processes: those subscribed to their matchmaking channel in Redis (`p:<processId>`). */
export async function processesSubscribed(): Promise<ReadonlySet<string>> {
  const channels = await matchMaker.presence.channels("p:*");
  return new Set(channels.map((c) => c.slice(2)));
}

/** A small stable hash of a workshop code (FNV-1a), to spread takeovers. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
