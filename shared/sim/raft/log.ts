/**
 * The replicated log, as etcd-io/raft's log.go: a snapshot (everything up to its index, compacted)
 * followed by the retained entries, plus the commit and apply indexes.
 */
import type { Entry, Snapshot } from "./types.ts";

export const EMPTY_SNAPSHOT: Snapshot = {
  metadata: { index: 0, term: 0, confState: { voters: [], learners: [] } },
  data: null,
};

export class RaftLog {
  snapshot: Snapshot;
  entries: Entry[];
  committed: number;
  /** Handed out by takeCommitted(). */
  applied: number;

  constructor(snapshot: Snapshot, entries: readonly Entry[], committed: number) {
    this.snapshot = snapshot;
    this.entries = [...entries];
    const first = snapshot.metadata.index + 1;
    this.entries.forEach((e, i) => {
      if (e.index !== first + i)
        throw new Error(`raft log: entry ${e.index} out of place (expected ${first + i})`);
    });
    this.committed = Math.max(committed, snapshot.metadata.index);
    this.applied = snapshot.metadata.index;
  }

  firstIndex(): number {
    return this.snapshot.metadata.index + 1;
  }

  lastIndex(): number {
    return this.snapshot.metadata.index + this.entries.length;
  }

  /** The term of entry `i`, or undefined when it is compacted away or not there yet. */
  term(i: number): number | undefined {
    const snapshotIndex = this.snapshot.metadata.index;
    if (i === snapshotIndex) return this.snapshot.metadata.term;
    if (i < snapshotIndex || i > this.lastIndex()) return undefined;
    return this.entries[i - snapshotIndex - 1]?.term;
  }

  lastTerm(): number {
    return this.term(this.lastIndex()) ?? 0;
  }

  matchTerm(i: number, term: number): boolean {
    return this.term(i) === term;
  }

  entry(i: number): Entry | undefined {
    return this.entries[i - this.snapshot.metadata.index - 1];
  }

  /** Entries with index in [lo, hi). */
  slice(lo: number, hi: number): Entry[] {
    const offset = this.snapshot.metadata.index + 1;
    return this.entries.slice(Math.max(lo, offset) - offset, Math.max(hi, offset) - offset);
  }

  /**
   * Raft paper §5.4.1: the candidate's log is at least as up-to-date as ours if its last term is
   * later, or the same with an index at least as long.
   */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    return lastTerm > this.lastTerm() || (lastTerm === this.lastTerm() && lastIndex >= this.lastIndex());
  }

  /** The first entry of `ents` that conflicts with (or is missing from) the log, 0 if none. */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /**
   * etcd's findConflictByTerm: the largest index ≤ `index` whose term is ≤ `term`, with that term;
   * an unknown (compacted) term is reported as 0, a possible match.
   */
  findConflictByTerm(index: number, term: number): [number, number] {
    for (let i = index; i > 0; i--) {
      const ourTerm = this.term(i);
      if (ourTerm === undefined) return [i, 0];
      if (ourTerm <= term) return [i, ourTerm];
    }
    return [0, 0];
  }

  /**
   * Paper figure 2, AppendEntries receiver rules 2–4: if the entry at `index` has `logTerm`, drop
   * conflicting entries and append the new ones; returns the index of the last new entry, or
   * undefined when the previous entry does not match.
   */
  maybeAppend(index: number, logTerm: number, ents: readonly Entry[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + ents.length;
    const conflict = this.findConflict(ents);
    if (conflict !== 0) {
      if (conflict <= this.committed) {
        throw new Error(
          `raft log: entry ${conflict} conflicts with a committed entry (committed ${this.committed})`,
        );
      }
      this.append(ents.slice(conflict - (index + 1)));
    }
    return lastNew;
  }

  /** Appends `ents`, truncating whatever the log held from their first index on. */
  append(ents: readonly Entry[]): void {
    const first = ents[0];
    if (first === undefined) return;
    if (first.index <= this.committed) {
      throw new Error(`raft log: append at ${first.index} would overwrite committed ${this.committed}`);
    }
    if (first.index > this.lastIndex() + 1) {
      throw new Error(`raft log: append at ${first.index} leaves a gap after ${this.lastIndex()}`);
    }
    this.entries.length = first.index - this.firstIndex();
    this.entries.push(...ents);
  }

  /** Replaces the whole log with a snapshot received from the leader. */
  restore(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    this.entries = [];
    this.committed = snapshot.metadata.index;
    this.applied = snapshot.metadata.index;
  }

  /** Drops the entries up to the snapshot's index (log compaction, paper §7). */
  compact(snapshot: Snapshot): void {
    const index = snapshot.metadata.index;
    this.entries = this.entries.slice(index - this.snapshot.metadata.index);
    this.snapshot = snapshot;
  }
}
