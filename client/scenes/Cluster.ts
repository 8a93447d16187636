import Phaser from "phaser";
import { type ClusterView, GameConnection, type ServerNotice } from "../net/connection.ts";
import { seam } from "../testSeam.ts";
import { CARD_HEIGHT, NodeCard } from "../ui/NodeCard.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";

const MARGIN = 24;
const TOP = 96;
const CARD_GAP = 10;
const LOG_TOP = 520;

/**
 * The cluster map: zones side by side, each node a card with its pods; the
 * pending queue and the event log below. Clicking a node asks the server to
 * cordon (or uncordon) it; the card changes when the server's state says so.
 */
export class Cluster extends Phaser.Scene {
  private readonly connection = new GameConnection();
  private readonly cards = new Map<string, NodeCard>();
  private clock!: Phaser.GameObjects.Text;
  private heading!: Phaser.GameObjects.Text;
  private pending!: Phaser.GameObjects.Text;
  private eventLog!: Phaser.GameObjects.Text;
  private toast!: Phaser.GameObjects.Text;
  private zoneLabels: Phaser.GameObjects.Text[] = [];

  constructor() {
    super("Cluster");
  }

  create(): void {
    seam.scene = "Cluster";
    this.drawChrome();
    this.connection.onView((view) => this.render(view));
    this.connection.onNotice((notice) => this.showNotice(notice));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => void this.connection.leave());
    seam.nodeCenter = (name) => this.nodeCenter(name);
    this.connection.playSolo("You").catch((error: unknown) => {
      this.heading.setText(
        `Could not reach the game server: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.heading.setColor(css(colors.danger));
    });
  }

  private drawChrome(): void {
    const g = this.add.graphics();
    g.fillStyle(colors.panel, 1).fillRect(0, 0, WIDTH, 64);
    g.lineStyle(2, colors.panelEdge, 1).lineBetween(0, 64, WIDTH, 64);
    this.add.image(MARGIN + 18, 32, "logo").setDisplaySize(40, 40);
    this.add
      .text(MARGIN + 48, 18, "CLUSTER CRISIS", { ...textStyle(22), fontStyle: "bold" })
      .setLetterSpacing(3);
    this.heading = this.add.text(340, 22, "Joining the incident room…", textStyle(18, colors.muted));
    this.clock = this.add.text(WIDTH - MARGIN, 16, "", textStyle(26, colors.accent, true)).setOrigin(1, 0);
    this.add
      .text(
        MARGIN,
        72,
        "Click a node to cordon it: running pods stay, new pods go elsewhere. Click again to uncordon.",
        textStyle(14, colors.muted),
      )
      .setOrigin(0, 0);
    g.fillStyle(colors.panel, 1).fillRoundedRect(
      MARGIN,
      LOG_TOP,
      WIDTH - 2 * MARGIN,
      HEIGHT - LOG_TOP - MARGIN,
      10,
    );
    this.add.text(MARGIN + 16, LOG_TOP + 10, "kubectl get events", textStyle(13, colors.accent, true));
    this.pending = this.add
      .text(WIDTH - MARGIN - 16, LOG_TOP + 10, "", textStyle(13, colors.pending, true))
      .setOrigin(1, 0);
    this.eventLog = this.add.text(MARGIN + 16, LOG_TOP + 34, "", {
      ...textStyle(13, colors.text, true),
      lineSpacing: 6,
    });
    this.toast = this.add
      .text(WIDTH / 2, HEIGHT - 12, "", textStyle(16, colors.text))
      .setOrigin(0.5, 1)
      .setAlpha(0);
  }

  private render(view: ClusterView): void {
    seam.state = structuredClone(view);
    this.heading.setText(`${view.scenarioTitle}  ·  seed ${view.seed}`).setColor(css(colors.muted));
    this.clock.setText(`T+${formatClock(view.timeMs)}`);

    const zones = [...new Set(view.nodes.map((n) => n.zone))].sort();
    const columnWidth = (WIDTH - 2 * MARGIN - (zones.length - 1) * 16) / Math.max(1, zones.length);
    this.layoutZoneLabels(zones, columnWidth);
    const podsByNode = Map.groupBy(view.pods, (p) => p.nodeName);
    for (const [z, zone] of zones.entries()) {
      const x = MARGIN + z * (columnWidth + 16);
      view.nodes
        .filter((n) => n.zone === zone)
        .forEach((node, row) => {
          let card = this.cards.get(node.name);
          if (!card) {
            card = new NodeCard(this, x, TOP + 28 + row * (CARD_HEIGHT + CARD_GAP), columnWidth, (n) =>
              this.connection.send(n.unschedulable ? "uncordon" : "cordon", { node: n.name }),
            );
            this.cards.set(node.name, card);
          }
          card.show(node, podsByNode.get(node.name) ?? []);
        });
    }

    const unbound = podsByNode.get("") ?? [];
    this.pending.setText(
      unbound.length === 0 ? "no pods waiting" : `${unbound.length} pod(s) Pending, not yet scheduled`,
    );
    this.eventLog.setText(
      view.events
        .slice(-6)
        .reverse()
        .map(
          (e) =>
            `${formatClock(e.time).padStart(6)}  ${e.type.padEnd(7)} ${e.reason.padEnd(18)} ${e.object.padEnd(16)} ${e.message}`,
        )
        .join("\n"),
    );
  }

  private layoutZoneLabels(zones: readonly string[], columnWidth: number): void {
    if (this.zoneLabels.length === zones.length) return;
    for (const label of this.zoneLabels) label.destroy();
    this.zoneLabels = zones.map((zone, z) =>
      this.add
        .text(MARGIN + z * (columnWidth + 16), TOP, `ZONE  ${zone}`, {
          ...textStyle(14, colors.accentDeep),
          fontStyle: "bold",
        })
        .setLetterSpacing(2),
    );
  }

  private showNotice(notice: ServerNotice): void {
    seam.notices.push(notice);
    const [text, color] =
      notice.kind === "error"
        ? [`Refused: ${notice.error.message}`, colors.danger]
        : notice.result.accepted
          ? [`kubectl ${notice.result.type} → applied at tick ${notice.result.tick}`, colors.accent]
          : [`kubectl ${notice.result.type} → ${notice.result.reason ?? "refused"}`, colors.pending];
    this.toast.setText(text).setColor(css(color)).setAlpha(1);
    this.tweens.killTweensOf(this.toast);
    this.tweens.add({ targets: this.toast, alpha: 0, delay: 1800, duration: 600 });
  }

  private nodeCenter(name: string): { x: number; y: number } | null {
    const card = this.cards.get(name);
    if (!card) return null;
    const rect = this.game.canvas.getBoundingClientRect();
    const scale = rect.width / WIDTH;
    return {
      x: rect.left + (card.x + card.width / 2) * scale,
      y: rect.top + (card.y + CARD_HEIGHT / 2) * scale,
    };
  }
}

function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)
    .toString()
    .padStart(2, "0")}:${(s % 60).toString().padStart(2, "0")}`;
}
