import type Phaser from "phaser";
import { en } from "../i18n/areas/events.ts";
import { t } from "../i18n/index.ts";
import type { ClusterView } from "../net/connection.ts";
import { roleName } from "../scenes/Lobby.ts";
import type { Rect } from "./layout.ts";
import { formatMinutes } from "./statusFormat.ts";
import { explain } from "./Tooltip.ts";
import { colors, fitText, textScale, textStyle } from "./theme.ts";

const PAD = 12;
const barFill = 0x0a1226;

/** One objective kind's checks (a scenario may check several services' availability). */
interface CheckGroup {
  readonly kind: string;
  held: number;
  total: number;
}

/**
 * The objective and the score (incidentLayout.score): each kind of check the scenario's objective
 * makes, held (✓) or not (✗), in words; time to recovery; the error budget left; the actions each
 * role took; and who plays what. The clock stays in the header. Redraws only when one of them changed.
 */
export class ScorePanel {
  private readonly area: Rect;
  private readonly container: Phaser.GameObjects.Container;
  private readonly scene: Phaser.Scene;
  private key = "";
  /** The lines as drawn, for the test seam. */
  lines: readonly string[] = [];

  constructor(scene: Phaser.Scene, area: Rect) {
    this.scene = scene;
    this.area = area;
    this.container = scene.add.container(0, 0);
  }

  update(view: ClusterView): void {
    const { score } = view;
    const players = view.players.map((p) => `${p.name}:${p.roles.join("+")}`).join(",");
    const checks = score.checks.map((c) => `${c.kind}${c.holding ? 1 : 0}`).join(",");
    // The budget as shown (one decimal), so its slow burn does not redraw the panel every second.
    const key = `${checks}|${objectivePhase(view)[0]}|${score.timeToRecoveryMs}|${(score.errorBudgetLeft * 100).toFixed(1)}|${score.scheduler},${score.operator},${score.chaos}|${players}`;
    if (key === this.key) return;
    this.key = key;
    this.draw(view);
  }

  destroy(): void {
    this.container.destroy();
  }

  private draw(view: ClusterView): void {
    const { x, y, width, height } = this.area;
    const scene = this.scene;
    this.container.removeAll(true);
    const g = scene.add.graphics();
    this.container.add(g);
    g.fillStyle(colors.panel, 1).fillRoundedRect(x, y, width, height, 10);
    g.lineStyle(1, colors.panelEdge, 1).strokeRoundedRect(x, y, width, height, 10);
    const lines: string[] = [];
    const text = (tx: number, ty: number, content: string, size: number, color: number, bold = false) => {
      const label = scene.add.text(tx, ty, content, {
        ...textStyle(size, color),
        fontStyle: bold ? "bold" : "normal",
      });
      this.container.add(label);
      // With large text not everything fits: what would spill out of the panel is left out.
      if (label.y + label.height > y + height - 4) {
        label.setVisible(false);
        return label;
      }
      lines.push(content);
      return label;
    };
    explain(text(x + PAD, y + 8, t("score.title"), 13, colors.accent, true), () => t("tip.objective"));

    // The checks, one line per kind: all held ✓, else ✗ with how many of them hold.
    // Line steps grow with the player's text size.
    const step = (n: number) => Math.round(n * textScale());
    let cy = y + step(30);
    const groups = new Map<string, CheckGroup>();
    for (const check of view.score.checks) {
      const group = groups.get(check.kind) ?? { kind: check.kind, held: 0, total: 0 };
      group.total++;
      if (check.holding) group.held++;
      groups.set(check.kind, group);
    }
    if (groups.size === 0) {
      text(x + PAD, cy, t("score.noChecks"), 12, colors.muted);
      cy += step(17);
    }
    for (const group of groups.values()) {
      const ok = group.held === group.total;
      const partial =
        group.total > 1 && !ok ? `  (${t("score.partial", { held: group.held, total: group.total })})` : "";
      text(
        x + PAD,
        cy,
        `${ok ? "✓" : "✗"}  ${checkWords(group.kind)}${partial}`,
        12,
        ok ? colors.healthy : colors.danger,
      );
      cy += step(17);
    }

    // Where the round stands on the left, the error budget on the right (under it when both do not
    // fit at the player's text size), the budget's bar under both.
    cy += step(4);
    const [phase, phaseColor] = objectivePhase(view);
    const standing = text(x + PAD, cy, phase, 12, phaseColor, true);
    const left = Math.max(0, Math.min(1, view.score.errorBudgetLeft));
    const budgetColor = left < 0.25 ? colors.danger : left < 0.5 ? colors.pending : colors.healthy;
    const budget = text(
      x + width - PAD,
      cy,
      t("score.budget", { percent: (left * 100).toFixed(1) }),
      12,
      budgetColor,
    ).setOrigin(1, 0);
    if (standing.width + 12 + budget.width > width - 2 * PAD) {
      fitText(standing, width - 2 * PAD);
      cy += step(17);
      budget.setY(cy).setVisible(cy + budget.height <= y + height - 4);
    }
    cy += step(19);
    const barW = width - 2 * PAD;
    g.fillStyle(barFill, 1).fillRoundedRect(x + PAD, cy, barW, 5, 2.5);
    if (left > 0) g.fillStyle(budgetColor, 1).fillRoundedRect(x + PAD, cy, Math.max(5, barW * left), 5, 2.5);
    cy += step(12);

    text(
      x + PAD,
      cy,
      t("score.actions", {
        scheduler: view.score.scheduler,
        operator: view.score.operator,
        chaos: view.score.chaos,
      }),
      11,
      colors.text,
    );
    cy += step(17);

    // Who plays what: every seat that holds a role.
    const seats = view.players
      .filter((p) => p.roles.length > 0)
      .map(
        (p) =>
          `${p.name}${p.id === view.me ? ` ${t("lobby.you")}` : ""}: ${p.roles.map(roleName).join(" + ")}`,
      );
    if (seats.length > 0 && cy < y + height - 14) {
      const who = text(x + PAD, cy, `${t("score.players")}  ${seats.join("  ·  ")}`, 11, colors.muted);
      who
        .setWordWrapWidth(width - 2 * PAD)
        .setMaxLines(Math.max(1, Math.floor((y + height - 6 - cy) / step(14))));
    }
    this.lines = lines;
  }
}

/**
 * Where the round stands, in words that match it (issue 15's phase sentences): quiet before the
 * incident starts; under way while a check is broken; holding while every check holds but not yet
 * for its window; recovered.
 */
export function objectivePhase(view: Pick<ClusterView, "score" | "milestones" | "timeMs">): [string, number] {
  if (view.score.timeToRecoveryMs >= 0)
    return [t("phase.recovered", { time: formatMinutes(view.score.timeToRecoveryMs) }), colors.healthy];
  const start = view.milestones.find((m) => m.kind === "incidentStart");
  if (!start) return [t("phase.quiet"), colors.muted];
  const time = formatMinutes(view.timeMs - start.time);
  if (view.score.checks.some((c) => !c.holding)) return [t("phase.underway", { time }), colors.danger];
  return [t("phase.holding", { time }), colors.starting];
}

/** A check kind in words; a kind this client does not know yet shows as its id. */
function checkWords(kind: string): string {
  const key = `score.check.${kind}`;
  return isScoreKey(key) ? t(key) : kind;
}

function isScoreKey(key: string): key is keyof typeof en {
  return Object.hasOwn(en, key);
}
