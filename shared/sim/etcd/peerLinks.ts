/**
 * etcd's peer transport (server/etcdserver/api/rafthttp, v3.6) as the members live with it: each
 * member's messages to a peer go over a long-lived TCP stream, which a partition does not break
 * at once and a heal does not mend at once.
 *
 * One stream per ordered pair (a → b): a writes, b reads (b dialled it: rafthttp's streamReader).
 * - In order: a stream delivers its messages in the order they were written.
 * - A cut link does not close the stream. What a writes is held by TCP; if the cut heals while the
 *   stream still stands, TCP retransmits it, in order, at its next retransmission (RTO 200 ms,
 *   doubling, from the first unacknowledged write: Linux TCP_RTO_MIN).
 * - The reader gives up on a stream it has read nothing from for ConnReadTimeout (5 s). The writer
 *   sends a link heartbeat every ConnReadTimeout / 3, so an idle stream is seen dead 3.3–5 s into a
 *   partition (measured on the reference machine: 3.4–5.0 s). What TCP held is lost with it.
 * - The writer never hears that the reader gave up (the reader's FIN is cut too): it keeps
 *   writing into the dead stream, and those messages are lost, until the reader's new stream
 *   attaches.
 * - The reader dials again at once, and every PeerDialTimeout (1 s + the election timeout: 2 s)
 *   while the SYNs are dropped; a dial whose SYN was dropped gets through at the SYN's
 *   retransmission 1 s later (Linux TCP_TIMEOUT_INIT) if the link healed by then, so a stream
 *   comes back 0–1 s after the heal (measured: every member active again 0.4–1.0 s after a heal).
 * - A member that is down (crashed) refuses connections: whatever is sent to it is lost and the
 *   sender's Raft hears MsgUnreachable at once (rafthttp's pipeline after the writer's error).
 * - A snapshot goes by the snapshot sender on its own connection: the sender's Raft hears
 *   MsgSnapStatus — finished when it arrived, failed when the connection could not be made (a cut
 *   link: after PeerDialTimeout) or broke.
 *
 * Pure: the caller says when links are cut or healed and members go down or up; the streams' states
 * follow from those times, worked out when a stream is next looked at, so nothing here needs its
 * own timer except the retransmissions it returns from `due`.
 */

/** rafthttp ConnReadTimeout (peer.go DefaultConnReadTimeout = 5 s). */
export const CONN_READ_TIMEOUT_MS = 5000;
/** rafthttp streamWriter: a link heartbeat every ConnReadTimeout / 3 (stream.go). */
export const LINK_HEARTBEAT_MS = Math.round(CONN_READ_TIMEOUT_MS / 3);
/** Linux TCP_RTO_MIN (include/net/tcp.h): the first retransmission of unacknowledged data. */
export const TCP_RTO_MIN_MS = 200;
/** Linux TCP_TIMEOUT_INIT (include/net/tcp.h): a dropped SYN is sent again after 1 s. */
export const TCP_SYN_RETRY_MS = 1000;

/** etcd server/config ServerConfig.PeerDialTimeout(): 1 s + the election timeout. */
export function peerDialTimeoutMs(electionTimeoutMs: number): number {
  return 1000 + electionTimeoutMs;
}

/** A message the caller carries, seen by the links only through these fields. */
export interface LinkMessage {
  readonly from: number;
  readonly to: number;
  /** A Raft message type: "MsgSnap" goes by the snapshot sender. */
  readonly type: string;
}

const isSnapshot = (m: LinkMessage) => m.type === "MsgSnap";

interface Held<M> {
  readonly message: M;
  readonly sentAt: number;
  /** On the wire when the link was cut: it goes before what was written during the cut. */
  readonly requeued: boolean;
}

/** The stream a → b. */
interface Stream<M> {
  /** Since when the stream stands (null: down). */
  upSince: number | null;
  /** When the link was cut under a standing stream (null: not cut, or seen dead). */
  cutSince: number | null;
  /** When the reader last read something (a message or a link heartbeat it knows of). */
  lastReadAt: number;
  /** When the reader saw the stream dead (its redials run on a 2 s grid from then). */
  deadSince: number | null;
  /** When the reader's new stream attaches (known once the link healed). */
  reconnectAt: number | null;
  /** Written while the link was cut under the standing stream: TCP holds it. */
  held: Held<M>[];
  /** When TCP retransmits what it holds, once the link healed. */
  releaseAt: number | null;
}

