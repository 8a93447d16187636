import { existsSync, mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { TestSeam } from "../../client/testSeam.ts";
import { CLIENT_DIST } from "../../server/app.ts";
import { launchBrowser } from "./browser.ts";
import { startGameServer } from "./server.ts";

/** Where browser tests save their screenshots. */
export const ARTIFACTS = new URL("../../artifacts/", import.meta.url).pathname;

export interface GameUnderTest {
  readonly server: Awaited<ReturnType<typeof startGameServer>>;
  readonly browser: Browser;
}

/** The built client served by a real game server, and a browser to play it (for a `beforeAll`). */
export async function startGameUnderTest(): Promise<GameUnderTest> {
  if (!existsSync(CLIENT_DIST))
    throw new Error("The client is not built: run `npm run build` first (npm test does).");
  mkdirSync(ARTIFACTS, { recursive: true });
  return { server: await startGameServer(), browser: await launchBrowser() };
}

/**
 * The file's game under test: started before its first test and stopped after its last (it
 * registers the `beforeAll` and `afterAll`). Read `server` and `browser` inside tests and hooks.
 */
export function gameUnderTest(): GameUnderTest {
  const game: { server?: GameUnderTest["server"]; browser?: Browser } = {};
  beforeAll(async () => Object.assign(game, await startGameUnderTest()));
  afterAll(() => stopGameUnderTest(game));
  return game as GameUnderTest;
}

/** Closes what `startGameUnderTest` opened, whatever of it did open (for an `afterAll`). */
export async function stopGameUnderTest(game: Partial<GameUnderTest> | undefined): Promise<void> {
  await game?.browser?.close();
  await game?.server?.stop();
}

/** Runs `read` in the page against the test seam (functions are sent as source text). */
export const seam = <T>(page: Page, read: (s: TestSeam) => T): Promise<T> =>
  page.evaluate(`(${read.toString()})(window.__clusterCrisis)`) as Promise<T>;

/** Clicks a button of the canvas by its label, once it is drawn. */
export async function clickButton(page: Page, label: string): Promise<void> {
  // One read that waits and answers: a button redrawn between a check and a second read may be gone.
  const at = await page.waitForFunction((l) => window.__clusterCrisis.buttonCenter(l), label);
  const { x, y } = (await at.jsonValue()) as { x: number; y: number };
  await page.mouse.click(x, y);
}

/**
 * What a player's browser remembers before the game loads: its language and motion settings, and
 * whether it has played the guided first incident (browser tests have, unless they test the guide).
 */
export interface Preferences {
  readonly lang?: "en" | "ko";
  readonly motion?: "reduced" | "full";
  readonly firstTime?: boolean;
  /** The Settings' text size (1, 1.25, 1.5). */
  readonly textScale?: number;
  /** The browser window, 1280×720 unless told. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** The scene the address opens on: the title unless told (a replay link opens the replay). */
  readonly scene?: string;
}

/** A new page in its own browser context (its own storage, like another player's machine) on the title screen (or `scene`). */
export async function openGame(browser: Browser, url: string, preferences: Preferences = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: preferences.viewport ?? { width: 1280, height: 720 } });
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.addInitScript(({ lang, motion, firstTime, textScale }) => {
    if (lang) localStorage.setItem("clusterCrisis.lang", lang);
    if (textScale) localStorage.setItem("clusterCrisis.textScale", String(textScale));
    if (motion) localStorage.setItem("clusterCrisis.motion", motion);
    // Only once per page: a reload must not forget a guide played since.
    if (!firstTime && localStorage.getItem("clusterCrisis.guide") === null)
      localStorage.setItem("clusterCrisis.guide", "done");
  }, preferences);
  await page.goto(url);
  // The first load in a fresh browser (fonts, every asset) can be slow on a busy machine.
  await page.waitForFunction(
    (scene) => window.__clusterCrisis?.scene === scene,
    preferences.scene ?? "Title",
    {
      timeout: 60_000,
    },
  );
  return page;
}

/**
 * Clicks the title's play-solo button (`label`, in the title's language) in a browser that has not
 * played yet, and gives the name the game asks for once (and then remembers).
 */
export async function startSolo(page: Page, label = "PLAY SOLO", name = "Solo Tester"): Promise<void> {
  await clickButton(page, label);
  await page.fill(".cc-form input[name=name]", name);
  await page.press(".cc-form input[name=name]", "Enter");
}

/**
 * A solo round, live: a new page that plays solo, starts the clock from the briefing card, and waits
 * for the incident screen and its nodes.
 */
export async function playSolo(browser: Browser, url: string, preferences: Preferences = {}): Promise<Page> {
  const page = await openGame(browser, url, preferences);
  const korean = preferences.lang === "ko";
  await startSolo(page, korean ? "혼자 플레이" : "PLAY SOLO");
  await page.waitForFunction(() => window.__clusterCrisis.scene === "Briefing");
  await clickButton(page, korean ? "시계 시작  ▶" : "START THE CLOCK  ▶");
  await page.waitForFunction(
    () =>
      window.__clusterCrisis.scene === "Incident" && (window.__clusterCrisis.state?.nodes.length ?? 0) > 0,
  );
  return page;
}

/** Hosts a workshop from the title screen as `name`; returns its join code once the lobby shows it. */
export async function hostWorkshop(page: Page, name = "Facilitator"): Promise<string> {
  await clickButton(page, "HOST A WORKSHOP");
  await page.fill(".cc-form input[name=name]", name);
  await page.press(".cc-form input[name=name]", "Enter");
  await page.waitForFunction(
    () => window.__clusterCrisis.scene === "Lobby" && Boolean(window.__clusterCrisis.state?.joinCode),
  );
  return seam(page, (s) => s.state!.joinCode);
}

