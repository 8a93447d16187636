/**
 * The World under random commands (node kills and restarts, cordons, scaling), checked after
 * every step: no pod on a missing node, no node over its allocatable by the requests of the pods
 * bound to it, no Deployment with more active pods than replicas + maxSurge, Endpoints equal to
 * a listing from scratch.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/sim/scenario/index.ts";
import type { WorldCommand } from "../../shared/sim/world/types.ts";
import { World } from "../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../shared/scenarios/", import.meta.url));
const launchDay = loadScenario(readFileSync(`${folder}launch-day.yaml`, "utf8"));
// Launch Day without its LIST flood, which loads the API servers but binds nothing (and is slow to simulate).
const scenario = { ...launchDay, faults: launchDay.faults.filter((f) => f.fault.kind !== "apiFlood") };
const nodes = scenario.cluster.nodes.map((n) => n.name);
const deployments = scenario.cluster.deployments.map((d) => d.name);

const commandArb: fc.Arbitrary<WorldCommand> = fc.oneof(
  fc.record({
    type: fc.constant("injectFault" as const),
    card: fc.constant(null),
    fault: fc.record({
      kind: fc.constantFrom("killNode" as const, "restartNode" as const),
      node: fc.constantFrom(...nodes),
    }),
    durationMs: fc.constant(null),
  }),
  fc.record({ type: fc.constant("cordon" as const), node: fc.constantFrom(...nodes) }),
  fc.record({ type: fc.constant("uncordon" as const), node: fc.constantFrom(...nodes) }),
  fc.record({
    type: fc.constant("scale" as const),
    deployment: fc.constantFrom(...deployments),
    replicas: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({
    type: fc.constant("setImage" as const),
    deployment: fc.constantFrom(...deployments),
    image: fc.constantFrom("corp/app:2", "corp/app:3"),
  }),
  fc.record({
    type: fc.constant("rolloutUndo" as const),
    deployment: fc.constantFrom(...deployments),
    toRevision: fc.constant(null),
  }),
);

function checkInvariants(world: World): void {
  const nodeByName = new Map(world.nodeList().map((n) => [n.name, n]));
  const cpu = new Map<string, number>();
  const memory = new Map<string, number>();
  const count = new Map<string, number>();
  for (const pod of world.podList()) {
    if (pod.nodeName === "") continue;
    // Bound only once etcd committed the binding (a majority has it; the member that applied most holds it).
    expect(world.etcdBinding(pod.name)).toBe(pod.nodeName);
    if (pod.phase === "Failed") continue;
    expect(nodeByName.has(pod.nodeName)).toBe(true);
    cpu.set(
      pod.nodeName,
      (cpu.get(pod.nodeName) ?? 0) + pod.containers.reduce((s, c) => s + c.requests.milliCPU, 0),
    );
    memory.set(
      pod.nodeName,
      (memory.get(pod.nodeName) ?? 0) + pod.containers.reduce((s, c) => s + c.requests.memoryBytes, 0),
    );
    count.set(pod.nodeName, (count.get(pod.nodeName) ?? 0) + 1);
  }
  for (const node of nodeByName.values()) {
    expect(cpu.get(node.name) ?? 0).toBeLessThanOrEqual(node.allocatable.milliCPU);
    expect(memory.get(node.name) ?? 0).toBeLessThanOrEqual(node.allocatable.memoryBytes);
    expect(count.get(node.name) ?? 0).toBeLessThanOrEqual(node.allocatable.pods);
  }
  for (const d of scenario.cluster.deployments) {
    const replicas = world.deploymentStatus(d.name)?.replicas ?? 0;
    const surge = "count" in d.maxSurge ? d.maxSurge.count : Math.ceil(d.maxSurge.fraction * replicas);
    const active = world
      .podList()
      .filter((p) => p.deployment === d.name && !p.deleting && p.phase !== "Failed").length;
    expect(active).toBeLessThanOrEqual(replicas + surge);
  }
  const live = new Set(
    world
      .podList()
      .filter((p) => !p.deleting)
      .map((p) => p.name),
  );
  for (const service of world.serviceList())
    for (const e of service.readyEndpoints) expect(live.has(e)).toBe(true);
}

describe("World invariants under random commands (kills, restarts, cordons, scaling, rollouts)", () => {
  it("hold after every step", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1_000, max: 120_000 }), commandArb), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.integer({ min: 0, max: 1000 }),
        (steps, seed) => {
          const world = new World(scenario, seed);
          let t = 0;
          for (const [wait, command] of steps) {
            t += wait;
            world.advanceTo(t);
            checkInvariants(world);
            // The controllers react to a command as watch events, so check after time has moved.
            world.apply(command);
          }
          world.advanceTo(t + 300_000);
          checkInvariants(world);
        },
      ),
      { numRuns: 40, seed: 5 },
    );
  });
});
