import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentLayout } from "../../client/ui/layout.ts";
import {
  ARTIFACTS,
  atRest,
  drawn,
  type GameUnderTest,
  playSolo,
  seam,
  startGameUnderTest,
  stopGameUnderTest,
} from "../support/game.ts";
import { podTotal, syntheticCluster } from "../support/syntheticCluster.ts";

let server: GameUnderTest["server"];
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ server, browser } = await startGameUnderTest());
  page = await playSolo(browser, server.url);
});

afterAll(async () => {
  await page?.close();
  await stopGameUnderTest({ server, browser });
});

/** Replaces the server's nodes on the map with a made-up cluster of `nodes` nodes. */
async function feed(nodes: number, zones: number): Promise<void> {
  const cluster = syntheticCluster(nodes, zones);
  await page.evaluate((c) => window.__clusterCrisis.mapFeed(c.nodes, c.pods), cluster);
  await page.waitForFunction((n) => window.__clusterCrisis.mapZones.length > 0 && n > 0, nodes);
}

const level = () => seam(page, (s) => s.mapLevel);
const shot = async (name: string) => {
  await atRest(page, (s) => [s.mapZoom, s.mapLevel]); // the zoom glides
  await drawn(page);
  // Generous: the browser tests share two cores with everything else.
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, timeout: 60_000 });
};

/** Whether a page point is inside the map's region (the canvas is drawn at 1:1 at 1280×720). */
const onMap = (at: { x: number; y: number } | null) => {
  const { x, y, width, height } = incidentLayout.map;
  return at !== null && at.x >= x && at.x <= x + width && at.y >= y && at.y <= y + height;
};

/** Waits until the selected node's card is centred somewhere on the map (the camera glides there). */
const selectedOnMap = () =>
  page.waitForFunction((map) => {
    const s = window.__clusterCrisis;
    const at = s.selectedNode ? s.nodeCenter(s.selectedNode) : null;
    return (
      at !== null && at.x >= map.x && at.x <= map.x + map.width && at.y >= map.y && at.y <= map.y + map.height
    );
  }, incidentLayout.map);

describe("the cluster map at every size", () => {
  it("shows a small cluster as full cards at the fit zoom, and zooms with the keys", async () => {
    expect(await level()).toBe("cards");
    const names = await seam(page, (s) => s.state!.nodes.map((n) => n.name));
    for (const name of names)
      expect(onMap(await page.evaluate((n) => window.__clusterCrisis.nodeCenter(n), name))).toBe(true);
    await shot("map-6-fit");
    const fit = await seam(page, (s) => s.mapZoom);
    await page.keyboard.press("+");
    await page.waitForFunction((z) => window.__clusterCrisis.mapZoom > z, fit);
    await shot("map-6-zoomed");
    await page.keyboard.press("0");
    await page.waitForFunction((z) => Math.abs(window.__clusterCrisis.mapZoom - z) < 1e-6, fit);
  });

  it("opens a dozen nodes in three zones (Launch Day's size) as legible compact tiles", async () => {
    await feed(12, 3);
    expect(await level()).toBe("tiles");
    await shot("map-12-fit");
  });

  it("draws about fifty nodes as compact tiles, and cards when zoomed in", async () => {
    await feed(50, 3);
    expect(await level()).toBe("tiles");
    expect(await seam(page, (s) => s.mapZones.length)).toBe(3);
    await shot("map-50-fit");
    for (let i = 0; i < 6 && (await level()) !== "cards"; i++) {
      await page.keyboard.press("+");
      await atRest(page, (s) => s.mapZoom); // the zoom glides unless motion is reduced
    }
    await page.waitForFunction(() => window.__clusterCrisis.mapLevel === "cards");
    await shot("map-50-zoomed");
  });

  it("aggregates 500 nodes into a heat grid per zone with the zones' summaries", async () => {
    const cluster = syntheticCluster(500, 4);
    expect(podTotal(cluster)).toBeGreaterThanOrEqual(5000);
    await feed(500, 4);
    await page.keyboard.press("0");
    await page.waitForFunction(() => window.__clusterCrisis.mapLevel === "heat");
    const zones = await seam(page, (s) => s.mapZones);
    expect(zones).toHaveLength(4);
    for (const zone of zones)
      expect(zone).toMatch(
        /ZONE zone-[a-d] · \d+\/125 nodes Ready · pods \d+\/\d+ ready · CPU \d+% requested/,
      );
    // Aggregated: a node is too small to aim at, so the seam has no centre for it.
    expect(await page.evaluate(() => window.__clusterCrisis.nodeCenter("node-a-001"))).toBeNull();
    // Hovering a cell names its node (after the fit glide, which hides the tooltip while it moves).
    await atRest(page, (s) => s.mapZoom);
    await page.mouse.move(300, 300);
    await page.mouse.move(302, 302);
    await shot("map-500-fit");
  });

  it("zooms in to cards with the keyboard, and the selection walks the nodes with the map following", async () => {
    for (let i = 0; i < 8 && (await level()) !== "cards"; i++) {
      await page.keyboard.press("+");
      await atRest(page, (s) => s.mapZoom);
    }
    expect(await level()).toBe("cards");
    await page.keyboard.press("ArrowRight");
    expect(await seam(page, (s) => s.selectedNode)).toBe("node-a-001");
    for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowDown");
    const selected = await seam(page, (s) => s.selectedNode);
    expect(selected).not.toBe("node-a-001");
    expect(selected).toMatch(/^node-a-/);
    // The map panned to keep the selected node on screen.
    await selectedOnMap();
    for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
    const later = await seam(page, (s) => s.selectedNode);
    expect(later).not.toBe(selected);
    await selectedOnMap();
    await shot("map-500-zoomed");
  });

  it("zooms in to a node when a heat-grid cell is clicked", async () => {
    await page.keyboard.press("0");
    // The level turns to heat partway through the glide back to fit; a click while the camera still
    // moves would stop it short of the grid this click aims at. Wait until it has arrived.
    await page.waitForFunction(() => {
      const s = window.__clusterCrisis;
      return s.mapLevel === "heat" && Math.abs(s.mapZoom - s.mapFitZoom) < 1e-6;
    });
    const { x, y, width, height } = incidentLayout.map;
    await page.mouse.click(x + width * 0.3, y + height * 0.6);
    await page.waitForFunction(() => window.__clusterCrisis.mapLevel === "cards");
    expect(await seam(page, (s) => s.selectedNode)).not.toBeNull();
    await selectedOnMap();
  });
});
