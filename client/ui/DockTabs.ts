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
 * A dock panel's owner: a role's tool, or the facilitator's (injecting the deck's cards for free,
 * each player's activity).
 */
export type DockKey = Role | "inject" | "players";
const DOCK_KEYS: readonly string[] = ["scheduler", "operator", "chaos", "inject", "players"];

/** Whether this seat gets the panel: a role's to whoever holds it; the facilitator's to the facilitator. */
function shownTo(key: DockKey, view: ClusterView): boolean {
  const me = view.players.find((p) => p.id === view.me);
  if (key === "inject")
    // A facilitator who also plays chaos plays the deck as the chaos agent does, with energy; a solo
    // player faces the scenario's script and only defends, so the deck is not theirs.
    return view.facilitator === view.me && !view.solo && !(me?.roles.includes("chaos") ?? false);
  if (key === "players")
    return view.facilitator === view.me && view.players.some((p) => p.id !== view.me && !p.spectator);
  return me?.roles.includes(key) ?? false;
}

/**
 * The dock under the map: a strip of tabs on top, one per role tool the player holds (the
 * scheduler's queue, the chaos agent's deck), and the chosen panel below. Tabs are buttons, so
 * Tab/Enter reach them like any other; the choice is remembered.
 */
export class Dock {
  /** Where panels draw: the dock below its tab strip. */
  readonly body: Rect;
  private readonly entries: { readonly role: DockKey; readonly panel: DockPanel }[] = [];
  private tabs: Phaser.GameObjects.Container | undefined;
  private readonly empty: Phaser.GameObjects.Text;
  private tabsKey = "";
  private chosen: DockKey | null;
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
    this.chosen = saved !== null && DOCK_KEYS.includes(saved) ? (saved as DockKey) : null;
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

  /** A panel shown to players who hold `role` (the facilitator's: to the facilitator). */
  add(role: DockKey, panel: DockPanel): void {
    this.entries.push({ role, panel });
    panel.setVisible(false);
    this.tabsKey = "";
  }

  update(view: ClusterView): void {
    this.lastView = view;
    const held = this.entries.filter((e) => shownTo(e.role, view));
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
  show(role: DockKey): void {
    this.chosen = role;
    localStorage.setItem(STORAGE_KEY, role);
    if (this.lastView) this.update(this.lastView);
  }

  destroy(): void {
    this.tabs?.destroy();
    for (const entry of this.entries) entry.panel.destroy();
  }

  private drawTabs(held: readonly { role: DockKey; panel: DockPanel }[], shown: DockKey | undefined): void {
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
