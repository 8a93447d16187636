import { describe, expect, it } from "vitest";
import { MAX_PLAYERS, MAX_SPECTATORS, type Phase, Workshop } from "../../server/rooms/workshop.ts";
import type { ClientMessage, RoundControlType } from "../../shared/protocol/messages.ts";

/** A workshop with a facilitator "f" and a player "p", brought to `phase` (and paused if asked). */
function workshopIn(phase: Phase, paused = false): Workshop {
  const w = new Workshop({ solo: false, seed: 1, scenario: "first-light" });
  w.join("f", "Facilitator");
  w.join("p", "Player");
  const steps: Partial<Record<Phase, RoundControlType[]>> = {
    briefing: ["openBriefing"],
    live: ["openBriefing", "startRound"],
    debrief: ["openBriefing", "startRound", "endRound"],
  };
  for (const step of steps[phase] ?? []) expect(w.control("f", step, {} as never)).toEqual({ ok: true });
  if (paused) expect(w.control("f", "pause", {})).toEqual({ ok: true });
  return w;
}

const payloads: { [T in RoundControlType]: ClientMessage<T> } = {
  chooseRoles: { roles: ["operator"] },
  assignRoles: { player: "p", roles: ["chaos"] },
  lockRoles: { locked: true },
  setSeed: { seed: 5 },
  chooseScenario: { scenario: "launch-day" },
  openBriefing: {},
  startRound: {},
  pause: {},
  resume: {},
  setSpeed: { speed: 5 },
  endRound: {},
  kick: { player: "p" },
  highlight: { target: "node/node-a1", on: true },
  clearHighlights: {},
  showLesson: { lesson: "evictionWait" },
};

// What the facilitator may do in each phase: "ok", or the refusal's code.
const facilitatorTable: [
  RoundControlType,
  Record<"lobby" | "briefing" | "live" | "paused" | "debrief", string>,
][] = [
  ["chooseRoles", { lobby: "ok", briefing: "ok", live: "wrong_phase", paused: "wrong_phase", debrief: "ok" }],
  ["assignRoles", { lobby: "ok", briefing: "ok", live: "wrong_phase", paused: "wrong_phase", debrief: "ok" }],
  ["lockRoles", { lobby: "ok", briefing: "ok", live: "ok", paused: "ok", debrief: "ok" }],
  ["setSeed", { lobby: "ok", briefing: "ok", live: "wrong_phase", paused: "wrong_phase", debrief: "ok" }],
  [
    "openBriefing",
    { lobby: "ok", briefing: "wrong_phase", live: "wrong_phase", paused: "wrong_phase", debrief: "ok" },
  ],
  [
    "startRound",
    {
      lobby: "wrong_phase",
      briefing: "ok",
      live: "wrong_phase",
      paused: "wrong_phase",
      debrief: "wrong_phase",
    },
  ],
  [
    "pause",
    {
      lobby: "wrong_phase",
      briefing: "wrong_phase",
      live: "ok",
      paused: "wrong_phase",
      debrief: "wrong_phase",
    },
  ],
  [
    "resume",
    {
      lobby: "wrong_phase",
      briefing: "wrong_phase",
      live: "wrong_phase",
      paused: "ok",
      debrief: "wrong_phase",
    },
  ],
  ["setSpeed", { lobby: "ok", briefing: "ok", live: "ok", paused: "ok", debrief: "ok" }],
  [
    "endRound",
    { lobby: "wrong_phase", briefing: "wrong_phase", live: "ok", paused: "ok", debrief: "wrong_phase" },
  ],
  ["kick", { lobby: "ok", briefing: "ok", live: "ok", paused: "ok", debrief: "ok" }],
  [
    "highlight",
    {
      lobby: "wrong_phase",
      briefing: "wrong_phase",
      live: "wrong_phase",
      paused: "ok",
      debrief: "wrong_phase",
    },
  ],
  [
    "clearHighlights",
    {
      lobby: "wrong_phase",
      briefing: "wrong_phase",
      live: "wrong_phase",
      paused: "ok",
      debrief: "wrong_phase",
    },
  ],
  [
    "showLesson",
    {
      lobby: "wrong_phase",
      briefing: "wrong_phase",
      live: "wrong_phase",
      paused: "wrong_phase",
      debrief: "ok",
    },
  ],
];

const situations = [
  ["lobby", "lobby", false],
  ["briefing", "briefing", false],
  ["live", "live", false],
  ["paused", "live", true],
  ["debrief", "debrief", false],
] as const;

describe("the round's lifecycle: which facilitator control each phase allows", () => {
  for (const [control, expected] of facilitatorTable) {
    for (const [name, phase, paused] of situations) {
      it(`${control} in ${name} → ${expected[name]}`, () => {
        const w = workshopIn(phase, paused);
        const verdict = w.control("f", control, payloads[control] as never);
        expect(verdict.ok ? "ok" : verdict.code).toBe(expected[name]);
      });
    }
  }
});

