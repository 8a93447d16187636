import { describe, expect, it } from "vitest";
import {
  clip,
  formatAge,
  formatAvailability,
  formatClock,
  formatLatency,
  formatMinutes,
  formatRate,
  niceCeiling,
} from "../../client/ui/statusFormat.ts";

describe("the status panels' number formats", () => {
  it("prints ages like kubectl's LAST SEEN column", () => {
    expect(formatAge(0)).toBe("0s");
    expect(formatAge(119_999)).toBe("119s");
    expect(formatAge(125_000)).toBe("2m5s");
    expect(formatAge(180_000)).toBe("3m");
    expect(formatAge(754_000)).toBe("12m");
  });

  it("keeps the nines of availability where they matter", () => {
    expect(formatAvailability(1)).toBe("100%");
    expect(formatAvailability(0.99953)).toBe("99.95%");
    expect(formatAvailability(0.873)).toBe("87.3%");
    expect(formatAvailability(0)).toBe("0.0%");
  });

  it("shortens rates and latencies", () => {
    expect(formatRate(840)).toBe("840");
    expect(formatRate(1240)).toBe("1.2k");
    expect(formatRate(30_400)).toBe("30k");
    expect(formatRate(2_000_000)).toBe("2.0M");
    expect(formatLatency(182.4)).toBe("182 ms");
    expect(formatLatency(30_000)).toBe("30.0 s");
  });

  it("prints game time and cuts long cells", () => {
    expect(formatMinutes(65_000)).toBe("1:05");
    expect(formatMinutes(3_723_000)).toBe("1:02:03");
    expect(formatMinutes(-5_000)).toBe("0:00");
    expect(formatClock(65_000)).toBe("01:05");
    expect(clip("NodeHasInsufficientMemory", 10)).toBe("NodeHasIn…");
    expect(clip("Evicted", 10)).toBe("Evicted");
  });

  it("ends a chart's axis on a round number at or above its highest value", () => {
    expect([0.7, 1, 1.3, 2.2, 3, 7, 40, 120].map(niceCeiling)).toEqual([1, 1, 2, 2.5, 5, 10, 50, 200]);
  });
});
