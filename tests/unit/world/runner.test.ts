import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { parseWorldCommandLog, runWorld, WorldCommandLogError } from "../../../shared/sim/world/runner.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const shipped = readdirSync(folder).filter((f) => f.endsWith(".yaml"));

describe("runWorld on every shipped scenario", () => {
  it.each(shipped)(
    "%s: two runs to the time limit give the same trace, byte for byte",
    (file) => {
      const scenario = loadScenario(readFileSync(`${folder}${file}`, "utf8"));
      const run = () => {
        const lines: string[] = [];
        const summary = runWorld(scenario, 11, [], scenario.timeLimitMs, {
          trace: (r) => lines.push(JSON.stringify(r)),
        });
        return { summary, trace: lines.join("\n") };
      };
      const a = run();
      expect(a.trace.length).toBeGreaterThan(0);
      expect(run()).toEqual(a);
      // Every Deployment came up.
      expect(a.summary.pods.scheduled).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe("the World's command log", () => {
  it("reads JSON lines of commands with their times", () => {
    const log = parseWorldCommandLog(
      [
        '{"at": 1000, "player": "ana", "command": {"type": "cordon", "node": "node-a-1"}}',
        "",
        '{"at": 5000, "command": {"type": "scale", "deployment": "web", "replicas": 3}}',
      ].join("\n"),
    );
    expect(log).toEqual([
      { at: 1000, player: "ana", command: { type: "cordon", node: "node-a-1" } },
      { at: 5000, player: "script", command: { type: "scale", deployment: "web", replicas: 3 } },
    ]);
  });

  it.each([
    ["not json", "line 1: not valid JSON"],
    ['{"at": -1, "command": {"type": "cordon", "node": "a"}}', "line 1: at:"],
    [
      '{"at": 1, "command": {"type": "explode", "node": "a"}}',
      'line 1: command: unknown command type "explode"',
    ],
    [
      '{"at": 1, "command": {"type": "scale", "deployment": "web", "replicas": 1.5}}',
      "line 1: command: scale.replicas:",
    ],
    [
      '{"at": 9, "command": {"type": "cordon", "node": "a"}}\n{"at": 2, "command": {"type": "cordon", "node": "a"}}',
      'line 2: "at" goes back in time',
    ],
  ])("refuses %s with an error naming the line and field", (text, message) => {
    expect(() => parseWorldCommandLog(text)).toThrow(WorldCommandLogError);
    expect(() => parseWorldCommandLog(text)).toThrow(message);
  });

  it("applies a logged command at its time, and the summary counts it", () => {
    const scenario = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
    const node = scenario.cluster.nodes[0]?.name ?? "";
    const summary = runWorld(
      scenario,
      2,
      [
        { at: 30_000, player: "ana", command: { type: "cordon", node } },
        { at: 31_000, player: "ana", command: { type: "cordon", node } },
      ],
      60_000,
    );
    expect(summary.commands).toEqual({ accepted: 1, rejected: 1 });
  });
});