/**
 * From the lobby, as its facilitator: chooses `scenario` in the gallery, opens the briefing and
 * starts the round; returns once the incident screen shows.
 */
export async function startScenario(page: Page, scenario: string): Promise<void> {
  await clickButton(page, "CHOOSE SCENARIO");
  await page.click(`.cc-gallery button[data-scenario=${scenario}]`);
  await page.waitForFunction((id) => window.__clusterCrisis.state?.scenarioId === id, scenario);
  // The lobby redraws its buttons for the new scenario: they take clicks from the next frames on.
  await nextFrames(page);
  await clickButton(page, "OPEN BRIEFING");
  await clickButton(page, "START ROUND");
  await page.waitForFunction(() => window.__clusterCrisis.scene === "Incident");
}

/**
 * Ends the live round as its facilitator does: END (in the page's language), then the confirmation.
 * A fast round may resolve or fail on its own first: then there is no question to answer.
 */
export async function endRound(page: Page, label = "END"): Promise<void> {
  await clickButton(page, label);
  await page.waitForFunction(
    () => document.querySelector(".cc-confirm") !== null || window.__clusterCrisis.state?.phase === "debrief",
  );
  // In one step in the page: the question cannot close between finding its button and pressing it.
  await page.evaluate(() =>
    document.querySelector<HTMLButtonElement>(".cc-confirm button[name=confirm]")?.click(),
  );
  await page.waitForFunction(() => window.__clusterCrisis.state?.phase === "debrief");
}

/** Clicks a node of the incident map, once it is drawn. */
export async function clickNode(page: Page, name: string): Promise<void> {
  const at = await page.waitForFunction((n) => window.__clusterCrisis.nodeCenter(n), name);
  const { x, y } = (await at.jsonValue()) as { x: number; y: number };
  await page.mouse.click(x, y);
}

/**
 * Phaser hit-tests an interactive object from the frame after it is made, and a software-rendered
 * browser on a busy machine draws few frames: wait for two before clicking what was just drawn.
 */
export const nextFrames = (page: Page): Promise<unknown> =>
  page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/**
 * The screen as the player sees it now: any scene fade has finished (client/ui/transition.ts fades
 * the canvas' CSS opacity) and two more frames were drawn. For screenshots and pixel checks; a state
 * to wait for, not a time.
 */
export async function drawn(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const canvas = document.querySelector("canvas");
    return canvas !== null && getComputedStyle(canvas).opacity === "1";
  });
  await nextFrames(page);
}

/**
 * Waits until `read` (run in the page against the test seam, with `arg`) gives the same value on two
 * frames in a row: a camera glide or a block's slide has come to rest.
 */
export async function atRest<A = undefined>(
  page: Page,
  read: (s: TestSeam, arg: A) => unknown,
  arg?: A,
): Promise<void> {
  await page.evaluate(() => {
    (window as { __atRest?: string }).__atRest = undefined;
  });
  await page.waitForFunction(
    `(() => {
      const now = JSON.stringify((${read.toString()})(window.__clusterCrisis, ${JSON.stringify(arg ?? null)}));
      const same = window.__atRest === now;
      window.__atRest = now;
      return same;
    })()`,
    null,
    { polling: "raf" },
  );
}

/** Types a line into the kubectl console (opening and closing it with the backtick key). */
export async function kubectl(page: Page, line: string): Promise<void> {
  await page.keyboard.press("`");
  await page.waitForSelector(CONSOLE_INPUT, { state: "visible" });
  await page.fill(CONSOLE_INPUT, line);
  await page.press(CONSOLE_INPUT, "Enter");
  await page.press(CONSOLE_INPUT, "`");
  await page.waitForSelector(CONSOLE_INPUT, { state: "hidden" });
}

export const CONSOLE_INPUT = ".cc-console-input";

/** The first pending pod the scheduler's panel draws, once there is one. */
export async function pendingPod(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    const s = window.__clusterCrisis;
    return s.state?.pods.some((p) => p.nodeName === "" && s.podCenter(p.name) !== null) === true;
  });
  return seam(
    page,
    (s) => s.state!.pods.find((p) => p.nodeName === "" && s.podCenter(p.name) !== null)!.name,
  );
}

/**
 * First Light's nodes are fully requested: its report workers are scaled away, and this waits until
 * they are gone (a terminating pod's requests hold its room until then), so placed pods fit.
 */
export async function makeRoom(page: Page): Promise<void> {
  await kubectl(page, "kubectl scale deployment/worker --replicas=0");
  await page.waitForFunction(() => {
    const state = window.__clusterCrisis.state;
    return (
      state?.deployments.find((d) => d.name === "worker")?.readyReplicas === 0 &&
      !state.pods.some((p) => p.name.startsWith("worker-"))
    );
  });
}

/** Presses the mouse on a pod block and moves it over a node, in steps, as a player drags. */
export async function dragOver(page: Page, pod: string, node: string): Promise<void> {
  const from = await page.evaluate((p) => window.__clusterCrisis.podCenter(p), pod);
  const to = await page.evaluate((n) => window.__clusterCrisis.nodeCenter(n), node);
  if (!from || !to) throw new Error(`cannot drag ${pod} onto ${node}: one of them is not drawn`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await nextFrames(page); // the marks and the hover line reach the canvas
}
