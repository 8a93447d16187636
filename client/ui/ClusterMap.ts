import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import type { BootingNodeView, ClusterView, NodeView, PodView } from "../net/connection.ts";
import { seam } from "../testSeam.ts";
import { focusedLabel, onFocusChange } from "./Button.ts";
import type { Rect } from "./layout.ts";
import { reducedMotion } from "./motion.ts";
import { CARD_HEIGHT, CARD_WIDTH, NodeCard } from "./NodeCard.ts";
import { formatMinutes } from "./statusFormat.ts";
import { colors, css, textScale, textStyle } from "./theme.ts";

/** A node's place on the map (world units): its card plus the gap around it. */
const SLOT_W = CARD_WIDTH + 18;
const SLOT_H = CARD_HEIGHT + 18;
/**
 * A zone's header band (its name and three summary lines), in screen pixels at the fit zoom: it
 * grows with the player's text size, so the summary never runs under the zone's first cards.
 */
const headerPx = (): number => Math.ceil(76 * textScale());
/** Room kept under the content for the legend and the zoom control, in screen pixels. */
const FOOTER_PX = 38;
const ZONE_GAP_PX = 14;
/** The fit zoom never enlarges a small cluster past this (text would blur). */
const MAX_FIT = 1.15;
const MAX_ZOOM = 1.6;
/**
 * At or above this zoom nodes are full cards; above TILE_ZOOM compact tiles; below it the heat grid.
 * A full card's smallest text is 11 px: below about 0.72 it would be under 8 px on screen, so a
 * dozen nodes (Launch Day) open as compact tiles, which stay legible, and cards are a zoom away.
 */
const CARD_ZOOM = 0.72;
const TILE_ZOOM = 0.26;
/** Each +/- key or button press multiplies the zoom by this. */
const ZOOM_STEP = 1.4;
const ANIMATION_MS = 220;
/** A press that moves less than this (screen px) is a click, not a pan. */
const DRAG_SLOP = 5;

export type MapLevel = "cards" | "tiles" | "heat";

/** Something a role tool draws on a node: a scheduler verdict, a chaos target. */
export interface NodeMark {
  /** Border and label colour. */
  readonly color: number;
  /** A few words on the card, like "✓ score 87" or "✗ Insufficient cpu". */
  readonly label: string;
}

export interface ClusterMapHandlers {
  /** A node was clicked (or chosen with the keyboard); `at` is the game point to open a menu at. */
  readonly onNode: (name: string, at: { x: number; y: number }) => void;
}

/** What a node is, for the heat grid and the tiles: each state has a colour AND a shape. */
type NodeState = "ready" | "pressure" | "cordoned" | "notReady" | "down" | "booting";

/** A machine still booting is drawn in its zone as a node-to-be (see ClusterMap.bootingNode). */
const BOOTING = "booting";

function nodeState(node: NodeView): NodeState {
  if (node.conditions.includes(BOOTING)) return "booting";
  if (!node.up) return "down";
  if (node.ready !== "True") return "notReady";
  if (node.unschedulable) return "cordoned";
  if (node.conditions.length > 0) return "pressure";
  return "ready";
}

const STATE_COLOR: Record<NodeState, number> = {
  ready: colors.healthy,
  pressure: colors.pending,
  cordoned: colors.starting,
  notReady: colors.danger,
  down: colors.muted,
  booting: colors.cpu,
};

interface ZoneBox {
  readonly zone: string;
  readonly nodes: NodeView[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Node columns inside the zone. */
  readonly columns: number;
  /** World height of the header band above the nodes. */
  readonly header: number;
  readonly graphics: Phaser.GameObjects.Graphics;
  readonly title: Phaser.GameObjects.Text;
  readonly summary: Phaser.GameObjects.Text;
  /** What the graphics show, so an unchanged zone is not redrawn. */
  drawn: string;
}

interface Slot {
  readonly zone: ZoneBox;
  readonly index: number;
  readonly x: number;
  readonly y: number;
}

/**
 * The cluster map: zones, each a grid of nodes, seen through a camera that zooms and pans.
 *
 * Clipping: the map has its own Phaser camera whose viewport is the map's region, so everything
 * it draws is cut at the region's edges by the GPU's scissor and zoom and pan are the camera's
 * scroll and zoom (no per-object transforms). The map's objects live in one layer that the main
 * camera ignores, and the map camera ignores every other object of the scene, including those
 * added later (ADDED_TO_SCENE). The map camera renders first, so the main camera's menus, toasts
 * and overlays are drawn over the map.
 *
 * Level of detail by zoom: full cards (name, status, CPU and memory bars, a block per pod,
 * conditions and taints, cordon hatching); compact tiles (state glyph, name, thick bars); and, for
 * hundreds of nodes, a heat grid: one cell per node, shaped and coloured by its state, drawn with
 * one Graphics per zone, under a zone summary. Only what changed is redrawn: zones whose nodes
 * changed, cards whose node changed; camera moves cost nothing but the camera's matrix.
 *
 * Role tools talk to it through a small API — where a node is, which node is under a point, marks
 * on nodes, the selected node — so they need not know the zoom.
 */
export class ClusterMap {
  private readonly scene: Phaser.Scene;
  private readonly rect: Rect;
  private readonly handlers: ClusterMapHandlers;
  private readonly camera: Phaser.Cameras.Scene2D.Camera;
  /** Everything drawn in world units: zone graphics, headers, cards, labels, the overlay. */
  private readonly layer: Phaser.GameObjects.Container;
  /** Selection and marks at the tiles and heat levels. */
  private readonly overlay: Phaser.GameObjects.Graphics;
  /** Screen-space parts, drawn by the main camera over the map. */
  private readonly controls: Phaser.GameObjects.Container;
  private readonly zoomLabel: Phaser.GameObjects.Text;
  private readonly legend: Phaser.GameObjects.Container;
  private readonly tooltip: Phaser.GameObjects.Text;

  private zones: ZoneBox[] = [];
  private readonly slots = new Map<string, Slot>();
  /** Nodes in zone then row order: what the arrow keys walk. */
  private order: NodeView[] = [];
  private layoutKey = "";
  private contentWidth = 1;
  private contentHeight = 1;
  private fitZoom = 1;
  private nodes: readonly NodeView[] = [];
  private byName = new Map<string, NodeView>();
  private podsByNode = new Map<string, PodView[]>();
  private nodeKeys = new Map<string, string>();
  private synthetic: { nodes: readonly NodeView[]; pods: readonly PodView[] } | undefined;
  /** The machines still booting, by name (drawn as nodes-to-be, with a countdown). */
  private provisioning = new Map<string, BootingNodeView>();
  private lastView: ClusterView | undefined;

