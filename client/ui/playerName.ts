import { isDisplayName, MAX_NAME_LENGTH } from "../../shared/protocol/names.ts";
import { t } from "../i18n/index.ts";
import { askForm, type Field } from "./Form.ts";

const NAME_KEY = "clusterCrisis.name";

/** The name this browser plays under, as the player last gave it ("" before the first time). */
export function storedName(): string {
  const name = localStorage.getItem(NAME_KEY) ?? "";
  return isDisplayName(name) ? name : "";
}

/** Keeps the name for the next time, and gives it back. */
export function rememberName(name: string): string {
  localStorage.setItem(NAME_KEY, name);
  return name;
}

export const nameField = (): Field => ({
  name: "name",
  label: t("form.name"),
  placeholder: t("form.namePlaceholder"),
  maxLength: MAX_NAME_LENGTH,
  value: storedName(),
  check: (v) => (isDisplayName(v) ? null : t("form.nameRule", { max: MAX_NAME_LENGTH })),
});

/** A seed: a whole number the boards and `npm run sim` take. */
const seedField = (): Field => ({
  name: "seed",
  label: t("form.seed"),
  placeholder: "42",
  maxLength: 10,
  check: (v) => (/^\d{1,10}$/.test(v.trim()) && Number(v) < 2 ** 31 ? null : t("form.seedRule")),
});

/**
 * The name a solo round is played and ranked under: asked once, then remembered; null when the
 * player closed the form.
 */
export async function soloName(): Promise<string | null> {
  const known = storedName();
  if (known !== "") return known;
  const values = await askForm(t("form.soloTitle"), [nameField()], t("form.soloSubmit"));
  return values ? rememberName(values.name!) : null;
}

/** A practice seed (and the name, the first time); null when the player closed the form. */
export async function practiceSeed(): Promise<{ name: string; seed: number } | null> {
  const known = storedName();
  const fields = known === "" ? [nameField(), seedField()] : [seedField()];
  const values = await askForm(t("form.practiceTitle"), fields, t("form.soloSubmit"));
  if (!values) return null;
  return { name: known === "" ? rememberName(values.name!) : known, seed: Number(values.seed!.trim()) };
}
