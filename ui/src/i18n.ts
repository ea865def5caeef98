// The lookup of every user-facing string: the English table (./i18n/en.ts, split by area in
// ./i18n/en/) and the other languages in ./i18n/<code>.ts with the same keys (i18n.test.ts
// checks that every key is translated).
import { az } from "./i18n/az";
import { en } from "./i18n/en";
import { ru } from "./i18n/ru";

export type MessageKey = keyof typeof en;
export type Table = Record<MessageKey, string>;

const tables: Record<string, Partial<Table>> = { en, az, ru };

/** The languages offered, each named in its own language. */
export const LANGUAGES = [
  { code: "az", name: "Azərbaycanca" },
  { code: "ru", name: "Русский" },
  { code: "en", name: "English" },
] as const;
let current: Partial<Table> = en;
let currentLang = "en";

/** Switch language; unknown languages fall back to English. Returns the language in use. */
export function setLanguage(lang: string): string {
  const table = tables[lang];
  current = table ?? en;
  currentLang = table ? lang : "en";
  return currentLang;
}

export function language(): string {
  return currentLang;
}

/** The locale for dates and numbers (Intl): English uses day-month-year, not the US order. */
const intlLocales: Record<string, string> = { en: "en-GB", az: "az-Latn-AZ", ru: "ru-RU" };
export function intlLocale(): string {
  return intlLocales[currentLang] ?? currentLang;
}

/** Look up a string; `{name}` placeholders are replaced from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = current[key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * Plural forms: looks up `${base}.${category}` (Intl.PluralRules categories:
 * one, few, many, other…) and falls back to `${base}.other`. `{count}` is filled in.
 * English never uses `few` and `many`; they exist so that Russian can.
 */
export function tn(base: string, count: number): string {
  const category = new Intl.PluralRules(currentLang).select(count);
  const key = [`${base}.${category}`, `${base}.other`].find(hasKey);
  return key ? t(key, { count }) : base;
}

/** Every key of the English table (for the completeness test of the other languages). */
export function enKeysForTests(): MessageKey[] {
  return Object.keys(en) as MessageKey[];
}

/** Keys whose name is built at run time (error kinds, roles, strength scores). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
