import { describe, expect, it } from "vitest";
import { newJoinCode } from "../../server/rooms/joinCode.ts";
import { normalizeJoinCode } from "../../shared/protocol/joinCode.ts";

describe("join codes: short, readable, forgiving of how people type them", () => {
  it.each([
    ["KQ7-M2P", "KQ7-M2P"],
    ["kq7m2p", "KQ7-M2P"],
    [" kq7 m2p ", "KQ7-M2P"],
    ["KQ7--M2P", "KQ7-M2P"],
  ])("reads %j as %j", (typed, code) => {
    expect(normalizeJoinCode(typed)).toBe(code);
  });

  it.each(["KQ7-M2", "KQ7-M2PX", "KQ0-M2P", "KQ1-M2P", "KQO-M2P", "KQI-M2P", "KQL-M2P", "<script>"])(
    "refuses %j (wrong length or a confusable character)",
    (typed) => {
      expect(normalizeJoinCode(typed)).toBeNull();
    },
  );

  it("makes codes that read back as themselves", () => {
    for (let i = 0; i < 200; i++) {
      const code = newJoinCode();
      expect(normalizeJoinCode(code)).toBe(code);
    }
  });
});
