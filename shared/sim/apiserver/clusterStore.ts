/**
 * The API objects of one kind as the API server stores them, with client-go's indexers and
 * watch: every committed change stamps the next resourceVersion (one counter for the store, as
 * etcd's revision is one counter for the cluster), and each watcher is sent the change as a watch
 * event that reaches it after its own delay (the watch cache's fan-out, the network, its
 * informer's queue).
 *
 * Indexers are client-go's (`tools/cache/index.go`, `thread_safe_store.go` `updateIndices`): a
 * function from an object to its index values; `byIndex(index, value)` lists the objects filed
 * under a value in the order they were filed there. An index is derived data: it is rebuilt from
 * the objects on restore, never saved.
 *
 * The World changes objects in place and then calls `update(name)` (or `commit`) for the store to
 * file them again; an object's old index values are kept beside it, as the old object is handed to
 * `updateIndices` upstream.
 *
 * Pure: no clock, no I/O; watch events are plain data the caller delivers when their time comes.
 */

/** An indexer: the values an object is filed under (client-go's `IndexFunc`). */
export type IndexFunc<T> = (object: T) => string | null;

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

/** A change as a watcher receives it (`k8s.io/apimachinery/pkg/watch.Event`). */
export interface WatchEvent<T> {
  readonly type: WatchEventType;
  readonly object: T;
  readonly resourceVersion: number;
  /** When the event reaches the watcher (the commit time plus the watcher's delay). */
  readonly atMs: number;
}

interface Watcher<T> {
  readonly delayMs: number;
  readonly pending: WatchEvent<T>[];
}

/** What a store saves: the objects are saved by their owner; this is the rest. */
export interface SavedClusterStore<T> {
  readonly revision: number;
  readonly resourceVersions: [string, number][];
  readonly watchers: [string, { delayMs: number; pending: WatchEvent<T>[] }][];
}

export class ClusterStore<T extends { readonly name: string }, I extends string = string> {
  private readonly objects = new Map<string, T>();
  private readonly resourceVersions = new Map<string, number>();
  private revision = 0;
  private readonly indexers: Readonly<Record<I, IndexFunc<T>>>;
  private readonly indexNames: readonly I[];
  /** index → value → names filed there, in filing order. */
  private readonly indices = new Map<I, Map<string, Set<string>>>();
  /** index → name → the value the object is filed under now. */
  private readonly filedUnder = new Map<I, Map<string, string | null>>();
  private readonly watchers = new Map<string, Watcher<T>>();
  /** Copies what a watcher is sent, so a later change in place does not reach it early. */
  private readonly copy: (object: T) => T;

  constructor(indexers: Readonly<Record<I, IndexFunc<T>>>, copy: (object: T) => T = structuredClone) {
    this.indexers = indexers;
    this.copy = copy;
    this.indexNames = Object.keys(indexers) as I[];
    for (const index of this.indexNames) {
      this.indices.set(index, new Map());
      this.filedUnder.set(index, new Map());
    }
  }

  /** The store's last resourceVersion (etcd's revision for this kind). */
  get resourceVersion(): number {
    return this.revision;
  }

  get size(): number {
    return this.objects.size;
  }

  get(name: string): T | undefined {
    return this.objects.get(name);
  }

  has(name: string): boolean {
    return this.objects.has(name);
  }

  /** Every object, in the order they were created. */
  values(): IterableIterator<T> {
    return this.objects.values();
  }

  resourceVersionOf(name: string): number | undefined {
    return this.resourceVersions.get(name);
  }

  /** Creates (or replaces) an object: ADDED to every watcher. */
  create(object: T, nowMs: number): void {
    const existed = this.objects.has(object.name);
    this.objects.set(object.name, object);
    this.file(object);
    this.committed(existed ? "MODIFIED" : "ADDED", object, nowMs);
  }

  /** The object was changed in place: filed again under its new index values, MODIFIED to every watcher. */
  update(name: string, nowMs: number): void {
    const object = this.objects.get(name);
    if (object === undefined) return;
    this.file(object);
    this.committed("MODIFIED", object, nowMs);
  }

  delete(name: string, nowMs: number): T | undefined {
    const object = this.objects.get(name);
    if (object === undefined) return undefined;
    this.objects.delete(name);
    this.unfile(name);
    this.committed("DELETED", object, nowMs);
    this.resourceVersions.delete(name);
    return object;
  }

