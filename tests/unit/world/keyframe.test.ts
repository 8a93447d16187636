/**
 * A round's keyframe (server/rounds/log.ts): the World, its ScoreKeeper, MilestoneTracker and
 * RiskWatch, taken after a tick and stored as JSON, restored on another process and carried on with
 * the rest of the round's ticks, end exactly where a replay of the whole round ends — the same World,
 * byte for byte, and the same score, milestones and risks.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Command } from "../../../shared/sim/commands.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { type Milestone, MilestoneTracker } from "../../../shared/sim/world/milestones.ts";
import { type ObjectiveRisk, RiskWatch } from "../../../shared/sim/world/risks.ts";
import { ScoreKeeper } from "../../../shared/sim/world/score.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));

/** One tick of a room: its commands, then the World on to `t` (as IncidentRoom.play and replayTicks do). */
interface Tick {
  readonly t: number;
  readonly commands: readonly Command[];
}

/** What a room gathers as its round plays. */
class Round {
  readonly keeper: ScoreKeeper;
  readonly milestones: MilestoneTracker;
  readonly risks = new RiskWatch();
  readonly world: World;
  readonly shown: Milestone[] = [];
  lastRisks: ObjectiveRisk[] = [];

  constructor(scenarioName: string, seed: number, keyframe?: ReturnType<Round["keyframe"]>) {
    const scenario = loadScenario(readFileSync(`${folder}${scenarioName}.yaml`, "utf8"));
    this.keeper = new ScoreKeeper(scenario);
    this.milestones = new MilestoneTracker(scenario);
    if (keyframe !== undefined) {
      this.keeper.restore(keyframe.keeper);
      this.milestones.restore(keyframe.milestones);
      this.risks.restore(keyframe.risks);
      this.shown.push(...keyframe.shown);
    }
    this.world = new World(scenario, seed, {
      trace: (r) => {
        this.keeper.record(r);
        this.milestones.record(r);
      },
      ...(keyframe !== undefined && { from: keyframe.world }),
    });
  }

  play(ticks: readonly Tick[]): void {
    for (const tick of ticks) {
      for (const command of tick.commands) expect(this.world.apply(command).accepted).toBe(true);
      this.world.advanceTo(tick.t);
      this.shown.push(...this.milestones.observe(this.world));
      this.lastRisks = this.risks.observe(this.world.riskFacts(), this.world.now);
    }
  }

  /** As the room records it, through JSON as the log stores it. */
  keyframe() {
    return JSON.parse(
      JSON.stringify({
        world: this.world.snapshot(),
        keeper: this.keeper.snapshot(),
        milestones: this.milestones.snapshot(),
        risks: this.risks.snapshot(),
        shown: this.shown,
      }),
    ) as {
      world: ReturnType<World["snapshot"]>;
      keeper: ReturnType<ScoreKeeper["snapshot"]>;
      milestones: ReturnType<MilestoneTracker["snapshot"]>;
      risks: [string, number][];
      shown: Milestone[];
    };
  }

  result() {
    return {
      snapshot: JSON.stringify(this.world.snapshot()),
      hash: this.world.hash(),
      score: this.keeper.score(),
      shown: this.shown,
      risks: this.lastRisks,
    };
  }
}

/** Ticks of `stepMs` up to `endMs`, with `commands` at the ticks that reach their times. */
function ticks(endMs: number, stepMs: number, commands: readonly (readonly [number, Command])[]): Tick[] {
  const out: Tick[] = [];
  for (let t = stepMs; t <= endMs; t += stepMs)
    out.push({ t, commands: commands.filter(([at]) => at > t - stepMs && at <= t).map(([, c]) => c) });
  return out;
}

describe("a round's keyframe", () => {
  it.each([
    // Zone Down: a zone's nodes go, pods are evicted and rescheduled, milestones and risks come and go.
    [
      "zone-down",
      ticks(240_000, 1_000, [
        [30_000, { type: "cordon", node: "node-b-1" }],
        [150_000, { type: "uncordon", node: "node-b-1" }],
      ]),
      120,
    ],
    // Launch Day's climb with the playbook's first moves before the keyframe and after it.
    [
      "launch-day",
      ticks(200_000, 2_500, [
        [100_000, { type: "scale", deployment: "recommendations", replicas: 0 }],
        [
          140_000,
          { type: "setHpa", deployment: "api", minReplicas: 90, maxReplicas: 200, targetCPUUtilization: 0.6 },
        ],
      ]),
      48,
    ],
  ] as const)(
    "%s: restored from a keyframe, the rest of the round ends as a whole replay does, byte for byte",
    (scenario, all, at) => {
      const whole = new Round(scenario, 7);
      whole.play(all);

      const before = new Round(scenario, 7);
      before.play(all.slice(0, at));
      const restored = new Round(scenario, 7, before.keyframe());
      restored.play(all.slice(at));

      const a = whole.result();
      const b = restored.result();
      expect(b.snapshot).toBe(a.snapshot);
      expect(b.hash).toBe(a.hash);
      expect(b.score).toEqual(a.score);
      expect(b.shown).toEqual(a.shown);
      expect(b.risks).toEqual(a.risks);
      // The round did things worth checking after the keyframe.
      expect(a.shown.length).toBeGreaterThan(before.shown.length);
    },
    120_000,
  );
});
