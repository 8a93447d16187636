import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demandAt, loadScenario, type Scenario } from "../../../shared/sim/scenario/index.ts";

const folder = join(import.meta.dirname, "../../../shared/scenarios");
const files = readdirSync(folder).filter((file) => file.endsWith(".yaml"));
const load = (file: string): Scenario => loadScenario(readFileSync(join(folder, file), "utf8"));
const byId = new Map(files.map((file) => [file.replace(/\.yaml$/, ""), load(file)]));
const scenario = (id: string): Scenario => {
  const found = byId.get(id);
  if (found === undefined) throw new Error(`no scenario ${id}`);
  return found;
};

describe("every shipped scenario loads and keeps the format's promises", () => {
  it("ships the five scenarios of the issue, First Light for a workshop's first round, the guided first incident, the control plane's own failure, a noisy neighbour and a full etcd", () => {
    expect([...byId.keys()].sort()).toEqual([
      "even-split",
      "first-incident",
      "first-light",
      "full-etcd",
      "kubelets-bad-day",
      "launch-day",
      "lost-leader",
      "noisy-neighbour",
      "thousand-services",
      "zone-down",
    ]);
  });

  it.each(files)("%s: its id matches its file name", (file) => {
    expect(load(file).id).toBe(file.replace(/\.yaml$/, ""));
  });

  it.each(files)("%s: says what it invents, and has a Korean title and briefing", (file) => {
    const s = load(file);
    expect(s.inspiration.invented).toMatch(/invented/i);
    expect(s.title.ko).toMatch(/[\uac00-\ud7a3]/);
    expect(s.briefing.ko).toMatch(/[\uac00-\ud7a3]/);
  });

  it.each(files)("%s: its traffic curves name services of its cluster", (file) => {
    const s = load(file);
    const withTraffic = new Set(s.traffic.map((t) => t.service));
    expect(withTraffic.size).toBeGreaterThan(0);
    for (const service of withTraffic) expect(s.cluster.services.some((x) => x.name === service)).toBe(true);
  });

  it.each(files)("%s: the incident starts inside the round and every fault fires before the end", (file) => {
    const s = load(file);
    const start = s.objective.incidentStartMs ?? s.faults[0]?.atMs;
    expect(start).toBeLessThan(s.timeLimitMs);
    for (const step of s.faults) expect(step.atMs).toBeLessThanOrEqual(s.timeLimitMs);
  });

  it.each(files)("%s: states what wins the round (recover, survive or versus)", (file) => {
    expect(["recover", "survive", "versus"]).toContain(load(file).objective.kind);
  });

  it.each(files)("%s: the API server keeps kube-apiserver's default inflight limits", (file) => {
    const s = load(file);
    expect([s.apiServer.maxRequestsInflight, s.apiServer.maxMutatingRequestsInflight]).toEqual([400, 200]);
  });
});

