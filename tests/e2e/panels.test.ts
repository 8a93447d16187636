import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, drawn, gameUnderTest, playSolo, seam } from "../support/game.ts";

const game = gameUnderTest();

/** A solo round in the given language, on the incident screen with its services in view. */
async function soloRound(lang: "en" | "ko"): Promise<Page> {
  const page = await playSolo(game.browser, game.server.url, { lang });
  await page.waitForFunction(() => (window.__clusterCrisis.state?.services.length ?? 0) > 0);
  // A write before etcd's first leader (about 1 s into the round) is refused: wait for one.
  await page.waitForFunction(() => window.__clusterCrisis.state?.etcd.some((m) => m.role === "leader"));
  return page;
}

const INPUT = ".cc-console-input";

/** Runs kubectl lines in the console, waits until `done` holds in the page, and closes the console. */
async function kubectl(page: Page, lines: readonly string[], done: string): Promise<void> {
  await page.keyboard.press("`");
  await page.waitForSelector(INPUT, { state: "visible" });
  for (const line of lines) {
    await page.fill(INPUT, line);
    await page.press(INPUT, "Enter");
  }
  await page.waitForFunction(done);
  await page.press(INPUT, "`");
  await page.waitForSelector(INPUT, { state: "hidden" });
}

/** Cordons a node through the console, so the log gets an event whose why we know. */
const cordon = (page: Page, node: string) =>
  kubectl(
    page,
    [`kubectl cordon ${node}`],
    `window.__clusterCrisis.state?.nodes.find((x) => x.name === ${JSON.stringify(node)})?.unschedulable === true`,
  );

describe("the incident screen's SLO, score and event panels", { timeout: 180_000 }, () => {
  it("charts the services, scores the objective in words and explains each event", async () => {
    const page = await soloRound("en");
    try {
      const node = await seam(page, (s) => s.state!.nodes[0]!.name);
      await cordon(page, node);
      await page.waitForFunction(
        (n) =>
          window.__clusterCrisis
            .eventLines()
            .some((l) => l.includes("NodeNotSchedulable") && l.includes(`node/${n}`)),
        node,
      );
      const lines = await seam(page, (s) => s.eventLines());
      const cordoned = lines.find((l) => l.includes("NodeNotSchedulable"))!;
      // kubectl's columns, then the why in plain words.
      expect(cordoned).toMatch(/^\d+s\s+Normal\s+NodeNotSchedulable\s+node\//);
      expect(cordoned).toContain("cordoned: no new pods land here");
      // Every line has a why, and none falls back to the generic one.
      for (const line of lines) expect(line.split("\n")[1]?.trim().length).toBeGreaterThan(10);
      expect(lines.join("\n")).not.toContain("an event from a component");

      // The SLO panel shows the most troubled services first, as many as fit.
      const state = await seam(page, (s) =>
        s.state!.services.map((x) => ({ name: x.name, a: x.availability })),
      );
      const shown = await seam(page, (s) => s.sloServices());
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.length).toBeLessThanOrEqual(state.length);
      for (const name of shown) expect(state.map((x) => x.name)).toContain(name);

      // The score panel: the objective in words, not the checks' kind ids.
      const score = await seam(page, (s) => s.scoreLines());
      expect(score[0]).toBe("OBJECTIVE · SCORE");
      const checks = score.filter((l) => /^[✓✗]/.test(l));
      expect(checks.length).toBeGreaterThan(0);
      for (const check of checks)
        expect(check).not.toMatch(
          /^[✓✗]\s+(availability|p99Latency|podsPending|etcdLeader|nodesReady|readyReplicas)$/,
        );
      expect(score.some((l) => l.startsWith("Actions"))).toBe(true);

      // Every number explains itself on hover: what wins the round (its chip), the budget left.
      const hover = async (x: number, y: number, expected: string) => {
        const canvas = await page.evaluate(() => {
          const c = document.querySelector("canvas")!.getBoundingClientRect();
          return { x: c.x, y: c.y, scale: c.width / 1280 };
        });
        await page.mouse.move(canvas.x + x * canvas.scale, canvas.y + y * canvas.scale, { steps: 3 });
        await page.waitForFunction((e) => window.__clusterCrisis.scoreExplanation().startsWith(e), expected);
      };
      // The score panel is at (912, 530), 344 wide: the chip ends 12 px from its right edge.
      await hover(1218, 545, "Restore every check below");
      await hover(960, 584, "Error budget left: the failures the availability targets (web ≥ 99%) allow");

      // Take a service's pods away, so the picture shows a breach: red ▼, the budget burning, warnings.
      const deployment = await seam(page, (s) => s.state!.deployments[0]!.name);
      await kubectl(
        page,
        [`kubectl scale deployment ${deployment} --replicas=0`],
        "window.__clusterCrisis.state?.services.some((s) => s.availability < 0.99)",
      );
      await page.waitForFunction(() => (window.__clusterCrisis.state?.timeMs ?? 0) > 25_000);
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}incident-panels.png` });

      // Only the newest few fit: the wheel over the log reads further back.
      const others = await seam(page, (s) => s.state!.nodes.slice(1, 3).map((n) => n.name));
      await kubectl(
        page,
        others.map((n) => `kubectl cordon ${n}`),
        "window.__clusterCrisis.state?.nodes.filter((n) => n.unschedulable).length === 3",
      );
      await page.waitForFunction(
        (n) => window.__clusterCrisis.eventLines().some((l) => l.includes(`node/${n}`)),
        others[1],
      );
      const withoutAge = (line: string) => line.replace(/^\S+\s+/, "");
      const before = (await seam(page, (s) => s.eventLines())).map(withoutAge);
      expect(before).toHaveLength(4);
      const log = await page.evaluate(() => {
        const r = document.querySelector("canvas")!.getBoundingClientRect();
        const k = r.width / 1280;
        return { x: r.left + (24 + 240) * k, y: r.top + (530 + 100) * k };
      });
      await page.mouse.move(log.x, log.y);
      await page.mouse.wheel(0, 100);
      await page.waitForFunction(
        (second) => window.__clusterCrisis.eventLines()[0]?.replace(/^\S+\s+/, "") === second,
        before[1],
      );
      await drawn(page);
      await page.screenshot({
        path: `${ARTIFACTS}incident-events-scrolled.png`,
        clip: { x: log.x - 260, y: log.y - 120, width: 520, height: 190 },
      });
      // The keyboard reads the log too: Page Up back to the newest.
      await page.keyboard.press("PageUp");
      await page.waitForFunction(
        (first) => window.__clusterCrisis.eventLines()[0]?.replace(/^\S+\s+/, "") === first,
        before[0],
      );
    } finally {
      await page.close();
    }
  });

  it("says the whys in Korean", async () => {
    const page = await soloRound("ko");
    try {
      const node = await seam(page, (s) => s.state!.nodes[0]!.name);
      await cordon(page, node);
      await page.waitForFunction(() =>
        window.__clusterCrisis.eventLines().some((l) => l.includes("NodeNotSchedulable")),
      );
      const lines = await seam(page, (s) => s.eventLines());
      expect(lines.find((l) => l.includes("NodeNotSchedulable"))).toContain("cordon됨: 새 파드는 오지 않고");
      expect((await seam(page, (s) => s.scoreLines()))[0]).toBe("목표 · 점수");
      await page.waitForFunction(() => (window.__clusterCrisis.state?.timeMs ?? 0) > 12_000);
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}incident-panels-ko.png` });
    } finally {
      await page.close();
    }
  });
});
