import Phaser from "phaser";
import { siBytes } from "../console/format.ts";
import { t } from "../i18n/index.ts";
import type { ClusterView, EtcdMemberView, RaftMessageView } from "../net/connection.ts";
import type { Rect } from "./layout.ts";
import { reducedMotion } from "./motion.ts";
import { explain } from "./Tooltip.ts";
import { colors, css, fitText, textStyle } from "./theme.ts";

const PAD = 12;
/** The etcd ring, left of the member table. */
const RING_CX = 70;
const RING_CY = 86;
const RING_R = 40;
const MEMBER_R = 12;
/** The member table's columns, from its left edge. */
const TABLE_X = 140;
const TABLE_Y = 30;
/** A member's row; at a large text size its cells shrink to it rather than run into the next. */
const TABLE_ROW = 16;
const COLUMNS = [0, 44, 104, 134] as const;
const MAX_MEMBERS = 5;
/** The lower strip: API servers, kube-scheduler, leader Leases. */
const STRIP_Y = 148;

/**
 * etcd's messages cross a LAN in 1–5 ms; drawn at that speed they would never be seen. As in
 * RaftScope, the panel runs a slowed clock: a message takes about half a second to fly, longer the
 * longer it really took (a member with a slow disk sends late, so its messages visibly crawl).
 */
const FLIGHT_MIN_MS = 450;
const FLIGHT_PER_GAME_MS = 25;
const FLIGHT_MAX_MS = 1500;
/** The messages of one server tick leave over one tick of real time, in the order they were sent. */
const TICK_REAL_MS = 100;
const MAX_FLIGHTS = 36;

type MessageKind = "append" | "heartbeat" | "vote" | "other";

const MESSAGE_STYLE: Record<MessageKind, { readonly color: number }> = {
  append: { color: colors.accentDeep },
  heartbeat: { color: colors.healthy },
  vote: { color: colors.pending },
  other: { color: colors.memory },
};

/** etcd's raft message types (raftpb.MessageType) grouped as the legend tells them. */
function kindOf(type: string): MessageKind {
  if (type.startsWith("MsgApp")) return "append";
  if (type.startsWith("MsgHeartbeat")) return "heartbeat";
  if (type.startsWith("MsgVote") || type.startsWith("MsgPreVote")) return "vote";
  return "other";
}

const ROLE_COLOR: Record<EtcdMemberView["role"], number> = {
  leader: colors.accent,
  follower: colors.healthy,
  candidate: colors.pending,
  learner: colors.muted,
  down: colors.danger,
};

interface Flight {
  readonly from: string;
  readonly to: string;
  readonly kind: MessageKind;
  readonly response: boolean;
  readonly start: number;
  readonly duration: number;
}

interface MemberRow {
  readonly cells: readonly [
    Phaser.GameObjects.Text,
    Phaser.GameObjects.Text,
    Phaser.GameObjects.Text,
    Phaser.GameObjects.Text,
  ];
}

/**
 * The control-plane strip (incidentLayout.controlPlane): the etcd members on a ring — role by
 * colour and shape (the leader filled and crowned, a follower outlined, a candidate dashed, a
 * member down crossed out) — with their term, last log index and commit index; the Raft messages
 * between them as dots flying from sender to receiver, shaped and coloured by type; the API
 * servers' requests in flight against their seats and the 429s; kube-scheduler's queues; and who
 * holds the scheduler's and the controller manager's leader Leases.
 */
