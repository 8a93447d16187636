import { describe, expect, it } from "vitest";
import {
  type ConditionStatus,
  computeZoneState,
  defaultNoExecuteTolerations,
  initialNodeLifecycleState,
  type MonitoredNode,
  monitorNodes,
  type NodeLifecycleState,
  nodeMonitorPeriodMs,
  notReadyDetectedAtMs,
  observedReady,
  podEvictionAtMs,
  zoneEvictionQps,
} from "../../../shared/sim/controllers/index.ts";

const alive = (name: string, zone: string, nowMs: number): MonitoredNode => ({
  name,
  zone,
  registeredAtMs: 0,
  lastHeartbeatMs: nowMs,
  reportedReady: "True",
});

describe("a dead node: NotReady ≈ 50 s after its last heartbeat, pods evicted ≈ 5 min 50 s after", () => {
  it.each([0, 2_000, 7_500, 9_999])("last heartbeat at %i ms", (lastHeartbeatMs) => {
    const node: MonitoredNode = { ...alive("node-a", "z1", lastHeartbeatMs) };
    const detectedAt = notReadyDetectedAtMs(node, 0);
    expect(observedReady(node, detectedAt)).toBe("Unknown");
    expect(observedReady(node, detectedAt - nodeMonitorPeriodMs)).toBe("True");
    const afterHeartbeat = detectedAt - lastHeartbeatMs;
    expect(afterHeartbeat).toBeGreaterThan(50_000);
    expect(afterHeartbeat).toBeLessThanOrEqual(55_000);

    const evictAt = podEvictionAtMs(
      "node.kubernetes.io/unreachable",
      detectedAt,
      defaultNoExecuteTolerations,
    )!;
    expect(evictAt - lastHeartbeatMs).toBeGreaterThan(350_000);
    expect(evictAt - lastHeartbeatMs).toBeLessThanOrEqual(355_000);
  });

  it("the monitor loop marks the node Unknown and taints it unreachable on the first late pass", () => {
    let state: NodeLifecycleState = initialNodeLifecycleState;
    const nodes = (now: number) => [alive("node-a", "z1", now), { ...alive("node-dead", "z1", 0) }];
    const seen: [number, string][] = [];
    for (let t = 0; t <= 60_000; t += nodeMonitorPeriodMs) {
      const pass = monitorNodes(state, nodes(t), t);
      state = pass.state;
      for (const d of pass.decisions) {
        if (d.kind === "zoneState" || d.node !== "node-dead") continue;
        if (d.kind === "setReady") seen.push([t, `Ready=${d.status}`]);
        else if (d.kind === "markPodsNotReady") seen.push([t, "markPodsNotReady"]);
        else seen.push([t, `${d.kind} ${d.key}`]);
      }
    }
    expect(seen).toEqual([
      [0, "Ready=True"],
      [55_000, "Ready=Unknown"],
      [55_000, "markPodsNotReady"],
      [55_000, "addTaint node.kubernetes.io/unreachable"],
    ]);
  });

  it("a node that comes back loses its taint; one that reports NotReady gets the not-ready taint", () => {
    let state: NodeLifecycleState = initialNodeLifecycleState;
    const step = (node: MonitoredNode, t: number) => {
      const pass = monitorNodes(state, [node, alive("other", "z1", t)], t);
      state = pass.state;
      return pass.decisions.filter((d) => d.kind === "addTaint" || d.kind === "removeTaint");
    };
    step(alive("n", "z1", 0), 0);
    expect(step(alive("n", "z1", 0), 55_000)).toEqual([
      { kind: "addTaint", node: "n", key: "node.kubernetes.io/unreachable" },
    ]);
    expect(step({ ...alive("n", "z1", 60_000), reportedReady: "False" }, 60_000)).toEqual([
      { kind: "removeTaint", node: "n", key: "node.kubernetes.io/unreachable" },
      { kind: "addTaint", node: "n", key: "node.kubernetes.io/not-ready" },
    ]);
    expect(step(alive("n", "z1", 65_000), 65_000)).toEqual([
      { kind: "removeTaint", node: "n", key: "node.kubernetes.io/not-ready" },
    ]);
  });

  it("a node that never reported gets the 60 s startup grace", () => {
    const node: MonitoredNode = {
      name: "new",
      zone: "z1",
      registeredAtMs: 0,
      lastHeartbeatMs: null,
      reportedReady: null,
    };
    expect(observedReady(node, 60_000)).toBe("Unknown");
    expect(notReadyDetectedAtMs(node, 0)).toBe(65_000);
  });
});

