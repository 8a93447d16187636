/**
 * The scheduling queue (internal/queue/scheduling_queue.go) and DefaultPreemption
 * (framework/preemption/preemption.go) as the Scheduler drives them.
 */
import { describe, expect, it } from "vitest";
import {
  type Candidate,
  calculateNumCandidates,
  pickOneNodeForPreemption,
} from "../../../../shared/sim/scheduler/plugins/DefaultPreemption/DefaultPreemption.ts";
import { PodInfo } from "../../../../shared/sim/scheduler/podInfo.ts";
import { backoffDuration } from "../../../../shared/sim/scheduler/queue.ts";
import type { Pod } from "../../../../shared/sim/scheduler/types.ts";
import { loadCluster, nodeOf, nodeYaml, podOf, podYaml, yamlOf } from "./support.ts";

describe("back-off", () => {
  it("starts at podInitialBackoffSeconds (1 s) and doubles up to podMaxBackoffSeconds (10 s)", () => {
    const sequence = [1, 2, 3, 4, 5, 6, 7].map((attempts) => backoffDuration(attempts, 1000, 10_000));
    expect(sequence).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it("a pod that a node addition may help waits out its back-off before it is retried", () => {
    const { scheduler, pending } = loadCluster(yamlOf(nodeYaml("small", "1"), podYaml("web-1", "2")));
    const pod = pending[0] as Pod;
    scheduler.addPod(pod, 0);
    expect(scheduler.scheduleOne(0)?.explanation.node).toBeNull();
    const key = "default/web-1";
    expect(scheduler.queue.where(key)).toBe("unschedulable");
    scheduler.addNode(nodeOf(nodeYaml("big", "8")), 400);
    // Moved by NodeAdd, but its first back-off (1 s after the failure at t=0) has not expired.
    expect(scheduler.queue.where(key)).toBe("backoff");
    expect(scheduler.scheduleOne(999)).toBeNull();
    expect(scheduler.scheduleOne(1000)?.explanation.node).toBe("big");
  });
});

describe("re-queueing on cluster events", () => {
  const tainted = `${nodeYaml("gpu-1", "8")}spec: { taints: [{ key: dedicated, value: gpu, effect: NoSchedule }] }\n`;

  it("a pod rejected by a taint waits for a taint change, not for a pod deletion", () => {
    const { scheduler, pending } = loadCluster(
      yamlOf(
        tainted,
        podYaml("agent-1", "1", { node: "gpu-1", spec: "  tolerations: [{ operator: Exists }]" }),
        podYaml("web-1", "1"),
      ),
    );
    scheduler.addPod(pending[0] as Pod, 0);
    expect(scheduler.scheduleOne(0)?.explanation.summary).toContain("untolerated taint {dedicated: gpu}");
    expect(scheduler.queue.get("default/web-1")?.unschedulablePlugins).toEqual(new Set(["TaintToleration"]));
    scheduler.deletePod("default/agent-1", 5000);
    expect(scheduler.queue.where("default/web-1")).toBe("unschedulable");
    const node = scheduler.snapshot.get("gpu-1")?.node;
    if (node === undefined) throw new Error("gpu-1 missing");
    scheduler.updateNode({ ...node, taints: [] }, 6000);
    expect(scheduler.queue.where("default/web-1")).toBe("active");
    expect(scheduler.scheduleOne(6000)?.explanation.node).toBe("gpu-1");
  });

  it("a pod rejected for CPU is retried when a pod on the node goes away", () => {
    const { scheduler, pending } = loadCluster(
      yamlOf(nodeYaml("n1", "2"), podYaml("batch-1", "2", { node: "n1" }), podYaml("web-1", "1")),
    );
    scheduler.addPod(pending[0] as Pod, 0);
    expect(scheduler.scheduleOne(0)?.explanation.node).toBeNull();
    scheduler.deletePod("default/batch-1", 3000);
    expect(scheduler.queue.where("default/web-1")).toBe("active");
    expect(scheduler.scheduleOne(3000)?.explanation.node).toBe("n1");
  });
});

function victim(name: string, priority: number, startTime = ""): PodInfo {
  return new PodInfo({ ...podOf(podYaml(name, "1", { priority })), startTime });
}

describe("DefaultPreemption: picking the node (pickOneNodeForPreemption)", () => {
  const candidate = (name: string, victims: PodInfo[], numPDBViolations = 0): Candidate => ({
    name,
    victims,
    numPDBViolations,
  });

  it("1. fewest PodDisruptionBudget violations", () => {
    const picked = pickOneNodeForPreemption([
      candidate("a", [victim("x", 1)], 1),
      candidate("b", [victim("y", 100)], 0),
    ]);
    expect(picked?.name).toBe("b");
  });

  it("2. the lowest priority among each node's highest-priority victims", () => {
    const picked = pickOneNodeForPreemption([
      candidate("a", [victim("x", 50), victim("y", 1)]),
      candidate("b", [victim("z", 40), victim("w", 39), victim("v", 38)]),
    ]);
    expect(picked?.name).toBe("b");
  });

  it("3. the smallest sum of victim priorities (offset so negative priorities compare right)", () => {
    const picked = pickOneNodeForPreemption([
      candidate("a", [victim("x", 10), victim("y", 5)]),
      candidate("b", [victim("z", 10), victim("w", -5), victim("v", -5)]),
    ]);
    // a: (10 + 2^31) + (5 + 2^31); b: (10 + 2^31) + 2 × (−5 + 2^31) — a is smaller.
    expect(picked?.name).toBe("a");
  });

  it("4. the fewest victims", () => {
    const picked = pickOneNodeForPreemption([
      candidate("a", [victim("x", 10), victim("y", 0), victim("z", 0)]),
      candidate("b", [victim("w", 10), victim("v", 0)]),
    ]);
    expect(picked?.name).toBe("b");
  });

  it("5. the latest start among the highest-priority victims, then the first candidate", () => {
    const early = [victim("x", 10, "2026-11-22T09:00:00Z")];
    const late = [victim("y", 10, "2026-11-22T10:00:00Z")];
    expect(pickOneNodeForPreemption([candidate("a", early), candidate("b", late)])?.name).toBe("b");
    expect(pickOneNodeForPreemption([candidate("a", late), candidate("b", late)])?.name).toBe("a");
  });

  it("evaluates 10 % of the nodes, at least 100, at most all of them", () => {
    expect([50, 100, 1000, 5000].map(calculateNumCandidates)).toEqual([50, 100, 100, 500]);
  });
});

describe("DefaultPreemption through the scheduler", () => {
  it("nominates the node, keeps as many pods as it can (highest priority reprieved first)", () => {
    const { scheduler, pending } = loadCluster(
      yamlOf(
        nodeYaml("n1", "4"),
        podYaml("low-1", "1", { node: "n1", priority: 1 }),
        podYaml("low-2", "1", { node: "n1", priority: 2 }),
        podYaml("mid-1", "1", { node: "n1", priority: 50 }),
        podYaml("high-1", "1", { node: "n1", priority: 2000 }),
        podYaml("urgent-1", "2", { priority: 1000 }),
      ),
    );
    scheduler.addPod(pending[0] as Pod, 0);
    const result = scheduler.scheduleOne(0, true);
    expect(result?.explanation.node).toBeNull();
    // Two CPUs are needed; mid-1 (50) is kept, the two lowest go, highest priority first.
    expect(result?.explanation.preemption).toEqual({
      node: "n1",
      victims: ["default/low-2", "default/low-1"],
    });
    expect(scheduler.nominator.nominatedNode("default/urgent-1")).toBe("n1");
    // Once the victims are gone, the nominated pod binds there.
    scheduler.deletePod("default/low-1", 100);
    scheduler.deletePod("default/low-2", 100);
    expect(scheduler.scheduleOne(1000)?.explanation.node).toBe("n1");
  });

  it("leaves out nodes whose filters said UnschedulableAndUnresolvable", () => {
    const cluster = (selector: string) =>
      loadCluster(
        yamlOf(
          nodeYaml("hdd-1", "2", ", disk: hdd"),
          nodeYaml("ssd-1", "2", ", disk: ssd"),
          podYaml("batch-1", "2", { node: "hdd-1", priority: 0 }),
          podYaml("system-1", "2", { node: "ssd-1", priority: 5000 }),
          podYaml("web-1", "1", { priority: 100, spec: selector }),
        ),
      );
    // Without a node selector, evicting batch-1 on hdd-1 makes room.
    const free = cluster("");
    expect(free.scheduler.explain(free.pending[0] as Pod).preemption).toEqual({
      node: "hdd-1",
      victims: ["default/batch-1"],
    });
    // With disk=ssd, hdd-1 fails NodeAffinity (unresolvable): evicting there cannot help,
    // and ssd-1 only holds a more important pod.
    const pinned = cluster("  nodeSelector: { disk: ssd }");
    const explanation = pinned.scheduler.explain(pinned.pending[0] as Pod);
    expect(explanation.preemption).toBeNull();
    expect(explanation.summary).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector. " +
        "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, " +
        "1 Preemption is not helpful for scheduling..",
    );
  });

  it("does not preempt for a pod with preemptionPolicy: Never", () => {
    const { scheduler, pending } = loadCluster(
      yamlOf(
        nodeYaml("n1", "1"),
        podYaml("low-1", "1", { node: "n1", priority: 0 }),
        podYaml("polite-1", "1", { priority: 1000, spec: "  preemptionPolicy: Never" }),
      ),
    );
    const explanation = scheduler.explain(pending[0] as Pod);
    expect(explanation.preemption).toBeNull();
    expect(explanation.summary).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..",
    );
  });
});
