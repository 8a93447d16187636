/** The cluster objects of the walking skeleton, named as Kubernetes names them. */

export interface ResourceList {
  /** CPU in millicores (`500m` = 500). */
  readonly milliCPU: number;
  /** Memory in MiB. */
  readonly memoryMiB: number;
}

export interface Node {
  readonly name: string;
  readonly zone: string;
  readonly allocatable: ResourceList & { readonly pods: number };
  /** `spec.unschedulable`: set by `kubectl cordon`, cleared by `kubectl uncordon`. */
  unschedulable: boolean;
}

/** `status.phase` of a pod. A bound pod whose containers are starting is still Pending. */
export type PodPhase = "Pending" | "Running" | "Succeeded";

export interface Pod {
  readonly name: string;
  readonly requests: ResourceList;
  phase: PodPhase;
  /** `spec.nodeName`: empty until the pod is bound. */
  nodeName: string | null;
  readonly createdAt: number;
  /** Failed scheduling attempts so far, for the back-off. */
  schedulingAttempts: number;
}

/** A line of `kubectl get events`, with the one-line "why" the game shows. */
export interface ClusterEvent {
  readonly time: number;
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly object: string;
  readonly message: string;
}

export type Command =
  | { readonly type: "cordon"; readonly node: string }
  | { readonly type: "uncordon"; readonly node: string };

export type CommandResult =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly reason: string };

/** One entry of a round's command log: what a player asked, and when it took effect. */
export interface LoggedCommand {
  /** Simulated ms at which the command was applied: what a replay needs, whatever the game speed was. */
  readonly at: number;
  /** The room's tick, for people reading the log. */
  readonly tick: number;
  readonly player: string;
  readonly command: Command;
}
