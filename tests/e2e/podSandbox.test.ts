/**
 * The pause container lesson in the browser (issue 15): in Kubelet's Bad Day a crash-looping pod
 * keeps its IP, and the player meets why three times — in `kubectl describe pod`, in the BackOff
 * event's why-line, and in the debrief's lesson card.
 */
import { describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  CONSOLE_INPUT,
  clickButton,
  drawn,
  endRound,
  gameUnderTest,
  hostWorkshop,
  nextFrames,
  openGame,
  seam,
  startScenario,
} from "../support/game.ts";

const game = gameUnderTest();

const OUTPUT = ".cc-console-output";

describe("Kubelet's Bad Day shows the pod sandbox", () => {
  it("a crash-looping pod's describe names its pause container, its BackOff says why, the debrief teaches it", async () => {
    const page = await openGame(game.browser, game.server.url);
    try {
      await hostWorkshop(page, "Facilitator");
      await clickButton(page, "role:operator");
      // The lobby redraws its buttons for the role: they take clicks from the next frames on.
      await page.waitForFunction(() =>
        window.__clusterCrisis.state?.players.some(
          (p) => p.name === "Facilitator" && p.roles.includes("operator"),
        ),
      );
      await nextFrames(page);
      await startScenario(page, "kubelets-bad-day");
      await page.waitForFunction(() => (window.__clusterCrisis.state?.nodes.length ?? 0) > 0);
      // The thumbnailer's memory outgrows its limit a minute in: run the clock fast until a pod has
      // been OOMKilled and restarted twice, then back to 1× to read.
      await clickButton(page, "10×");
      await page.waitForFunction(() =>
        window.__clusterCrisis.state?.pods.some((p) => p.deployment === "thumbnailer" && p.restarts >= 2),
      );
      await clickButton(page, "1×");
      const pod = await seam(
        page,
        (s) => s.state!.pods.find((p) => p.deployment === "thumbnailer" && p.restarts >= 2)!,
      );
      expect(pod.podIP).toMatch(/^10\.244\.\d+\.\d+$/);

      await page.waitForFunction(() =>
        window.__clusterCrisis.eventLines().some((l) => l.includes("the pause container keeps the pod's IP")),
      );

      await page.keyboard.press("`");
      await page.waitForSelector(CONSOLE_INPUT, { state: "visible" });
      await page.fill(CONSOLE_INPUT, `kubectl describe pod ${pod.name}`);
      await page.press(CONSOLE_INPUT, "Enter");
      await page.waitForFunction((ip) => {
        const text = document.querySelector(".cc-console-output")?.textContent ?? "";
        return text.includes("a pause container that only sleeps") && text.includes(`holds ${ip}`);
      }, pod.podIP);
      const printed = (await page.textContent(OUTPUT)) ?? "";
      expect(printed).toContain("PodReadyToStartContainers   True");
      expect(printed).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+OOMKilled/);
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}pod-sandbox-describe.png` });
      await page.press(CONSOLE_INPUT, "`");
      await page.waitForSelector(CONSOLE_INPUT, { state: "hidden" });

      // On the map, the pod's tooltip says whose IP it is.
      const at = await page.waitForFunction((name) => window.__clusterCrisis.mapPodCenter(name), pod.name);
      const { x, y } = (await at.jsonValue()) as { x: number; y: number };
      await page.mouse.move(x, y);
      await page.waitForFunction(
        (ip) =>
          window.__clusterCrisis
            .texts()
            .some((t) => t.text.includes(`IP ${ip} through every restart: the pause container holds it`)),
        pod.podIP,
      );
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}pod-sandbox-incident.png` });

      await endRound(page);
      await page.waitForFunction(
        () => window.__clusterCrisis.debrief()?.lessons.includes("podSandbox") === true,
      );
      // Tab to its lesson card and open it.
      for (let i = 0; i < 40 && (await seam(page, (s) => s.debrief()!.focus)) !== "lesson:podSandbox"; i++)
        await page.keyboard.press("Tab");
      expect(await seam(page, (s) => s.debrief()!.focus)).toBe("lesson:podSandbox");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => window.__clusterCrisis.debrief()?.expanded === "podSandbox");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}pod-sandbox-debrief.png` });
    } finally {
      await page.close();
    }
  });
});
