import Phaser from "phaser";
import { Boot } from "./scenes/Boot.ts";
import { Cluster } from "./scenes/Cluster.ts";
import { Title } from "./scenes/Title.ts";
import "./testSeam.ts";
import { colors, HEIGHT, WIDTH } from "./ui/theme.ts";

new Phaser.Game({
  type: Phaser.AUTO,
  parent: "game",
  width: WIDTH,
  height: HEIGHT,
  backgroundColor: colors.background,
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  // Keep the drawing buffer so tests (and screenshots) can read the canvas' pixels.
  render: { antialias: true, preserveDrawingBuffer: true },
  scene: [Boot, Title, Cluster],
});
