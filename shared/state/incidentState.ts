import { schema, t } from "@colyseus/schema";

/**
 * The replicated state of an incident room: what every client sees. The room
 * projects the simulation into it each tick; clients only read it.
 */
export const NodeState = schema(
  {
    name: t.string(),
    zone: t.string(),
    cpuMilli: t.uint32(),
    memoryMiB: t.uint32(),
    podCapacity: t.uint16(),
    cpuRequestedMilli: t.uint32(),
    memoryRequestedMiB: t.uint32(),
    podCount: t.uint16(),
    unschedulable: t.boolean(),
  },
  "NodeState",
);
export type NodeState = InstanceType<typeof NodeState>;

export const PodState = schema(
  {
    name: t.string(),
    nodeName: t.string(),
    phase: t.string<"Pending" | "Running" | "Succeeded">(),
    cpuMilli: t.uint32(),
    memoryMiB: t.uint32(),
  },
  "PodState",
);
export type PodState = InstanceType<typeof PodState>;

export const EventState = schema(
  {
    time: t.uint32(),
    type: t.string<"Normal" | "Warning">(),
    reason: t.string(),
    object: t.string(),
    message: t.string(),
  },
  "EventState",
);
export type EventState = InstanceType<typeof EventState>;

/** One player action as the debrief shows it: who asked what, when, and what the cluster said. */
export const TimelineEntry = schema(
  {
    at: t.uint32(),
    player: t.string(),
    command: t.string(),
    node: t.string(),
    accepted: t.boolean(),
    reason: t.string(),
  },
  "TimelineEntry",
);
export type TimelineEntry = InstanceType<typeof TimelineEntry>;

export const PlayerState = schema(
  {
    name: t.string(),
    scheduler: t.boolean(),
    operator: t.boolean(),
    chaos: t.boolean(),
    connected: t.boolean(),
    spectator: t.boolean(),
  },
  "PlayerState",
);
export type PlayerState = InstanceType<typeof PlayerState>;

export const IncidentState = schema(
  {
    joinCode: t.string(),
    phase: t.string<"lobby" | "briefing" | "live" | "debrief">(),
    paused: t.boolean(),
    speed: t.uint8(),
    round: t.uint16(),
    timeLimitMs: t.uint32(),
    facilitator: t.string(),
    rolesLocked: t.boolean(),
    players: t.map(PlayerState),
    scenarioTitle: t.string(),
    briefing: t.string(),
    seed: t.uint32(),
    tick: t.uint32(),
    timeMs: t.uint32(),
    nodes: t.map(NodeState),
    pods: t.map(PodState),
    events: t.array(EventState),
    timeline: t.array(TimelineEntry),
  },
  "IncidentState",
);
export type IncidentState = InstanceType<typeof IncidentState>;

/** How many player actions of the round the debrief timeline keeps. */
export const TIMELINE_LENGTH = 40;

/** How many recent events the room replicates. */
export const REPLICATED_EVENTS = 12;
