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

describe("display names are checked cheaply first (issue 18: a 140 MB name must not be spread into an array)", () => {
  it("refuses a name far over the limit by its length, without walking its characters", () => {
    const huge = "a".repeat(1_000_000);
    const iterate = String.prototype[Symbol.iterator];
    // Any walk over the string's code points would throw here.
    String.prototype[Symbol.iterator] = () => {
      throw new Error("walked the whole string");
    };
    try {
      expect(isDisplayName(huge)).toBe(false);
    } finally {
      String.prototype[Symbol.iterator] = iterate;
    }
  });
});
