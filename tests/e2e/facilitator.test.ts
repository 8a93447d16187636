import { writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentLayout } from "../../client/ui/layout.ts";
import {
  ARTIFACTS,
  clickButton,
  clickNode,
  drawn,
  endRound,
  gameUnderTest,
  hostWorkshop,
  nextFrames,
  openGame,
  seam,
} from "../support/game.ts";
import { gameHeight, outside, overlaps } from "../support/textBoxes.ts";

const game = gameUnderTest();

/** Joins the workshop `code` from a new browser as `name`, a player (with `role`) or a spectator. */
async function join(code: string, name: string, role: "operator" | "scheduler" | null): Promise<Page> {
  // The projector is a classroom's 4:3 one.
  const page = await openGame(
    game.browser,
    game.server.url,
    role === null ? { viewport: { width: 1024, height: 768 } } : {},
  );
  await clickButton(page, "JOIN WITH A CODE");
  await page.fill(".cc-form input[name=code]", code);
  await page.fill(".cc-form input[name=name]", name);
  if (role === null) await page.check(".cc-form input[name=watch]");
  await page.press(".cc-form input[name=name]", "Enter");
  await page.waitForFunction(
    (scene) => window.__clusterCrisis.scene === scene && Boolean(window.__clusterCrisis.state?.me),
    role === null ? "Projector" : "Lobby",
  );
  if (role !== null) await clickButton(page, `role:${role}`);
  return page;
}

