import { describe, expect, it } from "vitest";
import { type EndpointPod, endpointsFor } from "../../../shared/sim/controllers/index.ts";

const pod = (name: string, over: Partial<EndpointPod>): EndpointPod => ({
  name,
  podIP: `10.0.0.${name.length}`,
  nodeName: "node-1",
  ready: true,
  terminating: false,
  phase: "Running",
  ...over,
});

describe("Endpoints: only ready pods receive traffic", () => {
  const pods = [
    pod("ready", {}),
    pod("not-ready", { ready: false }),
    pod("terminating", { terminating: true }),
    pod("no-ip", { podIP: null, phase: "Pending", ready: false }),
    pod("failed", { phase: "Failed", ready: false }),
  ];

  it("ready pods are addresses, unready ones notReadyAddresses, the rest absent", () => {
    const subset = endpointsFor(pods);
    expect(subset.addresses.map((a) => a.targetPod)).toEqual(["ready"]);
    expect(subset.notReadyAddresses.map((a) => a.targetPod)).toEqual(["not-ready"]);
  });

  it("publishNotReadyAddresses lists every pod with an IP as an address", () => {
    expect(endpointsFor(pods, true).addresses.map((a) => a.targetPod)).toEqual([
      "not-ready",
      "ready",
      "terminating",
    ]);
  });
});