  private level: MapLevel = "cards";
  private readonly cards = new Map<string, NodeCard>();
  private readonly spareCards: NodeCard[] = [];
  private readonly labels = new Map<string, Phaser.GameObjects.Text>();
  private readonly spareLabels: Phaser.GameObjects.Text[] = [];
  private marks: ReadonlyMap<string, NodeMark> = new Map();
  /** What the facilitator points at (while paused): whole nodes, and pods by the node they are on. */
  private highlightedNodes: ReadonlySet<string> = new Set();
  private highlightedPods: ReadonlyMap<string, ReadonlySet<string>> = new Map();
  private highlightsKey = "";
  private selectedNode: string | null = null;
  private hovered: string | null = null;
  private drag: { x: number; y: number; scrollX: number; scrollY: number; moved: boolean } | undefined;
  private animation: Phaser.Tweens.Tween | undefined;
  /** Where a glide is heading (zoom and unclamped scroll), while one runs. */
  private target: { zoom: number; scrollX: number; scrollY: number } | undefined;
  private readonly offs: (() => void)[] = [];

  constructor(scene: Phaser.Scene, rect: Rect, handlers: ClusterMapHandlers) {
    this.scene = scene;
    this.rect = rect;
    this.handlers = handlers;

    this.camera = scene.cameras.add(rect.x, rect.y, rect.width, rect.height, false, "map");
    this.camera.setOrigin(0, 0);
    // Render the map before the main camera, so overlays the scene draws are on top of it.
    const cameras = scene.cameras.cameras;
    cameras.splice(cameras.indexOf(this.camera), 1);
    cameras.unshift(this.camera);
    this.camera.ignore(scene.children.list);
    this.layer = new Phaser.GameObjects.Container(scene);
    this.overlay = new Phaser.GameObjects.Graphics(scene);
    const ignoreOthers = (object: Phaser.GameObjects.GameObject) => {
      if (object !== this.layer) this.camera.ignore(object);
    };
    scene.events.on(Phaser.Scenes.Events.ADDED_TO_SCENE, ignoreOthers);
    this.offs.push(() => scene.events.off(Phaser.Scenes.Events.ADDED_TO_SCENE, ignoreOthers));
    scene.add.existing(this.layer);
    scene.cameras.main.ignore(this.layer);

    this.controls = scene.add.container(0, 0).setDepth(5);
    this.zoomLabel = scene.add.text(0, 0, "", textStyle(12, colors.text, true)).setOrigin(0.5);
    this.legend = scene.add.container(0, 0).setDepth(5);
    this.tooltip = scene.add
      .text(0, 0, "", {
        ...textStyle(12, colors.text, true),
        backgroundColor: "#070b16",
        padding: { x: 8, y: 5 },
        lineSpacing: 3,
      })
      .setDepth(20)
      .setVisible(false);
    this.drawControls();
    this.listen();
    this.offs.push(onFocusChange(() => this.select(this.selectedNode)));
    seam.mapFeed = (nodes, pods) => {
      this.synthetic = { nodes, pods };
      this.render();
    };
  }

  /** The map's region of the screen. */
  get area(): Rect {
    return this.rect;
  }

  /** The node with keyboard focus, or null. */
  get selected(): string | null {
    return this.selectedNode;
  }

  select(name: string | null): void {
    this.selectedNode = name;
    for (const [node, card] of this.cards) card.setSelected(node === this.ringed());
    this.drawOverlay();
    seam.selectedNode = name;
    seam.mapRing = this.ringed();
  }

  /**
   * The selected node while the keyboard is on the map: once Tab takes the focus ring to a button,
   * the selection waits unringed (an arrow key brings it back), so one ring shows at a time.
   */
  private ringed(): string | null {
    return focusedLabel() === null ? this.selectedNode : null;
  }

  /**
   * Where a node is drawn now, in game coordinates (it may lie partly outside the map's region,
   * which clips it), or null when the map shows the heat grid, where a node is too small to aim at.
   */
  nodeBounds(name: string): Phaser.Geom.Rectangle | null {
    const slot = this.slots.get(name);
    if (!slot || this.level === "heat") return null;
    const { x, y } = this.toScreen(slot.x, slot.y);
    const zoom = this.camera.zoom;
    return new Phaser.Geom.Rectangle(x, y, CARD_WIDTH * zoom, CARD_HEIGHT * zoom);
  }

  /** Where a pod's block is drawn on a node card (game coordinates), or null when it is not. */
  podBlockCenter(name: string): { x: number; y: number } | null {
    if (this.level !== "cards") return null;
    for (const [node, card] of this.cards) {
      const slot = this.slots.get(node);
      const at = slot ? card.blockCenter(name) : null;
      if (slot && at) return this.toScreen(slot.x + at.x, slot.y + at.y);
    }
    return null;
  }

  /** The node drawn under a game point, or null. */
  nodeAt(x: number, y: number): string | null {
    const { x: left, y: top, width, height } = this.rect;
    if (x < left || x >= left + width || y < top || y >= top + height) return null;
    const world = this.toWorld(x, y);
    for (const zone of this.zones) {
      const dx = world.x - zone.x;
      const dy = world.y - zone.y - zone.header;
      if (dx < 0 || dy < 0 || dx >= zone.width || world.y >= zone.y + zone.height) continue;
      const column = Math.floor(dx / SLOT_W);
      const row = Math.floor(dy / SLOT_H);
      if (dx - column * SLOT_W >= CARD_WIDTH || dy - row * SLOT_H >= CARD_HEIGHT) return null;
      return zone.nodes[row * zone.columns + column]?.name ?? null;
    }
    return null;
  }

  /** The zone whose header band (its name and summary) is under a game point, if any. */
  private zoneHeaderAt(x: number, y: number): ZoneBox | undefined {
    const { x: left, y: top, width, height } = this.rect;
    if (x < left || x >= left + width || y < top || y >= top + height) return undefined;
    const world = this.toWorld(x, y);
    return this.zones.find(
      (z) => world.x >= z.x && world.x < z.x + z.width && world.y >= z.y && world.y < z.y + z.header,
    );
  }

  /** Replaces the marks drawn on nodes; an empty map clears them. */
  setMarks(marks: ReadonlyMap<string, NodeMark>): void {
    this.marks = marks;
    for (const [name, card] of this.cards) card.setMark(marks.get(name));
    this.drawOverlay();
  }

  /** Draws the server's view (every tick); only what changed is redrawn. */
  update(view: ClusterView): void {
    this.lastView = view;
    this.render();
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.animation?.stop();
    this.scene.cameras.remove(this.camera);
    this.layer.destroy();
    this.controls.destroy();
    this.legend.destroy();
    this.tooltip.destroy();
    this.zoomLabel.destroy();
    this.cards.clear();
    this.labels.clear();
    this.zones = [];
    seam.mapFeed = () => {};
  }

  // ——— drawing ———

