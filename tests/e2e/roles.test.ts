import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  clickButton,
  clickNode,
  dragOver,
  drawn,
  gameUnderTest,
  hostWorkshop,
  kubectl,
  makeRoom,
  openGame,
  pendingPod,
  seam,
} from "../support/game.ts";

const game = gameUnderTest();

/** Waits for the room's answer to a command of this type, and expects it accepted (showing the reason if not). */
async function accepted(page: Page, type: string): Promise<void> {
  await page.waitForFunction(
    (t) =>
      window.__clusterCrisis.notices.some(
        (n) => (n.kind === "result" && n.result.type === t) || n.kind === "error",
      ),
    type,
  );
  const notices = await page.evaluate(() => window.__clusterCrisis.notices);
  const answers = JSON.stringify(notices);
  expect(
    notices.some((n) => n.kind === "result" && n.result.type === type),
    answers,
  ).toBe(true);
  expect(answers).not.toContain('"accepted":false');
}

const node = (page: Page, name: string) =>
  page.evaluate((n) => window.__clusterCrisis.state!.nodes.find((x) => x.name === n)!, name);

interface Players {
  host: Page;
  scheduler: Page;
  operator: Page;
  chaos: Page;
}

/** A workshop with a facilitator and three players in their own browser contexts, its round live. */
async function workshop(): Promise<Players> {
  const host = await openGame(game.browser, game.server.url);
  const code = await hostWorkshop(host, "Facilitator");
  const join = async (name: string, role: string) => {
    const page = await openGame(game.browser, game.server.url);
    await page.bringToFront();
    await clickButton(page, "JOIN WITH A CODE");
    await page.fill(".cc-form input[name=code]", code);
    await page.fill(".cc-form input[name=name]", name);
    await page.press(".cc-form input[name=name]", "Enter");
    await page.waitForFunction(() => window.__clusterCrisis.scene === "Lobby");
    await clickButton(page, `role:${role}`);
    await host.waitForFunction(
      ([n, r]) =>
        window.__clusterCrisis.state?.players.some((p) => p.name === n && p.roles.some((held) => held === r)),
      [name, role],
    );
    return page;
  };
  const scheduler = await join("Sched", "scheduler");
  const operator = await join("Ops", "operator");
  const chaos = await join("Gremlin", "chaos");
  // A tab in the background may get its animation frames throttled: the page acted on comes first.
  await host.bringToFront();
  await clickButton(host, "OPEN BRIEFING");
  await clickButton(host, "START ROUND");
  for (const page of [scheduler, operator, chaos])
    await page.waitForFunction(
      () => window.__clusterCrisis.scene === "Incident" && window.__clusterCrisis.state?.phase === "live",
    );
  return { host, scheduler, operator, chaos };
}

