export type {
  Fault,
  FaultKind,
  HealScope,
  OomBombTarget,
  RolloutFailure,
  Taint,
  TaintEffect,
} from "./faults.ts";
export { faultKinds, faultSchema, machinesNamedBy, taintSchema, timedFaultKinds } from "./faults.ts";
export { formatPath, loadScenario, ScenarioFileError } from "./loader.ts";
export { demandAt } from "./traffic.ts";
export type * from "./types.ts";
export { objectiveKinds } from "./types.ts";
export {
  formatDuration,
  type Parsed,
  parseBytes,
  parseDuration,
  parseMilliCPU,
  parseMultiplier,
  parsePercent,
} from "./units.ts";
