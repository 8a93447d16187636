import { Encoder } from "@colyseus/schema";
import {
  listPods,
  projectMilestones,
  projectScenario,
  projectScore,
  projectWorld,
} from "../../server/rooms/projection.ts";
import type { PodListMessage } from "../../shared/protocol/messages.ts";
import type { RoundReplay } from "../../shared/protocol/replay.ts";
import type { Scenario } from "../../shared/sim/scenario/index.ts";
import type { World } from "../../shared/sim/world/world.ts";
import { IncidentState } from "../../shared/state/incidentState.ts";
import type { Replayer } from "./replayer.ts";

/**
 * The replayed cluster at a moment as the incident screen reads it: the room's own projection
 * (World → IncidentState) encoded with @colyseus/schema, so the page decodes it exactly as it
 * decodes a live round's state, and every panel draws a replay as it draws a round.
 */
export class ReplayFrames {
  private readonly scenario: Scenario;
  private readonly replay: RoundReplay;
  private state = new IncidentState();
  private encoder: Encoder | undefined;
  private events = 0;
  private shown: World | undefined;

  constructor(scenario: Scenario, replay: RoundReplay) {
    this.scenario = scenario;
    this.replay = replay;
  }

  /** The state at `t`, encoded whole (the page decodes each frame on its own). */
  frame(replayer: Replayer, t: number): Uint8Array {
    const world = replayer.worldAt(t);
    // Another World (restored from a key frame): its events and state start afresh.
    if (world !== this.shown) this.restart();
    this.shown = world;
    const state = this.state;
    this.events = projectWorld(world, state, this.events);
    const reached = replayer.milestones.filter((m) => m.time <= world.now);
    if (reached.length !== state.milestones.length) {
      state.milestones.clear();
      projectMilestones(reached, state);
    }
    projectScore(replayer.scoreAt(world.now), world.objectiveStatus(), [], state);
    state.phase = world.now >= this.replay.durationMs ? "debrief" : "live";
    state.outcome = state.phase === "debrief" ? this.replay.outcome : "";
    const encoder = this.encoder ?? new Encoder(state);
    this.encoder = encoder;
    const bytes = encoder.encodeAll().slice();
    encoder.discardChanges();
    return bytes;
  }

  /** `kubectl get pods` on the replayed cluster at `t`. */
  pods(replayer: Replayer, t: number): PodListMessage {
    return listPods(replayer.worldAt(t));
  }

  private restart(): void {
    const s = new IncidentState();
    const { scenario, replay } = this;
    s.phase = "live";
    s.speed = 1;
    s.seed = replay.seed;
    s.scripted = replay.scripted;
    projectScenario(scenario, s);
    s.objectiveKind = scenario.objective.kind;
    s.tutorial = scenario.tutorial;
    s.errorBudgetWindowMs = scenario.objective.errorBudgetWindowMs;
    s.ranked = replay.board !== null;
    this.state = s;
    this.encoder = undefined;
    this.events = 0;
  }
}