  private render(): void {
    const source = this.synthetic ?? this.lastView;
    if (!source) return;
    // Machines still booting take their place in their zone (after its nodes) as nodes-to-be.
    const now = this.lastView?.timeMs ?? 0;
    const booting = this.synthetic ? [] : (this.lastView?.booting ?? []);
    this.provisioning = new Map(booting.map((b) => [b.name, b]));
    this.nodes = [...source.nodes, ...booting.map((b) => bootingNode(b, now))];
    this.byName = new Map(this.nodes.map((n) => [n.name, n]));
    this.podsByNode = Map.groupBy(source.pods, (p) => p.nodeName);
    const highlightsChanged = this.readHighlights(this.lastView?.highlights ?? [], source.pods);
    const key = this.nodes.map((n) => `${n.zone}/${n.name}`).join(",");
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.layout();
      this.fit(false);
    }
    const changed = new Set<string>();
    for (const node of this.nodes) {
      const nodeKey = this.nodeKey(node);
      if (this.nodeKeys.get(node.name) !== nodeKey) changed.add(node.name);
      this.nodeKeys.set(node.name, nodeKey);
    }
    for (const zone of this.zones) {
      // The zone's nodes are the same objects by name; take this tick's copies.
      for (const [i, node] of zone.nodes.entries()) zone.nodes[i] = this.byName.get(node.name) ?? node;
      this.drawZone(zone);
    }
    for (const [name, card] of this.cards) {
      if (highlightsChanged) this.highlightCard(name, card);
      if (changed.has(name)) this.showCard(card, this.byName.get(name)!);
    }
    this.syncVisible();
    for (const [name, booting] of this.provisioning)
      this.labels
        .get(name)
        ?.setText(
          `${tail(name, 10)}\n${t("node.bootsIn", { time: formatMinutes(secondsLeft(booting, now) * 1000) })}`,
        );
    this.drawOverlay();
    seam.mapZones = this.zones.map((z) => `${z.title.text} · ${z.summary.text.replaceAll("\n", " · ")}`);
  }

  private nodeKey(node: NodeView): string {
    const pods = this.podsByNode.get(node.name) ?? [];
    const booting = this.provisioning.get(node.name);
    if (booting) return `booting|${secondsLeft(booting, this.lastView?.timeMs ?? 0)}`;
    return `${node.ready}|${node.up}|${node.unschedulable}|${node.cpuRequestedMilli}|${node.memoryRequestedMiB}|${node.podCount}|${node.podsReady}|${node.conditions.join()}|${node.taints.join()}|${pods.map((p) => `${p.phase}${p.reason}${p.ready}`).join()}`;
  }

  /**
   * Places the zones and their nodes in world units: tries every way of putting the zones in a grid
   * and the nodes of each zone in columns, and keeps the one that fits the region at the largest
   * zoom (so 6 nodes are big cards and 500 nodes fill the region edge to edge).
   */
  private layout(): void {
    for (const zone of this.zones) {
      zone.graphics.destroy();
      zone.title.destroy();
      zone.summary.destroy();
    }
    for (const card of this.cards.values()) this.spareCards.push(card.setVisible(false));
    this.cards.clear();
    for (const label of this.labels.values()) this.spareLabels.push(label.setVisible(false));
    this.labels.clear();
    this.slots.clear();
    this.nodeKeys.clear();
    const groups = [...Map.groupBy(this.nodes, (n) => n.zone)].sort(([a], [b]) => a.localeCompare(b));
    const counts = groups.map(([, nodes]) => nodes.length);
    const { width: rw, height: rh } = this.rect;
    let best = { zoom: 0, zoneColumns: 1, columns: 1, header: 0, gap: 0 };
    const most = Math.max(1, ...counts);
    for (let zoneColumns = 1; zoneColumns <= Math.max(1, groups.length); zoneColumns++)
      for (let columns = 1; columns <= most; columns++) {
        // The header's world size depends on the zoom it is seen at: two passes settle it.
        let zoom = MAX_FIT;
        let header = 0;
        let gap = 0;
        for (let pass = 0; pass < 2; pass++) {
          const size = gridSize(counts, zoneColumns, columns, header, gap);
          zoom = Math.min(MAX_FIT, rw / size.width, (rh - FOOTER_PX) / size.height);
          header = headerPx() / zoom;
          gap = ZONE_GAP_PX / zoom;
        }
        const size = gridSize(counts, zoneColumns, columns, header, gap);
        zoom = Math.min(MAX_FIT, rw / size.width, (rh - FOOTER_PX) / size.height);
        if (zoom > best.zoom + 1e-9) best = { zoom, zoneColumns, columns, header, gap };
      }
    const { zoneColumns, columns, header, gap } = best;
    const size = gridSize(counts, zoneColumns, columns, header, gap);
    this.contentWidth = size.width;
    this.contentHeight = size.height;
    this.fitZoom = best.zoom;
    const rowHeights = size.rowHeights;
    this.zones = groups.map(([zone, nodes], z) => {
      const zoneColumn = z % zoneColumns;
      const zoneRow = Math.floor(z / zoneColumns);
      const x = zoneColumn * (columns * SLOT_W + gap);
      let y = 0;
      for (let r = 0; r < zoneRow; r++) y += rowHeights[r]! + gap;
      const box: ZoneBox = {
        zone,
        nodes: [...nodes],
        x,
        y,
        width: columns * SLOT_W,
        height: header + Math.ceil(nodes.length / columns) * SLOT_H,
        columns,
        header,
        graphics: new Phaser.GameObjects.Graphics(this.scene),
        title: worldText(this.scene, { ...textStyle(14, colors.accent), fontStyle: "bold" }),
        summary: worldText(this.scene, { ...textStyle(11, colors.muted, true), lineSpacing: 2 }),
        drawn: "",
      };
      // Under the pooled cards and labels, which may already be in the layer.
      this.layer.addAt([box.graphics, box.title, box.summary], 0);
      for (const [i, node] of nodes.entries())
        this.slots.set(node.name, {
          zone: box,
          index: i,
          x: x + (i % columns) * SLOT_W + (SLOT_W - CARD_WIDTH) / 2,
          y: y + header + Math.floor(i / columns) * SLOT_H + (SLOT_H - CARD_HEIGHT) / 2,
        });
      return box;
    });
    this.order = this.zones.flatMap((z) => z.nodes);
    this.layer.add(this.overlay);
    this.layer.bringToTop(this.overlay);
  }

