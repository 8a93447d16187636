/**
 * The plugin registry and the default profile: which plugins run, in which order, with which
 * score weights — declared here and nowhere else (apis/config/v1/default_plugins.go).
 * Adding a plugin means one folder under plugins/ and one line below.
 */
import type { Handle, Plugin } from "./framework/interface.ts";
import { DefaultBinder } from "./plugins/DefaultBinder/DefaultBinder.ts";
import { DefaultPreemption } from "./plugins/DefaultPreemption/DefaultPreemption.ts";
import { ImageLocality } from "./plugins/ImageLocality/ImageLocality.ts";
import { InterPodAffinity } from "./plugins/InterPodAffinity/InterPodAffinity.ts";
import { NodeAffinity } from "./plugins/NodeAffinity/NodeAffinity.ts";
import { NodeName } from "./plugins/NodeName/NodeName.ts";
import { NodePorts } from "./plugins/NodePorts/NodePorts.ts";
import { NodeResourcesBalancedAllocation } from "./plugins/NodeResourcesBalancedAllocation/NodeResourcesBalancedAllocation.ts";
import { NodeResourcesFit } from "./plugins/NodeResourcesFit/NodeResourcesFit.ts";
import { NodeUnschedulable } from "./plugins/NodeUnschedulable/NodeUnschedulable.ts";
import {
  type DefaultSelectorSource,
  PodTopologySpread,
} from "./plugins/PodTopologySpread/PodTopologySpread.ts";
import { PrioritySort } from "./plugins/PrioritySort/PrioritySort.ts";
import { TaintToleration } from "./plugins/TaintToleration/TaintToleration.ts";
import type { SchedulerConfig } from "./types.ts";

export interface PluginContext {
  handle: Handle;
  config: SchedulerConfig;
  defaultSelector: DefaultSelectorSource;
}

interface Registration {
  name: string;
  create: (context: PluginContext) => Plugin;
  /** Default score weight; absent for plugins that do not score. */
  weight?: number;
}

/** The default profile, in kube-scheduler's MultiPoint order (which is also the filter order). */
export const defaultPlugins: readonly Registration[] = [
  { name: "PrioritySort", create: () => new PrioritySort() },
  { name: "NodeUnschedulable", create: () => new NodeUnschedulable() },
  { name: "NodeName", create: () => new NodeName() },
  { name: "TaintToleration", create: () => new TaintToleration(), weight: 3 },
  { name: "NodeAffinity", create: () => new NodeAffinity(), weight: 2 },
  { name: "NodePorts", create: () => new NodePorts() },
  { name: "NodeResourcesFit", create: (c) => new NodeResourcesFit(c.config.scoringStrategy), weight: 1 },
  {
    name: "PodTopologySpread",
    create: (c) => new PodTopologySpread(c.handle.snapshot, c.defaultSelector),
    weight: 2,
  },
  {
    name: "InterPodAffinity",
    create: (c) => new InterPodAffinity(c.handle.snapshot, c.config.hardPodAffinityWeight),
    weight: 2,
  },
  { name: "DefaultPreemption", create: (c) => new DefaultPreemption(c.handle) },
  { name: "NodeResourcesBalancedAllocation", create: () => new NodeResourcesBalancedAllocation(), weight: 1 },
  { name: "ImageLocality", create: (c) => new ImageLocality(c.handle.snapshot), weight: 1 },
  { name: "DefaultBinder", create: () => new DefaultBinder() },
];

/** Default score weights, derived from the registry above. */
export const defaultScoreWeights: Readonly<Record<string, number>> = Object.fromEntries(
  defaultPlugins.filter((p) => p.weight !== undefined).map((p) => [p.name, p.weight as number]),
);

/** KubeSchedulerConfiguration defaults (apis/config/v1/defaults.go). */
export function defaultSchedulerConfig(): SchedulerConfig {
  return {
    scoreWeights: { ...defaultScoreWeights },
    scoringStrategy: {
      type: "LeastAllocated",
      resources: [
        { name: "cpu", weight: 1 },
        { name: "memory", weight: 1 },
      ],
      shape: [],
    },
    // 0 = adaptive (DefaultPercentageOfNodesToScore).
    percentageOfNodesToScore: 0,
    podInitialBackoffSeconds: 1,
    podMaxBackoffSeconds: 10,
    hardPodAffinityWeight: 1,
  };
}

export function createPlugins(context: PluginContext): Plugin[] {
  return defaultPlugins.map((p) => p.create(context));
}
