import type { ClusterView } from "../net/connection.ts";

/**
 * Where a room's briefing shows: the briefing card for those who play the round (a solo player, a
 * workshop's players); the lobby for a workshop's facilitator, who starts the round from there,
 * and for spectators, who wait for the projector.
 */
export function briefingScene(view: ClusterView): "Lobby" | "Briefing" {
  const spectator = view.players.find((p) => p.id === view.me)?.spectator ?? false;
  return spectator || (view.facilitator === view.me && !view.solo) ? "Lobby" : "Briefing";
}