  /** One zone: its backdrop, its summary, and at the tiles and heat levels all its nodes. */
  private drawZone(zone: ZoneBox): void {
    let ready = 0;
    let podsReady = 0;
    let pods = 0;
    let cpu = 0;
    let cpuRequested = 0;
    let booting = 0;
    for (const node of zone.nodes) {
      if (this.provisioning.has(node.name)) {
        booting++;
        continue;
      }
      if (node.up && node.ready === "True") ready++;
      podsReady += node.podsReady;
      pods += node.podCount;
      cpu += node.cpuMilli;
      cpuRequested += node.cpuRequestedMilli;
    }
    zone.title.setText(t("map.zoneTitle", { zone: zone.zone }));
    zone.summary.setText(
      [
        t("map.zoneNodes", { ready, total: zone.nodes.length - booting }) +
          (booting > 0 ? `  ${t("map.zoneBooting", { n: booting })}` : ""),
        t("map.zonePods", { ready: podsReady, total: pods }),
        t("map.zoneCpu", { cpu: cpu > 0 ? Math.round((cpuRequested / cpu) * 100) : 0 }),
      ].join("\n"),
    );
    // setColor re-rasterises the text even when the colour is the same: only on a change.
    const summaryColor = css(ready < zone.nodes.length - booting ? colors.pending : colors.muted);
    if (zone.summary.style.color !== summaryColor) zone.summary.setColor(summaryColor);
    this.placeHeader(zone);

    const key = `${this.level}|${zone.nodes.map((n) => this.nodeKeys.get(n.name)).join(";")}`;
    if (key === zone.drawn) return;
    zone.drawn = key;
    const g = zone.graphics.clear();
    // The zone's backdrop: a panel under its header and nodes.
    const pad = 8 / this.fitZoom;
    g.fillStyle(colors.panel, 0.55).fillRect(
      zone.x - pad / 2,
      zone.y,
      zone.width + pad,
      zone.height + pad / 2,
    );
    g.fillStyle(colors.accentDeep, 0.8).fillRect(
      zone.x - pad / 2,
      zone.y,
      zone.width + pad,
      3 / this.fitZoom,
    );
    if (this.level === "cards") return;
    for (const node of zone.nodes) {
      const slot = this.slots.get(node.name)!;
      if (this.level === "heat") drawCell(g, slot.x, slot.y, CARD_WIDTH, CARD_HEIGHT, nodeState(node));
      else this.drawTile(g, node, slot.x, slot.y);
    }
  }

  /** Keeps a zone's header the same size on screen whatever the zoom: its text is counter-scaled. */
  private placeHeader(zone: ZoneBox): void {
    const scale = 1 / this.camera.zoom;
    const bandBottom = zone.y + zone.header;
    zone.title.setScale(scale).setPosition(zone.x, zone.y + 6 * scale);
    zone.summary.setScale(scale).setPosition(zone.x, zone.y + 6 * scale + zone.title.height * scale);
    // The band is headerPx() tall at the fit zoom; zoomed in it grows, so the text sits at its bottom.
    const textHeight = (zone.title.height + zone.summary.height + 6) * scale;
    if (bandBottom - textHeight > zone.y + 6 * scale) {
      zone.title.setY(bandBottom - textHeight);
      zone.summary.setY(bandBottom - textHeight + zone.title.height * scale);
    }
    zone.summary.setVisible(zone.header * this.camera.zoom >= 40);
  }

  /** A compact tile: state glyph, thick CPU and memory bars, and the pods as one bar. */
  private drawTile(g: Phaser.GameObjects.Graphics, node: NodeView, x: number, y: number): void {
    const state = nodeState(node);
    if (state === "booting") {
      // Nothing runs there yet: the slot, its glyph, and (in the label) the time until it joins.
      drawCell(g, x, y, CARD_WIDTH, CARD_HEIGHT, state, 4);
      return;
    }
    g.fillStyle(node.up ? colors.panel : colors.background, 1).fillRect(x, y, CARD_WIDTH, CARD_HEIGHT);
    if (node.unschedulable) {
      g.lineStyle(10, colors.danger, 0.15);
      for (let d = -CARD_HEIGHT; d < CARD_WIDTH; d += 30)
        g.lineBetween(
          x + Math.max(0, d),
          y + Math.max(0, -d),
          x + Math.min(CARD_WIDTH, d + CARD_HEIGHT),
          y + Math.min(CARD_HEIGHT, CARD_WIDTH - d),
        );
    }
    const edge = state === "ready" ? colors.panelEdge : STATE_COLOR[state];
    g.lineStyle(state === "ready" ? 4 : 8, edge, 1).strokeRect(x + 2, y + 2, CARD_WIDTH - 4, CARD_HEIGHT - 4);
    drawCell(g, x + 14, y + 14, 34, 34, state);
    const barX = x + 14;
    const barW = CARD_WIDTH - 28;
    const fraction = (used: number, total: number) => (total > 0 ? Math.min(1, used / total) : 0);
    thickBar(g, barX, y + 64, barW, fraction(node.cpuRequestedMilli, node.cpuMilli), colors.cpu);
    thickBar(g, barX, y + 82, barW, fraction(node.memoryRequestedMiB, node.memoryMiB), colors.memory);
    // Pods: ready ones green, the rest (starting, failing, terminating) orange, against capacity.
    const capacity = Math.max(1, node.podCapacity, node.podCount);
    g.fillStyle(colors.background, 1).fillRect(barX, y + 100, barW, 10);
    g.fillStyle(colors.healthy, 1).fillRect(barX, y + 100, (barW * node.podsReady) / capacity, 10);
    const troubled = Math.max(0, node.podCount - node.podsReady);
    g.fillStyle(colors.pending, 1).fillRect(
      barX + (barW * node.podsReady) / capacity,
      y + 100,
      (barW * troubled) / capacity,
      10,
    );
  }

  /** Takes the view's highlights (`node/x`, `pod/y`); true when they changed. */
  private readHighlights(highlights: readonly string[], pods: readonly PodView[]): boolean {
    const nodes = new Set<string>();
    const podsOn = new Map<string, Set<string>>();
    const nodeOf = new Map(pods.map((p) => [p.name, p.nodeName]));
    for (const target of highlights) {
      const [kind, name = ""] = target.split("/");
      if (kind === "node") nodes.add(name);
      const node = kind === "pod" ? nodeOf.get(name) : undefined;
      if (node) podsOn.set(node, (podsOn.get(node) ?? new Set()).add(name));
    }
    const key = `${[...nodes]}|${[...podsOn].map(([n, p]) => `${n}:${[...p]}`)}`;
    if (key === this.highlightsKey) return false;
    this.highlightsKey = key;
    this.highlightedNodes = nodes;
    this.highlightedPods = podsOn;
    return true;
  }

  private get highlighting(): boolean {
    return this.highlightedNodes.size > 0 || this.highlightedPods.size > 0;
  }

  private highlightCard(name: string, card: NodeCard): void {
    card.setHighlight(this.highlightedNodes.has(name), this.highlightedPods.get(name) ?? new Set());
  }

