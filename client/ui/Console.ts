import type { CommandResultMessage, ErrorMessage, PodListMessage } from "../../shared/protocol/messages.ts";
import type { Command } from "../../shared/sim/commands.ts";
import { drainRefusalLine } from "../../shared/sim/controllers/disruption.ts";
import { commandLine } from "../../shared/words/commandLine.ts";
import { complete } from "../console/complete.ts";
import { getPods } from "../console/format.ts";
import { HELP, runLine, successText } from "../console/parse.ts";
import { t } from "../i18n/index.ts";
import type { ClusterView } from "../net/connection.ts";
import { colors, css, font, HEIGHT, WIDTH } from "./theme.ts";

/** The game area the panel covers, in game coordinates (1280×720). */
export interface ConsoleArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

type LineKind = "input" | "output" | "error" | "note" | "ok";

const LINE_COLORS: Record<LineKind, number> = {
  input: colors.accent,
  output: colors.text,
  error: colors.danger,
  note: colors.muted,
  ok: colors.healthy,
};
const MAX_LINES = 600;
const MAX_HISTORY = 100;
const MAX_AWAITING = 32;
/** Kept across rounds (the scene is rebuilt): what the player typed, oldest first. */
const history: string[] = [];

/** HTTP-like reasons kubectl prints for the room's refusals. */
const REASONS: Partial<Record<ErrorMessage["code"], string>> = {
  forbidden: "Forbidden",
  rate_limited: "TooManyRequests",
  wrong_phase: "Conflict",
  invalid_payload: "BadRequest",
  no_energy: "Forbidden",
};

/**
 * The kubectl console: an HTML panel over the bottom of the canvas (a real <input>, so keyboards,
 * IMEs and screen readers work), opened with ` or its button. Read commands print from the latest
 * view; mutating ones go to the server as game commands and print the tool's answer when it comes.
 */
export class ConsolePanel {
  private readonly root: HTMLDivElement;
  private readonly scrollback: HTMLDivElement;
  private readonly input: HTMLInputElement;
  private readonly awaiting: Command[] = [];
  /** Drains this console started and still follows: each node with the refused pods already printed. */
  private readonly drains = new Map<string, Set<string>>();
  private historyAt = history.length;
  private draft = "";
  private readonly onWindowKey = (event: KeyboardEvent) => this.windowKey(event);
  private readonly onResize = () => this.layout();

  private readonly area: ConsoleArea;
  private readonly view: () => ClusterView | undefined;
  private readonly send: (command: Command) => void;
  private readonly listPods: () => Promise<PodListMessage>;

  constructor(
    area: ConsoleArea,
    view: () => ClusterView | undefined,
    send: (command: Command) => void,
    listPods: () => Promise<PodListMessage>,
  ) {
    this.area = area;
    this.view = view;
    this.send = send;
    this.listPods = listPods;
    this.root = document.createElement("div");
    this.root.className = "cc-console";
    this.root.setAttribute("role", "region");
    this.root.setAttribute("aria-label", t("console.title"));
    this.root.style.cssText = `position:fixed;display:none;flex-direction:column;box-sizing:border-box;background:${css(colors.background)};border:2px solid ${css(colors.accent)};border-radius:10px;box-shadow:0 12px 40px rgba(0,0,0,.55);font-family:${font.mono};color:${css(colors.text)};z-index:5;overflow:hidden`;
    const title = document.createElement("div");
    title.textContent = t("console.title");
    title.style.cssText = `flex:none;padding:4px 10px;font-family:${font.family};font-size:.85em;color:${css(colors.background)};background:${css(colors.accent)};font-weight:bold;white-space:nowrap;overflow:hidden;text-overflow:ellipsis`;
    this.scrollback = document.createElement("div");
    this.scrollback.className = "cc-console-output";
    this.scrollback.setAttribute("aria-live", "polite");
    this.scrollback.style.cssText = "flex:1;overflow:auto;padding:6px 10px;white-space:pre;line-height:1.35";
    const row = document.createElement("label");
    row.style.cssText = `flex:none;display:flex;align-items:center;gap:8px;padding:6px 10px;border-top:1px solid ${css(colors.panelEdge)}`;
    const prompt = document.createElement("span");
    prompt.textContent = "$";
    prompt.style.color = css(colors.accent);
    this.input = document.createElement("input");
    this.input.className = "cc-console-input";
    this.input.autocomplete = "off";
    this.input.spellcheck = false;
    this.input.setAttribute("autocapitalize", "off");
    this.input.placeholder = t("console.placeholder");
    this.input.maxLength = 400;
    this.input.style.cssText = `flex:1;min-width:0;font:inherit;color:${css(colors.text)};background:transparent;border:0;outline:none`;
    this.input.addEventListener("keydown", (event) => this.inputKey(event));
    row.append(prompt, this.input);
    this.root.append(title, this.scrollback, row);
    document.body.append(this.root);
    window.addEventListener("keydown", this.onWindowKey);
    window.addEventListener("resize", this.onResize);
    this.print(t("console.welcome"), "note");
  }

