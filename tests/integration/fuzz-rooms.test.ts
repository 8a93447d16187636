/**
 * The room fuzzer, short (issue 18, "and keep it so"; `npm run fuzz:rooms` runs it long): hostile
 * clients throw random and adversarial sequences of every message type at a workshop, a solo round
 * and a puzzle on a server process of their own, while honest workshops play beside them.
 * FUZZ_SEED=<n> runs another seed (a failure prints its seed).
 */
import { describe, expect, it } from "vitest";
import { fuzzRooms } from "../fuzz/fuzzer.ts";
import { COMMAND_TYPES, INCIDENT_TYPES, PUZZLE_TYPES } from "../fuzz/messages.ts";

// One seed, so npm test is repeatable; `npm run fuzz:rooms` explores fresh seeds.
const seed = process.env.FUZZ_SEED === undefined ? 1 : Number(process.env.FUZZ_SEED);

describe("the room fuzzer", () => {
  it("hostile clients cannot crash the server, break a World or stall the honest rooms", async () => {
    const report = await fuzzRooms({
      seed,
      messages: 1_500,
      groups: 1,
      honest: 2,
      burst: 4,
      maxSeconds: 150,
    });
    const about = `(seed ${seed}: FUZZ_SEED=${seed} replays it)`;
    expect(report.crash, `the server process ended ${about}`).toBe("");
    expect(report.crashes, about).toBe(0);
    expect(report.invariantBreaks, `a World broke an invariant ${about}`).toEqual([]);
    expect(report.honestStalls, `an honest room stopped ticking ${about}`).toEqual([]);
    expect(report.stoppedBy, about).toBe("messages");
    expect(report.messagesSent).toBeGreaterThanOrEqual(1_500);
    // Every message type of both rooms and every command of the game was thrown at least once.
    const missing = [...INCIDENT_TYPES, ...PUZZLE_TYPES, ...COMMAND_TYPES.map((t) => `command:${t}`)].filter(
      (t) => !report.typesSent.has(t),
    );
    expect(missing, about).toEqual([]);
    // The rooms refused what they should, and still did what was asked right.
    expect(report.refusals.get("invalid_payload") ?? 0, about).toBeGreaterThan(0);
    expect(report.refusals.get("unknown_type") ?? 0, about).toBeGreaterThan(0);
    expect(report.commandsAccepted, about).toBeGreaterThan(0);
  });
});
