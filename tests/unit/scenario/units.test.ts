import { describe, expect, it } from "vitest";
import {
  formatDuration,
  parseBytes,
  parseDuration,
  parseMilliCPU,
  parseMultiplier,
  parsePercent,
} from "../../../shared/sim/scenario/index.ts";

describe("durations are written as Go durations and read as whole ms", () => {
  it.each([
    ["90s", 90_000],
    ["5m", 300_000],
    ["1m30s", 90_000],
    ["250ms", 250],
    ["1h", 3_600_000],
    ["1h2m3s4ms", 3_723_004],
    ["1.5s", 1_500],
    ["0", 0],
    [0, 0],
    ["0s", 0],
  ])("%s → %i ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([["90"], ["5 minutes"], ["-5s"], ["1.5ms"], [90], [""], ["m5"], [null], ["1s-"]])(
    "%s is refused",
    (text) => {
      expect(parseDuration(text).ok).toBe(false);
    },
  );

  it("a negative duration is refused with its own reason", () => {
    expect(parseDuration("-5s")).toEqual({ ok: false, error: 'a duration cannot be negative, got "-5s"' });
  });

  it("clock skew may be negative", () => {
    expect(parseDuration("-1m30s", { signed: true })).toEqual({ ok: true, value: -90_000 });
  });

  it.each([
    [90_000, "1m30s"],
    [250, "250ms"],
    [0, "0s"],
    [-2_000, "-2s"],
  ])("formatDuration(%i) = %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("Kubernetes quantities: CPU in millicores, memory in bytes, rounded up like Quantity.MilliValue/Value", () => {
  it.each([
    ["500m", 500],
    ["2", 2000],
    [2, 2000],
    [0.5, 500],
    ["0.25", 250],
    ["1.5", 1500],
    ["100m", 100],
    ["1k", 1_000_000],
    ["0.0001", 1],
    ["1e-3", 1],
  ])("cpu %s → %i m", (text, milli) => {
    expect(parseMilliCPU(text)).toEqual({ ok: true, value: milli });
  });

  it.each([
    ["2Gi", 2 * 1024 ** 3],
    ["512Mi", 512 * 1024 ** 2],
    ["1Ki", 1024],
    ["512M", 512_000_000],
    ["1G", 1_000_000_000],
    ["100Gi", 100 * 1024 ** 3],
    ["1.5Gi", 1.5 * 1024 ** 3],
    [1024, 1024],
    ["1e3", 1000],
    ["1Ti", 1024 ** 4],
  ])("memory %s → %i bytes", (text, bytes) => {
    expect(parseBytes(text)).toEqual({ ok: true, value: bytes });
  });

  it.each([["2GB"], ["-1Gi"], ["lots"], [""], [null], ["1.2.3"], ["Gi"]])("%s is refused", (text) => {
    expect(parseBytes(text).ok).toBe(false);
    expect(parseMilliCPU(text).ok).toBe(false);
  });
});

describe("percentages become fractions; a bare number is refused as ambiguous", () => {
  it.each([
    ["99.5%", 0.995],
    ["100%", 1],
    ["0%", 0],
    ["25%", 0.25],
    ["99.95%", 0.9995],
  ])("%s → %d", (text, value) => {
    expect(parsePercent(text)).toEqual({ ok: true, value });
  });

  it.each([[99.5], ["99.5"], ["101%"], ["-1%"], ["abc%"]])("%s is refused", (text) => {
    expect(parsePercent(text).ok).toBe(false);
  });
});

describe("multipliers", () => {
  it.each([
    ["50x", 50],
    ["x50", 50],
    ["×10", 10],
    [3, 3],
    ["1.5x", 1.5],
  ])("%s → %d", (text, value) => {
    expect(parseMultiplier(text)).toEqual({ ok: true, value });
  });

  it.each([["0x"], [-2], ["fifty"], [0]])("%s is refused", (text) => {
    expect(parseMultiplier(text).ok).toBe(false);
  });
});