export class ControlPlanePanel {
  private readonly scene: Phaser.Scene;
  private readonly area: Rect;
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly dots: Phaser.GameObjects.Graphics;
  private readonly texts: Phaser.GameObjects.Text[] = [];
  private readonly title: Phaser.GameObjects.Text;
  private readonly modes: Phaser.GameObjects.Text;
  private readonly rows: MemberRow[] = [];
  private readonly numbers: Phaser.GameObjects.Text[] = [];
  private readonly legend: Phaser.GameObjects.Text[] = [];
  /** etcd's raised alarm (NOSPACE), or else the stale reads a lease gave, in the legend's place while it lasts. */
  private readonly alarm: Phaser.GameObjects.Text;
  private alarmIsStaleReads = false;
  private readonly api: Phaser.GameObjects.Text;
  private readonly rejected: Phaser.GameObjects.Text;
  private readonly queue: Phaser.GameObjects.Text;
  private readonly leases: Phaser.GameObjects.Text;
  private readonly positions = new Map<string, { x: number; y: number }>();
  private flights: Flight[] = [];
  /** The messages of the last view, so only new ones take off. */
  private seen = new Set<string>();
  private latest: readonly RaftMessageView[] = [];
  private key = "";
  /** The scenario's etcd answers reads from the leader's lease (raft's ReadOnlyLeaseBased). */
  private leaseReads = false;

  constructor(scene: Phaser.Scene, area: Rect) {
    this.scene = scene;
    this.area = area;
    const { x, y, width } = area;
    this.g = scene.add.graphics();
    this.dots = scene.add.graphics();
    const text = (tx: number, ty: number, size: number, color: number, mono = false) => {
      const made = scene.add.text(tx, ty, "", textStyle(size, color, mono));
      this.texts.push(made);
      return made;
    };
    this.title = text(x + PAD, y + 8, 13, colors.accent)
      .setFontStyle("bold")
      .setText(t("controlPlane.title"));
    explain(this.title, () => t("tip.controlPlane"));
    this.modes = text(x + width - PAD, y + 10, 10, colors.muted).setOrigin(1, 0);
    explain(this.modes, () => (this.leaseReads ? t("tip.etcdLeaseReads") : t("tip.controlPlane")));
    const headings = [
      "controlPlane.colMember",
      "controlPlane.colRole",
      "controlPlane.colTerm",
      "controlPlane.colLog",
    ] as const;
    headings.forEach((key, column) => {
      const next = COLUMNS[column + 1] ?? width - TABLE_X - PAD;
      const heading = text(x + TABLE_X + (COLUMNS[column] ?? 0), y + TABLE_Y, 9, colors.muted).setText(
        t(key),
      );
      fitText(heading, next - (COLUMNS[column] ?? 0) - 2);
    });
    for (let i = 0; i < MAX_MEMBERS; i++) {
      const top = y + TABLE_Y + 14 + i * TABLE_ROW;
      const cell = (column: number, mono: boolean) =>
        text(x + TABLE_X + (COLUMNS[column] ?? 0), top, 11, colors.text, mono);
      this.rows.push({ cells: [cell(0, false), cell(1, false), cell(2, true), cell(3, true)] });
      this.numbers.push(text(0, 0, 11, colors.text).setOrigin(0.5).setFontStyle("bold"));
    }
    const legendY = y + TABLE_Y + 14 + MAX_MEMBERS * TABLE_ROW + 4;
    const legendKeys = [
      "controlPlane.legendApp",
      "controlPlane.legendHeartbeat",
      "controlPlane.legendVote",
    ] as const;
    let legendX = x + TABLE_X + 10;
    for (const key of legendKeys) {
      const label = text(legendX, legendY, 10, colors.muted).setText(t(key));
      this.legend.push(label);
      legendX += label.displayWidth + 22;
    }
    this.alarm = text(x + TABLE_X - 4, legendY - 2, 11, colors.danger)
      .setFontStyle("bold")
      .setVisible(false);
    explain(this.alarm, () => t(this.alarmIsStaleReads ? "tip.etcdLeaseReads" : "tip.etcdNoSpace"));
    this.api = text(x + PAD, y + STRIP_Y, 11, colors.text);
    this.rejected = text(x + width - PAD, y + STRIP_Y, 11, colors.muted)
      .setOrigin(1, 0)
      .setFontStyle("bold");
    this.queue = text(x + PAD, y + STRIP_Y + 28, 11, colors.text);
    this.leases = text(x + PAD, y + STRIP_Y + 45, 10, colors.muted);
    scene.events.on(Phaser.Scenes.Events.UPDATE, this.animate, this);
  }

