import type Phaser from "phaser";
import type { Command } from "../../shared/sim/commands.ts";
import { type Fault, type FaultKind, timedFaultKinds } from "../../shared/sim/scenario/faults.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import type { ChaosCardView, ClusterView, NodeView } from "../net/connection.ts";
import { visibleButtons } from "../testSeam.ts";
import type { ClusterMap } from "./ClusterMap.ts";
import type { DockPanel } from "./dock.ts";
import type { Rect } from "./layout.ts";
import { Menu, type MenuItem } from "./Menu.ts";
import { reducedMotion } from "./motion.ts";
import { play } from "./sound.ts";
import { explain } from "./Tooltip.ts";
import { colors, css, textStyle } from "./theme.ts";

const CARD_GAP = 8;
const MAX_CARD_WIDTH = 112;
const BAR_HEIGHT = 10;
const MiB = 1024 ** 2;
const NOTE_MS = 2500;
/** Where a card's icon sits, from the card's top. */
const ICON_Y = 36;

/**
 * How long a played timed fault lasts before the engine reverts it (a game design value: long
 * enough to hurt, short enough that the cluster can be seen recovering in a round).
 */
const TIMED_FAULT_MS = 2 * 60_000;
/**
 * etcd's hardware guide asks for WAL fsyncs under 10 ms at the 99th percentile
 * (https://etcd.io/docs/v3.5/op-guide/hardware/#disks); 800 ms is a disk that has clearly failed
 * that bar, enough to delay heartbeats past the default 100 ms interval.
 */
const SLOW_FSYNC_MS = 800;
/**
 * kubelet's default hard eviction threshold is nodefs.available<10%
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/#hard-eviction-thresholds),
 * so filling 95 % of the disk puts the node under DiskPressure.
 */
const DISK_FILL_FRACTION = 0.95;
/** Game design: a clock ten minutes ahead, far past any tolerance for lease and certificate times. */
const CLOCK_SKEW_MS = 10 * 60_000;
/** Game design: the retry storm's traffic multiplier and the LIST flood's rate. */
const SPIKE_MULTIPLIER = 3;
const FLOOD_QPS = 400;
const FLOOD_CLIENT = "ci-runner";

/** What a fault is aimed at, which decides how the agent picks it. */
type Aim = "node" | "member" | "deployment" | "service" | "zone" | "component" | "none";

const AIM: Record<FaultKind, Aim> = {
  killNode: "node",
  restartNode: "node",
  diskFill: "node",
  taintNode: "node",
  clockSkew: "node",
  oomBomb: "node",
  killEtcdMember: "member",
  restartEtcdMember: "member",
  slowDisk: "member",
  rollout: "deployment",
  scaleDeployment: "deployment",
  badRollout: "deployment",
  trafficSpike: "service",
  partition: "zone",
  killControlPlane: "component",
  restartControlPlane: "component",
  apiFlood: "none",
  heal: "none",
};

/** The fault a card makes of its kind and the chosen target. */
function faultFor(kind: FaultKind, target: string, view: ClusterView): Fault | null {
  switch (kind) {
    case "killNode":
    case "restartNode":
      return { kind, node: target };
    case "diskFill":
      return { kind, node: target, fraction: DISK_FILL_FRACTION };
    case "taintNode":
      // NoExecute evicts every pod that does not tolerate the taint (kubectl taint's strongest effect).
      return {
        kind,
        node: target,
        taint: { key: "chaos.example.com/stray", value: "", effect: "NoExecute" },
      };
    case "clockSkew":
      return { kind, node: target, offsetMs: CLOCK_SKEW_MS };
    case "oomBomb": {
      // A pod with no limit that grows to the node's whole memory: the kernel's OOM killer must act.
      const node = view.nodes.find((n) => n.name === target);
      return node ? { kind, target: { node: target }, memoryBytes: node.memoryMiB * MiB } : null;
    }
    case "killEtcdMember":
    case "restartEtcdMember":
      return { kind, member: target };
    case "slowDisk":
      return { kind, member: target, fsyncLatencyMs: SLOW_FSYNC_MS };
    case "rollout":
      return { kind, deployment: target, image: `${target}:next` };
    case "scaleDeployment": {
      // Game design: someone else's pipeline triples the deployment.
      const d = view.deployments.find((dep) => dep.name === target);
      return d ? { kind, deployment: target, replicas: Math.max(1, d.replicas * 3) } : null;
    }
    case "badRollout":
      return { kind, deployment: target, image: `${target}:broken`, failure: "crashLoop" };
    case "trafficSpike":
      return { kind, service: target, multiplier: SPIKE_MULTIPLIER };
    case "partition": {
      // The zone's nodes on one side; everything else (the other nodes, the control plane) on the other.
      const inside = view.nodes.filter((n) => n.zone === target).map((n) => n.name);
      const outside = [
        ...view.nodes.filter((n) => n.zone !== target).map((n) => n.name),
        ...view.etcd.map((m) => m.name),
      ];
      return inside.length > 0 && outside.length > 0 ? { kind, groups: [inside, outside] } : null;
    }
    case "killControlPlane":
    case "restartControlPlane": {
      const [component, machine] = target.split("@");
      return component === "kube-scheduler" || component === "kube-controller-manager"
        ? { kind, component, machine: machine ?? "" }
        : null;
    }
    case "apiFlood":
      return { kind, client: FLOOD_CLIENT, qps: FLOOD_QPS };
    case "heal":
      return { kind, scope: "all" };
  }
}

