import type Phaser from "phaser";
import { saidCommand } from "../i18n/actions.ts";
import { t } from "../i18n/index.ts";
import type { ClusterView, PlayerView } from "../net/connection.ts";
import { ROLE_COLOR, roleName } from "../scenes/Lobby.ts";
import type { DockPanel } from "./dock.ts";
import type { Rect } from "./layout.ts";
import { clip, formatMinutes } from "./statusFormat.ts";
import { colors, textScale, textStyle } from "./theme.ts";

const PAD = 12;
const ROW = 17;
/** A player idle this long (game time) is shown in orange: a game choice, two game minutes. */
const IDLE_MS = 2 * 60_000;

/**
 * The facilitator's view of the room, in the dock: for each player their roles, how many of their
 * commands the cluster accepted and refused, how long they have been idle (game time), and what they
 * did last, as its command line or in words. The longest idle first, so whoever needs a nudge is on top.
 */
export class ActivityPanel implements DockPanel {
  readonly title = t("dock.players");
  private readonly root: Phaser.GameObjects.Container;
  private readonly scene: Phaser.Scene;
  private readonly rect: Rect;
  private key = "";
  /** What the panel shows, one line per player, for the test seam. */
  lines: readonly string[] = [];

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.scene = scene;
    this.rect = rect;
    this.root = scene.add.container(0, 0);
  }

  setVisible(visible: boolean): void {
    this.root.setVisible(visible);
  }

  update(view: ClusterView): void {
    const players = view.players
      .filter((p) => p.id !== view.me && !p.spectator)
      .sort((a, b) => idleMs(b, view) - idleMs(a, view) || a.name.localeCompare(b.name));
    // Redrawn when a figure changes or a game second passes (the idle times).
    const key = `${Math.floor(view.timeMs / 1000)}|${players.map((p) => `${p.id}:${p.roles}:${p.actions}:${p.refused}:${p.lastActionMs}:${p.connected}`).join(",")}`;
    if (key === this.key) return;
    this.key = key;
    this.draw(players, view);
  }

  destroy(): void {
    this.root.destroy();
  }

  private draw(players: readonly PlayerView[], view: ClusterView): void {
    this.root.removeAll(true);
    const { x, y, width, height } = this.rect;
    const step = Math.round(ROW * textScale());
    const dots = this.scene.add.graphics();
    this.root.add(dots);
    const add = (tx: number, ty: number, text: string, size: number, color: number, bold = false) => {
      const label = this.scene.add.text(tx, ty, text, {
        ...textStyle(size, color),
        fontStyle: bold ? "bold" : "normal",
      });
      this.root.add(label);
      return label;
    };
    add(x + PAD, y + 6, t("activity.title", { n: players.length }), 11, colors.muted);
    const lines: string[] = [];
    if (players.length === 0) add(x + PAD, y + 30, t("activity.empty"), 12, colors.muted);
    const top = y + 26;
    const rows = Math.max(1, Math.floor((y + height - 4 - top) / step));
    const shown = players.length > rows ? players.slice(0, rows - 1) : players;
    shown.forEach((player, i) => {
      const row = top + i * step;
      // A dot per role held, in the role's colour (its name is in the lobby and the score panel).
      player.roles.forEach((role, r) => {
        dots.fillStyle(ROLE_COLOR[role], 1).fillCircle(x + PAD + 4 + r * 9, row + 8, 3.5);
      });
      const idle = idleMs(player, view);
      const late = idle >= IDLE_MS;
      const idleText = t("activity.idle", { time: formatMinutes(idle) });
      const idleLabel = add(
        x + width - PAD,
        row + 1,
        idleText,
        11,
        late ? colors.pending : colors.muted,
        late,
      );
      idleLabel.setOrigin(1, 0);
      const name = add(
        x + PAD + 30,
        row,
        clip(player.name, 12),
        12,
        player.connected ? colors.text : colors.muted,
        true,
      );
      const counts = add(
        name.x + name.width + 8,
        row + 1,
        `✓${player.actions} ✗${player.refused}`,
        11,
        colors.muted,
      );
      // What they did last, in what room is left before the idle time.
      const said = player.lastAction ? saidCommand(player.lastAction) : t("activity.none");
      const lastX = counts.x + counts.width + 10;
      const room = idleLabel.x - idleLabel.width - 8 - lastX;
      const last = add(lastX, row + 1, said, 11, player.lastAction ? colors.text : colors.muted);
      for (let keep = said.length; keep > 3 && last.width > room; keep -= 2) last.setText(clip(said, keep));
      lines.push(
        `${player.name} [${player.roles.map(roleName).join("+")}] ✓${player.actions} ✗${player.refused} ${idleText} ${said}`,
      );
    });
    if (shown.length < players.length)
      add(
        x + PAD,
        top + shown.length * step,
        t("activity.more", { n: players.length - shown.length }),
        11,
        colors.muted,
      );
    this.lines = lines;
  }
}

/** Game ms since the player's last command, or since the round started when they have not acted. */
function idleMs(player: PlayerView, view: ClusterView): number {
  return Math.max(0, view.timeMs - Math.max(0, player.lastActionMs));
}
