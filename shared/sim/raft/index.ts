/**
 * etcd's consensus core: Raft as a pure state machine, shaped like etcd-io/raft.
 *
 * Driving a member (what the simulated network and the etcd member do):
 *
 *   const node = new RaftNode({ id: 1, peers: [1, 2, 3], electionTick: 10, heartbeatTick: 1,
 *     preVote: true, checkQuorum: true, random: createRandom(seed, "raft-1") });
 *   node.tick();                        // every heartbeat interval of simulated time
 *   node.step(message);                 // a message delivered by the network
 *   node.propose(data);                 // false when dropped (no leader, leadership transfer)
 *   node.readMessages();                // messages to send; persistentState() is already durable
 *   node.takeSnapshot();                // a snapshot to restore first, if any (from the leader,
 *                                       // or the member's own after a restart)
 *   node.takeCommitted();               // then the newly committed entries, in order, to apply
 *   node.takeReadStates();              // ReadIndex answers: serve reads once `index` is applied
 *   node.takeEvents();                  // leader elected, term changed, votes, commits, quorum
 *   node.reportUnreachable(peer);       // the transport could not reach a peer (MsgUnreachable)
 *   node.reportSnapshot(peer, status);  // a snapshot sent to a peer arrived or failed (MsgSnapStatus)
 *
 * Flow control (MaxSizePerMsg, MaxInflightMsgs/Bytes), MaxUncommittedEntriesSize, learners, joint
 * consensus (ConfChangeV2) and lease-based reads (ReadOnlyLeaseBased) are etcd-io/raft v3.6's.
 *
 * A crash keeps `node.persistentState()`; restart with `new RaftNode({ ..., storage })`.
 */

export { committedIndex, majority, type VoteResult, voteResult } from "./quorum.ts";
export { CAMPAIGN_TRANSFER, RaftNode } from "./raft.ts";
export * from "./types.ts";
