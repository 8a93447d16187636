import { describe, expect, it } from "vitest";
import { ClusterStore, type IndexFunc } from "../../../shared/sim/apiserver/clusterStore.ts";

interface Pod {
  name: string;
  nodeName: string;
  owner: string;
  ready: boolean;
}

type PodIndex = "node" | "readyByOwner";
const indexers: Record<PodIndex, IndexFunc<Pod>> = {
  node: (p) => p.nodeName,
  readyByOwner: (p) => (p.ready ? p.owner : null),
};
const pod = (name: string, nodeName = "", owner = "web", ready = false): Pod => ({
  name,
  nodeName,
  owner,
  ready,
});
const names = (pods: readonly Pod[]) => pods.map((p) => p.name);

describe("ClusterStore: objects with resourceVersions", () => {
  it("stamps every committed change with the next resourceVersion, one counter for the store", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    store.create(pod("a"), 0);
    store.create(pod("b"), 0);
    expect(store.resourceVersionOf("a")).toBe(1);
    expect(store.resourceVersionOf("b")).toBe(2);
    (store.get("a") as Pod).nodeName = "n1";
    store.update("a", 5);
    expect(store.resourceVersionOf("a")).toBe(3);
    expect(store.resourceVersion).toBe(3);
    store.delete("b", 6);
    expect(store.resourceVersionOf("b")).toBeUndefined();
    expect(store.resourceVersion).toBe(4);
    expect(store.size).toBe(1);
  });

  it("lists objects in the order they were created, a replaced one keeping its place", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    for (const n of ["c", "a", "b"]) store.create(pod(n), 0);
    store.create(pod("a", "n1"), 1);
    expect(names([...store.values()])).toEqual(["c", "a", "b"]);
    expect(store.get("a")?.nodeName).toBe("n1");
  });
});

describe("ClusterStore: indexers (client-go ByIndex)", () => {
  it("files an object under its index value and moves it when an update changes the value", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    store.create(pod("a"), 0);
    store.create(pod("b"), 0);
    expect(names(store.byIndex("node", ""))).toEqual(["a", "b"]);
    const a = store.get("a") as Pod;
    a.nodeName = "n1";
    store.update("a", 1);
    expect(names(store.byIndex("node", ""))).toEqual(["b"]);
    expect(names(store.byIndex("node", "n1"))).toEqual(["a"]);
    expect(store.countByIndex("node", "n1")).toBe(1);
  });

  it("keeps filing order: an update that leaves the value alone keeps the object's place", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    for (const n of ["a", "b", "c"]) store.create(pod(n, "n1"), 0);
    store.update("a", 1);
    expect(names(store.byIndex("node", "n1"))).toEqual(["a", "b", "c"]);
    const a = store.get("a") as Pod;
    a.nodeName = "";
    store.update("a", 2);
    a.nodeName = "n1";
    store.update("a", 3);
    expect(names(store.byIndex("node", "n1"))).toEqual(["b", "c", "a"]);
  });

  it("files nothing for a null value, and counts what a value holds", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    store.create(pod("a", "n1", "web", true), 0);
    store.create(pod("b", "n1", "web", false), 0);
    store.create(pod("c", "n2", "api", true), 0);
    expect(store.countByIndex("readyByOwner", "web")).toBe(1);
    const b = store.get("b") as Pod;
    b.ready = true;
    store.update("b", 1);
    expect(store.countByIndex("readyByOwner", "web")).toBe(2);
    store.delete("a", 2);
    expect(store.countByIndex("readyByOwner", "web")).toBe(1);
    expect(names(store.byIndex("node", "n1"))).toEqual(["b"]);
    expect(store.byIndex("readyByOwner", "nobody")).toEqual([]);
  });

  it("rebuilds its indices on restore from the objects alone", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    store.create(pod("a", "n1", "web", true), 0);
    store.create(pod("b", "", "web", false), 0);
    store.create(pod("c", "n1", "api", true), 0);
    const restored = ClusterStore.restore(indexers, structuredClone([...store.values()]), store.save());
    for (const [index, value] of [
      ["node", "n1"],
      ["node", ""],
      ["readyByOwner", "web"],
      ["readyByOwner", "api"],
    ] as const) {
      expect(names(restored.byIndex(index, value))).toEqual(names(store.byIndex(index, value)));
    }
    expect(restored.resourceVersion).toBe(store.resourceVersion);
    expect(restored.resourceVersionOf("b")).toBe(store.resourceVersionOf("b"));
  });
});

describe("ClusterStore: watch", () => {
  it("sends each watcher every change after its own delay, in commit order", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    store.watch("kube-proxy", 100);
    store.watch("controller-manager", 10);
    store.create(pod("a"), 0);
    (store.get("a") as Pod).nodeName = "n1";
    store.update("a", 5);
    store.delete("a", 20);
    expect(store.takeDue("controller-manager", 9)).toEqual([]);
    expect(store.takeDue("controller-manager", 15).map((e) => [e.type, e.resourceVersion, e.atMs])).toEqual([
      ["ADDED", 1, 10],
      ["MODIFIED", 2, 15],
    ]);
    expect(store.nextDelivery("controller-manager")).toBe(30);
    expect(store.nextDelivery("kube-proxy")).toBe(100);
    expect(store.takeDue("kube-proxy", 200).map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(store.takeDue("kube-proxy", 200)).toEqual([]);
  });

  it("sends what the object was at the commit, not what it became later", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    store.watch("w", 50);
    store.create(pod("a"), 0);
    (store.get("a") as Pod).nodeName = "n1";
    const [added] = store.takeDue("w", 50);
    expect(added?.object.nodeName).toBe("");
  });

  it("keeps events in flight across save and restore", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    store.watch("w", 50);
    store.create(pod("a"), 0);
    const restored = ClusterStore.restore(indexers, structuredClone([...store.values()]), store.save());
    expect(restored.takeDue("w", 50).map((e) => e.object.name)).toEqual(["a"]);
    expect(store.takeDue("w", 50).map((e) => e.object.name)).toEqual(["a"]);
  });

  it("refuses a negative delay and sends nothing to a watcher that stopped", () => {
    const store = new ClusterStore<Pod, PodIndex>(indexers);
    expect(() => store.watch("w", -1)).toThrow(RangeError);
    store.watch("w", 0);
    store.stopWatching("w");
    store.create(pod("a"), 0);
    expect(store.takeDue("w", 10)).toEqual([]);
    expect(store.nextDelivery("w")).toBeNull();
  });
});