/** A node a node-aimed card may hit: a powered node (restarting works on any). */
function validNode(kind: FaultKind, node: NodeView): boolean {
  return kind === "restartNode" || node.up;
}

const isFaultKind = (kind: string): kind is FaultKind => Object.hasOwn(AIM, kind);

const faultName = (kind: string): string =>
  isFaultKind(kind) ? t(`deck.fault.${kind}` as MessageKey) : kind;

interface CardSlot {
  readonly root: Phaser.GameObjects.Container;
  readonly face: Phaser.GameObjects.Graphics;
  readonly sweep: Phaser.GameObjects.Graphics;
  readonly timer: Phaser.GameObjects.Text;
  readonly hotkey: Phaser.GameObjects.Text;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The chaos agent's hand: the energy bar and the scenario's fault cards, each with its cost in
 * pips, an icon, and a sweep while it cools down. Choosing a card that hits a node enters
 * targeting mode (the map marks the nodes it can hit; a click there plays it; Escape cancels);
 * cards aimed at an etcd member, a deployment, a service or a zone open a menu of targets.
 * Keys 1–9 choose a card while the deck is in front.
 */
export class ChaosDeck implements DockPanel {
  readonly title: string;
  /** The facilitator's hand: every card of the deck, free and without cooldown (the room agrees). */
  private readonly free: boolean;
  private readonly root: Phaser.GameObjects.Container;
  private readonly bar: Phaser.GameObjects.Graphics;
  private readonly energyText: Phaser.GameObjects.Text;
  private readonly status: Phaser.GameObjects.Text;
  private slots: CardSlot[] = [];
  private cardsKey = "";
  private view: ClusterView | undefined;
  private aiming: ChaosCardView | null = null;
  private visible = false;
  /** Until when (scene time) a refusal stays on the status line before the hint comes back. */
  private noteUntil = 0;
  private readonly onKey = (event: KeyboardEvent) => this.key(event);

  private readonly scene: Phaser.Scene;
  private readonly rect: Rect;
  private readonly map: ClusterMap;
  private readonly act: (command: Command) => void;

  constructor(
    scene: Phaser.Scene,
    rect: Rect,
    map: ClusterMap,
    act: (command: Command) => void,
    { free = false } = {},
  ) {
    this.free = free;
    this.title = t(free ? "dock.inject" : "deck.tab");
    this.scene = scene;
    this.rect = rect;
    this.map = map;
    this.act = act;
    this.root = scene.add.container(0, 0);
    this.bar = scene.add.graphics();
    this.energyText = scene.add.text(rect.x + 12, rect.y + 6, "", {
      ...textStyle(12, colors.danger),
      fontStyle: "bold",
    });
    explain(this.energyText, () => t("tip.energy"));
    this.status = scene.add
      .text(rect.x + rect.width - 12, rect.y + 6, "", textStyle(11, colors.muted))
      .setOrigin(1, 0);
    this.root.add([this.bar, this.energyText, this.status]);
    window.addEventListener("keydown", this.onKey);
  }

  /** Whether a click on the map should play the chosen card rather than do anything else. */
  get targeting(): boolean {
    return this.aiming !== null;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.root.setVisible(visible);
    for (const slot of this.slots) slot.root.setVisible(visible);
    if (!visible) this.cancel();
    this.registerCards();
  }