  /** Selection, marks and the facilitator's highlights at the tiles and heat levels (cards draw their own). */
  private drawOverlay(): void {
    const g = this.overlay.clear();
    if (this.level === "cards") return;
    const line = 3 / this.camera.zoom;
    for (const name of new Set([...this.highlightedNodes, ...this.highlightedPods.keys()])) {
      const slot = this.slots.get(name);
      if (slot)
        g.lineStyle(line * 2, colors.highlight, 1).strokeRect(
          slot.x - 3 * line,
          slot.y - 3 * line,
          CARD_WIDTH + 6 * line,
          CARD_HEIGHT + 6 * line,
        );
    }
    for (const [name, mark] of this.marks) {
      const slot = this.slots.get(name);
      if (slot)
        g.lineStyle(line * 1.5, mark.color, 1).strokeRect(
          slot.x - line,
          slot.y - line,
          CARD_WIDTH + 2 * line,
          CARD_HEIGHT + 2 * line,
        );
    }
    const ringed = this.ringed();
    const slot = ringed ? this.slots.get(ringed) : undefined;
    if (slot)
      g.lineStyle(line, colors.text, 1).strokeRect(
        slot.x - 2 * line,
        slot.y - 2 * line,
        CARD_WIDTH + 4 * line,
        CARD_HEIGHT + 4 * line,
      );
  }

  /** After the camera moved or the level changed: cards or name labels for the nodes in view only. */
  private syncVisible(): void {
    const view = this.camera.worldView;
    const left = this.camera.scrollX;
    const top = this.camera.scrollY;
    const right = left + view.width;
    const bottom = top + view.height;
    const inView = (slot: Slot) =>
      slot.x + CARD_WIDTH > left && slot.x < right && slot.y + CARD_HEIGHT > top && slot.y < bottom;
    const wanted = this.level === "heat" ? [] : this.order.filter((n) => inView(this.slots.get(n.name)!));

    // Cards and labels are pooled by node: one that stays in view is left alone, one that leaves is
    // hidden and reused for the next node to come in, so panning rasterises only the new nodes' text.
    const cardsWanted = this.level === "cards" ? wanted : [];
    const keepCards = new Set(cardsWanted.map((n) => n.name));
    for (const [name, card] of this.cards)
      if (!keepCards.has(name)) {
        card.setVisible(false);
        this.spareCards.push(card);
        this.cards.delete(name);
      }
    for (const node of cardsWanted) {
      if (this.cards.has(node.name)) continue;
      const card = this.spareCards.pop() ?? this.newCard();
      const slot = this.slots.get(node.name)!;
      card.setPosition(slot.x, slot.y).setVisible(true);
      card.setSelected(node.name === this.ringed());
      card.setMark(this.marks.get(node.name));
      card.setHover(node.name === this.hovered);
      this.highlightCard(node.name, card);
      this.showCard(card, node);
      this.cards.set(node.name, card);
    }

    const named = this.level === "tiles" ? wanted : [];
    const keepLabels = new Set(named.map((n) => n.name));
    for (const [name, label] of this.labels)
      if (!keepLabels.has(name)) {
        label.setVisible(false);
        this.spareLabels.push(label);
        this.labels.delete(name);
      }
    for (const node of named) {
      if (this.labels.has(node.name)) continue;
      const label = this.spareLabels.pop() ?? this.newLabel();
      const slot = this.slots.get(node.name)!;
      const color = css(node.up ? colors.text : colors.muted);
      if (label.style.color !== color) label.setColor(color);
      label
        .setText(tail(node.name, 10))
        .setPosition(slot.x + 56, slot.y + 16)
        .setVisible(true);
      this.labels.set(node.name, label);
    }
  }

  /** A card shows its node, or the machine booting in its place with the time left. */
  private showCard(card: NodeCard, node: NodeView): void {
    const booting = this.provisioning.get(node.name);
    card.show(
      node,
      this.podsByNode.get(node.name) ?? [],
      booting ? secondsLeft(booting, this.lastView?.timeMs ?? 0) : null,
    );
  }

  private newCard(): NodeCard {
    const card = new NodeCard(this.scene);
    this.layer.add(card);
    this.layer.bringToTop(this.overlay);
    return card;
  }

  private newLabel(): Phaser.GameObjects.Text {
    const label = worldText(this.scene, { ...textStyle(26, colors.text), fontStyle: "bold" });
    this.layer.add(label);
    this.layer.bringToTop(this.overlay);
    return label;
  }

  // ——— the camera ———

  private toScreen(wx: number, wy: number): { x: number; y: number } {
    const zoom = this.camera.zoom;
    return {
      x: this.rect.x + (wx - this.camera.scrollX) * zoom,
      y: this.rect.y + (wy - this.camera.scrollY) * zoom,
    };
  }

  private toWorld(x: number, y: number): { x: number; y: number } {
    const zoom = this.camera.zoom;
    return {
      x: this.camera.scrollX + (x - this.rect.x) / zoom,
      y: this.camera.scrollY + (y - this.rect.y) / zoom,
    };
  }

  private get maxZoom(): number {
    return Math.max(MAX_ZOOM, this.fitZoom);
  }

  /** Shows the whole cluster. */
  fit(animate = true): void {
    const zoom = this.fitZoom;
    this.moveTo(zoom, this.contentWidth / 2, (this.contentHeight + FOOTER_PX / zoom) / 2, animate);
  }

  /** Zooms by `factor` keeping the world point under the game point (x, y) where it is. */
  zoomAbout(factor: number, x: number, y: number): void {
    const zoom = Phaser.Math.Clamp(this.camera.zoom * factor, this.fitZoom, this.maxZoom);
    const world = this.toWorld(x, y);
    this.animation?.stop();
    this.target = undefined;
    this.setCamera(zoom, world.x - (x - this.rect.x) / zoom, world.y - (y - this.rect.y) / zoom);
  }

  /** Glides (or jumps, with reduced motion) to a zoom with a world point at the region's centre. */
  private moveTo(zoom: number, cx: number, cy: number, animate: boolean): void {
    const target = Phaser.Math.Clamp(zoom, this.fitZoom, this.maxZoom);
    const scrollX = cx - this.rect.width / 2 / target;
    const scrollY = cy - this.rect.height / 2 / target;
    this.animation?.stop();
    this.target = { zoom: target, scrollX, scrollY };
    if (!animate || reducedMotion()) {
      this.target = undefined;
      this.setCamera(target, scrollX, scrollY);
      return;
    }
    const from = { zoom: this.camera.zoom, x: this.camera.scrollX, y: this.camera.scrollY };
    this.animation = this.scene.tweens.addCounter({
      from: 0,
      to: 1,
      duration: ANIMATION_MS,
      ease: "Sine.easeInOut",
      onComplete: () => {
        this.target = undefined;
      },
      onUpdate: (tween) => {
        const k = tween.getValue() ?? 1;
        this.setCamera(
          from.zoom + (target - from.zoom) * k,
          from.x + (scrollX - from.x) * k,
          from.y + (scrollY - from.y) * k,
        );
      },
    });
  }

