import Phaser from "phaser";
import { MAX_PLAYERS } from "../../shared/protocol/limits.ts";
import { saidEntry } from "../i18n/actions.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import type { ClusterView, EventView, NodeView, ServiceView, TimelineView } from "../net/connection.ts";
import { availabilityGoal, connection } from "../net/connection.ts";
import { seam } from "../testSeam.ts";
import { phaseLine, riskSentences } from "../ui/objective.ts";
import { checkWords } from "../ui/ScorePanel.ts";
import { CHART_FILL, SloChart } from "../ui/SloChart.ts";
import { HISTORY_MS, SloHistory, type SloPoint } from "../ui/sloHistory.ts";
import { formatClock, formatMinutes, niceCeiling } from "../ui/statusFormat.ts";
import { clipLines, clipToWidth, colors, HEIGHT, takeScreenHeight, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";
import { ROLE_COLOR, roleName } from "./Lobby.ts";
import { briefingScene } from "./route.ts";

/** True when this browser watches the workshop from a spectator's seat (a projector, an observer). */
export function watching(view: ClusterView): boolean {
  return view.players.find((p) => p.id === view.me)?.spectator === true;
}

/** The SLO charts' samples live outside the scene, so a scene restart keeps the round's history. */
const history = new SloHistory();

const M = 24;
const HEADER_H = 100;
const BODY_TOP = HEADER_H + 16;
/** With many nodes the cluster (and the charts beside it) take two lines from the event feed. */
const DENSE_NODES = 16;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Cluster tiles top left, SLO charts top middle, the event feed under both, etcd and the score on the
 * right. A 4:3 projector's extra height goes mostly to the tiles and charts, the rest to the feed.
 */
function layout(nodes: number, height: number): { cluster: Box; charts: Box; events: Box; side: Box } {
  const topH = (nodes > DENSE_NODES ? 422 : 372) + Math.round((height - HEIGHT) * 0.6);
  const cluster = { x: M, y: BODY_TOP, w: 452, h: topH };
  const charts = { x: cluster.x + cluster.w + 16, y: BODY_TOP, w: 468, h: topH };
  const eventsY = BODY_TOP + topH + 16;
  const events = { x: M, y: eventsY, w: charts.x + charts.w - M, h: height - M - eventsY };
  const sideX = charts.x + charts.w + 16;
  const side = { x: sideX, y: BODY_TOP, w: WIDTH - M - sideX, h: height - M - BODY_TOP };
  return { cluster, charts, events, side };
}

const BODY = 20;
const HEADING = 20;
const PAD = 16;
const MAX_CHARTED = 3;
const EVENT_LINE = 25;
const RENDER_EVERY_MS = 200;

const tileDown = 0x1a2133;

interface LabelStyle {
  readonly size?: number;
  readonly color?: number;
  readonly mono?: boolean;
  readonly bold?: boolean;
  readonly originX?: number;
  readonly originY?: number;
  readonly alpha?: number;
  readonly spacing?: number;
  /** Wraps the text at this width (px); 0: one line. */
  readonly wrap?: number;
}

/**
 * Texts reused from frame to frame: each render asks for labels in order and the pool hands back
 * the same objects, restyling only what changed, so redrawing five times a second stays cheap.
 */
class Labels {
  private readonly pool: Phaser.GameObjects.Text[] = [];
  private readonly styles: string[] = [];
  private used = 0;
  private readonly scene: Phaser.Scene;

  constructor(scene: Phaser.Scene) {
    this.scene = scene;
  }

  begin(): void {
    this.used = 0;
  }

  put(x: number, y: number, text: string, style: LabelStyle = {}): Phaser.GameObjects.Text {
    const { size = BODY, color = colors.text, mono = false, bold = false, spacing = 0, wrap = 0 } = style;
    let label = this.pool[this.used];
    if (!label) {
      label = this.scene.add.text(0, 0, "", textStyle(size)).setDepth(2);
      this.pool.push(label);
      this.styles.push("");
    }
    const key = `${size}|${color}|${mono}|${bold}|${spacing}|${wrap}`;
    if (this.styles[this.used] !== key) {
      label.setStyle({ ...textStyle(size, color, mono), fontStyle: bold ? "bold" : "normal" });
      label.setLetterSpacing(spacing);
      label.setWordWrapWidth(wrap > 0 ? wrap : null, true);
      this.styles[this.used] = key;
    }
    this.used++;
    return label
      .setText(text)
      .setPosition(Math.round(x), Math.round(y))
      .setOrigin(style.originX ?? 0, style.originY ?? 0)
      .setAlpha(style.alpha ?? 1)
      .setVisible(true);
  }

  end(): void {
    for (let i = this.used; i < this.pool.length; i++) this.pool[i]!.setVisible(false);
  }

  /** The texts shown now. */
  shown(): string[] {
    return this.pool.slice(0, this.used).map((label) => label.text);
  }
}

/**
 * The big screen of a workshop room, for a spectator's seat: the scenario and the round's clock,
 * who plays what, the whole cluster as tiles by zone, each service's SLO as charts, the event
 * feed, etcd and the score, in type large enough to read from the back of the room. Read-only.
 */
export class Projector extends Phaser.Scene {
  /** The screen height this projector has (taller on a 4:3 one). */
  private height = HEIGHT;
  private g!: Phaser.GameObjects.Graphics;
  private labels!: Labels;
  private latest: ClusterView | undefined;
  private dirty = false;
  private lastRender = 0;

  constructor() {
    super("Projector");
  }

  create(): void {
    seam.scene = "Projector";
    this.height = takeScreenHeight(this);
    seam.sloSamples = () => history.samples;
    seam.projectorTexts = () => this.labels.shown();
    this.g = this.add.graphics();
    this.labels = new Labels(this);
    this.latest = undefined;
    this.dirty = false;
    this.lastRender = 0;
    const game = connection();
    const off = game.onView((view) => this.receive(view));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      off();
      seam.sloSamples = () => 0;
      seam.projectorTexts = () => [];
    });
    if (game.latest) this.receive(game.latest);
  }

  override update(time: number): void {
    if (!this.dirty || !this.latest || time - this.lastRender < RENDER_EVERY_MS) return;
    this.dirty = false;
    this.lastRender = time;
    this.draw(this.latest);
  }

  private receive(view: ClusterView): void {
    history.record(view);
    if (!watching(view)) {
      if (view.phase === "lobby" || view.phase === "briefing")
        goTo(this, view.phase === "briefing" ? briefingScene(view) : "Lobby");
      else goTo(this, "Incident");
      return;
    }
    if (view.phase === "debrief") {
      // The big screen follows the debrief: the timeline and the lesson the facilitator opens.
      goTo(this, "Debrief");
      return;
    }
    this.latest = view;
    this.dirty = true;
  }

  private draw(view: ClusterView): void {
    this.g.clear();
    this.labels.begin();
    if (view.phase === "lobby" || view.phase === "briefing") {
      this.drawLobby(view);
      this.labels.end();
      return;
    }
    const boxes = layout(view.nodes.length, this.height);
    this.drawHeader(view);
    this.drawCluster(view, boxes.cluster);
    this.drawCharts(view, boxes.charts);
    this.drawEvents(view, boxes.events);
    this.drawSide(view, boxes.side);
    this.labels.end();
  }

  private text(x: number, y: number, text: string, style?: LabelStyle): Phaser.GameObjects.Text {
    return this.labels.put(x, y, text, style);
  }

  private panel(box: Box): void {
    this.g.fillStyle(colors.panel, 1).fillRoundedRect(box.x, box.y, box.w, box.h, 12);
  }

  private heading(
    x: number,
    y: number,
    text: string,
    color: number = colors.accent,
  ): Phaser.GameObjects.Text {
    return this.text(x, y, text, { size: HEADING, color, bold: true, spacing: 1 });
  }

  // ── Before the round: the join code, who is here, the scenario and its briefing ──────────────────

  private drawLobby(view: ClusterView): void {
    const g = this.g;
    const left = { x: M, y: M, w: 560, h: this.height - 2 * M };
    const right = {
      x: left.x + left.w + 20,
      y: M,
      w: WIDTH - M - (left.x + left.w + 20),
      h: this.height - 2 * M,
    };
    this.panel(left);
    this.panel(right);
    this.heading(left.x + PAD + 8, left.y + 18, t("projector.joinCode"));
    this.text(left.x + PAD + 4, left.y + 44, view.joinCode, {
      size: 104,
      color: colors.accent,
      mono: true,
      bold: true,
    });
    const link = `${window.location.origin}/?code=${view.joinCode}`;
    this.text(left.x + PAD + 8, left.y + 176, t("projector.joinAt", { link }), {
      size: 18,
      color: colors.muted,
      wrap: left.w - 2 * PAD - 16,
    });
    const players = view.players.filter((p) => !p.spectator);
    let y = left.y + 250;
    this.heading(left.x + PAD + 8, y, t("projector.lobbyPlayers", { n: players.length, max: MAX_PLAYERS }));
    y += 40;
    for (const player of players) {
      if (y + 34 > left.y + left.h - 8) break;
      const star = player.id === view.facilitator ? "★ " : "";
      const name = this.text(left.x + PAD + 8, y, `${star}${player.name}`, {
        size: 24,
        bold: true,
        color: player.connected ? colors.text : colors.muted,
      });
      let x = name.x + name.width + 14;
      for (const role of player.roles) {
        const chip = this.text(x + 8, y + 3, roleName(role), {
          size: 18,
          color: colors.background,
          bold: true,
        });
        g.fillStyle(ROLE_COLOR[role], 1).fillRoundedRect(x, y + 1, chip.width + 16, 28, 6);
        x += chip.width + 22;
      }
      y += 38;
    }
    this.text(left.x + PAD + 8, left.y + left.h - 14, `CLUSTER CRISIS · ${t("lobby.subtitle")}`, {
      size: 14,
      color: colors.muted,
      bold: true,
      spacing: 2,
      originY: 1,
    });
    const briefing = view.phase === "briefing";
    this.heading(
      right.x + PAD + 8,
      right.y + 18,
      briefing
        ? t("projector.briefingTitle", { title: view.scenarioTitle })
        : t("lobby.scenarioNamed", { title: view.scenarioTitle }),
    );
    this.text(right.x + PAD + 8, right.y + 60, view.briefing, { size: 24, wrap: right.w - 2 * PAD - 16 });
    if (!briefing)
      this.text(right.x + PAD + 8, right.y + right.h - 84, t("projector.waitingBriefing"), {
        size: 20,
        color: colors.accent,
        wrap: right.w - 2 * PAD - 16,
      });
    this.text(right.x + right.w - PAD, right.y + right.h - 14, t("lobby.seed", { seed: view.seed }), {
      size: 14,
      color: colors.muted,
      originX: 1,
      originY: 1,
      wrap: right.w - 2 * PAD,
    });
  }

  // ── Header: scenario, round, phase, the team, the clock ─────────────────────────────────────────

  private drawHeader(view: ClusterView): void {
    const g = this.g;
    g.fillStyle(colors.panel, 1).fillRect(0, 0, WIDTH, HEADER_H);
    // The round's progress along the header's bottom edge.
    const fraction = view.timeLimitMs > 0 ? Math.min(1, view.timeMs / view.timeLimitMs) : 0;
    g.fillStyle(colors.panelEdge, 1).fillRect(0, HEADER_H - 6, WIDTH, 6);
    g.fillStyle(fraction > 0.85 ? colors.danger : colors.accent, 1).fillRect(
      0,
      HEADER_H - 6,
      WIDTH * fraction,
      6,
    );

    const clock = this.text(WIDTH - M, 6, `T+${formatClock(view.timeMs)}`, {
      size: 50,
      color: view.phase === "live" && !view.paused ? colors.accent : colors.muted,
      mono: true,
      bold: true,
      originX: 1,
    });
    const limit = this.text(WIDTH - M, 64, `/ ${formatClock(view.timeLimitMs)}`, {
      size: BODY,
      color: colors.muted,
      mono: true,
      originX: 1,
    });
    // Latecomers join from the big screen too.
    this.text(limit.x - limit.width - 20, 64, t("projector.code", { code: view.joinCode }), {
      size: BODY,
      color: colors.accent,
      bold: true,
      originX: 1,
    });
    const titleRight = clock.x - clock.width - 24;
    const title = this.text(M, 10, view.scenarioTitle, { size: 32, bold: true });
    if (title.x + title.width > titleRight)
      title.setText(clipToWidth(title, view.scenarioTitle, titleRight - M));
    this.text(title.x + title.width + 16, 22, t("projector.round", { round: view.round }), {
      size: BODY,
      color: colors.muted,
      bold: true,
      spacing: 1,
    });

    // Phase chip, then who plays what.
    const [phaseText, phaseColor] = phaseChip(view);
    let x = M;
    const y = 58;
    const chip = this.text(x + 12, y + 2, phaseText, { size: BODY, color: colors.background, bold: true });
    g.fillStyle(phaseColor, 1).fillRoundedRect(x, y - 2, chip.width + 24, 32, 8);
    x += chip.width + 24 + 20;
    const right = WIDTH - M - 110;
    const players = view.players.filter((p) => !p.spectator);
    if (players.length === 0) this.text(x, y + 2, t("projector.noPlayers"), { color: colors.muted });
    for (const [i, player] of players.entries()) {
      const star = player.id === view.facilitator ? "★ " : "";
      const name = this.text(x, y + 2, `${star}${player.name}`, {
        color: player.connected ? colors.text : colors.muted,
        bold: true,
      });
      let end = x + name.width + 8;
      const chips: [number, Phaser.GameObjects.Text][] = [];
      for (const role of player.roles) {
        const label = this.text(end + 8, y + 4, roleName(role), {
          size: 18,
          color: colors.background,
          bold: true,
        });
        chips.push([ROLE_COLOR[role], label]);
        end += label.width + 16 + 6;
      }
      if (end > right) {
        // No room for this player and the rest: say how many are left out.
        name.setVisible(false);
        for (const [, label] of chips) label.setVisible(false);
        this.text(x, y + 2, `+${players.length - i}`, { color: colors.muted, bold: true });
        break;
      }
      for (const [color, label] of chips)
        g.fillStyle(color, 1).fillRoundedRect(label.x - 8, y, label.width + 16, 28, 6);
      x = end + 22;
    }
  }

  // ── The cluster: zones side by side, a coloured tile per node ───────────────────────────────────

  private drawCluster(view: ClusterView, box: Box): void {
    this.panel(box);
    this.heading(box.x + PAD, box.y + 12, t("projector.cluster", { n: view.nodes.length }));
    const pending = view.pods.filter((p) => p.nodeName === "").length;
    this.text(
      box.x + box.w - PAD,
      box.y + 12,
      pending > 0 ? t("projector.pending", { n: pending }) : t("projector.noPending"),
      { color: pending > 0 ? colors.pending : colors.muted, bold: pending > 0, originX: 1 },
    );

    const legendY = box.y + box.h - 34;
    this.drawLegend(box.x + PAD, legendY, box.w - 2 * PAD);

    const zones = [...new Set(view.nodes.map((n) => n.zone))].sort();
    const byZone = Map.groupBy(view.nodes, (n) => n.zone);
    const gap = 14;
    const left = box.x + PAD;
    const width = box.w - 2 * PAD;
    const columnW = (width - (zones.length - 1) * gap) / Math.max(1, zones.length);
    const labelY = box.y + 48;
    const tilesTop = labelY + 30;
    const tilesH = legendY - 12 - tilesTop;
    const short = shortNames(view.nodes);
    // One grid for every zone, sized for the fullest, so tiles match across zones.
    const grid = tileGrid(Math.max(1, ...[...byZone.values()].map((n) => n.length)), columnW, tilesH);
    const lit = pointedNodes(view);
    for (const [z, zone] of zones.entries()) {
      const x = left + z * (columnW + gap);
      const label = this.text(x, labelY, zone, {
        size: 18,
        color: colors.accentDeep,
        bold: true,
        spacing: 1,
      });
      if (label.width > columnW) label.setText(clipToWidth(label, zone, columnW));
      const nodes = byZone.get(zone) ?? [];
      nodes.forEach((node, i) => {
        const col = i % grid.cols;
        const row = Math.floor(i / grid.cols);
        this.drawTile(
          node,
          short.get(node.name) ?? node.name,
          x + col * (grid.w + grid.gap),
          tilesTop + row * (grid.h + grid.gap),
          grid.w,
          grid.h,
        );
        if (lit.has(node.name))
          this.pointAt(x + col * (grid.w + grid.gap), tilesTop + row * (grid.h + grid.gap), grid.w, grid.h);
      });
    }
  }

  /** The facilitator points at this tile (the node, or a pod on it): a ring and a LOOK tag. */
  private pointAt(x: number, y: number, w: number, h: number): void {
    this.g.lineStyle(5, colors.highlight, 1).strokeRoundedRect(x - 4, y - 4, w + 8, h + 8, 10);
    const tag = this.text(x + w - 4, y - 12, t("highlight.tag"), {
      size: 14,
      color: colors.background,
      bold: true,
      originX: 1,
    });
    this.g
      .fillStyle(colors.highlight, 1)
      .fillRoundedRect(tag.x - tag.width - 6, y - 13, tag.width + 12, 20, 5);
  }

  private drawTile(node: NodeView, shortName: string, x: number, y: number, w: number, h: number): void {
    const g = this.g;
    const down = !node.up;
    const ready = node.ready === "True";
    const fill = down ? tileDown : ready ? colors.healthy : colors.danger;
    const ink = down ? colors.muted : colors.background;
    const radius = Math.min(8, h / 4);
    g.fillStyle(fill, 1).fillRoundedRect(x, y, w, h, radius);
    if (down) g.lineStyle(2, colors.danger, 0.8).strokeRoundedRect(x + 1, y + 1, w - 2, h - 2, radius);
    if (node.unschedulable) {
      // Hatching, the "closed" sign, in the tile's ink so it shows on any fill.
      const step = 12;
      g.lineStyle(4, down ? colors.muted : colors.background, down ? 0.5 : 0.35);
      for (let d = -h; d < w; d += step)
        g.lineBetween(
          x + Math.max(0, d),
          y + Math.max(0, -d),
          x + Math.min(w, d + h),
          y + Math.min(h, w - d),
        );
      g.lineStyle(3, colors.pending, 1).strokeRoundedRect(x, y, w, h, radius);
    }
    const count = `${node.podsReady}/${node.podCount}`;
    const pad = Math.max(4, Math.min(12, Math.round(h / 6)));
    if (h >= 50) {
      // Two lines: the name, then the pods (or why the node is out).
      const size = Math.min(24, Math.round(h * 0.32));
      const name = this.text(x + pad, y + pad - 2, node.name, { size, color: ink, bold: true });
      if (name.width > w - 2 * pad) name.setText(shortName);
      const second = down
        ? t("projector.down")
        : node.unschedulable
          ? `${count} · ${t("projector.cordoned")}`
          : w >= 200
            ? t("projector.tilePods", { ready: node.podsReady, pods: node.podCount })
            : count;
      const detail = this.text(x + pad, y + h - pad + 2, second, {
        size: Math.max(12, Math.min(BODY, size - 2)),
        color: down ? colors.danger : ink,
        bold: down || node.podsReady < node.podCount,
        originY: 1,
      });
      if (detail.width > w - 2 * pad) detail.setText(down ? t("projector.down") : count);
      return;
    }
    // One line: the name on the left, the count on the right when both fit.
    const size = Math.max(12, Math.min(BODY, Math.round(h * 0.55)));
    const cy = y + h / 2;
    const right = this.text(x + w - pad, cy, down ? t("projector.down") : count, {
      size,
      color: down ? colors.danger : ink,
      bold: true,
      originX: 1,
      originY: 0.5,
    });
    const room = w - 2 * pad - right.width - 6;
    const name = this.text(x + pad, cy, node.name, { size, color: ink, bold: true, originY: 0.5 });
    if (name.width > room) name.setText(shortName);
    if (name.width > room) {
      // Too narrow for both: the name wins, the colour tells the rest.
      right.setVisible(false);
      if (name.width > w - 2 * pad) name.setText(clipToWidth(name, shortName, w - 2 * pad));
    }
  }

  private drawLegend(x: number, y: number, width: number): void {
    const items: [MessageKey, number, boolean][] = [
      ["projector.legendReady", colors.healthy, false],
      ["projector.legendNotReady", colors.danger, false],
      ["projector.legendDown", tileDown, false],
      ["projector.legendCordoned", colors.healthy, true],
    ];
    for (const size of [18, 16, 14]) {
      const labels = items.map(([key]) => this.text(x, y + 1, t(key), { size, color: colors.muted }));
      const used = labels.reduce((sum, label) => sum + label.width, 0) + items.length * (size + 8);
      const gap = (width - used) / (items.length - 1);
      if (gap < 10 && size > 14) {
        for (const label of labels) label.setVisible(false);
        continue;
      }
      // Spread across the panel's width.
      let at = x;
      items.forEach(([, color, hatched], i) => {
        this.swatch(at, y + 3, size, color, hatched);
        labels[i]!.setX(at + size + 8);
        at += size + 8 + labels[i]!.width + Math.max(10, gap);
      });
      return;
    }
  }

  private swatch(x: number, y: number, size: number, color: number, hatched: boolean): void {
    const g = this.g;
    g.fillStyle(color, 1).fillRoundedRect(x, y, size, size, 3);
    if (color === tileDown) g.lineStyle(2, colors.danger, 0.8).strokeRoundedRect(x, y, size, size, 3);
    if (hatched) {
      g.lineStyle(3, colors.background, 0.35);
      for (let d = -size; d < size; d += 7)
        g.lineBetween(
          x + Math.max(0, d),
          y + Math.max(0, -d),
          x + Math.min(size, d + size),
          y + Math.min(size, size - d),
        );
      g.lineStyle(2, colors.pending, 1).strokeRoundedRect(x, y, size, size, 3);
    }
  }

  // ── SLO charts: availability and p99 latency per service ────────────────────────────────────────

  private drawCharts(view: ClusterView, box: Box): void {
    this.panel(box);
    this.heading(box.x + PAD, box.y + 12, t("projector.slo", { minutes: Math.round(HISTORY_MS / 60_000) }));
    const services = this.charted(view);
    const top = box.y + 46;
    const more = view.services.length - services.length;
    const bottom = box.y + box.h - PAD - (more > 0 ? 30 : 0);
    if (services.length === 0) {
      this.text(box.x + PAD, top + 8, t("projector.noServices"), { color: colors.muted });
      return;
    }
    if (more > 0)
      this.text(box.x + PAD, box.y + box.h - PAD, t("projector.moreServices", { n: more }), {
        color: colors.muted,
        originY: 1,
      });
    const slot = (bottom - top) / services.length;
    // The window: the last HISTORY_MS of game time, or the round so far from its start.
    const span = Math.min(HISTORY_MS, view.timeLimitMs > 0 ? view.timeLimitMs : HISTORY_MS);
    const to = Math.max(view.timeMs, span);
    const from = to - span;
    const chartW = (box.w - 2 * PAD - 12) / 2;
    services.forEach((service, i) => {
      const y = top + i * slot;
      const name = this.text(box.x + PAD, y, service.name, { size: 22, bold: true });
      const info = this.text(
        box.x + box.w - PAD,
        y + 2,
        t("projector.serviceInfo", {
          rps: service.demandRps.toLocaleString("en-US"),
          endpoints: service.readyEndpoints,
        }),
        { size: 18, color: colors.muted, originX: 1 },
      );
      const room = box.w - 2 * PAD - info.width - 12;
      if (name.width > room) name.setText(clipToWidth(name, service.name, room));
      const chartTop = y + 30;
      const chartH = slot - 30 - 12;
      const points = history.points(service.name);
      this.availabilityChart(box.x + PAD, chartTop, chartW, chartH, service, points, from, to);
      this.latencyChart(box.x + PAD + chartW + 12, chartTop, chartW, chartH, service, points, from, to);
    });
  }

  /** Which services get charts: all when they fit; else the ones that suffered most, then the busiest. */
  private charted(view: ClusterView): readonly ServiceView[] {
    if (view.services.length <= MAX_CHARTED) return view.services;
    return [...view.services]
      .sort(
        (a, b) =>
          history.worst(a.name) - history.worst(b.name) ||
          b.demandRps - a.demandRps ||
          a.name.localeCompare(b.name),
      )
      .slice(0, MAX_CHARTED)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private chartFrame(
    x: number,
    y: number,
    w: number,
    h: number,
    title: string,
    value: string,
    color: number,
  ) {
    this.g.fillStyle(CHART_FILL, 1).fillRoundedRect(x, y, w, h, 8);
    this.text(x + 10, y + 6, title, { size: 16, color: colors.muted });
    this.text(x + w - 10, y + 2, value, { size: 22, color, bold: true, originX: 1 });
    // The plot area under the title row.
    return { x: x + 10, y: y + 32, w: w - 20, h: Math.max(10, h - 32 - 8) };
  }

  private availabilityChart(
    x: number,
    y: number,
    w: number,
    h: number,
    service: ServiceView,
    points: readonly SloPoint[],
    from: number,
    to: number,
  ): void {
    const target = availabilityGoal(service);
    const ok = service.availability >= target;
    const plot = this.chartFrame(
      x,
      y,
      w,
      h,
      t("projector.availability"),
      `${formatPercent(service.availability)}%`,
      ok ? colors.healthy : colors.danger,
    );
    const chart = new SloChart(this.g, plot, { from, to, min: 0, max: 1 });
    // 0 %, 50 % and 100 % guides; the target dashed.
    chart.guides([0, 0.5, 1]).target(target, colors.starting, { width: 2, dash: 6 });
    if (plot.h >= 40)
      this.text(
        plot.x + plot.w - 2,
        plot.y + plot.h - 4,
        t("projector.target", { percent: Number((target * 100).toFixed(2)) }),
        {
          size: 14,
          color: colors.starting,
          originX: 1,
          originY: 1,
        },
      );
    chart.line(points, (p) => p.availability, {
      width: 3,
      color: (p) => (p.availability >= target ? colors.healthy : colors.danger),
      dot: true,
    });
    if (points.length < 2) this.collecting(plot);
  }

  private latencyChart(
    x: number,
    y: number,
    w: number,
    h: number,
    service: ServiceView,
    points: readonly SloPoint[],
    from: number,
    to: number,
  ): void {
    const seen = points.filter((p) => p.t >= from && Number.isFinite(p.p99Ms)).map((p) => p.p99Ms);
    const max = niceCeiling(Math.max(100, service.p99Ms, ...seen) * 1.1);
    const plot = this.chartFrame(
      x,
      y,
      w,
      h,
      t("projector.latency"),
      service.p99Ms >= 10_000 ? `${(service.p99Ms / 1000).toFixed(1)} s` : `${Math.round(service.p99Ms)} ms`,
      colors.memory,
    );
    const chart = new SloChart(this.g, plot, { from, to, min: 0, max });
    chart.guides([0, max / 2, max]);
    if (plot.h >= 40)
      this.text(
        plot.x + 2,
        plot.y + 3,
        max >= 10_000 ? t("projector.scaleSeconds", { max: max / 1000 }) : t("projector.scale", { max }),
        {
          size: 14,
          color: colors.muted,
        },
      );
    chart.line(points, (p) => p.p99Ms, { width: 3, color: colors.memory, dot: true });
    if (points.length < 2) this.collecting(plot);
  }

  private collecting(plot: { x: number; y: number; w: number; h: number }): void {
    this.text(plot.x + plot.w / 2, plot.y + plot.h / 2, t("projector.collecting"), {
      size: 16,
      color: colors.muted,
      originX: 0.5,
      originY: 0.5,
    });
  }

  // ── Event feed ──────────────────────────────────────────────────────────────────────────────────

  /**
   * What happens, newest first: the cluster's events and who did what (as the command they ran, or
   * in words), each wrapped over up to two lines rather than cut. While the round is paused the
   * heading names what the facilitator points at.
   */
  private drawEvents(view: ClusterView, box: Box): void {
    this.panel(box);
    const pointed = view.paused && view.highlights.length > 0;
    this.heading(
      box.x + PAD,
      box.y + 10,
      pointed ? t("pause.look", { targets: view.highlights.join(", ") }) : t("projector.feed"),
      pointed ? colors.highlight : colors.accent,
    );
    const top = box.y + 44;
    const bottom = box.y + box.h - 8;
    const items = feed(view);
    if (items.length === 0) {
      this.text(box.x + PAD, top, t("projector.noEvents"), { color: colors.muted });
      return;
    }
    const timeW = 76;
    const textX = box.x + PAD + 16 + timeW;
    const wrap = box.x + box.w - PAD - textX;
    let y = top;
    for (const [i, item] of items.entries()) {
      if (y + EVENT_LINE > bottom) break;
      const alpha = i === 0 ? 1 : 0.85;
      const color = item.kind === "action" ? colors.accent : item.warning ? colors.pending : colors.text;
      const time = this.text(box.x + PAD + 16, y, formatClock(item.time), {
        mono: true,
        bold: i === 0,
        alpha,
      });
      const line = this.text(textX, y, item.text, { color, bold: i === 0, alpha, wrap });
      // Two lines at most: a third is left out rather than drawn past the panel.
      const lines = Math.min(2, Math.round(line.height / EVENT_LINE));
      if (lines > 1 && y + lines * EVENT_LINE > bottom + 4) {
        time.setVisible(false);
        line.setVisible(false);
        break;
      }
      if (line.height > 2 * EVENT_LINE + 4) line.setText(clipLines(line, item.text, 2 * EVENT_LINE + 4));
      this.g
        .fillStyle(
          item.kind === "action" ? colors.accent : item.warning ? colors.pending : colors.accentDeep,
          alpha,
        )
        .fillRect(box.x + PAD, y + 4, 6, Math.max(18, line.height - 6));
      y += Math.max(EVENT_LINE, line.height) + 6;
    }
  }

  // ── Right column: etcd, score, objective ────────────────────────────────────────────────────────

  private drawSide(view: ClusterView, box: Box): void {
    this.panel(box);
    const x = box.x + PAD;
    const right = box.x + box.w - PAD;
    let y = box.y + 12;
    const line = 30;

    this.heading(x, y, t("side.etcd"));
    y += 36;
    if (view.etcd.length === 0) {
      this.text(x, y, t("projector.noEtcd"), { color: colors.muted });
      y += line;
    }
    for (const member of view.etcd.slice(0, 7)) {
      const color = ETCD_COLOR[member.role] ?? colors.text;
      this.g.fillStyle(color, 1).fillCircle(x + 6, y + 12, 6);
      const name = this.text(x + 20, y, member.name, { bold: member.role === "leader" });
      const term = this.text(right, y, t("projector.term", { term: member.term }), {
        color: colors.muted,
        originX: 1,
      });
      const role = this.text(
        x + 20 + Math.max(84, name.width + 10),
        y,
        t(`etcd.${member.role}` as MessageKey),
        {
          color,
          bold: member.role === "leader",
        },
      );
      if (role.x + role.width > term.x - term.width - 8) term.setVisible(false);
      y += line;
    }

    y += 14;
    this.heading(x, y, t("side.score"));
    y += 36;
    // Where the round stands in words: quiet, under way, recovered, holding on.
    const [phase, phaseColor] = phaseLine(view);
    const phaseText = this.text(x, y, phase, { color: phaseColor, bold: true });
    if (phaseText.width > box.w - 2 * PAD) phaseText.setText(clipToWidth(phaseText, phase, box.w - 2 * PAD));
    y += line;
    const budget = Math.max(0, Math.min(1, view.score.errorBudgetLeft));
    const budgetColor = budget < 0.25 ? colors.danger : budget < 0.5 ? colors.pending : colors.healthy;
    const budgetLine = t("side.budget", { percent: (budget * 100).toFixed(1) });
    const budgetText = this.text(x, y, budgetLine);
    if (budgetText.width > box.w - 2 * PAD) {
      budgetText.setVisible(false);
      this.text(x, y + 2, budgetLine, { size: 17 });
    }
    y += line;
    this.g.fillStyle(colors.background, 1).fillRoundedRect(x, y, box.w - 2 * PAD, 10, 5);
    if (budget > 0)
      this.g.fillStyle(budgetColor, 1).fillRoundedRect(x, y, Math.max(10, (box.w - 2 * PAD) * budget), 10, 5);
    y += 20;
    this.text(x, y, t("side.actions", { n: view.score.actions }));
    y += line;
    // What stands in the objective's way, for the room to see.
    const [risk] = riskSentences(view.score.warnings);
    if (risk !== undefined) {
      const warning = this.text(x, y, `⚠ ${risk}`, { color: colors.danger, size: 15 });
      if (warning.width > box.w - 2 * PAD)
        warning.setText(clipToWidth(warning, warning.text, box.w - 2 * PAD));
      y += line;
    }

    y += 14;
    this.heading(x, y, t("side.objective"));
    y += 36;
    if (view.score.checks.length === 0) this.text(x, y, t("side.none"), { color: colors.muted });
    const bottom = box.y + box.h - 8;
    for (const check of view.score.checks) {
      if (y + line > bottom) break;
      const label = this.text(x, y, `${check.holding ? "✓" : "✗"} ${checkWords(check.kind)}`, {
        color: check.holding ? colors.healthy : colors.danger,
        bold: true,
        // A long check wraps to a second line rather than lose its meaning.
        wrap: box.w - 2 * PAD,
      });
      y += Math.max(line, label.height + 6);
    }
  }
}

