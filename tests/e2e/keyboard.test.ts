import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  clickButton,
  drawn,
  gameUnderTest,
  hostWorkshop,
  openGame,
  seam,
} from "../support/game.ts";

const game = gameUnderTest();

/** Presses Tab until the focus ring is on `label` (at most once round every control of the screen). */
async function tabTo(page: Page, label: string): Promise<void> {
  for (let presses = 0; presses < 16; presses++) {
    if ((await seam(page, (s) => s.focused())) === label) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${label}; the ring is on ${await seam(page, (s) => s.focused())}`);
}

describe("keyboard only", () => {
  it("joins a workshop by code, takes a role, and cordons a node without the mouse", async () => {
    const host = await openGame(game.browser, game.server.url);
    const guest = await openGame(game.browser, game.server.url);
    try {
      // The host may use the mouse: only the guest's part is keyboard-only.
      const code = await hostWorkshop(host, "Facilitator");

      // Title → the join form, with Tab and Enter.
      await tabTo(guest, "JOIN WITH A CODE");
      await drawn(guest);
      await guest.screenshot({ path: `${ARTIFACTS}keyboard-title-focus.png` });
      await guest.keyboard.press("Enter");
      await guest.waitForFunction(() => document.activeElement?.getAttribute("name") === "code");
      // One ring at a time: the form's field has it, the button behind the form no longer does.
      expect(await seam(guest, (s) => s.focusRings())).toEqual(["page:code"]);
      await guest.keyboard.type(code);
      await guest.keyboard.press("Tab");
      expect(await guest.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("name");
      await guest.keyboard.type("Keys");
      await guest.keyboard.press("Enter");
      await guest.waitForFunction(
        () => window.__clusterCrisis.scene === "Lobby" && Boolean(window.__clusterCrisis.state?.me),
      );

      // The lobby: Tab to the operator's card, Enter takes the role.
      await tabTo(guest, "role:operator");
      await guest.keyboard.press("Enter");
      await host.waitForFunction(() =>
        window.__clusterCrisis.state?.players.some((p) => p.name === "Keys" && p.roles.includes("operator")),
      );
      // The card redraws as held and keeps the ring.
      expect(await seam(guest, (s) => s.focused())).toBe("role:operator");
      await drawn(guest);
      await guest.screenshot({ path: `${ARTIFACTS}keyboard-lobby-focus.png` });

      await clickButton(host, "OPEN BRIEFING");
      await clickButton(host, "START ROUND");
      await guest.waitForFunction(
        () => window.__clusterCrisis.scene === "Incident" && window.__clusterCrisis.state?.phase === "live",
      );

      // Tab takes the ring from the map's selection to a button, and an arrow brings it back: never both.
      await guest.keyboard.press("ArrowRight");
      await guest.waitForFunction(() => window.__clusterCrisis.selectedNode !== null);
      expect(await seam(guest, (s) => s.focusRings())).toEqual([
        `node:${await seam(guest, (s) => s.selectedNode)}`,
      ]);
      await guest.keyboard.press("Tab");
      await guest.waitForFunction(() => window.__clusterCrisis.focused() !== null);
      expect(await seam(guest, (s) => s.focusRings())).toEqual([
        `button:${await seam(guest, (s) => s.focused())}`,
      ]);

      // The map: an arrow selects a node, Enter opens its menu, Enter on the first item (Cordon) cordons it.
      await guest.keyboard.press("ArrowRight");
      await guest.waitForFunction(() => window.__clusterCrisis.selectedNode !== null);
      const node = await seam(guest, (s) => s.selectedNode!);
      await guest.keyboard.press("Enter");
      await guest.waitForFunction(() => window.__clusterCrisis.buttonCenter("Cordon") !== null);
      await guest.keyboard.press("Enter");
      await guest.waitForFunction(
        (n) => window.__clusterCrisis.state?.nodes.find((x) => x.name === n)?.unschedulable === true,
        node,
      );
      await host.waitForFunction(
        (n) => window.__clusterCrisis.state?.nodes.find((x) => x.name === n)?.unschedulable === true,
        node,
      );
      await drawn(guest);
      await guest.screenshot({ path: `${ARTIFACTS}keyboard-cordoned.png` });
    } finally {
      await host.context().close();
      await guest.context().close();
    }
  });
});
