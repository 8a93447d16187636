/**
 * The World on the shipped scenarios: it converges, it is deterministic, and the documented
 * node-failure timeline holds — NotReady ≈ 50 s after the last heartbeat, pods evicted
 * ≈ 5 min 50 s after it, replacements scheduled elsewhere.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario, type Scenario } from "../../../shared/sim/scenario/index.ts";
import type { WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const scenario = (name: string): Scenario => loadScenario(readFileSync(`${folder}${name}.yaml`, "utf8"));

/**
 * Zone Down's three zones without its analytics jobs and at a quarter of its traffic: two zones
 * can hold the rest, so what these tests watch is the controllers' timeline, not the capacity puzzle
 * the scenario sets its players.
 */
function roomyZoneDown(): Scenario {
  const s = scenario("zone-down");
  return {
    ...s,
    cluster: { ...s.cluster, deployments: s.cluster.deployments.filter((d) => d.name !== "analytics") },
    traffic: s.traffic.map((curve) => ({
      ...curve,
      points: curve.points.map((p) => ({ ...p, requestsPerSecond: p.requestsPerSecond / 4 })),
    })),
  };
}

describe("the World", () => {
  it("brings every Deployment's replicas up, ready, on nodes with room", () => {
    const world = new World(scenario("zone-down"), 1);
    world.advanceTo(120_000);
    for (const d of world.scenario.cluster.deployments) {
      expect(world.deploymentStatus(d.name)).toEqual({ replicas: d.replicas, readyReplicas: d.replicas });
    }
    const requested = new Map<string, number>();
    for (const pod of world.podList()) {
      expect(pod.nodeName).not.toBe("");
      const cpu = pod.containers.reduce((sum, c) => sum + c.requests.milliCPU, 0);
      requested.set(pod.nodeName, (requested.get(pod.nodeName) ?? 0) + cpu);
    }
    for (const node of world.nodeList())
      expect(requested.get(node.name) ?? 0).toBeLessThanOrEqual(node.allocatable.milliCPU);
  });

  it("is deterministic: the same scenario and seed give the same trace and hash", () => {
    const run = (seed: number) => {
      const trace: WorldTraceRecord[] = [];
      const world = new World(scenario("zone-down"), seed, { trace: (r) => trace.push(r) });
      world.advanceTo(60_000);
      world.inject({ kind: "killNode", node: world.nodeList()[0]?.name ?? "" });
      world.advanceTo(420_000);
      return { hash: world.hash(), trace: JSON.stringify(trace) };
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4).hash).not.toBe(a.hash);
    // Three runs of seven game minutes: seconds of CPU on a busy machine.
  });

  it("a dead node goes NotReady ≈ 50 s after its last heartbeat; its pods are evicted ≈ 5 min 50 s after it", () => {
    const trace: WorldTraceRecord[] = [];
    const world = new World({ ...roomyZoneDown(), faults: [] }, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(100_000);
    const victim = world.nodeList().find((n) => world.podList().some((p) => p.nodeName === n.name));
    if (victim === undefined) throw new Error("no node with pods");
    const lastHeartbeat = victim.lastHeartbeatMs ?? 0;
    const podsOnVictim = world
      .podList()
      .filter((p) => p.nodeName === victim.name)
      .map((p) => p.name);
    world.inject({ kind: "killNode", node: victim.name });
    world.advanceTo(600_000);

    const notReady = trace.find(
      (r) => r.kind === "node.condition" && r.node === victim.name && r.status === "Unknown",
    );
    // node-monitor-grace-period 50 s, seen at the next 5 s monitor pass.
    expect((notReady?.t ?? 0) - lastHeartbeat).toBeGreaterThan(50_000);
    expect((notReady?.t ?? 0) - lastHeartbeat).toBeLessThanOrEqual(55_000);
    const evictions = trace.filter(
      (r) => r.kind === "pod.deleting" && podsOnVictim.includes(r.pod as string),
    );
    expect(evictions.length).toBe(podsOnVictim.length);
    for (const e of evictions) {
      // + tolerationSeconds 300 of the default unreachable toleration.
      expect(e.t - lastHeartbeat).toBeGreaterThanOrEqual(350_000);
      expect(e.t - lastHeartbeat).toBeLessThanOrEqual(360_000);
    }
    // The Deployments are whole again, on the other nodes.
    for (const d of world.scenario.cluster.deployments) {
      expect(world.deploymentStatus(d.name)?.readyReplicas).toBe(d.replicas);
    }
    for (const pod of world.podList().filter((p) => !p.deleting)) expect(pod.nodeName).not.toBe(victim.name);
  });

  it("scales a Deployment down by kube's deletion ranking, and rejects nonsense with a reason", () => {
    const world = new World(scenario("zone-down"), 2);
    world.advanceTo(60_000);
    const d = world.scenario.cluster.deployments[0];
    if (d === undefined) throw new Error("no deployment");
    expect(world.apply({ type: "scale", deployment: d.name, replicas: 1 })).toEqual({ accepted: true });
    world.advanceTo(120_000);
    expect(world.deploymentStatus(d.name)).toEqual({ replicas: 1, readyReplicas: 1 });
    const hash = world.hash();
    expect(world.apply({ type: "scale", deployment: "nope", replicas: 1 })).toEqual({
      accepted: false,
      reason: 'deployment "nope" not found',
    });
    expect(world.apply({ type: "scale", deployment: d.name, replicas: -1 }).accepted).toBe(false);
    expect(world.hash()).toBe(hash);
  });
});