  update(view: ClusterView): void {
    this.view = view;
    const key = view.cards.map((c) => `${c.id}:${c.fault}:${c.cost}`).join("|");
    if (key !== this.cardsKey) {
      this.cardsKey = key;
      this.layoutCards(view.cards);
    }
    if (!this.free) this.drawEnergy(view);
    for (const [i, card] of view.cards.entries()) this.drawState(card, this.slots[i], view);
    if (this.aiming) this.markTargets(this.aiming, view);
    else if (this.scene.time.now >= this.noteUntil)
      this.status
        .setText(view.cards.length === 0 ? t("deck.noCards") : this.hint())
        .setColor(css(colors.muted));
  }

  /** Plays the card being aimed at a node; false when no card is aimed or the node is no target. */
  playOn(node: string): boolean {
    const card = this.aiming;
    const view = this.view;
    if (!card || !view || !isFaultKind(card.fault)) return false;
    const target = view.nodes.find((n) => n.name === node);
    if (!target || !validNode(card.fault, target)) {
      play("refused");
      return true;
    }
    this.cancel();
    this.fire(card, node);
    return true;
  }

  /** Leaves targeting mode (Escape, another card, the deck hidden). */
  cancel(): void {
    if (!this.aiming) return;
    this.aiming = null;
    this.map.setMarks(new Map());
    this.status.setText(this.hint()).setColor(css(colors.muted));
  }

  private hint(): string {
    return this.free ? `${t("deck.free")} · ${t("deck.hint")}` : t("deck.hint");
  }

  destroy(): void {
    this.cancel();
    window.removeEventListener("keydown", this.onKey);
    for (const slot of this.slots) slot.root.destroy();
    for (const card of this.view?.cards ?? []) visibleButtons.delete(this.label(card));
    this.root.destroy();
  }

  private choose(card: ChaosCardView): void {
    const view = this.view;
    if (!view || !isFaultKind(card.fault)) return;
    this.cancel();
    const waitMs = card.readyAtMs - view.timeMs;
    if (!this.free && (view.chaosEnergy < card.cost || waitMs > 0)) {
      play("refused");
      this.status
        .setText(
          waitMs > 0
            ? t("deck.cooling", { s: Math.ceil(waitMs / 1000) })
            : t("deck.needs", { cost: card.cost, energy: Math.floor(view.chaosEnergy) }),
        )
        .setColor(css(colors.pending));
      this.noteUntil = this.scene.time.now + NOTE_MS;
      return;
    }
    const aim = AIM[card.fault];
    if (aim === "node") {
      this.aiming = card;
      this.status.setText(t("deck.aim", { card: faultName(card.fault) })).setColor(css(colors.danger));
      this.markTargets(card, view);
      return;
    }
    if (aim === "none") {
      this.fire(card, "");
      return;
    }
    const slot = this.slots[view.cards.indexOf(card)];
    const targets = this.targetsFor(card.fault, aim, view);
    Menu.open(
      this.scene,
      { x: slot ? slot.x : this.rect.x, y: slot ? slot.y - 12 - targets.length * 28 : this.rect.y },
      t("deck.pick", { card: faultName(card.fault) }),
      targets.length > 0
        ? targets.map(
            ([label, target]): MenuItem => ({ label, danger: true, run: () => this.fire(card, target) }),
          )
        : [{ label: t("deck.noTargets"), disabled: true, run: () => {} }],
    );
  }

  /** The menu's entries for a card aimed at something other than a node: [label, target]. */
  private targetsFor(kind: FaultKind, aim: Aim, view: ClusterView): [string, string][] {
    switch (aim) {
      case "member":
        return view.etcd
          .filter((m) => kind === "restartEtcdMember" || m.role !== "down")
          .map((m) => [`${m.name}  (${m.role})`, m.name]);
      case "deployment":
        return view.deployments.map((d) => [`deployment/${d.name}`, d.name]);
      case "service":
        return view.services.map((s) => [`service/${s.name}`, s.name]);
      case "zone":
        return [...new Set(view.nodes.map((n) => n.zone))]
          .sort()
          .map((z) => [t("deck.cutZone", { zone: z }), z]);
      case "component": {
        const { schedulerLeader, controllerManagerLeader } = view.controlPlane;
        const leaders: [string, string][] = [
          ["kube-scheduler", schedulerLeader],
          ["kube-controller-manager", controllerManagerLeader],
        ];
        return leaders
          .filter(([, machine]) => machine !== "")
          .map(([c, machine]) => [`${c} @ ${machine}`, `${c}@${machine}`]);
      }
      default:
        return [];
    }
  }

