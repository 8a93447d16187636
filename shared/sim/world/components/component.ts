/**
 * One control loop of the cluster as its own actor, the way kube-controller-manager runs its
 * controllers and the kubelet its managers: its own file, its own state, and `save()` of that state
 * as plain data for the World's snapshot (restored by its constructor). A component reads the API
 * objects only through the listers it is handed (client-go's informer caches) and is driven by the
 * World's clock and queue.
 *
 * The World is moving its loops out one at a time (issue 19); a component imports no other one.
 */
export interface Component<Saved> {
  /** The controller's name as kube-controller-manager's `--controllers` flag spells it. */
  readonly name: string;
  save(): Saved;
}

/** An informer's cache of one kind: what a component may read (client-go's Lister). */
export interface Lister<T> {
  get(name: string): T | undefined;
  has(name: string): boolean;
  values(): Iterable<T>;
}
