import { describe, expect, it } from "vitest";
import firstLight from "../../../shared/scenarios/first-light.json" with { type: "json" };
import { parseScenario, ScenarioError } from "../../../shared/sim/index.ts";

const broken = (patch: (s: Record<string, unknown>) => void) => {
  const copy = structuredClone(firstLight) as unknown as Record<string, unknown>;
  patch(copy);
  return copy;
};

describe("scenario files: a broken file gets an error naming the field", () => {
  it("accepts the shipped scenario", () => {
    expect(parseScenario(firstLight).nodes).toHaveLength(6);
  });

  it.each([
    ["not an object", () => 42, "scenario: expected an object"],
    ["no nodes", () => broken((s) => (s.nodes = [])), "nodes: a scenario needs at least one node"],
    [
      "bad node name",
      () => broken((s) => ((s.nodes as { name: string }[])[1]!.name = "Node_2")),
      "nodes[1].name",
    ],
    [
      "negative cpu",
      () => broken((s) => ((s.nodes as { milliCPU: number }[])[0]!.milliCPU = -1)),
      "nodes[0].milliCPU",
    ],
    [
      "duplicate node",
      () => broken((s) => ((s.nodes as { name: string }[])[1]!.name = "node-a1")),
      'duplicate node name "node-a1"',
    ],
    [
      "inverted range",
      () => broken((s) => ((s.workload as { lifetimeMs: number[] }).lifetimeMs = [9, 1])),
      "workload.lifetimeMs: min 9",
    ],
  ])("%s", (_name, input, message) => {
    expect(() => parseScenario(input())).toThrow(ScenarioError);
    expect(() => parseScenario(input())).toThrow(message);
  });
});
