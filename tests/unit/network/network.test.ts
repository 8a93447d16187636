import { describe, expect, it } from "vitest";
import {
  type Delivery,
  type LinkConfig,
  Network,
  Reachability,
} from "../../../shared/sim/network/network.ts";
import { createRandom } from "../../../shared/sim/random.ts";

function network(
  seed = 1,
  link: LinkConfig = { latencyMs: [5, 15], loss: 0, duplicate: 0 },
): Network<number> {
  return new Network<number>({ random: createRandom(seed, "network"), link });
}

function drain(net: Network<number>, until = 10_000): Delivery<number>[] {
  return net.deliverDue(until);
}

describe("the simulated network", () => {
  it("is decided by its seed: the same sends give the same deliveries, another seed others", () => {
    const run = (seed: number) => {
      const net = network(seed);
      for (let i = 0; i < 50; i++) net.send("a", "b", i, i);
      return drain(net).map((d) => `${d.payload}@${d.at}`);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it("delays each message within the link's latency range, and reorders when the range allows", () => {
    const net = network(3);
    for (let i = 0; i < 200; i++) net.send("a", "b", i, 0);
    const delivered = drain(net);
    expect(delivered).toHaveLength(200);
    for (const d of delivered) expect(d.at).toBeGreaterThanOrEqual(5);
    for (const d of delivered) expect(d.at).toBeLessThanOrEqual(15);
    const order = delivered.map((d) => d.payload);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
    // Arrivals come out in time order.
    expect(delivered.map((d) => d.at)).toEqual([...delivered.map((d) => d.at)].sort((x, y) => x - y));
  });

  it("keeps a fixed-latency link in order", () => {
    const net = network(3, { latencyMs: [4, 4], loss: 0, duplicate: 0 });
    for (let i = 0; i < 20; i++) net.send("a", "b", i, 0);
    expect(drain(net).map((d) => d.payload)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("holds back what is not yet due", () => {
    const net = network(1, { latencyMs: [10, 10], loss: 0, duplicate: 0 });
    net.send("a", "b", 1, 0);
    expect(net.nextDeliveryAt()).toBe(10);
    expect(net.deliverDue(9)).toEqual([]);
    expect(net.deliverDue(10).map((d) => d.payload)).toEqual([1]);
    expect(net.inFlight).toBe(0);
  });

  it("loses about the configured share of messages", () => {
    const net = network(11, { latencyMs: [1, 1], loss: 0.3, duplicate: 0 });
    for (let i = 0; i < 10_000; i++) net.send("a", "b", i, 0);
    const delivered = drain(net).length;
    expect(delivered).toBeGreaterThan(6700);
    expect(delivered).toBeLessThan(7300);
    expect(net.stats.dropped.loss).toBe(10_000 - delivered);
  });

  it("duplicates about the configured share of messages", () => {
    const net = network(12, { latencyMs: [1, 3], loss: 0, duplicate: 0.1 });
    for (let i = 0; i < 10_000; i++) net.send("a", "b", i, 0);
    const delivered = drain(net).length;
    expect(delivered - 10_000).toBe(net.stats.duplicated);
    expect(net.stats.duplicated).toBeGreaterThan(850);
    expect(net.stats.duplicated).toBeLessThan(1150);
  });

  it("partitions both ways between groups, leaves other links alone, and heals", () => {
    const net = network(1, { latencyMs: [1, 1], loss: 0, duplicate: 0 });
    net.partition(["e1", "e2"], ["e3", "e4"]);
    expect(net.send("e1", "e3", 1, 0)).toBe(false);
    expect(net.send("e4", "e2", 2, 0)).toBe(false);
    expect(net.send("e1", "e2", 3, 0)).toBe(true);
    expect(net.send("api", "e3", 4, 0)).toBe(true);
    expect(drain(net).map((d) => d.payload)).toEqual([3, 4]);
    expect(net.stats.dropped.partition).toBe(2);
    net.heal();
    expect(net.send("e1", "e3", 5, 20)).toBe(true);
    expect(drain(net).map((d) => d.payload)).toEqual([5]);
  });

  it("loses a message in flight when its link is cut before it arrives", () => {
    const net = network(1, { latencyMs: [10, 10], loss: 0, duplicate: 0 });
    net.send("a", "b", 1, 0);
    net.partition(["a"], ["b"]);
    expect(net.deliverDue(10)).toEqual([]);
    expect(net.stats.dropped.partition).toBe(1);
  });

  it("can cut one direction only", () => {
    const net = network(1, { latencyMs: [1, 1], loss: 0, duplicate: 0 });
    net.cut("a", "b");
    expect(net.send("a", "b", 1, 0)).toBe(false);
    expect(net.send("b", "a", 2, 0)).toBe(true);
    expect(net.connected("b", "a")).toBe(true);
    expect(net.connected("a", "b")).toBe(false);
  });

  it("drops everything to and from a crashed machine until it restarts", () => {
    const net = network(1, { latencyMs: [5, 5], loss: 0, duplicate: 0 });
    net.send("a", "b", 1, 0);
    net.crash("b");
    expect(net.send("b", "a", 2, 0)).toBe(false);
    expect(net.deliverDue(5)).toEqual([]);
    expect(net.stats.dropped.crashed).toBe(2);
    net.restart("b");
    net.send("a", "b", 3, 10);
    expect(net.deliverDue(15).map((d) => d.payload)).toEqual([3]);
  });

  it("delays what a machine with a slow disk sends by its fsync latency", () => {
    const net = network(1, { latencyMs: [2, 2], loss: 0, duplicate: 0 });
    net.setDiskLatency("slow", 40);
    net.send("slow", "b", 1, 0);
    net.send("b", "slow", 2, 0);
    expect(drain(net).map((d) => [d.payload, d.at])).toEqual([
      [2, 2],
      [1, 42],
    ]);
    net.setDiskLatency("slow", 0);
    expect(net.diskLatency("slow")).toBe(0);
  });

  it("uses a per-link override and rejects nonsense settings", () => {
    const net = network(1, { latencyMs: [1, 1], loss: 0, duplicate: 0 });
    net.setLink("a", "far", { latencyMs: [80, 80], loss: 0, duplicate: 0 });
    net.send("a", "far", 1, 0);
    net.send("far", "a", 2, 0);
    expect(drain(net).map((d) => d.at)).toEqual([1, 80]);
    expect(() => net.setLink("a", "b", { latencyMs: [5, 1], loss: 0, duplicate: 0 })).toThrow(RangeError);
    expect(() => net.setLink("a", "b", { latencyMs: [1, 1], loss: 2, duplicate: 0 })).toThrow(RangeError);
    expect(() => net.setDiskLatency("a", -1)).toThrow(RangeError);
  });
});

describe("Reachability: the one partition rule", () => {
  it("cuts machines on different sides, keeps a machine no group names linked to both", () => {
    const reach = new Reachability();
    reach.partition(["a", "b"], ["c"]);
    expect(reach.connected("a", "b")).toBe(true);
    expect(reach.connected("a", "c")).toBe(false);
    expect(reach.connected("c", "b")).toBe(false);
    expect(reach.connected("d", "a")).toBe(true);
    expect(reach.connected("c", "d")).toBe(true);
  });

  it("two partitions in force cut both their links; partitionAll replaces what was in force", () => {
    const reach = new Reachability();
    reach.partitionAll([
      [["a"], ["b"]],
      [["b"], ["c"]],
    ]);
    expect(reach.connected("a", "b")).toBe(false);
    expect(reach.connected("b", "c")).toBe(false);
    expect(reach.connected("a", "c")).toBe(true);
    reach.partitionAll([[["b"], ["c"]]]);
    expect(reach.connected("a", "b")).toBe(true);
    expect(reach.connected("c", "b")).toBe(false);
    reach.partitionAll([]);
    expect(reach.connected("c", "b")).toBe(true);
  });

  it("a one-way cut leaves the other direction", () => {
    const reach = new Reachability();
    reach.cut("a", "b");
    expect(reach.connected("a", "b")).toBe(false);
    expect(reach.connected("b", "a")).toBe(true);
  });
});
