import { ErrorCode } from "@colyseus/sdk";
import { describe, expect, it } from "vitest";
import { rejoin } from "../../../client/net/rejoin.ts";

/** What the SDK throws when matchmaking or the room refuses: the error code as `code`. */
function refusal(code: number, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A client whose `reconnect` answers with each of `answers` in turn (an Error is thrown). */
function clientAnswering(answers: (Error | string)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    reconnect: async (_token: string) => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer as never;
    },
  };
}

describe("a client finding its way back to its workshop (client/net/rejoin.ts)", () => {
  it("tries again after 'seat reservation expired' while a takeover settles, and gets back in", async () => {
    // Reported from the failover bench on a loaded machine: refused while a takeover settled. Before
    // the fix the first such refusal was final ("seatGone") and the player never came back.
    const client = clientAnswering([
      refusal(ErrorCode.MATCHMAKE_INVALID_ROOM_ID, 'room "ABC-123" has been disposed.'),
      refusal(ErrorCode.MATCHMAKE_EXPIRED, "seat reservation expired."),
      refusal(ErrorCode.MATCHMAKE_EXPIRED, "seat reservation expired."),
      "the room",
    ]);
    const retries: number[] = [];
    const back = await rejoin(client, "token", { onRetry: (attempts) => retries.push(attempts) });
    expect(back).toEqual({ ok: true, room: "the room", attempts: 4 });
    expect(retries).toEqual([1, 2, 3]);
  });

  it("calls the seat gone when the workshop still says so as the time runs out", async () => {
    const client = clientAnswering([
      refusal(ErrorCode.MATCHMAKE_EXPIRED, "reconnection token invalid or expired."),
    ]);
    const back = await rejoin(client, "token", { limitMs: 1_000 });
    expect(back).toEqual({ ok: false, why: "seatGone", message: "reconnection token invalid or expired." });
    expect(client.calls).toBeGreaterThan(1);
  });

  it("says the workshop never came back when it was not found until the time ran out", async () => {
    const client = clientAnswering([
      refusal(ErrorCode.MATCHMAKE_INVALID_ROOM_ID, 'room "ABC-123" has been disposed.'),
    ]);
    const back = await rejoin(client, "token", { limitMs: 500 });
    expect(back).toMatchObject({ ok: false, why: "ended" });
  });

  it("stops when the player left meanwhile", async () => {
    const client = clientAnswering([refusal(ErrorCode.MATCHMAKE_EXPIRED, "seat reservation expired.")]);
    const back = await rejoin(client, "token", { stopped: () => true });
    expect(back).toMatchObject({ ok: false, why: "seatGone" });
    expect(client.calls).toBe(1);
  });
});
