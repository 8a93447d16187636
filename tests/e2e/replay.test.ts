import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  CONSOLE_INPUT,
  clickButton,
  gameUnderTest,
  kubectl,
  openGame,
  playSolo,
  seam,
} from "../support/game.ts";

const game = gameUnderTest();

/**
 * A ranked solo round of First Light (the week's board seed, the script's fault), played by its
 * playbook through the console: the lost node deleted, the report workers scaled down to make room.
 * Returns the stored round's id once it is stored.
 */
async function playRankedRound(): Promise<number> {
  const page = await playSolo(game.browser, game.server.url);
  try {
    await clickButton(page, "30×");
    await page.waitForFunction(
      () => window.__clusterCrisis.state?.nodes.find((n) => n.name === "node-a2")?.up === false,
      undefined,
      { timeout: 120_000 },
    );
    await clickButton(page, "1×");
    await kubectl(page, "kubectl delete node node-a2");
    await kubectl(page, "kubectl scale deploy/worker --replicas=12");
    await page.waitForFunction(() =>
      window.__clusterCrisis.state?.timeline.some((e) => e.command === "scale" && e.accepted),
    );
    await clickButton(page, "60×");
    await page.waitForFunction(() => window.__clusterCrisis.state?.phase === "debrief", undefined, {
      timeout: 120_000,
    });
    expect(await seam(page, (s) => [s.state!.outcome, s.state!.ranked])).toEqual(["resolved", true]);
    await page.waitForFunction(() => (window.__clusterCrisis.state?.score.resultId ?? 0) > 0);
    return seam(page, (s) => s.state!.score.resultId);
  } finally {
    await page.context().close();
  }
}

const replay = (page: Page) => seam(page, (s) => s.replay());

/** Clicks the replay's timeline at `share` (0 to 1) of its length. */
async function scrubTo(page: Page, share: number): Promise<void> {
  const track = (await replay(page))?.track;
  if (!track) throw new Error("no timeline on screen");
  await page.mouse.click(track.left.x + (track.right.x - track.left.x) * share, track.left.y);
}

describe("replays", () => {
  it("watches a ranked round from the leaderboard: scrubs to a moment, reads its pods, and verifies it", async () => {
    const roundId = await playRankedRound();
    // The server verifies the round by replay before it ranks: the board shows it then.
    await game.server.recorder.idle();
    const page = await openGame(game.browser, game.server.url);
    try {
      await clickButton(page, "LEADERBOARDS");
      await page.waitForFunction(() => (window.__clusterCrisis.leaderboard()?.items.length ?? 0) > 0);
      await clickButton(page, "First Light");
      await page.waitForFunction(() => window.__clusterCrisis.leaderboard()?.status === "ready");
      expect(await seam(page, (s) => s.leaderboard()!.rows.map((r) => r[1]))).toEqual(["Solo Tester"]);
      await page.screenshot({ path: `${ARTIFACTS}replay-leaderboard.png` });
      await clickButton(page, "WATCH");
      await page.waitForFunction(() => window.__clusterCrisis.replay()?.roundId !== undefined);
      expect((await replay(page))?.roundId).toBe(roundId);

      // The worker replays the round to its end and reaches the stored digest.
      await page.waitForFunction(() => window.__clusterCrisis.replay()?.integrity === "verified", undefined, {
        timeout: 120_000,
      });
      const seen = await replay(page);
      expect(seen?.integrityText).toContain("✓ verified");
      expect(seen?.reached).toBe(seen?.durationMs);
      // The cluster's lane has the incident; Solo Tester's lane has both actions.
      expect(seen?.lanes[0]?.marks).toBeGreaterThan(0);
      expect(seen?.lanes.find((l) => l.name === "Solo Tester")?.marks).toBe(2);

      // Scrub to the middle: the screen shows that moment.
      await scrubTo(page, 0.5);
      const middle = Math.round((seen?.durationMs ?? 0) / 2);
      await page.waitForFunction(
        (m) => Math.abs((window.__clusterCrisis.replay()?.shownAt ?? -1) - m) < 2_000,
        middle,
      );
      await page.waitForFunction(() => window.__clusterCrisis.eventLines().length > 0);

      // The console reads the replayed cluster at that moment; a change is refused.
      await page.keyboard.press("`");
      await page.waitForSelector(CONSOLE_INPUT, { state: "visible" });
      await page.fill(CONSOLE_INPUT, "kubectl get pods");
      await page.press(CONSOLE_INPUT, "Enter");
      await page.waitForFunction(() => document.querySelector(".cc-console")?.textContent?.includes("web-"));
      await page.fill(CONSOLE_INPUT, "kubectl cordon node-b1");
      await page.press(CONSOLE_INPUT, "Enter");
      await page.waitForFunction(() =>
        document.querySelector(".cc-console")?.textContent?.includes("read-only"),
      );
      await page.screenshot({ path: `${ARTIFACTS}replay-console.png` });
      await page.press(CONSOLE_INPUT, "`");
      await page.waitForSelector(CONSOLE_INPUT, { state: "hidden" });

      // Back to the start, then play at 20×: the playhead moves on.
      await scrubTo(page, 0);
      await page.waitForFunction(() => (window.__clusterCrisis.replay()?.shownAt ?? -1) < 1_000);
      await clickButton(page, "20×");
      await clickButton(page, "▶ PLAY");
      await page.waitForFunction(() => (window.__clusterCrisis.replay()?.shownAt ?? 0) > 5_000);
      expect((await replay(page))?.playing).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}replay-en.png` });
    } finally {
      await page.context().close();
    }

    // The shared link opens at its time, in Korean for a Korean player.
    const korean = await openGame(game.browser, `${game.server.url}?replay=${roundId}&t=130`, {
      lang: "ko",
      scene: "Replay",
    });
    try {
      await korean.waitForFunction(() => window.__clusterCrisis.replay()?.shownAt === 130_000);
      await korean.waitForFunction(
        () => window.__clusterCrisis.replay()?.integrity === "verified",
        undefined,
        {
          timeout: 120_000,
        },
      );
      expect((await replay(korean))?.integrityText).toContain("✓ 검증됨");
      await korean.screenshot({ path: `${ARTIFACTS}replay-ko.png` });
    } finally {
      await korean.context().close();
    }
  });

  it("says why a round cannot be watched: an id that names no ranked round", async () => {
    const page = await openGame(game.browser, `${game.server.url}?replay=424242&t=10`, { scene: "Replay" });
    try {
      await page.waitForFunction(() => window.__clusterCrisis.replay()?.integrity === "failed");
      expect((await replay(page))?.integrityText).toContain("no ranked round 424242");
    } finally {
      await page.context().close();
    }
  });
});
