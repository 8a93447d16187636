import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, clickButton, clickNode, drawn, gameUnderTest, playSolo } from "../support/game.ts";

const game = gameUnderTest();

const INPUT = ".cc-console-input";
const OUTPUT = ".cc-console-output";

/** Types a line into the console and presses Enter. */
async function run(page: Page, line: string): Promise<void> {
  await page.fill(INPUT, line);
  await page.press(INPUT, "Enter");
}

const printed = (page: Page, text: string) =>
  page.waitForFunction(
    ([selector, wanted]) => document.querySelector(selector!)?.textContent?.includes(wanted!) === true,
    [OUTPUT, text],
  );

describe("the kubectl console in a live solo round", () => {
  let page: Page;
  beforeAll(async () => {
    page = await playSolo(game.browser, game.server.url);
  });
  afterAll(async () => page.close());

  it("opens with the backtick key, reads the cluster, and cordons a node by command", async () => {
    // etcd has elected its leader before the round starts; the view shows it from the first state.
    await page.waitForFunction(() => window.__clusterCrisis.state?.etcd.some((m) => m.role === "leader"));
    expect(await page.isVisible(INPUT)).toBe(false);
    await page.keyboard.press("`");
    await page.waitForSelector(INPUT, { state: "visible" });
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("cc-console-input");

    await run(page, "kubectl get nodes");
    await printed(page, "NAME      STATUS   ROLES    AGE");
    await printed(page, "node-a1   Ready    <none>");

    await run(page, "kubectl cordon node-a3");
    await page.waitForFunction(
      () => window.__clusterCrisis.state?.nodes.find((n) => n.name === "node-a3")?.unschedulable === true,
    );
    await printed(page, "node/node-a3 cordoned");

    await run(page, "kubectl scale deploy/nope --replicas=2");
    await printed(page, 'Error from server (NotFound): deployments.apps "nope" not found');
  });

  it("completes with Tab and recalls history with the arrow keys", async () => {
    await page.fill(INPUT, "kubectl get po");
    await page.press(INPUT, "Tab");
    expect(await page.inputValue(INPUT)).toBe("kubectl get pods ");
    await page.fill(INPUT, "");
    await page.press(INPUT, "ArrowUp");
    expect(await page.inputValue(INPUT)).toBe("kubectl scale deploy/nope --replicas=2");
    await page.press(INPUT, "ArrowUp");
    expect(await page.inputValue(INPUT)).toBe("kubectl cordon node-a3");
    await page.press(INPUT, "ArrowDown");
    await page.press(INPUT, "ArrowDown");
    expect(await page.inputValue(INPUT)).toBe("");
  });

  it("echoes a cordon from a node's menu as its kubectl line", async () => {
    await clickNode(page, "node-b1");
    await clickButton(page, "Cordon");
    await printed(page, "$ kubectl cordon node-b1");
    await printed(page, "node/node-b1 cordoned");
  });

  it("closes with the backtick key and opens with its button; screenshot", async () => {
    await page.press(INPUT, "`");
    await page.waitForSelector(INPUT, { state: "hidden" });
    await clickButton(page, "CONSOLE  `");
    await page.waitForSelector(INPUT, { state: "visible" });
    // Let etcd elect its leader first, so the picture shows a healthy control plane.
    await page.waitForFunction(() => window.__clusterCrisis.state?.etcd.some((m) => m.role === "leader"));
    await run(page, "clear");
    await run(page, "kubectl get nodes");
    await run(page, "etcdctl endpoint status -w table");
    await printed(page, "RAFT TERM");
    // The table is set small enough to fit the panel, 1280 px wide: none of it runs off the edge.
    const table = await page.evaluate(() => {
      const block = [...document.querySelectorAll<HTMLElement>(".cc-console-output > div")].find((line) =>
        line.textContent?.includes("RAFT TERM"),
      );
      return { scroll: block?.scrollWidth ?? -1, room: block?.clientWidth ?? 0, size: block?.style.fontSize };
    });
    expect(table.scroll).toBeGreaterThan(0);
    expect(table.scroll).toBeLessThanOrEqual(table.room);
    await page.fill(INPUT, "kubectl drain node-b");
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}console.png` });
  });
});
