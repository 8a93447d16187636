import { en } from "../i18n/areas/events.ts";

/**
 * The sentence key of an event reason's one-line "why" (`why.<Reason>` in i18n/areas/events.ts),
 * or the generic one for a reason the table does not know yet. Kept free of `t()` so the table can
 * be checked without a browser.
 */
export function whyKey(reason: string): keyof typeof en {
  const key = `why.${reason}`;
  return isWhyKey(key) ? key : "events.whyUnknown";
}

function isWhyKey(key: string): key is keyof typeof en {
  return Object.hasOwn(en, key);
}

/**
 * Reasons the game records that no Kubernetes component posts as an Event object, so real
 * `kubectl get events` would never show them: the node lifecycle controller only logs a zone's
 * state (pkg/controller/nodelifecycle/node_lifecycle_controller.go handleDisruption, klog), etcd
 * logs its own elections and membership, kubectl drain prints a failed eviction on the client side,
 * and the objective and clock notes are the game's. The feed labels them; the console leaves them out.
 */
const GAME_NOTES: ReadonlySet<string> = new Set([
  "ZoneState",
  "ObjectiveMet",
  "ClockSkew",
  "EvictionFailed",
  "EtcdLeaderElected",
  "EtcdLeaderLost",
  "EtcdMemberAdded",
  "EtcdMemberRemoved",
  "EtcdMemberPromoted",
  "EtcdSnapshotSaved",
  "EtcdRestored",
]);

export function isGameNote(reason: string): boolean {
  return GAME_NOTES.has(reason);
}
