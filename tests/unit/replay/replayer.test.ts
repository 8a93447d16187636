import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Replayer } from "../../../client/replay/replayer.ts";
import { scenarioCatalog } from "../../../server/rooms/catalog.ts";
import { parseWorldCommandLog, runWorld } from "../../../shared/sim/world/runner.ts";

/** First Light played by its playbook for three minutes: a round with commands, a fault and a recovery. */
const scenario = scenarioCatalog.get("first-light");
if (scenario === undefined) throw new Error("first-light is missing");
const commands = parseWorldCommandLog(readFileSync("shared/scenarios/playbooks/first-light.jsonl", "utf8"));
const round = { seed: 4242, scripted: true, durationMs: 180_000, commands };

describe("Replayer: a stored round on the World, in the browser's worker", () => {
  it("reaches the digest the server computes for the round (runWorld), with the same score", () => {
    const replayer = new Replayer(scenario, round, { keyframeEveryMs: 10_000 });
    replayer.playOn(round.durationMs);
    const server = runWorld(scenario, round.seed, commands, round.durationMs);
    expect(replayer.done).toBe(true);
    expect(replayer.refused).toBe(0);
    expect(replayer.digest()).toBe(server.hash);
    expect(replayer.scoreAt(round.durationMs)).toEqual(server.score);
    expect(replayer.keyframeCount).toBe(19);
    expect(replayer.milestones.some((m) => m.kind === "incidentStart")).toBe(true);
  });

  it("shows, after scrubbing back and forth, the same cluster as playing straight to the moment", () => {
    const replayer = new Replayer(scenario, round, { keyframeEveryMs: 10_000 });
    replayer.playOn(round.durationMs);
    // Forwards, backwards, onto a key frame, between two, onto a command's instant.
    for (const t of [130_000, 20_000, 170_500, 60_000, 60_001, 0, commands[0]?.at ?? 5_000, 179_999]) {
      const straight = runWorld(scenario, round.seed, commands, t);
      const scrubbed = replayer.worldAt(t);
      expect(scrubbed.now).toBe(t);
      expect(scrubbed.hash(), `at ${t} ms`).toBe(straight.hash);
    }
  });

  it("plays on without a key frame when the moment is just ahead, and restores one to go back", () => {
    const replayer = new Replayer(scenario, round);
    replayer.playOn(60_000);
    replayer.worldAt(30_000);
    expect(replayer.restoresFor(35_000)).toBe(false);
    expect(replayer.restoresFor(25_000)).toBe(true);
    expect(replayer.restoresFor(55_000)).toBe(true);
  });

  it("finds a replay of another seed off the round's digest", () => {
    const other = new Replayer(scenario, { ...round, seed: 4243 });
    other.playOn(round.durationMs);
    expect(other.digest()).not.toBe(runWorld(scenario, round.seed, commands, round.durationMs).hash);
  });
});
