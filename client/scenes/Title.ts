import Phaser from "phaser";
import { normalizeJoinCode } from "../../shared/protocol/joinCode.ts";
import { isDisplayName, MAX_NAME_LENGTH } from "../../shared/protocol/names.ts";
import { connection } from "../net/connection.ts";
import { seam } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { askForm, type Field } from "../ui/Form.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";

const nameField: Field = {
  name: "name",
  label: "Your name",
  placeholder: "e.g. Ada or 민지",
  maxLength: MAX_NAME_LENGTH,
  value: localStorage.getItem("clusterCrisis.name") ?? "",
  check: (v) => (isDisplayName(v) ? null : `1–${MAX_NAME_LENGTH} letters, digits, spaces or -_.'`),
};

const codeField: Field = {
  name: "code",
  label: "Workshop code",
  placeholder: "KQ7-M2P",
  maxLength: 9,
  check: (v) => (normalizeJoinCode(v) ? null : "A code is six letters and digits, like KQ7-M2P"),
};

/** The title screen: what the game is, and the ways in. */
export class Title extends Phaser.Scene {
  private status!: Phaser.GameObjects.Text;
  private busy = false;

  constructor() {
    super("Title");
  }

  create(): void {
    seam.scene = "Title";
    this.busy = false;
    this.drawBackdrop();
    this.add.image(WIDTH / 2, 170, "logo");
    this.add
      .text(WIDTH / 2, 296, "CLUSTER CRISIS", { ...textStyle(64, colors.text), fontStyle: "bold" })
      .setOrigin(0.5)
      .setLetterSpacing(6);
    this.add
      .text(
        WIDTH / 2,
        356,
        "Keep a real Kubernetes cluster alive through launch day.",
        textStyle(22, colors.muted),
      )
      .setOrigin(0.5);
    new Button(
      this,
      WIDTH / 2,
      440,
      "PLAY SOLO",
      () => this.enter(() => connection().playSolo("You"), "Cluster"),
      {
        width: 300,
      },
    );
    new Button(this, WIDTH / 2 - 158, 516, "HOST A WORKSHOP", () => void this.hostWorkshop(), {
      width: 300,
      height: 50,
      style: "secondary",
      size: 18,
    });
    new Button(this, WIDTH / 2 + 158, 516, "JOIN WITH A CODE", () => void this.joinWorkshop(), {
      width: 300,
      height: 50,
      style: "secondary",
      size: 18,
    });
    this.status = this.add.text(WIDTH / 2, 586, "", textStyle(18, colors.danger)).setOrigin(0.5);
    this.add
      .text(
        WIDTH / 2,
        HEIGHT - 36,
        "etcd · kube-scheduler · controllers · kubelets — simulated faithfully",
        textStyle(14, colors.muted),
      )
      .setOrigin(0.5);
  }

  private async hostWorkshop(): Promise<void> {
    const values = await askForm("Host a workshop", [nameField], "Open workshop");
    if (values) this.enter(() => connection().host(remember(values.name!)), "Lobby");
  }

  private async joinWorkshop(): Promise<void> {
    const values = await askForm("Join a workshop", [codeField, nameField], "Join");
    if (values)
      this.enter(
        () => connection().joinByCode(normalizeJoinCode(values.code!)!, remember(values.name!)),
        "Lobby",
      );
  }

  private enter(connect: () => Promise<void>, next: string): void {
    if (this.busy) return;
    this.busy = true;
    this.status.setText("Connecting…").setColor(css(colors.muted));
    connect()
      .then(() => this.scene.start(next))
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
    g.fillStyle(colors.background, 0.85).fillRoundedRect(WIDTH / 2 - 380, 76, 760, 540, 24);
  }
}

function remember(name: string): string {
  localStorage.setItem("clusterCrisis.name", name);
  return name;
}

function readable(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/not found|invalid|expired/i.test(message)) return "No workshop with that code is open.";
  return `Could not join: ${message}`;
}
