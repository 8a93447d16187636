import { describe, expect, it, vi } from "vitest";
import { view } from "../console/fixture.ts";

// The client's strings read the browser's saved language when they load; give them a browser's globals.
const saved = new Map<string, string>();
vi.stubGlobal("localStorage", {
  getItem: (k: string) => saved.get(k) ?? null,
  setItem: saved.set.bind(saved),
});
vi.stubGlobal("navigator", { language: "en-GB" });
vi.stubGlobal("document", { documentElement: { lang: "en" } });
const { setLanguage } = await import("../../../client/i18n/index.ts");
const { budgetTargets, explanations } = await import("../../../client/ui/objective.ts");

const service = { demandRps: 10, availability: 1, p99Ms: 20, readyEndpoints: 2 };
// Kubelet's Bad Day: the budget counts api's availability; thumbnailer is only a ready-replica check.
const kubeletsBadDay = {
  ...view,
  services: [
    { ...service, name: "api", availabilityTarget: 0.995 },
    { ...service, name: "thumbnailer", availabilityTarget: 0 },
  ],
};

describe("the error budget names the services that spend it", () => {
  it("lists only the services with an availability target", () => {
    expect(budgetTargets(kubeletsBadDay)).toBe("api ≥ 99.5%");
  });

  it("says so in the budget's explanation, in both languages", () => {
    for (const language of ["en", "ko"] as const) {
      setLanguage(language);
      expect(explanations.budget(kubeletsBadDay)).toContain("api ≥ 99.5%");
      expect(explanations.budget(kubeletsBadDay)).not.toContain("thumbnailer");
    }
    setLanguage("en");
  });
});
