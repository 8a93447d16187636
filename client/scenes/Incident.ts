import Phaser from "phaser";
import { SPEEDS } from "../../shared/protocol/messages.ts";
import { t } from "../i18n/index.ts";
import { type ClusterView, connection, type ServerNotice } from "../net/connection.ts";
import { seam, toPage } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { ClusterMap } from "../ui/ClusterMap.ts";
import { ConsolePanel } from "../ui/Console.ts";
import { drawHeader } from "../ui/Header.ts";
import { incidentLayout } from "../ui/layout.ts";
import { play } from "../ui/sound.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";
import { roleName } from "./Lobby.ts";
import { watching } from "./Projector.ts";

const MARGIN = 24;
const TOP = 96;
const LOG_TOP = 540;
const DEBRIEF_BOTTOM = 560;
/** The status strip on the right: services, etcd, the objective and the score. */
const SIDE_WIDTH = 292;
const SIDE_X = WIDTH - MARGIN - SIDE_WIDTH;
/** The zones' area, left of the strip. */
const NODES_RIGHT = SIDE_X - 16;
const SIDE_LINE = 17;
const MAX_SERVICES = 8;
/** The kubectl console covers the lower part of the zones' area when open. */
const CONSOLE_TOP = 300;

interface Line {
  readonly text: string;
  readonly color: number;
  readonly heading?: boolean;
}

/**
 * The incident: zones side by side, each node a card with its pods; the
 * pending count and the event log below; the facilitator's controls in the
 * header. Clicking a node asks the server to cordon (or uncordon) it; the card
 * changes when the server's state says so.
 */
export class Incident extends Phaser.Scene {
  private map: ClusterMap | undefined;
  private clock!: Phaser.GameObjects.Text;
  private heading!: Phaser.GameObjects.Text;
  private who!: Phaser.GameObjects.Text;
  private pending!: Phaser.GameObjects.Text;
  private eventLog!: Phaser.GameObjects.Text;
  private toast!: Phaser.GameObjects.Text;
  private banner!: Phaser.GameObjects.Text;
  private controls: Phaser.GameObjects.Container | undefined;
  private controlsKey = "";
  private sideLines: Phaser.GameObjects.Text[] = [];
  private lastPhase = "";
  private debrief: Phaser.GameObjects.Container | undefined;
  private debriefKey = "";
  private console: ConsolePanel | undefined;

  constructor() {
    super("Incident");
  }

