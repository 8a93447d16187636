import { describe, expect, it } from "vitest";
import { SERVICE_PALETTE, serviceColors } from "../../../client/ui/serviceColors.ts";

describe("a service's colour on the debrief's charts", () => {
  it("is the same whatever order the round ranks the services in", () => {
    const names = ["web", "api", "checkout", "search"];
    const first = serviceColors(names);
    for (const order of [[...names].reverse(), ["search", "web", "checkout", "api"]])
      expect(serviceColors(order)).toEqual(first);
  });

  it("gives services charted together different colours while the palette lasts", () => {
    const colours = serviceColors(["web", "api", "checkout", "search", "cart"]);
    expect(new Set(colours.values()).size).toBe(SERVICE_PALETTE.length);
  });
});
