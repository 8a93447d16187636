import { existsSync, mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
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
  await page.waitForFunction((l) => window.__clusterCrisis.buttonCenter(l) !== null, label);
  const at = await page.evaluate((l) => window.__clusterCrisis.buttonCenter(l), label);
  await page.mouse.click(at!.x, at!.y);
}
