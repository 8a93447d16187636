import Phaser from "phaser";
import { en } from "../i18n/areas/events.ts";
import { t } from "../i18n/index.ts";
import type { ClusterView } from "../net/connection.ts";
import type { Rect } from "./layout.ts";
import { explanations, objectiveKind, percent, phaseLine, riskSentences } from "./objective.ts";
import { Explainer } from "./Tooltip.ts";
import { colors, textScale, textStyle } from "./theme.ts";

const PAD = 12;
const barFill = 0x0a1226;

/** One objective kind's checks (a scenario may check several services' availability). */
interface CheckGroup {
  readonly kind: string;
  held: number;
  total: number;
}

/**
 * The objective and the score (incidentLayout.score): what wins the round (recover, survive or
 * versus, and whether it is a tutorial), where it stands in words, the error budget left, what
 * stands in the objective's way, each kind of check held (✓) or not (✗), and the actions each role
 * took. Every number explains itself on hover or keyboard focus. Redraws only when one of them changed.
 */
export class ScorePanel {
  private readonly area: Rect;
  private readonly container: Phaser.GameObjects.Container;
  private readonly scene: Phaser.Scene;
  private readonly explainer: Explainer;
  private key = "";
  /** The lines as drawn, for the test seam. */
  lines: readonly string[] = [];

  constructor(scene: Phaser.Scene, area: Rect) {
    this.scene = scene;
    this.area = area;
    this.container = scene.add.container(0, 0);
    this.explainer = new Explainer(scene);
  }

  /** The explanation showing now ("" for none), for the test seam. */
  get explanation(): string {
    return this.explainer.shown;
  }

  update(view: ClusterView): void {
    const { score } = view;
    const checks = score.checks.map((c) => `${c.kind}${c.holding ? 1 : 0}`).join(",");
    // The budget as shown (one decimal), so its slow burn does not redraw the panel every second.
    const key = [
      view.objectiveKind,
      view.tutorial,
      checks,
      score.incidentAtMs,
      score.timeToRecoveryMs,
      percent(score.errorBudgetLeft),
      JSON.stringify(score.warnings),
      `${score.scheduler},${score.operator},${score.chaos}`,
    ].join("|");
    if (key === this.key) return;
    this.key = key;
    this.draw(view);
  }

  destroy(): void {
    this.container.destroy();
    this.explainer.destroy();
  }