  /** Sets zoom and scroll, kept on the content (centred when it is smaller than the region). */
  private setCamera(zoom: number, scrollX: number, scrollY: number): void {
    const clamped = this.clamp(zoom, scrollX, scrollY);
    this.camera.setZoom(zoom);
    this.camera.setScroll(clamped.x, clamped.y);
    const level: MapLevel = zoom >= CARD_ZOOM - 1e-6 ? "cards" : zoom >= TILE_ZOOM ? "tiles" : "heat";
    const levelChanged = level !== this.level;
    this.level = level;
    for (const zone of this.zones) {
      if (levelChanged) this.drawZone(zone);
      else this.placeHeader(zone);
    }
    this.syncVisible();
    if (levelChanged) this.drawOverlay();
    else if (this.level !== "cards" && (this.selectedNode || this.marks.size > 0 || this.highlighting))
      this.drawOverlay();
    this.zoomLabel.setText(t("map.zoom", { percent: Math.round((zoom / this.fitZoom) * 100) }));
    this.legend.setVisible(this.level !== "cards");
    seam.mapZoom = zoom;
    seam.mapFitZoom = this.fitZoom;
    seam.mapLevel = this.level;
    this.tooltip.setVisible(false);
  }

  /** The scroll that keeps the content in view at `zoom` (centred when smaller than the region). */
  private clamp(zoom: number, scrollX: number, scrollY: number): { x: number; y: number } {
    const clampAxis = (scroll: number, content: number, view: number) =>
      content <= view ? (content - view) / 2 : Phaser.Math.Clamp(scroll, 0, content - view);
    return {
      x: clampAxis(scrollX, this.contentWidth, this.rect.width / zoom),
      // The footer's room counts as content, so the last row can scroll above the legend.
      y: clampAxis(scrollY, this.contentHeight + FOOTER_PX / zoom, this.rect.height / zoom),
    };
  }

  /** Brings a node into view: zooms to card level if it is aggregated, pans if it is off screen. */
  private reveal(name: string, animate: boolean): void {
    const slot = this.slots.get(name);
    if (!slot) return;
    const cx = slot.x + CARD_WIDTH / 2;
    const cy = slot.y + CARD_HEIGHT / 2;
    if (this.level !== "cards") {
      this.moveTo(Math.max(1, this.fitZoom), cx, cy, animate);
      return;
    }
    // Judged where the camera is going, not where a glide has got to, so quick presses keep up.
    const zoom = this.target?.zoom ?? this.camera.zoom;
    const scroll = this.target
      ? this.clamp(zoom, this.target.scrollX, this.target.scrollY)
      : { x: this.camera.scrollX, y: this.camera.scrollY };
    const left = (slot.x - scroll.x) * zoom;
    const top = (slot.y - scroll.y) * zoom;
    const visible =
      left >= 0 &&
      top >= 0 &&
      left + CARD_WIDTH * zoom <= this.rect.width &&
      top + CARD_HEIGHT * zoom <= this.rect.height - FOOTER_PX;
    if (!visible) this.moveTo(zoom, cx, cy, animate);
  }

  // ——— input ———

  private listen(): void {
    const input = this.scene.input;
    const inside = (p: Phaser.Input.Pointer) =>
      p.x >= this.rect.x &&
      p.x < this.rect.x + this.rect.width &&
      p.y >= this.rect.y &&
      p.y < this.rect.y + this.rect.height;
    const onWheel = (p: Phaser.Input.Pointer, over: unknown[], _dx: number, dy: number) => {
      if (!inside(p) || over.length > 0 || dy === 0) return;
      this.zoomAbout(Math.exp(-dy * 0.0015), p.x, p.y);
    };
    // Presses on something else (a button, a menu over the map, a pod being dragged) are not ours.
    const onDown = (p: Phaser.Input.Pointer, over: unknown[]) => {
      if (!inside(p) || over.length > 0 || !p.leftButtonDown()) return;
      this.animation?.stop();
      this.target = undefined;
      this.drag = {
        x: p.x,
        y: p.y,
        scrollX: this.camera.scrollX,
        scrollY: this.camera.scrollY,
        moved: false,
      };
    };
    const onMove = (p: Phaser.Input.Pointer) => {
      const drag = this.drag;
      if (drag && p.isDown) {
        if (!drag.moved && Math.hypot(p.x - drag.x, p.y - drag.y) < DRAG_SLOP) return;
        drag.moved = true;
        const zoom = this.camera.zoom;
        this.setCamera(zoom, drag.scrollX - (p.x - drag.x) / zoom, drag.scrollY - (p.y - drag.y) / zoom);
        return;
      }
      this.hover(inside(p) ? this.nodeAt(p.x, p.y) : null, p.x, p.y);
    };
    const onUp = (p: Phaser.Input.Pointer) => {
      const drag = this.drag;
      this.drag = undefined;
      if (!drag || drag.moved) return;
      const name = this.nodeAt(p.x, p.y);
      if (name) this.choose(name, true);
    };
    input.on("wheel", onWheel);
    input.on("pointerdown", onDown);
    input.on("pointermove", onMove);
    input.on("pointerup", onUp);
    const onKey = (event: KeyboardEvent) => this.onKey(event);
    window.addEventListener("keydown", onKey);
    this.offs.push(() => {
      input.off("wheel", onWheel);
      input.off("pointerdown", onDown);
      input.off("pointermove", onMove);
      input.off("pointerup", onUp);
      window.removeEventListener("keydown", onKey);
    });
  }

  /** A node was picked: at card level it is acted on; aggregated, the map zooms in to it first. */
  private choose(name: string, animate: boolean): void {
    this.select(name);
    // A machine still booting is not a Node yet: nothing to act on.
    if (this.provisioning.has(name)) return;
    if (this.level !== "cards") {
      this.reveal(name, animate);
      return;
    }
    const bounds = this.nodeBounds(name)!;
    this.handlers.onNode(name, { x: bounds.centerX, y: bounds.centerY });
  }

  private hover(name: string | null, x: number, y: number): void {
    if (name !== this.hovered) {
      if (this.hovered) this.cards.get(this.hovered)?.setHover(false);
      if (name) this.cards.get(name)?.setHover(true);
      this.hovered = name;
    }
    const zone = name ? undefined : this.zoneHeaderAt(x, y);
    const text = name
      ? this.tooltipText(name, x, y)
      : zone
        ? t("map.tooltipZone", {
            zone: zone.zone,
            n: zone.nodes.filter((n) => !this.provisioning.has(n.name)).length,
          })
        : "";
    if (text === "") {
      this.tooltip.setVisible(false);
      return;
    }
    this.tooltip.setText(text).setVisible(true);
    // Beside the pointer, kept inside the map.
    const right = this.rect.x + this.rect.width;
    const tx = x + 16 + this.tooltip.width > right ? x - 16 - this.tooltip.width : x + 16;
    const ty = Math.min(y + 16, this.rect.y + this.rect.height - this.tooltip.height);
    this.tooltip.setPosition(tx, ty);
  }

