import { describe, expect, it } from "vitest";
import { joinOptions } from "../../shared/protocol/messages.ts";
import { displayNameProblem, isDisplayName, nameKey } from "../../shared/protocol/names.ts";

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

describe("look-alike names (issue 18, item 14)", () => {
  it.each([
    ["Cyrillic Н and о beside Latin st", "\u041d\u043est", "Latin and Cyrillic"],
    ["a Greek ο in a Latin name", "H\u03bfst", "Latin and Greek"],
  ])("refuses %s, saying which scripts it mixes", (_what, name, scripts) => {
    expect(displayNameProblem(name)).toBe(
      `mixes ${scripts} letters, which look alike: write it in one of them`,
    );
    expect(isDisplayName(name)).toBe(false);
  });

  it.each(["Іван", "Ελένη", "민지 K", "Ada 2"])(
    "accepts a name in one of the look-alike scripts: %s",
    (name) => {
      expect(displayNameProblem(name)).toBeNull();
    },
  );

  it("takes a name in its NFKC form: fullwidth letters are plain ones", () => {
    expect(joinOptions.parse({ name: "\uff28\uff4f\uff53\uff54" })).toEqual({ name: "Host" });
  });

  it("folds look-alikes, case and width into one key (UTS #39's skeleton for Latin, Cyrillic, Greek)", () => {
    const host = nameKey("Host");
    expect(
      [
        "host",
        "HOST",
        "\uff28\uff4f\uff53\uff54",
        "\u041d\u041e\u0405\u0422",
        "\u0397\u039f\u0053\u03a4",
        "H0st",
      ].map(nameKey),
    ).toEqual(Array(6).fill(host));
    expect(nameKey("Guest")).not.toBe(host);
    expect(nameKey("민지")).toBe("민지");
  });
});
