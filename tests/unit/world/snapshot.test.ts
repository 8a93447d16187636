/**
 * World.snapshot(): a run snapshotted halfway and restored (through JSON, as a server would
 * store it) goes on exactly as the original — the same trace, byte for byte, and the same hash.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import type { WorldCommand } from "../../../shared/sim/world/types.ts";
import { World, type WorldSnapshot } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));

describe("World.snapshot and restore", () => {
  it.each([
    ["zone-down", 150_000, [] as WorldCommand[]],
    ["launch-day", 95_000, [{ type: "scale", deployment: "storefront", replicas: 300 }] as WorldCommand[]],
    ["kubelets-bad-day", 400_000, [] as WorldCommand[]],
    // Between two etcd heartbeats, in the middle of Even Split's partition.
    ["even-split", 200_050, [] as WorldCommand[]],
  ])(
    "%s: restored at %i ms, it carries on byte for byte",
    (name, halfway, commands) => {
      const scenario = loadScenario(readFileSync(`${folder}${name}.yaml`, "utf8"));
      const end = scenario.timeLimitMs;
      // From the halfway point: the commands, then on to the end.
      const run = (world: World, lines: string[]) => {
        for (const command of commands) world.apply(command);
        world.advanceTo(end);
        return { hash: world.hash(), trace: lines.join("\n") };
      };

      const original: string[] = [];
      let recording = false;
      const a = new World(scenario, 9, { trace: (r) => recording && original.push(JSON.stringify(r)) });
      a.advanceTo(halfway);
      const saved = JSON.parse(JSON.stringify(a.snapshot())) as WorldSnapshot;
      recording = true;
      const first = run(a, original);

      const restoredLines: string[] = [];
      const b = new World(scenario, 9, { from: saved, trace: (r) => restoredLines.push(JSON.stringify(r)) });
      const second = run(b, restoredLines);

      expect(second.trace.length).toBeGreaterThan(0);
      expect(second).toEqual(first);
    },
    60_000,
  );

  it("refuses a snapshot of another scenario or seed", () => {
    const scenario = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
    const snap = new World(scenario, 1).snapshot();
    expect(() => new World(scenario, 2, { from: snap })).toThrow("not zone-down seed 2");
  });
});
