import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  startSolo,
} from "../support/game.ts";

const game = gameUnderTest();

const cordoned = (page: Page, node: string) =>
  page.waitForFunction(
    (n) => window.__clusterCrisis.state?.nodes.find((x) => x.name === n)?.unschedulable === true,
    node,
  );

describe("solo play in a real browser", () => {
  let page: Page;
  beforeAll(async () => {
    page = await openGame(game.browser, game.server.url);
  });
  afterAll(async () => page.close());

  it("shows the loading screen's progress bar while the assets arrive", async () => {
    const slow = await game.browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      // Hold the logo back: Boot waits for every asset behind its bar, long enough to be seen.
      let release = () => {};
      const held = new Promise<void>((done) => {
        release = done;
      });
      await slow.route("**/images/logo.svg", async (route) => {
        await held;
        await route.continue();
      });
      await slow.goto(game.server.url);
      await slow.waitForFunction(() => window.__clusterCrisis?.scene === "Boot");
      await drawn(slow);
      await slow.screenshot({ path: `${ARTIFACTS}boot.png` });
      release();
      await slow.waitForFunction(() => window.__clusterCrisis.scene === "Title", null, { timeout: 60_000 });
    } finally {
      await slow.close();
    }
  });

  it("boots to the title screen and draws on the WebGL canvas", async () => {
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector("canvas");
      if (!canvas) return { webgl: false, distinct: 0 };
      const gl = canvas.getContext("webgl2") ?? canvas.getContext("webgl");
      if (!gl) return { webgl: false, distinct: 0 };
      const { width, height } = canvas;
      const pixels = new Uint8Array(width * height * 4);
      gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
      const colours = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4 * 97)
        colours.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
      return { webgl: true, distinct: colours.size };
    });
    expect(drawn.webgl).toBe(true);
    // A blank canvas is one colour; the title screen has a logo, text and a backdrop.
    expect(drawn.distinct).toBeGreaterThan(10);
    await page.screenshot({ path: `${ARTIFACTS}title.png` });
  });

  it("plays: joins a solo room, shows the nodes, and cordons one through the node's menu", async () => {
    await startSolo(page, "PLAY SOLO", "Ada");
    await clickButton(page, "START THE CLOCK  ▶");
    await page.waitForFunction(
      () =>
        window.__clusterCrisis.scene === "Incident" && (window.__clusterCrisis.state?.nodes.length ?? 0) > 0,
    );
    const nodes = await seam(page, (s) =>
      s.state!.nodes.map((n) => ({ name: n.name, unschedulable: n.unschedulable })),
    );
    expect(nodes.map((n) => n.name)).toEqual([
      "node-a1",
      "node-a2",
      "node-a3",
      "node-b1",
      "node-b2",
      "node-b3",
    ]);
    expect(nodes.every((n) => !n.unschedulable)).toBe(true);
    // Under the name given once (not "You"), on this week's board seed.
    expect(await seam(page, (s) => s.state!.players.map((p) => p.name))).toEqual(["Ada"]);
    expect(await seam(page, (s) => s.state!.seed === s.state!.boardSeed)).toBe(true);

    await clickNode(page, "node-b2");
    await clickButton(page, "Cordon");
    await cordoned(page, "node-b2");
    expect(await seam(page, (s) => s.state!.nodes.filter((n) => n.unschedulable).map((n) => n.name))).toEqual(
      ["node-b2"],
    );
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}cluster-cordoned.png` });
  });
});

describe("languages", () => {
  it("switches the title screen to Korean and back", async () => {
    const page = await openGame(game.browser, game.server.url);
    try {
      await clickButton(page, "한국어");
      await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("혼자 플레이") !== null);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}title-ko.png` });
      await clickButton(page, "English");
      await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("PLAY SOLO") !== null);
    } finally {
      await page.close();
    }
  });
});

describe("join links and reloads", () => {
  it("opens the join form from a link with the code filled in, and a reload keeps the seat", async () => {
    const host = await openGame(game.browser, game.server.url);
    const guest = await game.browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      const code = await hostWorkshop(host, "Host");

      await guest.goto(`${game.server.url}?code=${code}`);
      await guest.waitForSelector(".cc-form input[name=code]");
      expect(await guest.inputValue(".cc-form input[name=code]")).toBe(code);
      await guest.fill(".cc-form input[name=name]", "Linked");
      await guest.press(".cc-form input[name=name]", "Enter");
      await guest.waitForFunction(
        () => window.__clusterCrisis.scene === "Lobby" && Boolean(window.__clusterCrisis.state?.me),
      );
      const seat = await seam(guest, (s) => s.state!.me);

      await guest.reload();
      await guest.waitForFunction(
        () => window.__clusterCrisis.scene === "Lobby" && Boolean(window.__clusterCrisis.state?.me),
      );
      expect(await seam(guest, (s) => s.state!.me)).toBe(seat);
      await host.waitForFunction(
        (id) =>
          window.__clusterCrisis.state?.players.some(
            (p) => p.id === id && p.connected && p.name === "Linked",
          ),
        seat,
      );
    } finally {
      await host.close();
      await guest.close();
    }
  });
});

