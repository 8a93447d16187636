import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Command } from "../../../shared/sim/commands.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { parseWorldCommandLog, runWorld, type WorldLoggedCommand } from "../../../shared/sim/world/runner.ts";
import { World } from "../../../shared/sim/world/world.ts";

const scenario = (id: string) => loadScenario(readFileSync(`shared/scenarios/${id}.yaml`, "utf8"));
const log = (...entries: [number, Command][]): WorldLoggedCommand[] =>
  entries.map(([at, command]) => ({ at, player: "operator", command }));
const GiB = 1024 ** 3;

// Launch Day, Even Split, First Light and Zone Down are held to their playbooks in balance.test.ts.
// Each case runs a whole scenario: seconds of CPU.
describe("the workshop scenarios can be won by playing, and are lost by doing nothing", {
  timeout: 60_000,
}, () => {
  it.each([1, 2, 3])(
    "Your First Incident (seed %i): a drain of the dead node recovers in time; waiting for the 300 s eviction does not",
    (seed) => {
      const guided = scenario("first-incident");
      expect(runWorld(guided, seed, [], guided.timeLimitMs).objective.recoveredAtMs).toBeNull();
      const playbook = parseWorldCommandLog(
        readFileSync("shared/scenarios/playbooks/first-incident.jsonl", "utf8"),
      );
      const drained = runWorld(guided, seed, playbook, guided.timeLimitMs);
      // The guide's whole round fits in about a minute and a half of game time after the drain.
      expect(drained.objective.recoveredAtMs).not.toBeNull();
      expect(drained.objective.recoveredAtMs!).toBeLessThan(120_000);
    },
  );

  it("Kubelet's Bad Day: the OOM-killed thumbnailer needs a higher memory limit, the bad api rollout an undo", () => {
    const bad = scenario("kubelets-bad-day");
    const undoOnly = log([390_000, { type: "rolloutUndo", deployment: "api", toRevision: null }]);
    const stuck = runWorld(bad, 3, undoOnly, bad.timeLimitMs);
    expect(stuck.objective.recoveredAtMs).toBeNull();
    expect(stuck.deployments.thumbnailer?.readyReplicas).toBe(0);
    const fixed = runWorld(
      bad,
      3,
      [
        ...log([90_000, { type: "setMemoryLimit", deployment: "thumbnailer", memoryLimitBytes: 1.5 * GiB }]),
        ...undoOnly,
      ],
      bad.timeLimitMs,
    );
    expect(fixed.deployments.thumbnailer?.readyReplicas).toBe(3);
    // Not before the script's last fault (9 min): a calm between two faults is not the end of the incident.
    expect(fixed.objective.recoveredAtMs).toBeGreaterThanOrEqual(9 * 60_000);
  });
});

describe("kubectl set resources (setMemoryLimit): a new template rolled out", () => {
  it("rolls out pods with the new limit, and refuses a template that is already running", () => {
    const world = new World(scenario("kubelets-bad-day"), 1);
    world.advanceTo(30_000);
    expect(world.apply({ type: "setMemoryLimit", deployment: "thumbnailer", memoryLimitBytes: GiB })).toEqual(
      {
        accepted: true,
      },
    );
    world.advanceTo(120_000);
    const pods = world.podList().filter((p) => p.deployment === "thumbnailer" && !p.deleting);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) expect(pod.containers[0]?.limits.memoryBytes).toBe(GiB);
    expect(
      world.apply({ type: "setMemoryLimit", deployment: "thumbnailer", memoryLimitBytes: GiB }),
    ).toMatchObject({
      accepted: false,
      reason: expect.stringContaining("not changed"),
    });
    expect(
      world.apply({ type: "setMemoryLimit", deployment: "thumbnailer", memoryLimitBytes: 1024 ** 2 }),
    ).toMatchObject({
      accepted: false,
      reason: expect.stringContaining("must be less than or equal to memory limit"),
    });
  });
});