describe("the scenarios teach what their names promise", () => {
  it("Even Split: a 4-member etcd is partitioned 2:2, so neither side holds a quorum of 3", () => {
    const s = scenario("even-split");
    expect(s.etcd.members.map((m) => m.name)).toEqual(["etcd-1", "etcd-2", "etcd-3", "etcd-4"]);
    const partitions = s.faults.filter((step) => step.fault.kind === "partition");
    const quorum = Math.floor(s.etcd.members.length / 2) + 1;
    for (const partition of partitions) {
      if (partition.fault.kind !== "partition") throw new Error("no partition");
      const membersPerSide = partition.fault.groups.map((g) => g.filter((m) => m.startsWith("etcd-")).length);
      expect(membersPerSide).toEqual([2, 2]);
      for (const count of membersPerSide) expect(count).toBeLessThan(quorum);
    }
    // The link drops for half a minute first, a warning; then it fails for good.
    expect(partitions.map((p) => p.durationMs)).toEqual([30_000, null]);
  });

  it("Launch Day: storefront demand climbs to 50× its base within minutes", () => {
    const s = scenario("launch-day");
    const curve = s.traffic.find((t) => t.service === "storefront")!;
    expect(curve.shape).toBe("launch");
    expect(demandAt(curve, 0)).toBe(600);
    expect(demandAt(curve, 2 * 60_000)).toBe(600);
    expect(demandAt(curve, 4 * 60_000)).toBe(600 + (30_000 - 600) / 2);
    expect(demandAt(curve, 6 * 60_000)).toBe(30_000);
    expect(demandAt(curve, 20 * 60_000)).toBe(30_000);
  });

  it("Kubelet's Bad Day: OOM, a filling disk and failing probes", () => {
    const kinds = scenario("kubelets-bad-day").faults.map((f) => f.fault.kind);
    expect(kinds).toEqual(expect.arrayContaining(["oomBomb", "diskFill", "badRollout"]));
    const rollout = scenario("kubelets-bad-day").faults.find((f) => f.fault.kind === "badRollout")!.fault;
    expect(rollout).toMatchObject({ failure: "livenessFails" });
  });

  it("Zone Down: every node and the etcd member of one zone fail together", () => {
    const s = scenario("zone-down");
    const zoneC = s.cluster.nodes.filter((n) => n.zone === "zone-c").map((n) => n.name);
    const at2m = s.faults.filter((f) => f.atMs === 120_000).map((f) => f.fault);
    expect(at2m).toEqual([
      ...zoneC.map((node) => ({ kind: "killNode", node })),
      { kind: "killEtcdMember", member: "etcd-3" },
    ]);
    expect(s.etcd.members.find((m) => m.name === "etcd-3")?.zone).toBe("zone-c");
  });

  it("Thousand Services: more than a thousand Services behind kube-proxy in iptables mode", () => {
    const s = scenario("thousand-services");
    expect(s.cluster.services.length).toBeGreaterThan(1000);
    expect(s.kubeProxy.mode).toBe("iptables");
    expect(s.cluster.services.at(-1)?.name).toBe("tenant-1200");
  });
});

describe("normalized values", () => {
  it("quantities, probes and defaults arrive as integers the engine can use", () => {
    const s = scenario("launch-day");
    const node = s.cluster.nodes[0]!;
    expect(node).toMatchObject({
      name: "node-a-1",
      zone: "zone-a",
      capacity: {
        milliCPU: 8000,
        memoryBytes: 32 * 1024 ** 3,
        pods: 110,
        ephemeralStorageBytes: 100 * 1024 ** 3,
      },
    });
    const storefront = s.cluster.deployments.find((d) => d.name === "storefront")!;
    const container = storefront.template.containers[0]!;
    expect(container.requests).toEqual({ milliCPU: 500, memoryBytes: 768 * 1024 ** 2 });
    expect(container.limits).toEqual({ milliCPU: null, memoryBytes: 1024 ** 3 });
    expect(container.imageSizeBytes).toBe(310 * 1024 ** 2);
    expect(container.readinessProbe).toMatchObject({ periodMs: 5000, timeoutMs: 1000, failureThreshold: 3 });
    expect(container.livenessProbe).toMatchObject({ periodMs: 10_000, successThreshold: 1 });
    expect(storefront.maxSurge).toEqual({ fraction: 0.25 });
    expect(storefront.maxUnavailable).toEqual({ count: 0 });
    expect(storefront.template.terminationGracePeriodMs).toBe(30_000);
    expect(s.cluster.horizontalPodAutoscalers[0]).toMatchObject({
      targetCPUUtilization: 0.7,
      minReplicas: 8,
    });
    expect(s.etcd).toMatchObject({ heartbeatIntervalMs: 100, electionTimeoutMs: 1000 });
    expect(s.objective.checks[0]).toEqual({
      kind: "availability",
      service: "storefront",
      atLeast: 0.99,
      forMs: 60_000,
    });
    expect(s.objective.checks[1]).toEqual({
      kind: "p99Latency",
      service: "storefront",
      atMostMs: 500,
      forMs: 60_000,
    });
    expect(s.nodeProvisioner).toEqual({
      enabled: true,
      template: "node-a-1",
      zones: ["zone-a", "zone-b", "zone-c"],
      maxNodes: 40,
      bootMs: 210_000,
    });
  });

  it("loading is deterministic: the same text gives the same scenario", () => {
    const text = readFileSync(join(folder, "even-split.yaml"), "utf8");
    expect(JSON.stringify(loadScenario(text))).toBe(JSON.stringify(loadScenario(text)));
  });
});
