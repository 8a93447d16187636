/**
 * The Framework: runs a profile's plugins at each extension point in order
 * (framework/runtime/framework.go), including the score pipeline
 * raw score → NormalizeScore → range check [0, 100] → × weight → sum.
 */
import type { Random } from "../../random.ts";
import type { NodeInfo } from "../nodeInfo.ts";
import { maxNodeScore, minNodeScore } from "../plugins/helper.ts";
import type { PodInfo } from "../podInfo.ts";
import type { ClusterSnapshot } from "../snapshot.ts";
import type { DisruptionBudget } from "../types.ts";
import {
  type BindPlugin,
  CycleState,
  type FilterPlugin,
  type Handle,
  isPreFilterExtensions,
  type Plugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
} from "./interface.ts";
import {
  isRejected,
  type NodeToStatus,
  type Status,
  unresolvable,
  unschedulable,
  withPlugin,
} from "./status.ts";

/** A score plugin returned a score outside [0, 100] after normalizing: a scheduling error. */
export class SchedulingError extends Error {
  constructor(text: string) {
    super(text);
    this.name = "SchedulingError";
  }
}

export interface PluginScores {
  plugin: string;
  weight: number;
  /** Score() per node, parallel to the scored nodes. */
  raw: number[];
  /** After NormalizeScore (before the weight). */
  normalized: number[];
}

export interface ScoreOutcome {
  plugins: PluginScores[];
  /** Σ normalized × weight per node. */
  totals: number[];
}

export interface PreFilterRun {
  status: Status | null;
  /** Narrowed node set from PreFilterResults, undefined = all nodes. */
  nodeNames?: ReadonlySet<string>;
  /** Plugins whose PreFilterResult narrowed the nodes. */
  pluginsWithNodes: string[];
}

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

export interface Profile {
  queueSort: QueueSortPlugin;
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  postFilter: PostFilterPlugin[];
  preScore: PreScorePlugin[];
  score: WeightedScorePlugin[];
  reserve: ReservePlugin[];
  bind: BindPlugin[];
  percentageOfNodesToScore: number;
}

export type NominatedPods = (nodeName: string) => readonly PodInfo[];

export class Framework implements Handle {
  readonly snapshot: ClusterSnapshot;
  /** The scheduler's PRNG stream; Scheduler.explain() swaps in a copy for a dry run. */
  random: Random;
  profile: Profile;
  private readonly nominated: NominatedPods;
  private readonly budgets: () => readonly DisruptionBudget[];
  private preFilterExtensions: { name: string; ext: PreFilterExtensions }[] = [];

  constructor(
    snapshot: ClusterSnapshot,
    random: Random,
    nominated: NominatedPods,
    budgets: () => readonly DisruptionBudget[] = () => [],
  ) {
    this.snapshot = snapshot;
    this.random = random;
    this.nominated = nominated;
    this.budgets = budgets;
    this.profile = {
      queueSort: { name: "", less: () => false },
      preFilter: [],
      filter: [],
      postFilter: [],
      preScore: [],
      score: [],
      reserve: [],
      bind: [],
      percentageOfNodesToScore: 0,
    };
  }

  /** Installs the plugins, each at every extension point it implements (MultiPoint). */
  setPlugins(
    plugins: readonly Plugin[],
    weights: Readonly<Record<string, number>>,
    percentage: number,
  ): void {
    const p: Profile = {
      queueSort: this.profile.queueSort,
      preFilter: [],
      filter: [],
      postFilter: [],
      preScore: [],
      score: [],
      reserve: [],
      bind: [],
      percentageOfNodesToScore: percentage,
    };
    for (const plugin of plugins) {
      if ("less" in plugin) p.queueSort = plugin as QueueSortPlugin;
      if ("preFilter" in plugin) p.preFilter.push(plugin as PreFilterPlugin);
      if ("filter" in plugin) p.filter.push(plugin as FilterPlugin);
      if ("postFilter" in plugin) p.postFilter.push(plugin as PostFilterPlugin);
      if ("reserve" in plugin) p.reserve.push(plugin as ReservePlugin);
      if ("bind" in plugin) p.bind.push(plugin as BindPlugin);
      if ("score" in plugin) {
        const configured = weights[plugin.name];
        // A score plugin left out of the weights is disabled for scoring.
        if (configured === undefined) continue;
        // framework.go: "a weight of zero is not permitted" — it becomes 1.
        const weight = configured === 0 ? 1 : configured;
        if ("preScore" in plugin) p.preScore.push(plugin as PreScorePlugin);
        p.score.push({ plugin: plugin as ScorePlugin, weight });
      }
    }
    this.profile = p;
    this.preFilterExtensions = p.preFilter
      .filter((pl) => isPreFilterExtensions(pl))
      .map((pl) => ({ name: pl.name, ext: pl as unknown as PreFilterExtensions }));
  }

  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterRun {
    let nodeNames: Set<string> | undefined;
    const pluginsWithNodes: string[] = [];
    let returnStatus: Status | null = null;
    for (const pl of this.profile.preFilter) {
      const outcome = pl.preFilter(state, pod, nodes);
      const s = outcome.status;
      if (s !== null && s.code === "Skip") {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (s !== null && s.code !== "Success") {
        const tagged = withPlugin(s, pl.name);
        // Unresolvable: preemption cannot help, so the remaining PreFilters need not run.
        if (s.code === "UnschedulableAndUnresolvable") return { status: tagged, pluginsWithNodes };
        if (s.code === "Unschedulable") {
          returnStatus = tagged;
          continue;
        }
        throw new SchedulingError(`running PreFilter plugin "${pl.name}": ${s.reasons.join(", ")}`);
      }
      if (outcome.nodeNames !== undefined) {
        pluginsWithNodes.push(pl.name);
        const names = outcome.nodeNames;
        nodeNames =
          nodeNames === undefined ? new Set(names) : new Set([...nodeNames].filter((n) => names.has(n)));
        if (nodeNames.size === 0) {
          const text =
            pluginsWithNodes.length === 1
              ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}`
              : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(" ")}] simultaneously`;
          return { status: unresolvable(text), nodeNames, pluginsWithNodes };
        }
      }
    }
    return nodeNames === undefined
      ? { status: returnStatus, pluginsWithNodes }
      : { status: returnStatus, nodeNames, pluginsWithNodes };
  }