  update(view: ClusterView): void {
    this.takeOff(view.raftMessages);
    const cp = view.controlPlane;
    const members = view.etcd.map(
      (m) => `${m.name}:${m.role}:${m.term}:${m.lastIndex}:${m.commitIndex}:${m.alarms}:${siBytes(m.dbSize)}`,
    );
    const key = [
      ...members,
      cp.apiInflight,
      cp.apiCapacity,
      cp.apfEnabled,
      cp.schedulerActive,
      cp.schedulerBackoff,
      cp.schedulerUnschedulable,
      cp.schedulerLeader,
      cp.controllerManagerLeader,
      cp.kubeProxyMode,
      Math.round(cp.kubeProxySyncMs / 1000),
      view.apiRejected,
      cp.etcdReads,
      cp.etcdStaleReads,
    ].join("|");
    if (key === this.key) return;
    this.key = key;
    this.draw(view);
  }

  destroy(): void {
    this.scene.events.off(Phaser.Scenes.Events.UPDATE, this.animate, this);
    this.g.destroy();
    this.dots.destroy();
    for (const text of this.texts) text.destroy();
  }

  private draw(view: ClusterView): void {
    const { x, y, width, height } = this.area;
    const g = this.g.clear();
    g.fillStyle(colors.panel, 1).fillRoundedRect(x, y, width, height, 10);
    g.lineStyle(1, colors.panelEdge, 1).strokeRoundedRect(x, y, width, height, 10);
    const cp = view.controlPlane;
    // A sync of a second or more is the symptom worth a glance (kube-proxy's SyncProxyRules elapsed).
    const proxy =
      cp.kubeProxySyncMs >= 1_000
        ? t("controlPlane.proxySync", {
            mode: cp.kubeProxyMode || "—",
            seconds: (cp.kubeProxySyncMs / 1000).toFixed(0),
          })
        : cp.kubeProxyMode || "—";
    this.leaseReads = cp.etcdReads === "leaseBased";
    const modes = t(cp.apfEnabled ? "controlPlane.modesApf" : "controlPlane.modesMaxInflight", { proxy });
    this.modes.setText(this.leaseReads ? `${t("controlPlane.leaseReads")} · ${modes}` : modes);
    fitText(this.modes, width - this.title.displayWidth - PAD * 3);
    this.drawRing(view.etcd);
    this.drawTable(view.etcd);
    this.drawLegend(view.etcd, cp.etcdStaleReads);
    this.drawStrip(view);
  }

  /** The members evenly on a circle, the first at the top; lines between them are the wire. */
  private drawRing(members: readonly EtcdMemberView[]): void {
    const g = this.g;
    const cx = this.area.x + RING_CX;
    const cy = this.area.y + RING_CY;
    this.positions.clear();
    const shown = members.slice(0, MAX_MEMBERS);
    shown.forEach((m, i) => {
      const angle = -Math.PI / 2 + (i * 2 * Math.PI) / shown.length;
      this.positions.set(m.name, { x: cx + RING_R * Math.cos(angle), y: cy + RING_R * Math.sin(angle) });
    });
    g.lineStyle(1, colors.panelEdge, 1);
    for (const a of this.positions.values())
      for (const b of this.positions.values()) if (a !== b) g.lineBetween(a.x, a.y, b.x, b.y);
    if (shown.length === 0) {
      g.lineStyle(1, colors.panelEdge, 1).strokeCircle(cx, cy, RING_R);
    }
    this.numbers.forEach((number, i) => {
      const m = shown[i];
      const at = m === undefined ? undefined : this.positions.get(m.name);
      if (m === undefined || at === undefined) {
        number.setVisible(false);
        return;
      }
      this.drawMember(m, at.x, at.y);
      const label = /(\d+)$/.exec(m.name)?.[1] ?? m.name.slice(0, 2);
      const ink =
        m.role === "leader" ? colors.background : m.role === "down" ? colors.muted : ROLE_COLOR[m.role];
      number.setVisible(true).setPosition(at.x, at.y).setText(label).setColor(css(ink));
    });
  }

