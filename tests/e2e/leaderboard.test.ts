import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardOf, boardSeed, periodOf } from "../../server/rounds/boards.ts";
import type { RoundResult } from "../../server/store/index.ts";
import {
  ARTIFACTS,
  clickButton,
  drawn,
  type GameUnderTest,
  seam,
  startGameUnderTest,
  stopGameUnderTest,
} from "../support/game.ts";

let server: GameUnderTest["server"];
let browser: Browser;

/** A finished, scripted round of `scenarioId` as the recorder would write it. */
const round = (
  scenarioId: string,
  team: string,
  members: string[],
  timeToRecoveryMs: number,
  budgetSpent: number,
  actions: number,
  finishedAt: string,
): RoundResult => ({
  scenarioId,
  scenarioVersion: 1,
  seed: 7,
  commandLog: [],
  durationMs: 600_000,
  scripted: true,
  worldHash: "0123abcd",
  team,
  members,
  outcome: "resolved",
  board: boardOf(scenarioId, periodOf(new Date())),
  timeToRecoveryMs,
  budgetSpent,
  actions,
  finishedAt: new Date(finishedAt),
});

const LONG_TEAM = [
  "Ada Lovelace",
  "Grace Hopper",
  "Margaret Hamilton",
  "Katherine Johnson",
  "Radia Perlman",
  "Barbara Liskov",
];

beforeAll(async () => {
  ({ server, browser } = await startGameUnderTest());
  const { store } = server;
  // Launch Day: two verified rounds (written straight to the store: this suite is about the screen)…
  for (const r of [
    round("launch-day", "Pager Pals", LONG_TEAM, 140_000, 0.1375, 12, "2026-11-21T15:30:00Z"),
    round("launch-day", "Night Owls", ["Ada", "민지", "Grace"], 95_000, 0.042, 7, "2026-11-20T10:00:00Z"),
  ]) {
    await store.markVerified(await store.saveRound(r));
  }
  // …and one the replay has not confirmed yet: it must not show.
  await store.saveRound(round("launch-day", "Unverified", ["Mallory"], 1_000, 0, 1, "2026-11-22T09:00:00Z"));
  // First Light: 23 verified rounds, a page and a bit.
  for (let i = 0; i < 23; i++) {
    const id = await store.saveRound(
      round(
        "first-light",
        `Team ${i + 1}`,
        [`Player ${i + 1}`],
        60_000 + i * 5_000,
        0.01 * i,
        3 + i,
        "2026-11-22T12:00:00Z",
      ),
    );
    await store.markVerified(id);
  }
  // The first puzzle: fewest moves, then fastest.
  for (const [player, moves, timeMs] of [
    ["Grace", 3, 10_000],
    ["Ada", 2, 40_000],
    ["민지", 2, 25_000],
  ] as const) {
    await store.savePuzzle({
      puzzleId: "first-fit",
      puzzleVersion: 1,
      player,
      moves,
      timeMs,
      stars: 3,
      finishedAt: new Date("2026-11-23T08:00:00Z"),
    });
  }
});

afterAll(async () => stopGameUnderTest({ server, browser }));

const board = (page: Page) => seam(page, (s) => s.leaderboard());

/** Waits until `name` (like "scenario:launch-day") is on screen and its fetch has settled. */
const settled = (page: Page, name: string, pageIndex = 0) =>
  page.waitForFunction(
    ([n, p]) => {
      const b = window.__clusterCrisis.leaderboard();
      return b?.board === n && b.page === p && b.status !== "loading" && b.status !== "idle";
    },
    [name, pageIndex] as const,
  );

async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

