/**
 * A priority queue of timed events ordered by (time, sequence).
 *
 * The sequence number is assigned at insertion, so two events due at the same
 * simulated millisecond run in the order they were scheduled: that is what
 * makes a run reproducible, independent of how the heap happens to be shaped.
 */
export interface Scheduled<E> {
  readonly time: number;
  readonly seq: number;
  readonly event: E;
}

export class EventQueue<E> {
  private heap: Scheduled<E>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, event: E): Scheduled<E> {
    if (!Number.isInteger(time)) throw new RangeError(`event time must be an integer ms, got ${time}`);
    const item = { time, seq: this.nextSeq++, event };
    this.heap.push(item);
    this.siftUp(this.heap.length - 1);
    return item;
  }

  /** The earliest event without removing it. */
  peek(): Scheduled<E> | undefined {
    return this.heap[0];
  }

  pop(): Scheduled<E> | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Whether some pending event passes the test (in no particular order). */
  some(test: (event: E) => boolean): boolean {
    return this.heap.some((item) => test(item.event));
  }

  /** Every pending event in (time, seq) order, for snapshots and hashing. */
  ordered(): Scheduled<E>[] {
    return [...this.heap].sort(compare);
  }

  /** Rewrites the pending events; their times and order stay as they were. */
  rewrite(change: (event: E) => E): void {
    this.heap = this.heap.map((item) => ({ ...item, event: change(item.event) }));
  }

  /** Rebuilds the queue from a snapshot, keeping sequence numbers. */
  static restore<E>(items: readonly Scheduled<E>[], nextSeq: number): EventQueue<E> {
    const queue = new EventQueue<E>();
    queue.heap = [...items].sort(compare);
    queue.nextSeq = nextSeq;
    return queue;
  }

  get sequence(): number {
    return this.nextSeq;
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const item = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[parent]!, item) <= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const item = heap[i]!;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && compare(heap[right]!, heap[left]!) < 0 ? right : left;
      if (compare(heap[child]!, item) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}

function compare<E>(a: Scheduled<E>, b: Scheduled<E>): number {
  return a.time - b.time || a.seq - b.seq;
}
