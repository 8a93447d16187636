import { en, ko, type MessageKey } from "./strings.ts";

export type Language = "en" | "ko";

const STORAGE_KEY = "clusterCrisis.lang";
const dictionaries: Record<Language, Record<MessageKey, string>> = { en, ko };

let current: Language = initialLanguage();
// Screen readers pick their voice from the page's language.
document.documentElement.lang = current;

/** The saved choice, else the browser's language (Korean for any `ko-*`), else English. */
function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "ko") return saved;
  return navigator.language.toLowerCase().startsWith("ko") ? "ko" : "en";
}

export function language(): Language {
  return current;
}

/** Switches every later `t()`; scenes showing redraw themselves (Settings and Title restart). */
export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

/** The sentence for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionaries[current][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(vars[name] ?? `{${name}}`),
  );
}
