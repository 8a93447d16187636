import Phaser from "phaser";
import { MAX_PLAYERS } from "../../shared/protocol/limits.ts";
import { ROLES, type Role } from "../../shared/protocol/messages.ts";
import { type ClusterView, connection } from "../net/connection.ts";
import { seam, visibleButtons } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { drawHeader } from "../ui/Header.ts";
import { colors, css, textStyle, WIDTH } from "../ui/theme.ts";

export const ROLE_TEXT: Record<Role, { title: string; blurb: string; color: number }> = {
  scheduler: {
    title: "Scheduler",
    blurb: "Place pending pods; match kube-scheduler's choice.",
    color: colors.cpu,
  },
  operator: {
    title: "Operator",
    blurb: "Cordon, drain, scale, tune: bring the SLO back.",
    color: colors.accent,
  },
  chaos: { title: "Chaos agent", blurb: "Play fault cards from the scenario's deck.", color: colors.danger },
};

/**
 * The workshop lobby and briefing: the join code big enough for a projector,
 * who is here with which roles, your own roles, and the facilitator's next step.
 */
export class Lobby extends Phaser.Scene {
  private layer!: Phaser.GameObjects.Container;
  private unsubscribe: (() => void) | undefined;

  constructor() {
    super("Lobby");
  }

  create(): void {
    seam.scene = "Lobby";
    drawHeader(this, "Workshop lobby");
    this.layer = this.add.container(0, 0);
    const game = connection();
    this.unsubscribe = game.onView((view) => this.render(view));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.unsubscribe?.());
    if (game.latest) this.render(game.latest);
  }

  private render(view: ClusterView): void {
    if (view.phase === "live") {
      this.scene.start("Cluster");
      return;
    }
    this.layer.removeAll(true);
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => {
      this.layer.add(o);
      return o;
    };
    const facilitating = view.facilitator === view.me;
    const me = view.players.find((p) => p.id === view.me);

    const g = add(this.add.graphics());
    g.fillStyle(colors.panel, 1).fillRoundedRect(24, 88, 600, 150, 14);
    add(
      this.add
        .text(48, 104, "JOIN CODE", { ...textStyle(15, colors.muted), fontStyle: "bold" })
        .setLetterSpacing(3),
    );
    add(this.add.text(46, 126, view.joinCode, { ...textStyle(72, colors.accent, true), fontStyle: "bold" }));
    add(
      this.add.text(
        48,
        210,
        `Share it: up to ${MAX_PLAYERS} players join with this code.`,
        textStyle(15, colors.muted),
      ),
    );

    g.fillStyle(colors.panel, 1).fillRoundedRect(24, 254, 600, 442, 14);
    add(
      this.add
        .text(48, 270, `PLAYERS  ${view.players.length}/${MAX_PLAYERS}`, {
          ...textStyle(15, colors.muted),
          fontStyle: "bold",
        })
        .setLetterSpacing(3),
    );
    view.players.forEach((player, i) => {
      const y = 306 + i * 32;
      const star = player.id === view.facilitator ? "★ " : "";
      const you = player.id === view.me ? "  (you)" : "";
      add(
        this.add.text(
          48,
          y,
          `${star}${player.name}${you}`,
          textStyle(18, player.connected ? colors.text : colors.muted),
        ),
      );
      player.roles.forEach((role, r) => {
        const chip = add(
          this.add.text(
            360 + r * 86,
            y + 2,
            ROLE_TEXT[role].title.split(" ")[0]!,
            textStyle(13, colors.background),
          ),
        );
        chip.setBackgroundColor(css(ROLE_TEXT[role].color)).setPadding(6, 2, 6, 2);
      });
      if (player.roles.length === 0)
        add(this.add.text(360, y + 2, "spectating", textStyle(13, colors.muted)));
    });

    const right = 648;
    const rightWidth = WIDTH - right - 24;
    add(
      this.add
        .text(
          right,
          96,
          view.rolesLocked
            ? "YOUR ROLES  (locked by the facilitator)"
            : "YOUR ROLES  (click to take or drop)",
          { ...textStyle(15, colors.muted), fontStyle: "bold" },
        )
        .setLetterSpacing(2),
    );
    ROLES.forEach((role, i) => {
      const y = 126 + i * 74;
      const held = me?.roles.includes(role) ?? false;
      const card = add(this.add.graphics());
      card
        .fillStyle(held ? ROLE_TEXT[role].color : colors.panel, held ? 0.22 : 1)
        .fillRoundedRect(right, y, rightWidth, 64, 10);
      card
        .lineStyle(2, held ? ROLE_TEXT[role].color : colors.panelEdge, 1)
        .strokeRoundedRect(right, y, rightWidth, 64, 10);
      add(
        this.add.text(right + 18, y + 10, `${held ? "✓ " : ""}${ROLE_TEXT[role].title}`, {
          ...textStyle(20),
          fontStyle: "bold",
        }),
      );
      add(this.add.text(right + 18, y + 38, ROLE_TEXT[role].blurb, textStyle(14, colors.muted)));
      const hit = add(
        this.add.zone(right + rightWidth / 2, y + 32, rightWidth, 64).setInteractive({ useHandCursor: true }),
      );
      // Tests find the card like a button, by its label.
      visibleButtons.set(`role:${role}`, { x: right + rightWidth / 2, y: y + 32 });
      hit.once(Phaser.GameObjects.Events.DESTROY, () => visibleButtons.delete(`role:${role}`));
      hit.on("pointerup", () => {
        const next = held ? (me?.roles ?? []).filter((r) => r !== role) : [...(me?.roles ?? []), role];
        connection().send("chooseRoles", { roles: next });
      });
    });

    g.fillStyle(colors.panel, 1).fillRoundedRect(right, 358, rightWidth, 338, 14);
    const briefing = view.phase === "briefing";
    add(
      this.add
        .text(
          right + 24,
          374,
          briefing
            ? `BRIEFING — ${view.scenarioTitle}`
            : view.phase === "debrief"
              ? "ROUND OVER"
              : "SCENARIO",
          { ...textStyle(15, colors.muted), fontStyle: "bold" },
        )
        .setLetterSpacing(2),
    );
    add(
      this.add.text(
        right + 24,
        404,
        briefing
          ? view.briefing
          : `${view.scenarioTitle}. The facilitator opens the briefing when everyone is here.`,
        { ...textStyle(18), wordWrap: { width: rightWidth - 48 }, lineSpacing: 6 },
      ),
    );
    add(
      this.add.text(
        right + 24,
        560,
        `Seed ${view.seed}: every team with this seed faces the same incident.`,
        textStyle(14, colors.muted),
      ),
    );
    if (facilitating) {
      const [label, message] = briefing
        ? (["START ROUND", "startRound"] as const)
        : (["OPEN BRIEFING", "openBriefing"] as const);
      add(
        new Button(this, right + rightWidth / 2, 636, label, () => connection().send(message, {}), {
          width: 280,
        }),
      );
    } else {
      add(
        this.add
          .text(
            right + rightWidth / 2,
            636,
            briefing ? "Read the briefing: the round starts soon." : "Waiting for the facilitator…",
            textStyle(18, colors.accent),
          )
          .setOrigin(0.5),
      );
    }
  }
}
