import { existsSync, mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSeam } from "../../client/testSeam.ts";
import { CLIENT_DIST } from "../../server/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { startGameServer } from "../support/server.ts";

const ARTIFACTS = new URL("../../artifacts/", import.meta.url).pathname;

describe("playing in a real browser", () => {
  let server: Awaited<ReturnType<typeof startGameServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CLIENT_DIST))
      throw new Error("The client is not built: run `npm run build` first (npm test does).");
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startGameServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on("pageerror", (error) => console.error("page error:", error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Runs `read` in the page against the test seam (functions are sent as source text).
  const seam = <T>(read: (s: TestSeam) => T): Promise<T> =>
    page.evaluate(`(${read.toString()})(window.__clusterCrisis)`) as Promise<T>;

  it("boots to the title screen and draws on the WebGL canvas", async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__clusterCrisis?.scene === "Title");
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

  it("plays: joins the room, shows the nodes, and cordons one with a click", async () => {
    const play = await page.evaluate(() => {
      const rect = document.querySelector("canvas")!.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + (470 / 720) * rect.height };
    });
    await page.mouse.click(play.x, play.y);
    await page.waitForFunction(
      () =>
        window.__clusterCrisis.scene === "Cluster" && (window.__clusterCrisis.state?.nodes.length ?? 0) > 0,
    );
    const nodes = await seam((s) =>
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

    const target = await seam((s) => s.nodeCenter("node-b2"));
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    await page.waitForFunction(
      () => window.__clusterCrisis.state?.nodes.find((n) => n.name === "node-b2")?.unschedulable === true,
    );
    const after = await seam((s) => s.state!.nodes.filter((n) => n.unschedulable).map((n) => n.name));
    expect(after).toEqual(["node-b2"]);
    await page.waitForTimeout(300); // let the card's redraw reach the canvas for the screenshot
    await page.screenshot({ path: `${ARTIFACTS}cluster-cordoned.png` });
  });
});