describe("the World's fault script", () => {
  it("runs the scenario's node kills at their times, and the cluster recovers on the other zones", () => {
    const trace: WorldTraceRecord[] = [];
    const s = roomyZoneDown();
    const world = new World(s, 5, { trace: (r) => trace.push(r) });
    world.advanceTo(s.timeLimitMs);
    const kills = s.faults.filter((f) => f.fault.kind === "killNode");
    expect(kills.length).toBeGreaterThan(0);
    for (const step of kills) {
      const node = step.fault.kind === "killNode" ? step.fault.node : "";
      expect(trace.find((r) => r.kind === "node.down" && r.node === node)?.t).toBe(step.atMs);
      expect(world.nodeList().find((n) => n.name === node)?.ready).toBe("Unknown");
    }
    // The etcd member in the zone goes too: one of five, so etcd keeps a leader.
    const etcd = trace.find(
      (r) => r.kind === "fault" && (r.fault as { kind: string }).kind === "killEtcdMember",
    );
    expect(etcd?.simulated).toBe(true);
    for (const d of s.cluster.deployments)
      expect(world.deploymentStatus(d.name)?.readyReplicas).toBe(d.replicas);
  });
});

describe("nodes from the cloud", () => {
  it("the autoscaler orders nodes for pods that do not fit; they run once the nodes have booted", () => {
    const trace: WorldTraceRecord[] = [];
    const launch = scenario("launch-day");
    // Without the HPAs, which would scale the Deployment back to what its CPU needs.
    const s = { ...launch, cluster: { ...launch.cluster, horizontalPodAutoscalers: [] } };
    const world = new World({ ...s, faults: [] }, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(60_000);
    const d = s.cluster.deployments[0];
    if (d === undefined) throw new Error("no deployment");
    world.apply({ type: "scale", deployment: d.name, replicas: d.replicas * 40 });
    world.advanceTo(90_000);
    const pending = world.podList().find((p) => p.nodeName === "");
    expect(pending).toBeDefined();
    // What the scheduler panel shows for it: kube-scheduler's own verdict.
    expect(world.explainPod(pending?.name ?? "")?.summary).toMatch(
      /^0\/12 nodes are available: .*Insufficient/,
    );
    const ordered = trace.filter((r) => r.kind === "node.requested");
    expect(ordered.length).toBeGreaterThan(0);
    // Nodes boot in the scenario's bootTime (3 min 30 s) after the scan (every 10 s) that ordered them.
    world.advanceTo(60_000 + 10 * 60_000);
    const added = trace.filter((r) => r.kind === "node.added");
    expect(added.length).toBe(ordered.length);
    expect((added[0]?.t ?? 0) - (ordered[0]?.t ?? 0)).toBe(s.nodeProvisioner.bootMs);
    expect(world.deploymentStatus(d.name)).toEqual({
      replicas: d.replicas * 40,
      readyReplicas: d.replicas * 40,
    });
    // One node group per zone, balanced: the new nodes spread over the three zones, each named
    // after its zone's own nodes, and the zones end within one node of each other.
    const zones = Map.groupBy(
      world.nodeList().filter((n) => added.some((r) => r.node === n.name)),
      (n) => n.zone,
    );
    expect([...zones.keys()].sort()).toEqual(["zone-a", "zone-b", "zone-c"]);
    for (const [zone, nodes] of zones)
      for (const node of nodes) {
        expect(node.name).toMatch(new RegExp(`^node-${zone.slice(-1)}-\\d+$`));
        expect(node.labels["topology.kubernetes.io/zone"]).toBe(zone);
      }
    const perZone = [...Map.groupBy(world.nodeList(), (n) => n.zone).values()].map((n) => n.length);
    expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(1);
  });

  it("lists the nodes still booting, with their zone and when they should join", () => {
    const s = scenario("launch-day");
    const world = new World({ ...s, faults: [] }, 1);
    world.advanceTo(5_000);
    const shape = { zone: "zone-c", milliCPU: 8000, memoryBytes: 32 * 1024 ** 3, pods: 110 };
    expect(world.apply({ type: "addNode", name: "node-c-5", ...shape })).toEqual({ accepted: true });
    // A second order in the same zone needs the next name: the first is taken while it boots.
    expect(world.apply({ type: "addNode", name: "node-c-5", ...shape })).toEqual({
      accepted: false,
      reason: 'node "node-c-5" already exists',
    });
    expect(world.apply({ type: "addNode", name: "node-c-6", ...shape })).toEqual({ accepted: true });
    expect(world.bootingList().map((b) => [b.name, b.zone, b.by, b.readyAtMs])).toEqual([
      ["node-c-5", "zone-c", "operator", 5_000 + s.nodeProvisioner.bootMs],
      ["node-c-6", "zone-c", "operator", 5_000 + s.nodeProvisioner.bootMs],
    ]);
    world.advanceTo(5_000 + s.nodeProvisioner.bootMs + 1);
    expect(world.bootingList()).toEqual([]);
    expect(world.nodeList().some((n) => n.name === "node-c-6")).toBe(true);
  });

  it("a node deleted by hand is told as such, not as the autoscaler's scale-down", () => {
    const world = new World({ ...scenario("launch-day"), faults: [] }, 1);
    world.advanceTo(5_000);
    expect(world.apply({ type: "removeNode", node: "node-c-4" })).toEqual({ accepted: true });
    const event = world.recentEvents().find((e) => e.object === "node/node-c-4");
    expect(event?.reason).toBe("RemovingNode");
    expect(event?.message).toContain("kubectl delete node");
  });

  it("an operator can order a node by hand, up to the scenario's limit", () => {
    const s = scenario("launch-day");
    const world = new World({ ...s, faults: [] }, 1);
    const extra = {
      name: "node-extra",
      zone: "zone-a",
      milliCPU: 4000,
      memoryBytes: 16 * 1024 ** 3,
      pods: 110,
    };
    expect(world.apply({ type: "addNode", ...extra })).toEqual({ accepted: true });
    world.advanceTo(s.nodeProvisioner.bootMs + 1);
    expect(world.nodeList().length).toBe(s.cluster.nodes.length + 1);
    const full = new World(
      { ...s, faults: [], nodeProvisioner: { ...s.nodeProvisioner, maxNodes: s.cluster.nodes.length } },
      1,
    );
    expect(full.apply({ type: "addNode", ...extra }).accepted).toBe(false);
  });
});

describe("partitions", () => {
  it("nodes cut off from the API servers go NotReady; healed before 300 s, nothing is evicted", () => {
    const trace: WorldTraceRecord[] = [];
    const s = roomyZoneDown();
    const world = new World({ ...s, faults: [] }, 3, { trace: (r) => trace.push(r) });
    world.advanceTo(60_000);
    const zoneC = world
      .nodeList()
      .filter((n) => n.zone === "zone-c")
      .map((n) => n.name);
    const rest = [
      ...world
        .nodeList()
        .filter((n) => n.zone !== "zone-c")
        .map((n) => n.name),
      ...s.apiServer.machines,
    ];
    expect(world.inject({ kind: "partition", groups: [zoneC, rest] })).toEqual({ accepted: true });
    world.advanceTo(60_000 + 120_000);
    for (const name of zoneC) expect(world.nodeList().find((n) => n.name === name)?.ready).toBe("Unknown");
    // Their pods are still running, unreachable: the Services have dropped them.
    const web = world.sloSamples("web").at(-1);
    expect(web?.availability).toBe(1);
    expect(world.inject({ kind: "heal", scope: "network" })).toEqual({ accepted: true });
    world.advanceTo(60_000 + 180_000);
    for (const name of zoneC) expect(world.nodeList().find((n) => n.name === name)?.ready).toBe("True");
    expect(trace.some((r) => r.kind === "pod.deleting")).toBe(false);
  });
});