  private drawMember(m: EtcdMemberView, mx: number, my: number): void {
    const g = this.g;
    const color = ROLE_COLOR[m.role];
    g.fillStyle(colors.panel, 1).fillCircle(mx, my, MEMBER_R);
    switch (m.role) {
      case "leader": {
        g.fillStyle(color, 1).fillCircle(mx, my, MEMBER_R);
        // A crown above it: the leader is told by its shape as well as its colour.
        const base = my - MEMBER_R - 2;
        g.fillStyle(color, 1).fillPoints(
          [
            new Phaser.Math.Vector2(mx - 7, base),
            new Phaser.Math.Vector2(mx - 7, base - 7),
            new Phaser.Math.Vector2(mx - 3.5, base - 3),
            new Phaser.Math.Vector2(mx, base - 9),
            new Phaser.Math.Vector2(mx + 3.5, base - 3),
            new Phaser.Math.Vector2(mx + 7, base - 7),
            new Phaser.Math.Vector2(mx + 7, base),
          ],
          true,
        );
        break;
      }
      case "follower":
        g.lineStyle(2, color, 1).strokeCircle(mx, my, MEMBER_R);
        break;
      case "candidate": {
        // Dashed: it is asking for votes, not yet holding anything.
        const dashes = 10;
        g.lineStyle(2, color, 1);
        for (let d = 0; d < dashes; d++) {
          const from = (d * 2 * Math.PI) / dashes;
          g.beginPath();
          g.arc(mx, my, MEMBER_R, from, from + Math.PI / dashes);
          g.strokePath();
        }
        break;
      }
      case "learner":
        g.lineStyle(1, color, 1).strokeCircle(mx, my, MEMBER_R);
        break;
      case "down": {
        g.lineStyle(1, colors.panelEdge, 1).strokeCircle(mx, my, MEMBER_R);
        const d = MEMBER_R * 0.8;
        g.lineStyle(2, color, 1);
        g.lineBetween(mx - d, my - d, mx + d, my + d);
        g.lineBetween(mx - d, my + d, mx + d, my - d);
        break;
      }
    }
  }

  private drawTable(members: readonly EtcdMemberView[]): void {
    const limit = this.area.width - TABLE_X - PAD;
    this.rows.forEach((row, i) => {
      const m = members[i];
      const [name, role, term, log] = row.cells;
      if (m === undefined) {
        for (const cell of row.cells) cell.setVisible(false);
        if (i === 0) name.setVisible(true).setText(t("controlPlane.noEtcd")).setColor(css(colors.muted));
        return;
      }
      const color = ROLE_COLOR[m.role];
      const down = m.role === "down";
      name
        .setVisible(true)
        .setText(m.name)
        .setColor(css(down ? colors.muted : colors.text));
      fitText(name, COLUMNS[1] - COLUMNS[0] - 4, TABLE_ROW);
      role
        .setVisible(true)
        .setText(t(`controlPlane.role.${m.role}`))
        .setColor(css(color));
      fitText(role, COLUMNS[2] - COLUMNS[1] - 4, TABLE_ROW);
      term
        .setVisible(true)
        .setText(down ? "—" : String(m.term))
        .setColor(css(colors.text));
      fitText(term, COLUMNS[3] - COLUMNS[2] - 4, TABLE_ROW);
      // The log's last index against the commit index: a gap is entries waiting for a quorum.
      const behind = m.lastIndex > m.commitIndex;
      log
        .setVisible(true)
        .setText(down ? "—" : `${m.lastIndex}/${m.commitIndex}`)
        .setColor(css(behind ? colors.pending : colors.text));
      fitText(log, limit - COLUMNS[3], TABLE_ROW);
    });
  }

