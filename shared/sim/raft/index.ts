export { RaftNode } from "./raft.ts";
export * from "./types.ts";