  private fire(card: ChaosCardView, target: string): void {
    const view = this.view;
    if (!view || !isFaultKind(card.fault)) return;
    const fault = faultFor(card.fault, target, view);
    if (!fault) return;
    const timed = timedFaultKinds.has(fault.kind);
    this.act({ type: "injectFault", card: card.id, fault, durationMs: timed ? TIMED_FAULT_MS : null });
  }

  private markTargets(card: ChaosCardView, view: ClusterView): void {
    if (!isFaultKind(card.fault)) return;
    const kind = card.fault;
    const marks = new Map(
      view.nodes
        .filter((n) => validNode(kind, n))
        .map((n) => [n.name, { color: colors.danger, label: t("deck.target") }] as const),
    );
    this.map.setMarks(marks);
  }

  private key(event: KeyboardEvent): void {
    if (event.target instanceof HTMLInputElement || event.isComposing || !this.visible) return;
    if (event.key === "Escape" && this.aiming) {
      this.cancel();
      event.preventDefault();
      return;
    }
    const n = Number(event.key);
    const card = Number.isInteger(n) && n >= 1 ? this.view?.cards[n - 1] : undefined;
    if (card && !Menu.isOpen) {
      event.preventDefault();
      this.choose(card);
    }
  }

  private drawEnergy(view: ClusterView): void {
    const { x, y, width } = this.rect;
    const barX = x + 120;
    const barW = width - 120 - 12;
    const barY = y + 9;
    const share = view.chaosEnergyMax > 0 ? view.chaosEnergy / view.chaosEnergyMax : 0;
    this.energyText.setText(
      t("deck.energy", { energy: view.chaosEnergy.toFixed(1), max: view.chaosEnergyMax }),
    );
    this.bar.clear();
    this.bar.fillStyle(colors.background, 1).fillRoundedRect(barX, barY, barW, BAR_HEIGHT, 5);
    if (share > 0)
      this.bar
        .fillStyle(colors.danger, 1)
        .fillRoundedRect(barX, barY, Math.max(BAR_HEIGHT, barW * share), BAR_HEIGHT, 5);
    // A notch per whole energy point, so costs can be counted against the bar.
    this.bar.lineStyle(1, colors.panel, 0.9);
    for (let i = 1; i < view.chaosEnergyMax; i++) {
      const nx = barX + (barW * i) / view.chaosEnergyMax;
      this.bar.lineBetween(nx, barY, nx, barY + BAR_HEIGHT);
    }
    // The status line sits under the bar.
    this.status.setY(y + 22);
  }

  private layoutCards(cards: readonly ChaosCardView[]): void {
    for (const slot of this.slots) slot.root.destroy();
    const { x, y, width, height } = this.rect;
    const top = y + 40;
    const cardH = height - 40 - 8;
    const cardW = Math.min(
      MAX_CARD_WIDTH,
      (width - 24 - (cards.length - 1) * CARD_GAP) / Math.max(1, cards.length),
    );
    const left = x + (width - (cards.length * cardW + (cards.length - 1) * CARD_GAP)) / 2;
    this.slots = cards.map((card, i) => {
      const cx = left + i * (cardW + CARD_GAP);
      const root = this.scene.add.container(cx, top).setVisible(this.visible);
      const face = this.scene.add.graphics();
      const icon = this.scene.add.graphics();
      drawIcon(icon, card.fault, cardW / 2, ICON_Y, 14);
      const name = this.scene.add
        .text(cardW / 2, cardH - 8, faultName(card.fault), {
          ...textStyle(11, colors.text),
          fontStyle: "bold",
          align: "center",
          wordWrap: { width: cardW - 8 },
        })
        .setOrigin(0.5, 1);
      const hotkey = this.scene.add
        .text(cardW - 6, 4, String(i + 1), textStyle(10, colors.muted, true))
        .setOrigin(1, 0);
      const sweep = this.scene.add.graphics();
      // The seconds of a cooldown take the hotkey's corner (the key cannot play the card meanwhile),
      // clear of the icon under its sweep.
      const timer = this.scene.add
        .text(cardW - 6, 4, "", { ...textStyle(12, colors.text), fontStyle: "bold" })
        .setOrigin(1, 0);
      const hit = this.scene.add
        .zone(0, 0, cardW, cardH)
        .setOrigin(0)
        .setInteractive({ useHandCursor: true })
        .on("pointerover", () => root.setY(top - (reducedMotion() ? 0 : 3)))
        .on("pointerout", () => root.setY(top))
        .on("pointerup", () => {
          const current = this.view?.cards.find((c) => c.id === card.id);
          if (current) this.choose(current);
        });
      explain(hit, () =>
        t("tip.card", {
          what: isFaultKind(card.fault) ? t(`tip.fault.${card.fault}` as MessageKey) : faultName(card.fault),
          cost: card.cost,
          cooldown: Math.round(card.cooldownMs / 1000),
        }),
      );
      root.add([face, icon, name, hotkey, sweep, timer, hit]);
      return { root, face, sweep, timer, hotkey, x: cx, y: top, width: cardW, height: cardH };
    });
    this.registerCards();
  }

