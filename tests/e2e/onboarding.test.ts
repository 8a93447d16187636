import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  clickButton,
  clickNode,
  drawn,
  gameUnderTest,
  openGame,
  seam,
  startSolo,
} from "../support/game.ts";

const game = gameUnderTest();

const step = (page: Page, name: string) =>
  page.waitForFunction((s) => window.__clusterCrisis.guideStep() === s, name, { timeout: 60_000 });
const shown = (page: Page) => seam(page, (s) => s.texts().map((t) => t.text));
const guideDone = (page: Page) => page.evaluate(() => localStorage.getItem("clusterCrisis.guide"));

describe("a newcomer's first minute", { timeout: 240_000 }, () => {
  it("the briefing card comes before the clock: story, goal, roles and keys, with the cluster waiting", async () => {
    const page = await openGame(game.browser, game.server.url, { firstTime: true });
    try {
      await startSolo(page);
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Briefing");
      // The goal is worded from the scenario's objective once the scenario list arrives.
      await page.waitForFunction(() =>
        window.__clusterCrisis.texts().some((t) => t.text.startsWith("When the incident strikes")),
      );
      const state = await seam(page, (s) => s.state!);
      expect([state.phase, state.timeMs, state.round, state.scenarioId]).toEqual([
        "briefing",
        0,
        0,
        "first-incident",
      ]);
      const texts = await shown(page);
      expect(texts).toEqual(expect.arrayContaining(["THE STORY", "YOUR GOAL", "YOUR ROLES", "THE KEYS"]));
      expect(texts.find((t) => t.startsWith("When the incident strikes"))).toContain(
        "web answers 99% of requests",
      );
      // A solo player defends; the script, not the player, plays chaos.
      expect(texts).toEqual(expect.arrayContaining(["Scheduler", "Operator"]));
      expect(texts).not.toContain("Chaos agent");
      expect(texts.some((t) => t.startsWith("Chaos: the scenario's script"))).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}briefing.png` });

      await clickButton(page, "START THE CLOCK  ▶");
      await page.waitForFunction(
        () => window.__clusterCrisis.scene === "Incident" && (window.__clusterCrisis.state?.timeMs ?? 0) > 0,
      );
      expect(await seam(page, (s) => [s.state!.phase, s.state!.round])).toEqual(["live", 1]);
      // The solo player facilitates their own game, but the script plays chaos: their dock holds
      // their own tools, no facilitator's free injection.
      await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("SCHEDULER") !== null);
      await drawn(page);
      expect(await seam(page, (s) => s.buttonCenter("Inject (free)"))).toBeNull();
      expect(await shown(page)).not.toContain("Inject (free)");
      await page.screenshot({ path: `${ARTIFACTS}solo-dock.png` });
    } finally {
      await page.context().close();
    }
  });

  it("walks a first-time player through the guided incident, which ends with a node drained", async () => {
    const page = await openGame(game.browser, game.server.url, { firstTime: true });
    try {
      await startSolo(page);
      await clickButton(page, "START THE CLOCK  ▶");
      await step(page, "map");
      // Before the incident the objective panel says so, in the panel's own words.
      expect(await seam(page, (s) => s.scoreLines())).toContain("All quiet: the incident has not started");
      // The dock opens on the player's own tool: a solo player has no chaos deck.
      expect(await shown(page)).not.toContain("Chaos deck");
      await page.screenshot({ path: `${ARTIFACTS}guide-1-map.png` });

      await clickButton(page, "NEXT  ▶");
      await step(page, "died");
      // While the node lifecycle controller waits out its grace period, the guide fast-forwards.
      await page.waitForFunction(() => (window.__clusterCrisis.state?.speed ?? 1) > 1);
      await page.screenshot({ path: `${ARTIFACTS}guide-2-died.png` });

      await step(page, "card");
      const dead = await seam(page, (s) => s.state!.nodes.find((n) => !n.up)!);
      expect([dead.name, dead.ready]).toEqual(["node-a2", "Unknown"]);
      await page.waitForFunction(() => window.__clusterCrisis.state?.speed === 1);
      expect(
        (await seam(page, (s) => s.scoreLines())).some((line) => line.startsWith("Incident since")),
      ).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}guide-3-card.png` });

      await clickNode(page, "node-a2");
      await step(page, "menu");
      await page.screenshot({ path: `${ARTIFACTS}guide-4-menu.png` });

      await clickButton(page, "Drain");
      await step(page, "move");
      await page.waitForFunction(() =>
        window.__clusterCrisis.state?.timeline.some((e) => e.command === "drain" && e.accepted),
      );
      await page.screenshot({ path: `${ARTIFACTS}guide-5-move.png` });

      // The dead node's pods start elsewhere, the objective holds, and the round resolves.
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Debrief", null, { timeout: 90_000 });
      await step(page, "over");
      expect(await seam(page, (s) => s.state!.outcome)).toBe("resolved");
      const drained = await seam(page, (s) => s.state!.timeline.find((e) => e.command === "drain")!);
      expect([drained.node, drained.accepted]).toEqual(["node-a2", true]);
      await page.screenshot({ path: `${ARTIFACTS}guide-6-debrief.png` });
      expect(await guideDone(page)).toBeNull();
      await clickButton(page, "DONE");
      await page.waitForFunction(() => window.__clusterCrisis.guideStep() === null);
      expect(await guideDone(page)).toBe("done");

      // The next solo round is First Light, without a guide.
      await clickButton(page, "NEXT ROUND");
      await page.waitForFunction(
        () =>
          window.__clusterCrisis.scene === "Briefing" &&
          window.__clusterCrisis.state?.scenarioId === "first-light",
      );
    } finally {
      await page.context().close();
    }
  });

  it("the guide can be skipped, is then not offered again, and Settings plays it again", async () => {
    const page = await openGame(game.browser, game.server.url, { firstTime: true });
    try {
      await startSolo(page);
      await clickButton(page, "START THE CLOCK  ▶");
      await step(page, "map");
      await clickButton(page, "SKIP GUIDE");
      await page.waitForFunction(() => window.__clusterCrisis.guideStep() === null);
      expect(await guideDone(page)).toBe("done");

      // Another visit: the browser remembers the guide (localStorage), not the seat (this tab's session).
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await page.waitForFunction(() => window.__clusterCrisis?.scene === "Title", null, { timeout: 60_000 });
      await clickButton(page, "PLAY SOLO");
      await page.waitForFunction(
        () =>
          window.__clusterCrisis.scene === "Briefing" &&
          window.__clusterCrisis.state?.scenarioId === "first-light",
      );
      await clickButton(page, "◀  TITLE");
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Title");

      await clickButton(page, "SETTINGS");
      await clickButton(page, "PLAY IT AGAIN");
      await page.waitForFunction(
        () =>
          window.__clusterCrisis.scene === "Briefing" &&
          window.__clusterCrisis.state?.scenarioId === "first-incident",
      );
      await clickButton(page, "START THE CLOCK  ▶");
      await step(page, "map");
    } finally {
      await page.context().close();
    }
  });
});
