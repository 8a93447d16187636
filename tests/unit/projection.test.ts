import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectMilestones, projectWorld } from "../../server/rooms/projection.ts";
import { loadScenario } from "../../shared/sim/scenario/index.ts";
import type { Milestone } from "../../shared/sim/world/milestones.ts";
import { World } from "../../shared/sim/world/world.ts";
import {
  IncidentState,
  REPLICATED_MILESTONES,
  REPLICATED_RAFT_MESSAGES,
} from "../../shared/state/incidentState.ts";

describe("projection of the control plane and the milestones", () => {
  it("keeps at most 48 milestones, the incident's start among them", () => {
    const state = new IncidentState();
    const many: Milestone[] = [{ time: 1, kind: "incidentStart", detail: "killNode node/a" }];
    for (let i = 0; i < 100; i++) many.push({ time: 2 + i, kind: "nodeReady", detail: `n${i}` });
    projectMilestones(many, state);
    expect(state.milestones.length).toBe(REPLICATED_MILESTONES);
    expect(state.milestones[0]?.kind).toBe("incidentStart");
    expect(state.milestones.at(-1)?.detail).toBe("n99");
  });

  it("samples the Raft messages of each tick, a link and type keeping its slot", () => {
    const world = new World(loadScenario(readFileSync("shared/scenarios/zone-down.yaml", "utf8")), 3);
    const state = new IncidentState();
    let events = 0;
    /** Each heartbeat link's slots over the run. */
    const heartbeatSlots = new Map<string, Set<object>>();
    for (let t = 100; t <= 5_000; t += 100) {
      world.advanceTo(t);
      events = projectWorld(world, state, events);
      expect(state.raftMessages.length).toBeLessThanOrEqual(REPLICATED_RAFT_MESSAGES);
      for (const m of state.raftMessages) {
        expect(m.sentAtMs).toBeLessThanOrEqual(t);
        expect(m.arriveAtMs).toBeGreaterThanOrEqual(m.sentAtMs);
        if (!m.type.startsWith("MsgHeartbeat")) continue;
        const key = `${m.from}>${m.to}>${m.type}`;
        heartbeatSlots.set(key, (heartbeatSlots.get(key) ?? new Set()).add(m));
      }
    }
    expect(state.raftMessages.length).toBeGreaterThan(0);
    // Heartbeats and their answers on the same links, tick after tick, each keep one slot.
    expect(heartbeatSlots.size).toBeGreaterThan(0);
    for (const slots of heartbeatSlots.values()) expect(slots.size).toBe(1);
    expect(state.controlPlane.apiCapacity).toBeGreaterThan(0);
    expect(state.etcd.every((m) => m.lastIndex >= m.commitIndex)).toBe(true);
  });

  it("gives each service its objective's availability target, and 0 to a service the objective does not name", () => {
    const world = new World(loadScenario(readFileSync("shared/scenarios/launch-day.yaml", "utf8")), 3);
    const state = new IncidentState();
    world.advanceTo(100);
    projectWorld(world, state, 0);
    // launch-day.yaml: storefront at least 99 %, checkout at least 99.5 %, api not named.
    expect(state.services.get("storefront")?.availabilityTarget).toBeCloseTo(0.99, 6);
    expect(state.services.get("checkout")?.availabilityTarget).toBeCloseTo(0.995, 6);
    expect(state.services.get("api")?.availabilityTarget).toBe(0);
  });
});
