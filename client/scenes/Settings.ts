import Phaser from "phaser";
import { GUIDED_SCENARIO, guideDone, resetGuide } from "../guide.ts";
import { type Language, language, setLanguage, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import { connection } from "../net/connection.ts";
import { seam } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { ready as fontsReady } from "../ui/fonts.ts";
import { drawHeader } from "../ui/Header.ts";
import {
  MOTION_SETTINGS,
  type MotionSetting,
  motionSetting,
  reducedMotion,
  setMotionSetting,
} from "../ui/motion.ts";
import { narrate } from "../ui/narration.ts";
import { soloName } from "../ui/playerName.ts";
import { isMuted, onMuteChange, play, setMuted, setVolume, volume } from "../ui/sound.ts";
import {
  colors,
  fitText,
  HEIGHT,
  setTextScale,
  TEXT_SCALES,
  textScale,
  textStyle,
  WIDTH,
} from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";

const LEFT = 64;
const OPTIONS_X = 640;
const ROW_TOP = 84;
const ROW_HEIGHT = 90;
const OPTION = { width: 150, height: 44, size: 17 } as const;

/** Language names are shown in their own language, so a player lost in the other one finds theirs. */
const LANGUAGES: readonly [Language, string][] = [
  ["en", "English"],
  ["ko", "한국어"],
];

/** The four state colours, as the map and panels use them. */
const SWATCHES: readonly [number, MessageKey][] = [
  [colors.healthy, "settings.palette.healthy"],
  [colors.starting, "settings.palette.starting"],
  [colors.pending, "settings.palette.pending"],
  [colors.danger, "settings.palette.danger"],
];

/**
 * Language, text size, motion, sound, and a look at the colour-blind-safe palette. Every choice
 * applies at once (the screen redraws itself in it) and is remembered by the browser.
 */
export class Settings extends Phaser.Scene {
  private volumeText!: Phaser.GameObjects.Text;

  constructor() {
    super("Settings");
  }

  create(): void {
    seam.scene = "Settings";
    drawHeader(this, t("settings.subtitle"));
    const rowTop = (i: number) => ROW_TOP + i * ROW_HEIGHT;
    this.languageRow(rowTop(0));
    this.textSizeRow(rowTop(1));
    this.motionRow(rowTop(2));
    this.soundRow(rowTop(3));
    this.paletteRow(rowTop(4));
    this.guideRow(rowTop(5));
    new Button(this, LEFT + 90, HEIGHT - 62, t("settings.back"), () => goTo(this, "Title"), {
      width: 180,
      height: 48,
      style: "secondary",
      size: 18,
    });
    this.add
      .text(WIDTH - LEFT, HEIGHT - 62, t("settings.keys"), {
        ...textStyle(14, colors.muted),
        align: "right",
        wordWrap: { width: 860 },
      })
      .setOrigin(1, 0.5);
    this.input.keyboard?.on("keydown-ESC", () => goTo(this, "Title"));
    const offMute = onMuteChange(() => this.scene.restart());
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, offMute);
  }

  /** A row's plate, heading and one line of help; returns the row's centre line. */
  private row(top: number, heading: MessageKey, help: MessageKey): number {
    const g = this.add.graphics();
    g.fillStyle(colors.panel, 1).fillRoundedRect(
      LEFT - 24,
      top + 4,
      WIDTH - 2 * (LEFT - 24),
      ROW_HEIGHT - 12,
      14,
    );
    this.add
      .text(LEFT, top + 16, t(heading), { ...textStyle(16, colors.accent), fontStyle: "bold" })
      .setLetterSpacing(2);
    this.add.text(LEFT, top + 42, t(help), {
      ...textStyle(14, colors.muted),
      wordWrap: { width: OPTIONS_X - LEFT - 40 },
      lineSpacing: 3,
    });
    return top + 4 + (ROW_HEIGHT - 12) / 2;
  }

  /** A row of choices: the chosen one is filled, the others outlined. */
  private choices<T>(y: number, options: readonly [T, string][], chosen: T, pick: (value: T) => void): void {
    options.forEach(([value, label], i) => {
      new Button(
        this,
        OPTIONS_X + OPTION.width / 2 + i * (OPTION.width + 16),
        y,
        label,
        () => {
          if (value !== chosen) pick(value);
        },
        { ...OPTION, style: value === chosen ? "primary" : "secondary" },
      );
    });
  }

  private languageRow(top: number): void {
    const y = this.row(top, "settings.language", "settings.languageHelp");
    this.choices(y, LANGUAGES, language(), (next) => {
      setLanguage(next);
      // The Hangul slices load first (at most FONT_TIMEOUT_MS), so nothing is drawn as boxes.
      void fontsReady().then(() => {
        if (this.scene.isActive()) this.scene.restart();
        narrate(`${t("settings.language")}: ${LANGUAGES.find(([l]) => l === next)?.[1] ?? next}`);
      });
    });
  }

  private textSizeRow(top: number): void {
    const y = this.row(top, "settings.textSize", "settings.textSizeHelp");
    const options = TEXT_SCALES.map((s): [number, string] => [s, `${Math.round(s * 100)} %`]);
    this.choices(y, options, textScale(), (next) => {
      setTextScale(TEXT_SCALES.find((s) => s === next) ?? 1);
      this.scene.restart();
    });
  }

  private motionRow(top: number): void {
    const y = this.row(top, "settings.motion", "settings.motionHelp");
    const options = MOTION_SETTINGS.map((m): [MotionSetting, string] => [m, t(`settings.motion.${m}`)]);
    this.choices(y, options, motionSetting(), (next) => {
      setMotionSetting(next);
      this.scene.restart();
    });
    // What "system" means on this device right now.
    const now = t(reducedMotion() ? "settings.motionNow.reduced" : "settings.motionNow.full");
    const x = OPTIONS_X + 3 * (OPTION.width + 16);
    // Inside the row's plate at any text size.
    fitText(this.add.text(x, y, now, textStyle(14, colors.muted)).setOrigin(0, 0.5), WIDTH - LEFT + 16 - x);
  }

  private soundRow(top: number): void {
    const y = this.row(top, "settings.sound", "settings.soundHelp");
    // Narrower than the other rows' choices, so the volume controls fit beside them at 150 % text.
    const narrow = { ...OPTION, width: 110 };
    [false, true].forEach((mute, i) => {
      new Button(
        this,
        OPTIONS_X + narrow.width / 2 + i * (narrow.width + 16),
        y,
        t(mute ? "settings.soundOff" : "settings.soundOn"),
        () => {
          if (mute !== isMuted()) setMuted(mute);
        },
        { ...narrow, style: mute === isMuted() ? "primary" : "secondary" },
      );
    });
    const step = (delta: number) => {
      setVolume(volume() + delta);
      this.volumeText.setText(t("settings.volume", { percent: Math.round(volume() * 100) }));
      play("applied");
    };
    const compact = { ...OPTION, width: 96, style: "secondary" as const };
    const x = OPTIONS_X + 2 * (narrow.width + 16) + 16;
    new Button(this, x + compact.width / 2, y, t("settings.volumeDown"), () => step(-0.1), compact);
    new Button(this, x + compact.width * 1.5 + 12, y, t("settings.volumeUp"), () => step(0.1), compact);
    this.volumeText = this.add
      .text(
        x + compact.width * 2 + 28,
        y,
        t("settings.volume", { percent: Math.round(volume() * 100) }),
        textStyle(15, isMuted() ? colors.muted : colors.text),
      )
      .setOrigin(0, 0.5);
  }

  /** The guided first incident: whether it was played, and a button that plays it again now. */
  private guideRow(top: number): void {
    const y = this.row(top, "settings.guide", "settings.guideHelp");
    new Button(
      this,
      OPTIONS_X + 120,
      y,
      t("settings.guidePlay"),
      () => {
        resetGuide();
        void soloName().then((name) =>
          name === null
            ? undefined
            : connection()
                .playSolo(name, { scenario: GUIDED_SCENARIO })
                .then(
                  () => goTo(this, "Briefing"),
                  () => {},
                ),
        );
      },
      { ...OPTION, width: 240 },
    );
    this.add
      .text(
        OPTIONS_X + 256,
        y,
        t(guideDone() ? "settings.guideDone" : "settings.guideNew"),
        textStyle(15, colors.muted),
      )
      .setOrigin(0, 0.5);
  }

  private paletteRow(top: number): void {
    const y = this.row(top, "settings.palette", "settings.paletteHelp");
    const g = this.add.graphics();
    SWATCHES.forEach(([color, name], i) => {
      const x = OPTIONS_X + i * (OPTION.width + 16);
      g.fillStyle(color, 1).fillRoundedRect(x, y - 16, 32, 32, 6);
      this.add.text(x + 42, y, t(name), textStyle(15)).setOrigin(0, 0.5);
    });
  }
}
