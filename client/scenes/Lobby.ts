import Phaser from "phaser";
import { MAX_PLAYERS } from "../../shared/protocol/limits.ts";
import { ROLES, type Role } from "../../shared/protocol/messages.ts";
import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import { type ClusterView, connection, fetchScenarios, type ScenarioListing } from "../net/connection.ts";
import { seam, visibleButtons } from "../testSeam.ts";
import { Button, makeFocusable } from "../ui/Button.ts";
import { askForm } from "../ui/Form.ts";
import { chooseScenario, levelName } from "../ui/Gallery.ts";
import { drawHeader } from "../ui/Header.ts";
import { boardWords } from "../ui/objective.ts";
import { colors, css, displayStyle, fitText, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";
import { watching } from "./Projector.ts";
import { briefingScene } from "./route.ts";

export const ROLE_COLOR: Record<Role, number> = {
  scheduler: colors.cpu,
  operator: colors.accent,
  chaos: colors.danger,
};
export const roleName = (role: Role): string => t(`role.${role}` as MessageKey);

const heading = { ...textStyle(15, colors.muted), fontStyle: "bold" };

/**
 * The workshop lobby and briefing: the join code big enough for a projector,
 * who is here with which roles, your own roles, and the facilitator's next step.
 */
export class Lobby extends Phaser.Scene {
  private layer!: Phaser.GameObjects.Container;
  /** The scenario panel, redrawn on its own when the scenario list arrives (the rest keeps its hit zones). */
  private stepLayer!: Phaser.GameObjects.Container;
  /** The scenarios the facilitator can choose from; undefined until loaded, null if they could not be. */
  private scenarios: readonly ScenarioListing[] | null | undefined;

  constructor() {
    super("Lobby");
  }

  create(): void {
    seam.scene = "Lobby";
    drawHeader(this, t("lobby.subtitle"));
    this.layer = this.add.container(0, 0);
    this.stepLayer = this.add.container(0, 0);
    const game = connection();
    const off = game.onView((view) => this.render(view));
    let alive = true;
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      alive = false;
      off();
    });
    this.scenarios = undefined;
    fetchScenarios().then(
      (list) => {
        this.scenarios = list;
        if (alive && game.latest?.phase !== "live" && game.latest) this.renderStep(game.latest);
      },
      () => {
        this.scenarios = null;
        if (alive && game.latest?.phase !== "live" && game.latest) this.renderStep(game.latest);
      },
    );
    if (game.latest) this.render(game.latest);
  }

  /** The facilitator types the next round's seed: teams given the same seed face the same incident. */
  private async askSeed(seed: number): Promise<void> {
    const values = await askForm(
      t("seed.title"),
      [
        {
          name: "seed",
          label: t("seed.label"),
          maxLength: 10,
          value: String(seed),
          check: (value) => (/^\d{1,10}$/.test(value) && Number(value) <= MAX_SEED ? null : t("seed.rule")),
        },
      ],
      t("seed.submit"),
    );
    if (values) connection().send("setSeed", { seed: Number(values.seed) });
  }

  /** The scenario's title in the player's language when the listing has it. */
  private scenarioName(view: ClusterView): string {
    const listed = this.scenarios?.find((s) => s.id === view.scenarioId);
    return listed ? listed.title[language()] || listed.title.en : view.scenarioTitle;
  }

  private render(view: ClusterView): void {
    if (view.phase === "live" || watching(view)) {
      // Spectators watch the workshop on the projector's big-screen view, from the lobby on.
      goTo(this, watching(view) ? "Projector" : "Incident");
      return;
    }
    if (view.phase === "briefing" && briefingScene(view) === "Briefing") {
      goTo(this, "Briefing");
      return;
    }
    this.layer.removeAll(true);
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => {
      this.layer.add(o);
      return o;
    };
    const g = add(this.add.graphics());
    this.renderCode(view, g, add);
    this.renderPlayers(view, g, add);
    this.renderRoles(view, add);
    this.renderStep(view);
  }

  private renderStep(view: ClusterView): void {
    this.stepLayer.removeAll(true);
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => {
      this.stepLayer.add(o);
      return o;
    };
    this.renderNextStep(view, add(this.add.graphics()), add);
  }

  private renderCode(view: ClusterView, g: Phaser.GameObjects.Graphics, add: Adder): void {
    g.fillStyle(colors.panel, 1).fillRoundedRect(24, 88, 600, 150, 14);
    add(this.add.text(48, 104, t("lobby.joinCode"), heading).setLetterSpacing(3));
    add(
      this.add.text(46, 126, view.joinCode, { ...displayStyle(72, colors.accent, true), fontStyle: "bold" }),
    );
    const link = `${window.location.origin}/?code=${view.joinCode}`;
    add(
      fitText(
        this.add.text(48, 210, t("lobby.share", { max: MAX_PLAYERS, link }), textStyle(15, colors.muted)),
        552,
      ),
    );
  }

  private renderPlayers(view: ClusterView, g: Phaser.GameObjects.Graphics, add: Adder): void {
    g.fillStyle(colors.panel, 1).fillRoundedRect(24, 254, 600, 442, 14);
    add(
      this.add
        .text(
          48,
          270,
          t("lobby.players", { n: view.players.filter((p) => !p.spectator).length, max: MAX_PLAYERS }),
          heading,
        )
        .setLetterSpacing(3),
    );
    view.players.forEach((player, i) => {
      const y = 306 + i * 32;
      const star = player.id === view.facilitator ? "★ " : "";
      const you = player.id === view.me ? `  ${t("lobby.you")}` : "";
      add(
        this.add.text(
          48,
          y,
          `${star}${player.name}${you}`,
          textStyle(18, player.connected ? colors.text : colors.muted),
        ),
      );
      player.roles.forEach((role, r) => {
        const chip = add(
          this.add.text(360 + r * 86, y + 2, roleName(role), textStyle(13, colors.background)),
        );
        chip.setBackgroundColor(css(ROLE_COLOR[role])).setPadding(6, 2, 6, 2);
      });
      if (player.roles.length === 0) {
        const note = t(player.spectator ? "lobby.watching" : "lobby.spectating");
        add(this.add.text(360, y + 2, note, textStyle(13, colors.muted)));
      }
    });
  }

  /** Your roles as three cards; click one to take it or drop it. */
  private renderRoles(view: ClusterView, add: Adder): void {
    const me = view.players.find((p) => p.id === view.me);
    const left = 648;
    const width = WIDTH - left - 24;
    add(
      this.add
        .text(
          left,
          96,
          t(
            me?.spectator
              ? "lobby.rolesSpectator"
              : view.rolesLocked
                ? "lobby.rolesLocked"
                : "lobby.rolesOpen",
          ),
          heading,
        )
        .setLetterSpacing(2),
    );
    ROLES.forEach((role, i) => {
      const y = 126 + i * 74;
      const held = me?.roles.includes(role) ?? false;
      const card = add(this.add.graphics());
      card
        .fillStyle(held ? ROLE_COLOR[role] : colors.panel, held ? 0.22 : 1)
        .fillRoundedRect(left, y, width, 64, 10);
      card
        .lineStyle(2, held ? ROLE_COLOR[role] : colors.panelEdge, 1)
        .strokeRoundedRect(left, y, width, 64, 10);
      add(
        this.add.text(left + 18, y + 10, `${held ? "✓ " : ""}${roleName(role)}`, {
          ...textStyle(20),
          fontStyle: "bold",
        }),
      );
      add(
        this.add.text(left + 18, y + 38, t(`role.${role}.blurb` as MessageKey), textStyle(14, colors.muted)),
      );
      const hit = add(
        this.add.zone(left + width / 2, y + 32, width, 64).setInteractive({ useHandCursor: true }),
      );
      // Tests find the card like a button, by its label.
      visibleButtons.set(`role:${role}`, { x: left + width / 2, y: y + 32 });
      hit.once(Phaser.GameObjects.Events.DESTROY, () => visibleButtons.delete(`role:${role}`));
      const choose = () => {
        const mine = me?.roles ?? [];
        connection().send("chooseRoles", { roles: held ? mine.filter((r) => r !== role) : [...mine, role] });
      };
      hit.on("pointerup", choose);
      makeFocusable({ scene: this, label: `role:${role}`, target: hit, activate: choose });
    });
  }

  /**
   * The chosen scenario and its briefing, the seed, and the facilitator's buttons (choose another
   * scenario, then open the briefing or start the round), or what everyone else waits for.
   */
  private renderNextStep(view: ClusterView, g: Phaser.GameObjects.Graphics, add: Adder): void {
    const left = 648;
    const width = WIDTH - left - 24;
    const briefing = view.phase === "briefing";
    const name = this.scenarioName(view);
    g.fillStyle(colors.panel, 1).fillRoundedRect(left, 358, width, 338, 14);
    const title = briefing
      ? t("lobby.briefing", { title: name })
      : view.phase === "debrief"
        ? t("lobby.roundOver")
        : t("lobby.scenarioNamed", { title: name });
    add(this.add.text(left + 24, 374, title, heading).setLetterSpacing(2));
    const body = view.briefing || t("lobby.waitingBrief", { title: name });
    add(
      fitText(
        this.add.text(left + 24, 402, body, {
          ...textStyle(16),
          wordWrap: { width: width - 48 },
          lineSpacing: 5,
        }),
        width - 48,
        // Above the scenario's line and the seed, however long the briefing and large the text.
        136,
      ),
    );
    // The seed, and whether a round on it ranks on this week's board (issue 18, item 8).
    const seed = `${t("lobby.seed", { seed: view.seed })} ${boardWords(view)}`;
    add(fitText(this.add.text(left + 24, 574, seed, textStyle(14, colors.muted)), width - 48));
    if (view.facilitator === view.me) {
      const [label, message] = briefing
        ? (["lobby.startRound", "startRound"] as const)
        : (["lobby.openBriefing", "openBriefing"] as const);
      const list = this.scenarios;
      const current = list?.find((s) => s.id === view.scenarioId);
      if (list === null) {
        add(this.add.text(left + 24, 600, t("lobby.scenariosUnavailable"), textStyle(14, colors.danger)));
      } else if (current) {
        const level = levelName(current.difficulty);
        add(
          fitText(
            this.add.text(
              left + 24,
              548,
              t("lobby.scenarioLine", {
                level: level ? `${level} · ` : "",
                minutes: current.realMinutes,
                nodes: current.nodes,
                services: current.services,
              }),
              textStyle(14, colors.accent),
            ),
            width - 48,
          ),
        );
      }
      // The run sheet of the chosen scenario, printable, in a tab of its own.
      add(
        new Button(
          this,
          left + width - 24 - 70,
          386,
          t("lobby.runSheet"),
          () => window.open(`/runsheet/${encodeURIComponent(view.scenarioId)}?lang=${language()}`, "_blank"),
          { width: 140, height: 28, size: 12, style: "secondary" },
        ),
      );
      const row = 648;
      const inner = width - 48;
      const gap = 12;
      const widths = [0.36, 0.25, 0.39].map((f) => f * (inner - 2 * gap));
      let x = left + 24;
      const place = (w: number) => {
        const center = x + w / 2;
        x += w + gap;
        return center;
      };
      if (list && list.length > 0)
        add(
          new Button(
            this,
            place(widths[0]!),
            row,
            t("lobby.chooseScenario"),
            () =>
              void chooseScenario(list, view.scenarioId).then((id) => {
                if (id !== null && id !== view.scenarioId)
                  connection().send("chooseScenario", { scenario: id });
              }),
            { width: widths[0]!, height: 48, size: 16, style: "secondary" },
          ),
        );
      else place(widths[0]!);
      add(
        new Button(this, place(widths[1]!), row, t("lobby.changeSeed"), () => void this.askSeed(view.seed), {
          width: widths[1]!,
          height: 48,
          size: 16,
          style: "secondary",
        }),
      );
      add(
        new Button(this, place(widths[2]!), row, t(label), () => connection().send(message, {}), {
          width: widths[2]!,
          height: 48,
        }),
      );
    } else {
      const waiting = t(briefing ? "lobby.readBriefing" : "lobby.waitingFacilitator");
      add(this.add.text(left + width / 2, 648, waiting, textStyle(18, colors.accent)).setOrigin(0.5));
    }
  }
}

type Adder = <T extends Phaser.GameObjects.GameObject>(o: T) => T;

/** The seed's range: a non-negative 31-bit integer, as the room accepts it (shared/protocol/messages.ts). */
const MAX_SEED = 2 ** 31 - 1;
