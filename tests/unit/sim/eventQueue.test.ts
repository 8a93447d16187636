import { describe, expect, it } from "vitest";
import { EventQueue } from "../../../shared/sim/index.ts";

describe("EventQueue orders events by (time, sequence)", () => {
  it("pops earlier times first and, at equal times, in insertion order", () => {
    const queue = new EventQueue<string>();
    const pushes: [number, string][] = [
      [30, "c"],
      [10, "a1"],
      [20, "b"],
      [10, "a2"],
      [0, "start"],
      [10, "a3"],
    ];
    for (const [time, name] of pushes) queue.push(time, name);
    const order: string[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) order.push(e.event);
    expect(order).toEqual(["start", "a1", "a2", "a3", "b", "c"]);
  });

  it("keeps the order over many interleaved pushes and pops", () => {
    const queue = new EventQueue<number>();
    const popped: { time: number; seq: number }[] = [];
    for (let i = 0; i < 2000; i++) {
      queue.push((i * 7919) % 101, i);
      if (i % 3 === 0) popped.push(queue.pop()!);
    }
    for (let e = queue.pop(); e; e = queue.pop()) popped.push(e);
    expect(popped).toHaveLength(2000);
    // After the interleaving, the drained tail must itself be sorted.
    const tail = popped.slice(667);
    for (let i = 1; i < tail.length; i++) {
      const a = tail[i - 1]!;
      const b = tail[i]!;
      expect(a.time < b.time || (a.time === b.time && a.seq < b.seq)).toBe(true);
    }
  });

  it("refuses a non-integer time", () => {
    expect(() => new EventQueue<string>().push(1.5, "x")).toThrow(RangeError);
  });
});
