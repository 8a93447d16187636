import { describe, expect, it } from "vitest";
import { en, ko } from "../../client/i18n/strings.ts";
import type { MilestoneKind } from "../../client/net/connection.ts";
import {
  LESSONS,
  lessonKeys,
  MAX_LESSONS,
  pickLessons,
  type RoundFacts,
} from "../../shared/lessons/lessons.ts";

const round = (
  scenarioId: string,
  kinds: readonly MilestoneKind[] = [],
  commands: readonly (readonly [string, boolean])[] = [],
): RoundFacts => ({
  scenarioId,
  milestones: kinds.map((kind) => ({ kind })),
  timeline: commands.map(([command, accepted]) => ({ command, accepted })),
});

describe("the debrief's lessons", () => {
  it("teaches each scenario's mechanism", () => {
    expect(pickLessons(round("even-split"))).toEqual(["raftMajority", "fifthMember"]);
    expect(pickLessons(round("launch-day"))).toEqual(["apf", "hpa"]);
    expect(pickLessons(round("thousand-services"))).toEqual(["kubeProxy"]);
    expect(pickLessons(round("kubelets-bad-day"))).toEqual(["crashLoop", "podSandbox", "nodePressure"]);
    expect(pickLessons(round("lost-leader"))).toEqual(["leaderElection", "evictionWait"]);
    expect(pickLessons(round("noisy-neighbour"))).toEqual(["qos", "nodePressure"]);
    expect(pickLessons(round("zone-down"))).toEqual(["evictionWait", "zoneEviction", "requestsReserve"]);
    expect(pickLessons(round("first-light"))).toEqual(["evictionWait", "requestsReserve", "pdbDrain"]);
    expect(pickLessons(round("full-etcd"))).toEqual(["spaceQuota"]);
  });

  it("adds what the milestones show: quorum lost, a re-election, NotReady nodes, an SLO breach", () => {
    expect(pickLessons(round("custom", ["quorumLost"]))).toEqual(["raftMajority"]);
    // The first leader is the cluster starting; only a second one is an election worth explaining.
    expect(pickLessons(round("custom", ["leaderElected"]))).toEqual(["errorBudget"]);
    expect(pickLessons(round("custom", ["leaderElected", "leaderElected"]))).toEqual(["raftElection"]);
    expect(pickLessons(round("custom", ["nodeNotReady"]))).toEqual(["evictionWait"]);
    expect(pickLessons(round("custom", ["podsEvicted"]))).toEqual(["evictionWait"]);
    expect(pickLessons(round("even-split", ["incidentStart", "quorumLost", "sloBreached"]))).toEqual([
      "raftMajority",
      "fifthMember",
      "errorBudget",
    ]);
  });

  it("explains lease-based reads, and their clock caveat, where the scenario's etcd uses them", () => {
    expect(pickLessons({ ...round("custom", ["leaderElected", "leaderElected"]), leaseReads: true })).toEqual(
      ["raftElection", "leaseRead"],
    );
    expect(en["lesson.leaseRead.body"]).toMatch(/clock/);
    expect(pickLessons(round("custom"))).not.toContain("leaseRead");
  });

  it("explains etcd's space quota once the players compacted, defragmented or disarmed", () => {
    for (const command of ["compactEtcd", "defragEtcd", "disarmEtcdAlarms"])
      expect(pickLessons(round("custom", [], [[command, true]]))).toEqual(["spaceQuota"]);
    expect(pickLessons(round("custom", [], [["disarmEtcdAlarms", false]]))).toEqual(["errorBudget"]);
  });

  it("adds what the players' applied commands touched, not their refused ones", () => {
    expect(pickLessons(round("custom", [], [["drain", true]]))).toEqual(["pdbDrain"]);
    expect(pickLessons(round("custom", [], [["drain", false]]))).toEqual(["errorBudget"]);
    expect(pickLessons(round("even-split", [], [["cordon", true]]))).toEqual([
      "raftMajority",
      "fifthMember",
      "cordon",
    ]);
    expect(
      pickLessons(
        round(
          "custom",
          [],
          [
            ["setHpa", true],
            ["setKubeProxyMode", true],
          ],
        ),
      ),
    ).toEqual(["hpa", "kubeProxy"]);
  });

  it("falls back to the error budget, and never shows more cards than fit", () => {
    expect(pickLessons(round("custom"))).toEqual(["errorBudget"]);
    const busy = pickLessons(
      round(
        "zone-down",
        ["quorumLost", "leaderElected", "leaderElected", "sloBreached"],
        [
          ["drain", true],
          ["cordon", true],
          ["setHpa", true],
        ],
      ),
    );
    expect(busy).toHaveLength(MAX_LESSONS);
    expect(busy[0]).toBe("raftMajority");
  });

  it.each(LESSONS)("%s has a title, an explanation and a source, in English and Korean", (id) => {
    const keys = lessonKeys(id);
    for (const key of [keys.title, keys.body, keys.real]) {
      expect(en[key].trim()).not.toBe("");
      expect(ko[key].trim()).not.toBe("");
    }
    expect(ko[keys.title]).toMatch(/[\uac00-\ud7a3]/);
    expect(ko[keys.body]).toMatch(/[\uac00-\ud7a3]/);
    // Two to four sentences, as the cards have room for.
    const sentences = en[keys.body].split(/[.!?](?:\s|$)/).filter((s) => s.trim().length > 0);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(4);
  });
});
