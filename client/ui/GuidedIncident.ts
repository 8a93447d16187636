import type Phaser from "phaser";
import {
  deadNode,
  fastForwarding,
  GUIDE_STEPS,
  type GuideProgress,
  type GuideStep,
  guideStep,
  markGuideDone,
} from "../guide.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import { type ClusterView, connection, type ServerNotice } from "../net/connection.ts";
import { seam } from "../testSeam.ts";
import type { ClusterMap } from "./ClusterMap.ts";
import { type CoachMark, CoachMarks } from "./CoachMarks.ts";
import type { Rect } from "./layout.ts";
import { Menu } from "./Menu.ts";

/**
 * How fast the guide runs the game while the node lifecycle controller waits out its 50 s grace
 * period (a game choice: five seconds of waiting instead of fifty; the ratios stay real).
 */
const FAST_FORWARD = 10;

/**
 * The guided first incident on the incident screen (client/guide.ts decides the step): coach marks
 * pointing at the map, the dead node's card, its menu's Drain and the pods moving; the clock
 * fast-forwarded through the grace period. A solo player facilitates their own round, so the guide
 * may change its speed.
 */
export class GuidedIncident {
  private readonly coach: CoachMarks;
  private readonly map: ClusterMap;
  private progress: GuideProgress = { mapRead: false, menuOpen: false, drained: false };
  private view: ClusterView | undefined;
  private step: GuideStep = "map";
  private finished = false;

  constructor(scene: Phaser.Scene, map: ClusterMap, area: Rect) {
    this.map = map;
    this.coach = new CoachMarks(scene, area, () => this.finish());
    seam.guideStep = () => (this.finished ? null : this.step);
  }

  /** Whether the guide still shows (it stops when skipped or done). */
  get active(): boolean {
    return !this.finished;
  }

  update(view: ClusterView): void {
    if (this.finished) return;
    this.view = view;
    this.step = guideStep(view, this.progress);
    // Fast-forward only while nothing is asked of the player; they act at 1×.
    const speed = fastForwarding(this.step, this.progress) ? FAST_FORWARD : 1;
    if (view.phase === "live" && view.speed !== speed && view.facilitator === view.me)
      connection().send("setSpeed", { speed });
    this.coach.show(this.mark(view));
  }

  /** The operator opened a node's menu: returns what to call when it closes. */
  menuOpened(node: string): () => void {
    if (this.finished || node !== deadNode(this.view ?? { milestones: [] })) return () => {};
    this.setProgress({ menuOpen: true });
    return () => this.setProgress({ menuOpen: false });
  }

  noticed(notice: ServerNotice): void {
    if (notice.kind === "result" && notice.result.type === "drain" && notice.result.accepted)
      this.setProgress({ drained: true, menuOpen: false });
  }

  destroy(): void {
    this.coach.destroy();
    seam.guideStep = () => null;
  }

  private setProgress(change: Partial<GuideProgress>): void {
    this.progress = { ...this.progress, ...change };
    if (this.view) this.update(this.view);
  }

  /** Skipped, or read to the end: remembered, and the game back at its own pace. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    markGuideDone();
    if (this.view?.phase === "live" && this.view.speed !== 1) connection().send("setSpeed", { speed: 1 });
    this.destroy();
  }

  private mark(view: ClusterView): CoachMark {
    const node = deadNode(view);
    const step = this.step;
    const words = (key: string) => t(`coach.${step}.${key}` as MessageKey, { node });
    const nodeCard = () => (node ? this.map.nodeBounds(node) : null);
    const targets: Record<GuideStep, () => Rect | null> = {
      map: () => this.map.area,
      died: nodeCard,
      card: nodeCard,
      menu: () => Menu.itemBounds(t("op.drain")) ?? nodeCard(),
      move: () => this.map.area,
      over: () => null,
    };
    return {
      id: `${step}|${node}|${this.progress.mapRead}`,
      step: GUIDE_STEPS.indexOf(step) + 1,
      steps: GUIDE_STEPS.length,
      title: words("title"),
      body: words("body"),
      target: targets[step],
      ...(step === "map" && !this.progress.mapRead
        ? { action: { label: t("coach.next"), run: () => this.setProgress({ mapRead: true }) } }
        : step === "over"
          ? { action: { label: t("coach.done"), run: () => this.finish() } }
          : {}),
    };
  }
}
