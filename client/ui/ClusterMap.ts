import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import type { ClusterView } from "../net/connection.ts";
import type { Rect } from "./layout.ts";
import { CARD_HEIGHT, NodeCard } from "./NodeCard.ts";
import { colors, textStyle } from "./theme.ts";

const CARD_GAP = 10;
const COMPACT_GAP = 4;
/** Shortest a card gets before a zone splits into more columns. */
const MIN_CARD_HEIGHT = 20;
const ZONE_GAP = 16;
const LABEL_HEIGHT = 28;

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

/**
 * The cluster map: zones side by side, each node a card. Role tools talk to it through a small
 * API — where a node is, which node is under a point, marks on nodes, the selected node — so the
 * map can zoom, pan and aggregate without them knowing.
 */
export class ClusterMap {
  private readonly cards = new Map<string, NodeCard>();
  private zoneLabels: Phaser.GameObjects.Text[] = [];
  private zoneKey = "";
  private marks: ReadonlyMap<string, NodeMark> = new Map();
  private selectedNode: string | null = null;

  private readonly scene: Phaser.Scene;
  private readonly rect: Rect;
  private readonly handlers: ClusterMapHandlers;

  constructor(scene: Phaser.Scene, rect: Rect, handlers: ClusterMapHandlers) {
    this.scene = scene;
    this.rect = rect;
    this.handlers = handlers;
  }

  /** The node with keyboard focus, or null. */
  get selected(): string | null {
    return this.selectedNode;
  }

  select(name: string | null): void {
    this.selectedNode = name;
    for (const [node, card] of this.cards) card.setSelected(node === name);
  }

  /** Where a node's card is drawn (game coordinates), or null when it is not drawn on its own. */
  nodeBounds(name: string): Phaser.Geom.Rectangle | null {
    const card = this.cards.get(name);
    if (!card) return null;
    const { width, height } = card.cardSize;
    return new Phaser.Geom.Rectangle(card.x, card.y, width, height);
  }

  /** The node drawn under a game point, or null. */
  nodeAt(x: number, y: number): string | null {
    for (const [name, card] of this.cards) {
      const { width, height } = card.cardSize;
      if (x >= card.x && x < card.x + width && y >= card.y && y < card.y + height) return name;
    }
    return null;
  }

  /** Replaces the marks drawn on nodes; an empty map clears them. */
  setMarks(marks: ReadonlyMap<string, NodeMark>): void {
    this.marks = marks;
    for (const [name, card] of this.cards) card.setMark(marks.get(name));
  }

  /**
   * Zones side by side, a column each, nodes in rows. Cards get shorter (and compact) when a zone
   * holds more nodes than fit, and a zone splits into sub-columns when even those would not fit.
   */
  update(view: ClusterView): void {
    const { x: left, y: top, width, height: areaHeight } = this.rect;
    const zones = [...new Set(view.nodes.map((n) => n.zone))].sort();
    const columnWidth = (width - (zones.length - 1) * ZONE_GAP) / Math.max(1, zones.length);
    this.layoutZoneLabels(zones, columnWidth);
    const byZone = Map.groupBy(view.nodes, (n) => n.zone);
    const most = Math.max(1, ...[...byZone.values()].map((nodes) => nodes.length));
    const space = areaHeight - LABEL_HEIGHT;
    const cardsTop = top + LABEL_HEIGHT;
    let split = 1;
    let rows = most;
    let gap = CARD_GAP;
    let height = CARD_HEIGHT;
    for (;;) {
      rows = Math.ceil(most / split);
      gap = rows * CARD_HEIGHT + (rows - 1) * CARD_GAP <= space ? CARD_GAP : COMPACT_GAP;
      height = Math.min(CARD_HEIGHT, Math.floor((space - (rows - 1) * gap) / rows));
      if (height >= MIN_CARD_HEIGHT || split >= 4) break;
      split++;
    }
    const subWidth = (columnWidth - (split - 1) * 6) / split;
    const podsByNode = Map.groupBy(view.pods, (p) => p.nodeName);
    const present = new Set<string>();
    for (const [z, zone] of zones.entries()) {
      const x = left + z * (columnWidth + ZONE_GAP);
      (byZone.get(zone) ?? []).forEach((node, i) => {
        present.add(node.name);
        const sub = Math.floor(i / rows);
        const row = i % rows;
        let card = this.cards.get(node.name);
        if (!card) {
          card = new NodeCard(this.scene, x, cardsTop, subWidth, (n) => {
            const bounds = this.nodeBounds(n.name);
            this.handlers.onNode(n.name, {
              x: bounds ? bounds.centerX : x,
              y: bounds ? bounds.centerY : cardsTop,
            });
          });
          card.setSelected(node.name === this.selectedNode);
          card.setMark(this.marks.get(node.name));
          this.cards.set(node.name, card);
        }
        card.place(x + sub * (subWidth + 6), cardsTop + row * (height + gap), subWidth, height);
        card.show(node, podsByNode.get(node.name) ?? []);
      });
    }
    for (const [name, card] of this.cards)
      if (!present.has(name)) {
        card.destroy();
        this.cards.delete(name);
      }
  }

  destroy(): void {
    for (const card of this.cards.values()) card.destroy();
    this.cards.clear();
    for (const label of this.zoneLabels) label.destroy();
    this.zoneLabels = [];
  }

  private layoutZoneLabels(zones: readonly string[], columnWidth: number): void {
    const key = zones.join("|");
    if (key === this.zoneKey) return;
    this.zoneKey = key;
    for (const label of this.zoneLabels) label.destroy();
    this.zoneLabels = zones.map((zone, z) =>
      this.scene.add
        .text(this.rect.x + z * (columnWidth + ZONE_GAP), this.rect.y, t("cluster.zone", { zone }), {
          ...textStyle(14, colors.accentDeep),
          fontStyle: "bold",
        })
        .setLetterSpacing(2),
    );
  }
}