describe("taint-based eviction follows the pod's tolerations", () => {
  it.each([
    { name: "default 300 s tolerations", tolerations: defaultNoExecuteTolerations, evictAt: 300_000 },
    { name: "no toleration: at once", tolerations: [], evictAt: 0 },
    {
      name: "tolerates forever (DaemonSet)",
      tolerations: [
        { key: "node.kubernetes.io/unreachable", effect: "NoExecute" as const, tolerationSeconds: null },
      ],
      evictAt: null,
    },
    {
      name: "custom 30 s",
      tolerations: [
        { key: "node.kubernetes.io/unreachable", effect: "NoExecute" as const, tolerationSeconds: 30 },
      ],
      evictAt: 30_000,
    },
  ])("$name", ({ tolerations, evictAt }) => {
    expect(podEvictionAtMs("node.kubernetes.io/unreachable", 0, tolerations)).toBe(evictAt);
  });
});

describe("zone state and eviction rate", () => {
  const statuses = (ready: number, notReady: number): ConditionStatus[] => [
    ...Array<ConditionStatus>(ready).fill("True"),
    ...Array<ConditionStatus>(notReady).fill("Unknown"),
  ];

  it.each([
    { ready: 10, notReady: 0, state: "Normal" },
    { ready: 0, notReady: 2, state: "FullDisruption" },
    { ready: 1, notReady: 2, state: "Normal" }, // needs more than 2 NotReady
    { ready: 2, notReady: 3, state: "PartialDisruption" }, // 60 % ≥ 55 %
    { ready: 5, notReady: 5, state: "Normal" }, // 50 % < 55 %
    { ready: 45, notReady: 55, state: "PartialDisruption" },
  ])("$ready ready, $notReady not ready → $state", ({ ready, notReady, state }) => {
    expect(computeZoneState(statuses(ready, notReady))).toBe(state);
  });

  it.each([
    { state: "Normal" as const, size: 10, all: false, qps: 0.1 },
    { state: "PartialDisruption" as const, size: 51, all: false, qps: 0.01 },
    { state: "PartialDisruption" as const, size: 50, all: false, qps: 0 },
    { state: "FullDisruption" as const, size: 10, all: false, qps: 0.1 },
    { state: "FullDisruption" as const, size: 10, all: true, qps: 0 },
  ])(
    "$state zone of $size nodes (all zones down: $all) evicts at $qps node/s",
    ({ state, size, all, qps }) => {
      expect(zoneEvictionQps(state, size, all)).toBe(qps);
    },
  );

  /** Kills `dead` of `size` nodes in zone z1 (plus a healthy zone z2) at t = 0 and returns taint times. */
  function taintTimes(size: number, dead: number, untilMs: number): number[] {
    let state = initialNodeLifecycleState;
    const times: number[] = [];
    for (let t = 0; t <= untilMs; t += nodeMonitorPeriodMs) {
      const nodes: MonitoredNode[] = [alive("z2-node", "z2", t)];
      for (let i = 0; i < size; i++)
        nodes.push(alive(`z1-${String(i).padStart(3, "0")}`, "z1", i < dead ? 0 : t));
      const pass = monitorNodes(state, nodes, t);
      state = pass.state;
      for (const d of pass.decisions) if (d.kind === "addTaint") times.push(t);
    }
    return times;
  }

  it("a normal zone taints one dead node every 10 s (0.1 node/s)", () => {
    expect(taintTimes(10, 3, 120_000)).toEqual([55_000, 65_000, 75_000]);
  });

  it("a small unhealthy zone (≤ 50 nodes, ≥ 55 % down) stops tainting", () => {
    expect(taintTimes(10, 6, 300_000)).toEqual([]);
  });

  it("a large unhealthy zone taints one node per 100 s (0.01 node/s)", () => {
    expect(taintTimes(60, 40, 300_000)).toEqual([55_000, 155_000, 255_000]);
  });

  it("all zones down: no taints at all (the controller suspects its own network)", () => {
    let state = initialNodeLifecycleState;
    const added: string[] = [];
    for (let t = 0; t <= 120_000; t += nodeMonitorPeriodMs) {
      const nodes = [alive("a", "z1", 0), alive("b", "z2", 0)];
      const pass = monitorNodes(state, nodes, t);
      state = pass.state;
      for (const d of pass.decisions) if (d.kind === "addTaint") added.push(d.node);
    }
    expect(added).toEqual([]);
  });
});