const ETCD_COLOR: Partial<Record<string, number>> = {
  leader: colors.accent,
  follower: colors.text,
  candidate: colors.pending,
  learner: colors.starting,
  down: colors.danger,
};

/** The phase chip's words and colour: live, paused, or the round's outcome. */
function phaseChip(view: ClusterView): [string, number] {
  if (view.phase === "live")
    return view.paused ? [t("projector.paused"), colors.starting] : [t("projector.live"), colors.healthy];
  switch (view.outcome) {
    case "resolved": {
      const ms = view.score.timeToRecoveryMs >= 0 ? view.score.timeToRecoveryMs : view.timeMs;
      return [
        t("projector.over", { outcome: t("outcome.resolved", { time: formatMinutes(ms) }) }),
        colors.healthy,
      ];
    }
    case "survived":
      return [t("projector.over", { outcome: t("outcome.survived") }), colors.healthy];
    case "failed":
      return [t("projector.over", { outcome: t("outcome.failed") }), colors.danger];
    case "ended":
      return [t("projector.over", { outcome: t("outcome.ended") }), colors.pending];
    default:
      return [t("projector.overPlain"), colors.muted];
  }
}

/**
 * How many tiles side by side in a zone's column: the layout whose tiles come closest to a
 * wide, readable shape (about 2.4 : 1) and are as large as possible.
 */