describe("the facilitator's hour", () => {
  let host: Page;
  let ops: Page;
  let projector: Page;
  let code: string;

  // A facilitator, an operator and a projector in their own browsers: setting them up takes a while.
  beforeAll(async () => {
    host = await openGame(game.browser, game.server.url);
    code = await hostWorkshop(host, "Facilitator");
    projector = await join(code, "Projector", null);
    ops = await join(code, "Ops", "operator");
    await host.bringToFront();
    await host.waitForFunction(() =>
      window.__clusterCrisis.state?.players.some((p) => p.name === "Ops" && p.roles.includes("operator")),
    );
  }, 240_000);
  afterAll(async () => {
    for (const page of [host, ops, projector]) await page?.close();
  });

  it("the projector shows the join code and who is here in the lobby", async () => {
    // Redrawn five times a second: wait for the draw that has everyone in it.
    await projector.waitForFunction(
      (c) =>
        ["JOIN CODE", c, "★ Facilitator", "Ops", "Operator"].every((t) =>
          window.__clusterCrisis.projectorTexts().includes(t),
        ),
      code,
    );
    const texts = await seam(projector, (s) => s.projectorTexts());
    expect(texts.some((t) => t.includes(`/?code=${code}`))).toBe(true);
    await drawn(projector);
    await projector.screenshot({ path: `${ARTIFACTS}projector-lobby.png` });
  });

  it("chooses the scenario in a gallery and sets the seed every team will share", async () => {
    await clickButton(host, "CHOOSE SCENARIO");
    await host.waitForSelector(".cc-gallery button[data-scenario=launch-day]");
    const card = await host.textContent(".cc-gallery button[data-scenario=launch-day]");
    // Its level, its length at 1× (the scenario's time limit at its speed), its size and what it teaches.
    const listing = (await (await fetch(`${game.server.url}api/scenarios`)).json()) as {
      id: string;
      realMinutes: number;
    }[];
    const minutes = listing.find((s) => s.id === "launch-day")!.realMinutes;
    expect(card).toContain("Advanced");
    expect(card).toContain(`${minutes} min at 1× · 12 nodes · 3 service(s)`);
    expect(card).toContain("API Priority and Fairness");
    expect(await host.getAttribute(".cc-gallery a[href^='/runsheet/launch-day']", "href")).toBe(
      "/runsheet/launch-day?lang=en",
    );
    await host.screenshot({ path: `${ARTIFACTS}facilitator-gallery.png` });
    await host.click(".cc-gallery button[data-scenario=zone-down]");
    await ops.waitForFunction(() => window.__clusterCrisis.state?.scenarioId === "zone-down");
    // The lobby redraws its buttons for the new scenario: they take clicks from the next frames on.
    await host.waitForFunction(() => window.__clusterCrisis.state?.scenarioId === "zone-down");
    await nextFrames(host);
    // Back to First Light, by keyboard: Escape closes the gallery without choosing.
    await clickButton(host, "CHOOSE SCENARIO");
    await host.waitForSelector(".cc-gallery");
    await host.keyboard.press("Escape");
    await host.waitForSelector(".cc-gallery", { state: "detached" });
    expect(await seam(host, (s) => s.state!.scenarioId)).toBe("zone-down");
    // A click on the gallery goes no further than the gallery: the Operator role card drawn beneath it
    // must not take it (it did, for whichever scenario's card lay over it).
    const roles = () =>
      seam(host, (s) => s.state!.players.find((p) => p.name === "Facilitator")!.roles.join());
    const rolesBefore = await roles();
    const operatorCard = (await (
      await host.waitForFunction(() => window.__clusterCrisis.buttonCenter("role:operator"))
    ).jsonValue()) as { x: number; y: number };
    await clickButton(host, "CHOOSE SCENARIO");
    await host.waitForSelector(".cc-gallery");
    // Over it lies a scenario's card (the click chooses it), the gallery's own box, or its backdrop.
    const under = await host.evaluate(
      ({ x, y }) =>
        document.elementFromPoint(x, y)?.closest("button[data-scenario]")?.getAttribute("data-scenario"),
      operatorCard,
    );
    await host.mouse.click(operatorCard.x, operatorCard.y);
    if (under) await host.waitForFunction((id) => window.__clusterCrisis.state?.scenarioId === id, under);
    // Then First Light, whose answer comes after any role change the click might have sent.
    if ((await host.$(".cc-gallery")) === null) {
      await nextFrames(host);
      await clickButton(host, "CHOOSE SCENARIO");
    }
    await host.click(".cc-gallery button[data-scenario=first-light]");
    await ops.waitForFunction(() => window.__clusterCrisis.state?.scenarioId === "first-light");
    await host.waitForFunction(() => window.__clusterCrisis.state?.scenarioId === "first-light");
    expect(await roles()).toBe(rolesBefore);
    await nextFrames(host);

    await clickButton(host, "CHANGE SEED");
    await host.fill(".cc-form input[name=seed]", "seven");
    await host.press(".cc-form input[name=seed]", "Enter");
    expect(await host.textContent(".cc-form [role=alert]")).toBe("A whole number from 0 to 2147483647");
    await host.fill(".cc-form input[name=seed]", "4242");
    await host.press(".cc-form input[name=seed]", "Enter");
    await ops.waitForFunction(() => window.__clusterCrisis.state?.seed === 4242);
    await host.waitForFunction(() => window.__clusterCrisis.state?.seed === 4242);
    await drawn(host);
    await host.screenshot({ path: `${ARTIFACTS}facilitator-lobby.png` });

    await clickButton(host, "OPEN BRIEFING");
    await clickButton(host, "START ROUND");
    for (const page of [host, ops])
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Incident");
    await projector.waitForFunction(
      () => window.__clusterCrisis.scene === "Projector" && window.__clusterCrisis.state?.phase === "live",
    );
    expect(await seam(ops, (s) => s.state!.seed)).toBe(4242);
  });

  it("gives the facilitator their own hand: the deck to inject for free, and the players' activity", async () => {
    const tabs = await seam(host, (s) => ({
      inject: s.buttonCenter("Inject (free)") !== null,
      players: s.buttonCenter("Players") !== null,
      chaos: s.buttonCenter("Chaos deck") !== null,
    }));
    // Not the chaos agent's deck, with its energy: the facilitator does not play chaos.
    expect(tabs).toEqual({ inject: true, players: true, chaos: false });
    // The operator gets no facilitator's tab.
    expect(await seam(ops, (s) => s.buttonCenter("Inject (free)"))).toBeNull();
  });

  it("pauses in annotate mode: the map stays visible, and a highlighted node reaches the player and the projector", async () => {
    await clickButton(host, "PAUSE");
    await ops.waitForFunction(() => window.__clusterCrisis.pauseStrip() !== null);
    // The strip sits in the toolbar's row, above the map, never over it.
    for (const page of [host, ops]) {
      const strip = (await seam(page, (s) => s.pauseStrip()))!;
      expect(strip.y + strip.height).toBeLessThanOrEqual(incidentLayout.map.y);
    }
    expect((await seam(host, (s) => s.pauseStrip()))!.text).toContain("click a node to point at it");
    expect((await seam(ops, (s) => s.pauseStrip()))!.text).toBe(
      "PAUSED by the facilitator: the cluster is frozen",
    );
    // Annotate: the facilitator's click on a node opens the pointing menu, not the operator's.
    await clickNode(host, "node-b2");
    await clickButton(host, "Highlight node-b2");
    await ops.waitForFunction(
      () => window.__clusterCrisis.state?.highlights.includes("node/node-b2") === true,
    );
    await ops.waitForFunction(
      () => window.__clusterCrisis.pauseStrip()?.text.includes("node/node-b2") === true,
    );
    expect((await seam(ops, (s) => s.pauseStrip()))!.text).toBe(
      "PAUSED by the facilitator · look at node/node-b2",
    );
    // The player's map is still drawn and clickable where the highlight is.
    expect(await seam(ops, (s) => s.nodeCenter("node-b2"))).not.toBeNull();
    await projector.waitForFunction(() =>
      window.__clusterCrisis.projectorTexts().some((t) => t.includes("look at node/node-b2")),
    );
    expect(await seam(projector, (s) => s.projectorTexts())).toContain("LOOK");
    await drawn(host);
    await host.screenshot({ path: `${ARTIFACTS}facilitator-annotate.png` });
    await drawn(ops);
    await ops.screenshot({ path: `${ARTIFACTS}player-sees-highlight.png` });
    await drawn(projector);
    await projector.screenshot({ path: `${ARTIFACTS}projector-highlight.png` });
    // A 4:3 projector gives the round its height (1280×960) instead of letterboxing it.
    expect(await gameHeight(projector)).toBe(960);
    const shown = (await seam(projector, (s) => s.texts())).filter((t) => t.scene === "Projector");
    expect(overlaps(shown)).toEqual([]);
    expect(outside(shown, 1280, 960)).toEqual([]);
    // Resuming clears the highlights everywhere.
    await clickButton(host, "RESUME");
    await ops.waitForFunction(
      () =>
        window.__clusterCrisis.state?.paused === false &&
        window.__clusterCrisis.state.highlights.length === 0,
    );
    expect(await seam(ops, (s) => s.pauseStrip())).toBeNull();
  });

  it("injects a card of the deck at a chosen node, free, and everyone reads it in words", async () => {
    const energy = await seam(host, (s) => s.state!.chaosEnergy);
    await clickButton(host, "Inject (free)");
    // The deck's cards are drawn as the tab opens: they take clicks from the next frames on.
    await host.waitForFunction(() => window.__clusterCrisis.buttonCenter("inject:pull-the-plug") !== null);
    await nextFrames(host);
    await clickButton(host, "inject:pull-the-plug");
    // The card is in hand once the deck asks for its target.
    await host.waitForFunction(() =>
      window.__clusterCrisis.texts().some((t) => t.text.endsWith(": click a node · Esc cancels")),
    );
    await clickNode(host, "node-b3");
    await ops.waitForFunction(
      () => window.__clusterCrisis.state?.nodes.find((n) => n.name === "node-b3")?.up === false,
    );
    const entry = await seam(ops, (s) => s.state!.timeline.find((e) => e.command === "injectFault")!);
    expect(entry).toMatchObject({ player: "Facilitator", node: "pull-the-plug", accepted: true });
    // Free: the chaos agent's energy was not spent.
    expect(await seam(host, (s) => s.state!.chaosEnergy)).toBeGreaterThanOrEqual(energy);
    // The projector's feed says who did what, in words, not "injectFault".
    await projector.waitForFunction(() =>
      window.__clusterCrisis.projectorTexts().some((t) => t === "Facilitator: node/node-b3 loses power ✓"),
    );
    expect((await seam(projector, (s) => s.projectorTexts())).join("\n")).not.toContain("injectFault");
    await drawn(host);
    await host.screenshot({ path: `${ARTIFACTS}facilitator-inject.png` });
  });

  it("lists each player's actions and idle time", async () => {
    await ops.bringToFront();
    await clickNode(ops, "node-a1");
    await clickButton(ops, "Cordon");
    await ops.waitForFunction(() =>
      window.__clusterCrisis.notices.some((n) => n.kind === "result" && n.result.type === "cordon"),
    );
    // The player hears the real command, not the game's name for it ("cordon applied at tick …").
    await ops.waitForFunction(() =>
      document.getElementById("narration")?.textContent?.includes("Applied: kubectl cordon node-a1."),
    );
    await host.bringToFront();
    await clickButton(host, "Players");
    await host.waitForFunction(() =>
      window.__clusterCrisis.activityLines().some((l) => l.includes("kubectl cordon node-a1")),
    );
    const [line] = await seam(host, (s) => s.activityLines());
    expect(line).toMatch(/^Ops \[Operator\] ✓1 ✗0 idle \d+:\d\d kubectl cordon node-a1$/);
    await drawn(host);
    await host.screenshot({ path: `${ARTIFACTS}facilitator-players.png` });
  });

  it("ends with confirmation; the debrief says what happened, and the projector follows the lesson the facilitator opens", async () => {
    await clickButton(host, "END");
    await host.waitForSelector(".cc-confirm");
    await host.screenshot({ path: `${ARTIFACTS}facilitator-end-confirm.png` });
    // Keeping on playing changes nothing.
    await host.click(".cc-confirm button[name=cancel]");
    await host.waitForSelector(".cc-confirm", { state: "detached" });
    expect(await seam(ops, (s) => s.state!.phase)).toBe("live");
    await endRound(host);
    await projector.waitForFunction(() => window.__clusterCrisis.scene === "Debrief");
    await host.waitForFunction(() => (window.__clusterCrisis.debrief()?.lessons.length ?? 0) > 1);
    const debrief = await seam(host, (s) => s.debrief()!);
    expect(debrief.outcome).toBe("Ended by the facilitator");
    expect(debrief.summary).toMatch(
      /^The facilitator ended the round at \d+:\d\d, \d+:\d\d after the incident struck/,
    );
    expect(debrief.summary).toContain("The incident: node/node-b3 loses power.");
    // The facilitator opens the second lesson; the projector opens it too.
    const second = debrief.lessons[1]!;
    await host.keyboard.press("Escape");
    // Tab walks the verdict and the numbers, the timeline's markers, then the lessons.
    const reachable = debrief.markers.length + debrief.lessons.length + 8;
    for (let i = 0; i < reachable; i++) {
      if ((await seam(host, (s) => s.debrief()!.focus)) === `lesson:${second}`) break;
      await host.keyboard.press("Tab");
    }
    expect(await seam(host, (s) => s.debrief()!.focus)).toBe(`lesson:${second}`);
    await host.keyboard.press("Enter");
    await projector.waitForFunction((id) => window.__clusterCrisis.debrief()?.expanded === id, second);
    await drawn(projector);
    await projector.screenshot({ path: `${ARTIFACTS}projector-follows-debrief.png` });
  });
});

