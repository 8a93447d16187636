import Phaser from "phaser";
import type { ReplayCommand } from "../../shared/protocol/replay.ts";
import type { Milestone } from "../../shared/sim/world/milestones.ts";
import { commandName } from "../../shared/words/actions.ts";
import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import type { ClusterView } from "../net/connection.ts";
import { ReplaySession } from "../replay/session.ts";
import { seam, toPage } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { ClusterMap } from "../ui/ClusterMap.ts";
import { ConsolePanel } from "../ui/Console.ts";
import { ControlPlanePanel } from "../ui/ControlPlanePanel.ts";
import { EventLog } from "../ui/EventLog.ts";
import { drawHeader } from "../ui/Header.ts";
import { incidentLayoutFor, type Rect } from "../ui/layout.ts";
import { ScorePanel } from "../ui/ScorePanel.ts";
import { SloPanel } from "../ui/SloPanel.ts";
import { formatClock } from "../ui/statusFormat.ts";
import { explain } from "../ui/Tooltip.ts";
import { clipToWidth, colors, displayStyle, takeScreenHeight, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";

/** What the scene is opened with: the round, and the moment to open at (game seconds). */
export interface ReplayOpening {
  readonly roundId: number;
  readonly at?: number;
}

/** Game seconds per real second; the last is as fast as the worker draws frames. */
const SPEEDS = [1, 5, 20, 60] as const;
/** The timeline's height, taken from the map's. */
const TIMELINE_H = 112;
const LANE_LABEL_W = 96;
const MAX_PLAYER_LANES = 4;

const ROLE_COLOR: Record<ReplayCommand["role"], number> = {
  operator: colors.accent,
  scheduler: colors.healthy,
  chaos: colors.danger,
  facilitator: colors.highlight,
};

const MILESTONE_COLOR: Record<Milestone["kind"], number> = {
  incidentStart: colors.danger,
  fault: colors.danger,
  quorumLost: colors.danger,
  sloBreached: colors.danger,
  nodeNotReady: colors.pending,
  podsEvicted: colors.pending,
  leaderElected: colors.starting,
  quorumRestored: colors.healthy,
  sloRestored: colors.healthy,
  nodeReady: colors.healthy,
  objectiveMet: colors.healthy,
};

/**
 * A stored round, watched: the incident screen read-only, drawn from the World replaying in the
 * browser's worker (client/replay/). Play, pause, speeds, and a timeline of the cluster's
 * milestones and each player's actions to scrub along; the console reads the replayed cluster at
 * the moment shown; the header says whether the replay reached the round's stored digest.
 */
export class Replay extends Phaser.Scene {
  private session: ReplaySession | undefined;
  private opening: ReplayOpening = { roundId: 0 };
  private at = 0;
  private playing = false;
  private speed: number = SPEEDS[0];
  private view: ClusterView | undefined;
  private panels: { update(view: ClusterView): void; destroy(): void }[] = [];
  private console: ConsolePanel | undefined;
  private clock!: Phaser.GameObjects.Text;
  private who!: Phaser.GameObjects.Text;
  private integrity!: Phaser.GameObjects.Text;
  private timeline!: Phaser.GameObjects.Graphics;
  private timelineArea!: Rect;
  private laneTexts: Phaser.GameObjects.Text[] = [];
  private actionsTitle!: Phaser.GameObjects.Text;
  private actionLines!: Phaser.GameObjects.Text;
  private heading!: Phaser.GameObjects.Text;
  private transport: Button[] = [];
  private failed = "";

  constructor() {
    super("Replay");
  }

  init(data: ReplayOpening): void {
    this.opening = data;
  }

  create(): void {
    seam.scene = "Replay";
    this.at = (this.opening.at ?? 0) * 1000;
    this.playing = false;
    this.speed = SPEEDS[0];
    this.view = undefined;
    this.failed = "";
    this.laneTexts = [];
    this.transport = [];
    const layout = incidentLayoutFor(takeScreenHeight(this));
    const map: Rect = { ...layout.map, height: layout.map.height - TIMELINE_H };
    this.timelineArea = { x: map.x, y: map.y + map.height + 6, width: map.width, height: TIMELINE_H - 8 };

    this.heading = drawHeader(this, t("replay.loading", { id: this.opening.roundId }));
    this.clock = this.add.text(WIDTH - 24, 16, "", displayStyle(26, colors.accent, true)).setOrigin(1, 0);
    this.who = this.add.text(24, 72, "", textStyle(14, colors.text));
    this.integrity = this.add.text(WIDTH - 24, 72, "", textStyle(14, colors.muted)).setOrigin(1, 0);
    explain(this.integrity, () => t("replay.tipIntegrity"));

    const clusterMap = new ClusterMap(this, map, { onNode: () => {} });
    const eventLog = new EventLog(this, layout.events);
    this.panels = [
      clusterMap,
      new ControlPlanePanel(this, layout.controlPlane),
      new SloPanel(this, layout.slo),
      new ScorePanel(this, layout.score),
      eventLog,
    ];
    this.drawActionsPanel(layout.dock);
    this.drawTimelineChrome();
    const events = layout.events;
    new Button(
      this,
      events.x + events.width - 60,
      events.y + 18,
      t("console.button"),
      () => this.console?.toggle(),
      {
        width: 96,
        height: 22,
        size: 11,
        style: "secondary",
      },
    );

    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.session?.close();
      this.session = undefined;
      this.console?.destroy();
      this.console = undefined;
      for (const part of this.panels) part.destroy();
      this.panels = [];
      seam.replay = () => null;
      seam.eventLines = () => [];
    });
    seam.eventLines = () => [...eventLog.lines];
    seam.replay = () => this.seen();
    void this.open(layout.console);
  }

  override update(_time: number, delta: number): void {
    const session = this.session;
    if (session === undefined) return;
    if (this.playing) {
      const end = Math.min(session.replay.durationMs, session.reached);
      this.at = Math.min(end, this.at + delta * this.speed);
      if (this.at >= session.replay.durationMs) this.setPlaying(false);
    }
    if (Math.round(this.at) !== session.shownAt) session.show(this.at);
    this.drawTimeline();
    this.clock.setText(`${formatClock(this.at)} / ${formatClock(session.replay.durationMs)}`);
  }

  private async open(consoleArea: Rect): Promise<void> {
    let session: ReplaySession;
    try {
      session = await ReplaySession.open(this.opening.roundId);
    } catch (error) {
      this.failed = error instanceof Error ? error.message : String(error);
      this.integrity.setText("");
      this.who
        .setText(t("replay.notFound", { id: this.opening.roundId, message: this.failed }))
        .setColor("#d55e00");
      return;
    }
    if (!this.sys.isActive()) {
      session.close();
      return;
    }
    this.session = session;
    const replay = session.replay;
    this.at = Math.min(this.at, replay.durationMs);
    this.heading.setText(t("replay.subtitle", { scenario: replay.scenario.id }));
    const players = replay.players.map((p) => p.name).join(", ");
    // A solo round's team is its one player: named once.
    const who = { team: replay.team, id: replay.id, seed: replay.seed, players };
    this.who.setText(players === replay.team ? t("replay.whoAlone", who) : t("replay.who", who));
    clipToWidth(this.who, this.who.text, WIDTH - 520);
    session.onFrame((view, at) => this.render(view, at));
    session.onChange(() => this.showIntegrity());
    this.showIntegrity();
    const date = replay.finishedAt.slice(0, 10);
    const panel = new ConsolePanel(
      consoleArea,
      () => this.view,
      () =>
        queueMicrotask(() =>
          panel.refused({ code: "forbidden", type: "command", message: t("replay.readOnly", { date }) }),
        ),
      () => session.listPods(this.at),
    );
    this.console = panel;
    this.drawLanes();
    session.show(this.at);
  }

  private render(view: ClusterView, at: number): void {
    const title = view.scenarioTitle;
    if (title !== "" && this.view?.scenarioTitle !== title)
      this.heading.setText(t("replay.subtitle", { scenario: title }));
    this.view = view;
    for (const part of this.panels) part.update(view);
    this.showActions(at);
  }

  private showIntegrity(): void {
    const session = this.session;
    if (session === undefined) return;
    const integrity = session.integrity;
    const [text, color] = ((): [string, number] => {
      switch (integrity.kind) {
        case "checking": {
          const percent = Math.floor((100 * session.reached) / Math.max(1, session.replay.durationMs));
          return [t("replay.checking", { percent }), colors.muted];
        }
        case "verified":
          return [t("replay.verified"), colors.healthy];
        case "mismatch":
          return [t("replay.mismatch"), colors.danger];
        case "unplayable":
          return [t(`replay.${integrity.why}` as MessageKey, { version: integrity.version }), colors.danger];
      }
    })();
    this.integrity.setText(text).setColor(`#${color.toString(16).padStart(6, "0")}`);
  }

  // ── The timeline: transport, then the cluster's lane and each player's ──

  private drawTimelineChrome(): void {
    const area = this.timelineArea;
    const frame = this.add.graphics();
    frame.fillStyle(colors.panel, 1).fillRoundedRect(area.x, area.y, area.width, area.height, 10);
    frame.lineStyle(1, colors.panelEdge, 1).strokeRoundedRect(area.x, area.y, area.width, area.height, 10);
    const row = area.y + 18;
    this.drawTransport();
    new Button(this, area.x + area.width - 64, row, t("replay.link"), () => this.copyLink(), {
      width: 112,
      height: 24,
      size: 11,
      style: "secondary",
    });
    this.timeline = this.add.graphics();
    const track = this.track();
    const zone = this.add
      .zone(track.left, track.top, track.right - track.left, track.bottom - track.top)
      .setOrigin(0, 0)
      .setInteractive({ useHandCursor: true });
    explain(zone, () => t("replay.tipTimeline"));
    const scrub = (pointer: Phaser.Input.Pointer) => {
      const session = this.session;
      if (session === undefined) return;
      const share = Phaser.Math.Clamp((pointer.x - track.left) / (track.right - track.left), 0, 1);
      this.at = Math.min(session.reached, share * session.replay.durationMs);
    };
    zone.on("pointerdown", scrub);
    zone.on("pointermove", (pointer: Phaser.Input.Pointer) => {
      if (pointer.isDown) scrub(pointer);
    });
  }

  /** Where the lanes are drawn (game coordinates). */
  private track(): { left: number; right: number; top: number; bottom: number } {
    const area = this.timelineArea;
    return {
      left: area.x + LANE_LABEL_W + 12,
      right: area.x + area.width - 16,
      top: area.y + 38,
      bottom: area.y + area.height - 8,
    };
  }

  private lanes(): { name: string; marks: { at: number; color: number }[] }[] {
    const session = this.session;
    if (session === undefined) return [];
    const cluster = {
      name: t("replay.milestones"),
      marks: session.milestones.map((m) => ({ at: m.time, color: MILESTONE_COLOR[m.kind] })),
    };
    const players = session.replay.players.slice(0, MAX_PLAYER_LANES).map((p) => ({
      name: p.name,
      marks: session.replay.commands
        .filter((c) => c.player === p.name)
        .map((c) => ({ at: c.at, color: ROLE_COLOR[c.role] })),
    }));
    return [cluster, ...players];
  }

  private drawLanes(): void {
    for (const text of this.laneTexts) text.destroy();
    const track = this.track();
    const lanes = this.lanes();
    const laneH = (track.bottom - track.top) / Math.max(1, lanes.length);
    this.laneTexts = lanes.map((lane, i) => {
      const label = this.add
        .text(
          this.timelineArea.x + 12,
          track.top + laneH * (i + 0.5),
          lane.name,
          textStyle(11, i === 0 ? colors.muted : colors.text),
        )
        .setOrigin(0, 0.5);
      clipToWidth(label, lane.name, LANE_LABEL_W);
      return label;
    });
  }

  private drawTimeline(): void {
    const session = this.session;
    if (session === undefined) return;
    const g = this.timeline.clear();
    const track = this.track();
    const width = track.right - track.left;
    const duration = Math.max(1, session.replay.durationMs);
    const x = (ms: number) => track.left + (Math.min(ms, duration) / duration) * width;
    const lanes = this.lanes();
    const laneH = (track.bottom - track.top) / Math.max(1, lanes.length);
    // What the worker has replayed so far, and the rest still to come.
    g.fillStyle(colors.panelEdge, 0.6).fillRect(track.left, track.top, width, track.bottom - track.top);
    g.fillStyle(colors.accentDeep, 0.18).fillRect(
      track.left,
      track.top,
      x(session.reached) - track.left,
      track.bottom - track.top,
    );
    lanes.forEach((lane, i) => {
      const mid = track.top + laneH * (i + 0.5);
      g.lineStyle(1, colors.panelEdge, 1).lineBetween(track.left, mid, track.right, mid);
      for (const mark of lane.marks) {
        g.fillStyle(mark.color, 1);
        if (i === 0)
          g.fillTriangle(x(mark.at), mid - 5, x(mark.at) + 4, mid, x(mark.at), mid + 5).fillTriangle(
            x(mark.at),
            mid - 5,
            x(mark.at) - 4,
            mid,
            x(mark.at),
            mid + 5,
          );
        else g.fillRect(x(mark.at) - 1.5, mid - 4, 3, 8);
      }
    });
    const head = x(this.at);
    g.lineStyle(2, colors.focus, 1).lineBetween(head, track.top - 4, head, track.bottom + 2);
    g.fillStyle(colors.focus, 1).fillTriangle(
      head - 5,
      track.top - 8,
      head + 5,
      track.top - 8,
      head,
      track.top - 2,
    );
  }

  /** Play or pause, and the speeds (the one chosen lit); drawn again on each change. */
  private drawTransport(): void {
    for (const button of this.transport) button.destroy();
    const area = this.timelineArea;
    const row = area.y + 18;
    const label = t(this.playing ? "replay.pause" : "replay.play");
    this.transport = [
      new Button(this, area.x + 60, row, label, () => this.setPlaying(!this.playing), {
        width: 104,
        height: 24,
        size: 12,
      }),
      ...SPEEDS.map(
        (speed, i) =>
          new Button(
            this,
            area.x + 148 + i * 52,
            row,
            t("replay.speed", { speed }),
            () => this.setSpeed(speed),
            {
              width: 46,
              height: 24,
              size: 12,
              style: speed === this.speed ? "primary" : "secondary",
            },
          ),
      ),
    ];
  }

  private setPlaying(playing: boolean): void {
    const session = this.session;
    if (playing && session !== undefined && this.at >= session.replay.durationMs) this.at = 0;
    this.playing = playing;
    this.drawTransport();
  }

  private setSpeed(speed: number): void {
    this.speed = speed;
    this.drawTransport();
  }

  private copyLink(): void {
    const url = new URL(window.location.href);
    url.search = `?replay=${this.opening.roundId}&t=${Math.floor(this.at / 1000)}`;
    void navigator.clipboard?.writeText(url.toString()).catch(() => {});
    window.history.replaceState(null, "", url.toString());
    this.actionsTitle.setText(t("replay.linkCopied", { url: url.toString() }));
  }

  // ── Who did what, up to the moment shown ──

  private drawActionsPanel(area: Rect): void {
    const g = this.add.graphics();
    g.fillStyle(colors.panel, 1).fillRoundedRect(area.x, area.y, area.width, area.height, 10);
    g.lineStyle(1, colors.panelEdge, 1).strokeRoundedRect(area.x, area.y, area.width, area.height, 10);
    this.actionsTitle = this.add.text(area.x + 12, area.y + 10, "", {
      ...textStyle(12, colors.muted),
      fontStyle: "bold",
    });
    this.actionLines = this.add.text(area.x + 12, area.y + 32, "", {
      ...textStyle(12, colors.text, true),
      lineSpacing: 4,
    });
    new Button(
      this,
      area.x + area.width - 56,
      area.y + 18,
      t("replay.back"),
      () => goTo(this, "Leaderboard"),
      {
        width: 96,
        height: 22,
        size: 11,
        style: "secondary",
      },
    );
  }

  private showActions(at: number): void {
    const session = this.session;
    if (session === undefined) return;
    const lang = language();
    const done = session.replay.commands.filter((c) => c.at <= at);
    this.actionsTitle.setText(t("replay.actions", { time: formatClock(at) }));
    const lines = done
      .slice(-6)
      .map((c) => `${formatClock(c.at)}  ${c.player}  ${commandName(c.command.type, lang)} ${targetOf(c)}`);
    this.actionLines.setText(lines.length === 0 ? t("replay.noActions") : lines.join("\n"));
  }

  private seen(): ReturnType<typeof seam.replay> {
    const session = this.session;
    const track = this.track();
    const mid = (track.top + track.bottom) / 2;
    return {
      roundId: this.opening.roundId,
      shownAt: session?.shownAt ?? -1,
      at: Math.round(this.at),
      reached: session?.reached ?? 0,
      durationMs: session?.replay.durationMs ?? 0,
      playing: this.playing,
      speed: this.speed,
      integrity: session?.integrity.kind ?? (this.failed === "" ? "checking" : "failed"),
      integrityText: this.failed === "" ? this.integrity.text : this.who.text,
      lanes: this.lanes().map((l) => ({ name: l.name, marks: l.marks.length })),
      track:
        session === undefined ? null : { left: toPage(track.left, mid), right: toPage(track.right, mid) },
    };
  }
}

/** What a command acted on, for the actions list. */
function targetOf(c: ReplayCommand): string {
  const fields = c.command as Partial<Record<"node" | "deployment" | "pod" | "member", unknown>>;
  const target = fields.node ?? fields.deployment ?? fields.pod ?? fields.member ?? "";
  const replicas = (c.command as { replicas?: unknown }).replicas;
  return `${typeof target === "string" ? target : ""}${typeof replicas === "number" ? ` → ${replicas}` : ""}`;
}