  /** RunFilterPlugins: the first rejection wins and names its plugin. */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    let filters = state.filters;
    if (filters === null) {
      const skip = state.skipFilterPlugins;
      filters = this.profile.filter.filter((pl) => !skip.has(pl.name));
      state.filters = filters;
    }
    for (let i = 0; i < filters.length; i++) {
      const pl = filters[i] as FilterPlugin;
      const s = pl.filter(state, pod, nodeInfo);
      if (s !== null && s.code !== "Success") {
        if (!isRejected(s))
          throw new SchedulingError(`running "${pl.name}" filter plugin: ${s.reasons.join(", ")}`);
        return withPlugin(s, pl.name);
      }
    }
    return null;
  }

  /**
   * RunFilterPluginsWithNominatedPods: first with the pods nominated to this node that are at
   * least as important as this pod counted in, then (if that passed) without them, so that
   * the node fits in both cases.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const nominated = this.nominated(nodeInfo.name);
    if (nominated.length > 0) {
      let stateOut: CycleState | null = null;
      let nodeOut: NodeInfo | null = null;
      for (const other of nominated) {
        if (other.priority >= pod.priority && other.key !== pod.key) {
          if (stateOut === null || nodeOut === null) {
            stateOut = state.clone();
            nodeOut = nodeInfo.clone();
          }
          nodeOut.addPod(other);
          this.runPreFilterExtensionAddPod(stateOut, pod, other, nodeOut);
        }
      }
      if (stateOut !== null && nodeOut !== null) {
        const s = this.runFilterPlugins(stateOut, pod, nodeOut);
        if (s !== null) return s;
      }
    }
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): void {
    for (const { name, ext } of this.preFilterExtensions) {
      if (state.skipFilterPlugins.has(name)) continue;
      ext.addPod(state, pod, podToAdd, nodeInfo);
    }
  }

  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: PodInfo,
    podToRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): void {
    for (const { name, ext } of this.preFilterExtensions) {
      if (state.skipFilterPlugins.has(name)) continue;
      ext.removePod(state, pod, podToRemove, nodeInfo);
    }
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.nominated(nodeName);
  }

  podDisruptionBudgets(): readonly DisruptionBudget[] {
    return this.budgets();
  }

  /** RunPostFilterPlugins: the first success wins; otherwise the reasons are collected. */
  runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    nodeToStatus: NodeToStatus,
  ): { result: PostFilterResult | null; status: Status } {
    const reasons: string[] = [];
    let result: PostFilterResult | null = null;
    let rejector = "";
    for (const pl of this.profile.postFilter) {
      const r = pl.postFilter(state, pod, nodeToStatus);
      if (r.status.code === "Success") return r;
      if (r.status.code === "UnschedulableAndUnresolvable")
        return { result: r.result, status: withPlugin(r.status, pl.name) };
      if (!isRejected(r.status)) throw new SchedulingError(r.status.reasons.join(", "));
      if (r.result !== null) result = r.result;
      reasons.push(...r.status.reasons);
      if (rejector === "") rejector = pl.name;
    }
    return { result, status: withPlugin(unschedulable(...reasons), rejector) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): void {
    for (const pl of this.profile.preScore) {
      const s = pl.preScore(state, pod, nodes);
      if (s === null || s.code === "Success") continue;
      if (s.code === "Skip") {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      throw new SchedulingError(`running PreScore plugin "${pl.name}": ${s.reasons.join(", ")}`);
    }
  }

  /** RunScorePlugins: score, normalize, check the range, apply the weight, sum. */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): ScoreOutcome {
    const plugins: PluginScores[] = [];
    const totals = new Array<number>(nodes.length).fill(0);
    for (const { plugin, weight } of this.profile.score) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const raw = new Array<number>(nodes.length).fill(0);
      if (plugin.scoreAll !== undefined) plugin.scoreAll(state, pod, nodes, raw);
      else for (let i = 0; i < nodes.length; i++) raw[i] = plugin.score(state, pod, nodes[i] as NodeInfo);
      let normalized = raw;
      if (plugin.normalizeScore !== undefined) {
        normalized = raw.slice();
        plugin.normalizeScore(state, pod, nodes, normalized);
      }
      for (let i = 0; i < nodes.length; i++) {
        const s = normalized[i] as number;
        if (s > maxNodeScore || s < minNodeScore) {
          throw new SchedulingError(
            `plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [${minNodeScore}, ${maxNodeScore}] after normalizing`,
          );
        }
        totals[i] = (totals[i] as number) + s * weight;
      }
      plugins.push({ plugin: plugin.name, weight, raw, normalized });
    }
    return { plugins, totals };
  }

  runReservePlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const pl of this.profile.reserve) {
      const s = pl.reserve(state, pod, nodeName);
      if (s !== null && s.code !== "Success") return withPlugin(s, pl.name);
    }
    return null;
  }

  runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const pl of this.profile.bind) {
      const s = pl.bind(state, pod, nodeName);
      if (s === null || s.code === "Success") return null;
      if (s.code !== "Skip") return withPlugin(s, pl.name);
    }
    return null;
  }

  newCycleState(): CycleState {
    return new CycleState();
  }
}
