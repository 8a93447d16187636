import type { Room } from "@colyseus/sdk";
import type { IncidentState } from "../../shared/state/incidentState.ts";

/** A bot player of bench:rooms and bench:cluster: its room, its role, the bytes it received. */
export interface Bot {
  room: Room<unknown, IncidentState>;
  role: "operator" | "scheduler" | "chaos";
  bytes: number;
}

/** The roles of a workshop's six seats: the host operates, then as in a workshop of six. */
export const ROLES_BY_SEAT = ["operator", "scheduler", "chaos", "operator", "scheduler", "operator"] as const;

/**
 * Players act as players do, each by their role, about once every seven seconds: operators
 * cordon, uncordon and scale; schedulers ask kube-scheduler's scores for a pending pod; chaos
 * agents play a card (refused while it cools down or energy is short, as in a real round).
 * Returns the interval to clear when the run ends.
 */
export function actLikePlayers(bots: readonly Bot[]): ReturnType<typeof setInterval> {
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];
  return setInterval(() => {
    for (const bot of bots) {
      if (Math.random() >= 0.15) continue;
      const state = bot.room.state;
      const node = pick([...(state.nodes?.keys() ?? [])]);
      if (bot.role === "operator" && node !== undefined) {
        if (Math.random() < 0.2) {
          const replicas = 8 + Math.floor(Math.random() * 40);
          bot.room.send("command", { type: "scale", deployment: "storefront", replicas });
        } else bot.room.send(Math.random() < 0.5 ? "cordon" : "uncordon", { node });
      } else if (bot.role === "scheduler") {
        const pod = pick([...(state.pods?.values() ?? [])].filter((p) => p.nodeName === ""));
        if (pod !== undefined) bot.room.send("command", { type: "previewScores", pod: pod.name });
      } else if (bot.role === "chaos") {
        const fault = { kind: "slowDisk", member: "etcd-2", fsyncLatencyMs: 20 };
        bot.room.send("command", { type: "injectFault", card: "slow-disk", fault, durationMs: 30_000 });
      }
    }
  }, 1000);
}
