import Phaser from "phaser";
import { SPEEDS } from "../../shared/protocol/messages.ts";
import { t } from "../i18n/index.ts";
import { type ClusterView, connection, type ServerNotice } from "../net/connection.ts";
import { seam, toPage } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { drawHeader } from "../ui/Header.ts";
import { CARD_HEIGHT, NodeCard } from "../ui/NodeCard.ts";
import { play } from "../ui/sound.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";
import { roleName } from "./Lobby.ts";

const MARGIN = 24;
const TOP = 96;
const CARD_GAP = 10;
const LOG_TOP = 520;
const DEBRIEF_BOTTOM = 560;

/**
 * The incident: zones side by side, each node a card with its pods; the
 * pending count and the event log below; the facilitator's controls in the
 * header. Clicking a node asks the server to cordon (or uncordon) it; the card
 * changes when the server's state says so.
 */
export class Cluster extends Phaser.Scene {
  private readonly cards = new Map<string, NodeCard>();
  private clock!: Phaser.GameObjects.Text;
  private heading!: Phaser.GameObjects.Text;
  private who!: Phaser.GameObjects.Text;
  private pending!: Phaser.GameObjects.Text;
  private eventLog!: Phaser.GameObjects.Text;
  private toast!: Phaser.GameObjects.Text;
  private banner!: Phaser.GameObjects.Text;
  private controls: Phaser.GameObjects.Container | undefined;
  private controlsKey = "";
  private zoneLabels: Phaser.GameObjects.Text[] = [];
  private lastPhase = "";
  private debrief: Phaser.GameObjects.Container | undefined;
  private debriefKey = "";

  constructor() {
    super("Cluster");
  }

