import type Phaser from "phaser";
import { t } from "../../i18n/index.ts";
import { en, type MessageKey } from "../../i18n/strings.ts";
import type { PuzzleView } from "../../net/puzzle.ts";
import { colors, css, textStyle } from "../theme.ts";
import { starText } from "./format.ts";
import { hintPick, hintScores, hintShortVerdict, hintVerdict } from "./hintText.ts";
import { puzzleLayout } from "./layout.ts";
import type { PuzzleScreenSession } from "./session.ts";

const { explain: AREA } = puzzleLayout;
const SIDE_X = AREA.x;
const EXPLAIN_TOP = AREA.y;
const QUEUE_BOTTOM = AREA.y + AREA.height;

/**
 * kube-scheduler's panel: its answer about the pod and node the player looks at (or, after HINT,
 * about the pod on every node with the strategy for this kind of puzzle), what is still to do, and a
 * drain puzzle's budgets at its foot.
 */
export class ExplainPanel {
  private readonly session: PuzzleScreenSession;
  private readonly explainTitle: Phaser.GameObjects.Text;
  private readonly explainHead: Phaser.GameObjects.Text;
  private readonly explain: Phaser.GameObjects.Text;
  private readonly todo: Phaser.GameObjects.Text;
  /** A drain puzzle's PodDisruptionBudgets, from the start: what each guards and how many of its pods run. */
  private readonly budgets: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, session: PuzzleScreenSession) {
    this.session = session;
    const inner = AREA.width - 32;
    scene.add
      .graphics()
      .fillStyle(colors.panel, 1)
      .fillRoundedRect(AREA.x, AREA.y, AREA.width, AREA.height, 12);
    this.explainTitle = scene.add.text(SIDE_X + 16, EXPLAIN_TOP + 14, t("puzzle.explainTitle"), {
      ...textStyle(12, colors.accent),
      fontStyle: "bold",
    });
    this.explainHead = scene.add.text(SIDE_X + 16, EXPLAIN_TOP + 36, "", {
      ...textStyle(14, colors.text),
      fontStyle: "bold",
      lineSpacing: 3,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.explain = scene.add.text(SIDE_X + 16, EXPLAIN_TOP + 36, "", {
      ...textStyle(12, colors.text, true),
      lineSpacing: 4,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.todo = scene.add.text(SIDE_X + 16, QUEUE_BOTTOM - 14, "", {
      ...textStyle(12, colors.pending),
      lineSpacing: 3,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.todo.setOrigin(0, 1);
    this.budgets = scene.add
      .text(SIDE_X + 16, QUEUE_BOTTOM - 14, "", {
        ...textStyle(12, colors.text),
        lineSpacing: 4,
        wordWrap: { width: inner, useAdvancedWrap: true },
      })
      .setOrigin(0, 1);
  }

  /** What is still to do and the budgets; hidden (the result shows) once the puzzle is finished. */
  render(view: PuzzleView): void {
    this.todo.setText(
      view.ready && !view.complete
        ? t("puzzle.ready", { stars: starText(view.stars) })
        : view.complete || view.problems.length === 0 || view.moves === 0
          ? ""
          : `${t("puzzle.todo")}\n${view.problems
              .slice(0, 3)
              .map((p) => `· ${p}`)
              .join("\n")}`,
    );
    this.renderBudgets(view);
    for (const part of [this.explainTitle, this.explain, this.explainHead, this.todo, this.budgets])
      part.setVisible(!view.complete);
  }

  refresh(): void {
    if (!this.session.view) return;
    let head = "";
    let headColor: number = colors.text;
    let body = "";
    if (this.session.hintsAll !== "") {
      const pod = this.session.hintsAll;
      head = pod;
      headColor = colors.accent;
      const lines: string[] = [];
      let last = "";
      for (const node of this.session.view.nodes) {
        const answer = this.session.hints.get(`${pod}@${node.name}`);
        if (!answer) {
          lines.push(`… ${node.name}`);
          continue;
        }
        lines.push(`${answer.fits ? "✓" : "✗"} ${node.name}: ${hintShortVerdict(answer)}`);
        last = hintPick(answer);
      }
      if (last) lines.push("", last);
      // The strategy for this kind of puzzle first; then where the pod fits now, node by node.
      body = [strategyHint(this.session.view.objective), "", ...lines].join("\n");
    } else if (this.session.hintWanted !== "") {
      const [pod = "", node = ""] = this.session.hintWanted.split("@");
      const answer = this.session.hints.get(this.session.hintWanted);
      if (answer) {
        head = `${answer.fits ? "✓" : "✗"} ${hintVerdict(answer)}`;
        headColor = answer.fits ? colors.healthy : colors.danger;
        body = [hintScores(answer), hintPick(answer)].filter(Boolean).join("\n");
      } else {
        head = t("puzzle.asking", { pod, node });
        headColor = colors.muted;
      }
    } else {
      body = t("puzzle.explainIdle");
    }
    this.explainHead.setText(head).setColor(css(headColor));
    this.explain
      .setText(body)
      .setColor(css(head === "" ? colors.muted : colors.text))
      .setY(this.explainHead.y + (head === "" ? 0 : this.explainHead.height + 10));
    // Long answers (five nodes, wrapped reasons) get smaller type rather than spill out of the panel.
    // Above what is still to do (its foot is above the budgets when there are any).
    const bottom = this.todo.text === "" ? this.todo.y + 2 : this.todo.y - this.todo.height - 8;
    for (let size = 12; size >= 9; size--) {
      this.explain.setFontSize(size);
      if (this.explain.y + this.explain.height <= bottom) break;
    }
  }

  /** The budgets at the foot of kube-scheduler's panel, and what is still to do above them. */
  private renderBudgets(view: PuzzleView): void {
    const lines = view.budgets.map((b) =>
      t("puzzle.budget", {
        mark: b.running >= b.minAvailable ? "✓" : "✗",
        name: b.name,
        selector: b.selector,
        running: b.running,
        min: b.minAvailable,
      }),
    );
    const hold = view.budgets.every((b) => b.running >= b.minAvailable);
    this.budgets
      .setText(lines.length === 0 ? "" : [t("puzzle.budgets"), ...lines].join("\n"))
      .setColor(css(hold ? colors.healthy : colors.pending));
    this.todo.setY(QUEUE_BOTTOM - 14 - (lines.length === 0 ? 0 : this.budgets.height + 10));
  }
}

/** The HINT's strategy for a kind of puzzle (its objective), in the player's language. */
export function strategyHint(objective: string): string {
  const key = `puzzle.strategy.${objective}`;
  return key in en ? t(key as MessageKey) : "";
}
