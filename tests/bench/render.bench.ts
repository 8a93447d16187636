/**
 * `npm run bench:render -- [--nodes N] [--zones N] [--seconds N]`
 *
 * The incident map's rendering cost in a real browser: the built client served by a game server
 * on loopback, Debian's Chromium (software WebGL, as in the browser tests), a solo game whose map
 * is fed a made-up cluster of 500 nodes and about 5 500 pods (no scenario is that big; see
 * tests/support/syntheticCluster.ts), changed every 100 ms the way server ticks change it. Frame
 * times come from requestAnimationFrame in the page, over three phases of `--seconds` each: at the
 * fit zoom (the aggregated heat grid), zooming in and out with the wheel through every level of
 * detail, and panning by dragging at card level. A benchmark, not a pass/fail timing: the numbers
 * depend on the machine and on software rendering.
 */
import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { incidentLayout } from "../../client/ui/layout.ts";
import { CLIENT_DIST } from "../../server/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { startGameServer } from "../support/server.ts";
import { podTotal, syntheticCluster } from "../support/syntheticCluster.ts";
import { ascending, benchOptions, printTable, quantile, wholeNumber } from "./cli.ts";

const usage = "usage: npm run bench:render -- [--nodes N] [--zones N] [--seconds N]";
const options = benchOptions(
  usage,
  { nodes: { type: "string" }, zones: { type: "string" }, seconds: { type: "string" } },
  (values) => ({
    nodes: wholeNumber(values.nodes, 500, "nodes", { max: 2000 }),
    zones: wholeNumber(values.zones, 4, "zones", { max: 26 }),
    seconds: wholeNumber(values.seconds, 10, "seconds", { max: 120 }),
  }),
);

if (!existsSync(CLIENT_DIST)) {
  console.error("The client is not built: run `npm run build` first.");
  process.exit(1);
}

declare global {
  interface Window {
    /** The frame intervals being measured, and whether the measuring loop goes on. */
    __frames: number[];
    __measuring: boolean;
  }
  interface Performance {
    /** Chromium's heap figures (not standard, so optional). */
    readonly memory?: { readonly usedJSHeapSize: number };
  }
}

interface PhaseResult {
  readonly phase: string;
  readonly level: string;
  readonly frames: number;
  readonly fps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly heapMB: number;
}

const server = await startGameServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(server.url);
  await page.waitForFunction(() => window.__clusterCrisis?.buttonCenter("PLAY SOLO") !== null);
  const play = await page.evaluate(() => window.__clusterCrisis.buttonCenter("PLAY SOLO"));
  await page.mouse.click(play!.x, play!.y);
  // A new browser is asked its name once.
  await page.fill(".cc-form input[name=name]", "Bench");
  await page.press(".cc-form input[name=name]", "Enter");
  await page.waitForFunction(
    () =>
      window.__clusterCrisis.scene === "Incident" && (window.__clusterCrisis.state?.nodes.length ?? 0) > 0,
  );

  const results: PhaseResult[] = [];
  // The same screen with the scenario's own six nodes: what the rest of the incident screen costs.
  await page.waitForTimeout(1500);
  results.push(await measure(page, "baseline: 6 nodes", options.seconds, () => page.waitForTimeout(100)));

  const cluster = syntheticCluster(options.nodes, options.zones);
  // The cluster lives in the page; every 100 ms a few nodes change (pods start, finish, fail), as
  // a server tick changes them, and the map is fed the new arrays.
  await page.evaluate((c) => {
    const nodes = c.nodes;
    let tick = 0;
    window.__clusterCrisis.mapFeed(nodes, c.pods);
    setInterval(() => {
      tick++;
      for (let k = 0; k < 5; k++) {
        const i = (tick * 31 + k * 97) % nodes.length;
        const node = nodes[i]!;
        const ready = node.podsReady === node.podCount ? node.podCount - 1 : node.podCount;
        nodes[i] = { ...node, podsReady: node.ready === "True" ? ready : 0 };
      }
      window.__clusterCrisis.mapFeed([...nodes], c.pods);
    }, 100);
  }, cluster);
  await page.waitForTimeout(1500); // warm-up: textures, shaders, the first layout

  results.push(await measure(page, "fit zoom, ticking", options.seconds, () => page.waitForTimeout(100)));
  const { x, y, width, height } = incidentLayout.map;
  const cx = x + width / 2;
  const cy = y + height / 2;
  await page.mouse.move(cx, cy);
  results.push(
    await measure(page, "wheel zoom in/out", options.seconds, async (elapsed) => {
      // Twelve notches in, twelve out: from the heat grid through tiles to cards and back.
      const inward = Math.floor(elapsed / 1200) % 2 === 0;
      await page.mouse.wheel(0, inward ? -120 : 120);
      await page.waitForTimeout(100);
    }),
  );
  await page.keyboard.press("0");
  for (let i = 0; i < 10 && (await page.evaluate(() => window.__clusterCrisis.mapLevel)) !== "cards"; i++)
    await page.keyboard.press("+");
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  results.push(
    await measure(page, "drag pan at card level", options.seconds, async (elapsed) => {
      const angle = elapsed / 700;
      await page.mouse.move(cx + Math.cos(angle) * 300, cy + Math.sin(angle) * 150, { steps: 4 });
    }),
  );
  await page.mouse.up();

  console.log(`\nbench:render — ${new Date().toISOString()}, Chromium (SwiftShader WebGL), 1280×720\n`);
  console.log(
    `cluster: ${cluster.nodes.length} nodes in ${options.zones} zones, ${podTotal(cluster)} pods (${cluster.pods.length} needing attention); the map changes 5 nodes every 100 ms\n`,
  );
  const header = ["phase", "level", "frames", "fps", "p50 ms", "p95 ms", "p99 ms", "max ms", "JS heap"];
  printTable(
    header,
    results.map((r) => [
      r.phase,
      r.level,
      String(r.frames),
      r.fps.toFixed(1),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
      r.p99.toFixed(1),
      r.max.toFixed(1),
      `${r.heapMB.toFixed(0)} MB`,
    ]),
  );
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);

/**
 * Frame intervals from requestAnimationFrame over `seconds`, while `act` (given the elapsed ms)
 * drives the input; the level is the map's level of detail at the end (the zoom phase crosses all).
 */
async function measure(
  page: Page,
  phase: string,
  seconds: number,
  act: (elapsed: number) => Promise<void>,
): Promise<PhaseResult> {
  await page.evaluate(() => {
    const frames: number[] = [];
    let last = performance.now();
    window.__frames = frames;
    window.__measuring = true;
    const loop = (now: number) => {
      frames.push(now - last);
      last = now;
      if (window.__measuring) requestAnimationFrame(loop);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(loop);
    });
  });
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) await act(Date.now() - started);
  const { frames, heap, level } = await page.evaluate(() => {
    window.__measuring = false;
    return {
      frames: window.__frames,
      heap: performance.memory?.usedJSHeapSize ?? 0,
      level: window.__clusterCrisis.mapLevel,
    };
  });
  const sorted = ascending(frames);
  const pct = (q: number) => quantile(sorted, q) || 0;
  const total = frames.reduce((a, b) => a + b, 0);
  return {
    phase,
    level: phase.startsWith("wheel") ? "all" : level,
    frames: frames.length,
    fps: total > 0 ? (frames.length * 1000) / total : 0,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    max: sorted.at(-1) ?? 0,
    heapMB: heap / 2 ** 20,
  };
}
