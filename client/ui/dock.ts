import type { ClusterView } from "../net/connection.ts";

/**
 * A panel that lives in the incident screen's dock (incidentLayout.dock): the scheduler's pending
 * queue, the chaos agent's deck. The dock shows one at a time, with a tab for each when a player
 * holds several roles.
 */
export interface DockPanel {
  /** The tab's label. */
  readonly title: string;
  setVisible(visible: boolean): void;
  update(view: ClusterView): void;
  destroy(): void;
}
