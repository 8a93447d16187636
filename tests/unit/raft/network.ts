/**
 * A tiny synchronous router for Raft unit tests, in the spirit of etcd-io/raft's test `network`:
 * messages are delivered in order until none are left, except those dropped by a cut link, an
 * isolated member, an ignored message type, or a "black hole" member that never answers.
 */

import { RaftNode } from "../../../shared/sim/raft/raft.ts";
import {
  type Entry,
  type Message,
  type MessageType,
  message,
  type PersistentState,
  type RaftConfig,
} from "../../../shared/sim/raft/types.ts";
import { createRandom } from "../../../shared/sim/random.ts";

export { message };

/** etcd's newTestRaft: electionTick and heartbeatTick as given, no pre-vote or check-quorum. */
export function newTestRaft(
  id: number,
  peers: readonly number[],
  options: Partial<Omit<RaftConfig, "id" | "peers" | "random">> & { seed?: number } = {},
): RaftNode {
  return new RaftNode({
    id,
    peers,
    electionTick: options.electionTick ?? 10,
    heartbeatTick: options.heartbeatTick ?? 1,
    preVote: options.preVote ?? false,
    checkQuorum: options.checkQuorum ?? false,
    random: createRandom(options.seed ?? 1, `raft-${id}`),
    ...(options.storage ? { storage: options.storage } : {}),
    ...(options.learners ? { learners: options.learners } : {}),
    ...(options.readOnlyOption ? { readOnlyOption: options.readOnlyOption } : {}),
  });
}

/** A persisted state holding `entries` (written as [term, index] pairs) and a hard state. */
export function storageWith(
  entries: readonly (readonly [number, number])[],
  hard: { term?: number; vote?: number; commit?: number } = {},
): PersistentState {
  return {
    hardState: { term: hard.term ?? 0, vote: hard.vote ?? 0, commit: hard.commit ?? 0 },
    snapshot: { metadata: { index: 0, term: 0, confState: { voters: [], learners: [] } }, data: null },
    entries: entries.map(([term, index]) => ({ index, term, type: "EntryNormal" as const, data: null })),
  };
}

/** Entries as [term, index] pairs, to compare logs briefly. */
export function termsOf(entries: readonly Entry[]): [number, number][] {
  return entries.map((e) => [e.term, e.index]);
}

/** A member of the test network: a RaftNode, or a black hole that swallows everything. */
export type TestPeer = RaftNode | "blackhole";

export class TestNetwork {
  readonly peers = new Map<number, TestPeer>();
  private readonly cut = new Set<string>();
  private readonly ignored = new Set<MessageType>();
  /** Every message delivered (or dropped), for assertions on traffic. */
  readonly trace: Message[] = [];
  /** etcd's msgHook: a message it returns false for is dropped (after the first ones given). */
  msgHook: ((m: Message) => boolean) | null = null;

  /** Members 1..n: a RaftNode given, "blackhole", or undefined for a fresh node over all ids. */
  constructor(
    members: readonly (TestPeer | undefined)[],
    options: Partial<Omit<RaftConfig, "id" | "peers" | "random">> = {},
  ) {
    const ids = members.map((_, i) => i + 1);
    members.forEach((m, i) => {
      const id = i + 1;
      this.peers.set(id, m ?? newTestRaft(id, ids, options));
    });
  }

  node(id: number): RaftNode {
    const p = this.peers.get(id);
    if (!p || p === "blackhole") throw new Error(`no raft node ${id}`);
    return p;
  }

  /**
   * Delivers the messages, and every message they cause, until the network is quiet. As in etcd's
   * test network, the messages given are delivered as they are; the faults apply to what follows.
   */
  send(...msgs: Message[]): void {
    this.deliver(msgs, false);
  }

  /** Sends what member `id` has queued, through the faults. */
  flush(id: number): void {
    this.deliver(this.node(id).readMessages(), true);
  }

  private deliver(msgs: Message[], filterFirst: boolean): void {
    const queue = [...msgs];
    let delivered = 0;
    const firstCount = queue.length;
    for (let m = queue.shift(); m; m = queue.shift()) {
      if (++delivered > 100_000) throw new Error("test network: messages never stop");
      this.trace.push(m);
      if ((filterFirst || delivered > firstCount) && this.dropped(m)) continue;
      const p = this.peers.get(m.to);
      if (!p || p === "blackhole") continue;
      p.step(m);
      queue.push(...p.readMessages());
    }
  }

  /** A local message (MsgHup, MsgProp, MsgBeat …) stepped into member `id`. */
  stepLocal(id: number, fields: Partial<Message> & Pick<Message, "type">): void {
    this.send(message({ from: id, to: id, ...fields }));
  }

  /** Ticks member `id` `n` times and delivers what it sends. */
  tick(id: number, n = 1): void {
    const p = this.node(id);
    for (let i = 0; i < n; i++) {
      p.tick();
      this.flush(id);
    }
  }

  propose(id: number, data: unknown): void {
    this.node(id).propose(data);
    this.flush(id);
  }

  cutLink(a: number, b: number): void {
    this.cut.add(`${a}-${b}`);
    this.cut.add(`${b}-${a}`);
  }

  isolate(id: number): void {
    for (const other of this.peers.keys()) if (other !== id) this.cutLink(id, other);
  }

  ignore(type: MessageType): void {
    this.ignored.add(type);
  }

  recover(): void {
    this.cut.clear();
    this.ignored.clear();
  }

  private dropped(m: Message): boolean {
    return this.cut.has(`${m.from}-${m.to}`) || this.ignored.has(m.type) || this.msgHook?.(m) === false;
  }
}

/** etcd's acceptAndReply: a follower's positive answer to a MsgApp. */
export function acceptAndReply(m: Message): Message {
  return message({
    type: "MsgAppResp",
    from: m.to,
    to: m.from,
    term: m.term,
    index: m.index + m.entries.length,
  });
}

/** etcd's commitNoopEntry: all followers acknowledge the new leader's empty entry. */
export function commitNoopEntry(r: RaftNode): void {
  if (r.state !== "leader") throw new Error("commitNoopEntry: not a leader");
  r.step(message({ type: "MsgBeat", from: r.id, to: r.id }));
  r.readMessages();
  for (const id of r.confState.voters) {
    if (id === r.id) continue;
    r.step(acceptAndReply(message({ type: "MsgApp", from: r.id, to: id, term: r.term, index: r.lastIndex })));
  }
  r.readMessages();
  r.takeCommitted();
}

export function sortByTo(msgs: readonly Message[]): Message[] {
  return [...msgs].sort((a, b) => a.to - b.to);
}
