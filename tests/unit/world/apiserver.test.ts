/**
 * The API servers between the components and etcd, and the control plane's leader election:
 * every write is a Raft proposal acknowledged on commit; requests pass authentication, flow
 * control, authorization and admission; kube-scheduler and kube-controller-manager hold Leases.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import type { Scenario } from "../../../shared/sim/scenario/types.ts";
import type { WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const launchDay = loadScenario(readFileSync(`${folder}launch-day.yaml`, "utf8"));
/** Launch Day's cluster without its script: the tests play their own faults. */
const quiet: Scenario = { ...launchDay, faults: [] };

function run(s: Scenario, until: number, act?: (world: World) => void) {
  const trace: WorldTraceRecord[] = [];
  const world = new World(s, 7, { trace: (r) => trace.push(r) });
  act?.(world);
  world.advanceTo(until);
  return { world, trace };
}

interface Stage {
  stage: string;
  outcome: string;
}

describe("a request's way through the API server", () => {
  it("a binding passes authentication, flow control, RBAC and etcd, then reaches the watchers", () => {
    const { trace } = run(quiet, 60_000, (world) => {
      world.advanceTo(10_000);
      world.apply({ type: "scale", deployment: "checkout", replicas: 12 });
    });
    const binding = trace.find((r) => r.kind === "api.request" && r.resource === "pods/binding");
    expect(binding).toBeDefined();
    expect(binding?.code).toBe(201);
    expect(binding?.user).toBe("system:kube-scheduler");
    const stages = ((binding?.stages ?? []) as Stage[]).map((s) => s.stage);
    expect(stages).toEqual(["authentication", "flow-control", "authorization", "etcd", "etcd", "watch"]);
    expect(((binding?.stages ?? []) as Stage[])[2]?.outcome).toContain("RBAC");
    // kube-scheduler's requests are workload-high under API Priority and Fairness.
    expect(binding?.priorityLevel).toBe("workload-high");
    // A pod creation also passes admission (DefaultTolerationSeconds adds its tolerations).
    const create = trace.find(
      (r) => r.kind === "api.request" && r.resource === "pods" && r.verb === "create",
    );
    expect(((create?.stages ?? []) as Stage[]).some((s) => s.stage === "admission")).toBe(true);
    // Kubelets renew their Leases as system:node:<name>, authorized by the Node authorizer, on node-high.
    const lease = trace.find(
      (r) =>
        r.kind === "api.request" &&
        r.resource === "leases" &&
        r.code === 201 &&
        String(r.user).startsWith("system:node:"),
    );
    expect(lease?.user).toMatch(/^system:node:/);
    expect(lease?.priorityLevel).toBe("node-high");
  });

  it("every bound pod's binding is committed in etcd, and only committed bindings bind", () => {
    const { world, trace } = run(quiet, 90_000, (w) => {
      w.advanceTo(5_000);
      w.apply({ type: "scale", deployment: "checkout", replicas: 20 });
    });
    const bound = world.podList().filter((p) => p.nodeName !== "");
    expect(bound.length).toBeGreaterThan(20);
    for (const pod of bound) expect(world.etcdBinding(pod.name)).toBe(pod.nodeName);
    // Each pod.scheduled follows its binding's answer from etcd.
    const scheduled = trace.filter((r) => r.kind === "pod.scheduled" && r.t > 5_000);
    const answered = new Map(
      trace
        .filter((r) => r.kind === "api.request" && r.resource === "pods/binding" && r.code === 201)
        .map((r) => [r.name, r.t]),
    );
    expect(scheduled.length).toBeGreaterThan(0);
    for (const s of scheduled) expect(answered.get(s.pod)).toBeLessThanOrEqual(s.t);
  });

  it("without API Priority and Fairness a LIST flood starves leader election: the control plane loses its Leases", () => {
    const flood = {
      type: "injectFault",
      card: null,
      fault: { kind: "apiFlood", client: "dashboard", qps: 5000 },
      durationMs: null,
    } as const;
    const off = run(
      { ...quiet, apiServer: { ...quiet.apiServer, priorityAndFairness: false } },
      90_000,
      (w) => {
        w.advanceTo(30_000);
        expect(w.apply(flood)).toEqual({ accepted: true });
      },
    );
    expect(off.trace.some((r) => r.kind === "api.request" && r.code === 429 && r.resource === "leases")).toBe(
      true,
    );
    expect(off.trace.some((r) => r.kind === "leader.lost" && r.t > 30_000)).toBe(true);

    const on = run(quiet, 90_000, (w) => {
      w.advanceTo(30_000);
      w.apply(flood);
    });
    // The flood's own LISTs are refused (workload-low is full), the control plane's Leases are not.
    expect(on.trace.some((r) => r.kind === "api.flood" && (r.refused as number) > 0)).toBe(true);
    expect(on.trace.some((r) => r.kind === "leader.lost")).toBe(false);
    expect(on.trace.some((r) => r.kind === "api.request" && r.code === 429 && r.resource === "leases")).toBe(
      false,
    );
  });
});

