/**
 * A drain a PodDisruptionBudget refuses, seen where a player looks (issue 15): in First Light the
 * dead node's drain waits on the web shop's budget. The console prints kubectl drain's refusal and
 * `kubectl get pdb`, the node card says the drain waits, and the objective panel says why in words.
 */
import { describe, expect, it } from "vitest";
import { ARTIFACTS, CONSOLE_INPUT, clickButton, drawn, gameUnderTest, playSolo } from "../support/game.ts";

const game = gameUnderTest();

const OUTPUT = ".cc-console-output";
const DEAD = "node-a2";

const printed = (page: import("playwright-core").Page, text: string) =>
  page.waitForFunction(
    ([selector, wanted]) => document.querySelector(selector!)?.textContent?.includes(wanted!) === true,
    [OUTPUT, text],
  );

describe("First Light: the dead node's drain waits on the web shop's budget", () => {
  it("the console prints the refusal and the budget, the node card and the objective panel say the drain waits", async () => {
    const page = await playSolo(game.browser, game.server.url);
    try {
      // node-a2 loses power at 2:00 and is NotReady 50 s later: run the clock fast until then.
      await clickButton(page, "10×");
      await page.waitForFunction(
        (dead) => window.__clusterCrisis.state?.nodes.find((n) => n.name === dead)?.ready !== "True",
        DEAD,
      );
      await clickButton(page, "1×");

      await page.keyboard.press("`");
      await page.waitForSelector(CONSOLE_INPUT, { state: "visible" });
      await page.fill(CONSOLE_INPUT, `kubectl drain ${DEAD}`);
      await page.press(CONSOLE_INPUT, "Enter");
      await printed(page, `node/${DEAD} cordoned`);
      await printed(
        page,
        "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.",
      );
      const text = (await page.textContent(OUTPUT)) ?? "";
      expect(text).toMatch(/error when evicting pods\/"web-[^"]+" -n "default" \(will retry after 5s\)/);

      await page.fill(CONSOLE_INPUT, "kubectl get pdb");
      await page.press(CONSOLE_INPUT, "Enter");
      await printed(page, "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE");
      expect((await page.textContent(OUTPUT)) ?? "").toMatch(/\nweb {4}N\/A {13}0 {17}0 {21}\d/);
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}drain-budget-console.png` });
      await page.press(CONSOLE_INPUT, "`");
      await page.waitForSelector(CONSOLE_INPUT, { state: "hidden" });

      // The refusal stays where the player looks: on the node's card, and as the objective's warning.
      await page.waitForFunction(() =>
        window.__clusterCrisis
          .texts()
          .some((t) => t.text.includes("drain waits") && t.text.includes("PDB web")),
      );
      await page.waitForFunction(
        (dead) =>
          window.__clusterCrisis
            .texts()
            .some((t) =>
              t.text.includes(`The drain of ${dead} waits: disruption budget web allows 0 disruptions`),
            ),
        DEAD,
      );
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}drain-budget-incident.png` });
    } finally {
      await page.close();
    }
  });
});
