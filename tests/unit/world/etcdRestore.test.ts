/**
 * etcdutl snapshot restore under the World (issue 18): after a restore the cluster converges on
 * what etcd now holds, as its restarted components do. A pod the restored etcd does not have is
 * killed by its kubelet and the ReplicaSet makes a new one; a pod whose binding the snapshot does
 * not hold is Pending again and kube-scheduler places it once more. The room fuzzer found pods the
 * World kept bound after such a restore; the invariants (tests/support/worldInvariants.ts) hold
 * after every step here.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { World } from "../../../shared/sim/world/world.ts";
import { worldInvariantBreaks } from "../../support/worldInvariants.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const base = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
const scenario = { ...base, faults: [] };
const members = scenario.etcd.members.map((m) => m.name);

/** Advances a step at a time until `done` holds (within two minutes), checking the invariants at each step. */
function advanceUntil(world: World, done: () => boolean, stepMs = 250): void {
  const until = world.now + 120_000;
  while (!done()) {
    if (world.now >= until) throw new Error(`not reached by ${until} ms`);
    world.advanceTo(world.now + stepMs);
    expect(worldInvariantBreaks(world)).toEqual([]);
  }
}

const webPods = (world: World) => world.podList().filter((p) => p.deployment === "web" && !p.deleting);
const converged = (world: World, replicas: number) => () => {
  const pods = webPods(world);
  return (
    pods.length === replicas &&
    pods.every((p) => p.phase === "Running" && p.ready && world.etcdBinding(p.name) === p.nodeName)
  );
};

describe("etcd restored from a snapshot taken before some bindings", () => {
  it("pods created after the snapshot go, bindings after it are undone, and the cluster converges", () => {
    const world = new World(scenario, 7);
    world.advanceTo(10_000);
    expect(world.apply({ type: "scale", deployment: "web", replicas: 17 })).toEqual({ accepted: true });
    // The snapshot catches the scale-up half way: some new pods exist, unbound.
    advanceUntil(
      world,
      () => webPods(world).some((p) => p.nodeName === "" && world.etcdBinding(p.name) === ""),
      10,
    );
    expect(world.apply({ type: "snapshotEtcd", name: "mid-scale" })).toEqual({ accepted: true });
    const pendingAtSnapshot = webPods(world)
      .filter((p) => world.etcdBinding(p.name) === "")
      .map((p) => p.name);
    const inSnapshot = new Set(webPods(world).map((p) => p.name));
    advanceUntil(world, converged(world, 17));
    expect(world.apply({ type: "scale", deployment: "web", replicas: 18 })).toEqual({ accepted: true });
    advanceUntil(world, converged(world, 18));
    // Some pods were bound after the snapshot, and one was created after it.
    const bornLater = webPods(world).filter((p) => !inSnapshot.has(p.name));
    expect(bornLater.length).toBeGreaterThan(0);

    expect(world.apply({ type: "restoreEtcd", snapshot: "mid-scale", members })).toEqual({ accepted: true });
    // At once: the World holds what etcd holds.
    expect(worldInvariantBreaks(world)).toEqual([]);
    for (const pod of bornLater) expect(world.podList().some((p) => p.name === pod.name)).toBe(false);
    for (const name of pendingAtSnapshot) {
      const pod = world.podList().find((p) => p.name === name);
      expect(pod?.nodeName).toBe("");
      expect(pod?.phase).toBe("Pending");
      expect(world.etcdBinding(name)).toBe("");
    }

    // The new etcd elects a leader, kube-scheduler binds the Pending pods again and the
    // ReplicaSet makes up the pods the restore took: eighteen running, each bound in etcd.
    advanceUntil(world, converged(world, 18));
    for (const name of pendingAtSnapshot) {
      const pod = world.podList().find((p) => p.name === name);
      expect(pod?.nodeName).not.toBe("");
      expect(world.etcdBinding(name)).toBe(pod?.nodeName);
    }
  });

  it("pods deleted after the snapshot do not stay in etcd beside their replacements", () => {
    const world = new World(scenario, 8);
    world.advanceTo(10_000);
    expect(world.apply({ type: "snapshotEtcd", name: "sixteen" })).toEqual({ accepted: true });
    const before = webPods(world).map((p) => p.name);
    expect(world.apply({ type: "scale", deployment: "web", replicas: 10 })).toEqual({ accepted: true });
    advanceUntil(world, () => world.podList().filter((p) => p.deployment === "web").length === 10);
    const gone = before.filter((name) => !world.podList().some((p) => p.name === name));
    expect(gone.length).toBe(6);

    expect(world.apply({ type: "restoreEtcd", snapshot: "sixteen", members })).toEqual({ accepted: true });
    expect(worldInvariantBreaks(world)).toEqual([]);
    // The restarted controllers find the six again and delete the surplus once etcd takes writes.
    advanceUntil(world, () => gone.every((name) => world.etcdBinding(name) === undefined));
    advanceUntil(world, converged(world, 10));
  });
});
