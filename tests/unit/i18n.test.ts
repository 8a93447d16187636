import { describe, expect, it } from "vitest";
import { en, ko, type MessageKey } from "../../client/i18n/strings.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translations: every English sentence has a Korean one with the same placeholders", () => {
  it.each(Object.keys(en) as MessageKey[])("%s", (key) => {
    expect(ko[key].trim()).not.toBe("");
    expect(placeholders(ko[key])).toEqual(placeholders(en[key]));
  });

  it("has no Korean sentence left untranslated (except Kubernetes' own words)", () => {
    // kubectl's own words and units (cpu, rps, ms, Ready), and a speed ("20×") that reads the same.
    const sameOnPurpose = new Set<MessageKey>(["node.ready", "notice.rejected", "replay.speed"]);
    const untranslated = (Object.keys(en) as MessageKey[]).filter(
      (k) => ko[k] === en[k] && !sameOnPurpose.has(k),
    );
    expect(untranslated).toEqual([]);
  });
});

describe("the English strings draw with the fonts the English game loads", () => {
  it("has no Hangul but the language button's name, whose slices the title loads (client/ui/fonts.ts)", () => {
    // The English game loads Noto Sans KR only for "한국어": other Hangul would draw as boxes.
    const hangul = (Object.keys(en) as MessageKey[]).filter(
      (k) => /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(en[k]) && en[k] !== "한국어",
    );
    expect(hangul).toEqual([]);
  });
});
