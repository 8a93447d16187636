import Phaser from "phaser";
import { goalSentence, type KeyHint, keyHints } from "../briefing.ts";
import { guiding } from "../guide.ts";
import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import { type ClusterView, connection, fetchScenarios, type ScenarioListing } from "../net/connection.ts";
import { seam } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { drawHeader } from "../ui/Header.ts";
import { colors, css, displayStyle, fitText, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";
import { ROLE_COLOR, roleName } from "./Lobby.ts";
import { watching } from "./Projector.ts";
import { briefingScene } from "./route.ts";

const M = 40;
const TOP = 84;
const BOTTOM = 696;
const LEFT_X = 72;
const LEFT_W = 600;
const RIGHT_X = 712;
const RIGHT_W = WIDTH - RIGHT_X - 72;
/** The buttons' row; the columns flow down to above it. */
const BUTTONS_Y = 650;
const COLUMN_BOTTOM = BUTTONS_Y - 44;

const heading = () => ({ ...textStyle(14, colors.accent), fontStyle: "bold" });

/**
 * The briefing card, before the clock starts: the scenario's story, the goal in one sentence, the
 * roles this player holds, and the keys. A solo player starts the clock from here (or picks another
 * scenario); a workshop's players read it while the facilitator (in the lobby) starts the round.
 * Every column is laid out by the height its text takes at the player's text size.
 */
export class Briefing extends Phaser.Scene {
  private layer!: Phaser.GameObjects.Container;
  private buttons!: Phaser.GameObjects.Container;
  private scenarios: readonly ScenarioListing[] | null | undefined;
  private drawn = "";
  /** The buttons are redrawn only when what they offer changes, so a click never meets one being remade. */
  private buttonsDrawn = "";

  constructor() {
    super("Briefing");
  }

  create(): void {
    seam.scene = "Briefing";
    drawHeader(this, t("brief.subtitle"));
    const g = this.add.graphics();
    g.fillStyle(colors.panel, 1).fillRoundedRect(M, TOP, WIDTH - 2 * M, BOTTOM - TOP, 16);
    g.lineStyle(2, colors.panelEdge, 1).strokeRoundedRect(M, TOP, WIDTH - 2 * M, BOTTOM - TOP, 16);
    g.lineStyle(1, colors.panelEdge, 1).lineBetween(RIGHT_X - 20, TOP + 96, RIGHT_X - 20, COLUMN_BOTTOM);
    this.layer = this.add.container(0, 0);
    this.buttons = this.add.container(0, 0);
    this.drawn = "";
    this.buttonsDrawn = "";
    this.scenarios = undefined;
    const game = connection();
    const off = game.onView((view) => this.render(view));
    let alive = true;
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      alive = false;
      off();
    });
    const loaded = (list: readonly ScenarioListing[] | null) => {
      this.scenarios = list;
      this.drawn = "";
      if (alive && game.latest) this.render(game.latest);
    };
    fetchScenarios().then(loaded, () => loaded(null));
    if (game.latest) this.render(game.latest);
  }

  private render(view: ClusterView): void {
    if (view.phase !== "briefing" || briefingScene(view) !== "Briefing") {
      const next = { lobby: "Lobby", briefing: "Lobby", live: "Incident", debrief: "Debrief" }[view.phase];
      goTo(this, watching(view) && view.phase !== "lobby" ? "Projector" : next);
      return;
    }
    this.drawButtons(view);
    const me = view.players.find((p) => p.id === view.me);
    const key = [view.scenarioId, view.round, view.scripted, me?.roles.join(), this.scenarios?.length].join(
      "|",
    );
    if (key === this.drawn) return;
    this.drawn = key;
    this.layer.removeAll(true);
    const listing = this.scenarios?.find((s) => s.id === view.scenarioId);

    const minutes = listing?.minutes ?? Math.round(view.timeLimitMs / 60_000);
    const tag = view.solo
      ? t("brief.solo", { minutes })
      : t("brief.workshop", { round: view.round + 1, minutes });
    const title = listing ? listing.title[language()] || listing.title.en : view.scenarioTitle;
    this.keep(this.add.text(LEFT_X, TOP + 16, tag, heading()).setLetterSpacing(2));
    this.keep(
      fitText(
        this.add.text(LEFT_X, TOP + 38, title, { ...displayStyle(36), fontStyle: "bold" }),
        WIDTH - 2 * LEFT_X,
      ),
    );

    this.drawStory(view, listing);
    this.drawRoles(view, me?.roles ?? []);
  }

  /** The left column: the story, then the goal. */
  private drawStory(view: ClusterView, listing: ScenarioListing | undefined): void {
    const column = this.add.container(0, 0);
    this.layer.add(column);
    let y = TOP + 110;
    const place = (text: Phaser.GameObjects.Text, gap: number) => {
      column.add(text);
      y += text.height + gap;
      return text;
    };
    place(this.add.text(LEFT_X, y, t("brief.story"), heading()).setLetterSpacing(2), 8);
    place(
      this.add.text(LEFT_X, y, view.briefing, {
        ...textStyle(16),
        wordWrap: { width: LEFT_W },
        lineSpacing: 5,
      }),
      22,
    );
    place(this.add.text(LEFT_X, y, t("brief.goal"), heading()).setLetterSpacing(2), 8);
    const goal =
      this.scenarios === undefined
        ? t("brief.goalLoading")
        : listing
          ? goalSentence(listing)
          : t("brief.goalNone");
    place(
      this.add.text(LEFT_X, y, goal, {
        ...textStyle(17, colors.accent),
        fontStyle: "bold",
        wordWrap: { width: LEFT_W },
        lineSpacing: 5,
      }),
      18,
    );
    if (guiding(view))
      place(
        this.add.text(LEFT_X, y, t("brief.guided"), {
          ...textStyle(14, colors.starting),
          wordWrap: { width: LEFT_W },
        }),
        0,
      );
    shrinkToFit(column, LEFT_X, TOP + 110, COLUMN_BOTTOM);
  }

  /** The right column: the roles this player holds and who plays chaos, then the keys. */
  private drawRoles(view: ClusterView, roles: ClusterView["players"][number]["roles"]): void {
    const column = this.add.container(0, 0);
    this.layer.add(column);
    let y = TOP + 110;
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => {
      column.add(o);
      return o;
    };
    add(this.add.text(RIGHT_X, y, t("brief.roles"), heading()).setLetterSpacing(2));
    y += 30;
    if (roles.length === 0) {
      y += add(this.add.text(RIGHT_X, y, t("brief.noRoles"), textStyle(15, colors.muted))).height + 12;
    }
    for (const role of roles) {
      const chip = add(
        this.add
          .text(RIGHT_X, y, roleName(role), { ...textStyle(14, colors.background), fontStyle: "bold" })
          .setBackgroundColor(css(ROLE_COLOR[role]))
          .setPadding(8, 3, 8, 3),
      );
      const blurb = add(
        this.add.text(
          RIGHT_X + Math.max(130, chip.width + 12),
          y + 3,
          t(`role.${role}.blurb` as MessageKey),
          {
            ...textStyle(14, colors.text),
            wordWrap: { width: RIGHT_W - Math.max(130, chip.width + 12) },
          },
        ),
      );
      y += Math.max(chip.height, blurb.height + 3) + 10;
    }
    if (!roles.includes("chaos")) {
      const who = view.scripted ? "brief.scriptPlaysChaos" : "brief.humanChaos";
      y +=
        add(
          this.add.text(RIGHT_X, y, t(who), {
            ...textStyle(14, colors.danger),
            wordWrap: { width: RIGHT_W },
          }),
        ).height + 10;
    }
    y += 14;
    add(this.add.text(RIGHT_X, y, t("brief.keys"), heading()).setLetterSpacing(2));
    y += 30;
    for (const hint of keyHints(roles)) y += this.keyRow(column, hint, y) + 8;
    shrinkToFit(column, RIGHT_X, TOP + 110, COLUMN_BOTTOM);
  }

  /** A key as a chip, and what it does beside it; returns the row's height. */
  private keyRow(column: Phaser.GameObjects.Container, hint: KeyHint, y: number): number {
    const chip = this.add
      .text(RIGHT_X, y, hint.keys, textStyle(13, colors.text, true))
      .setBackgroundColor(css(colors.panelEdge))
      .setPadding(6, 2, 6, 2);
    const keysWidth = Math.max(170, chip.width + 12);
    const what = this.add.text(RIGHT_X + keysWidth, y + 2, hint.what, {
      ...textStyle(13, colors.muted),
      wordWrap: { width: RIGHT_W - keysWidth },
    });
    column.add([chip, what]);
    return Math.max(chip.height, what.height + 2);
  }

  /**
   * Solo: back to the title, another scenario (once the list has come), start the clock. Workshop:
   * what everyone waits for. Each button is made once, so a click never meets one being remade.
   */
  private drawButtons(view: ClusterView): void {
    const soloHost = view.solo && view.facilitator === view.me;
    const others = soloHost && (this.scenarios?.length ?? 0) > 1;
    const key = `${soloHost}|${others}`;
    if (key === this.buttonsDrawn) return;
    const first = !this.buttonsDrawn.startsWith(`${soloHost}|`);
    this.buttonsDrawn = key;
    const secondary = { height: 48, size: 17, style: "secondary" as const };
    if (first) {
      this.buttons.removeAll(true);
      if (!soloHost) {
        this.buttons.add(
          this.add
            .text(WIDTH / 2, BUTTONS_Y, t("brief.waiting"), textStyle(18, colors.accent))
            .setOrigin(0.5),
        );
        return;
      }
      this.buttons.add([
        new Button(
          this,
          M + 24 + 90,
          BUTTONS_Y,
          t("brief.title"),
          () =>
            void connection()
              .leave()
              .finally(() => goTo(this, "Title")),
          { ...secondary, width: 180 },
        ),
        new Button(
          this,
          WIDTH - M - 24 - 170,
          BUTTONS_Y,
          t("brief.start"),
          () => connection().send("startRound", {}),
          {
            width: 340,
            height: 52,
            size: 20,
          },
        ),
      ]);
    }
    if (others)
      this.buttons.add(
        new Button(
          this,
          M + 24 + 180 + 24 + 130,
          BUTTONS_Y,
          t("brief.otherScenario"),
          () => this.nextScenario(),
          {
            ...secondary,
            width: 260,
          },
        ),
      );
  }

  /** The solo player's next scenario in the list's order (the server briefs it at once). */
  private nextScenario(): void {
    const list = this.scenarios ?? [];
    const at = list.findIndex((s) => s.id === connection().latest?.scenarioId);
    const next = list[(at + 1) % list.length];
    if (next) connection().send("chooseScenario", { scenario: next.id });
  }

  private keep<T extends Phaser.GameObjects.GameObject>(o: T): T {
    this.layer.add(o);
    return o;
  }
}

/** A column taller than its room (a long briefing at 150 % text) shrinks about its top left corner. */
function shrinkToFit(column: Phaser.GameObjects.Container, x: number, top: number, bottom: number): void {
  const bounds = column.getBounds();
  const height = bounds.bottom - top;
  if (height <= bottom - top) return;
  const scale = (bottom - top) / height;
  column.setScale(scale).setPosition(x * (1 - scale), top * (1 - scale));
}
