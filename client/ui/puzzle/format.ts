import { t } from "../../i18n/index.ts";
import type { MessageKey } from "../../i18n/strings.ts";
import type { PuzzlePodView } from "../../net/puzzle.ts";
import { colors } from "../theme.ts";

/** The puzzle screens' small words and colours: levels, apps, stars and quantities. */

/** The gold of stars and of a solved puzzle. */
export const GOLD = 0xffd166;

const levelColors: Record<string, number> = {
  tutorial: colors.accent,
  beginner: colors.healthy,
  intermediate: colors.starting,
  advanced: colors.pending,
  expert: colors.danger,
};
export const levelColor = (level: string): number => levelColors[level] ?? colors.muted;
export const levelName = (level: string): string =>
  level in levelColors ? t(`puzzle.level.${level}` as MessageKey) : level;

/** Distinct, readable colours for the apps of a puzzle, chosen by the app's name. */
const APP_COLORS = [0x38e1c6, 0x3a7bfd, 0xb084f5, 0xffc857, 0xff9f43, 0x4cd97b, 0xf472b6, 0x60a5fa, 0xe879f9];
export function appColor(app: string): number {
  let hash = 7;
  for (const ch of app) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return APP_COLORS[hash % APP_COLORS.length]!;
}

export const starText = (stars: number): string => "★".repeat(stars) + "☆".repeat(Math.max(0, 3 - stars));

export function cpuText(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function memText(mib: number): string {
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** "2 cpu · 2Gi": the limits a pod sets ("" when none). */
export function limitText(pod: PuzzlePodView): string {
  const parts = [
    pod.limitMilliCPU === null ? "" : `${cpuText(pod.limitMilliCPU)} cpu`,
    pod.limitMemoryMiB === null ? "" : memText(pod.limitMemoryMiB),
  ];
  return parts.filter(Boolean).join(" · ");
}

/** A measured value: whole, or to two decimals. */
export function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function readable(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The player's name, as the title's form remembered it. */
export const rememberedName = (): string => localStorage.getItem("clusterCrisis.name") ?? "";