  get isOpen(): boolean {
    return this.root.style.display !== "none";
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  open(): void {
    this.root.style.display = "flex";
    this.layout();
    this.input.focus();
    this.scrollback.scrollTop = this.scrollback.scrollHeight;
  }

  close(): void {
    this.root.style.display = "none";
    this.input.blur();
  }

  destroy(): void {
    window.removeEventListener("keydown", this.onWindowKey);
    window.removeEventListener("resize", this.onResize);
    this.root.remove();
  }

  /** A command sent some other way (a click on a node): echoed as the line that does the same. */
  echo(command: Command): void {
    this.print(`$ ${commandLine(command)}   ${t("console.clicked")}`, "input");
    this.await(command);
  }

  /** Waits for the server's answer to a command (answers that never come are forgotten after a while). */
  private await(command: Command): void {
    this.awaiting.push(command);
    if (this.awaiting.length > MAX_AWAITING) this.awaiting.shift();
  }

  /** The server's verdict on a command: the tool's own answer, matched to the oldest one waiting. */
  result(result: CommandResultMessage): void {
    const at = this.awaiting.findIndex((c) => c.type === result.type);
    if (at < 0) return;
    const [command] = this.awaiting.splice(at, 1);
    if (result.accepted) this.print(successText(command!), "ok");
    else this.print(`Error from server: ${result.reason ?? "refused"}`, "error");
    if (result.accepted && command!.type === "drain") this.drains.set(command!.node, new Set());
  }

  /**
   * Follows the drains it started, as kubectl drain keeps its terminal: each eviction a disruption
   * budget refuses is printed in kubectl's words (once per pod; kubectl repeats it at every retry,
   * every 5 s), and "drained" once the node is empty. An uncordoned or deleted node ends the drain.
   */
  update(view: ClusterView): void {
    for (const [name, printed] of this.drains) {
      const node = view.nodes.find((n) => n.name === name);
      if (node === undefined || !node.unschedulable) {
        this.drains.delete(name);
        continue;
      }
      for (const pod of node.drainBlockedPods) {
        if (printed.has(pod)) continue;
        printed.add(pod);
        this.print(drainRefusalLine(pod, "default"), "error");
      }
      if (node.podCount === 0) {
        this.print(`node/${name} drained`, "ok");
        this.drains.delete(name);
      }
    }
  }

  refused(error: ErrorMessage): void {
    const at = this.awaiting.findIndex((c) => c.type === error.type || error.type === "command");
    if (at < 0) return;
    this.awaiting.splice(at, 1);
    this.print(`Error from server (${REASONS[error.code] ?? "BadRequest"}): ${error.message}`, "error");
  }

  /** Runs a line as if typed (also what Enter does). */
  submit(line: string): void {
    const trimmed = line.trim();
    if (trimmed === "") return;
    if (history.at(-1) !== trimmed) history.push(trimmed);
    if (history.length > MAX_HISTORY) history.shift();
    this.historyAt = history.length;
    this.draft = "";
    this.print(`$ ${trimmed}`, "input");
    const view = this.view();
    const result = runLine(trimmed, view);
    switch (result.kind) {
      case "output":
        this.print(result.text, "output");
        return;
      case "error":
        this.print(result.text, "error");
        return;
      case "help":
        this.print(t("console.helpTitle"), "note");
        this.print(HELP.map(([usage, key]) => `  ${usage}\n      ${t(key)}`).join("\n"), "output");
        return;
      case "clear":
        this.scrollback.replaceChildren();
        return;
      case "command":
        if (view?.phase !== "live") {
          this.print(t("console.notInRound"), "error");
          return;
        }
        this.await(result.command);
        this.send(result.command);
        return;
      case "listPods":
        this.printPods(result.names, result.wide);
        return;
      case "none":
        return;
    }
  }

  /** `kubectl get pods`: the server lists every pod (the view carries only those needing attention). */
  private printPods(names: readonly string[], wide: boolean): void {
    this.listPods().then(
      (list) => {
        if (names.length === 0) {
          this.print(getPods(list, wide), "output");
          return;
        }
        const missing = names.find((n) => !list.pods.some((p) => p.name === n));
        if (missing) this.print(`Error from server (NotFound): pods "${missing}" not found`, "error");
        else
          this.print(
            getPods({ pods: list.pods.filter((p) => names.includes(p.name)), more: 0 }, wide),
            "output",
          );
      },
      (error: unknown) =>
        this.print(`Error from server: ${error instanceof Error ? error.message : String(error)}`, "error"),
    );
  }

  private print(text: string, kind: LineKind): void {
    const line = document.createElement("div");
    line.textContent = text;
    line.dataset.kind = kind;
    line.style.color = css(LINE_COLORS[kind]);
    // Errors are sentences, not tables: they wrap rather than run off the panel's edge.
    if (kind === "error") line.style.whiteSpace = "pre-wrap";
    this.scrollback.append(line);
    fitWidth(line);
    while (this.scrollback.childElementCount > MAX_LINES) this.scrollback.firstElementChild?.remove();
    this.scrollback.scrollTop = this.scrollback.scrollHeight;
  }

  /** Over the canvas' area, scaled the way Phaser's FIT scaling scales the canvas. */
  private layout(): void {
    const canvas = document.querySelector("canvas");
    const rect = canvas?.getBoundingClientRect() ?? { left: 0, top: 0, width: WIDTH, height: HEIGHT };
    const scale = rect.width / WIDTH;
    Object.assign(this.root.style, {
      left: `${rect.left + this.area.x * scale}px`,
      top: `${rect.top + this.area.y * scale}px`,
      width: `${this.area.width * scale}px`,
      height: `${this.area.height * scale}px`,
      fontSize: `${Math.max(9, 12 * scale)}px`,
    });
    for (const line of this.scrollback.children) if (line instanceof HTMLElement) fitWidth(line);
  }

  private windowKey(event: KeyboardEvent): void {
    if (event.key !== "`" || event.isComposing) return;
    // The console's own field handles its keys; another form's field (a name, a code) keeps its backticks.
    if (event.target instanceof HTMLInputElement) return;
    event.preventDefault();
    this.toggle();
  }

  private inputKey(event: KeyboardEvent): void {
    if (event.isComposing) return;
    switch (event.key) {
      case "Enter": {
        event.preventDefault();
        const line = this.input.value;
        this.input.value = "";
        this.submit(line);
        return;
      }
      case "`":
      case "Escape":
        event.preventDefault();
        this.close();
        return;
      case "Tab": {
        event.preventDefault();
        const { line, options } = complete(this.input.value, this.view());
        if (line === this.input.value && options.length > 1) {
          this.print(`$ ${this.input.value}`, "input");
          this.print(options.join("   "), "note");
        }
        this.input.value = line;
        return;
      }
      case "ArrowUp":
      case "ArrowDown": {
        event.preventDefault();
        if (this.historyAt === history.length) this.draft = this.input.value;
        const step = event.key === "ArrowUp" ? -1 : 1;
        this.historyAt = Math.min(history.length, Math.max(0, this.historyAt + step));
        this.input.value = history[this.historyAt] ?? this.draft;
        return;
      }
    }
    // Keys typed here are the console's, not the game's.
    event.stopPropagation();
  }
}

/** The smallest a block wider than the panel is set, of the console's type size. */
const MIN_FIT = 0.6;

/**
 * A block wider than the panel (etcdctl's `-w table`, kubectl's wide columns) is set smaller so it
 * fits, down to MIN_FIT of the type size, instead of running off the panel's edge; past that it
 * scrolls sideways. Nothing to measure while the console is closed: `layout` fits again on open.
 */
function fitWidth(line: HTMLElement): void {
  line.style.fontSize = "";
  const room = line.clientWidth;
  if (room === 0 || line.scrollWidth <= room) return;
  line.style.fontSize = `${Math.max(MIN_FIT, Math.floor((room / line.scrollWidth) * 100) / 100)}em`;
}
