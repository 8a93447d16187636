/**
 * kube-proxy's three modes (shared/sim/network/kubeProxy.ts): what the first packet walks, what a
 * sync writes, and how the sync loop and a restart in another mode change what the rules route.
 */
import { describe, expect, it } from "vitest";
import {
  firstPacketMs,
  type KubeProxyState,
  minSyncPeriodMs,
  newKubeProxy,
  type ProxiedGroup,
  restartKubeProxy,
  routedEndpoints,
  stepKubeProxy,
  syncMsPerUnit,
  syncWork,
} from "../../../shared/sim/network/kubeProxy.ts";

const pods = (n: number, prefix = "p") =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);
/** Thousand Services' shape: 1 200 tenant Services on one pool, and a gateway. */
const platform = (pool: readonly string[], gateway: readonly string[]): Record<string, ProxiedGroup> => ({
  tenants: { services: 1_200, endpoints: pool },
  gateway: { services: 1, endpoints: gateway },
});

describe("the first packet of a connection", () => {
  it("walks KUBE-SERVICES rule by rule in iptables mode: ≈ 0.72 ms at 30 000 Services (the p99 the nftables blog measured)", () => {
    expect(firstPacketMs("iptables", 30_000, 0)).toBeCloseTo(0.72, 2);
    expect(firstPacketMs("iptables", 1_200, 400)).toBeLessThan(0.1);
    expect(firstPacketMs("iptables", 10_000, 10)).toBeGreaterThan(firstPacketMs("iptables", 100, 10));
  });

  it("costs the same at any size with a verdict map (nftables) or a hash table (IPVS)", () => {
    for (const mode of ["nftables", "ipvs"] as const)
      expect(firstPacketMs(mode, 30_000, 400)).toBe(firstPacketMs(mode, 10, 1));
    expect(firstPacketMs("nftables", 5_000, 10)).toBeLessThan(firstPacketMs("iptables", 5_000, 10));
  });
});

describe("what a sync writes", () => {
  const before = { tenants: pods(400), gateway: pods(10, "g") };
  const after = platform([...pods(399), "p-new"], pods(10, "g"));

  it("iptables rewrites KUBE-SERVICES and every changed Service's chains whole: one pool pod × 1 200 Services ≈ 1.9 M lines", () => {
    const lines = syncWork("iptables", after, ["tenants"], before, false);
    expect(lines).toBe(1_200 * (4 * 400 + 2) + 1_201 + 1);
    expect(lines * syncMsPerUnit).toBeGreaterThan(30_000);
  });

  it("nftables rewrites each changed Service's dispatch map and only the endpoint chains that changed", () => {
    const objects = syncWork("nftables", after, ["tenants"], before, false);
    expect(objects).toBe(1_200 * (1 + 400 + 3 + 1));
    expect(objects).toBeLessThan(syncWork("iptables", after, ["tenants"], before, false) / 3);
  });

  it("IPVS adds and removes only the real servers that changed", () => {
    expect(syncWork("ipvs", after, ["tenants"], before, false)).toBe(1_200 * 2);
  });

  it("iptables pays for KUBE-SERVICES even when only a small Service changed", () => {
    const gatewayOnly = platform(pods(400), [...pods(10, "g"), "g-new"]);
    expect(syncWork("iptables", gatewayOnly, ["gateway"], before, false)).toBe(4 * 11 + 2 + 1_201 + 1);
    expect(syncWork("nftables", gatewayOnly, ["gateway"], before, false)).toBe(1 + 11 + 3);
  });
});

describe("the sync loop", () => {
  const settle = (mode: KubeProxyState["mode"], groups: Record<string, ProxiedGroup>) =>
    stepKubeProxy(newKubeProxy(mode), 0, groups);

  it("programs a change once the sync that carries it is written; a change during a sync waits for the next", () => {
    const start = platform(pods(400), pods(10, "g"));
    let s = settle("iptables", start);
    const churned = platform([...pods(399), "p-new"], pods(10, "g"));
    s = stepKubeProxy(s, 10_000, churned);
    const done = s.running?.doneAtMs ?? 0;
    expect(done - 10_000).toBeGreaterThan(30_000);
    // The gateway scales during the long sync: its new pod is not routed until a later sync.
    const scaled = platform([...pods(399), "p-new"], [...pods(10, "g"), "g-new"]);
    s = stepKubeProxy(s, 20_000, scaled);
    expect(routedEndpoints(s, "gateway", [])).not.toContain("g-new");
    // Once it is written the next sync starts at once with the gateway's pod: it rewrites only the
    // gateway's chains and KUBE-SERVICES, so it is done within the second.
    s = stepKubeProxy(s, done, scaled);
    expect(routedEndpoints(s, "tenants", [])).toContain("p-new");
    expect(routedEndpoints(s, "gateway", [])).toContain("g-new");
    expect(s.last?.durationMs).toBeLessThan(minSyncPeriodMs);
  });

  it("the same change in nftables mode is routed in about a quarter of the time, in IPVS mode at once", () => {
    const start = platform(pods(400), pods(10, "g"));
    const churned = platform([...pods(399), "p-new"], pods(10, "g"));
    const lag = (mode: KubeProxyState["mode"]) => {
      const s = stepKubeProxy(settle(mode, start), 10_000, churned);
      return (s.running?.doneAtMs ?? 10_000) - 10_000;
    };
    expect(lag("nftables")).toBeLessThan(lag("iptables") / 3);
    expect(lag("ipvs")).toBe(0);
  });

  it("restarting into or out of nftables deletes the other family's rules: nothing is routed until the first full sync", () => {
    const groups = platform(pods(400), pods(10, "g"));
    const nft = restartKubeProxy(settle("iptables", groups), "nftables", 30_000);
    expect(routedEndpoints(nft, "gateway", pods(10, "g"))).toEqual([]);
    const syncing = stepKubeProxy(nft, 30_000, groups);
    expect(syncing.running?.full).toBe(true);
    const done = stepKubeProxy(syncing, syncing.running?.doneAtMs ?? 0, groups);
    expect(routedEndpoints(done, "gateway", [])).toEqual(pods(10, "g"));
  });

  it("moving between iptables and IPVS keeps the old rules routing until the new mode's first sync", () => {
    const groups = platform(pods(400), pods(10, "g"));
    const ipvs = restartKubeProxy(settle("iptables", groups), "ipvs", 30_000);
    expect(routedEndpoints(ipvs, "gateway", [])).toEqual(pods(10, "g"));
    expect(stepKubeProxy(ipvs, 30_000, groups).running?.full).toBe(true);
  });
});
