import Phaser from "phaser";
import { visibleButtons } from "../testSeam.ts";
import { isTyping, play } from "./sound.ts";
import { colors, textStyle } from "./theme.ts";

export type ButtonStyle = "primary" | "secondary" | "danger";

/** A rounded, labelled button with hover feedback, reachable with Tab and pressed with Enter or Space. */
export class Button extends Phaser.GameObjects.Container {
  private readonly background: Phaser.GameObjects.Graphics;
  private readonly label: Phaser.GameObjects.Text;
  private readonly buttonWidth: number;
  private readonly buttonHeight: number;
  private readonly look: ButtonStyle;
  private hovered = false;
  private focused = false;

  constructor(
    scene: Phaser.Scene,
    x: number,
    y: number,
    label: string,
    onClick: () => void,
    { width = 240, height = 56, style = "primary" as ButtonStyle, size = 22 } = {},
  ) {
    super(scene, x, y);
    this.buttonWidth = width;
    this.buttonHeight = height;
    this.look = style;
    this.background = scene.add.graphics();
    this.label = scene.add.text(0, 0, label, { ...textStyle(size), fontStyle: "bold" }).setOrigin(0.5);
    // Larger text (Settings) must not spill out of the button: a long label shrinks to fit instead.
    const room = width - 20;
    if (this.label.width > room) this.label.setScale(room / this.label.width);
    this.add([this.background, this.label]);
    this.draw();
    this.setSize(width, height);
    const press = () => {
      play("click");
      onClick();
    };
    this.setInteractive({ useHandCursor: true })
      .on("pointerover", () => this.hover(true))
      .on("pointerout", () => this.hover(false))
      .on("pointerup", press);
    scene.add.existing(this);
    // Phaser's input takes a new interactive object from the next frame on: tests click it from then.
    scene.events.once(Phaser.Scenes.Events.UPDATE, () => {
      if (this.active) visibleButtons.set(label, { x, y });
    });
    const focusable: Focusable = {
      scene,
      label,
      target: this,
      bounds: () => {
        // A container's getBounds() covers only its children's text; the button is its whole plate.
        const at = this.getWorldTransformMatrix();
        return new Phaser.Geom.Rectangle(at.tx - width / 2, at.ty - height / 2, width, height);
      },
      activate: press,
      setFocused: (on) => {
        this.focused = on;
        this.draw();
      },
    };
    makeFocusable(focusable);
    this.once(Phaser.GameObjects.Events.DESTROY, () => visibleButtons.delete(label));
  }

  private hover(on: boolean): void {
    this.hovered = on;
    this.draw();
  }

  private draw(): void {
    const lit = this.hovered || this.focused;
    const fill = { primary: colors.accent, secondary: colors.panelEdge, danger: colors.danger }[this.look];
    this.background.clear();
    this.background.fillStyle(lit ? colors.text : fill, 1);
    this.background.fillRoundedRect(
      -this.buttonWidth / 2,
      -this.buttonHeight / 2,
      this.buttonWidth,
      this.buttonHeight,
      12,
    );
    this.label.setColor(this.look === "secondary" && !lit ? "#e6edf7" : "#070b16");
  }
}

// ——— Keyboard focus ———
//
// Tab and Shift+Tab move a focus ring through the buttons showing on the active scenes, in reading
// order (rows top to bottom, then left to right); Enter or Space presses the one with the ring.
// It listens on the document in the capture phase: after the window's capture listeners (an open
// menu, ui/Menu.ts, takes its keys there and stops them), before Phaser's keyboard and the scenes'
// window listeners, which skip the events it prevents, so no key acts twice. Arrow keys and Escape
// drop the ring, handing Enter back to the scene (the incident map's selected node).

/** Something the keyboard can reach: a Button, or any zone a scene registers (the lobby's role cards). */
export interface Focusable {
  readonly scene: Phaser.Scene;
  /** Stable across redraws, so focus survives a scene re-rendering the same control. */
  readonly label: string;
  readonly target: Phaser.GameObjects.Container | Phaser.GameObjects.Zone;
  /** Where it is in the scene; the target's bounds when absent. */
  bounds?(): Phaser.Geom.Rectangle;
  activate(): void;
  /** Draws the control's own focused look, besides the shared ring. */
  setFocused?(focused: boolean): void;
}

const focusables = new Set<Focusable>();
let current: Focusable | null = null;
/** The control last focused, by scene and label, to restore after a redraw replaces it. */
let remembered: { scene: Phaser.Scene; label: string } | null = null;
const scenesWithOwnKeys = new WeakSet<Phaser.Scene>();
let ring: Phaser.GameObjects.Graphics | null = null;

/** Lets Tab, Enter and Space reach `focusable` until its game object is destroyed. */
export function makeFocusable(focusable: Focusable): void {
  focusables.add(focusable);
  installKeys();
  if (remembered?.scene === focusable.scene && remembered.label === focusable.label) focus(focusable);
  focusable.target.once(Phaser.GameObjects.Events.DESTROY, () => {
    focusables.delete(focusable);
    if (current === focusable) {
      current = null;
      ring?.clear();
      focusChanged();
    }
  });
}

