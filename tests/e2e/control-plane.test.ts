import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { incidentLayout } from "../../client/ui/layout.ts";
import {
  ARTIFACTS,
  clickButton,
  drawn,
  gameUnderTest,
  hostWorkshop,
  nextFrames,
  openGame,
  playSolo,
  seam,
  startScenario,
} from "../support/game.ts";

const game = gameUnderTest();

function soloRound(lang: "en" | "ko", reduced: boolean): Promise<Page> {
  return playSolo(game.browser, game.server.url, { lang, motion: reduced ? "reduced" : "full" });
}

const clip = incidentLayout.controlPlane;

describe("the control-plane panel", { timeout: 180_000 }, () => {
  it("shows etcd's members with their logs, Raft messages in flight, the API servers' load and the scheduler", async () => {
    const page = await soloRound("en", false);
    try {
      await page.waitForFunction(() => {
        const s = window.__clusterCrisis.state;
        return (
          s !== null &&
          s.raftMessages.length > 0 &&
          s.controlPlane.apiCapacity > 0 &&
          s.etcd.some((m) => m.role === "leader" && m.commitIndex > 0)
        );
      });
      const state = await seam(page, (s) => s.state!);
      expect(state.etcd.every((m) => m.lastIndex >= m.commitIndex)).toBe(true);
      expect(state.controlPlane.schedulerLeader).not.toBe("");
      // Two frames apart: the dots move between server ticks.
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}control-plane-en.png`, clip });
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}control-plane-en-2.png`, clip });
      await page.screenshot({ path: `${ARTIFACTS}control-plane-incident.png` });
    } finally {
      await page.close();
    }
  });

  it("draws a member stopped by the chaos agent crossed out, and the election that follows", async () => {
    // A workshop whose host plays chaos (a solo player defends; the script plays chaos for them).
    const page = await openGame(game.browser, game.server.url, { motion: "full" });
    try {
      await hostWorkshop(page, "Gremlin");
      await clickButton(page, "role:chaos");
      await page.waitForFunction(() =>
        window.__clusterCrisis.state?.players.some((p) => p.roles.includes("chaos")),
      );
      await clickButton(page, "OPEN BRIEFING");
      await clickButton(page, "START ROUND");
      await page.waitForFunction(
        () =>
          window.__clusterCrisis.scene === "Incident" &&
          (window.__clusterCrisis.state?.nodes.length ?? 0) > 0,
      );
      await page.waitForFunction(() => window.__clusterCrisis.state?.etcd.some((m) => m.role === "leader"));
      const leader = await seam(page, (s) => s.state!.etcd.find((m) => m.role === "leader")!.name);
      // The third card of first-light's deck stops an etcd member; its menu names each one with its role.
      const item = `${leader}  (leader)`;
      // The deck takes its keys once its cards are dealt (drawn as buttons): then 3 opens the third card.
      const third = await seam(page, (s) => `card:${s.state!.cards[2]!.id}`);
      await page.waitForFunction((c) => window.__clusterCrisis.buttonCenter(c) !== null, third);
      await nextFrames(page);
      await page.keyboard.press("3");
      await clickButton(page, item);
      await page.waitForFunction(
        (name) => window.__clusterCrisis.state?.etcd.find((m) => m.name === name)?.role === "down",
        leader,
      );
      await page.screenshot({ path: `${ARTIFACTS}control-plane-election.png`, clip });
      // The played card cools down: its seconds show in its corner, clear of its icon (drawn at the
      // card's middle, under a sweep 21 px round; the window is 1280 wide, so page = game coordinates).
      const card = await page.waitForFunction((c) => window.__clusterCrisis.buttonCenter(c), third);
      const middle = (await card.jsonValue()) as { x: number; y: number };
      const timer = await page.waitForFunction(
        (at) =>
          window.__clusterCrisis
            .texts()
            .find(
              (box) => /^\d+s$/.test(box.text) && Math.abs(box.x - at.x) < 60 && Math.abs(box.y - at.y) < 60,
            ),
        middle,
      );
      const seconds = (await timer.jsonValue()) as { x: number };
      expect(seconds.x).toBeGreaterThanOrEqual(middle.x + 21);
      await page.waitForFunction(
        (name) => window.__clusterCrisis.state?.etcd.some((m) => m.name !== name && m.role === "leader"),
        leader,
      );
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}control-plane-new-leader.png`, clip });
    } finally {
      await page.close();
    }
  });

  it("Zone Down's etcd answers reads from the leader's lease, and the panel says so", async () => {
    const page = await openGame(game.browser, game.server.url, { motion: "full" });
    try {
      await hostWorkshop(page, "Lease");
      await startScenario(page, "zone-down");
      await page.waitForFunction(() => window.__clusterCrisis.state?.controlPlane.etcdReads === "leaseBased");
      // The round opens on a led etcd (it has run before the incident).
      expect(await seam(page, (s) => s.state!.etcd.some((m) => m.role === "leader"))).toBe(true);
      await page.waitForFunction(() =>
        window.__clusterCrisis.texts().some((box) => box.text.startsWith("reads: leader lease · ")),
      );
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}control-plane-lease-reads.png`, clip });
    } finally {
      await page.close();
    }
  });

  it("in Korean, the etcd menu names each member's role and term in Korean", async () => {
    const page = await soloRound("ko", true);
    try {
      await page.waitForFunction(() => window.__clusterCrisis.state?.etcd.some((m) => m.role === "leader"));
      await clickButton(page, "etcd 관리 ▾");
      const hint = await page.waitForFunction(() =>
        window.__clusterCrisis.texts().find((box) => /^리더 · 임기 \d+$/.test(box.text)),
      );
      expect(((await hint.jsonValue()) as { text: string }).text).toMatch(/^리더 · 임기 \d+$/);
      expect(await seam(page, (s) => s.texts().some((box) => / · term \d+$/.test(box.text)))).toBe(false);
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}etcd-menu-ko.png` });
      await page.keyboard.press("Escape");
    } finally {
      await page.close();
    }
  });

  it("in Korean and with reduced motion, holds the messages still", async () => {
    const page = await soloRound("ko", true);
    try {
      await page.waitForFunction(() => (window.__clusterCrisis.state?.raftMessages.length ?? 0) > 0);
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}control-plane-ko.png`, clip });
    } finally {
      await page.close();
    }
  });
});