  /**
   * What the pointer is over, in words: a machine still booting; at card level the pod block under
   * it, or the node and what a click does; aggregated, the node's state and how to zoom to it.
   */
  private tooltipText(name: string, x: number, y: number): string {
    const node = this.byName.get(name);
    if (!node) return "";
    const booting = this.provisioning.get(name);
    if (booting)
      return t("map.tooltipBooting", {
        name,
        zone: booting.zone,
        seconds: secondsLeft(booting, this.lastView?.timeMs ?? 0),
      });
    const percent = (used: number, total: number) => (total > 0 ? Math.round((used / total) * 100) : 0);
    const summary = t("map.tooltip", {
      name: node.name,
      status: statusText(node),
      pods: `${node.podsReady}/${node.podCount}`,
      cpu: percent(node.cpuRequestedMilli, node.cpuMilli),
      memory: percent(node.memoryRequestedMiB, node.memoryMiB),
    });
    const notes =
      node.conditions.length + node.taints.length > 0
        ? `\n${[...node.conditions, ...node.taints].join(" · ")}`
        : "";
    if (this.level !== "cards") return `${summary}${notes}\n${t("map.clickToZoom")}`;
    const slot = this.slots.get(name);
    const world = this.toWorld(x, y);
    const pod = slot ? this.cards.get(name)?.podAt(world.x - slot.x, world.y - slot.y) : null;
    if (pod === "ready") return t("map.tooltipReadyPod", { node: name, n: node.podsReady });
    if (pod) {
      const about = t("map.tooltipPod", {
        name: pod.name,
        status: pod.reason || pod.phase,
        cpu: pod.cpuMilli,
        memory: pod.memoryMiB,
        restarts: pod.restarts,
      });
      // The IP is the sandbox's: the line that says so, and more pointedly once the pod has restarted.
      if (pod.podIP === "") return about;
      return `${about}\n${t(pod.restarts > 0 ? "map.tooltipPodKeptIp" : "map.tooltipPodIp", { ip: pod.podIP })}`;
    }
    return `${summary}${notes}\n${t("map.clickForMenu")}`;
  }

