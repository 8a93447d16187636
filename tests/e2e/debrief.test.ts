import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  clickButton,
  drawn,
  endRound,
  gameUnderTest,
  kubectl,
  playSolo,
  seam,
} from "../support/game.ts";

const game = gameUnderTest();

/** Opens the game in `lang`, plays a solo round for a few game minutes with one cordon, and ends it. */
async function playRound(lang: "en" | "ko", labels: { end: string }): Promise<Page> {
  const page = await playSolo(game.browser, game.server.url, { lang });
  // A player action through the console, which every UI action echoes.
  await kubectl(page, "kubectl cordon node-b2");
  await page.waitForFunction(
    () => window.__clusterCrisis.state?.nodes.find((n) => n.name === "node-b2")?.unschedulable === true,
  );
  // A few game minutes at 30×, into the incident, so the SLO charts have a story to tell; the round
  // may also resolve, or fail as First Light's budget runs out, on its own by then (the seed varies),
  // or else the facilitator ends it.
  await clickButton(page, "30×");
  await page.waitForFunction(
    () => {
      const state = window.__clusterCrisis.state;
      return (state?.timeMs ?? 0) > 150_000 || state?.phase === "debrief";
    },
    undefined,
    { timeout: 60_000 },
  );
  if ((await seam(page, (s) => s.state!.phase)) === "live") await endRound(page, labels.end);
  await page.waitForFunction(() => window.__clusterCrisis.scene === "Debrief");
  await page.waitForFunction(() => (window.__clusterCrisis.debrief()?.lessons.length ?? 0) > 0);
  return page;
}

describe("the debrief", () => {
  it("shows the round's outcome, timeline, SLO charts and lessons, and takes the keyboard", async () => {
    const page = await playRound("en", { end: "END" });
    try {
      const state = await seam(page, (s) => ({
        phase: s.state!.phase,
        scenario: s.state!.scenarioId,
        timeline: s.state!.timeline.length,
        milestones: s.state!.milestones.length,
      }));
      expect(state.phase).toBe("debrief");
      const debrief = await seam(page, (s) => s.debrief()!);
      expect(debrief.outcome).toMatch(/^(Ended by the facilitator|Resolved in \d+:\d\d|Failed)$/);
      // Every player action and cluster milestone has a marker.
      expect(debrief.timelineEntries).toBe(state.timeline + state.milestones);
      expect(debrief.timelineEntries).toBeGreaterThanOrEqual(1);
      // The cordon taught its lesson, whatever the scenario's own are.
      expect(debrief.lessons).toContain("cordon");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}debrief-en.png` });

      // Tab reaches the verdict first, then each number, each with its explanation…
      await page.keyboard.press("Tab");
      const verdict = await seam(page, (s) => s.debrief()!);
      expect(verdict.focus).toBe("stat:outcome");
      expect(verdict.detail).not.toBe("");
      let focus = verdict.focus;
      for (let stats = 1; focus.startsWith("stat:") && stats < 10; stats++) {
        await page.keyboard.press("Tab");
        focus = await seam(page, (s) => s.debrief()!.focus);
      }
      // …then the first timeline marker (the cordon, unless a milestone came first), saying what it was.
      const first = await seam(page, (s) => s.debrief()!);
      expect(first.focus).toMatch(/^marker:/);
      expect(first.detail).not.toBe("");
      // Further Tabs reach the lesson cards; Enter folds the open one.
      for (let i = 1; i < debrief.timelineEntries; i++) await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      const lesson = await seam(page, (s) => s.debrief()!.focus);
      expect(lesson).toBe(`lesson:${debrief.lessons[0]}`);
      await page.keyboard.press("ArrowRight");
      expect(await seam(page, (s) => s.debrief()!.focus)).toMatch(/^marker:/);
      await page.screenshot({ path: `${ARTIFACTS}debrief-focus.png` });

      // Escape drops the focus; hovering a marker shows what it was instead of the hint.
      await page.keyboard.press("Escape");
      const idle = await seam(page, (s) => s.debrief()!);
      expect(idle.focus).toBe("");
      const hint = idle.detail;
      const last = idle.markers.at(-1)!;
      await page.mouse.move(last.x, last.y);
      await page.waitForFunction((h) => window.__clusterCrisis.debrief()?.detail !== h, hint);
      expect(await seam(page, (s) => s.debrief()!.detail)).toMatch(/^\d+:\d\d {2}/);

      // The facilitator (a solo player is one) starts the next round from here.
      // A solo round waits at its briefing card for the player to start the clock.
      await clickButton(page, "NEXT ROUND");
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Briefing");
    } finally {
      await page.close();
    }
  });

  it("speaks Korean", async () => {
    const page = await playRound("ko", { end: "종료" });
    try {
      expect(await seam(page, (s) => s.debrief()!.outcome)).toMatch(
        /^(진행자가 종료함|\d+:\d\d 만에 해결|실패)$/,
      );
      expect(await seam(page, (s) => s.buttonCenter("다음 라운드") !== null)).toBe(true);
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}debrief-ko.png` });
    } finally {
      await page.close();
    }
  });
});
