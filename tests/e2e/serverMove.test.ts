import { existsSync, mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_DIST } from "../../server/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { ownerPort, startCluster, type TestCluster } from "../support/cluster.ts";
import { ARTIFACTS, clickButton, drawn, endRound, hostWorkshop, openGame, seam } from "../support/game.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

/** A takeover replays the round first: on a busy machine that takes a while. */
const MOVE_LIMIT_MS = 150_000;

/** Whether the page draws a text that reads exactly `text` now. */
const shows = (page: Page, text: string) =>
  page.waitForFunction((t) => window.__clusterCrisis.texts().some((b) => b.text === t), text, {
    timeout: MOVE_LIMIT_MS,
  });

/**
 * What a player sees when the game-server process running their workshop dies: a real browser on
 * a local cluster of two processes (real redis-server and PostgreSQL, behind the entry proxy, as
 * `npm run start:cluster` runs it); the process holding the workshop is killed with SIGKILL.
 */
describe("the workshop's server moves under a player", () => {
  let postgres: TestPostgres;
  let cluster: TestCluster;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CLIENT_DIST))
      throw new Error("The client is not built: run `npm run build` first (npm test does).");
    mkdirSync(ARTIFACTS, { recursive: true });
    postgres = await startPostgres();
    cluster = await startCluster({ processes: 2, databaseUrl: postgres.url });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
    await postgres?.stop();
  });

  it("shows 'server moved — reconnecting', then the same round again, and the debrief marks the gap", async () => {
    const sockets: string[] = [];
    const page = await openGame(browser, `http://127.0.0.1:${cluster.proxyPort}/`);
    page.on("websocket", (ws) => sockets.push(ws.url()));
    const code = await hostWorkshop(page, "Mover");
    await clickButton(page, "OPEN BRIEFING");
    await clickButton(page, "START ROUND");
    await page.waitForFunction(
      () =>
        window.__clusterCrisis.scene === "Incident" && (window.__clusterCrisis.state?.timeMs ?? 0) > 10_000,
      undefined,
      { timeout: MOVE_LIMIT_MS },
    );
    const round = await seam(page, (s) => s.state!.round);

    // The process the player's socket goes to (through the entry proxy) dies, as a crash would.
    const owner = cluster.processes.find((p) => p.port === ownerPort(sockets.at(-1)))!;
    await owner.kill();
    const lastSeen = await seam(page, (s) => s.state!.timeMs);
    await shows(page, "Server moved — reconnecting…");
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}server-moved-en.png` });

    // Back: the same workshop and round, from where it stood, on the other process.
    await shows(page, "✓ Back in the workshop");
    await page.waitForFunction((seen) => (window.__clusterCrisis.state?.timeMs ?? 0) > seen, lastSeen, {
      timeout: MOVE_LIMIT_MS,
    });
    const after = await seam(page, (s) => ({
      code: s.state!.joinCode,
      round: s.state!.round,
      phase: s.state!.phase,
      scene: s.scene,
      moves: s.state!.moves.length,
    }));
    expect(after).toEqual({ code, round, phase: "live", scene: "Incident", moves: 1 });
    expect(ownerPort(sockets.at(-1))).not.toBe(owner.port);
    const kinds = await seam(page, (s) =>
      s.notices.map((n) => n.kind).filter((k) => k === "moving" || k === "moved"),
    );
    expect(kinds[0]).toBe("moving");
    expect(kinds.at(-1)).toBe("moved");

    // The round went on once the player was back: the gap is known, and the debrief's timeline marks it.
    await page.waitForFunction(() => (window.__clusterCrisis.state?.moves[0]?.gapMs ?? 0) > 0, undefined, {
      timeout: MOVE_LIMIT_MS,
    });
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}server-moved-back-en.png` });
    // The card goes a moment after it says so (it takes the clicks while it shows).
    await page.waitForFunction(
      () => !window.__clusterCrisis.texts().some((b) => b.scene === "ServerMove"),
      undefined,
      {
        timeout: MOVE_LIMIT_MS,
      },
    );
    await endRound(page);
    await page.waitForFunction(() => window.__clusterCrisis.scene === "Debrief", undefined, {
      timeout: MOVE_LIMIT_MS,
    });
    const moves = await seam(page, (s) => s.debrief()!.moves);
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatch(
      /^\d+:\d\d {2}The game server moved: the round stood still for \d+ s, not counted against the team$/,
    );
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}server-moved-debrief-en.png` });
  });
});
