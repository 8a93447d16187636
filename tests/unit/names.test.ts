import { describe, expect, it } from "vitest";
import { isDisplayName } from "../../shared/protocol/names.ts";

describe("display names: letters of any script, digits, spaces and -_.' ; at most 24 characters", () => {
  it.each(["Ada", "민지", "Blue Team", "O'Brien", "sre_42", "a.b-c", "한국어팀이름"])(
    "accepts %j",
    (name) => {
      expect(isDisplayName(name)).toBe(true);
    },
  );

  it.each([
    ["empty", ""],
    ["leading space", " Ada"],
    ["markup", "<b>Ada</b>"],
    ["SQL", "x'); DROP TABLE rounds; --"],
    ["control character", "Ada\u0007"],
    ["newline", "Ada\nBob"],
    ["too long", "a".repeat(25)],
    ["starts with punctuation", "-Ada"],
    ["not a string", 42],
  ])("refuses %s", (_why, name) => {
    expect(isDisplayName(name)).toBe(false);
  });
});
