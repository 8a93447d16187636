export { parseScenario, type Scenario, ScenarioError } from "./cluster/scenario.ts";
export { replay, Simulation } from "./cluster/simulation.ts";
export type * from "./cluster/types.ts";
export { EventQueue } from "./engine/eventQueue.ts";
export { stableHash } from "./engine/hash.ts";
export { createRandom, fnv1a, type Random, restoreRandom } from "./random.ts";