describe("the leaderboards", () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(server.url);
    await page.waitForFunction(() => window.__clusterCrisis?.scene === "Title");
  });
  afterAll(async () => page.close());

  it("the store refuses a name that is markup, so such a name can only ever arrive from elsewhere", async () => {
    await expect(
      server.store.saveRound(round("launch-day", "<b>Team</b>", ["x"], 1, 0, 1, "2026-11-22T09:00:00Z")),
    ).rejects.toThrow(/display name/);
  });

  it("opens from the title, shows Launch Day's verified rounds in rank order", async () => {
    await clickButton(page, "LEADERBOARDS");
    await page.waitForFunction(() => (window.__clusterCrisis.leaderboard()?.items.length ?? 0) > 0);
    expect(await seam(page, (s) => s.scene)).toBe("Leaderboard");
    expect(await seam(page, (s) => s.leaderboard()!.items)).toContain("Launch Day");

    await clickButton(page, "Launch Day");
    await settled(page, "scenario:launch-day");
    const shown = (await board(page))!;
    expect(shown.status).toBe("ready");
    expect(shown.hasPrevious).toBe(false);
    expect(shown.hasNext).toBe(false);
    // Fastest recovery first; the unverified round is not there.
    expect(shown.rows.map((r) => r.slice(0, 2))).toEqual([
      ["1", "Night Owls"],
      ["2", "Pager Pals"],
    ]);
    const [first, second] = shown.rows;
    expect(first!.slice(2, 6)).toEqual(["Ada, 민지, Grace", "1:35", "95.8%", "7"]);
    expect(first![6]).toMatch(/^Nov \d+, 2026$/);
    // 1 − 0.1375 = 86.25 % left, rounded half up.
    expect(second!.slice(3, 6)).toEqual(["2:20", "86.3%", "12"]);
    // Six members do not fit their column: the list is shortened, visibly.
    expect(second![2]).toMatch(/^Ada Lovelace, .*…$/);
  });

  it("draws a name that is markup literally, as text, never as HTML", async () => {
    // The store refuses such names (above); the screen must still be safe with whatever arrives.
    await page.route(
      (url) => decodeURIComponent(url.pathname) === "/api/leaderboards/scenario:launch-day",
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { rows: { team: string; members: string[] }[] };
        body.rows[1]!.team = "<b>Team</b>";
        body.rows[1]!.members = ['<img src=x onerror="window.__pwned=1">', "Ada"];
        await route.fulfill({ response, json: body });
      },
    );
    // A fresh page with the route in place: Title → Leaderboards → Launch Day, as a player goes.
    await page.goto(server.url);
    await page.waitForFunction(() => window.__clusterCrisis?.scene === "Title");
    await clickButton(page, "LEADERBOARDS");
    await page.waitForFunction(() => (window.__clusterCrisis.leaderboard()?.items.length ?? 0) > 0);
    await clickButton(page, "Launch Day");
    await page.waitForFunction(() => window.__clusterCrisis.leaderboard()?.rows[1]?.[1] === "<b>Team</b>");
    const rows = (await board(page))!.rows;
    expect(rows.map((r) => r[1])).toEqual(["Night Owls", "<b>Team</b>"]);
    expect(rows[1]![2]).toMatch(/^<img src=x/);
    expect(await page.evaluate(() => document.querySelectorAll("b, img").length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}leaderboard.png` });
    await page.unroute((url) => decodeURIComponent(url.pathname) === "/api/leaderboards/scenario:launch-day");
  });

  it("is keyboard operable: arrows choose and page, Enter opens, Tab switches lists, Esc goes back", async () => {
    const items = (await board(page))!.items;
    const from = items.indexOf("Launch Day");
    const to = items.indexOf("First Light");
    expect(to).toBeGreaterThanOrEqual(0);
    await press(page, to < from ? "ArrowUp" : "ArrowDown", Math.abs(from - to));
    await press(page, "Enter");
    await settled(page, "scenario:first-light");
    let shown = (await board(page))!;
    expect(shown.rows).toHaveLength(20);
    expect(shown.rows.map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(shown.rows[0]!.slice(1, 4)).toEqual(["Team 1", "Player 1", "1:00"]);
    expect(shown.hasNext).toBe(true);
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}leaderboard-full-page.png` });

    await press(page, "ArrowRight");
    await settled(page, "scenario:first-light", 1);
    shown = (await board(page))!;
    expect(shown.rows.map((r) => r.slice(0, 2))).toEqual([
      ["21", "Team 21"],
      ["22", "Team 22"],
      ["23", "Team 23"],
    ]);
    expect(shown.hasPrevious).toBe(true);
    expect(shown.hasNext).toBe(false);
    await press(page, "ArrowRight"); // nothing past the last page
    await clickButton(page, "◀  PREV");
    await settled(page, "scenario:first-light", 0);
    expect((await board(page))!.rows).toHaveLength(20);

    // A scenario nobody has finished: the empty state.
    const empty = items.find((title) => title !== "Launch Day" && title !== "First Light")!;
    await clickButton(page, empty);
    await page.waitForFunction((title) => {
      const b = window.__clusterCrisis.leaderboard();
      return b?.items[b.selected] === title && b.status === "empty";
    }, empty);
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}leaderboard-empty.png` });

    // Puzzles, while the server has no puzzle list yet (a 404): a calm "no puzzles yet".
    await page.route("**/api/puzzles", (route) =>
      route.fulfill({ status: 404, body: "Cannot GET /api/puzzles" }),
    );
    await press(page, "Tab");
    await page.waitForFunction(() => {
      const b = window.__clusterCrisis.leaderboard();
      return b?.tab === "puzzles" && b.status === "idle" && b.items.length === 0;
    });
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}leaderboard-no-puzzles.png` });
    await press(page, "Tab");
    await page.waitForFunction(() => window.__clusterCrisis.leaderboard()?.tab === "scenarios");

    // Once the server lists puzzles, the tab asks again and shows their boards.
    await page.unroute("**/api/puzzles");
    await press(page, "Tab");
    await settled(page, "puzzle:first-fit");
    shown = (await board(page))!;
    expect(shown.items.length).toBeGreaterThan(10);
    expect(shown.items[0]).toBe("First fit");
    expect(shown.rows.map((r) => r.slice(0, 4))).toEqual([
      ["1", "민지", "2", "0:25"],
      ["2", "Ada", "2", "0:40"],
      ["3", "Grace", "3", "0:10"],
    ]);
    // The list scrolls to keep the choice in view.
    await press(page, "End");
    await page.waitForFunction(() => {
      const b = window.__clusterCrisis.leaderboard();
      return b !== null && b.selected === b.items.length - 1 && b.status === "empty";
    });
    await press(page, "Home");
    await settled(page, "puzzle:first-fit");
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}leaderboard-puzzles.png` });
    await press(page, "Tab");
    await page.waitForFunction(() => window.__clusterCrisis.leaderboard()?.tab === "scenarios");

    await press(page, "Escape");
    await page.waitForFunction(() => window.__clusterCrisis.scene === "Title");
    expect(await seam(page, (s) => s.leaderboard())).toBeNull();
  });
});

describe("a scenario's board is this week's, on one seed (issue 15 item 6, issue 18 item 8)", () => {
  it("says which seed the board ranks, plays it under the name asked once, and practises another unranked", async () => {
    const period = periodOf(new Date());
    // One browser profile (its storage shared by its tabs), as a player's own browser.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error("page error:", error.message));
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => window.__clusterCrisis?.scene === "Title");
      await clickButton(page, "LEADERBOARDS");
      await page.waitForFunction(() => (window.__clusterCrisis.leaderboard()?.items.length ?? 0) > 0);
      await clickButton(page, "Launch Day");
      await settled(page, "scenario:launch-day");
      expect((await board(page))!.week).toBe(
        `Week ${period} · every team plays seed ${boardSeed("launch-day", period)}`,
      );
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}leaderboard-week.png` });

      // The first solo round asks for the name; the board's seed is the server's.
      await clickButton(page, "PLAY THIS BOARD");
      await page.fill(".cc-form input[name=name]", "Ada");
      await page.press(".cc-form input[name=name]", "Enter");
      // The briefing card comes before the clock.
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Briefing");
      await clickButton(page, "START THE CLOCK  ▶");
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Incident");
      await page.waitForFunction(() => (window.__clusterCrisis.state?.nodes.length ?? 0) > 0);
      expect(
        await seam(page, (s) => ({
          scenario: s.state!.scenarioId,
          seed: s.state!.seed,
          players: s.state!.players.map((p) => p.name),
        })),
      ).toEqual({ scenario: "launch-day", seed: boardSeed("launch-day", period), players: ["Ada"] });

      // Another tab of the same browser remembers the name: practice asks only for a seed.
      const again = await context.newPage();
      try {
        await again.goto(server.url);
        await again.waitForFunction(() => window.__clusterCrisis?.scene === "Title");
        await clickButton(again, "LEADERBOARDS");
        await again.waitForFunction(() => (window.__clusterCrisis.leaderboard()?.items.length ?? 0) > 0);
        await clickButton(again, "First Light");
        await settled(again, "scenario:first-light");
        await clickButton(again, "PRACTICE A SEED");
        await again.waitForSelector(".cc-form input[name=seed]");
        expect(await again.locator(".cc-form input[name=name]").count()).toBe(0);
        await again.fill(".cc-form input[name=seed]", "42");
        await again.press(".cc-form input[name=seed]", "Enter");
        await again.waitForFunction(() => window.__clusterCrisis.scene === "Briefing");
        await clickButton(again, "START THE CLOCK  ▶");
        await again.waitForFunction(
          () =>
            window.__clusterCrisis.scene === "Incident" &&
            (window.__clusterCrisis.state?.nodes.length ?? 0) > 0,
        );
        expect(
          await seam(again, (s) => ({
            scenario: s.state!.scenarioId,
            seed: s.state!.seed,
            boardSeed: s.state!.boardSeed,
            players: s.state!.players.map((p) => p.name),
          })),
        ).toEqual({
          scenario: "first-light",
          seed: 42,
          boardSeed: boardSeed("first-light", period),
          players: ["Ada"],
        });
      } finally {
        await again.close();
      }
    } finally {
      await context.close();
    }
  });
});
