import type { Command, PodPhase } from "./cluster/types.ts";

/**
 * One line of a simulation trace (`npm run sim -- --trace out.jsonl`): what
 * happened at simulated time `t` (ms). The same inputs give the same lines,
 * byte for byte.
 */
export type TraceRecord =
  | {
      readonly t: number;
      readonly kind: "command";
      readonly command: Command;
      readonly accepted: boolean;
      readonly reason?: string;
    }
  | {
      readonly t: number;
      readonly kind: "pod.created";
      readonly pod: string;
      readonly milliCPU: number;
      readonly memoryMiB: number;
    }
  | { readonly t: number; readonly kind: "pod.scheduled"; readonly pod: string; readonly node: string }
  | {
      readonly t: number;
      readonly kind: "pod.unschedulable";
      readonly pod: string;
      readonly summary: string;
      readonly retryInMs: number;
    }
  | { readonly t: number; readonly kind: "pod.phase"; readonly pod: string; readonly phase: PodPhase }
  | { readonly t: number; readonly kind: "pod.deleted"; readonly pod: string }
  | {
      readonly t: number;
      readonly kind: "node.schedulable";
      readonly node: string;
      readonly schedulable: boolean;
    };

export type TraceSink = (record: TraceRecord) => void;
