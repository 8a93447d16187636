import "@fontsource/noto-sans-kr/400.css";
import "@fontsource/noto-sans-kr/700.css";
import Phaser from "phaser";
import { connection } from "./net/connection.ts";
import { Boot } from "./scenes/Boot.ts";
import { Briefing } from "./scenes/Briefing.ts";
import { Debrief } from "./scenes/Debrief.ts";
import { Incident } from "./scenes/Incident.ts";
import { Leaderboard } from "./scenes/Leaderboard.ts";
import { Lobby } from "./scenes/Lobby.ts";
import { Projector } from "./scenes/Projector.ts";
import { Puzzle } from "./scenes/Puzzle.ts";
import { PuzzlePicker } from "./scenes/PuzzlePicker.ts";
import { Replay } from "./scenes/Replay.ts";
import { ServerMove } from "./scenes/ServerMove.ts";
import { Settings } from "./scenes/Settings.ts";
import { Title } from "./scenes/Title.ts";
import { seam } from "./testSeam.ts";
import { textBoxes } from "./textBoxes.ts";
import { focusedLabel, pageHasFocus, ringShownOn } from "./ui/Button.ts";
import { redrawTextWhenFontsLoad } from "./ui/fonts.ts";
import { reducedMotion } from "./ui/motion.ts";
import { startNarration } from "./ui/narration.ts";
import { roundHistory } from "./ui/sloHistory.ts";
import { installMuteKey } from "./ui/sound.ts";
import { colors, HEIGHT, WIDTH } from "./ui/theme.ts";

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: "game",
  width: WIDTH,
  height: HEIGHT,
  backgroundColor: colors.background,
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  // Keep the drawing buffer so tests (and screenshots) can read the canvas' pixels.
  render: { antialias: true, preserveDrawingBuffer: true },
  // ServerMove runs over all the others: it says when the workshop's server moved.
  scene: [
    Boot,
    Title,
    Settings,
    Leaderboard,
    Lobby,
    Briefing,
    Incident,
    Debrief,
    Projector,
    PuzzlePicker,
    Puzzle,
    Replay,
    ServerMove,
  ],
});
redrawTextWhenFontsLoad(game);
startNarration(game);
installMuteKey();
seam.reducedMotion = reducedMotion;
seam.texts = () => textBoxes(game);
seam.focused = focusedLabel;
seam.focusRings = () => {
  const button = ringShownOn();
  const active = document.activeElement;
  return [
    ...(button ? [`button:${button}`] : []),
    ...(seam.scene === "Incident" && seam.mapRing ? [`node:${seam.mapRing}`] : []),
    ...(pageHasFocus() ? [`page:${active?.getAttribute("name") ?? active?.textContent ?? ""}`] : []),
  ];
};

// The test seam mirrors what the server says, whichever scene is showing; the debrief's SLO charts
// need the whole round, whichever scenes showed it.
connection().onView((view) => {
  seam.state = structuredClone(view);
  roundHistory.record(view);
});
connection().onNotice((notice) => {
  seam.notices.push(notice);
});