describe("a workshop of two browsers", () => {
  it("hosts, joins by code, takes roles, starts, and a cordon by the operator shows on both screens", async () => {
    const host = await openGame(game.browser, game.server.url);
    const guest = await openGame(game.browser, game.server.url);
    try {
      const code = await hostWorkshop(host, "Facilitator");

      await clickButton(guest, "JOIN WITH A CODE");
      await guest.fill(".cc-form input[name=code]", code.toLowerCase().replace("-", " "));
      await guest.fill(".cc-form input[name=name]", "민지");
      await guest.press(".cc-form input[name=name]", "Enter");
      await guest.waitForFunction(() => window.__clusterCrisis.scene === "Lobby");
      await host.waitForFunction(() => window.__clusterCrisis.state?.players.length === 2);

      // The guest takes the operator's role by clicking its card.
      await clickButton(guest, "role:operator");
      await host.waitForFunction(() =>
        window.__clusterCrisis.state?.players.some((p) => p.name === "민지" && p.roles.includes("operator")),
      );
      await host.screenshot({ path: `${ARTIFACTS}lobby.png` });

      await clickButton(host, "OPEN BRIEFING");
      await clickButton(host, "START ROUND");
      await guest.waitForFunction(
        () => window.__clusterCrisis.scene === "Incident" && window.__clusterCrisis.state?.phase === "live",
      );

      await clickNode(guest, "node-a3");
      await clickButton(guest, "Cordon");
      await cordoned(guest, "node-a3");
      await cordoned(host, "node-a3");

      // The facilitator is not an operator: a click on a node offers no operator's menu.
      await clickNode(host, "node-a1");
      await nextFrames(host);
      expect(await seam(host, (s) => s.buttonCenter("Cordon"))).toBeNull();
      await clickButton(host, "PAUSE");
      await guest.waitForFunction(() => window.__clusterCrisis.state?.paused === true);
      await drawn(guest);
      await guest.screenshot({ path: `${ARTIFACTS}workshop-paused.png` });

      // The facilitator ends the round; everyone sees the debrief with who did what.
      await endRound(host);
      await guest.waitForFunction(() => window.__clusterCrisis.state?.phase === "debrief");
      const timeline = await seam(guest, (s) =>
        s.state!.timeline.map((e) => [e.player, e.command, e.node, e.accepted]),
      );
      expect(timeline).toEqual([["민지", "cordon", "node-a3", true]]);
      await drawn(guest);
      await guest.screenshot({ path: `${ARTIFACTS}debrief.png` });
    } finally {
      await host.close();
      await guest.close();
    }
  });
});

describe("the projector", () => {
  it("shows a spectator who joined with 'watch only' the big-screen view of the live round", async () => {
    const host = await openGame(game.browser, game.server.url);
    const screen = await openGame(game.browser, game.server.url);
    try {
      const code = await hostWorkshop(host, "Facilitator");

      await clickButton(screen, "JOIN WITH A CODE");
      await screen.fill(".cc-form input[name=code]", code);
      await screen.fill(".cc-form input[name=name]", "Projector");
      await screen.check(".cc-form input[name=watch]");
      await screen.press(".cc-form input[name=name]", "Enter");
      // From the lobby on, a spectator's screen is the projector's.
      await screen.waitForFunction(
        () =>
          window.__clusterCrisis.scene === "Projector" &&
          Boolean(window.__clusterCrisis.state?.players.length),
      );
      expect(await seam(screen, (s) => s.state!.players.find((p) => p.id === s.state!.me)?.spectator)).toBe(
        true,
      );

      await clickButton(host, "OPEN BRIEFING");
      await clickButton(host, "START ROUND");
      await host.waitForFunction(() => window.__clusterCrisis.scene === "Incident");
      // The spectator's screen goes to the projector, not the operators' cluster view.
      await screen.waitForFunction(
        () => window.__clusterCrisis.scene === "Projector" && window.__clusterCrisis.state?.phase === "live",
      );

      // Fast-forward past the scenario's node failure (at 2 min; the objective holds again near 3:45,
      // which ends the round) so the charts and the feed have a story, then freeze it for the picture.
      await clickButton(host, "30×");
      await screen.waitForFunction(() => (window.__clusterCrisis.state?.timeMs ?? 0) >= 3 * 60_000, null, {
        timeout: 30_000,
      });
      await clickButton(host, "PAUSE");
      await screen.waitForFunction(() => window.__clusterCrisis.state?.paused === true);
      // One sample per distinct game second, however fast the patches arrive.
      const samples = await seam(screen, (s) => s.sloSamples());
      expect(samples).toBeGreaterThan(20);
      expect(samples).toBeLessThanOrEqual(
        Math.floor((await seam(screen, (s) => s.state!.timeMs)) / 1000) + 1,
      );
      expect(await seam(screen, (s) => s.scene)).toBe("Projector");
      await drawn(screen);
      await screen.screenshot({ path: `${ARTIFACTS}projector.png` });

      // The projector follows the debrief, with the round's outcome.
      await endRound(host);
      await screen.waitForFunction(() => window.__clusterCrisis.scene === "Debrief");
      await screen.waitForFunction(() => Boolean(window.__clusterCrisis.debrief()?.outcome));
      await drawn(screen);
      await screen.screenshot({ path: `${ARTIFACTS}projector-debrief.png` });

      // The next round's briefing takes the projector back to its lobby view (its big join code).
      await clickButton(host, "NEXT ROUND");
      await screen.waitForFunction(
        (c) =>
          window.__clusterCrisis.scene === "Projector" && window.__clusterCrisis.projectorTexts().includes(c),
        code,
      );
    } finally {
      await host.close();
      await screen.close();
    }
  });
});