/** What the links decide for a message written at `now`. */
export type SendOutcome =
  /** On the wire now. */
  | { readonly kind: "wire" }
  /** Held by TCP under a cut; it comes out of `due()` when retransmitted, or is lost. */
  | { readonly kind: "held" }
  /** Lost: written into a dead stream, or to a member that is down. */
  | { readonly kind: "lost"; readonly report: "unreachable" | null }
  /** A snapshot that cannot be sent: the sender hears it failed at `at`. */
  | { readonly kind: "snapshotFailed"; readonly at: number };

export class PeerLinks<M extends LinkMessage> {
  private readonly streams = new Map<string, Stream<M>>();
  private readonly down = new Set<number>();
  private readonly dialTimeoutMs: number;

  constructor(options: { readonly electionTimeoutMs: number }) {
    this.dialTimeoutMs = peerDialTimeoutMs(options.electionTimeoutMs);
  }

  /**
   * The cuts changed at `now` (`isCut(a, b)` says which links are cut now): call it at that moment,
   * whenever a partition begins or ends, so the streams date it right.
   */
  update(now: number, members: readonly number[], isCut: (from: number, to: number) => boolean): void {
    for (const from of members) {
      for (const to of members) {
        if (from === to || this.down.has(from) || this.down.has(to)) continue;
        const s = this.stream(from, to, now);
        const cut = isCut(from, to);
        if (s.upSince !== null) {
          if (cut && s.cutSince === null) s.cutSince = now;
          else if (!cut && s.cutSince !== null) {
            // Healed under a standing stream: TCP retransmits what it held.
            s.cutSince = null;
            if (s.held.length > 0) s.releaseAt = retransmissionAt(s.held[0]?.sentAt ?? now, now);
          }
        } else if (s.deadSince !== null) {
          if (!cut && s.reconnectAt === null) s.reconnectAt = this.redialAt(s.deadSince, now);
          else if (cut) s.reconnectAt = null;
        }
        this.settle(s, now);
      }
    }
  }

  /**
   * Member `id` stops: its streams close at once (its kernel resets them), and what TCP held for
   * them is lost (held messages are never snapshots, which have their own connection).
   */
  memberDown(id: number, now: number): void {
    this.down.add(id);
    for (const [key, s] of this.streams) {
      const [from, to] = key.split(">").map(Number);
      if (from === id || to === id) Object.assign(s, closed(now));
    }
  }

  /**
   * Member `id` runs again: its readers and its peers' dial it (call `update` next, which opens the
   * streams whose links are not cut).
   */
  memberUp(id: number, now: number): void {
    this.down.delete(id);
    for (const [key, s] of this.streams) {
      const [from, to] = key.split(">").map(Number);
      if (from === id || to === id) Object.assign(s, closed(now));
    }
  }

  /** A message written at `now` (after `update(now, …)`). */
  send(message: M, now: number): SendOutcome {
    if (this.down.has(message.to)) {
      return isSnapshot(message)
        ? { kind: "snapshotFailed", at: now }
        : { kind: "lost", report: "unreachable" };
    }
    const s = this.stream(message.from, message.to, now);
    if (isSnapshot(message)) {
      // The snapshot sender's own connection: it dials; a cut link fails it after the dial timeout.
      const linkCut = s.cutSince !== null || (s.upSince === null && s.reconnectAt === null);
      return linkCut ? { kind: "snapshotFailed", at: now + this.dialTimeoutMs } : { kind: "wire" };
    }
    if (s.upSince === null) return { kind: "lost", report: null };
    if (s.cutSince !== null || s.held.length > 0) {
      // Behind what TCP already holds, in order.
      s.held.push({ message, sentAt: now, requeued: false });
      return { kind: "held" };
    }
    return { kind: "wire" };
  }

  /**
   * A message that was on the wire (sent at about `sentAt`) when its link was cut: TCP holds it, if
   * the stream stands; false when it is simply lost.
   */
  requeue(message: M, sentAt: number, now: number): boolean {
    const s = this.stream(message.from, message.to, now);
    if (s.upSince === null || this.down.has(message.to) || isSnapshot(message)) return false;
    const at = s.held.findIndex((h) => !h.requeued);
    s.held.splice(at < 0 ? s.held.length : at, 0, { message, sentAt, requeued: true });
    if (s.cutSince === null) s.releaseAt = retransmissionAt(s.held[0]?.sentAt ?? now, now);
    return true;
  }