  /**
   * The message legend; while etcd has an alarm raised, the alarm instead, and once a lease has given
   * stale reads, their count: it is what matters then.
   */
  private drawLegend(members: readonly EtcdMemberView[], staleReads: number): void {
    const alarmed = members.find((m) => m.alarms.length > 0);
    const warning =
      alarmed !== undefined
        ? t("controlPlane.alarm", {
            alarm: alarmed.alarms.join(", "),
            size: siBytes(Math.max(...members.map((m) => m.dbSize))),
          })
        : staleReads > 0
          ? t("controlPlane.staleReads", { n: staleReads.toLocaleString() })
          : null;
    this.alarmIsStaleReads = alarmed === undefined && warning !== null;
    this.alarm.setVisible(warning !== null);
    for (const label of this.legend) label.setVisible(warning === null);
    if (warning !== null) {
      this.alarm.setText(warning);
      fitText(this.alarm, this.area.width - TABLE_X - PAD + 4);
      return;
    }
    const kinds: MessageKind[] = ["append", "heartbeat", "vote"];
    this.legend.forEach((label, i) => {
      const kind = kinds[i];
      if (kind === undefined) return;
      drawDot(this.g, kind, false, label.x - 8, label.y + label.displayHeight / 2);
    });
  }

  private drawStrip(view: ClusterView): void {
    const { x, y, width } = this.area;
    const g = this.g;
    const cp = view.controlPlane;
    g.lineStyle(1, colors.panelEdge, 1).lineBetween(
      x + PAD,
      y + STRIP_Y - 6,
      x + width - PAD,
      y + STRIP_Y - 6,
    );
    this.api.setText(
      t("controlPlane.apiLoad", {
        inflight: cp.apiInflight.toLocaleString(),
        capacity: cp.apiCapacity.toLocaleString(),
      }),
    );
    this.rejected
      .setText(t("controlPlane.rejected", { n: view.apiRejected.toLocaleString() }))
      .setColor(css(view.apiRejected > 0 ? colors.pending : colors.muted));
    fitText(this.api, width - PAD * 3 - this.rejected.displayWidth);
    const barY = y + STRIP_Y + 18;
    const barW = width - PAD * 2;
    const load = cp.apiCapacity === 0 ? 0 : Math.min(1, cp.apiInflight / cp.apiCapacity);
    // Past 90 % of the seats, requests queue (APF) or are refused with 429 (max-inflight).
    const loadColor = load >= 0.9 ? colors.danger : load >= 0.7 ? colors.pending : colors.healthy;
    g.fillStyle(colors.background, 1).fillRoundedRect(x + PAD, barY, barW, 6, 3);
    if (load > 0) g.fillStyle(loadColor, 1).fillRoundedRect(x + PAD, barY, Math.max(6, barW * load), 6, 3);
    this.queue.setText(
      t("controlPlane.queue", {
        active: cp.schedulerActive,
        backoff: cp.schedulerBackoff,
        unschedulable: cp.schedulerUnschedulable,
      }),
    );
    this.queue.setColor(css(cp.schedulerUnschedulable > 0 ? colors.pending : colors.text));
    fitText(this.queue, width - PAD * 2);
    const none = t("controlPlane.noLeader");
    this.leases.setText(
      t("controlPlane.leases", {
        scheduler: cp.schedulerLeader || none,
        controllerManager: cp.controllerManagerLeader || none,
      }),
    );
    this.leases.setColor(
      css(cp.schedulerLeader === "" || cp.controllerManagerLeader === "" ? colors.danger : colors.muted),
    );
    fitText(this.leases, width - PAD * 2);
  }

