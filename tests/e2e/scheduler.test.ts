import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  clickButton,
  dragOver,
  drawn,
  gameUnderTest,
  kubectl,
  makeRoom,
  nextFrames,
  pendingPod,
  playSolo,
  seam,
} from "../support/game.ts";

const game = gameUnderTest();

/** Opens the scheduler's tab, takes scheduling over, and scales the first deployment up by `more`. */
async function takeOverAndScale(page: Page, labels: { tab: string; takeOver: string }, more: number) {
  // Solo play holds the scheduler's and the operator's roles: the scheduler's tab is the dock's first.
  await clickButton(page, labels.tab);
  await nextFrames(page);
  await clickButton(page, labels.takeOver);
  await page.waitForFunction(() =>
    window.__clusterCrisis.state?.timeline.some((e) => e.command === "takeOverScheduling" && e.accepted),
  );
  // First Light's nodes are fully requested: the report workers make room for what is placed.
  await makeRoom(page);
  // New replicas now wait for the player instead of kube-scheduler.
  const deployment = await seam(page, (s) => s.state!.deployments[0]!);
  await kubectl(page, `kubectl scale deployment/${deployment.name} --replicas=${deployment.replicas + more}`);
}

describe("the scheduler's tool in a live solo round", () => {
  let page: Page;
  beforeAll(async () => {
    page = await playSolo(game.browser, game.server.url);
  });
  afterAll(async () => page.close());

  it("takes over, drags a pending pod onto a node with the mouse, and the pod is bound there", async () => {
    await takeOverAndScale(page, { tab: "SCHEDULER", takeOver: "TAKE OVER" }, 6);
    await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("GIVE BACK") !== null);

    const pod = await pendingPod(page);
    const target = "node-b1";
    await dragOver(page, pod, target);
    await page.screenshot({ path: `${ARTIFACTS}scheduler-drag.png` });
    await page.mouse.up();

    await page.waitForFunction(
      ([p, n]) =>
        window.__clusterCrisis.state?.events.some(
          (e) => e.reason === "Scheduled" && e.object === `pod/${p}` && e.message.endsWith(` to ${n}`),
        ) === true,
      [pod, target],
    );
    const bind = await seam(page, (s) => s.state!.timeline.filter((e) => e.command === "bindPod"));
    expect(bind.at(-1)).toMatchObject({ node: target, accepted: true });
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}scheduler-placed.png` });
  });

  it("places a pod without dragging: a click arms it, the arrows pick a node, Enter binds it", async () => {
    const pod = await pendingPod(page);
    const at = await page.evaluate((p) => window.__clusterCrisis.podCenter(p), pod);
    await page.mouse.click(at!.x, at!.y);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      (p) =>
        window.__clusterCrisis.state?.events.some(
          (e) => e.reason === "Scheduled" && e.object === `pod/${p}`,
        ) === true,
      pod,
    );
    const binds = await seam(page, (s) =>
      s.state!.timeline.filter((e) => e.command === "bindPod" && e.accepted),
    );
    expect(binds.map((e) => e.node)).toHaveLength(2);
    // The console shows what a scheduler really does to place a pod: it creates a Binding.
    expect(await page.textContent(".cc-console-output")).toContain(
      `"kind":"Binding","metadata":{"name":"${pod}"}`,
    );
  });
});

describe("the scheduler's tool in Korean", () => {
  it("shows the verdicts in Korean, and the server's refusal of a cordoned node", async () => {
    const page = await playSolo(game.browser, game.server.url, { lang: "ko" });
    try {
      await kubectl(page, "kubectl cordon node-a2");
      await page.waitForFunction(
        () => window.__clusterCrisis.state?.nodes.find((n) => n.name === "node-a2")?.unschedulable === true,
      );
      await takeOverAndScale(page, { tab: "스케줄러", takeOver: "직접 배치" }, 1);
      const pod = await pendingPod(page);
      await dragOver(page, pod, "node-a2");
      await page.screenshot({ path: `${ARTIFACTS}scheduler-drag-ko.png` });
      await page.mouse.up();
      // The local verdict said no; the server's filters say so too, and it binds nothing.
      await page.waitForFunction(() =>
        window.__clusterCrisis.state?.timeline.some((e) => e.command === "bindPod" && !e.accepted),
      );
      const refusal = await seam(page, (s) => s.state!.timeline.find((e) => e.command === "bindPod")!);
      expect(refusal.reason).toContain("node(s) were unschedulable");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}scheduler-refused-ko.png` });
    } finally {
      await page.close();
    }
  });
});
