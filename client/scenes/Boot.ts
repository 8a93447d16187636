import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import { connection } from "../net/connection.ts";
import { seam } from "../testSeam.ts";
import { ready as fontsReady } from "../ui/fonts.ts";
import { colors, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";
import { watching } from "./Projector.ts";
import type { ReplayOpening } from "./Replay.ts";

/** Loads every asset behind a progress bar, then opens the title screen. */
export class Boot extends Phaser.Scene {
  constructor() {
    super("Boot");
  }

  preload(): void {
    seam.scene = "Boot";
    const barWidth = 420;
    const x = (WIDTH - barWidth) / 2;
    const y = HEIGHT / 2;
    this.add.text(WIDTH / 2, y - 40, t("boot.loading"), textStyle(20, colors.muted)).setOrigin(0.5);
    const frame = this.add.graphics();
    frame.lineStyle(2, colors.panelEdge, 1).strokeRoundedRect(x, y, barWidth, 18, 9);
    const bar = this.add.graphics();
    this.load.on("progress", (value: number) => {
      bar
        .clear()
        .fillStyle(colors.accent, 1)
        .fillRoundedRect(x + 3, y + 3, Math.max(12, (barWidth - 6) * value), 12, 6);
    });
    this.load.svg("logo", "images/logo.svg", { width: 160, height: 160 });
  }

  create(): void {
    // A shared replay link (`/?replay=<round id>&t=<game seconds>`) opens the round at that moment.
    const replay = replayLink(window.location.search);
    if (replay !== null) {
      void fontsReady().then(() => goTo(this, "Replay", replay));
      return;
    }
    // A reloaded tab takes its seat back if the workshop still holds it. The Hangul font slices the
    // first screen needs load meanwhile (canvas text does not wait for a web font; `ready` times out).
    void Promise.all([connection().resume(), fontsReady()]).then(([resumed]) => {
      const latest = connection().latest;
      const inRound = latest?.phase === "live" || latest?.phase === "debrief";
      goTo(this, !resumed ? "Title" : !inRound ? "Lobby" : watching(latest) ? "Projector" : "Incident");
    });
  }
}

/** The round and moment a replay link names, or null when the address names none (or nonsense). */
export function replayLink(search: string): ReplayOpening | null {
  const query = new URLSearchParams(search);
  const id = query.get("replay") ?? "";
  if (!/^[1-9][0-9]{0,14}$/.test(id)) return null;
  const at = Number(query.get("t") ?? "0");
  return { roundId: Number(id), at: Number.isFinite(at) && at >= 0 ? Math.floor(at) : 0 };
}
