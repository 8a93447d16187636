import { en } from "../i18n/areas/events.ts";

/**
 * The sentence key of an event reason's one-line "why" (`why.<Reason>` in i18n/areas/events.ts),
 * or the generic one for a reason the table does not know yet. Kept free of `t()` so the table can
 * be checked without a browser.
 */
export function whyKey(reason: string): keyof typeof en {
  const key = `why.${reason}`;
  return isWhyKey(key) ? key : "events.whyUnknown";
}

function isWhyKey(key: string): key is keyof typeof en {
  return Object.hasOwn(en, key);
}
