export { EventQueue } from "./engine/eventQueue.ts";
export { stableHash } from "./engine/hash.ts";
export { createRandom, fnv1a, type Random, restoreRandom } from "./random.ts";
