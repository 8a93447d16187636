import Phaser from "phaser";
import { reducedMotion } from "./motion.ts";

/** How long each half of a scene change takes: short enough never to feel like waiting. */
const FADE_MS = 160;

/** Scenes already fading out: a second click during the fade must not start the next scene twice. */
const leaving = new WeakSet<Phaser.Scene>();

/**
 * Goes from `from` to the scene `key` with a short fade through the page's background colour: out,
 * then the next scene fades in. Under reduced motion (the setting or the system's) it cuts at once.
 *
 * The fade is a CSS opacity transition of the canvas, not a Phaser camera effect: it runs in real
 * time however slowly the game draws (a software-rendered classroom laptop), and it never changes
 * the canvas' own pixels, which the browser tests read.
 */
export function goTo(from: Phaser.Scene, key: string, data?: object): void {
  if (leaving.has(from)) return;
  const canvas = from.game.canvas;
  if (reducedMotion() || !from.sys.isActive()) {
    from.scene.start(key, data);
    return;
  }
  leaving.add(from);
  canvas.style.transition = `opacity ${FADE_MS}ms ease-in-out`;
  canvas.style.opacity = "0";
  // However this scene ends (this fade, or something else starting another scene mid-fade, such
  // as a round going live), the next one fades in.
  from.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
    leaving.delete(from);
    canvas.style.opacity = "1";
  });
  setTimeout(() => {
    if (leaving.has(from)) from.scene.start(key, data);
  }, FADE_MS);
}
