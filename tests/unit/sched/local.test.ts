import { describe, expect, it } from "vitest";
import type { NodeView, PodView } from "../../../client/net/connection.ts";
import {
  compare,
  evaluatePod,
  parseTaint,
  schedulerNode,
  schedulerPod,
} from "../../../client/sched/local.ts";
import { createRandom } from "../../../shared/sim/random.ts";
import { defaultSchedulerConfig } from "../../../shared/sim/scheduler/registry.ts";
import { Scheduler } from "../../../shared/sim/scheduler/scheduler.ts";
import { encodePodSpec } from "../../../shared/state/podSpec.ts";

function node(name: string, over: Partial<NodeView> = {}): NodeView {
  return {
    name,
    zone: name.includes("-a") ? "zone-a" : "zone-b",
    cpuMilli: 4000,
    memoryMiB: 8192,
    podCapacity: 110,
    cpuRequestedMilli: 0,
    memoryRequestedMiB: 0,
    podCount: 0,
    podsReady: 0,
    unschedulable: false,
    ready: "True",
    conditions: [],
    taints: [],
    up: true,
    labels: {},
    drainBlockedPods: [],
    drainBudgets: [],
    ...over,
  };
}

function pending(name: string, cpuMilli: number, memoryMiB: number, spec = ""): PodView {
  return {
    name,
    nodeName: "",
    phase: "Pending",
    cpuMilli,
    memoryMiB,
    deployment: "web",
    ready: false,
    reason: "",
    restarts: 0,
    podIP: "",
    lastTermination: "",
    qosClass: "Burstable",
    container: "app",
    image: "corp/app:1.0",
    cpuLimitMilli: 0,
    memoryLimitMiB: 0,
    priority: 0,
    spec,
  };
}

const view = (nodes: NodeView[]) => ({ nodes, seed: 7 });

describe("the scheduler tool's local verdicts", () => {
  it("refuses a node with too little cpu left, with kube-scheduler's reason", () => {
    const nodes = [node("node-a1", { cpuRequestedMilli: 3800, podCount: 5 }), node("node-b1")];
    const e = evaluatePod(view(nodes), pending("web-1", 500, 256));
    expect(e.verdicts.get("node-a1")).toMatchObject({
      feasible: false,
      reason: "Insufficient cpu",
      plugin: "NodeResourcesFit",
    });
    expect(e.verdicts.get("node-b1")?.feasible).toBe(true);
    expect(e.best).toBe("node-b1");
  });

  it("refuses a tainted node the pod does not tolerate, and accepts it with a toleration", () => {
    const nodes = [node("node-a1", { taints: ["node.kubernetes.io/not-ready:NoSchedule"] }), node("node-b1")];
    const bare = evaluatePod(view(nodes), pending("web-1", 100, 128));
    expect(bare.verdicts.get("node-a1")).toMatchObject({ feasible: false, plugin: "TaintToleration" });
    expect(bare.verdicts.get("node-a1")?.reason).toContain("untolerated taint");

    const tolerant = schedulerPod(pending("web-2", 100, 128));
    tolerant.tolerations = [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", value: "", effect: "" },
    ];
    const e = evaluatePod(view(nodes), pending("web-2", 100, 128, encodePodSpec(tolerant)));
    expect(e.verdicts.get("node-a1")?.feasible).toBe(true);
  });

  it("refuses a cordoned node", () => {
    const nodes = [node("node-a1", { unschedulable: true }), node("node-b1"), node("node-b2")];
    const e = evaluatePod(view(nodes), pending("web-1", 100, 128));
    expect(e.verdicts.get("node-a1")).toMatchObject({
      feasible: false,
      plugin: "NodeUnschedulable",
      reason: "node(s) were unschedulable",
    });
    expect(e.verdicts.get("node-b1")?.score).not.toBeNull();
  });

  it("honours the pod's nodeSelector from its spec, against the nodes' labels", () => {
    const nodes = [node("node-a1", { labels: { disk: "ssd" } }), node("node-b1")];
    const pod = schedulerPod(pending("db-1", 100, 128));
    pod.nodeSelector = { disk: "ssd" };
    const e = evaluatePod(view(nodes), pending("db-1", 100, 128, encodePodSpec(pod)));
    expect(e.verdicts.get("node-b1")).toMatchObject({ feasible: false, plugin: "NodeAffinity" });
    expect(e.best).toBe("node-a1");
  });

  it("picks the node shared/sim/scheduler picks for the same cluster", () => {
    const nodes = [
      node("node-a1", { cpuRequestedMilli: 2500, memoryRequestedMiB: 4096, podCount: 6 }),
      node("node-a2", { cpuRequestedMilli: 500, memoryRequestedMiB: 6000, podCount: 3 }),
      node("node-b1", { cpuRequestedMilli: 1200, memoryRequestedMiB: 1024, podCount: 2 }),
      node("node-b2", { cpuRequestedMilli: 3900, memoryRequestedMiB: 512, podCount: 9 }),
      node("node-b3", { unschedulable: true }),
    ];
    const pod = pending("api-1", 300, 512);
    const e = evaluatePod(view(nodes), pod);

    // The same inputs fed straight to the simulation's Scheduler, with the real pods' requests.
    const scheduler = new Scheduler({
      config: defaultSchedulerConfig(),
      random: createRandom(7, "scheduler"),
    });
    for (const n of nodes) {
      scheduler.addNode(schedulerNode(n), 0);
      for (let i = 0; i < n.podCount; i++) {
        const p = schedulerPod(pending(`${n.name}-p${i}`, 0, 0));
        p.nodeName = n.name;
        const c = p.containers[0]!;
        c.requests.milliCPU = i === 0 ? n.cpuRequestedMilli : 0;
        c.requests.memory = i === 0 ? n.memoryRequestedMiB * 1024 * 1024 : 0;
        scheduler.addPod(p, 0);
      }
    }
    const expected = scheduler.explain(schedulerPod(pod));
    expect(e.best).toBe(expected.node);
    expect(e.best).toBe("node-b1");
    for (const n of expected.nodes) expect(e.verdicts.get(n.name)?.score ?? null).toBe(n.total);
  });

  it("compares the player's node with kube-scheduler's pick", () => {
    const nodes = [node("node-a1", { cpuRequestedMilli: 3000, podCount: 4 }), node("node-b1")];
    const e = evaluatePod(view(nodes), pending("web-1", 500, 256));
    expect(compare(e, "node-b1")).toMatchObject({ kind: "same", node: "node-b1" });
    const worse = compare(e, "node-a1");
    expect(worse).toMatchObject({ kind: "worse", node: "node-a1", best: "node-b1" });
    if (worse.kind === "worse") expect(worse.bestScore!).toBeGreaterThan(worse.score!);
    const full = evaluatePod(
      view([node("node-a1", { cpuRequestedMilli: 3900, podCount: 4 }), node("node-b1")]),
      pending("w", 500, 1),
    );
    expect(compare(full, "node-a1")).toEqual({
      kind: "infeasible",
      node: "node-a1",
      reason: "Insufficient cpu",
    });
  });

  it("reads taints with and without a value", () => {
    expect(parseTaint("dedicated=gpu:NoSchedule")).toEqual({
      key: "dedicated",
      value: "gpu",
      effect: "NoSchedule",
    });
    expect(parseTaint("node.kubernetes.io/unreachable:NoExecute")).toEqual({
      key: "node.kubernetes.io/unreachable",
      value: "",
      effect: "NoExecute",
    });
    expect(parseTaint("nonsense")).toBeUndefined();
  });
});
