import type { Room as SdkRoom } from "@colyseus/sdk";
import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../server/store/index.ts";
import type { PuzzleHint, PuzzleRefusal } from "../../shared/protocol/puzzle.ts";
import type { PuzzleState } from "../../shared/state/puzzleState.ts";
import { bootTestServer } from "../support/server.ts";
import { nextMessage, until } from "./support.ts";

type Player = SdkRoom<unknown, PuzzleState>;
const podNode = (room: Player, pod: string) => room.state.pods.find((p) => p.name === pod)?.node;

describe("the puzzle room: the real scheduler's verdicts, moves, grades, progress and boards", () => {
  let colyseus: ColyseusTestServer;
  let port: number;
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ colyseus, port, store, close } = await bootTestServer());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => close());

  const join = async (name: string, puzzle?: string) => {
    const room = (await colyseus.sdk.joinOrCreate("puzzle", {
      name,
      ...(puzzle ? { puzzle } : {}),
    })) as Player;
    await until(() => (room.state?.pods?.length ?? 0) > 0);
    return room;
  };

  it("lists the 30 puzzles at GET /api/puzzles", async () => {
    const list = (await (await fetch(`http://127.0.0.1:${port}/api/puzzles`)).json()) as { id: string }[];
    expect(list.length).toBeGreaterThanOrEqual(30);
    expect(list[0]?.id).toBe("first-fit");
  });

  it("refuses a placement with the scheduler filter's reason and changes nothing", async () => {
    const room = await join("Ada", "first-fit");
    const refused = nextMessage<PuzzleRefusal>(room, "refused");
    room.send("place", { pod: "api-1", node: "node-small" });
    expect((await refused).message).toContain("Insufficient cpu");
    expect(podNode(room, "api-1")).toBe("");
    expect(room.state.moves).toBe(0);
    const hint = nextMessage<PuzzleHint>(room, "hint");
    room.send("hint", { pod: "api-1", node: "node-small" });
    expect(await hint).toMatchObject({
      pod: "api-1",
      node: "node-small",
      fits: false,
      plugin: "NodeResourcesFit",
      reasons: ["Insufficient cpu"],
      score: null,
      pick: { node: "node-large" },
    });
    // A hint about a pod the puzzle lacks is refused in words, and nothing else is sent.
    const unknown = nextMessage<PuzzleRefusal>(room, "refused");
    room.send("hint", { pod: "api-9", node: "node-small" });
    expect(await unknown).toEqual({ type: "hint", message: 'no pod "api-9" to place in this puzzle' });
  });

  it("a met objective that can be bettered waits for SUBMIT: more moves are taken, the optimum finishes by itself", async () => {
    // Puzzle 30: both budgets hold once db-2 and api-3 are moved, but api-5 can still find room.
    const room = await join("Cy", "drain-two-budgets");
    const early = nextMessage<PuzzleRefusal>(room, "refused");
    room.send("submit", {});
    expect((await early).message).toContain("not met yet");
    room.send("place", { pod: "db-2", node: "node-3" });
    room.send("place", { pod: "api-3", node: "node-1" });
    await until(() => room.state.ready);
    expect(room.state.complete).toBe(false);
    expect(room.state.stars).toBeGreaterThan(0);
    expect(room.state.stars).toBeLessThan(3);
    room.send("place", { pod: "api-5", node: "node-2" });
    await until(() => room.state.complete);
    expect(room.state).toMatchObject({ stars: 3, value: 3, moves: 3 });

    // Another player submits the answer with two pods moved: it is finished, graded and stored.
    const other = await join("Di", "drain-two-budgets");
    other.send("place", { pod: "db-2", node: "node-3" });
    other.send("place", { pod: "api-3", node: "node-1" });
    await until(() => other.state.ready);
    other.send("submit", {});
    await until(() => other.state.complete && other.state.resultId > 0);
    expect(other.state.value).toBe(2);
    const refused = nextMessage<PuzzleRefusal>(other, "refused");
    other.send("place", { pod: "api-5", node: "node-2" });
    expect((await refused).message).toContain("finished");
  });

  it("places, undoes and resets; a solved puzzle is graded against the optimum and stored", async () => {
    const room = await join("Bo", "first-fit");
    room.send("place", { pod: "web-1", node: "node-large" });
    await until(() => podNode(room, "web-1") === "node-large");
    room.send("undo", {});
    await until(() => podNode(room, "web-1") === "" && room.state.moves === 0);
    room.send("place", { pod: "api-1", node: "node-large" });
    room.send("place", { pod: "web-1", node: "node-small" });
    await until(() => room.state.complete);
    expect(room.state).toMatchObject({ stars: 3, value: 2, optimum: 2, moves: 2 });
    await until(() => room.state.resultId > 0);
    const refused = nextMessage<PuzzleRefusal>(room, "refused");
    room.send("unplace", { pod: "web-1" });
    expect((await refused).message).toContain("finished");
    const board = (await (
      await fetch(`http://127.0.0.1:${port}/api/leaderboards/puzzle:first-fit`)
    ).json()) as {
      rows: { player: string; stars: number; moves: number }[];
    };
    expect(board.rows).toContainEqual(expect.objectContaining({ player: "Bo", stars: 3, moves: 2 }));
    expect(await store.puzzleProgress("Bo")).toEqual([{ puzzleId: "first-fit", stars: 3, moves: 2 }]);
    room.send("reset", {});
    await until(() => !room.state.complete && room.state.moves === 0);
  });

  it("opens a returning player's first unsolved puzzle", async () => {
    await store.savePuzzle({
      puzzleId: "first-fit",
      puzzleVersion: 1,
      player: "Cy",
      stars: 3,
      moves: 2,
      timeMs: 1_000,
      finishedAt: new Date(),
    });
    const room = await join("Cy");
    expect(room.state.puzzleId).not.toBe("first-fit");
    expect(room.state.order).toBe(2);
  });

  it.each([
    ["an unknown type", "explode", {}, "unknown message type"],
    ["a bad pod name", "place", { pod: "../x", node: "node-small" }, "pod:"],
    ["an extra field", "place", { pod: "api-1", node: "node-small", force: true }, `"force"`],
    ["an unknown pod", "place", { pod: "ghost", node: "node-small" }, 'no pod "ghost"'],
    ["an eviction outside a preemption puzzle", "evict", { pod: "api-1" }, "not a running pod"],
    ["undo with nothing done", "undo", {}, "nothing to undo"],
    ["an unknown puzzle", "open", { puzzle: "no-such-puzzle" }, "no puzzle"],
  ])("refuses %s", async (_what, type, payload, message) => {
    const room = await join("Di", "first-fit");
    const refused = nextMessage<PuzzleRefusal>(room, "refused");
    room.send(type, payload);
    expect((await refused).message).toContain(message);
    expect(room.state.moves).toBe(0);
  });

  it.each(["constructor"])(
    "refuses to unplace, evict or place a pod named %s that the puzzle does not have: no move counted",
    async (name) => {
      const room = await join("Eve", "first-fit");
      for (const [type, payload] of [
        ["unplace", { pod: name }],
        ["evict", { pod: name }],
        ["place", { pod: name, node: "node-small" }],
      ] as const) {
        const refused = nextMessage<PuzzleRefusal>(room, "refused");
        room.send(type, payload);
        expect((await refused).message).toContain(name);
      }
      expect(room.state.moves).toBe(0);
    },
  );

  it("refuses to join with a hostile name", async () => {
    await expect(colyseus.sdk.joinOrCreate("puzzle", { name: "<script>x</script>" })).rejects.toThrow(
      "no markup",
    );
  });
});
