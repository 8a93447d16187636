import Phaser from "phaser";
import { SPEEDS } from "../../shared/protocol/messages.ts";
import type { Command } from "../../shared/sim/commands.ts";
import { guiding } from "../guide.ts";
import { saidResult } from "../i18n/actions.ts";
import { t } from "../i18n/index.ts";
import { type ClusterView, connection, type ServerNotice } from "../net/connection.ts";
import { seam, toPage } from "../testSeam.ts";
import { ActivityPanel } from "../ui/ActivityPanel.ts";
import { Button } from "../ui/Button.ts";
import { ChaosDeck } from "../ui/ChaosDeck.ts";
import { ClusterMap } from "../ui/ClusterMap.ts";
import { ConsolePanel } from "../ui/Console.ts";
import { ControlPlanePanel } from "../ui/ControlPlanePanel.ts";
import { Dock } from "../ui/DockTabs.ts";
import { EventLog } from "../ui/EventLog.ts";
import { GuidedIncident } from "../ui/GuidedIncident.ts";
import { drawHeader } from "../ui/Header.ts";
import { type IncidentLayout, incidentLayoutFor } from "../ui/layout.ts";
import { OperatorTools } from "../ui/OperatorTools.ts";
import { boardWords } from "../ui/objective.ts";
import { confirmEndRound, openAnnotateMenu, PauseStrip } from "../ui/PauseStrip.ts";
import { SchedulerDock } from "../ui/SchedulerDock.ts";
import { ScorePanel } from "../ui/ScorePanel.ts";
import { SloPanel } from "../ui/SloPanel.ts";
import { play, playMilestone } from "../ui/sound.ts";
import { formatClock } from "../ui/statusFormat.ts";
import { explain } from "../ui/Tooltip.ts";
import { colors, css, displayStyle, fitText, takeScreenHeight, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";
import { roleName } from "./Lobby.ts";
import { watching } from "./Projector.ts";
import { briefingScene } from "./route.ts";

const MARGIN = 24;

/**
 * The incident: the cluster map; the control plane, the services' SLOs and the score on the right;
 * the event log and the role's dock (the scheduler's queue, the chaos deck) below; the operator's
 * toolbar, the facilitator's controls and the clock above. Every action is an intent sent to the
 * room and echoed in the console as its real command; the screen changes when the server's state
 * says so.
 */
export class Incident extends Phaser.Scene {
  /** Everything on screen that draws the view: the map, the toolbar, the dock and the panels. */
  private panels: { update(view: ClusterView): void; destroy(): void }[] = [];
  private clock!: Phaser.GameObjects.Text;
  private heading!: Phaser.GameObjects.Text;
  private who!: Phaser.GameObjects.Text;
  private pending!: Phaser.GameObjects.Text;
  private eventLog: EventLog | undefined;
  private toast!: Phaser.GameObjects.Text;
  /** Beside the clock while the room's simulation cannot keep up with the speed asked. */
  private slowed!: Phaser.GameObjects.Text;
  private controls: Phaser.GameObjects.Container | undefined;
  private controlsKey = "";
  private lastPhase = "";
  /** The milestones of which round have sounded, and how many: only new ones sound. */
  private heardRound = -1;
  private heardMilestones = 0;
  private console: ConsolePanel | undefined;
  private operatorTools: OperatorTools | undefined;
  private deck: ChaosDeck | undefined;
  /** The facilitator's hand: the same deck, free. */
  private injectDeck: ChaosDeck | undefined;
  private schedulerDock: SchedulerDock | undefined;
  private map: ClusterMap | undefined;
  /** The guided first incident's coach marks, while a first-time player's guide runs. */
  private guide: GuidedIncident | undefined;

  constructor() {
    super("Incident");
  }

  /** The regions at this screen's height (taller on a 4:3 screen). */
  private layout!: IncidentLayout;

  create(): void {
    seam.scene = "Incident";
    // A 4:3 screen gives the incident its height.
    const height = takeScreenHeight(this);
    const incidentLayout = incidentLayoutFor(height);
    this.layout = incidentLayout;
    this.controls = undefined;
    this.controlsKey = "";
    const game = connection();
    const panel = new ConsolePanel(
      incidentLayout.console,
      () => game.latest,
      (command) => game.send("command", command),
      () => game.listPods(),
    );
    this.console = panel;
    // Every role tool's action: sent to the room, and echoed as the command line that does the same.
    const act = (command: Command) => {
      game.send("command", command);
      panel.echo(command);
    };
    const map = new ClusterMap(this, incidentLayout.map, {
      onNode: (name, at) => this.nodeChosen(name, at),
    });
    this.map = map;
    this.guide = undefined;
    const operatorTools = new OperatorTools(this, incidentLayout.toolbar, act);
    this.operatorTools = operatorTools;
    const dock = new Dock(this, incidentLayout.dock);
    // The scheduler's queue comes first: a player who also holds chaos opens on defending, not breaking.
    this.schedulerDock = new SchedulerDock(this, dock.body, map, act);
    dock.add("scheduler", this.schedulerDock);
    this.deck = new ChaosDeck(this, dock.body, map, act);
    dock.add("chaos", this.deck);
    this.injectDeck = new ChaosDeck(this, dock.body, map, act, { free: true });
    dock.add("inject", this.injectDeck);
    const activity = new ActivityPanel(this, dock.body);
    dock.add("players", activity);
    // Before the chrome, so the console button and the toasts draw over the event log.
    const eventLog = new EventLog(this, incidentLayout.events);
    this.eventLog = eventLog;
    const sloPanel = new SloPanel(this, incidentLayout.slo);
    const scorePanel = new ScorePanel(this, incidentLayout.score);
    // While paused: a strip in the toolbar's row, left of the operator's tools (as wide as they leave
    // room for at the player's text size), and a frame on the map.
    const toolbar = incidentLayout.toolbar;
    const pauseStrip = new PauseStrip(this, toolbar, incidentLayout.map, () => operatorTools.left);
    this.panels = [
      map,
      operatorTools,
      // After the operator's tools: it reads where they begin.
      pauseStrip,
      dock,
      new ControlPlanePanel(this, incidentLayout.controlPlane),
      sloPanel,
      scorePanel,
      eventLog,
    ];
    this.drawChrome();
    const offView = game.onView((view) => this.render(view));
    const offNotice = game.onNotice((notice) => {
      if (notice.kind === "result") panel.result(notice.result);
      if (notice.kind === "error") panel.refused(notice.error);
      this.guide?.noticed(notice);
      this.showNotice(notice);
    });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      // A round that resolved or failed while END's question was open needs no answer.
      document.querySelector(".cc-confirm")?.remove();
      offView();
      offNotice();
      panel.destroy();
      this.console = undefined;
      for (const part of this.panels) part.destroy();
      this.panels = [];
      this.operatorTools = undefined;
      this.deck = undefined;
      this.injectDeck = undefined;
      this.schedulerDock = undefined;
      this.eventLog = undefined;
      this.guide?.destroy();
      this.guide = undefined;
      this.map = undefined;
      seam.eventLines = () => [];
      seam.sloServices = () => [];
      seam.scoreLines = () => [];
      seam.scoreExplanation = () => "";
      seam.activityLines = () => [];
      seam.pauseStrip = () => null;
      seam.mapPodCenter = () => null;
    });
    seam.eventLines = () => [...eventLog.lines];
    seam.sloServices = () => [...sloPanel.shown];
    seam.scoreLines = () => [...scorePanel.lines];
    seam.scoreExplanation = () => scorePanel.explanation;
    seam.activityLines = () => [...activity.lines];
    seam.pauseStrip = () => pauseStrip.seen();
    seam.nodeCenter = (name) => {
      const bounds = map.nodeBounds(name);
      return bounds ? toPage(bounds.centerX, bounds.centerY) : null;
    };
    seam.mapPodCenter = (name) => {
      const at = map.podBlockCenter(name);
      return at ? toPage(at.x, at.y) : null;
    };
    if (game.latest) this.render(game.latest);
  }

  private drawChrome(): void {
    this.heading = drawHeader(this, t("cluster.joining"));
    // Display type: the clock keeps its size at any text size, clear of the facilitator's END.
    this.clock = this.add.text(WIDTH - MARGIN, 16, "", displayStyle(26, colors.accent, true)).setOrigin(1, 0);
    this.slowed = this.add.text(0, 26, "", textStyle(14, colors.pending)).setOrigin(1, 0);
    this.who = this.add.text(MARGIN, 72, "", textStyle(14, colors.text));
    explain(this.clock, () => t("tip.clock"));
    explain(this.who, () => t("tip.roles"));
    // The console's button and the pending count sit in the event log's title row, on its right.
    const events = this.layout.events;
    const MAP = this.layout.map;
    const consoleButton = { width: 96, height: 22 };
    new Button(
      this,
      events.x + events.width - 12 - consoleButton.width / 2,
      events.y + 18,
      t("console.button"),
      () => this.console?.toggle(),
      { ...consoleButton, size: 11, style: "secondary" },
    );
    this.pending = this.add
      .text(
        events.x + events.width - 20 - consoleButton.width,
        events.y + 10,
        "",
        textStyle(12, colors.pending),
      )
      .setOrigin(1, 0);
    // Over the map's lower edge: the dock and the event log below stay readable.
    this.toast = this.add
      .text(MAP.x + MAP.width / 2, MAP.y + MAP.height - 44, "", {
        ...textStyle(16, colors.text),
        backgroundColor: "#0f1830",
        padding: { x: 10, y: 4 },
      })
      .setOrigin(0.5, 1)
      .setDepth(12)
      .setAlpha(0);
  }

  private render(view: ClusterView): void {
    if (view.phase === "lobby" || view.phase === "briefing") {
      goTo(this, view.phase === "briefing" ? briefingScene(view) : "Lobby");
      return;
    }
    if (watching(view)) {
      goTo(this, "Projector");
      return;
    }
    if (view.phase === "debrief") {
      // The round is over: the Debrief scene tells what happened (and the facilitator moves on there).
      if (this.lastPhase === "live") play(view.outcome === "resolved" ? "resolved" : "failed");
      this.lastPhase = "";
      goTo(this, "Debrief");
      return;
    }
    // Each milestone the cluster reaches has its sound (node lost, leader elected, SLO breached, …).
    if (view.round !== this.heardRound) {
      this.heardRound = view.round;
      this.heardMilestones = view.milestones.length;
    }
    for (const milestone of view.milestones.slice(this.heardMilestones)) playMilestone(milestone.kind);
    this.heardMilestones = view.milestones.length;
    const me = view.players.find((p) => p.id === view.me);
    const held = (me?.roles ?? []).map(roleName);
    if (view.facilitator === view.me) held.unshift(t("facilitator.role"));
    const roles = held.length > 0 ? held.join(" + ") : t("cluster.spectator");
    // Who breaks the cluster is part of who plays what: the script when no one holds chaos.
    const chaos = view.scripted && !me?.roles.includes("chaos") ? `   ·   ${t("cluster.scriptChaos")}` : "";
    // While paused the pause strip takes the row.
    this.who
      .setText(`${t("cluster.who", { seed: view.seed, roles, board: boardWords(view) })}${chaos}`)
      .setVisible(!view.paused);
    // Left of the operator's toolbar, at any text size.
    fitText(this.who, (this.operatorTools?.left ?? WIDTH) - MARGIN - 16);
    this.heading.setText(view.scenarioTitle).setColor(css(colors.muted));
    this.clock.setText(`T+${formatClock(view.timeMs)}`);
    this.slowed
      .setText(view.slowedTo > 0 ? t("cluster.slowed", { speed: view.slowedTo }) : "")
      .setX(this.clock.x - this.clock.width - 16);
    this.renderControls(view);
    this.lastPhase = view.phase;

    for (const part of this.panels) part.update(view);
    this.console?.update(view);
    if (this.map && !this.guide && guiding(view))
      this.guide = new GuidedIncident(this, this.map, this.layout.map);
    this.guide?.update(view);

    const podsByNode = Map.groupBy(view.pods, (p) => p.nodeName);
    const unbound = podsByNode.get("") ?? [];
    this.pending.setText(
      unbound.length === 0 ? t("cluster.noPending") : t("cluster.pending", { n: unbound.length }),
    );
    // A long count (or its Korean) shrinks to fit between the event log's title and the console button.
    const room = this.pending.x - (this.eventLog?.titleRight ?? 0) - 12;
    this.pending.setScale(Math.min(1, room / Math.max(1, this.pending.width)));
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
      new Button(this, x + 30, y, t("cluster.end"), () => void confirmEndRound(), {
        ...small,
        width: 64,
        style: "danger",
      }),
    );
  }

  /**
   * A node was clicked or chosen with Enter: a chaos agent aiming a card plays it there; an
   * operator gets the node's menu; other roles have nothing to do to a node.
   */
  private nodeChosen(name: string, at: { x: number; y: number }): void {
    const view = connection().latest;
    // A paused round is the facilitator's to annotate: a node's menu points at it or its pods for everyone.
    if (view?.phase === "live" && view.paused && view.facilitator === view.me) {
      openAnnotateMenu(this, view, name, at);
      return;
    }
    for (const deck of [this.deck, this.injectDeck])
      if (deck?.targeting) {
        deck.playOn(name);
        return;
      }
    if (this.schedulerDock?.armed) {
      this.schedulerDock.place(name);
      return;
    }
    const me = view?.players.find((p) => p.id === view.me);
    if (view?.phase !== "live" || !me?.roles.includes("operator")) return;
    // The guide hears the menu open once it is (opening one closes any other first).
    let closed = () => {};
    if (this.operatorTools?.openNodeMenu(name, at, () => closed()))
      closed = this.guide?.menuOpened(name) ?? closed;
  }

  private showNotice(notice: ServerNotice): void {
    // A lost connection and the way back are told over every scene (scenes/ServerMove.ts).
    if (notice.kind === "moving" || notice.kind === "moved" || notice.kind === "closed") return;
    play(notice.kind === "result" && notice.result.accepted ? "applied" : "refused");
    const [text, color] =
      notice.kind === "error"
        ? [t("notice.refused", { message: notice.error.message }), colors.danger]
        : notice.result.accepted
          ? [t("notice.applied", { action: saidResult(notice.result) }), colors.accent]
          : [
              t("notice.rejected", { action: saidResult(notice.result), reason: notice.result.reason ?? "" }),
              colors.pending,
            ];
    this.toast.setText(text).setColor(css(color)).setAlpha(1);
    this.tweens.killTweensOf(this.toast);
    this.tweens.add({ targets: this.toast, alpha: 0, delay: 2200, duration: 600 });
  }
}
