import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, atRest, clickButton, drawn, gameUnderTest, seam } from "../support/game.ts";
import { overlaps } from "../support/textBoxes.ts";

const PLAYER = "Puzzler";

const game = gameUnderTest();

/** Drags a pod block with the mouse onto a node card (or, with node "", back to the queue). */
async function dragPod(page: Page, pod: string, node: string): Promise<void> {
  await page.waitForFunction((p) => window.__clusterCrisis.podCenter(p) !== null, pod);
  await atRest(page, (s, p) => s.podCenter(p), pod); // the block's slide into place
  const from = await page.evaluate((p) => window.__clusterCrisis.podCenter(p), pod);
  const to = await page.evaluate(
    (n) => (n === "" ? window.__clusterCrisis.queueCenter() : window.__clusterCrisis.nodeCenter(n)),
    node,
  );
  expect(from).not.toBeNull();
  expect(to).not.toBeNull();
  await page.mouse.move(from!.x, from!.y);
  await page.mouse.down();
  await page.mouse.move(from!.x + 8, from!.y - 8, { steps: 2 });
  await page.mouse.move(to!.x, to!.y, { steps: 12 });
  // Hovering a node while dragging asks kube-scheduler about it: its answer reaches the canvas.
  await drawn(page);
  await page.mouse.up();
}

