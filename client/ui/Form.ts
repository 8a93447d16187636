import { t } from "../i18n/index.ts";
import { colors, css, font } from "./theme.ts";

/** One field of a form: a line of text, or a checkbox (its value is "yes" or ""). */
export interface Field {
  readonly kind?: "text" | "checkbox";
  readonly name: string;
  readonly label: string;
  readonly placeholder?: string;
  readonly maxLength: number;
  readonly value?: string;
  /** Returns an error to show, or null when the value is fine. */
  readonly check: (value: string) => string | null;
}

/**
 * A small HTML dialog over the canvas for typing a name or a join code: real
 * inputs, so keyboards, IMEs (Korean) and screen readers work as people expect.
 * Resolves with the values, or null if cancelled.
 */
export function askForm(
  title: string,
  fields: readonly Field[],
  submitLabel: string,
): Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    installFocusStyle();
    const overlay = modalOverlay("cc-form", "dialog", "cc-form-title");
    const form = document.createElement("form");
    form.style.cssText = `background:${css(colors.panel)};border:2px solid ${css(colors.panelEdge)};border-radius:14px;padding:28px 32px;min-width:340px;color:${css(colors.text)};box-shadow:0 20px 60px rgba(0,0,0,.5)`;
    const heading = document.createElement("h2");
    heading.id = "cc-form-title";
    heading.textContent = title;
    heading.style.cssText = "margin:0 0 18px;font-size:22px;letter-spacing:1px";
    form.append(heading);
    const inputs = fields.map((field) => {
      const label = document.createElement("label");
      label.textContent = field.label;
      label.style.cssText = `display:block;font-size:13px;color:${css(colors.muted)};margin:12px 0 6px`;
      const input = document.createElement("input");
      input.name = field.name;
      if (field.kind === "checkbox") {
        input.type = "checkbox";
        input.style.cssText = "margin-right:10px;transform:scale(1.3)";
        label.style.cssText = `display:flex;align-items:center;font-size:15px;color:${css(colors.text)};margin:16px 0 4px;cursor:pointer`;
        label.prepend(input);
        form.append(label);
        return input;
      }
      input.maxLength = field.maxLength;
      input.placeholder = field.placeholder ?? "";
      input.value = field.value ?? "";
      input.autocomplete = "off";
      input.style.cssText = `width:100%;box-sizing:border-box;font:18px ${font.family};padding:10px 12px;border-radius:8px;border:2px solid ${css(colors.panelEdge)};background:${css(colors.background)};color:${css(colors.text)}`;
      label.append(input);
      form.append(label);
      return input;
    });
    const error = document.createElement("p");
    error.setAttribute("role", "alert");
    error.style.cssText = `min-height:20px;margin:12px 0 0;color:${css(colors.danger)};font-size:14px`;
    const actions = document.createElement("div");
    actions.style.cssText = "display:flex;gap:12px;justify-content:flex-end;margin-top:16px";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = t("form.cancel");
    cancel.style.cssText = `font:16px ${font.family};padding:10px 18px;border-radius:8px;border:2px solid ${css(colors.panelEdge)};background:transparent;color:${css(colors.muted)};cursor:pointer`;
    const submit = document.createElement("button");
    submit.type = "submit";
    submit.textContent = submitLabel;
    submit.style.cssText = `font:bold 16px ${font.family};padding:10px 22px;border-radius:8px;border:0;background:${css(colors.accent)};color:${css(colors.background)};cursor:pointer`;
    actions.append(cancel, submit);
    form.append(error, actions);
    overlay.append(form);
    document.body.append(overlay);
    inputs[0]?.focus();

    const close = (result: Record<string, string> | null) => {
      overlay.remove();
      resolve(result);
    };
    cancel.addEventListener("click", () => close(null));
    overlay.addEventListener("keydown", (e) => {
      if (e.key === "Escape") close(null);
      keepTabInside(e, [...inputs, cancel, submit]);
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const values: Record<string, string> = {};
      for (const [i, field] of fields.entries()) {
        const input = inputs[i]!;
        const value = field.kind === "checkbox" ? (input.checked ? "yes" : "") : input.value.trim();
        const problem = field.check(value);
        if (problem) {
          error.textContent = problem;
          input.focus();
          return;
        }
        values[field.name] = value;
      }
      close(values);
    });
  });
}

/** A clear keyboard focus ring for the dialog's fields and buttons (the game's focus colour). */
function installFocusStyle(): void {
  if (document.getElementById("cc-form-style")) return;
  const style = document.createElement("style");
  style.id = "cc-form-style";
  style.textContent = `.cc-form input:focus-visible,.cc-form button:focus-visible{outline:3px solid ${css(colors.focus)};outline-offset:2px}`;
  document.head.append(style);
}