  /** Browser tests click cards by id, the way they click buttons by label: `card:<id>`, `inject:<id>`. */
  private registerCards(): void {
    (this.view?.cards ?? []).forEach((card, i) => {
      const slot = this.slots[i];
      if (this.visible && slot)
        visibleButtons.set(this.label(card), { x: slot.x + slot.width / 2, y: slot.y + slot.height / 2 });
      else visibleButtons.delete(this.label(card));
    });
  }

  private label(card: ChaosCardView): string {
    return `${this.free ? "inject" : "card"}:${card.id}`;
  }

  private drawState(card: ChaosCardView, slot: CardSlot | undefined, view: ClusterView): void {
    if (!slot) return;
    const { face, sweep, timer, hotkey, width: w, height: h } = slot;
    const waitMs = this.free ? 0 : Math.max(0, card.readyAtMs - view.timeMs);
    const affordable = this.free || view.chaosEnergy >= card.cost;
    const ready = affordable && waitMs === 0;
    const chosen = this.aiming?.id === card.id;
    face.clear();
    face.fillStyle(ready ? 0x2a1524 : colors.panelEdge, 1).fillRoundedRect(0, 0, w, h, 8);
    face
      .lineStyle(chosen ? 3 : 2, chosen ? colors.text : ready ? colors.danger : colors.muted, 1)
      .strokeRoundedRect(0, 0, w, h, 8);
    // Cost pips: filled while the energy covers them (the facilitator pays nothing).
    for (let p = 0; p < (this.free ? 0 : card.cost); p++) {
      const px = 9 + (p % 6) * 9;
      const py = 10 + Math.floor(p / 6) * 9;
      face.fillStyle(p < view.chaosEnergy ? colors.starting : colors.background, 1).fillCircle(px, py, 3.2);
      face.lineStyle(1, colors.starting, 1).strokeCircle(px, py, 3.2);
    }
    slot.root.setAlpha(ready ? 1 : 0.55);
    sweep.clear();
    timer.setText("");
    hotkey.setVisible(true);
    if (waitMs > 0 && card.cooldownMs > 0) {
      // The part of the cooldown still to run, as a dark slice over the icon, shrinking clockwise.
      const left = Math.min(1, waitMs / card.cooldownMs);
      sweep.fillStyle(colors.background, 0.75);
      sweep.slice(w / 2, ICON_Y, 21, -Math.PI / 2, -Math.PI / 2 + left * Math.PI * 2, false).fillPath();
      timer.setText(`${Math.ceil(waitMs / 1000)}s`);
      hotkey.setVisible(false);
    }
  }
}

/** Each fault's picture, drawn with lines and shapes around (cx, cy) in a box of ±r. */
function drawIcon(g: Phaser.GameObjects.Graphics, kind: string, cx: number, cy: number, r: number): void {
  const red = colors.danger;
  const ink = colors.text;
  g.lineStyle(2.5, ink, 1);
  switch (kind) {
    case "killNode":
    case "restartNode": {
      // A server: a box with two drive bays; a cross (killed) or a circular arrow (restarted).
      g.strokeRoundedRect(cx - r, cy - r * 0.7, r * 2, r * 1.4, 3);
      g.lineBetween(cx - r * 0.6, cy - r * 0.2, cx + r * 0.2, cy - r * 0.2);
      g.lineBetween(cx - r * 0.6, cy + r * 0.25, cx + r * 0.2, cy + r * 0.25);
      overlay(g, kind === "killNode" ? "cross" : "restart", cx + r * 0.7, cy + r * 0.6, r * 0.55);
      return;
    }
    case "killEtcdMember":
    case "restartEtcdMember":
    case "slowDisk": {
      // A database cylinder.
      g.strokeEllipse(cx, cy - r * 0.6, r * 1.6, r * 0.6);
      g.lineBetween(cx - r * 0.8, cy - r * 0.6, cx - r * 0.8, cy + r * 0.6);
      g.lineBetween(cx + r * 0.8, cy - r * 0.6, cx + r * 0.8, cy + r * 0.6);
      g.beginPath();
      g.arc(cx, cy + r * 0.6, r * 0.8, 0, Math.PI, false);
      g.strokePath();
      overlay(
        g,
        kind === "killEtcdMember" ? "cross" : kind === "restartEtcdMember" ? "restart" : "clock",
        cx + r * 0.8,
        cy + r * 0.6,
        r * 0.55,
      );
      return;
    }
    case "partition": {
      // Two machines with the cable between them cut.
      g.strokeRect(cx - r, cy - r * 0.4, r * 0.7, r * 0.8);
      g.strokeRect(cx + r * 0.3, cy - r * 0.4, r * 0.7, r * 0.8);
      g.lineStyle(2.5, red, 1);
      g.lineBetween(cx - r * 0.3, cy, cx - r * 0.1, cy - r * 0.3);
      g.lineBetween(cx + r * 0.1, cy + r * 0.3, cx + r * 0.3, cy);
      return;
    }
    case "trafficSpike":
    case "apiFlood": {
      // A chart line shooting up (traffic) or a stack of arrows (a flood of LIST calls).
      if (kind === "trafficSpike") {
        g.lineStyle(2.5, red, 1);
        polyline(
          g,
          [
            [cx - r, cy + r * 0.7],
            [cx - r * 0.4, cy + r * 0.3],
            [cx, cy + r * 0.5],
            [cx + r * 0.5, cy - r * 0.6],
            [cx + r, cy - r],
          ],
          false,
        );
        g.fillStyle(red, 1).fillTriangle(
          cx + r,
          cy - r,
          cx + r * 0.45,
          cy - r * 0.9,
          cx + r * 0.9,
          cy - r * 0.4,
        );
      } else
        for (let k = -1; k <= 1; k++) {
          g.lineBetween(cx - r, cy + k * r * 0.6, cx + r * 0.6, cy + k * r * 0.6);
          g.fillStyle(red, 1).fillTriangle(
            cx + r,
            cy + k * r * 0.6,
            cx + r * 0.5,
            cy + k * r * 0.6 - 5,
            cx + r * 0.5,
            cy + k * r * 0.6 + 5,
          );
        }
      return;
    }
    case "oomBomb": {
      // A bomb with a lit fuse.
      g.fillStyle(ink, 1).fillCircle(cx - r * 0.15, cy + r * 0.2, r * 0.75);
      g.lineBetween(cx + r * 0.35, cy - r * 0.35, cx + r * 0.7, cy - r * 0.75);
      g.fillStyle(colors.starting, 1).fillCircle(cx + r * 0.8, cy - r * 0.85, r * 0.2);
      return;
    }
    case "scaleDeployment": {
      // Three boxes, one behind the other: more copies.
      for (let k = 0; k < 3; k++)
        g.strokeRect(cx - r + k * r * 0.4, cy - r * 0.2 - k * r * 0.4, r * 1.1, r * 0.9);
      return;
    }
    case "rollout": {
      // A package with an arrow: a new version going out.
      g.strokeRect(cx - r * 0.8, cy - r * 0.3, r * 1.2, r * 1.1);
      g.lineBetween(cx - r * 0.8, cy - r * 0.3, cx - r * 0.4, cy - r * 0.8);
      g.lineBetween(cx + r * 0.4, cy - r * 0.3, cx + r * 0.8, cy - r * 0.8);
      g.lineBetween(cx - r * 0.4, cy - r * 0.8, cx + r * 0.8, cy - r * 0.8);
      g.lineStyle(3, red, 1).lineBetween(cx + r * 0.3, cy + r * 0.8, cx + r, cy + r * 0.8);
      g.fillStyle(red, 1).fillTriangle(
        cx + r * 1.1,
        cy + r * 0.8,
        cx + r * 0.8,
        cy + r * 0.6,
        cx + r * 0.8,
        cy + r,
      );
      return;
    }
    case "badRollout": {
      // A package with a warning mark.
      g.strokeRect(cx - r * 0.8, cy - r * 0.5, r * 1.6, r * 1.3);
      g.lineBetween(cx - r * 0.8, cy - r * 0.5, cx - r * 0.4, cy - r);
      g.lineBetween(cx + r * 0.8, cy - r * 0.5, cx + r * 0.4, cy - r);
      g.lineBetween(cx - r * 0.4, cy - r, cx + r * 0.4, cy - r);
      g.lineStyle(3, red, 1).lineBetween(cx, cy - r * 0.2, cx, cy + r * 0.3);
      g.fillStyle(red, 1).fillCircle(cx, cy + r * 0.6, 2);
      return;
    }
    case "diskFill": {
      // A gauge filled to the brim.
      g.strokeRoundedRect(cx - r * 0.5, cy - r, r, r * 2, 3);
      g.fillStyle(red, 1).fillRect(cx - r * 0.5 + 3, cy - r * 0.75, r - 6, r * 1.75 - 3);
      return;
    }
    case "taintNode": {
      // A tag.
      polyline(
        g,
        [
          [cx - r, cy - r * 0.5],
          [cx + r * 0.4, cy - r * 0.5],
          [cx + r, cy],
          [cx + r * 0.4, cy + r * 0.5],
          [cx - r, cy + r * 0.5],
        ],
        true,
      );
      g.fillStyle(red, 1).fillCircle(cx + r * 0.35, cy, 3);
      return;
    }
    case "clockSkew":
      overlay(g, "clock", cx, cy, r);
      return;
    case "killControlPlane":
    case "restartControlPlane": {
      // A gear: a ring with teeth.
      g.strokeCircle(cx, cy, r * 0.55);
      for (let k = 0; k < 8; k++) {
        const a = (k * Math.PI) / 4;
        g.lineBetween(
          cx + Math.cos(a) * r * 0.55,
          cy + Math.sin(a) * r * 0.55,
          cx + Math.cos(a) * r,
          cy + Math.sin(a) * r,
        );
      }
      overlay(g, kind === "killControlPlane" ? "cross" : "restart", cx + r * 0.7, cy + r * 0.7, r * 0.5);
      return;
    }
    default: {
      // heal, or a kind this client does not know yet: a plus.
      g.lineBetween(cx - r * 0.7, cy, cx + r * 0.7, cy);
      g.lineBetween(cx, cy - r * 0.7, cx, cy + r * 0.7);
    }
  }
}

/** A small badge on an icon: a red cross, a restart arrow, or a clock face. */
function overlay(
  g: Phaser.GameObjects.Graphics,
  badge: "cross" | "restart" | "clock",
  cx: number,
  cy: number,
  r: number,
): void {
  if (badge === "cross") {
    g.fillStyle(colors.danger, 1).fillCircle(cx, cy, r);
    g.lineStyle(2.5, colors.text, 1);
    g.lineBetween(cx - r * 0.45, cy - r * 0.45, cx + r * 0.45, cy + r * 0.45);
    g.lineBetween(cx + r * 0.45, cy - r * 0.45, cx - r * 0.45, cy + r * 0.45);
    return;
  }
  if (badge === "restart") {
    g.fillStyle(colors.starting, 1).fillCircle(cx, cy, r);
    g.lineStyle(2, colors.background, 1);
    g.beginPath();
    g.arc(cx, cy, r * 0.55, -Math.PI * 0.2, Math.PI * 1.3, false);
    g.strokePath();
    return;
  }
  g.fillStyle(colors.background, 1).fillCircle(cx, cy, r);
  g.lineStyle(2, colors.starting, 1).strokeCircle(cx, cy, r);
  g.lineBetween(cx, cy, cx, cy - r * 0.65);
  g.lineBetween(cx, cy, cx + r * 0.5, cy + r * 0.2);
}

/** Strokes a line through points in the graphics' current line style. */
function polyline(
  g: Phaser.GameObjects.Graphics,
  points: readonly [number, number][],
  closed: boolean,
): void {
  g.beginPath();
  const [[x0, y0] = [0, 0], ...rest] = points;
  g.moveTo(x0, y0);
  for (const [x, y] of rest) g.lineTo(x, y);
  if (closed) g.closePath();
  g.strokePath();
}
