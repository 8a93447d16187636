/**
 * Commands have the bounds a real cluster has (issue 18, item 3): a scenario states what its cluster
 * may grow to (limits.nodes, its cloud quota; limits.pods, its nodes' capacity at kubelet's 110 pods
 * each), etcd runs at most seven members (etcd's FAQ), a node at most 110 pods (Kubernetes'
 * scalability thresholds). A command asking for more is refused with the reason and changes nothing.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../shared/sim/commands.ts";
import { loadScenario, type Scenario, ScenarioFileError } from "../../../shared/sim/scenario/index.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const text = (name: string) => readFileSync(`${folder}${name}.yaml`, "utf8");
const scenario = (name: string): Scenario => loadScenario(text(name));

describe("a scenario states what its cluster may grow to", () => {
  it.each([
    ["first-light", 12, 1320],
    ["launch-day", 40, 4400],
    ["thousand-services", 30, 3300],
  ])("%s: %i nodes, %i pods", (name, nodes, pods) => {
    expect(scenario(name).limits).toEqual({ nodes, pods });
  });

  it("left out, the cluster may double its nodes, and hold 110 pods on each", () => {
    const s = loadScenario(text("first-light").replace(/\nlimits:\n {2}nodes: \d+\n {2}pods: \d+\n/, "\n"));
    expect(s.limits).toEqual({ nodes: 12, pods: 12 * 110 });
  });

  it.each([
    ["fewer nodes than the cluster starts with", "  nodes: 3\n  pods: 1320", "limits.nodes"],
    ["fewer pods than its deployments ask", "  nodes: 12\n  pods: 2", "limits.pods"],
    ["more nodes than Kubernetes' 5,000", "  nodes: 5001\n  pods: 1320", "limits.nodes"],
  ])("a file with %s is refused, naming the field", (_why, block, field) => {
    const broken = text("first-light").replace(/limits:\n {2}nodes: \d+\n {2}pods: \d+/, `limits:\n${block}`);
    expect(() => loadScenario(broken)).toThrow(ScenarioFileError);
    expect(() => loadScenario(broken)).toThrow(field);
  });
});

describe("the World refuses commands beyond the cluster's limits", () => {
  const world = () => {
    const w = new World(scenario("first-light"), 1);
    w.advanceTo(10_000);
    return w;
  };

  it("scaling beyond the pods the nodes can hold (150,000 replicas in a 12-node cluster)", () => {
    const w = world();
    const before = w.hash();
    expect(w.apply({ type: "scale", deployment: "web", replicas: 150_000 })).toEqual({
      accepted: false,
      reason: expect.stringMatching(
        /^this cluster holds at most 1320 pods \(its nodes' capacity\); that asks for \d+$/,
      ),
    });
    expect(w.hash()).toBe(before);
    expect(w.apply({ type: "scale", deployment: "web", replicas: 40 })).toEqual({ accepted: true });
  });

  it("an autoscaler allowed more replicas than the cluster holds", () => {
    const command = { deployment: "web", minReplicas: 2, targetCPUUtilization: 0.8 };
    expect(world().apply({ type: "setHpa", ...command, maxReplicas: 2000 }).accepted).toBe(false);
    expect(world().apply({ type: "setHpa", ...command, maxReplicas: 200 }).accepted).toBe(true);
  });

  it("a node provisioner allowed more nodes than the cloud quota, and nodes added past it", () => {
    const w = world();
    const provisioner = { type: "setNodeProvisioner", enabled: false, minNodes: 0 } as const;
    expect(w.apply({ ...provisioner, maxNodes: 5000 })).toEqual({
      accepted: false,
      reason: "this cluster may have at most 12 nodes (its cloud quota)",
    });
    expect(w.apply({ ...provisioner, maxNodes: 12 }).accepted).toBe(true);
    const node = (i: number) =>
      ({
        type: "addNode",
        name: `extra-${i}`,
        zone: "zone-a",
        milliCPU: 4000,
        memoryBytes: 2 ** 34,
        pods: 110,
      }) as const;
    const results = Array.from({ length: 8 }, (_, i) => w.apply(node(i)).accepted);
    expect(results).toEqual([true, true, true, true, true, true, false, false]);
  });

  it("a node with more than kubelet's 110 pods", () => {
    const command = { type: "addNode", name: "big", zone: "zone-a", milliCPU: 4000, memoryBytes: 2 ** 34 };
    expect(parseCommand({ ...command, pods: 111 }).ok).toBe(false);
    expect(parseCommand({ ...command, pods: 110 }).ok).toBe(true);
  });

  it("an eighth etcd member, and a seventeenth snapshot", () => {
    const w = new World(scenario("first-light"), 1);
    w.advanceTo(5_000);
    const added: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      added.push(w.apply({ type: "addEtcdMember", name: `etcd-extra-${i}` }).accepted);
      w.advanceTo(w.now + 20_000);
    }
    // First Light runs three members: four more make seven, the limit.
    expect(added).toEqual([true, true, true, true, false, false]);
    const saved = Array.from(
      { length: 17 },
      (_, i) => w.apply({ type: "snapshotEtcd", name: `backup-${i}` }).accepted,
    );
    expect(saved.filter(Boolean)).toHaveLength(16);
    expect(saved.at(-1)).toBe(false);
  });
});