  /** The reader read something at `at` on a → b. */
  delivered(from: number, to: number, at: number): void {
    const s = this.streams.get(key(from, to));
    if (s && s.upSince !== null && s.cutSince === null) s.lastReadAt = Math.max(s.lastReadAt, at);
  }

  /** Messages TCP retransmits by `now`, in order, with the time they go back on the wire. */
  due(now: number): { message: M; at: number }[] {
    const out: { message: M; at: number }[] = [];
    for (const s of this.streams.values()) {
      this.settle(s, now);
      if (s.releaseAt === null || s.releaseAt > now || s.upSince === null || s.cutSince !== null) continue;
      const at = s.releaseAt;
      for (const h of s.held) out.push({ message: h.message, at });
      s.held = [];
      s.releaseAt = null;
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** When TCP next retransmits something on its own. */
  nextEventAt(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const s of this.streams.values()) {
      if (s.releaseAt !== null && s.upSince !== null && s.cutSince === null)
        next = Math.min(next, s.releaseAt);
    }
    return next;
  }

  /**
   * rafthttp peerStatus.activeSince, as member `a` sees peer `b`: since when both streams between
   * them stand (null: not active).
   */
  activeSince(a: number, b: number, now: number): number | null {
    const out = this.stream(a, b, now).upSince;
    const back = this.stream(b, a, now).upSince;
    return out === null || back === null ? null : Math.max(out, back);
  }

  /**
   * Moves a stream through what happened by `now` on its own: its death under a cut (what TCP held
   * goes with it), its return.
   */
  private settle(s: Stream<M>, now: number): void {
    if (s.upSince !== null && s.cutSince !== null) {
      const dead = this.deadAt(s);
      if (dead <= now) Object.assign(s, closed(dead));
    }
    if (s.upSince === null && s.reconnectAt !== null && s.reconnectAt <= now) {
      Object.assign(s, open(s.reconnectAt));
    }
  }

  /** The reader's read deadline: ConnReadTimeout after the last thing it read before the cut. */
  private deadAt(s: Stream<M>): number {
    const since = s.upSince ?? 0;
    const cut = s.cutSince ?? 0;
    // The writer's link heartbeats run on their ticker from the stream's start.
    const lastHeartbeat = since + Math.floor((cut - since) / LINK_HEARTBEAT_MS) * LINK_HEARTBEAT_MS;
    return Math.max(lastHeartbeat, Math.min(s.lastReadAt, cut)) + CONN_READ_TIMEOUT_MS;
  }

  /**
   * When the reader's stream is back after the link healed at `healedAt`: it dials at its death and
   * every dial timeout after; a dial in progress gets through at its SYN's retransmission if that
   * comes after the heal, else the next dial gets through at once.
   */
  private redialAt(deadSince: number, healedAt: number): number {
    if (healedAt <= deadSince) return deadSince;
    const attempt = deadSince + Math.floor((healedAt - deadSince) / this.dialTimeoutMs) * this.dialTimeoutMs;
    if (healedAt === attempt) return attempt;
    const synRetry = attempt + TCP_SYN_RETRY_MS;
    return healedAt <= synRetry ? synRetry : attempt + this.dialTimeoutMs;
  }

  /** The stream a → b as it stands at `now`. */
  private stream(from: number, to: number, now: number): Stream<M> {
    const k = key(from, to);
    let s = this.streams.get(k);
    if (!s) {
      s = this.down.has(from) || this.down.has(to) ? closed<M>(now) : open<M>(now);
      this.streams.set(k, s);
    }
    this.settle(s, now);
    return s;
  }
}

function key(from: number, to: number): string {
  return `${from}>${to}`;
}

function open<M>(now: number): Stream<M> {
  return {
    upSince: now,
    cutSince: null,
    lastReadAt: now,
    deadSince: null,
    reconnectAt: null,
    held: [],
    releaseAt: null,
  };
}

function closed<M>(now: number): Stream<M> {
  return {
    upSince: null,
    cutSince: null,
    lastReadAt: now,
    deadSince: now,
    reconnectAt: null,
    held: [],
    releaseAt: null,
  };
}

/** TCP's first retransmission at or after `now` of data first sent at `sentAt` (RTO doubling from 200 ms). */
function retransmissionAt(sentAt: number, now: number): number {
  let rto = TCP_RTO_MIN_MS;
  let at = sentAt + rto;
  while (at < now) {
    rto *= 2;
    at += rto;
  }
  return at;
}