describe("role tools in the browser", () => {
  let pages: Players;
  // Four browser pages and a server on a shared machine: setting the workshop up takes a while.
  beforeAll(async () => {
    pages = await workshop();
  }, 240_000);
  afterAll(async () => {
    for (const page of Object.values(pages ?? {})) await page.close();
  });

  it("a scheduler places a pod by dragging it onto a node, and the operator and the chaos agent see it bound", async () => {
    const { scheduler, operator, chaos } = pages;
    await scheduler.bringToFront();
    await clickButton(scheduler, "TAKE OVER");
    await scheduler.waitForFunction(() =>
      window.__clusterCrisis.state?.timeline.some((e) => e.command === "takeOverScheduling" && e.accepted),
    );
    // The operator makes room (First Light's nodes are fully requested) and scales up;
    // kube-scheduler leaves the new replicas to the player now.
    await operator.bringToFront();
    await makeRoom(operator);
    const deployment = await seam(operator, (s) => s.state!.deployments[0]!);
    await kubectl(
      operator,
      `kubectl scale deployment/${deployment.name} --replicas=${deployment.replicas + 2}`,
    );
    await scheduler.bringToFront();
    const pod = await pendingPod(scheduler);
    await dragOver(scheduler, pod, "node-b1");
    await scheduler.mouse.up();
    for (const page of [operator, chaos])
      await page.waitForFunction(
        (p) =>
          window.__clusterCrisis.state?.events.some(
            (e) => e.reason === "Scheduled" && e.object === `pod/${p}` && e.message.endsWith(" to node-b1"),
          ) === true,
        pod,
      );
    const binds = await seam(chaos, (s) => s.state!.timeline.filter((e) => e.command === "bindPod"));
    expect(binds).toEqual([expect.objectContaining({ player: "Sched", node: "node-b1", accepted: true })]);
  });

  it("an operator cordons a node through its menu, then drains it; the scheduler and the chaos agent see it", async () => {
    const { scheduler, operator, chaos } = pages;
    await operator.bringToFront();
    await clickNode(operator, "node-a2");
    await operator.waitForFunction(() => window.__clusterCrisis.buttonCenter("Cordon") !== null);
    await drawn(operator);
    await operator.screenshot({ path: `${ARTIFACTS}operator-node-menu.png` });
    await clickButton(operator, "Cordon");
    for (const page of [scheduler, chaos])
      await page.waitForFunction(
        () => window.__clusterCrisis.state?.nodes.find((n) => n.name === "node-a2")?.unschedulable === true,
      );

    // Cordoned, the node's menu offers Uncordon first; Drain evicts its pods.
    await clickNode(operator, "node-a2");
    await operator.waitForFunction(() => window.__clusterCrisis.buttonCenter("Uncordon") !== null);
    await clickButton(operator, "Drain");
    await accepted(operator, "drain");
    // The command's answer is a message; the timeline comes with the state's next patch.
    await operator.waitForFunction(() =>
      window.__clusterCrisis.state?.timeline.some((e) => e.command === "drain" && e.node === "node-a2"),
    );
    const timeline = await seam(operator, (s) =>
      s.state!.timeline.map((e) => `${e.command} ${e.node} ${e.accepted}`),
    );
    expect(timeline).toEqual(expect.arrayContaining(["cordon node-a2 true", "drain node-a2 true"]));
  });

  it("an operator's toolbar opens menus of the cluster's parts, and the keyboard walks them", async () => {
    const { operator } = pages;
    await clickButton(operator, "Deployments ▾");
    const first = await seam(operator, (s) => s.state!.deployments[0]!);
    await operator.waitForFunction((d) => window.__clusterCrisis.buttonCenter(d) !== null, first.name);
    await drawn(operator);
    await operator.screenshot({ path: `${ARTIFACTS}operator-toolbar-menu.png` });
    // Enter on the first deployment opens its own menu; ↓ then Enter is "Roll back".
    await operator.keyboard.press("Enter");
    await operator.waitForFunction(() => window.__clusterCrisis.buttonCenter("Scale…") !== null);
    await operator.keyboard.press("ArrowDown");
    await operator.keyboard.press("Enter");
    await operator.waitForFunction(() =>
      window.__clusterCrisis.notices.some((n) => n.kind === "result" && n.result.type === "rolloutUndo"),
    );
    // Escape closes a menu without acting.
    await clickButton(operator, "etcd ▾");
    await operator.waitForFunction(() => window.__clusterCrisis.buttonCenter("Save a snapshot") !== null);
    await operator.keyboard.press("Escape");
    await operator.waitForFunction(() => window.__clusterCrisis.buttonCenter("Save a snapshot") === null);
    expect(
      await seam(operator, (s) =>
        s.notices.some((n) => n.kind === "result" && n.result.type === "snapshotEtcd"),
      ),
    ).toBe(false);
    // A member's menu replaces it the safe way: the new member joins as a learner, and the etcd
    // menu then walks the remaining steps (promote once in sync, remove the old one).
    const names = await seam(operator, (s) => s.state!.etcd.map((m) => m.name));
    const old = names[names.length - 1]!;
    const next = `etcd-${Math.max(...names.map((n) => Number(n.replace("etcd-", "")) || 0)) + 1}`;
    await clickButton(operator, "etcd ▾");
    await operator.waitForFunction((n) => window.__clusterCrisis.buttonCenter(n) !== null, old);
    await clickButton(operator, old);
    await operator.waitForFunction(() => window.__clusterCrisis.buttonCenter("Replace safely…") !== null);
    await clickButton(operator, "Replace safely…");
    await operator.waitForFunction(() =>
      window.__clusterCrisis.notices.some((n) => n.kind === "result" && n.result.type === "addEtcdMember"),
    );
    expect(
      await seam(operator, (s) =>
        s.notices.find((n) => n.kind === "result" && n.result.type === "addEtcdMember"),
      ),
    ).toMatchObject({ result: { accepted: true } });
    await clickButton(operator, "etcd ▾");
    const added = `✓ Add ${next} as a learner`;
    await operator.waitForFunction((label) => window.__clusterCrisis.buttonCenter(label) !== null, added);
    await drawn(operator);
    await operator.screenshot({ path: `${ARTIFACTS}operator-etcd-replace.png` });
    await operator.keyboard.press("Escape");
  });

  it("a chaos agent aims a node-kill card at a node; the scheduler and the operator see it go down", async () => {
    const { scheduler, chaos, operator } = pages;
    await chaos.bringToFront();
    const card = await seam(chaos, (s) => s.state!.cards.find((c) => c.fault === "killNode")!);
    await chaos.waitForFunction(
      (cost) => (window.__clusterCrisis.state?.chaosEnergy ?? 0) >= cost,
      card.cost,
      { timeout: 60_000 },
    );
    await clickButton(chaos, `card:${card.id}`);
    await drawn(chaos);
    await chaos.screenshot({ path: `${ARTIFACTS}chaos-deck-targeting.png` });
    await clickNode(chaos, "node-b3");
    await accepted(chaos, "injectFault");
    for (const page of [scheduler, operator])
      await page.waitForFunction(
        () => window.__clusterCrisis.state?.nodes.find((n) => n.name === "node-b3")?.up === false,
      );
    expect((await node(chaos, "node-b3")).up).toBe(false);
    // The card cools down and the energy was spent.
    await chaos.waitForFunction((id) => {
      const s = window.__clusterCrisis.state!;
      return s.cards.find((c) => c.id === id)!.readyAtMs > s.timeMs;
    }, card.id);
    await drawn(chaos);
    await chaos.screenshot({ path: `${ARTIFACTS}chaos-deck.png` });
  });
});