  create(): void {
    seam.scene = "Incident";
    this.sideLines = [];
    this.controls = undefined;
    this.controlsKey = "";
    this.debrief = undefined;
    this.debriefKey = "";
    const game = connection();
    const panel = new ConsolePanel(
      { x: MARGIN, y: CONSOLE_TOP, width: NODES_RIGHT - MARGIN, height: HEIGHT - MARGIN - CONSOLE_TOP },
      () => game.latest,
      (command) => game.send("command", command),
    );
    this.console = panel;
    const map = new ClusterMap(this, incidentLayout.map, {
      onNode: (name) => {
        const node = game.latest?.nodes.find((n) => n.name === name);
        if (!node) return;
        const type = node.unschedulable ? "uncordon" : "cordon";
        game.send(type, { node: name });
        panel.echo({ type, node: name });
      },
    });
    this.map = map;
    this.drawChrome();
    const offView = game.onView((view) => this.render(view));
    const offNotice = game.onNotice((notice) => {
      if (notice.kind === "result") panel.result(notice.result);
      if (notice.kind === "error") panel.refused(notice.error);
      this.showNotice(notice);
    });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      offView();
      offNotice();
      panel.destroy();
      this.console = undefined;
      map.destroy();
      this.map = undefined;
    });
    seam.nodeCenter = (name) => {
      const bounds = map.nodeBounds(name);
      return bounds ? toPage(bounds.centerX, bounds.centerY) : null;
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
      NODES_RIGHT - MARGIN,
      HEIGHT - LOG_TOP - MARGIN,
      10,
    );
    g.fillStyle(colors.panel, 1).fillRoundedRect(SIDE_X, TOP, SIDE_WIDTH, HEIGHT - TOP - MARGIN, 10);
    this.add.text(MARGIN + 16, LOG_TOP + 10, "kubectl get events", textStyle(13, colors.accent, true));
    new Button(
      this,
      (MARGIN + NODES_RIGHT) / 2 - 40,
      LOG_TOP + 18,
      t("console.button"),
      () => this.console?.toggle(),
      {
        width: 120,
        height: 24,
        size: 12,
        style: "secondary",
      },
    );
    this.pending = this.add
      .text(NODES_RIGHT - 16, LOG_TOP + 10, "", textStyle(13, colors.pending, true))
      .setOrigin(1, 0);
    this.eventLog = this.add.text(MARGIN + 16, LOG_TOP + 34, "", {
      ...textStyle(13, colors.text, true),
      lineSpacing: 6,
    });
    this.toast = this.add
      .text((MARGIN + NODES_RIGHT) / 2, HEIGHT - 12, "", {
        ...textStyle(16, colors.text),
        backgroundColor: "#0f1830",
        padding: { x: 10, y: 4 },
      })
      .setOrigin(0.5, 1)
      .setAlpha(0);
    this.banner = this.add
      .text((MARGIN + NODES_RIGHT) / 2, 300, "", {
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
    if (watching(view)) {
      this.scene.start("Projector");
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

    this.map?.update(view);
    this.renderSide(view);

    const podsByNode = Map.groupBy(view.pods, (p) => p.nodeName);
    const unbound = podsByNode.get("") ?? [];
    this.pending.setText(
      unbound.length === 0 ? t("cluster.noPending") : t("cluster.pending", { n: unbound.length }),
    );
    this.eventLog.setText(
      view.events
        .slice(-6)
        .reverse()
        .map((e) =>
          clip(
            `${formatClock(e.time).padStart(6)}  ${e.type.padEnd(7)} ${e.reason.padEnd(18)} ${e.object.padEnd(16)} ${e.message}`,
            LOG_CHARS,
          ),
        )
        .join("\n"),
    );
  }

  /** The strip on the right: the services' SLO, etcd, 429s, the objective's checks and the score. */
  private renderSide(view: ClusterView): void {
    const lines: Line[] = [];
    const heading = (text: string) => lines.push({ text, color: colors.accent, heading: true });
    heading(t("side.services"));
    const services = [...view.services].sort(
      (a, b) => a.availability - b.availability || a.name.localeCompare(b.name),
    );
    for (const s of services.slice(0, MAX_SERVICES))
      lines.push({
        text: t("side.serviceRow", {
          name: clip(s.name, 10).padEnd(10),
          rps: String(s.demandRps).padStart(5),
          availability: (s.availability * 100).toFixed(2).padStart(6),
          p99: Math.round(s.p99Ms).toString().padStart(4),
        }),
        color: s.availability < 0.99 ? colors.danger : colors.text,
      });
    if (services.length > MAX_SERVICES)
      lines.push({ text: t("side.more", { n: services.length - MAX_SERVICES }), color: colors.muted });
    if (services.length === 0) lines.push({ text: t("side.none"), color: colors.muted });

    heading(t("side.etcd"));
    for (const m of view.etcd)
      lines.push({
        text: t("side.etcdRow", { name: clip(m.name, 12).padEnd(12), role: m.role.padEnd(9), term: m.term }),
        color: ETCD_COLOR[m.role] ?? colors.text,
      });
    if (view.etcd.length === 0) lines.push({ text: t("side.none"), color: colors.muted });
    lines.push({
      text: t("side.rejected", { n: view.apiRejected }),
      color: view.apiRejected > 0 ? colors.pending : colors.muted,
    });
    if (view.chaosEnergyMax > 0)
      lines.push({
        text: t("side.chaosEnergy", { energy: view.chaosEnergy.toFixed(1), max: view.chaosEnergyMax }),
        color: colors.danger,
      });

    heading(t("side.objective"));
    for (const check of view.score.checks)
      lines.push({
        text: `${check.holding ? "✓" : "✗"} ${check.kind}`,
        color: check.holding ? colors.healthy : colors.danger,
      });
    if (view.score.checks.length === 0) lines.push({ text: t("side.none"), color: colors.muted });

    heading(t("side.score"));
    lines.push({
      text: recoveryText(view),
      color: view.score.timeToRecoveryMs >= 0 ? colors.healthy : colors.muted,
    });
    lines.push({
      text: t("side.budget", { percent: (view.score.errorBudgetLeft * 100).toFixed(1) }),
      color: view.score.errorBudgetLeft < 0.5 ? colors.danger : colors.text,
    });
    lines.push({ text: t("side.actions", { n: view.score.actions }), color: colors.text });

    const maxLines = Math.floor((HEIGHT - MARGIN - TOP - 20) / SIDE_LINE);
    const shown = lines.slice(0, maxLines);
    while (this.sideLines.length < shown.length)
      this.sideLines.push(
        this.add.text(
          SIDE_X + 14,
          TOP + 10 + this.sideLines.length * SIDE_LINE,
          "",
          textStyle(12, colors.text, true),
        ),
      );
    this.sideLines.forEach((text, i) => {
      const line = shown[i];
      if (!line) {
        text.setVisible(false);
        return;
      }
      text
        .setVisible(true)
        .setText(line.text)
        .setColor(css(line.color))
        .setFontStyle(line.heading ? "bold" : "normal")
        .setY(TOP + 10 + i * SIDE_LINE);
    });
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
    let x = 660;
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
    const key =
      view.phase === "debrief"
        ? `${view.round}|${view.timeline.length}|${view.outcome}|${view.score.timeToRecoveryMs}|${view.score.actions}|${view.score.errorBudgetLeft}`
        : "";
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
    const [outcome, outcomeColor] = outcomeBanner(view);
    if (outcome)
      panel.add(
        this.add
          .text(left + width - 32, 118, outcome, { ...textStyle(26, outcomeColor), fontStyle: "bold" })
          .setOrigin(1, 0),
      );
    panel.add(
      this.add.text(
        left + 32,
        DEBRIEF_BOTTOM - 96,
        t("debrief.score", {
          recovery: recoveryText(view),
          percent: (view.score.errorBudgetLeft * 100).toFixed(1),
          actions: view.score.actions,
        }),
        textStyle(16, colors.accent),
      ),
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
    const lines = view.timeline.slice(-8).map((e) => {
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

  private showNotice(notice: ServerNotice): void {
    play(notice.kind === "result" && notice.result.accepted ? "applied" : "refused");
    if (notice.kind === "closed") {
      // The workshop's server process is gone: say so, then back to the title.
      this.banner.setText(t("notice.closed", { reason: notice.reason })).setVisible(true);
      this.time.delayedCall(5000, () => this.scene.start("Title"));
      return;
    }
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

/** Characters of an event line that fit the log's width (13 px monospace). */
const LOG_CHARS = Math.floor((NODES_RIGHT - MARGIN - 32) / 7.9);

const ETCD_COLOR: Partial<Record<string, number>> = {
  leader: colors.accent,
  follower: colors.text,
  candidate: colors.pending,
  learner: colors.starting,
  down: colors.danger,
};

function recoveryText(view: ClusterView): string {
  const ms = view.score.timeToRecoveryMs;
  return ms >= 0 ? t("side.recovered", { time: formatClock(ms) }) : t("side.notRecovered");
}

/** The debrief's verdict on the round, and its colour. */
function outcomeBanner(view: ClusterView): [string, number] {
  switch (view.outcome) {
    case "resolved": {
      const ms = view.score.timeToRecoveryMs >= 0 ? view.score.timeToRecoveryMs : view.timeMs;
      return [t("outcome.resolved", { time: formatMinutes(ms) }), colors.healthy];
    }
    case "failed":
      return [t("outcome.failed"), colors.danger];
    case "ended":
      return [t("outcome.ended"), colors.pending];
    default:
      return ["", colors.text];
  }
}

/** m:ss */
function formatMinutes(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${(s % 60).toString().padStart(2, "0")}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)
    .toString()
    .padStart(2, "0")}:${(s % 60).toString().padStart(2, "0")}`;
}
