import { describe, expect, it } from "vitest";
import { actionWords, typeWords } from "../../../shared/words/actions.ts";
import { faultDetailWords } from "../../../shared/words/faults.ts";

describe("actions as players read them, never the game's internal names", () => {
  it("says a result's type as the real tool and verb, or in words; a room control stays as it came", () => {
    expect(typeWords("setHpa", "en")).not.toContain("setHpa");
    expect(typeWords("injectFault", "en")).toBe("a fault card");
    expect(typeWords("bindPod", "ko")).toBe("파드 배치");
    expect(typeWords("pause", "en")).toBe("pause");
  });

  it("says a fault milestone's detail in words", () => {
    const said = faultDetailWords("apiFlood deployment/launch-dashboard", "en");
    expect(said).not.toContain("apiFlood");
    expect(said).toContain("launch-dashboard");
  });

  it("says a manual node delete as kubectl does", () => {
    expect(actionWords({ type: "removeNode", node: "node-c5" }, "en")).toBe("kubectl delete node node-c5");
  });
});