describe("authority: a player who does not facilitate cannot steer the round", () => {
  const facilitatorOnly = facilitatorTable.map(([c]) => c).filter((c) => c !== "chooseRoles");
  it.each(facilitatorOnly)("%s is refused as forbidden and changes nothing", (control) => {
    const w = workshopIn("live");
    const before = JSON.stringify({
      phase: w.phase,
      paused: w.paused,
      speed: w.speed,
      players: [...w.players.keys()],
    });
    const verdict = w.control("p", control, payloads[control] as never);
    expect(verdict).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      JSON.stringify({ phase: w.phase, paused: w.paused, speed: w.speed, players: [...w.players.keys()] }),
    ).toBe(before);
  });

  it("cluster commands need the role and a live, unpaused round", () => {
    const w = workshopIn("lobby");
    expect(w.authorizeCommand("p", "cordon")).toMatchObject({ code: "wrong_phase" });
    w.control("p", "chooseRoles", { roles: ["scheduler"] });
    w.control("f", "openBriefing", {});
    w.control("f", "startRound", {});
    expect(w.authorizeCommand("p", "cordon")).toMatchObject({ code: "forbidden" });
    w.control("f", "pause", {});
    expect(w.authorizeCommand("f", "cordon")).toMatchObject({ code: "wrong_phase" });
  });
});

describe("seats", () => {
  it(`holds ${MAX_PLAYERS} players and ${MAX_SPECTATORS} spectators, no more`, () => {
    const w = new Workshop({ solo: false, seed: 1, scenario: "first-light" });
    for (let i = 0; i < MAX_PLAYERS; i++) expect(w.join(`p${i}`, `P${i}`)).toEqual({ ok: true });
    expect(w.join("late", "Late")).toMatchObject({ ok: false, code: "forbidden" });
    for (let i = 0; i < MAX_SPECTATORS; i++)
      expect(w.join(`s${i}`, `S${i}`, { spectator: true })).toEqual({ ok: true });
    expect(w.join("s-late", "S late", { spectator: true })).toMatchObject({ ok: false });
  });

  it("passes the facilitator's role to the longest-present player, never to a spectator", () => {
    const w = new Workshop({ solo: false, seed: 1, scenario: "first-light" });
    w.join("f", "F");
    w.join("watcher", "W", { spectator: true });
    w.join("a", "A");
    w.join("b", "B");
    w.leave("f");
    expect(w.facilitator).toBe("a");
  });

  it("with only spectators left, the next player to join facilitates, never a spectator", () => {
    const w = new Workshop({ solo: false, seed: 1, scenario: "first-light" });
    w.join("f", "F");
    w.join("projector", "Projector", { spectator: true });
    w.leave("f");
    expect(w.facilitator).toBeNull();
    w.join("observer", "Observer", { spectator: true });
    expect(w.facilitator).toBeNull();
    w.join("f2", "F");
    expect(w.facilitator).toBe("f2");
    expect(w.control("f2", "openBriefing", {})).toEqual({ ok: true });
    w.join("late", "Late");
    expect(w.facilitator).toBe("f2");
  });

  it("refuses a name another player already has, however it is spelled", () => {
    const w = new Workshop({ solo: false, seed: 1, scenario: "first-light" });
    w.join("a", "Host");
    for (const name of ["host", "HOST", "\u041d\u041e\u0405\u0422"])
      expect(w.join(`b-${name}`, name)).toMatchObject({
        ok: false,
        reason: expect.stringContaining("already taken"),
      });
    expect(w.players.size).toBe(1);
  });

  it("solo: one person defending against the script, at the briefing until they start the clock", () => {
    const w = new Workshop({ solo: true, seed: 1, scenario: "first-light" });
    w.join("me", "Me");
    expect([w.phase, [...w.players.get("me")!.roles].sort()]).toEqual([
      "briefing",
      ["operator", "scheduler"],
    ]);
    expect(w.unclaimedRoles()).toEqual(["chaos"]);
    expect(w.join("other", "Other")).toMatchObject({ ok: false });
    expect(w.control("me", "startRound", {})).toEqual({ ok: true });
    expect([w.phase, w.round]).toEqual(["live", 1]);
    // The script plays chaos: the solo player, facilitator of their own game, injects no faults.
    expect(w.authorizeCommand("me", "injectFault")).toMatchObject({
      ok: false,
      code: "forbidden",
      reason: expect.stringContaining("script plays chaos"),
    });
    expect(w.injectsAsFacilitator("me")).toBe(false);
    expect(w.authorizeCommand("me", "drain")).toEqual({ ok: true });
  });

  it("goes back to 1× when a round ends; a speed chosen during the briefing is kept for the round", () => {
    const w = new Workshop({ solo: true, seed: 1, scenario: "launch-day" });
    w.join("me", "Me");
    w.control("me", "startRound", {});
    w.control("me", "setSpeed", { speed: 10 });
    w.control("me", "endRound", {});
    expect(w.speed).toBe(1);
    w.control("me", "openBriefing", {});
    w.control("me", "setSpeed", { speed: 2 });
    w.control("me", "startRound", {});
    expect(w.speed).toBe(2);
  });

  it("names the roles nobody holds, for the built-in controllers to play", () => {
    const w = workshopIn("lobby");
    w.control("p", "chooseRoles", { roles: ["operator"] });
    expect(w.unclaimedRoles()).toEqual(["scheduler", "chaos"]);
  });
});
