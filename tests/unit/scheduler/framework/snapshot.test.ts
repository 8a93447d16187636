/**
 * The snapshot's incremental topology counts (what PodTopologySpread and InterPodAffinity read
 * instead of walking every node each cycle) always equal a count from scratch.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PodInfo } from "../../../../shared/sim/scheduler/podInfo.ts";
import { ClusterSnapshot, type PodCountQuery } from "../../../../shared/sim/scheduler/snapshot.ts";
import type { Node } from "../../../../shared/sim/scheduler/types.ts";
import { nodeOf, nodeYaml, podOf, podYaml } from "./support.ts";

const zones = ["a", "b", "c"];
const colors = ["red", "blue"];

function node(index: number, zone: number): Node {
  const base = nodeOf(nodeYaml(`node-${index}`, "64"));
  // Zone index 3 means "no zone label": such nodes are outside every zone domain.
  const labels =
    zone < 3 ? { ...base.labels, "topology.kubernetes.io/zone": zones[zone] as string } : base.labels;
  return { ...base, labels };
}

function pod(index: number, color: number): PodInfo {
  const base = podOf(podYaml(`pod-${index}`, "10m"));
  return new PodInfo({ ...base, labels: { color: colors[color] as string } });
}

const redByZone: PodCountQuery = {
  key: "red",
  topologyKey: "topology.kubernetes.io/zone",
  count: (p) => (p.pod.labels.color === "red" ? 1 : 0),
};

function fromScratch(snapshot: ClusterSnapshot): Map<string, number> {
  const counts = new Map<string, number>();
  for (const info of snapshot.list()) {
    const zone = info.node.labels["topology.kubernetes.io/zone"];
    if (zone === undefined) continue;
    counts.set(zone, (counts.get(zone) ?? 0) + info.pods.filter((p) => p.pod.labels.color === "red").length);
  }
  return counts;
}

type Op =
  | { op: "addPod"; node: number; color: number }
  | { op: "removePod"; pick: number }
  | { op: "addNode"; zone: number }
  | { op: "removeNode"; pick: number }
  | { op: "relabelNode"; pick: number; zone: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant("addPod" as const), node: fc.nat(20), color: fc.nat(1) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("removePod" as const), pick: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("addNode" as const), zone: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("removeNode" as const), pick: fc.nat(100) }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("relabelNode" as const), pick: fc.nat(100), zone: fc.nat(3) }),
  },
);

describe("ClusterSnapshot.topologyCounts", () => {
  it("matches a count from scratch after any sequence of pod and node changes", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const snapshot = new ClusterSnapshot();
        let nodes = 0;
        let pods = 0;
        for (let i = 0; i < 4; i++) snapshot.addNode(node(nodes++, i));
        // Ask once so the index exists and must be kept current from here on.
        snapshot.topologyCounts(redByZone);
        for (const o of ops) {
          const names = snapshot.list().map((n) => n.name);
          const podKeys = snapshot.list().flatMap((n) => n.pods.map((p) => p.key));
          if (o.op === "addPod" && names.length > 0)
            snapshot.addPod(pod(pods++, o.color), names[o.node % names.length] as string);
          if (o.op === "removePod" && podKeys.length > 0)
            snapshot.removePod(podKeys[o.pick % podKeys.length] as string);
          if (o.op === "addNode") snapshot.addNode(node(nodes++, o.zone));
          if (o.op === "removeNode" && names.length > 0)
            snapshot.removeNode(names[o.pick % names.length] as string);
          if (o.op === "relabelNode" && names.length > 0) {
            const name = names[o.pick % names.length] as string;
            const index = Number(name.slice("node-".length));
            snapshot.updateNode(node(index, o.zone));
          }
          expect(new Map(snapshot.topologyCounts(redByZone))).toEqual(fromScratch(snapshot));
        }
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
