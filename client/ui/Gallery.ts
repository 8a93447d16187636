import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import type { ScenarioListing } from "../net/api.ts";
import { keepTabInside, modalOverlay } from "./Form.ts";
import { colors, css, font, textScale } from "./theme.ts";

/** The level chips' colours, easiest to hardest. */
const LEVEL_COLOR: Record<string, number> = {
  tutorial: colors.healthy,
  beginner: colors.accent,
  intermediate: colors.starting,
  advanced: colors.pending,
  expert: colors.danger,
};

const LEVELS: readonly string[] = ["tutorial", "beginner", "intermediate", "advanced", "expert"];

/** A scenario's level in the player's language ("" when its notes are not written). */
export function levelName(level: string | null): string {
  if (level === null) return "";
  return LEVELS.includes(level) ? t(`leaderboard.level.${level}` as MessageKey) : level;
}

/**
 * The facilitator's scenario gallery, over the lobby: a card per scenario with its level, its length
 * at 1×, its size and what it teaches, the current one marked, each with a link to its printable run
 * sheet. Real buttons and links, so keyboards and screen readers work as on any page. Resolves with
 * the chosen scenario's id, or null when closed.
 */
export function chooseScenario(list: readonly ScenarioListing[], current: string): Promise<string | null> {
  return new Promise((resolve) => {
    const lang = language();
    const size = (px: number) => `${Math.round(px * textScale())}px`;
    const overlay = modalOverlay("cc-gallery", "dialog", "cc-gallery-title", 0.8);
    const box = document.createElement("div");
    box.style.cssText = `background:${css(colors.panel)};border:2px solid ${css(colors.panelEdge)};border-radius:16px;padding:24px 28px;width:min(1180px,94vw);max-height:92vh;overflow:auto;color:${css(colors.text)};box-shadow:0 20px 60px rgba(0,0,0,.5)`;
    const head = document.createElement("div");
    head.style.cssText = "display:flex;align-items:baseline;justify-content:space-between;gap:16px";
    const heading = document.createElement("h2");
    heading.id = "cc-gallery-title";
    heading.textContent = t("gallery.title");
    heading.style.cssText = `margin:0;font-size:${size(24)};letter-spacing:1px`;
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = t("gallery.close");
    close.style.cssText = `font:${size(15)} ${font.family};padding:8px 16px;border-radius:8px;border:2px solid ${css(colors.panelEdge)};background:transparent;color:${css(colors.muted)};cursor:pointer`;
    head.append(heading, close);
    const intro = document.createElement("p");
    intro.textContent = t("gallery.intro");
    intro.style.cssText = `margin:6px 0 18px;color:${css(colors.muted)};font-size:${size(14)}`;
    const grid = document.createElement("div");
    grid.style.cssText = "display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:14px";
    const buttons: HTMLElement[] = [];
    for (const scenario of list) {
      const chosen = scenario.id === current;
      const card = document.createElement("article");
      card.style.cssText = `display:flex;flex-direction:column;border-radius:12px;border:2px solid ${css(chosen ? colors.accent : colors.panelEdge)};background:${css(colors.background)};overflow:hidden`;
      const choose = document.createElement("button");
      choose.type = "button";
      choose.dataset.scenario = scenario.id;
      choose.style.cssText = `flex:1;display:flex;flex-direction:column;justify-content:flex-start;text-align:left;font-family:${font.family};background:transparent;border:0;color:${css(colors.text)};padding:14px 16px 10px;cursor:pointer`;
      const level = levelName(scenario.difficulty);
      const chip = level
        ? `<span style="display:inline-block;background:${css(LEVEL_COLOR[scenario.difficulty ?? ""] ?? colors.muted)};color:${css(colors.background)};border-radius:6px;padding:1px 8px;font-weight:700;font-size:${size(12)}">${escapeHtml(level)}</span>`
        : "";
      const mark = chosen
        ? ` <span style="color:${css(colors.accent)};font-size:${size(12)};font-weight:700">● ${escapeHtml(t("gallery.current"))}</span>`
        : "";
      choose.innerHTML = `<div style="font-size:${size(19)};font-weight:700;margin-bottom:6px">${escapeHtml(scenario.title[lang] || scenario.title.en)}${mark}</div>
        <div style="display:flex;gap:8px;align-items:center;flex-wrap:wrap;color:${css(colors.muted)};font-size:${size(13)};margin-bottom:8px">${chip}<span>${escapeHtml(`${t("gallery.minutes", { minutes: scenario.realMinutes })} · ${t("gallery.size", { nodes: scenario.nodes, services: scenario.services })}`)}</span></div>
        <div style="font-size:${size(13.5)};line-height:1.45;color:${css(scenario.teaches ? colors.text : colors.muted)}">${escapeHtml(scenario.teaches?.[lang] || t("gallery.noNotes"))}</div>`;
      choose.addEventListener("click", () => done(scenario.id));
      const sheet = document.createElement("a");
      sheet.href = `/runsheet/${encodeURIComponent(scenario.id)}?lang=${lang}`;
      sheet.target = "_blank";
      sheet.rel = "noopener";
      sheet.textContent = t("gallery.runSheet");
      sheet.style.cssText = `display:block;padding:8px 16px;border-top:1px solid ${css(colors.panelEdge)};color:${css(colors.accent)};font-size:${size(13)};text-decoration:none`;
      card.append(choose, sheet);
      grid.append(card);
      buttons.push(choose, sheet);
    }
    box.append(head, intro, grid);
    overlay.append(box);
    document.body.append(overlay);
    installStyle();
    (buttons.find((b) => b.dataset.scenario === current) ?? buttons[0] ?? close).focus();

    const done = (id: string | null) => {
      overlay.remove();
      resolve(id);
    };
    close.addEventListener("click", () => done(null));
    overlay.addEventListener("click", (e) => {
      if (e.target === overlay) done(null);
    });
    overlay.addEventListener("keydown", (e) => {
      // The lobby's keys wait while the gallery is open.
      e.stopPropagation();
      if (e.key === "Escape") done(null);
      keepTabInside(e, [close, ...buttons]);
    });
  });
}

function installStyle(): void {
  if (document.getElementById("cc-gallery-style")) return;
  const style = document.createElement("style");
  style.id = "cc-gallery-style";
  style.textContent = `.cc-gallery button:focus-visible,.cc-gallery a:focus-visible{outline:3px solid ${css(colors.focus)};outline-offset:-3px}.cc-gallery article:hover{border-color:${css(colors.accent)}!important}`;
  document.head.append(style);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
