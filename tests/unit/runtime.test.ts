import { describe, expect, it } from "vitest";

describe("runtime", () => {
  it("runs on the Node that the `node` devDependency ships (≥ 22, as colyseus 0.18 and vitest 5 need)", () => {
    console.log(`tests run on Node ${process.version}`);
    const major = Number(process.versions.node.split(".")[0]);
    expect(major).toBeGreaterThanOrEqual(22);
  });
});