describe("solo puzzles in a real browser", () => {
  let page: Page;
  beforeAll(async () => {
    page = await game.browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(game.server.url);
    await page.waitForFunction(() => window.__clusterCrisis?.scene === "Title");
  });
  afterAll(async () => page.close());

  it("picks a puzzle under the player's name, is refused a placement that does not fit, and solves it by dragging", async () => {
    await clickButton(page, "SOLO PUZZLES");
    await page.fill(".cc-form input[name=name]", PLAYER);
    await page.press(".cc-form input[name=name]", "Enter");
    await page.waitForFunction(() => window.__clusterCrisis.scene === "Puzzles");
    await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("puzzle:zone-loss-tight") !== null);
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}puzzle-picker.png` });

    await clickButton(page, "puzzle:first-fit");
    await page.waitForFunction(
      () => window.__clusterCrisis.scene === "Puzzle" && window.__clusterCrisis.puzzle?.id === "first-fit",
    );
    const start = await seam(page, (s) => ({
      player: s.puzzle!.player,
      nodes: s.puzzle!.nodes.map((n) => n.name),
      pending: s.puzzle!.pods.filter((p) => p.node === "").map((p) => p.name),
    }));
    expect(start).toEqual({
      player: PLAYER,
      nodes: ["node-small", "node-large"],
      pending: ["api-1", "web-1"],
    });

    // api-1 asks for 2 CPU: node-small has 1. The scheduler's reason shows beside the node.
    await dragPod(page, "api-1", "node-small");
    await page.waitForFunction(() => window.__clusterCrisis.puzzleNote.includes("Insufficient cpu"));
    expect(await seam(page, (s) => s.puzzleNote)).toMatch(/^Refused: .*Insufficient cpu/);
    expect(await seam(page, (s) => s.puzzle!.moves)).toBe(0);
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}puzzle.png` });

    await dragPod(page, "api-1", "node-large");
    await page.waitForFunction(
      () => window.__clusterCrisis.puzzle?.pods.find((p) => p.name === "api-1")?.node === "node-large",
    );
    await dragPod(page, "web-1", "node-small");
    await page.waitForFunction(() => window.__clusterCrisis.puzzle?.complete === true);
    const solved = await seam(page, (s) => ({
      stars: s.puzzle!.stars,
      moves: s.puzzle!.moves,
      value: s.puzzle!.value,
      optimum: s.puzzle!.optimum,
    }));
    expect(solved).toEqual({ stars: 3, moves: 2, value: 2, optimum: 2 });
    // The result panel is up, with the way on to the next puzzle.
    await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("NEXT PUZZLE  ▶") !== null);

    // The solved puzzle is stored under the player's name, on the puzzle's board.
    await page.waitForFunction(() => (window.__clusterCrisis.puzzle?.resultId ?? 0) > 0);
    const response = await fetch(`${game.server.url}api/leaderboards/puzzle:first-fit`);
    expect(response.ok).toBe(true);
    const board = (await response.json()) as { rows: { player: string; moves: number }[] };
    expect(board.rows).toContainEqual(expect.objectContaining({ player: PLAYER, moves: 2 }));
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}puzzle-solved.png` });

    // Next puzzle: the same room opens puzzle 02.
    await clickButton(page, "NEXT PUZZLE  ▶");
    await page.waitForFunction(() => window.__clusterCrisis.puzzle?.order === 2);
    expect(await seam(page, (s) => s.puzzle!.complete)).toBe(false);

    // Puzzle 02 teaches "requests, not limits": each worker's card shows both, and all four fit
    // on the 2-CPU node though their limits add up to 8 CPU.
    await page.waitForFunction(() =>
      window.__clusterCrisis.texts().some((t) => t.text === "limits 2 cpu · 2Gi"),
    );
    const cards = (await seam(page, (s) => s.texts())).map((t) => t.text);
    expect(cards.filter((text) => text === "requests 500m cpu · 512Mi")).toHaveLength(4);
    expect(cards.filter((text) => text === "limits 2 cpu · 2Gi")).toHaveLength(4);
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}puzzle-requests-not-limits.png` });
    for (const worker of ["worker-1", "worker-2", "worker-3", "worker-4"]) {
      await dragPod(page, worker, "node-1");
      await page.waitForFunction(
        (w) => window.__clusterCrisis.puzzle?.pods.find((p) => p.name === w)?.node === "node-1",
        worker,
      );
    }
    await page.waitForFunction(() => window.__clusterCrisis.puzzle?.complete === true);
    // On the node the card still says what it is placed by and what it may burst to.
    await page.waitForFunction(() =>
      window.__clusterCrisis.texts().some((t) => t.text === "requests 500m / limits 2 cpu"),
    );
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}puzzle-requests-not-limits-placed.png` });
  });

  it("puzzle 30 shows its PodDisruptionBudgets from the start, waits for SUBMIT once they hold, and reaches ★★★", async () => {
    await clickButton(page, "◀  PUZZLES");
    await clickButton(page, "puzzle:drain-two-budgets");
    await page.waitForFunction(() => window.__clusterCrisis.puzzle?.id === "drain-two-budgets");
    const texts = async () => (await seam(page, (s) => s.texts())).flatMap((t) => t.text.split("\n"));
    // Before any move: both budgets, each with one of its pods left running after the drain.
    await page.waitForFunction(() =>
      window.__clusterCrisis.texts().some((t) => t.text.includes("PODDISRUPTIONBUDGETS")),
    );
    expect(await texts()).toEqual(
      expect.arrayContaining([
        "PODDISRUPTIONBUDGETS",
        "✗ api-pdb · app=api · 1 running, minAvailable 2",
        "✗ db-pdb · app=db · 1 running, minAvailable 2",
      ]),
    );
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}puzzle-budgets.png` });

    // The lesson's advice: first the pods the budgets wait for. Both hold: ready, not finished.
    await dragPod(page, "db-2", "node-3");
    await page.waitForFunction(
      () => window.__clusterCrisis.puzzle?.pods.find((p) => p.name === "db-2")?.node === "node-3",
    );
    await dragPod(page, "api-3", "node-1");
    await page.waitForFunction(() => window.__clusterCrisis.puzzle?.ready === true);
    expect(await seam(page, (s) => [s.puzzle!.complete, s.puzzle!.stars])).toEqual([false, 2]);
    await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("SUBMIT  ★★☆") !== null);
    expect(await texts()).toEqual(
      expect.arrayContaining([
        "✓ api-pdb · app=api · 2 running, minAvailable 2",
        "✓ db-pdb · app=db · 2 running, minAvailable 2",
      ]),
    );
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}puzzle-budgets-hold.png` });

    // Then the rest where they fit: the optimum finishes by itself, with the stars it shows.
    await dragPod(page, "api-5", "node-2");
    await page.waitForFunction(() => window.__clusterCrisis.puzzle?.complete === true);
    expect(await seam(page, (s) => [s.puzzle!.stars, s.puzzle!.value, s.puzzle!.optimum])).toEqual([3, 3, 3]);
    await page.waitForFunction(() => (window.__clusterCrisis.puzzle?.resultId ?? 0) > 0);
    await page.waitForFunction(() =>
      window.__clusterCrisis.texts().some((t) => t.text === "That was the last puzzle — well played!"),
    );
    await drawn(page);
    await page.screenshot({ path: `${ARTIFACTS}puzzle-last-solved.png` });
    const panel = (await seam(page, (s) => s.texts())).filter((t) => t.scene === "Puzzle" && t.depth === 30);
    const shown = panel.map((t) => t.text);
    // The stars awarded are the stars drawn; kube-scheduler's unfinished answer is words, not stars.
    expect(shown).toContain("★★★");
    expect(shown).toContain("3, stuck");
    expect(shown.some((text) => text.startsWith("Saved to the puzzle's leaderboard."))).toBe(true);
    expect(overlaps(panel)).toEqual([]);
    // Every note clears the button under it (drawn above the panel, it once hid the last line).
    const button = await seam(page, (s) => s.buttonCenter("ALL PUZZLES  ▶"));
    expect(button).not.toBeNull();
    const lowest = Math.max(...panel.filter((t) => t.y > 400).map((t) => t.y + t.height));
    expect(lowest).toBeLessThanOrEqual(button!.y - 22);
  });
});