  private draw(view: ClusterView): void {
    const { x, y, width, height } = this.area;
    const scene = this.scene;
    this.container.removeAll(true);
    const g = scene.add.graphics();
    this.container.add(g);
    g.fillStyle(colors.panel, 1).fillRoundedRect(x, y, width, height, 10);
    g.lineStyle(1, colors.panelEdge, 1).strokeRoundedRect(x, y, width, height, 10);
    const bottom = y + height - 4;
    const lines: string[] = [];
    const step = (n: number) => Math.round(n * textScale());
    const text = (
      tx: number,
      ty: number,
      content: string,
      size: number,
      color: number,
      options: { bold?: boolean; wrap?: number } = {},
    ) => {
      const label = scene.add.text(tx, ty, content, {
        ...textStyle(size, color),
        fontStyle: options.bold ? "bold" : "normal",
        ...(options.wrap === undefined ? {} : { wordWrap: { width: options.wrap } }),
      });
      this.container.add(label);
      // With large text not everything fits: what would spill out of the panel is left out.
      if (label.y + label.height > bottom) {
        label.setVisible(false);
        return null;
      }
      lines.push(content);
      return label;
    };
    const explain = (label: Phaser.GameObjects.Text | null, name: string, words: string, w = 0) => {
      if (label === null) return;
      const b = label.getBounds();
      this.explainer.explain(
        this.container,
        new Phaser.Geom.Rectangle(b.x, b.y, Math.max(b.width, w), b.height),
        `score.${name}`,
        words,
      );
    };

    // The title, and what wins the round on the right.
    explain(
      text(x + PAD, y + 8, t("score.title"), 13, colors.accent, { bold: true }),
      "title",
      t("tip.objective"),
    );
    const kind = objectiveKind(view);
    const chip = text(x + width - PAD, y + 9, t(`kind.${kind}`), 11, colors.background, { bold: true });
    if (chip !== null) {
      chip.setOrigin(1, 0);
      const b = chip.getBounds();
      g.fillStyle(
        kind === "recover" ? colors.accent : kind === "survive" ? colors.starting : colors.memory,
        1,
      );
      g.fillRoundedRect(b.x - 7, b.y - 2, b.width + 14, b.height + 4, 7);
      explain(chip, "kind", explanations.kind(view));
      if (view.tutorial) {
        const badge = text(b.x - 18, y + 9, t("tutorial.short"), 11, colors.starting, { bold: true });
        badge?.setOrigin(1, 0);
        explain(badge, "tutorial", `${t("tutorial.badge")}. ${explanations.tutorial()}`);
      }
    }

    // Where the round stands, in words.
    let cy = y + step(28);
    const [phase, phaseColor] = phaseLine(view);
    const phaseText = text(x + PAD, cy, phase, 12, phaseColor, { bold: true, wrap: width - 2 * PAD });
    explain(
      phaseText,
      "phase",
      kind === "recover" ? explanations.recovery() : explanations.holding(view),
      width - 2 * PAD,
    );
    cy += (phaseText?.height ?? step(16)) + step(4);

    // The error budget left, with its bar.
    const left = Math.max(0, Math.min(1, view.score.errorBudgetLeft));
    const budgetColor = left < 0.25 ? colors.danger : left < 0.5 ? colors.pending : colors.healthy;
    const budget = text(x + PAD, cy, t("score.budget", { percent: percent(left) }), 12, budgetColor);
    const budgetY = cy;
    cy += step(17);
    const barW = width - 2 * PAD;
    if (cy + 5 < bottom) {
      g.fillStyle(barFill, 1).fillRoundedRect(x + PAD, cy, barW, 5, 2.5);
      if (left > 0)
        g.fillStyle(budgetColor, 1).fillRoundedRect(x + PAD, cy, Math.max(5, barW * left), 5, 2.5);
    }
    if (budget !== null)
      this.explainer.explain(
        this.container,
        new Phaser.Geom.Rectangle(x + PAD, budgetY, barW, cy + 5 - budgetY),
        "score.budget",
        kind === "versus"
          ? `${explanations.budget(view)} ${explanations.chaos()}`
          : explanations.budget(view),
      );
    cy += step(10);

    // What stands in the objective's way, before the checks: it is what the team must act on.
    const risks = riskSentences(view.score.warnings);
    if (risks.length > 0) {
      const warning = text(x + PAD, cy, `⚠ ${t("warn.title")} ${risks.join(" ")}`, 11, colors.danger, {
        wrap: width - 2 * PAD,
      });
      // Too long for the room left: as much as fits, whole lines, the rest on hover.
      if (warning === null) {
        const short = text(x + PAD, cy, `⚠ ${t("warn.title")}`, 11, colors.danger, { bold: true });
        explain(short, "warnings", risks.join(" "), width - 2 * PAD);
        cy += step(15);
      } else {
        explain(warning, "warnings", explanations.warnings(), width - 2 * PAD);
        cy += warning.height + step(3);
      }
    }

    // The checks, one line per kind: all held ✓, else ✗ with how many of them hold.
    const groups = new Map<string, CheckGroup>();
    for (const check of view.score.checks) {
      const group = groups.get(check.kind) ?? { kind: check.kind, held: 0, total: 0 };
      group.total++;
      if (check.holding) group.held++;
      groups.set(check.kind, group);
    }
    if (groups.size === 0) {
      text(x + PAD, cy, t("score.noChecks"), 12, colors.muted);
      cy += step(16);
    }
    const checksTop = cy;
    const quiet = view.score.incidentAtMs < 0;
    for (const group of groups.values()) {
      const ok = group.held === group.total;
      const partial =
        group.total > 1 && !ok ? `  (${t("score.partial", { held: group.held, total: group.total })})` : "";
      // Before the incident every check holds by itself: shown, but quietly.
      const color = quiet ? colors.muted : ok ? colors.healthy : colors.danger;
      if (text(x + PAD, cy, `${ok ? "✓" : "✗"}  ${checkWords(group.kind)}${partial}`, 12, color) === null)
        break;
      cy += step(16);
    }
    if (cy > checksTop)
      this.explainer.explain(
        this.container,
        new Phaser.Geom.Rectangle(x + PAD, checksTop, width - 2 * PAD, cy - checksTop),
        "score.checks",
        explanations.checks(view),
      );

    const actions = text(
      x + PAD,
      cy + step(2),
      t("score.actions", {
        scheduler: view.score.scheduler,
        operator: view.score.operator,
        chaos: view.score.chaos,
      }),
      11,
      colors.muted,
    );
    explain(actions, "actions", explanations.actions());
    this.lines = lines;
  }
}

/** A check kind in words (the score panel's and the projector's); a kind this client does not know yet shows as its id. */
export function checkWords(kind: string): string {
  const key = `score.check.${kind}`;
  return isScoreKey(key) ? t(key) : kind;
}

function isScoreKey(key: string): key is keyof typeof en {
  return Object.hasOwn(en, key);
}
