import Phaser from "phaser";
import { type LessonId, lessonKeys, pickLessons } from "../../shared/lessons/lessons.ts";
import { DEFAULT_SCENARIO } from "../../shared/protocol/messages.ts";
import { GUIDE_STEPS, GUIDED_SCENARIO, guiding, markGuideDone } from "../guide.ts";
import { saidEntry, saidFault } from "../i18n/actions.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import {
  availabilityGoal,
  type ClusterView,
  connection,
  DEFAULT_AVAILABILITY_GOAL,
  type MilestoneKind,
  type MilestoneView,
  type TimelineView,
} from "../net/connection.ts";
import { type DebriefSeam, seam, toPage } from "../testSeam.ts";
import { Button, keepOwnKeys } from "../ui/Button.ts";
import { CoachMarks } from "../ui/CoachMarks.ts";
import { ready } from "../ui/fonts.ts";
import { drawHeader } from "../ui/Header.ts";
import {
  budgetTargets,
  endSentence,
  explanations,
  objectiveKind,
  percent,
  rankingSentence,
} from "../ui/objective.ts";
import { CHART_FILL, SloChart } from "../ui/SloChart.ts";
import { serviceColors } from "../ui/serviceColors.ts";
import { roundHistory, type SloPoint } from "../ui/sloHistory.ts";
import { play } from "../ui/sound.ts";
import { formatMinutes, niceCeiling } from "../ui/statusFormat.ts";
import { clipToWidth, colors, css, fitText, takeScreenHeight, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";
import { watching } from "./Projector.ts";
import { briefingScene } from "./route.ts";

const M = 24;
/** The left column: verdict, numbers, timeline, charts. The right one: the lessons. */
const LEFT_W = 828;
const RIGHT_X = M + LEFT_W + 16;
const RIGHT_W = WIDTH - M - RIGHT_X;
const HEADING_Y = 66;
/** The least height of the number tiles (at 100 % text; larger text makes them taller). */
const STATS_MIN_H = 84;
/** Where the SLO charts end, over the buttons: this far above the screen's foot. */
const CHARTS_FOOT = 56;
/** The timeline's share of the height the verdict and the numbers leave (206 of 432 px at 100 % text). */
const TIMELINE_SHARE = 206 / 432;
/** The buttons' centre line: this far above the screen's foot. */
const BUTTONS_FOOT = 26;
/** Two buttons side by side under the lessons, 12 px apart. */
const BUTTON_W = (WIDTH - M - (M + LEFT_W + 16) - 12) / 2;
const PAD = 14;
/** Lane names on the left of the timeline. */
const LANE_LABEL_W = 104;
const MAX_LANES = 5;
const MAX_CHARTED = 3;
const LANE_COLORS = [colors.accentDeep, colors.accent, colors.memory, colors.starting, colors.cpu] as const;

type Shape = "triangleUp" | "triangleDown" | "diamond" | "square" | "circle" | "cross" | "star";

/** Each milestone kind's colour and shape, so colour-blind players tell them apart by shape too. */
const MILESTONE_LOOK: Record<MilestoneKind, { color: number; shape: Shape }> = {
  incidentStart: { color: colors.danger, shape: "star" },
  fault: { color: colors.danger, shape: "cross" },
  leaderElected: { color: colors.accent, shape: "diamond" },
  quorumLost: { color: colors.danger, shape: "diamond" },
  quorumRestored: { color: colors.healthy, shape: "diamond" },
  sloBreached: { color: colors.pending, shape: "triangleDown" },
  sloRestored: { color: colors.healthy, shape: "triangleUp" },
  nodeNotReady: { color: colors.pending, shape: "square" },
  nodeReady: { color: colors.healthy, shape: "square" },
  podsEvicted: { color: colors.memory, shape: "circle" },
  objectiveMet: { color: colors.healthy, shape: "star" },
};

/** Something on the screen the keyboard can reach. */
/** The left column's panels, laid out from the heights the text size gives their words. */
interface Band {
  readonly y: number;
  readonly h: number;
}

interface Reachable {
  readonly id: string;
  readonly bounds: Phaser.Geom.Rectangle;
  /** What the detail line says while it has focus ("" for none). */
  readonly detail: string;
  readonly activate?: () => void;
}

/**
 * After a round: the verdict and the big numbers, a timeline of what the cluster went through and
 * what each player did, the round's SLO charts with the breaches shaded, and a column of lessons
 * that explain the mechanisms the round exercised. The facilitator starts the next round from here.
 */
export class Debrief extends Phaser.Scene {
  private body: Phaser.GameObjects.Container | undefined;
  /** Where the charts end and the buttons sit: lower on a 4:3 screen, which gives the debrief its height. */
  private chartsBottom = 0;
  private buttonsY = 0;
  private lessonsBox: Phaser.GameObjects.Container | undefined;
  private focusRing!: Phaser.GameObjects.Graphics;
  private timelineBand: Band = { y: 0, h: 0 };
  private chartsBand: Band = { y: 0, h: 0 };
  private detailText!: Phaser.GameObjects.Text;
  private bodyKey = "";
  private markers: Reachable[] = [];
  /** The verdict's sentence and the big numbers, each with its one-line explanation as its detail. */
  private stats: Reachable[] = [];
  private lessonFocus: Reachable[] = [];
  private buttonFocus: Reachable[] = [];
  private lessons: LessonId[] = [];
  private expanded: LessonId | undefined;
  private focused = -1;
  private hovered = "";
  private outcomeText = "";
  /** The guided first incident's last coach mark, over the debrief of a resolved guided round. */
  private coach: CoachMarks | undefined;
  /** The round in a few sentences, over the lessons: what struck, when it ended and how. */
  private summary = "";
  private facilitating = false;
  /** The lesson the facilitator last opened for everyone. */
  private shownLesson = "";

  constructor() {
    super("Debrief");
  }

  create(): void {
    seam.scene = "Debrief";
    const height = takeScreenHeight(this);
    this.chartsBottom = height - CHARTS_FOOT;
    this.buttonsY = height - BUTTONS_FOOT;
    this.body = undefined;
    this.lessonsBox = undefined;
    this.bodyKey = "";
    this.markers = [];
    this.stats = [];
    this.lessonFocus = [];
    this.buttonFocus = [];
    this.lessons = [];
    this.expanded = undefined;
    this.focused = -1;
    this.hovered = "";
    this.outcomeText = "";
    this.coach = undefined;
    this.summary = "";
    this.shownLesson = "";
    drawHeader(this, t("debriefScene.subtitle"));
    this.focusRing = this.add.graphics().setDepth(20);
    this.detailText = this.add.text(M + PAD, 0, "", textStyle(14, colors.text)).setDepth(5);

    const game = connection();
    const off = game.onView((view) => this.render(view));
    // Tab walks the timeline's markers and the lessons here, so the shared focus ring (ui/Button.ts)
    // leaves this scene to its own keys; the page's key events are each handled once (see
    // scenes/Leaderboard.ts for why not Phaser's).
    keepOwnKeys(this);
    const onKey = (event: KeyboardEvent) => this.onKey(event);
    window.addEventListener("keydown", onKey);
    seam.debrief = () => this.snapshot();
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      off();
      window.removeEventListener("keydown", onKey);
      seam.debrief = () => null;
    });
    if (game.latest) this.render(game.latest);
  }

  private render(view: ClusterView): void {
    if (view.phase === "lobby" || view.phase === "briefing") {
      goTo(this, watching(view) ? "Projector" : view.phase === "briefing" ? briefingScene(view) : "Lobby");
      return;
    }
    if (view.phase === "live") {
      goTo(this, watching(view) ? "Projector" : "Incident");
      return;
    }
    // The round is over and its record no longer changes; redraw only when a late patch adds to it.
    const key = [
      view.round,
      view.outcome,
      view.timeMs,
      view.timeline.length,
      view.milestones.length,
      view.moves.map((m) => m.gapMs).join(),
      view.facilitator === view.me,
      view.debriefLesson,
      view.score.timeToRecoveryMs,
      view.score.errorBudgetLeft,
      view.score.actions,
      roundHistory.samples,
    ].join("|");
    if (key === this.bodyKey) return;
    this.bodyKey = key;
    this.body?.destroy();
    const body = this.add.container(0, 0);
    this.body = body;
    const focusedId = this.current()?.id;
    this.stats = [];
    // The screens that do not facilitate (the projector's above all) open the lesson the facilitator opens.
    this.facilitating = view.facilitator === view.me;
    const shown = view.debriefLesson as LessonId | "";
    if (!this.facilitating && shown !== "" && shown !== this.shownLesson) this.expanded = shown;
    this.shownLesson = shown;
    const statsY = this.drawVerdict(view, body);
    const timelineY = this.drawStats(view, body, statsY) + 12;
    const room = this.chartsBottom - timelineY - 12;
    this.timelineBand = { y: timelineY, h: Math.round(room * TIMELINE_SHARE) };
    const chartsY = timelineY + this.timelineBand.h + 12;
    this.chartsBand = { y: chartsY, h: this.chartsBottom - chartsY };
    this.drawTimeline(view, body);
    this.drawCharts(view, body);
    this.drawButtons(view, body);
    const lessons = pickLessons({ ...view, leaseReads: view.controlPlane.etcdReads === "leaseBased" });
    if (lessons.join() !== this.lessons.join()) {
      this.lessons = lessons;
      this.expanded = lessons[0];
    }
    this.summary = whatHappened(view);
    this.drawLessons();
    this.refocus(focusedId);
    if (!this.coach && guiding(view) && view.outcome === "resolved") this.showGuideEnd();
  }

  /** The guide's last step: what the player did, pointing at the lessons; its end is remembered. */
  private showGuideEnd(): void {
    const done = () => {
      markGuideDone();
      this.coach?.destroy();
      seam.guideStep = () => null;
    };
    this.coach = new CoachMarks(
      this,
      { x: M, y: this.timelineBand.y, width: LEFT_W, height: this.chartsBottom - this.timelineBand.y },
      done,
    );
    this.coach.show({
      id: "over",
      step: GUIDE_STEPS.length,
      steps: GUIDE_STEPS.length,
      title: t("coach.over.title"),
      body: t("coach.over.body"),
      target: () => ({ x: RIGHT_X, y: HEADING_Y, width: RIGHT_W, height: this.buttonsY - 32 - HEADING_Y }),
      action: { label: t("coach.done"), run: done },
    });
    seam.guideStep = () => "over";
    // Leaving the debrief any way ends the guide: it was played to its end.
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, done);
  }

  // ── Verdict and the big numbers ─────────────────────────────────────────────────────────────────

  /** The heading, the outcome and how the round ended; returns where the numbers go under them. */
  private drawVerdict(view: ClusterView, body: Phaser.GameObjects.Container): number {
    const heading = this.add.text(
      M,
      HEADING_Y,
      t("debriefScene.heading", { round: view.round, title: view.scenarioTitle }),
      { ...textStyle(26), fontStyle: "bold" },
    );
    body.add(heading);
    let bottom = heading.y + heading.height + 2;
    const reason = endSentence(view);
    if (reason !== "") {
      // How it ended, then whether it ranks: at most two lines, shrunk to fit rather than cut.
      const style = textStyle(14, colors.text);
      const line = this.add.text(M, bottom, `${reason}  ${rankingSentence(view)}`, {
        ...style,
        wordWrap: { width: LEFT_W, useAdvancedWrap: true },
      });
      const lineHeight = this.add.text(0, 0, "Ag", style);
      const twoLines = 2 * lineHeight.height;
      lineHeight.destroy();
      // Longer than two lines: wrapped wider by as much as it must shrink, so the smaller words
      // still fill the column's width.
      if (line.height > twoLines) line.setWordWrapWidth((LEFT_W * line.height) / twoLines, true);
      fitText(line, LEFT_W, twoLines);
      body.add(line);
      bottom = line.y + line.displayHeight;
      const detail = `${explanations.outcome()} ${reason}`;
      this.stats.push({ id: "stat:outcome", bounds: line.getBounds(), detail });
      body.add(this.detailZone(line.getBounds(), detail));
    }
    const [outcome, color] = outcomeBanner(view);
    this.outcomeText = outcome;
    if (outcome) {
      // The chip beside the heading, as tall as its words, centred on the heading's line.
      const label = this.add
        .text(M + LEFT_W - 14, heading.y + heading.height / 2, outcome, {
          ...textStyle(18, colors.background),
          fontStyle: "bold",
        })
        .setOrigin(1, 0.5);
      const chip = this.add.graphics();
      chip
        .fillStyle(color, 1)
        .fillRoundedRect(
          label.x - label.width - 14,
          label.y - label.height / 2 - 4,
          label.width + 28,
          label.height + 8,
          10,
        );
      body.add([chip, label]);
      if (heading.x + heading.width > label.x - label.width - 24)
        heading.setText(clipToWidth(heading, heading.text, label.x - label.width - 24 - M));
    }
    return Math.max(bottom + 8, HEADING_Y + 58);
  }

  /**
   * The numbers that score the round, each meaning one thing: time to recovery (recover rounds),
   * the error budget left, what the chaos agent burned (versus), and the actions (which do not rank).
   */
  /** The number tiles from `top`; returns their bottom. */
  private drawStats(view: ClusterView, body: Phaser.GameObjects.Container, top: number): number {
    const { score } = view;
    const kind = objectiveKind(view);
    const recovered = score.timeToRecoveryMs >= 0;
    const budget = Math.max(0, Math.min(1, score.errorBudgetLeft));
    const budgetColor = budget < 0.25 ? colors.danger : budget < 0.5 ? colors.pending : colors.healthy;
    const burned = Math.min(1, score.budgetSpent);
    type Tile = { id: string; label: MessageKey; value: string; color: number; note?: string; help: string };
    const tiles: Tile[] = [
      ...(kind === "recover"
        ? [
            {
              id: "recovery",
              label: "debriefScene.recovery",
              value: recovered ? formatMinutes(score.timeToRecoveryMs) : t("debriefScene.notRecovered"),
              color: recovered ? colors.healthy : colors.muted,
              help: explanations.recovery(),
            } satisfies Tile,
          ]
        : []),
      {
        id: "budget",
        label: "debriefScene.budget",
        value: `${percent(budget)}%`,
        color: budgetColor,
        note: budgetTargets(view),
        help: explanations.budget(view),
      },
      ...(kind === "versus"
        ? [
            {
              id: "burned",
              label: "debriefScene.burned",
              value: `${percent(burned)}%`,
              color: burned >= 1 ? colors.danger : colors.memory,
              help: explanations.chaos(),
            } satisfies Tile,
          ]
        : []),
      {
        id: "actions",
        label: "debriefScene.actions",
        value: String(score.actions),
        color: colors.text,
        note: t("debriefScene.byRole", {
          scheduler: score.scheduler,
          operator: score.operator,
          chaos: score.chaos,
        }),
        help: explanations.actions(),
      },
    ];
    const gap = 12;
    const w = (LEFT_W - gap * (tiles.length - 1)) / tiles.length;
    const g = this.add.graphics();
    body.add(g);
    // Each tile's words stacked (label, value, note), then every tile as tall as the tallest.
    let height = STATS_MIN_H;
    const xs = tiles.map((tile, i) => {
      const x = M + i * (w + gap);
      const label = this.add
        .text(x + PAD + 4, top + 10, t(tile.label), { ...textStyle(12, colors.muted), fontStyle: "bold" })
        .setLetterSpacing(1);
      fitText(label, w - 2 * PAD);
      const value = this.add.text(x + PAD + 4, label.y + label.displayHeight, tile.value, {
        ...textStyle(tile.note ? 26 : 30, tile.color),
        fontStyle: "bold",
      });
      fitText(value, w - 2 * PAD);
      body.add([label, value]);
      let bottom = value.y + value.displayHeight;
      if (tile.note) {
        const note = fitText(
          this.add.text(x + PAD + 4, bottom, tile.note, textStyle(12, colors.muted)),
          w - 2 * PAD,
        );
        body.add(note);
        bottom = note.y + note.displayHeight;
      }
      height = Math.max(height, bottom + 8 - top);
      return x;
    });
    tiles.forEach((tile, i) => {
      const x = xs[i]!;
      g.fillStyle(colors.panel, 1).fillRoundedRect(x, top, w, height, 10);
      g.fillStyle(tile.color, 1).fillRoundedRect(x, top, 5, height, { tl: 10, bl: 10, tr: 0, br: 0 });
      const bounds = new Phaser.Geom.Rectangle(x, top, w, height);
      this.stats.push({ id: `stat:${tile.id}`, bounds, detail: tile.help });
      body.add(this.detailZone(bounds, tile.help));
    });
    return top + height;
  }

  /** A spot that shows `detail` on the line under the timeline while the pointer is over it. */
  private detailZone(bounds: Phaser.Geom.Rectangle, detail: string, hand = false): Phaser.GameObjects.Zone {
    return this.add
      .zone(bounds.centerX, bounds.centerY, bounds.width, bounds.height)
      .setInteractive({ useHandCursor: hand })
      .on("pointerover", () => {
        this.hovered = detail;
        this.showDetail();
      })
      .on("pointerout", () => {
        this.hovered = "";
        this.showDetail();
      });
  }

  // ── The timeline: a lane for the cluster's milestones, one per player ───────────────────────────

  private drawTimeline(view: ClusterView, body: Phaser.GameObjects.Container): void {
    const box = { x: M, y: this.timelineBand.y, w: LEFT_W, h: this.timelineBand.h };
    const g = this.add.graphics();
    body.add(g);
    g.fillStyle(colors.panel, 1).fillRoundedRect(box.x, box.y, box.w, box.h, 12);
    const heading = this.heading(box.x + PAD, box.y + 10, t("debriefScene.timeline"));
    body.add(heading);
    const legendBottom = this.drawLegend(
      view.milestones,
      { left: heading.x + heading.width + 24, right: box.x + box.w - PAD, top: box.y + 10 },
      g,
      body,
    );

    const players = [...new Set(view.timeline.map((e) => e.player))];
    const shownPlayers = players.slice(0, MAX_LANES - 1);
    // Names in Hangul may need font slices no string of the game did (in bold, for the lane labels):
    // once they arrive, ui/fonts.ts redraws the texts.
    void ready(shownPlayers.join(""));
    const lanes = 1 + Math.max(1, shownPlayers.length);
    const axis = { x: box.x + PAD + LANE_LABEL_W, w: box.w - 2 * PAD - LANE_LABEL_W };
    const lanesTop = Math.max(box.y + 40, legendBottom + 8, heading.y + heading.height + 8);
    // Under the lanes: the axis' times, then the detail line, each as tall as the text size draws it.
    const tickLabelH = this.add.text(0, 0, "0:00", textStyle(11, colors.muted, true));
    this.detailText.setY(box.y + box.h - this.detailText.height - 8);
    const axisY = this.detailText.y - 4 - tickLabelH.height - 6;
    tickLabelH.destroy();
    // The cluster's lane is two rows high, so milestones close in time sit side by side, not on top.
    const laneH = Math.min(36, (axisY - lanesTop - 4) / (lanes + 1));
    const endMs = Math.max(
      view.timeMs,
      ...view.milestones.map((m) => m.time),
      ...view.timeline.map((e) => e.at),
      1,
    );
    const px = (ms: number) => axis.x + (Math.max(0, ms) / endMs) * axis.w;

    // Lanes, then the time axis with its ticks.
    const laneY = (lane: number) => lanesTop + (lane === 0 ? laneH : (lane + 1) * laneH + laneH / 2);
    const laneHeight = (lane: number) => (lane === 0 ? 2 * laneH : laneH);
    const laneNames = [t("debriefScene.cluster"), ...shownPlayers];
    laneNames.forEach((name, lane) => {
      const y = laneY(lane);
      g.fillStyle(lane % 2 === 0 ? CHART_FILL : colors.panel, 1).fillRect(
        axis.x,
        y - laneHeight(lane) / 2,
        axis.w,
        laneHeight(lane),
      );
      const label = this.add
        .text(box.x + PAD, y, name, {
          ...textStyle(13, lane === 0 ? colors.accent : colors.text),
          fontStyle: "bold",
        })
        .setOrigin(0, 0.5);
      if (label.width > LANE_LABEL_W - 8) label.setText(clipToWidth(label, name, LANE_LABEL_W - 8));
      body.add(label);
    });
    g.lineStyle(1, colors.panelEdge, 1).lineBetween(axis.x, axisY, axis.x + axis.w, axisY);
    const step = tickStep(endMs);
    for (let ms = 0; ms <= endMs; ms += step) {
      g.lineBetween(px(ms), axisY, px(ms), axisY + 5);
      body.add(
        this.add
          .text(px(ms), axisY + 6, formatMinutes(ms), textStyle(11, colors.muted, true))
          .setOrigin(0.5, 0),
      );
    }

    // Shaded where the charted services were below their objective, like the charts below.
    for (const [from, to] of breaches(endMs, goals(view)))
      g.fillStyle(colors.danger, 0.16).fillRect(
        px(from),
        lanesTop,
        Math.max(2, px(to) - px(from)),
        axisY - lanesTop,
      );

    this.markers = [];
    const markerSize = Math.min(9, laneH / 2 - 3);
    // Where the workshop moved to another server: a dashed line across every lane, the round stood still there.
    for (const [i, move] of view.moves.entries()) {
      const x = px(move.atMs);
      for (let y = lanesTop; y < axisY; y += 8)
        g.lineStyle(2, colors.starting, 0.9).lineBetween(x, y, x, Math.min(axisY, y + 4));
      drawShape(g, "square", x, lanesTop - 2, 5, colors.starting);
      const detail = t("debriefScene.moved", {
        time: formatMinutes(move.atMs),
        seconds: Math.max(1, Math.round(move.gapMs / 1000)),
      });
      this.addMarker(`marker:s${i}`, x, lanesTop + 4, 6, detail, body);
    }
    const rowEnds = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const [i, milestone] of view.milestones.entries()) {
      const look = MILESTONE_LOOK[milestone.kind];
      // The upper row unless the last marker there is too close; then the lower; else the freer
      // row, a marker's width later (the detail line keeps the exact time).
      const spacing = 2 * markerSize + 3;
      const at = px(milestone.time);
      const free = rowEnds.findIndex((end) => at - end >= spacing);
      const row = free >= 0 ? free : rowEnds[0]! <= rowEnds[1]! ? 0 : 1;
      const x = free >= 0 ? at : rowEnds[row]! + spacing;
      rowEnds[row] = x;
      const y = lanesTop + row * laneH + laneH / 2;
      drawShape(g, look.shape, x, y, markerSize, look.color);
      this.addMarker(`marker:m${i}`, x, y, markerSize, milestoneDetail(milestone), body);
    }
    if (view.milestones.length === 0)
      body.add(
        this.add
          .text(axis.x + 8, laneY(0), t("debriefScene.noMilestones"), textStyle(12, colors.muted))
          .setOrigin(0, 0.5),
      );
    for (const [i, entry] of view.timeline.entries()) {
      const lane = shownPlayers.indexOf(entry.player);
      if (lane < 0) continue;
      const x = px(entry.at);
      const y = laneY(lane + 1);
      const color = LANE_COLORS[lane % LANE_COLORS.length]!;
      if (entry.accepted) g.fillStyle(color, 1).fillRoundedRect(x - 3, y - laneH / 2 + 4, 6, laneH - 8, 2);
      else {
        // A refused command: hollow, with a cross, so it reads without colour too.
        g.lineStyle(2, colors.danger, 1).strokeRoundedRect(x - 4, y - laneH / 2 + 4, 8, laneH - 8, 2);
        drawShape(g, "cross", x, y, 4, colors.danger);
      }
      this.addMarker(`marker:a${i}`, x, y, Math.max(6, laneH / 2 - 4), actionDetail(entry), body);
    }
    if (view.timeline.length === 0)
      body.add(
        this.add
          .text(axis.x + 8, laneY(1), t("debriefScene.noActions"), textStyle(12, colors.muted))
          .setOrigin(0, 0.5),
      );
    // Keyboard order is time order, whichever lane a marker is in.
    this.markers.sort((a, b) => a.bounds.centerX - b.bounds.centerX);
  }

  /** A marker the pointer can hover and the keyboard can reach; both show its detail line. */
  private addMarker(
    id: string,
    x: number,
    y: number,
    size: number,
    detail: string,
    body: Phaser.GameObjects.Container,
  ): void {
    const bounds = new Phaser.Geom.Rectangle(x - size - 2, y - size - 2, 2 * size + 4, 2 * size + 4);
    this.markers.push({ id, bounds, detail });
    body.add(this.detailZone(bounds, detail, true));
  }

  // ── The SLO charts: availability, p99 and request rate per service, breaches shaded ─────────────

  private drawCharts(view: ClusterView, body: Phaser.GameObjects.Container): void {
    const box = { x: M, y: this.chartsBand.y, w: LEFT_W, h: this.chartsBand.h };
    const g = this.add.graphics();
    body.add(g);
    g.fillStyle(colors.panel, 1).fillRoundedRect(box.x, box.y, box.w, box.h, 12);
    const services = roundHistory.services().slice(0, MAX_CHARTED);
    // Coloured by name among all the round's services: the same colours from one debrief to the next.
    const color = serviceColors(roundHistory.services());
    if (roundHistory.samples === 0 || services.length === 0) {
      body.add(
        this.add
          .text(
            box.x + box.w / 2,
            box.y + box.h / 2,
            t("debriefScene.noSamples"),
            textStyle(15, colors.muted),
          )
          .setOrigin(0.5),
      );
      return;
    }
    // The legend: each charted service's colour, and the breach band.
    let lx = box.x + PAD;
    let legendBottom = box.y + 8;
    for (const name of services) {
      const label = this.add.text(lx + 24, box.y + 8, name, textStyle(13, colors.text, true));
      g.fillStyle(color.get(name)!, 1).fillRoundedRect(lx, label.y + label.height / 2 - 3, 18, 6, 3);
      body.add(label);
      lx += 24 + label.width + 18;
      legendBottom = Math.max(legendBottom, label.y + label.height);
    }
    const band = this.add.text(lx + 24, box.y + 8, t("debriefScene.breached"), textStyle(13, colors.muted));
    g.fillStyle(colors.danger, 0.3).fillRect(lx, band.y + band.height / 2 - 8, 18, 16);
    body.add(band);
    legendBottom = Math.max(legendBottom, band.y + band.height);

    const endMs = Math.max(view.timeMs, 1);
    const series = services.map((name) => roundHistory.points(name));
    const all = series.flat();
    const gap = 16;
    const w = (box.w - 2 * PAD - 2 * gap) / 3;
    const top = Math.max(box.y + 40, legendBottom + 8);
    const h = box.y + box.h - PAD - top;
    // The axes' words, as tall and wide as the text size draws them.
    const probe = this.add.text(0, 0, "5000/s", textStyle(11, colors.muted, true));
    const axisLabel = { w: probe.width, h: probe.height };
    probe.destroy();
    const worst = Math.min(1, ...all.map((p) => p.availability).filter(Number.isFinite));
    const floor = Math.max(0, Math.min(0.95, Math.floor((worst - 0.02) * 20) / 20));
    const charts: {
      title: MessageKey;
      value: (p: SloPoint) => number;
      min: number;
      max: number;
      format: (v: number) => string;
      target?: number;
    }[] = [
      {
        title: "debriefScene.availability",
        value: (p) => p.availability,
        min: floor,
        max: 1,
        format: (v) => `${Math.round(v * 100)}%`,
        // The strictest objective of the charted services; each one's breaches count against its own.
        target: Math.max(...services.map((name) => goals(view).get(name) ?? DEFAULT_AVAILABILITY_GOAL)),
      },
      {
        title: "debriefScene.p99",
        value: (p) => p.p99Ms,
        min: 0,
        max: niceCeiling(Math.max(1, ...all.map((p) => p.p99Ms).filter(Number.isFinite))),
        format: (v) => (v >= 1000 ? `${Math.round(v / 100) / 10} s` : `${Math.round(v)} ms`),
      },
      {
        title: "debriefScene.rps",
        value: (p) => p.rps,
        min: 0,
        max: niceCeiling(Math.max(1, ...all.map((p) => p.rps).filter(Number.isFinite))),
        format: (v) => `${Math.round(v)}/s`,
      },
    ];
    const bands = breaches(endMs, goals(view));
    charts.forEach((spec, c) => {
      const x = box.x + PAD + c * (w + gap);
      const title = this.heading(x, top, t(spec.title), 12);
      body.add(title);
      const plotTop = title.y + title.height + axisLabel.h / 2 + 2;
      const plotLeft = Math.max(44, axisLabel.w + 10);
      const plot = {
        x: x + plotLeft,
        y: plotTop,
        w: w - plotLeft - 4,
        h: top + h - axisLabel.h - 4 - plotTop,
      };
      const chart = new SloChart(g, plot, { from: 0, to: endMs, min: spec.min, max: spec.max });
      chart.fill().bands(bands);
      for (const v of [spec.min, spec.max])
        body.add(
          this.add
            .text(plot.x - 6, chart.py(v), spec.format(v), textStyle(11, colors.muted, true))
            .setOrigin(1, 0.5),
        );
      body.add([
        this.add.text(plot.x, plot.y + plot.h + 4, "0:00", textStyle(11, colors.muted, true)),
        this.add
          .text(plot.x + plot.w, plot.y + plot.h + 4, formatMinutes(endMs), textStyle(11, colors.muted, true))
          .setOrigin(1, 0),
      ]);
      if (spec.target !== undefined) chart.target(spec.target, colors.healthy);
      series.forEach((points, s) => {
        chart.line(points, spec.value, { width: 2, color: color.get(services[s]!)! });
      });
    });
  }

  // ── Lessons: an accordion of cards, the first one open ──────────────────────────────────────────

  private drawLessons(): void {
    this.lessonsBox?.destroy();
    const box = this.add.container(0, 0);
    this.lessonsBox = box;
    const g = this.add.graphics();
    box.add(g);
    const top = HEADING_Y;
    const bottom = this.buttonsY - 32;
    g.fillStyle(colors.panel, 1).fillRoundedRect(RIGHT_X, top, RIGHT_W, bottom - top, 12);
    box.add(this.heading(RIGHT_X + PAD, top + 12, t("debriefScene.why")));
    const x = RIGHT_X + PAD;
    const w = RIGHT_W - 2 * PAD;
    let y = top + 40;
    if (this.summary) {
      const said = this.add.text(x + 2, y, this.summary, {
        ...textStyle(13, colors.text),
        lineSpacing: 3,
        wordWrap: { width: w - 4, useAdvancedWrap: true },
      });
      box.add(said);
      y += said.height + 10;
    }
    this.lessonFocus = [];
    for (const [i, id] of this.lessons.entries()) {
      const keys = lessonKeys(id);
      // A lesson too long to open here (large text, a long one) shows its title; the next ones still fit.
      const open = id === this.expanded && this.fitsOpen(id, w, bottom - 8 - y);
      const title = this.add.text(x + 30, y + 10, t(keys.title), {
        ...textStyle(15, colors.text),
        fontStyle: "bold",
        wordWrap: { width: w - 44, useAdvancedWrap: true },
      });
      const number = this.add.text(x + 10, y + 10, `${i + 1}`, {
        ...textStyle(15, colors.accent),
        fontStyle: "bold",
      });
      let h = title.height + 20;
      const parts: Phaser.GameObjects.GameObject[] = [title, number];
      if (open) {
        const text = this.add.text(x + 12, y + h, t(keys.body), {
          ...textStyle(13, colors.text),
          lineSpacing: 4,
          wordWrap: { width: w - 24, useAdvancedWrap: true },
        });
        h += text.height + 10;
        const label = this.add
          .text(x + 12, y + h, t("debriefScene.real"), { ...textStyle(11, colors.accent), fontStyle: "bold" })
          .setLetterSpacing(1);
        h += label.height + 2;
        const real = this.add.text(x + 12, y + h, t(keys.real), {
          ...textStyle(12, colors.muted, true),
          wordWrap: { width: w - 24, useAdvancedWrap: true },
        });
        h += real.height + 12;
        parts.push(text, label, real);
      }
      if (y + h > bottom - 8) {
        // No room for this card: the ones above it stay readable.
        for (const part of parts) part.destroy();
        break;
      }
      g.fillStyle(open ? colors.panelEdge : CHART_FILL, 1).fillRoundedRect(x, y, w, h, 8);
      g.fillStyle(colors.accent, open ? 1 : 0.4).fillRoundedRect(x, y, 4, h, { tl: 8, bl: 8, tr: 0, br: 0 });
      box.add(parts);
      const bounds = new Phaser.Geom.Rectangle(x, y, w, h);
      const toggle = () => {
        this.expanded = this.expanded === id ? undefined : id;
        if (this.facilitating) connection().send("showLesson", { lesson: this.expanded ?? "" });
        const focusedId = this.current()?.id;
        this.drawLessons();
        this.refocus(focusedId);
      };
      box.add(
        this.add
          .zone(bounds.centerX, bounds.centerY, w, h)
          .setInteractive({ useHandCursor: true })
          .on("pointerup", () => {
            play("click");
            toggle();
          }),
      );
      this.lessonFocus.push({ id: `lesson:${id}`, bounds, detail: "", activate: toggle });
      y += h + 8;
    }
  }

  /** Whether the lesson's open card (title, text, the real thing) is at most `room` tall. */
  private fitsOpen(id: LessonId, w: number, room: number): boolean {
    const keys = lessonKeys(id);
    const measure = (text: string, size: number, mono = false, extra = {}) => {
      const probe = this.add.text(0, 0, text, {
        ...textStyle(size, colors.text, mono),
        wordWrap: { width: w, useAdvancedWrap: true },
        ...extra,
      });
      const height = probe.height;
      probe.destroy();
      return height;
    };
    const height =
      measure(t(keys.title), 15, false, {
        fontStyle: "bold",
        wordWrap: { width: w - 44, useAdvancedWrap: true },
      }) +
      20 +
      measure(t(keys.body), 13, false, {
        lineSpacing: 4,
        wordWrap: { width: w - 24, useAdvancedWrap: true },
      }) +
      10 +
      measure(t("debriefScene.real"), 11) +
      2 +
      measure(t(keys.real), 12, true, { wordWrap: { width: w - 24, useAdvancedWrap: true } }) +
      12;
    return height <= room;
  }

  // ── Buttons ─────────────────────────────────────────────────────────────────────────────────────

  private drawButtons(view: ClusterView, body: Phaser.GameObjects.Container): void {
    this.buttonFocus = [];
    const facilitating = view.facilitator === view.me;
    const y = this.buttonsY;
    const add = (
      label: string,
      x: number,
      width: number,
      style: "primary" | "secondary",
      run: () => void,
    ) => {
      body.add(new Button(this, x, y, label, run, { width, height: 40, size: 16, style }));
      this.buttonFocus.push({
        id: `button:${label}`,
        bounds: new Phaser.Geom.Rectangle(x - width / 2, y - 20, width, 40),
        detail: "",
        activate: () => {
          play("click");
          run();
        },
      });
    };
    if (facilitating)
      add(t("debriefScene.next"), RIGHT_X + RIGHT_W - BUTTON_W / 2, BUTTON_W, "primary", () => {
        // After the guided incident, a solo player's next round is the first real one.
        if (view.solo && view.scenarioId === GUIDED_SCENARIO)
          connection().send("chooseScenario", { scenario: DEFAULT_SCENARIO });
        connection().send("openBriefing", {});
      });
    else
      body.add(
        this.add
          .text(RIGHT_X + RIGHT_W, y, t("debriefScene.waiting"), textStyle(14, colors.muted))
          .setOrigin(1, 0.5),
      );
    add(
      t("debriefScene.title"),
      facilitating ? RIGHT_X + BUTTON_W / 2 : M + BUTTON_W / 2,
      BUTTON_W,
      "secondary",
      () => {
        void connection()
          .leave()
          .finally(() => goTo(this, "Title"));
      },
    );
  }

  // ── Keyboard focus ──────────────────────────────────────────────────────────────────────────────

  /** Tab order: the verdict and the numbers, the timeline's markers in time order, the lessons, the buttons. */
  private focusables(): Reachable[] {
    return [...this.stats, ...this.markers, ...this.lessonFocus, ...this.buttonFocus];
  }

  private current(): Reachable | undefined {
    return this.focusables()[this.focused];
  }

  /** After a redraw, keep focus on the same thing if it is still there. */
  private refocus(id: string | undefined): void {
    this.focused = id === undefined ? -1 : this.focusables().findIndex((f) => f.id === id);
    this.drawFocus();
  }

  private moveFocus(by: number, within?: readonly Reachable[]): void {
    const all = this.focusables();
    if (all.length === 0) return;
    if (within && within.length > 0) {
      const at = within.findIndex((f) => f.id === this.current()?.id);
      const next = within[Math.max(0, Math.min(within.length - 1, at < 0 ? 0 : at + by))]!;
      this.focused = all.indexOf(next);
    } else
      this.focused =
        this.focused < 0 ? (by > 0 ? 0 : all.length - 1) : (this.focused + by + all.length) % all.length;
    this.drawFocus();
  }

  private drawFocus(): void {
    const ring = this.focusRing.clear();
    const item = this.current();
    if (item) {
      const b = item.bounds;
      ring.lineStyle(3, colors.text, 1).strokeRoundedRect(b.x - 3, b.y - 3, b.width + 6, b.height + 6, 6);
    }
    this.showDetail();
  }

  /** The hovered or focused marker's detail; the hint on how to get one while there is none. */
  private showDetail(): void {
    const detail = this.hovered || this.current()?.detail || "";
    this.detailText
      .setScale(1)
      .setText(detail || (this.markers.length > 0 ? t("debriefScene.hint") : ""))
      .setColor(css(detail ? colors.text : colors.muted));
    // One line across the timeline: a long explanation shrinks to fit rather than run off it.
    fitText(this.detailText, LEFT_W - 2 * PAD);
  }

  /**
   * The shapes of this round's milestone kinds, right-aligned in rows between `left` (the heading's
   * end) and `right`, as many rows as the words need at this text size; returns the last row's bottom.
   */
  private drawLegend(
    milestones: readonly MilestoneView[],
    room: { left: number; right: number; top: number },
    g: Phaser.GameObjects.Graphics,
    body: Phaser.GameObjects.Container,
  ): number {
    const kinds = [...new Set(milestones.map((m) => m.kind))];
    const labels = kinds.map((kind) => this.add.text(0, 0, t(`legend.${kind}`), textStyle(12, colors.muted)));
    const rowH = Math.max(14, ...labels.map((l) => l.height)) + 4;
    const width = (label: Phaser.GameObjects.Text) => 20 + label.width + 12;
    // Fill rows from the last kind backwards, so the first row ends with the last kind at `right`.
    const rows: number[][] = [[]];
    let used = 0;
    for (let i = kinds.length - 1; i >= 0; i--) {
      const need = width(labels[i]!);
      if (used > 0 && used + need > room.right - room.left) {
        rows.push([]);
        used = 0;
      }
      rows[rows.length - 1]!.unshift(i);
      used += need;
    }
    rows.reverse();
    rows.forEach((row, r) => {
      const y = room.top + r * rowH + rowH / 2;
      let x = room.right;
      for (const i of [...row].reverse()) {
        const label = labels[i]!.setPosition(x, y).setOrigin(1, 0.5);
        x -= label.width + 12;
        const look = MILESTONE_LOOK[kinds[i]!];
        drawShape(g, look.shape, x, y, 6, look.color);
        x -= 20;
        body.add(label);
      }
    });
    return kinds.length === 0 ? room.top : room.top + rows.length * rowH;
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    switch (event.key) {
      case "Tab":
        this.moveFocus(event.shiftKey ? -1 : 1);
        break;
      case "ArrowRight":
        this.moveFocus(1, this.markers);
        break;
      case "ArrowLeft":
        this.moveFocus(-1, this.markers);
        break;
      case "Enter":
      case " ":
        if (event.repeat) return;
        this.current()?.activate?.();
        break;
      case "Escape":
        this.focused = -1;
        this.drawFocus();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private heading(x: number, y: number, text: string, size = 14): Phaser.GameObjects.Text {
    return this.add
      .text(x, y, text, { ...textStyle(size, colors.accent), fontStyle: "bold" })
      .setLetterSpacing(1);
  }

  private snapshot(): DebriefSeam {
    return {
      lessons: [...this.lessons],
      timelineEntries: this.markers.length,
      outcome: this.outcomeText,
      summary: this.summary,
      expanded: this.expanded ?? "",
      focus: this.current()?.id ?? "",
      detail: this.detailText.text,
      markers: this.markers.map((m) => toPage(m.bounds.centerX, m.bounds.centerY)),
      moves: this.markers.filter((m) => m.id.startsWith("marker:s")).map((m) => m.detail),
    };
  }
}

/** Each service's availability objective, by name. */
function goals(view: ClusterView): ReadonlyMap<string, number> {
  return new Map(view.services.map((s) => [s.name, availabilityGoal(s)]));
}

/** Where the charted services were below the availability objective, as [from, to] game ms. */
function breaches(endMs: number, goal: ReadonlyMap<string, number>): [number, number][] {
  const services = roundHistory.services().slice(0, MAX_CHARTED);
  const byTime = new Map<number, boolean>();
  for (const name of services)
    for (const p of roundHistory.points(name))
      if (Number.isFinite(p.availability))
        byTime.set(
          p.t,
          (byTime.get(p.t) ?? false) || p.availability < (goal.get(name) ?? DEFAULT_AVAILABILITY_GOAL),
        );
  const bands: [number, number][] = [];
  let from = -1;
  let last = 0;
  for (const [time, breached] of [...byTime.entries()].sort(([a], [b]) => a - b)) {
    if (breached && from < 0) from = time;
    if (!breached && from >= 0) {
      bands.push([from, time]);
      from = -1;
    }
    last = time;
  }
  if (from >= 0) bands.push([from, Math.max(last, endMs)]);
  return bands;
}

function milestoneDetail(milestone: MilestoneView): string {
  // Details come as data (shared/sim/world/milestones.ts): "<member> <term>", "<node> <count>", names.
  const cut = milestone.detail.lastIndexOf(" ");
  const [head, tail] =
    cut < 0 ? [milestone.detail, ""] : [milestone.detail.slice(0, cut), milestone.detail.slice(cut + 1)];
  const faulty = milestone.kind === "fault" || milestone.kind === "incidentStart";
  const what = t(`milestone.${milestone.kind}`, {
    detail: faulty ? saidFault(milestone.detail) : milestone.detail,
    member: head,
    term: tail,
    node: head,
    count: tail,
  });
  return `${formatMinutes(milestone.time)}  ${what}`;
}

function actionDetail(entry: TimelineView): string {
  const vars = { time: formatMinutes(entry.at), player: entry.player, action: saidEntry(entry) };
  return entry.accepted
    ? t("debriefScene.applied", vars)
    : t("debriefScene.refused", { ...vars, reason: entry.reason });
}

/**
 * The round in a few sentences: how it ended and when, measured from the incident's start (the first
 * fault that struck), how many of the objective's checks held, what struck, and how much the team did.
 */
function whatHappened(view: ClusterView): string {
  const struck = view.milestones.find((m) => m.kind === "incidentStart");
  const held = view.score.checks.filter((c) => c.holding).length;
  const total = view.score.checks.length;
  const end = formatMinutes(view.timeMs);
  const since = struck ? formatMinutes(view.timeMs - struck.time) : "";
  const sentences: string[] = [];
  switch (view.outcome) {
    case "resolved": {
      const at =
        view.score.timeToRecoveryMs >= 0 && struck ? struck.time + view.score.timeToRecoveryMs : view.timeMs;
      sentences.push(
        t("summary.resolved", {
          time: formatMinutes(at),
          since: struck ? formatMinutes(at - struck.time) : formatMinutes(at),
        }),
      );
      break;
    }
    case "failed":
      sentences.push(t("summary.failed", { time: end, held, total }));
      break;
    case "ended":
      sentences.push(
        struck
          ? t("summary.endedAfter", { time: end, since, held, total })
          : t("summary.endedBefore", { time: end }),
      );
      break;
    default:
      return "";
  }
  if (struck) sentences.push(t("summary.struck", { fault: saidFault(struck.detail) }));
  const refused = view.timeline.filter((e) => !e.accepted).length;
  sentences.push(t("summary.actions", { n: view.score.actions, refused }));
  return sentences.join(" ");
}

/** The verdict on the round, and its colour. */
function outcomeBanner(view: ClusterView): [string, number] {
  switch (view.outcome) {
    case "resolved": {
      const ms = view.score.timeToRecoveryMs >= 0 ? view.score.timeToRecoveryMs : view.timeMs;
      return [t("outcome.resolved", { time: formatMinutes(ms) }), colors.healthy];
    }
    case "survived":
      return [t("outcome.survived"), colors.healthy];
    case "failed":
      return [t("outcome.failed"), colors.danger];
    case "ended":
      return [t("outcome.ended"), colors.pending];
    default:
      return ["", colors.text];
  }
}

function drawShape(
  g: Phaser.GameObjects.Graphics,
  shape: Shape,
  x: number,
  y: number,
  r: number,
  color: number,
): void {
  g.fillStyle(color, 1);
  switch (shape) {
    case "circle":
      g.fillCircle(x, y, r * 0.85);
      break;
    case "square":
      g.fillRect(x - r * 0.75, y - r * 0.75, r * 1.5, r * 1.5);
      break;
    case "diamond":
      g.fillPoints(
        [
          new Phaser.Math.Vector2(x, y - r),
          new Phaser.Math.Vector2(x + r, y),
          new Phaser.Math.Vector2(x, y + r),
          new Phaser.Math.Vector2(x - r, y),
        ],
        true,
      );
      break;
    case "triangleUp":
      g.fillTriangle(x, y - r, x + r, y + r * 0.8, x - r, y + r * 0.8);
      break;
    case "triangleDown":
      g.fillTriangle(x - r, y - r * 0.8, x + r, y - r * 0.8, x, y + r);
      break;
    case "cross":
      g.lineStyle(Math.max(2, r / 2.5), color, 1);
      g.lineBetween(x - r * 0.7, y - r * 0.7, x + r * 0.7, y + r * 0.7);
      g.lineBetween(x - r * 0.7, y + r * 0.7, x + r * 0.7, y - r * 0.7);
      break;
    case "star": {
      const points: Phaser.Math.Vector2[] = [];
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 === 0 ? r * 1.1 : r * 0.45;
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        points.push(new Phaser.Math.Vector2(x + radius * Math.cos(angle), y + radius * Math.sin(angle)));
      }
      g.fillPoints(points, true);
      break;
    }
  }
}

/** The time axis' tick spacing: the smallest round step that keeps it to at most eight ticks. */
function tickStep(endMs: number): number {
  for (const step of [10_000, 15_000, 30_000, 60_000, 120_000, 300_000]) if (endMs / step <= 8) return step;
  return 600_000;
}