  /** The objects filed under `value` of `index`, in filing order (client-go's `ByIndex`). */
  byIndex(index: I, value: string): T[] {
    const out: T[] = [];
    const names = this.indices.get(index)?.get(value);
    if (names === undefined) return out;
    // A plain loop, no intermediate arrays: the kubelets ask for their pods on every pass.
    for (const name of names) {
      const object = this.objects.get(name);
      if (object !== undefined) out.push(object);
    }
    return out;
  }

  /** How many objects are filed under `value` of `index`. */
  countByIndex(index: I, value: string): number {
    return this.indices.get(index)?.get(value)?.size ?? 0;
  }

  /** A watcher whose events reach it `delayMs` after each commit. */
  watch(watcher: string, delayMs: number): void {
    if (!Number.isFinite(delayMs) || delayMs < 0)
      throw new RangeError(`watch delay must be ≥ 0, got ${delayMs}`);
    this.watchers.set(watcher, { delayMs, pending: [] });
  }

  stopWatching(watcher: string): void {
    this.watchers.delete(watcher);
  }

  /** The events that have reached the watcher by `nowMs`, oldest first; they are handed over once. */
  takeDue(watcher: string, nowMs: number): WatchEvent<T>[] {
    const w = this.watchers.get(watcher);
    if (w === undefined) return [];
    let due = 0;
    while (due < w.pending.length && (w.pending[due] as WatchEvent<T>).atMs <= nowMs) due++;
    return w.pending.splice(0, due);
  }

  /** When the watcher's next event arrives, or null when nothing is on its way. */
  nextDelivery(watcher: string): number | null {
    return this.watchers.get(watcher)?.pending[0]?.atMs ?? null;
  }

  save(): SavedClusterStore<T> {
    return structuredClone({
      revision: this.revision,
      resourceVersions: [...this.resourceVersions],
      watchers: [...this.watchers].map(([name, w]) => [name, { delayMs: w.delayMs, pending: w.pending }]),
    });
  }

  /**
   * A store holding `objects` (in their saved order) as `saved` left it; without `saved` (a world
   * restored from a snapshot that keeps no resourceVersions) the objects are stamped afresh.
   * Indices are rebuilt.
   */
  static restore<T extends { readonly name: string }, I extends string>(
    indexers: Readonly<Record<I, IndexFunc<T>>>,
    objects: Iterable<T>,
    saved?: SavedClusterStore<T>,
    copy?: (object: T) => T,
  ): ClusterStore<T, I> {
    const store = new ClusterStore<T, I>(indexers, copy);
    for (const object of objects) {
      store.objects.set(object.name, object);
      store.file(object);
      if (saved === undefined) store.resourceVersions.set(object.name, ++store.revision);
    }
    if (saved !== undefined) {
      const copied = structuredClone(saved);
      store.revision = copied.revision;
      for (const [name, rv] of copied.resourceVersions) store.resourceVersions.set(name, rv);
      for (const [name, w] of copied.watchers) store.watchers.set(name, w);
    }
    return store;
  }

  private committed(type: WatchEventType, object: T, nowMs: number): void {
    const resourceVersion = ++this.revision;
    this.resourceVersions.set(object.name, resourceVersion);
    if (this.watchers.size === 0) return;
    const sent = this.copy(object);
    for (const w of this.watchers.values())
      w.pending.push({ type, object: sent, resourceVersion, atMs: nowMs + w.delayMs });
    // Watchers with different delays keep their own queues, each in arrival order.
  }

  private file(object: T): void {
    for (const index of this.indexNames) {
      const value = this.indexers[index](object);
      const filed = this.filedUnder.get(index) as Map<string, string | null>;
      const before = filed.get(object.name);
      if (before === value && filed.has(object.name)) continue;
      const values = this.indices.get(index) as Map<string, Set<string>>;
      if (before !== undefined && before !== null) values.get(before)?.delete(object.name);
      filed.set(object.name, value);
      if (value === null) continue;
      let names = values.get(value);
      if (names === undefined) {
        names = new Set();
        values.set(value, names);
      }
      names.add(object.name);
    }
  }

  private unfile(name: string): void {
    for (const index of this.indexNames) {
      const filed = this.filedUnder.get(index) as Map<string, string | null>;
      const before = filed.get(name);
      filed.delete(name);
      if (before !== undefined && before !== null) this.indices.get(index)?.get(before)?.delete(name);
    }
  }
}
