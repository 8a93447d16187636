import type { RoundReplay } from "../../shared/protocol/replay.ts";
import type { Scenario } from "../../shared/sim/scenario/index.ts";
import { type Milestone, MilestoneTracker } from "../../shared/sim/world/milestones.ts";
import { type RoundScore, ScoreKeeper } from "../../shared/sim/world/score.ts";
import type { WorldCommand } from "../../shared/sim/world/types.ts";
import { World, type WorldSnapshot } from "../../shared/sim/world/world.ts";

/**
 * A key frame every 10 game seconds: a jump restores the one before it and plays at most 10 s on
 * (a game choice; `npm run bench:replay` measures what it costs and saves).
 */
export const KEYFRAME_EVERY_MS = 10_000;

/** The pass plays on in steps of a game second: each step records the second's score and milestones. */
const STEP_MS = 1_000;

interface Cursor {
  world: World;
  /** The next command of the log to apply. */
  next: number;
}

/**
 * A stored round replayed on the World (shared/sim), as the server verified it: its scenario (without
 * the script when a person played chaos), its seed, its commands at their times.
 *
 * The *pass* plays the round once from start to end, as fast as it can, keeping a snapshot() every
 * KEYFRAME_EVERY_MS (key frames), each second's score and the milestones; at its end, the World's
 * digest says whether the replay reached the round's. The *cursor* is a second World that shows
 * any moment already passed: it plays on from where it is, or restores the last key frame before
 * the moment and plays on from there.
 */
export class Replayer {
  readonly durationMs: number;
  /** What the pass found so far, oldest first. */
  readonly milestones: Milestone[] = [];
  private readonly scenario: Scenario;
  private readonly seed: number;
  private readonly commands: readonly { readonly at: number; readonly command: WorldCommand }[];
  private readonly keyframes: { at: number; snapshot: WorldSnapshot; next: number }[] = [];
  /** The score at the end of each game second played (index: the second). */
  private readonly scores: RoundScore[] = [];
  private readonly keeper: ScoreKeeper;
  private readonly tracker: MilestoneTracker;
  private readonly pass: Cursor;
  private cursor: Cursor | undefined;
  private readonly keyframeEveryMs: number;
  /** Commands the World refused on replay (a log the round cannot have produced). */
  refused = 0;

  constructor(
    scenario: Scenario,
    replay: Pick<RoundReplay, "seed" | "scripted" | "durationMs"> & {
      readonly commands: readonly { readonly at: number; readonly command: WorldCommand }[];
    },
    { keyframeEveryMs = KEYFRAME_EVERY_MS }: { keyframeEveryMs?: number } = {},
  ) {
    // As the round was played (server/rooms/IncidentRoom.ts played()): the script only when no person played chaos.
    this.scenario = replay.scripted ? scenario : { ...scenario, faults: [] };
    this.seed = replay.seed;
    this.commands = replay.commands;
    this.durationMs = replay.durationMs;
    this.keyframeEveryMs = keyframeEveryMs;
    this.keeper = new ScoreKeeper(this.scenario);
    this.tracker = new MilestoneTracker(this.scenario);
    const world = new World(this.scenario, this.seed, {
      trace: (r) => {
        this.keeper.record(r);
        this.tracker.record(r);
      },
    });
    this.pass = { world, next: 0 };
    this.keyframe();
    this.scores.push(this.keeper.score());
  }

  /** How far the pass has played (game ms). */
  get reached(): number {
    return this.pass.world.now;
  }

  get done(): boolean {
    return this.reached >= this.durationMs;
  }

  /** The pass's digest at the round's end (undefined until it gets there). */
  digest(): string | undefined {
    return this.done ? this.pass.world.hash() : undefined;
  }

  /** Plays the pass on to `untilMs` (at most the round's end). */
  playOn(untilMs: number): void {
    const until = Math.min(untilMs, this.durationMs);
    while (this.reached < until) {
      const to = Math.min(until, (Math.floor(this.reached / STEP_MS) + 1) * STEP_MS);
      this.advance(this.pass, to);
      const world = this.pass.world;
      this.milestones.push(...(this.done ? this.tracker.finish(world) : this.tracker.observe(world)));
      if (world.now % STEP_MS === 0 || this.done)
        this.scores[Math.ceil(world.now / STEP_MS)] = this.keeper.score();
      if (world.now % this.keyframeEveryMs === 0) this.keyframe();
    }
  }

  /** The score as it stood at `t` (the last whole second played). */
  scoreAt(t: number): RoundScore {
    const second = Math.min(Math.floor(t / STEP_MS), this.scores.length - 1);
    return this.scores[Math.max(0, second)] as RoundScore;
  }

  /** The cluster at `t` (≤ reached): the cursor played on, or restored from a key frame first. */
  worldAt(t: number): World {
    const at = Math.max(0, Math.min(t, this.reached));
    const frame = this.keyframes.findLast((k) => k.at <= at);
    if (frame === undefined) throw new Error("no key frame: the pass has not started");
    const cursor = this.cursor;
    // Play the cursor on when it is before `at` and no key frame lies between: that is cheaper.
    if (cursor === undefined || cursor.world.now > at || frame.at > cursor.world.now)
      this.cursor = {
        world: new World(this.scenario, this.seed, { from: frame.snapshot }),
        next: frame.next,
      };
    const target = this.cursor as Cursor;
    this.advance(target, at);
    return target.world;
  }

  /** Whether a jump to `t` restores a key frame (false: the cursor only plays on). */
  restoresFor(t: number): boolean {
    const cursor = this.cursor;
    const frame = this.keyframes.findLast((k) => k.at <= t);
    return (
      cursor === undefined || cursor.world.now > t || (frame !== undefined && frame.at > cursor.world.now)
    );
  }

  get keyframeCount(): number {
    return this.keyframes.length;
  }

  /** Each key frame's size as JSON (what it holds; the heap keeps it as objects), for the bench. */
  keyframeSizes(): number[] {
    return this.keyframes.map((k) => JSON.stringify(k.snapshot).length);
  }

  /** As the server's replay (shared/sim/world/runner.ts runWorld): commands due first, then on to the next one. */
  private advance(cursor: Cursor, to: number): void {
    const { world } = cursor;
    for (;;) {
      for (let entry = this.commands[cursor.next]; entry !== undefined && entry.at <= world.now; ) {
        const applied = world.apply(entry.command);
        if (!applied.accepted && cursor === this.pass) this.refused++;
        entry = this.commands[++cursor.next];
      }
      if (world.now >= to) return;
      world.advanceTo(Math.min(to, this.commands[cursor.next]?.at ?? Number.POSITIVE_INFINITY));
    }
  }

  private keyframe(): void {
    const world = this.pass.world;
    this.keyframes.push({ at: world.now, snapshot: world.snapshot(), next: this.pass.next });
  }
}
