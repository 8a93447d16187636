/** The operator panel's sentences, in English and Korean (merged into ../strings.ts). */
export const en = {} as const;

export const ko: Record<keyof typeof en, string> = {};