/**
 * A yes-or-no question over the canvas, for an action that cannot be undone (ending a round).
 * The safe answer has the focus; Escape and a click outside the dialog answer it. Resolves true only
 * when the confirming button is pressed.
 */
export function askConfirm(
  title: string,
  body: string,
  confirmLabel: string,
  cancelLabel: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    installFocusStyle();
    const overlay = modalOverlay("cc-form cc-confirm", "alertdialog", "cc-confirm-title");
    overlay.setAttribute("aria-describedby", "cc-confirm-body");
    const box = document.createElement("div");
    box.style.cssText = `background:${css(colors.panel)};border:2px solid ${css(colors.danger)};border-radius:14px;padding:26px 30px;max-width:460px;color:${css(colors.text)};box-shadow:0 20px 60px rgba(0,0,0,.5)`;
    const heading = document.createElement("h2");
    heading.id = "cc-confirm-title";
    heading.textContent = title;
    heading.style.cssText = "margin:0 0 12px;font-size:22px;letter-spacing:1px";
    const text = document.createElement("p");
    text.id = "cc-confirm-body";
    text.textContent = body;
    text.style.cssText = `margin:0 0 20px;font-size:15px;line-height:1.5;color:${css(colors.muted)}`;
    const actions = document.createElement("div");
    actions.style.cssText = "display:flex;gap:12px;justify-content:flex-end";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.name = "cancel";
    cancel.textContent = cancelLabel;
    cancel.style.cssText = `font:bold 16px ${font.family};padding:10px 18px;border-radius:8px;border:2px solid ${css(colors.panelEdge)};background:transparent;color:${css(colors.text)};cursor:pointer`;
    const confirm = document.createElement("button");
    confirm.type = "button";
    confirm.name = "confirm";
    confirm.textContent = confirmLabel;
    confirm.style.cssText = `font:bold 16px ${font.family};padding:10px 22px;border-radius:8px;border:0;background:${css(colors.danger)};color:${css(colors.text)};cursor:pointer`;
    actions.append(cancel, confirm);
    box.append(heading, text, actions);
    overlay.append(box);
    document.body.append(overlay);
    cancel.focus();
    const close = (answer: boolean) => {
      overlay.remove();
      resolve(answer);
    };
    cancel.addEventListener("click", () => close(false));
    confirm.addEventListener("click", () => close(true));
    overlay.addEventListener("click", (e) => {
      if (e.target === overlay) close(false);
    });
    overlay.addEventListener("keydown", (e) => {
      // The game's own keys (the map's, the console's) wait while the question is open.
      e.stopPropagation();
      if (e.key === "Escape") close(false);
      keepTabInside(e, [cancel, confirm]);
    });
  });
}

/**
 * The dimmed full-window layer of a modal dialog (not yet on the page): a dialog to screen readers,
 * named by its heading, its box centred.
 */
export function modalOverlay(
  className: string,
  role: "dialog" | "alertdialog",
  labelledBy: string,
  dim = 0.72,
): HTMLDivElement {
  const overlay = document.createElement("div");
  overlay.className = className;
  overlay.setAttribute("role", role);
  overlay.setAttribute("aria-modal", "true");
  overlay.setAttribute("aria-labelledby", labelledBy);
  overlay.style.cssText = `position:fixed;inset:0;display:flex;align-items:center;justify-content:center;background:rgba(7,11,22,${dim});font-family:${font.family};z-index:10`;
  // Phaser hears a mouse or finger lifted anywhere on the window, and hands it to whatever the canvas
  // draws beneath that point: a click on a dialog's card would also press the lobby's role card under
  // it. The dialog keeps its own releases (a click still follows: it does not depend on their bubbling).
  for (const type of ["mouseup", "touchend"]) overlay.addEventListener(type, (e) => e.stopPropagation());
  return overlay;
}

/** Tab stays inside a dialog: from its last stop back to its first, and the other way with Shift. */
export function keepTabInside(e: KeyboardEvent, stops: readonly HTMLElement[]): void {
  if (e.key !== "Tab") return;
  const active = document.activeElement;
  const at = active instanceof HTMLElement ? stops.indexOf(active) : -1;
  const wrapTo = e.shiftKey ? (at <= 0 ? stops.at(-1) : null) : at === stops.length - 1 ? stops[0] : null;
  if (wrapTo) {
    e.preventDefault();
    wrapTo.focus();
  }
}