function tileGrid(
  n: number,
  width: number,
  height: number,
): { cols: number; w: number; h: number; gap: number } {
  let best = { cols: 1, w: width, h: Math.min(84, height), gap: 8, score: -1 };
  for (let cols = 1; cols <= 6; cols++) {
    const rows = Math.ceil(Math.max(1, n) / cols);
    const gap = rows > 8 || cols > 3 ? 5 : 8;
    const w = (width - (cols - 1) * gap) / cols;
    const h = Math.min(84, (height - (rows - 1) * gap) / rows);
    if (w < 28 || h < 14) continue;
    const score = Math.min(w / 2.4, h);
    if (score > best.score) best = { cols, w, h, gap, score };
  }
  return best;
}

/** Node names without the prefix they all share ("node-a1" → "a1"), for tiles too small for the full name. */
function shortNames(nodes: readonly NodeView[]): Map<string, string> {
  const names = nodes.map((n) => n.name);
  let prefix = names[0] ?? "";
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf("-") + 1;
  return new Map(names.map((name) => [name, cut > 0 && name.length > cut ? name.slice(cut) : name]));
}

interface FeedItem {
  readonly time: number;
  readonly kind: "event" | "action";
  readonly warning: boolean;
  readonly text: string;
}

/** The cluster's events and the players' actions, newest first. */
function feed(view: ClusterView): FeedItem[] {
  const events = view.events.map(
    (e: EventView): FeedItem => ({
      time: e.time,
      kind: "event",
      warning: e.type === "Warning",
      text: `${e.object} · ${e.reason} — ${e.message}`,
    }),
  );
  const actions = view.timeline.map(
    (a: TimelineView): FeedItem => ({
      time: a.at,
      kind: "action",
      warning: !a.accepted,
      text: `${a.player}: ${saidEntry(a)}${a.accepted ? " ✓" : ` ✗ ${t("projector.didRefused", { reason: a.reason })}`}`,
    }),
  );
  // Stable: at one instant, an action comes before the events it caused.
  return [...actions, ...events].sort((a, b) => b.time - a.time);
}

/** Pointed-at nodes: those highlighted, and those holding a highlighted pod. */
function pointedNodes(view: ClusterView): ReadonlySet<string> {
  const nodeOf = new Map(view.pods.map((p) => [p.name, p.nodeName]));
  const nodes = new Set<string>();
  for (const target of view.highlights) {
    const [kind, name = ""] = target.split("/");
    const node = kind === "node" ? name : nodeOf.get(name);
    if (node) nodes.add(node);
  }
  return nodes;
}

/** 99.95 → "99.95", 87.3 → "87.3", 100 → "100". */
function formatPercent(share: number): string {
  const percent = share * 100;
  if (percent >= 100) return "100";
  return percent >= 99 ? percent.toFixed(2) : percent.toFixed(1);
}