describe("admission on the World", () => {
  it("a ResourceQuota stops the ReplicaSet controller's creations with the plugin's own message", () => {
    const pods = new World(quiet, 7).podList().length;
    const tight: Scenario = {
      ...quiet,
      cluster: { ...quiet.cluster, resourceQuotas: [{ name: "tight", hard: { pods: pods + 2 } }] },
    };
    const { world } = run(tight, 60_000, (w) => {
      w.advanceTo(5_000);
      w.apply({ type: "scale", deployment: "checkout", replicas: 10 });
    });
    expect(world.podList().length).toBe(pods + 2);
    const refused = world.recentEvents().find((e) => e.reason === "FailedCreate");
    expect(refused?.message).toMatch(
      /^Error creating: pods "checkout-[a-z0-9-]+" is forbidden: exceeded quota: tight, requested: pods=1, used: pods=\d+, limited: pods=\d+$/,
    );
  });
});

describe("control-plane high availability", () => {
  it("killing the active kube-scheduler leaves pods Pending until a standby takes the Lease", () => {
    const killAt = 60_000;
    const { world, trace } = run(quiet, 150_000, (w) => {
      w.advanceTo(killAt);
      const active = w.controlPlaneStatus().find((p) => p.component === "kube-scheduler" && p.leading);
      expect(active?.machine).toBe(quiet.apiServer.machines[0]);
      w.inject({ kind: "killControlPlane", component: "kube-scheduler", machine: active?.machine ?? "" });
      w.apply({ type: "scale", deployment: "checkout", replicas: 12 });
    });
    const elected = trace.find((r) => r.kind === "leader.elected" && r.component === "kube-scheduler");
    expect(elected).toBeDefined();
    const after = (elected?.t ?? 0) - killAt;
    // The standby waits a full leaseDuration (15 s) from when it last saw the Lease change, and
    // tries every retryPeriod (2 s, jittered up to ×2.2).
    expect(after).toBeGreaterThanOrEqual(13_000);
    expect(after).toBeLessThanOrEqual(15_000 + 2 * 4_400);
    const firstBound = trace.find((r) => r.kind === "pod.scheduled" && r.t > killAt);
    expect(firstBound?.t).toBeGreaterThanOrEqual(elected?.t ?? 0);
    expect(
      world.controlPlaneStatus().filter((p) => p.component === "kube-scheduler" && p.leading),
    ).toHaveLength(1);
  });

  it("with one control-plane machine there is no standby: nothing schedules until it restarts", () => {
    const single: Scenario = {
      ...quiet,
      apiServer: { ...quiet.apiServer, replicas: 1, machines: quiet.apiServer.machines.slice(0, 1) },
    };
    const machine = single.apiServer.machines[0] ?? "";
    const trace: WorldTraceRecord[] = [];
    const w = new World(single, 7, { trace: (r) => trace.push(r) });
    w.advanceTo(30_000);
    w.inject({ kind: "killControlPlane", component: "kube-scheduler", machine });
    w.apply({ type: "scale", deployment: "checkout", replicas: 12 });
    w.advanceTo(80_000);
    expect(trace.some((r) => r.kind === "pod.scheduled" && r.t > 30_000)).toBe(false);
    expect(w.podList().some((p) => p.nodeName === "")).toBe(true);
    w.inject({ kind: "restartControlPlane", component: "kube-scheduler", machine });
    w.advanceTo(120_000);
    // A restarted process is a new identity: it waits out the old holder's Lease before leading.
    const elected = trace.find((r) => r.kind === "leader.elected" && r.component === "kube-scheduler");
    expect(elected?.t).toBeGreaterThanOrEqual(80_000 + 15_000);
    expect(trace.some((r) => r.kind === "pod.scheduled" && r.t > (elected?.t ?? 0))).toBe(true);
  });
});

describe("clock skew", () => {
  it("minutes of skew change nothing (Leases are timed by the observer); skew past the certificate fails TLS", () => {
    const node = quiet.cluster.nodes[0]?.name ?? "";
    const small = run(quiet, 120_000, (w) => {
      w.advanceTo(10_000);
      w.inject({ kind: "clockSkew", node, offsetMs: 10 * 60_000 });
    });
    expect(small.world.nodeList().find((n) => n.name === node)?.ready).toBe("True");

    const large = run(quiet, 120_000, (w) => {
      w.advanceTo(10_000);
      w.inject({ kind: "clockSkew", node, offsetMs: -40 * 24 * 3_600_000 });
    });
    expect(large.world.nodeList().find((n) => n.name === node)?.ready).toBe("Unknown");
    const refused = large.trace.find(
      (r) => r.kind === "api.request" && r.user === `system:node:${node}` && r.code === 401,
    );
    expect(String(((refused?.stages ?? []) as Stage[])[0]?.outcome)).toContain(
      "x509: certificate has expired or is not yet valid",
    );
  });
});
