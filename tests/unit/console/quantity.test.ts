import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatMilliCpu,
  parseBytes,
  parseMilliCpu,
  parseQuantity,
} from "../../../shared/words/quantity.ts";

describe("Kubernetes quantities", () => {
  it.each([
    ["500m", 500],
    ["2", 2000],
    ["0.25", 250],
    ["1.5", 1500],
    ["100m", 100],
    ["1n", 1],
    [".5", 500],
    ["2e0", 2000],
  ])("cpu %s is %d millicores", (text, milli) => {
    expect(parseMilliCpu(text)).toBe(milli);
  });

  it.each([
    ["1Gi", 1024 ** 3],
    ["512Mi", 512 * 1024 ** 2],
    ["1.5Gi", 1.5 * 1024 ** 3],
    ["64Ki", 65536],
    ["1G", 1e9],
    ["500M", 5e8],
    ["128974848", 128974848],
    ["129e6", 129e6],
    ["1k", 1000],
    ["1Ti", 1024 ** 4],
  ])("memory %s is %d bytes", (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it.each(["", "lots", "1GB", "1gi", "Gi", "1 Gi", "-1Gi", "1.2.3"])("refuses %j", (text) => {
    expect(parseBytes(text)).toBeNull();
  });

  it("rounds fractional bytes and millicores up, as Kubernetes does", () => {
    expect(parseBytes("1.5")).toBe(2);
    expect(parseMilliCpu("0.0001")).toBe(1);
    expect(parseQuantity("1.5Ki")).toBe(1536);
  });

  it("prints quantities the way kubectl does", () => {
    expect(formatBytes(1024 ** 3)).toBe("1Gi");
    expect(formatBytes(512 * 1024 ** 2)).toBe("512Mi");
    expect(formatBytes(1_500_000_000)).toBe("1500000000");
    expect(formatMilliCpu(4000)).toBe("4");
    expect(formatMilliCpu(2500)).toBe("2500m");
  });
});