  /** The map's keys (see the keyboard contract in the handbook); typing in the console is not ours. */
  private onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
    const centre = { x: this.rect.x + this.rect.width / 2, y: this.rect.y + this.rect.height / 2 };
    switch (event.key) {
      case "+":
      case "=":
        this.zoomAbout(ZOOM_STEP, centre.x, centre.y);
        break;
      case "-":
      case "_":
        this.zoomAbout(1 / ZOOM_STEP, centre.x, centre.y);
        break;
      case "0":
        this.fit();
        break;
      case "Escape":
        if (!this.drag) return;
        this.setCamera(this.camera.zoom, this.drag.scrollX, this.drag.scrollY);
        this.drag = undefined;
        break;
      case "ArrowLeft":
      case "ArrowRight":
      case "ArrowUp":
      case "ArrowDown":
        this.step(event.key);
        break;
      case "Enter":
        if (!this.selectedNode || document.activeElement instanceof HTMLButtonElement) return;
        this.choose(this.selectedNode, true);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  /** Moves the selection: ←/→ through zone then row order, ↑/↓ a row within the zone. */
  private step(key: string): void {
    if (this.order.length === 0) return;
    const slot = this.selectedNode ? this.slots.get(this.selectedNode) : undefined;
    let next: NodeView | undefined;
    if (!slot) next = this.order[0];
    else if (key === "ArrowLeft" || key === "ArrowRight") {
      const at = this.order.findIndex((n) => n.name === this.selectedNode);
      next = this.order[Phaser.Math.Clamp(at + (key === "ArrowRight" ? 1 : -1), 0, this.order.length - 1)];
    } else {
      const index = slot.index + (key === "ArrowDown" ? slot.zone.columns : -slot.zone.columns);
      next = slot.zone.nodes[index] ?? slot.zone.nodes[slot.index];
    }
    if (!next) return;
    this.select(next.name);
    if (this.level === "cards") this.reveal(next.name, true);
  }

  /** The zoom control in the map's top right corner, and the heat grid's legend at its bottom. */
  private drawControls(): void {
    const { x, y, width, height } = this.rect;
    // Bottom right, where the zones' headers (top) and the legend (bottom left) are not.
    const right = x + width - 6;
    const top = y + height - 34;
    const g = this.scene.add.graphics();
    g.fillStyle(colors.background, 0.9).fillRoundedRect(right - 200, top, 200, 28, 8);
    g.lineStyle(1, colors.panelEdge, 1).strokeRoundedRect(right - 200, top, 200, 28, 8);
    this.controls.add(g);
    const button = (cx: number, label: string, act: () => void) => {
      const text = this.scene.add
        .text(cx, top + 14, label, { ...textStyle(15, colors.accent, true), fontStyle: "bold" })
        .setOrigin(0.5)
        .setInteractive({ useHandCursor: true })
        .on("pointerup", act);
      this.controls.add(text);
    };
    const centre = () => ({ x: x + width / 2, y: y + height / 2 });
    // − and + are symbols, the same in every language.
    button(right - 186, "−", () => this.zoomAbout(1 / ZOOM_STEP, centre().x, centre().y));
    this.zoomLabel.setPosition(right - 128, top + 14);
    this.controls.add(this.zoomLabel);
    button(right - 72, "+", () => this.zoomAbout(ZOOM_STEP, centre().x, centre().y));
    button(right - 30, t("map.fit"), () => this.fit());

    // The legend: each state's shape and colour, so the heat grid reads without a key elsewhere.
    const states: [NodeState, string][] = [
      ["ready", t("map.legendReady")],
      ["pressure", t("map.legendPressure")],
      ["cordoned", t("map.legendCordoned")],
      ["notReady", t("map.legendNotReady")],
      ["down", t("map.legendDown")],
      ["booting", t("map.legendBooting")],
    ];
    const legendGraphics = this.scene.add.graphics();
    this.legend.add(legendGraphics);
    let lx = x + 10;
    const ly = y + height - 30;
    const items: Phaser.GameObjects.Text[] = [];
    for (const [, label] of states) {
      const text = this.scene.add.text(lx + 20, ly + 3, label, textStyle(11, colors.text));
      items.push(text);
      lx += 20 + text.width + 14;
    }
    legendGraphics.fillStyle(colors.background, 0.85).fillRoundedRect(x + 4, ly - 4, lx - x - 4, 24, 6);
    lx = x + 10;
    states.forEach(([state], i) => {
      drawCell(legendGraphics, lx, ly + 1, 14, 14, state, 1.5);
      lx += 20 + items[i]!.width + 14;
    });
    this.legend.add(items);
  }
}

/**
 * A machine still booting, as the map lays it out: a node of its zone and size that is not up,
 * marked by a "booting" condition (NodeView's own fields, so the layout and the tiles need nothing new).
 */
function bootingNode(b: BootingNodeView, now: number): NodeView {
  return {
    name: b.name,
    zone: b.zone,
    cpuMilli: b.cpuMilli,
    memoryMiB: b.memoryMiB,
    podCapacity: 0,
    cpuRequestedMilli: 0,
    memoryRequestedMiB: 0,
    podCount: 0,
    podsReady: 0,
    unschedulable: false,
    ready: "Unknown",
    conditions: [BOOTING, `ready in ${secondsLeft(b, now)} s`],
    taints: [],
    up: false,
    labels: {},
    drainBlockedPods: [],
    drainBudgets: [],
  };
}

/** Whole game seconds until a booting machine should join (0 once due: it is registering). */
function secondsLeft(b: BootingNodeView, now: number): number {
  return Math.max(0, Math.ceil((b.readyAtMs - now) / 1000));
}

/** The end of a long name, which tells nodes apart ("…node-a-017"), rather than its common start. */
function tail(name: string, max: number): string {
  return name.length <= max ? name : `…${name.slice(name.length - max + 1)}`;
}

/** A node's state in `kubectl get nodes` words, for the tooltip. */
function statusText(node: NodeView): string {
  if (!node.up) return t("map.statusDown");
  if (node.ready !== "True") return node.ready === "False" ? "NotReady" : "Unknown";
  // kubectl's STATUS column, which reads the same in every language.
  return node.unschedulable ? "Ready,SchedulingDisabled" : "Ready";
}

/**
 * One node of the heat grid (or a tile's glyph, or the legend's key): Ready is a solid green
 * block, pressure an orange block with a warning triangle, cordoned a hollow yellow block struck
 * through, NotReady a red block crossed out, a machine that is off a grey outline crossed out.
 * `unit` scales the lines (the legend is drawn at screen size).
 */
function drawCell(
  g: Phaser.GameObjects.Graphics,
  x: number,
  y: number,
  w: number,
  h: number,
  state: NodeState,
  unit = Math.max(4, Math.min(w, h) / 9),
): void {
  const color = STATE_COLOR[state];
  switch (state) {
    case "ready":
      g.fillStyle(color, 0.9).fillRect(x, y, w, h);
      return;
    case "pressure":
      g.fillStyle(color, 1).fillRect(x, y, w, h);
      g.fillStyle(colors.background, 1).fillTriangle(
        x + w / 2,
        y + h * 0.18,
        x + w / 2 - h * 0.36,
        y + h * 0.82,
        x + w / 2 + h * 0.36,
        y + h * 0.82,
      );
      return;
    case "cordoned":
      g.fillStyle(colors.background, 1).fillRect(x, y, w, h);
      g.lineStyle(unit * 1.4, color, 1)
        .strokeRect(x + unit * 0.7, y + unit * 0.7, w - unit * 1.4, h - unit * 1.4)
        .lineBetween(x + unit, y + h - unit, x + w - unit, y + unit);
      return;
    case "notReady":
      g.fillStyle(color, 1).fillRect(x, y, w, h);
      g.lineStyle(unit * 1.6, colors.background, 1)
        .lineBetween(x + w / 2 - h * 0.3, y + h * 0.2, x + w / 2 + h * 0.3, y + h * 0.8)
        .lineBetween(x + w / 2 + h * 0.3, y + h * 0.2, x + w / 2 - h * 0.3, y + h * 0.8);
      return;
    case "booting": {
      // Corner brackets around an empty slot: a place being made ready.
      const arm = Math.min(w, h) * 0.3;
      g.fillStyle(colors.background, 1).fillRect(x, y, w, h);
      g.lineStyle(unit * 1.2, color, 1);
      for (const [cx, cy, dx, dy] of [
        [x, y, 1, 1],
        [x + w, y, -1, 1],
        [x, y + h, 1, -1],
        [x + w, y + h, -1, -1],
      ] as const)
        g.lineBetween(cx, cy, cx + dx * arm, cy).lineBetween(cx, cy, cx, cy + dy * arm);
      g.fillStyle(color, 1).fillCircle(x + w / 2, y + h / 2, Math.min(w, h) * 0.12);
      return;
    }
    case "down":
      g.fillStyle(colors.background, 1).fillRect(x, y, w, h);
      g.lineStyle(unit * 1.2, color, 1)
        .strokeRect(x + unit * 0.6, y + unit * 0.6, w - unit * 1.2, h - unit * 1.2)
        .lineBetween(x + unit, y + unit, x + w - unit, y + h - unit)
        .lineBetween(x + w - unit, y + unit, x + unit, y + h - unit);
      return;
  }
}

function thickBar(
  g: Phaser.GameObjects.Graphics,
  x: number,
  y: number,
  w: number,
  fraction: number,
  color: number,
): void {
  g.fillStyle(colors.background, 1).fillRect(x, y, w, 12);
  if (fraction > 0)
    g.fillStyle(fraction > 0.9 ? colors.danger : color, 1).fillRect(x, y, Math.max(4, w * fraction), 12);
}

/** The world size of the zones placed `zoneColumns` to a row, each with `columns` node columns. */
function gridSize(
  counts: readonly number[],
  zoneColumns: number,
  columns: number,
  header: number,
  gap: number,
): { width: number; height: number; rowHeights: number[] } {
  const rowHeights: number[] = [];
  counts.forEach((count, z) => {
    const row = Math.floor(z / zoneColumns);
    const height = header + Math.ceil(count / columns) * SLOT_H;
    rowHeights[row] = Math.max(rowHeights[row] ?? 0, height);
  });
  const usedColumns = Math.min(zoneColumns, Math.max(1, counts.length));
  const width = usedColumns * columns * SLOT_W + (usedColumns - 1) * gap;
  const height = rowHeights.reduce((sum, h) => sum + h, 0) + (rowHeights.length - 1) * gap;
  return { width: Math.max(1, width), height: Math.max(1, height), rowHeights };
}

/** Text made for the map's layer (see NodeCard's constructor for why not `scene.add`). */
function worldText(
  scene: Phaser.Scene,
  style: Phaser.Types.GameObjects.Text.TextStyle,
): Phaser.GameObjects.Text {
  return new Phaser.GameObjects.Text(scene, 0, 0, "", { ...style, resolution: 2 });
}
