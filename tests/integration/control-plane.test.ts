import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import { decodePodSpec } from "../../shared/state/podSpec.ts";
import { bootTestServer } from "../support/server.ts";
import { type Player, until } from "./support.ts";

describe("incident room: the control plane, Raft messages, milestones and pending pods' specs", () => {
  let colyseus: ColyseusTestServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    IncidentRoom.reconnectSeconds = 1;
    ({ colyseus, close } = await bootTestServer());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => {
    IncidentRoom.reconnectSeconds = 30;
    await close();
  });

  it("a live round's state carries them to the client over a real socket", async () => {
    // Solo: the scenario's script plays (first-light kills node-a2 at 2m); at 60× that is 2 s away.
    const room = await colyseus.createRoom<IncidentRoom>("incident", { solo: true, seed: 5 });
    const alice = (await colyseus.connectTo(room, { name: "Alice" })) as Player;
    await until(() => alice.state.phase === "briefing");
    alice.send("startRound", {});
    await until(() => alice.state.phase === "live");
    alice.send("setSpeed", { speed: 60 });

    // Node labels are replicated once, as JSON.
    await until(() => alice.state.nodes.size > 0);
    const labels: unknown = JSON.parse(alice.state.nodes.get("node-a2")?.labels ?? "");
    expect(labels).toMatchObject({ "kubernetes.io/hostname": "node-a2" });

    // More replicas than the nodes hold: the rest wait unbound, each with the spec kube-scheduler has.
    alice.send("command", { type: "scale", deployment: "web", replicas: 120 });
    await until(() => [...alice.state.pods.values()].some((p) => p.nodeName === "" && p.spec !== ""));
    for (const pod of alice.state.pods.values()) {
      if (pod.nodeName !== "") {
        expect(pod.spec).toBe("");
        continue;
      }
      const spec = decodePodSpec(pod.spec);
      expect(spec?.name).toBe(pod.name);
      expect(spec?.labels).toMatchObject({ app: "web" });
      expect(spec?.containers[0]?.requests.milliCPU).toBe(pod.cpuMilli);
    }

    // The control plane and etcd's wire.
    const cp = alice.state.controlPlane;
    expect(cp.apiCapacity).toBeGreaterThan(0);
    expect(cp.schedulerLeader).not.toBe("");
    expect(cp.controllerManagerLeader).not.toBe("");
    expect(cp.kubeProxyMode).toMatch(/^(iptables|ipvs|nftables)$/);
    await until(() => cp.schedulerActive + cp.schedulerBackoff + cp.schedulerUnschedulable > 0);
    await until(() => alice.state.raftMessages.length > 0);
    const members = new Set(alice.state.etcd.map((m) => m.name));
    for (const m of alice.state.raftMessages) {
      expect(members.has(m.from) && members.has(m.to)).toBe(true);
      expect(m.type).toMatch(/^Msg/);
      expect(m.arriveAtMs).toBeGreaterThanOrEqual(m.sentAtMs);
    }
    expect(alice.state.raftMessages.length).toBeLessThanOrEqual(12);
    const leader = alice.state.etcd.find((m) => m.role === "leader");
    expect(leader?.lastIndex).toBeGreaterThanOrEqual(leader?.commitIndex ?? 0);
    expect(leader?.commitIndex).toBeGreaterThan(0);

    // The scripted fault and what follows it, as milestones.
    const kinds = () => alice.state.milestones.map((m) => m.kind);
    await until(() => kinds().includes("nodeNotReady"));
    expect(kinds()).toEqual(
      expect.arrayContaining(["leaderElected", "incidentStart", "fault", "nodeNotReady"]),
    );
    const fault = alice.state.milestones.find((m) => m.kind === "fault");
    expect(fault).toMatchObject({ time: 120_000, detail: "killNode node/node-a2" });
    expect(alice.state.milestones.find((m) => m.kind === "nodeNotReady")?.detail).toBe("node-a2");
  });
});
