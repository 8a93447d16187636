import Phaser from "phaser";
import { normalizeJoinCode } from "../../shared/protocol/joinCode.ts";
import { soloScenario } from "../guide.ts";
import { language, setLanguage, t } from "../i18n/index.ts";
import { connection } from "../net/connection.ts";
import { joinRefusal } from "../net/refusal.ts";
import { seam } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { askForm, type Field } from "../ui/Form.ts";
import { ready as fontsReady } from "../ui/fonts.ts";
import { nameField, rememberName, soloName } from "../ui/playerName.ts";
import { colors, css, displayStyle, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";

const codeField = (value: string): Field => ({
  name: "code",
  label: t("form.code"),
  placeholder: "KQ7-M2P",
  value,
  maxLength: 9,
  check: (v) => (normalizeJoinCode(v) ? null : t("form.codeRule")),
});

const watchField = (): Field => ({
  kind: "checkbox",
  name: "watch",
  label: t("form.watch"),
  maxLength: 0,
  check: () => null,
});

/** The title screen: what the game is, and the ways in. */
export class Title extends Phaser.Scene {
  private status!: Phaser.GameObjects.Text;
  private busy = false;
  private offeredLink = false;

  constructor() {
    super("Title");
  }

  create(): void {
    seam.scene = "Title";
    this.busy = false;
    this.drawBackdrop();
    this.add.image(WIDTH / 2, 170, "logo");
    this.add
      .text(WIDTH / 2, 296, "CLUSTER CRISIS", { ...displayStyle(64, colors.text), fontStyle: "bold" })
      .setOrigin(0.5)
      .setLetterSpacing(6);
    this.add
      .text(WIDTH / 2, 356, t("title.tagline"), {
        ...textStyle(22, colors.muted),
        align: "center",
        // Inside the title's plate even at the largest text size.
        wordWrap: { width: 720 },
      })
      .setOrigin(0.5);
    new Button(this, WIDTH / 2 - 158, 440, t("title.playSolo"), () => void this.playSolo(), {
      width: 300,
    });
    new Button(this, WIDTH / 2 + 158, 440, t("title.puzzles"), () => void this.openPuzzles(), { width: 300 });
    const secondary = { width: 300, height: 50, style: "secondary" as const, size: 18 };
    new Button(this, WIDTH / 2 - 158, 516, t("title.host"), () => void this.hostWorkshop(), secondary);
    new Button(this, WIDTH / 2 + 158, 516, t("title.join"), () => void this.joinWorkshop(), secondary);
    const small = { ...secondary, height: 44, size: 16 };
    new Button(
      this,
      WIDTH / 2 - 158,
      580,
      t("title.leaderboards"),
      () => {
        if (!this.busy) goTo(this, "Leaderboard");
      },
      small,
    );
    new Button(
      this,
      WIDTH / 2 + 158,
      580,
      t("title.settings"),
      () => {
        if (!this.busy) goTo(this, "Settings");
      },
      small,
    );
    this.status = this.add.text(WIDTH / 2, 632, "", textStyle(18, colors.danger)).setOrigin(0.5);
    this.add.text(WIDTH / 2, HEIGHT - 36, t("title.footer"), textStyle(14, colors.muted)).setOrigin(0.5);
    // A join link (`/?code=KQ7-M2P`, shown in the lobby) opens the join form with the code filled in.
    const linked = normalizeJoinCode(new URLSearchParams(window.location.search).get("code") ?? "");
    if (linked && !this.offeredLink) {
      this.offeredLink = true;
      void this.joinWorkshop(linked);
    }
    new Button(
      this,
      WIDTH - 90,
      40,
      t("title.language"),
      () => {
        setLanguage(language() === "en" ? "ko" : "en");
        // The Korean strings' Hangul slices load first (at most FONT_TIMEOUT_MS), so none is drawn as boxes.
        void fontsReady().then(() => {
          if (this.scene.isActive()) this.scene.restart();
        });
      },
      { width: 130, height: 40, style: "secondary", size: 16 },
    );
  }

  /**
   * A solo round on this week's board seed, under the name asked once, opening on its briefing card:
   * the guided first incident until it has been played, then the default scenario.
   */
  private async playSolo(): Promise<void> {
    if (this.busy) return;
    const name = await soloName();
    const scenario = soloScenario();
    if (name !== null)
      this.enter(() => connection().playSolo(name, scenario ? { scenario } : {}), "Briefing");
  }

  /** Solo puzzles: asks for the name their stars are kept under, then opens the picker. */
  private async openPuzzles(): Promise<void> {
    if (this.busy) return;
    const values = await askForm(t("form.puzzlesTitle"), [nameField()], t("form.puzzlesSubmit"));
    if (values) goTo(this, "Puzzles", { name: rememberName(values.name!) });
  }

  private async hostWorkshop(): Promise<void> {
    const values = await askForm(t("form.hostTitle"), [nameField()], t("form.hostSubmit"));
    if (values) this.enter(() => connection().host(rememberName(values.name!)), "Lobby");
  }

  private async joinWorkshop(linkedCode = ""): Promise<void> {
    const values = await askForm(
      t("form.joinTitle"),
      [codeField(linkedCode), nameField(), watchField()],
      t("form.joinSubmit"),
    );
    if (!values) return;
    const code = normalizeJoinCode(values.code!)!;
    const spectate = values.watch === "yes";
    this.enter(() => connection().joinByCode(code, rememberName(values.name!), spectate), "Lobby");
  }

  private enter(connect: () => Promise<void>, next: string): void {
    if (this.busy) return;
    this.busy = true;
    this.status.setText(t("title.connecting")).setColor(css(colors.muted));
    connect()
      .then(() => goTo(this, next))
      .catch((error: unknown) => {
        this.busy = false;
        this.status.setText(readable(error)).setColor(css(colors.danger));
      });
  }

  /** A faint grid of racks behind the title, so the screen reads as a data centre. */
  private drawBackdrop(): void {
    const g = this.add.graphics();
    for (let x = 40; x < WIDTH; x += 64) {
      for (let y = 40; y < HEIGHT; y += 64) {
        const lit = (x * 7 + y * 13) % 11 === 0;
        g.fillStyle(lit ? colors.accentDeep : colors.panel, lit ? 0.35 : 0.6);
        g.fillRoundedRect(x, y, 40, 28, 4);
      }
    }
    // A dark plate behind the title so the text never competes with the racks.
    g.fillStyle(colors.background, 0.85).fillRoundedRect(WIDTH / 2 - 380, 76, 760, 584, 24);
  }
}

function readable(error: unknown): string {
  const { key, vars } = joinRefusal(error);
  return t(key, vars);
}