/**
 * For scenes whose own keys use Tab and Enter (the puzzle screens, the leaderboard's lists): the
 * focus ring leaves their buttons to the mouse and their own shortcuts.
 */
export function keepOwnKeys(scene: Phaser.Scene): void {
  scenesWithOwnKeys.add(scene);
}

/** The label of the control with the focus ring, or null (for tests and narration). */
export function focusedLabel(): string | null {
  return current?.label ?? null;
}

/**
 * The label of the control whose ring shows now, or null. A page control with the browser's focus
 * (a form's field, the console, the gallery) draws its own ring: the canvas' then hides, so one ring
 * shows at a time.
 */
export function ringShownOn(): string | null {
  return current && !pageHasFocus() ? current.label : null;
}

/** An HTML control over the canvas (a field, a button, a link) holds the browser's keyboard focus. */
export function pageHasFocus(): boolean {
  const active = typeof document === "undefined" ? null : document.activeElement;
  return (
    active instanceof HTMLInputElement ||
    active instanceof HTMLTextAreaElement ||
    active instanceof HTMLSelectElement ||
    active instanceof HTMLButtonElement ||
    active instanceof HTMLAnchorElement
  );
}

const focusListeners = new Set<() => void>();

/** Calls `listener` whenever the ring moves or goes; returns how to stop. */
export function onFocusChange(listener: () => void): () => void {
  focusListeners.add(listener);
  return () => {
    focusListeners.delete(listener);
  };
}

function focusChanged(): void {
  for (const listener of focusListeners) listener();
}

let installed = false;
function installKeys(): void {
  if (installed) return;
  installed = true;
  document.addEventListener("keydown", onKey, { capture: true });
}

function onKey(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  // DOM controls (the join form, the console) handle their own keys.
  if (isTyping(event.target) || event.target instanceof HTMLButtonElement) return;
  if (document.querySelector(".cc-form")) return;
  if (current && !shown(current)) blur();
  switch (event.key) {
    case "Tab": {
      const order = reachable();
      if (order.length === 0) return;
      event.preventDefault();
      const at = current ? order.indexOf(current) : -1;
      const step = event.shiftKey ? -1 : 1;
      const next =
        at < 0 ? (event.shiftKey ? order.length - 1 : 0) : (at + step + order.length) % order.length;
      focus(order[next]!);
      return;
    }
    case "Enter":
    case " ": {
      if (!current || event.repeat) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      current.activate();
      return;
    }
    case "Escape":
    case "ArrowUp":
    case "ArrowDown":
    case "ArrowLeft":
    case "ArrowRight":
      if (current) blur();
      return;
  }
}

function reachable(): Focusable[] {
  const shownNow = [...focusables].filter((f) => shown(f) && !scenesWithOwnKeys.has(f.scene));
  const centre = boundsOf;
  // Reading order; controls within 12 px of height count as one row.
  return shownNow.sort((a, b) => {
    const ra = centre(a);
    const rb = centre(b);
    const dy = ra.centerY - rb.centerY;
    return Math.abs(dy) > 12 ? dy : ra.centerX - rb.centerX;
  });
}

/** Whether a control is on screen and can be pressed: its scene runs and nothing up its tree is hidden. */
function shown(f: Focusable): boolean {
  if (!f.scene.sys.isActive() || !f.scene.input?.enabled || !f.target.active) return false;
  if (f.target.input && !f.target.input.enabled) return false;
  let object: Phaser.GameObjects.Container | Phaser.GameObjects.Zone | null = f.target;
  while (object) {
    if (!object.visible) return false;
    object = object.parentContainer;
  }
  return true;
}

function boundsOf(f: Focusable): Phaser.Geom.Rectangle {
  return f.bounds?.() ?? f.target.getBounds();
}

function focus(next: Focusable): void {
  if (current !== next) current?.setFocused?.(false);
  current = next;
  remembered = { scene: next.scene, label: next.label };
  next.setFocused?.(true);
  drawRing();
  focusChanged();
}

function blur(): void {
  current?.setFocused?.(false);
  current = null;
  remembered = null;
  ring?.clear();
  focusChanged();
}

/** The ring lives in the focused control's scene, above everything, and follows it every frame. */
function drawRing(): void {
  const f = current;
  if (!f) return;
  if (ring?.scene !== f.scene) {
    ring?.destroy();
    const made = f.scene.add.graphics().setDepth(Number.MAX_SAFE_INTEGER);
    const follow = () => drawRing();
    f.scene.events.on(Phaser.Scenes.Events.POST_UPDATE, follow);
    made.once(Phaser.GameObjects.Events.DESTROY, () => {
      f.scene.events.off(Phaser.Scenes.Events.POST_UPDATE, follow);
      if (ring === made) ring = null;
    });
    ring = made;
  }
  const bounds = boundsOf(f);
  ring.clear();
  if (pageHasFocus()) return;
  ring
    .lineStyle(6, colors.background, 0.9)
    .strokeRoundedRect(bounds.x - 6, bounds.y - 6, bounds.width + 12, bounds.height + 12, 14)
    .lineStyle(3, colors.focus, 1)
    .strokeRoundedRect(bounds.x - 5, bounds.y - 5, bounds.width + 10, bounds.height + 10, 14);
}
