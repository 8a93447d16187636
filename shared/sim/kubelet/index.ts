/**
 * The kubelet's timing and decision policies, pure: the World calls them from its event queue
 * with plain inputs and schedules the times they return.
 */
export * from "./crashLoopBackOff.ts";
export * from "./nodeLease.ts";
export * from "./nodePressure.ts";
export * from "./oom.ts";
export * from "./podStartup.ts";
export * from "./probes.ts";