describe("the run sheet", () => {
  it.each([
    ["en", "First Light", "Three questions for the discussion"],
    ["ko", "첫 불빛", "토론을 위한 세 가지 질문"],
  ] as const)("prints as a PDF through Chromium in %s", async (lang, title, questions) => {
    const page = await game.browser.newPage({ viewport: { width: 1000, height: 1400 } });
    try {
      await page.goto(`${game.server.url}runsheet/first-light?lang=${lang}`);
      // The Hangul slices the page needs are in before it prints.
      await page.evaluate(() => document.fonts.ready);
      expect(await page.textContent("h1")).toBe(title);
      expect(await page.textContent("main")).toContain(questions);
      if (lang === "ko") {
        // The title is drawn with the Hangul font the game serves, not a system font's empty boxes.
        const cdp = await page.context().newCDPSession(page);
        const { root } = await cdp.send("DOM.getDocument");
        const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "h1" });
        await cdp.send("DOM.enable");
        await cdp.send("CSS.enable");
        const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
        expect(fonts.map((f) => f.familyName)).toEqual([expect.stringContaining("Noto Sans KR")]);
      }
      await page.screenshot({ path: `${ARTIFACTS}runsheet-${lang}.png`, fullPage: true });
      await page.emulateMedia({ media: "print" });
      // The buttons are for the screen only.
      expect(await page.isVisible("nav")).toBe(false);
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      writeFileSync(`${ARTIFACTS}runsheet-first-light-${lang}.pdf`, pdf);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // One A4 page or two, the whole sheet.
      const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(3);
    } finally {
      await page.close();
    }
  });
});
