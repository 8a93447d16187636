import type Phaser from "phaser";
import type { Role } from "../../shared/protocol/messages.ts";
import { t } from "../i18n/index.ts";
import type { ClusterView } from "../net/connection.ts";
import { Button } from "./Button.ts";
import type { DockPanel } from "./dock.ts";
import type { Rect } from "./layout.ts";
import { colors, textStyle } from "./theme.ts";

const TAB_HEIGHT = 24;
const TAB_GAP = 6;
/** Kept across rounds and reloads: the tab a player chose last. */
const STORAGE_KEY = "clusterCrisis.dockTab";

/**
 * The dock under the map: a strip of tabs on top, one per role tool the player holds (the
 * scheduler's queue, the chaos agent's deck), and the chosen panel below. Tabs are buttons, so
 * Tab/Enter reach them like any other; the choice is remembered.
 */
export class Dock {
  /** Where panels draw: the dock below its tab strip. */
  readonly body: Rect;
  private readonly entries: { readonly role: Role; readonly panel: DockPanel }[] = [];
  private tabs: Phaser.GameObjects.Container | undefined;
  private readonly empty: Phaser.GameObjects.Text;
  private tabsKey = "";
  private chosen: Role | null;
  private lastView: ClusterView | undefined;

  private readonly scene: Phaser.Scene;
  private readonly rect: Rect;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.scene = scene;
    this.rect = rect;
    this.body = {
      x: rect.x,
      y: rect.y + TAB_HEIGHT + 4,
      width: rect.width,
      height: rect.height - TAB_HEIGHT - 4,
    };
    const saved = localStorage.getItem(STORAGE_KEY);
    this.chosen = saved === "scheduler" || saved === "operator" || saved === "chaos" ? saved : null;
    scene.add
      .graphics()
      .fillStyle(colors.panel, 1)
      .fillRoundedRect(this.body.x, this.body.y, this.body.width, this.body.height, 10);
    this.empty = scene.add
      .text(this.body.x + this.body.width / 2, this.body.y + this.body.height / 2, t("dock.empty"), {
        ...textStyle(13, colors.muted),
        align: "center",
        wordWrap: { width: this.body.width - 40 },
      })
      .setOrigin(0.5);
  }

  /** A panel shown to players who hold `role`. */
  add(role: Role, panel: DockPanel): void {
    this.entries.push({ role, panel });
    panel.setVisible(false);
    this.tabsKey = "";
  }

  update(view: ClusterView): void {
    this.lastView = view;
    const me = view.players.find((p) => p.id === view.me);
    const held = this.entries.filter((e) => me?.roles.includes(e.role));
    const shown = held.find((e) => e.role === this.chosen) ?? held[0];
    const key = `${held.map((e) => e.role).join(",")}|${shown?.role ?? ""}`;
    if (key !== this.tabsKey) {
      this.tabsKey = key;
      this.drawTabs(held, shown?.role);
      for (const entry of this.entries) entry.panel.setVisible(entry === shown);
      this.empty.setVisible(shown === undefined);
    }
    shown?.panel.update(view);
  }

  /** Shows the panel of a role (a tab's click, or a role tool that needs its panel in front). */
  show(role: Role): void {
    this.chosen = role;
    localStorage.setItem(STORAGE_KEY, role);
    if (this.lastView) this.update(this.lastView);
  }

  destroy(): void {
    this.tabs?.destroy();
    for (const entry of this.entries) entry.panel.destroy();
  }

  private drawTabs(held: readonly { role: Role; panel: DockPanel }[], shown: Role | undefined): void {
    this.tabs?.destroy();
    this.tabs = this.scene.add.container(0, 0);
    const width = Math.min(160, (this.rect.width - TAB_GAP * (held.length - 1)) / Math.max(1, held.length));
    held.forEach((entry, i) => {
      const x = this.rect.x + i * (width + TAB_GAP) + width / 2;
      this.tabs?.add(
        new Button(
          this.scene,
          x,
          this.rect.y + TAB_HEIGHT / 2,
          entry.panel.title,
          () => this.show(entry.role),
          {
            width,
            height: TAB_HEIGHT,
            size: 12,
            style: entry.role === shown ? "primary" : "secondary",
          },
        ),
      );
    });
  }
}