  create(): void {
    seam.scene = "Cluster";
    this.cards.clear();
    this.zoneLabels = [];
    this.controls = undefined;
    this.controlsKey = "";
    this.debrief = undefined;
    this.debriefKey = "";
    this.drawChrome();
    const game = connection();
    const offView = game.onView((view) => this.render(view));
    const offNotice = game.onNotice((notice) => this.showNotice(notice));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      offView();
      offNotice();
    });
    seam.nodeCenter = (name) => {
      const card = this.cards.get(name);
      return card ? toPage(card.x + card.width / 2, card.y + CARD_HEIGHT / 2) : null;
    };
    if (game.latest) this.render(game.latest);
  }

  private drawChrome(): void {
    this.heading = drawHeader(this, t("cluster.joining"));
    this.clock = this.add.text(WIDTH - MARGIN, 16, "", textStyle(26, colors.accent, true)).setOrigin(1, 0);
    this.who = this.add.text(MARGIN, 72, "", textStyle(14, colors.text));
    this.add.text(WIDTH - MARGIN, 72, t("cluster.hint"), textStyle(13, colors.muted)).setOrigin(1, 0);
    const g = this.add.graphics();
    g.fillStyle(colors.panel, 1).fillRoundedRect(
      MARGIN,
      LOG_TOP,
      WIDTH - 2 * MARGIN,
      HEIGHT - LOG_TOP - MARGIN,
      10,
    );
    this.add.text(MARGIN + 16, LOG_TOP + 10, "kubectl get events", textStyle(13, colors.accent, true));
    this.pending = this.add
      .text(WIDTH - MARGIN - 16, LOG_TOP + 10, "", textStyle(13, colors.pending, true))
      .setOrigin(1, 0);
    this.eventLog = this.add.text(MARGIN + 16, LOG_TOP + 34, "", {
      ...textStyle(13, colors.text, true),
      lineSpacing: 6,
    });
    this.toast = this.add
      .text(WIDTH / 2, HEIGHT - 12, "", textStyle(16, colors.text))
      .setOrigin(0.5, 1)
      .setAlpha(0);
    this.banner = this.add
      .text(WIDTH / 2, 300, "", {
        ...textStyle(40),
        fontStyle: "bold",
        backgroundColor: "#0f1830",
        padding: { x: 28, y: 16 },
      })
      .setOrigin(0.5)
      .setDepth(10)
      .setVisible(false);
  }

  private render(view: ClusterView): void {
    if (view.phase === "lobby" || view.phase === "briefing") {
      this.scene.start("Lobby");
      return;
    }
    const me = view.players.find((p) => p.id === view.me);
    const roles = me && me.roles.length > 0 ? me.roles.map(roleName).join(" + ") : t("cluster.spectator");
    this.who.setText(t("cluster.who", { seed: view.seed, roles }));
    this.heading.setText(view.scenarioTitle).setColor(css(colors.muted));
    this.clock.setText(`T+${formatClock(view.timeMs)}`);
    this.renderControls(view);
    if (view.phase === "debrief" && this.lastPhase === "live") play("alert");
    this.lastPhase = view.phase;
    this.banner.setVisible(view.paused && view.phase === "live").setText(t("cluster.paused"));
    this.renderDebrief(view);

    const zones = [...new Set(view.nodes.map((n) => n.zone))].sort();
    const columnWidth = (WIDTH - 2 * MARGIN - (zones.length - 1) * 16) / Math.max(1, zones.length);
    this.layoutZoneLabels(zones, columnWidth);
    const podsByNode = Map.groupBy(view.pods, (p) => p.nodeName);
    for (const [z, zone] of zones.entries()) {
      const x = MARGIN + z * (columnWidth + 16);
      view.nodes
        .filter((n) => n.zone === zone)
        .forEach((node, row) => {
          let card = this.cards.get(node.name);
          if (!card) {
            card = new NodeCard(this, x, TOP + 28 + row * (CARD_HEIGHT + CARD_GAP), columnWidth, (n) =>
              connection().send(n.unschedulable ? "uncordon" : "cordon", { node: n.name }),
            );
            this.cards.set(node.name, card);
          }
          card.show(node, podsByNode.get(node.name) ?? []);
        });
    }

    const unbound = podsByNode.get("") ?? [];
    this.pending.setText(
      unbound.length === 0 ? t("cluster.noPending") : t("cluster.pending", { n: unbound.length }),
    );
    this.eventLog.setText(
      view.events
        .slice(-6)
        .reverse()
        .map(
          (e) =>
            `${formatClock(e.time).padStart(6)}  ${e.type.padEnd(7)} ${e.reason.padEnd(18)} ${e.object.padEnd(16)} ${e.message}`,
        )
        .join("\n"),
    );
  }

  /** The facilitator's strip: pause or resume, game speed, end the round; after it, the next round. */
  private renderControls(view: ClusterView): void {
    const facilitating = view.facilitator === view.me;
    const key = `${facilitating}|${view.phase}|${view.paused}|${view.speed}`;
    if (key === this.controlsKey) return;
    this.controlsKey = key;
    this.controls?.destroy();
    this.controls = this.add.container(0, 0).setDepth(11);
    if (!facilitating) return;
    const small = { width: 96, height: 34, size: 14, style: "secondary" as const };
    const y = 32;
    let x = 760;
    if (view.phase === "debrief") {
      this.controls.add(
        new Button(
          this,
          WIDTH / 2,
          DEBRIEF_BOTTOM - 36,
          t("cluster.nextRound"),
          () => connection().send("openBriefing", {}),
          {
            width: 260,
          },
        ),
      );
      return;
    }
    this.controls.add(
      new Button(
        this,
        x,
        y,
        t(view.paused ? "cluster.resume" : "cluster.pause"),
        () => connection().send(view.paused ? "resume" : "pause", {}),
        small,
      ),
    );
    x += 104;
    for (const speed of SPEEDS) {
      const label = `${speed}×`;
      this.controls.add(
        new Button(this, x, y, label, () => connection().send("setSpeed", { speed }), {
          ...small,
          width: 44,
          style: speed === view.speed ? "primary" : "secondary",
        }),
      );
      x += 50;
    }
    this.controls.add(
      new Button(this, x + 30, y, t("cluster.end"), () => connection().send("endRound", {}), {
        ...small,
        width: 64,
        style: "danger",
      }),
    );
  }

  /** After the round: who did what, when, and what the cluster answered. */
  private renderDebrief(view: ClusterView): void {
    const key = view.phase === "debrief" ? `${view.round}|${view.timeline.length}` : "";
    if (key === this.debriefKey) return;
    this.debriefKey = key;
    this.debrief?.destroy();
    this.debrief = undefined;
    if (view.phase !== "debrief") return;
    const panel = this.add.container(0, 0).setDepth(10);
    this.debrief = panel;
    const left = 160;
    const width = WIDTH - 2 * left;
    const g = this.add.graphics();
    g.fillStyle(colors.background, 0.7).fillRect(0, 64, WIDTH, HEIGHT - 64);
    g.fillStyle(colors.panel, 1).fillRoundedRect(left, 96, width, DEBRIEF_BOTTOM - 96, 16);
    g.lineStyle(2, colors.accent, 1).strokeRoundedRect(left, 96, width, DEBRIEF_BOTTOM - 96, 16);
    panel.add(g);
    const applied = view.timeline.filter((e) => e.accepted).length;
    panel.add(
      this.add.text(left + 32, 116, t("debrief.title", { round: view.round }), {
        ...textStyle(30),
        fontStyle: "bold",
      }),
    );
    panel.add(
      this.add.text(
        left + 32,
        160,
        t("debrief.summary", {
          time: formatClock(view.timeMs),
          actions: view.timeline.length,
          applied,
          seed: view.seed,
        }),
        textStyle(16, colors.muted),
      ),
    );
    const lines = view.timeline.slice(-9).map((e) => {
      const verdict = e.accepted ? "✓" : `✗ ${e.reason}`;
      return `${formatClock(e.at).padStart(6)}  ${e.player.padEnd(14)} kubectl ${e.command} ${e.node}   ${verdict}`;
    });
    panel.add(
      this.add.text(left + 32, 196, lines.length > 0 ? lines.join("\n") : t("debrief.noActions"), {
        ...textStyle(15, colors.text, true),
        lineSpacing: 8,
      }),
    );
  }

  private layoutZoneLabels(zones: readonly string[], columnWidth: number): void {
    if (this.zoneLabels.length === zones.length) return;
    for (const label of this.zoneLabels) label.destroy();
    this.zoneLabels = zones.map((zone, z) =>
      this.add
        .text(MARGIN + z * (columnWidth + 16), TOP, t("cluster.zone", { zone }), {
          ...textStyle(14, colors.accentDeep),
          fontStyle: "bold",
        })
        .setLetterSpacing(2),
    );
  }

  private showNotice(notice: ServerNotice): void {
    play(notice.kind === "result" && notice.result.accepted ? "applied" : "refused");
    const [text, color] =
      notice.kind === "error"
        ? [t("notice.refused", { message: notice.error.message }), colors.danger]
        : notice.result.accepted
          ? [t("notice.applied", { type: notice.result.type, tick: notice.result.tick }), colors.accent]
          : [
              t("notice.rejected", { type: notice.result.type, reason: notice.result.reason ?? "" }),
              colors.pending,
            ];
    this.toast.setText(text).setColor(css(color)).setAlpha(1);
    this.tweens.killTweensOf(this.toast);
    this.tweens.add({ targets: this.toast, alpha: 0, delay: 2200, duration: 600 });
  }
}

function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)
    .toString()
    .padStart(2, "0")}:${(s % 60).toString().padStart(2, "0")}`;
}
