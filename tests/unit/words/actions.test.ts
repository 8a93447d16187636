import { describe, expect, it } from "vitest";
import { actionWords, commandName, isCommandType } from "../../../shared/words/actions.ts";
import { faultDetailWords } from "../../../shared/words/faults.ts";

describe("actions as players read them, never the game's internal names", () => {
  it("says a command's type as the real tool and verb, or in words; a room control is no command", () => {
    expect(commandName("setHpa", "en")).not.toContain("setHpa");
    expect(commandName("injectFault", "en")).toBe("a fault card");
    expect(commandName("bindPod", "ko")).toBe("파드 배치");
    expect(isCommandType("pause")).toBe(false);
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