  /** New messages take off, staggered as they were sent; a link already carrying that type waits. */
  private takeOff(messages: readonly RaftMessageView[]): void {
    this.latest = messages;
    const now = this.scene.time.now;
    const fresh = messages.filter((m) => !this.seen.has(messageKey(m)));
    this.seen = new Set(messages.map(messageKey));
    if (fresh.length === 0 || reducedMotion()) return;
    const first = Math.min(...fresh.map((m) => m.sentAtMs));
    const span = Math.max(1, Math.max(...fresh.map((m) => m.sentAtMs)) - first);
    for (const m of fresh) {
      const kind = kindOf(m.type);
      const busy = this.flights.some(
        (f) => f.from === m.from && f.to === m.to && f.kind === kind && now < f.start + f.duration,
      );
      if (busy) continue;
      const took = Math.max(0, m.arriveAtMs - m.sentAtMs);
      this.flights.push({
        from: m.from,
        to: m.to,
        kind,
        response: m.type.endsWith("Resp"),
        start: now + ((m.sentAtMs - first) / span) * TICK_REAL_MS,
        duration: Math.min(FLIGHT_MAX_MS, FLIGHT_MIN_MS + took * FLIGHT_PER_GAME_MS),
      });
    }
    if (this.flights.length > MAX_FLIGHTS) this.flights.splice(0, this.flights.length - MAX_FLIGHTS);
  }

  /** Each frame: every message at (now − start) / duration of its way, on the slowed clock. */
  private animate(): void {
    const g = this.dots.clear();
    if (reducedMotion()) {
      // Still: the last tick's messages where they are most of the way to their receiver.
      for (const m of this.latest)
        this.drawFlying(g, m.from, m.to, kindOf(m.type), m.type.endsWith("Resp"), 0.6);
      return;
    }
    const now = this.scene.time.now;
    this.flights = this.flights.filter((f) => now < f.start + f.duration);
    for (const f of this.flights) {
      if (now < f.start) continue;
      this.drawFlying(g, f.from, f.to, f.kind, f.response, (now - f.start) / f.duration);
    }
  }

  private drawFlying(
    g: Phaser.GameObjects.Graphics,
    from: string,
    to: string,
    kind: MessageKind,
    response: boolean,
    progress: number,
  ): void {
    const a = this.positions.get(from);
    const b = this.positions.get(to);
    if (a === undefined || b === undefined) return;
    // From the sender's edge to the receiver's, not centre to centre, so a dot never hides in a member.
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length <= MEMBER_R * 2) return;
    const ux = (b.x - a.x) / length;
    const uy = (b.y - a.y) / length;
    const along = MEMBER_R + (length - MEMBER_R * 2) * Math.min(1, Math.max(0, progress));
    drawDot(g, kind, response, a.x + ux * along, a.y + uy * along);
  }
}

function messageKey(m: RaftMessageView): string {
  return `${m.from}>${m.to}>${m.type}>${m.sentAtMs}`;
}

/** A message's mark: its type by shape as well as colour (square, circle, diamond); a response smaller. */
function drawDot(
  g: Phaser.GameObjects.Graphics,
  kind: MessageKind,
  response: boolean,
  x: number,
  y: number,
): void {
  const r = response ? 2.5 : 3.5;
  g.fillStyle(MESSAGE_STYLE[kind].color, 1);
  switch (kind) {
    case "append":
      g.fillRect(x - r, y - r, r * 2, r * 2);
      break;
    case "heartbeat":
      g.fillCircle(x, y, r);
      break;
    case "vote":
      g.fillTriangle(x, y - r * 1.4, x + r * 1.4, y, x, y + r * 1.4);
      g.fillTriangle(x, y - r * 1.4, x - r * 1.4, y, x, y + r * 1.4);
      break;
    case "other":
      g.fillTriangle(x, y - r * 1.3, x + r * 1.2, y + r, x - r * 1.2, y + r);
      break;
  }
}
