import { describe, expect, it } from "vitest";
import { az } from "./i18n/az";
import { ru } from "./i18n/ru";
import { hasKey, LANGUAGES, setLanguage, t, tn } from "./i18n";

// The English table, read through the module (every key of `en` is a MessageKey).
function englishKeys(): string[] {
  setLanguage("en");
  const keys: string[] = [];
  for (const table of [az, ru]) for (const k of Object.keys(table)) if (!keys.includes(k)) keys.push(k);
  return keys;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([
  ["az", az],
  ["ru", ru],
] as const)("the %s table", (code, table) => {
  it("translates every English key, with the same placeholders", async () => {
    const { enKeysForTests } = await import("./i18n");
    const missing = enKeysForTests().filter((k) => !(k in table) || !(table as Record<string, string>)[k]?.trim());
    expect(missing, `untranslated keys in ${code}`).toEqual([]);
    for (const k of enKeysForTests()) {
      setLanguage("en");
      const english = t(k as never);
      expect(placeholders((table as Record<string, string>)[k]), `${code}: ${k}`).toEqual(placeholders(english));
    }
  });

  it("has no key the English table lacks", () => {
    for (const k of Object.keys(table)) expect(hasKey(k), `${code}: ${k}`).toBe(true);
  });
});

describe("switching language", () => {
  it("offers the three languages and falls back to English for an unknown one", () => {
    expect(LANGUAGES.map((l) => l.code)).toEqual(["az", "ru", "en"]);
    expect(setLanguage("de")).toBe("en");
    expect(setLanguage("ru")).toBe("ru");
    setLanguage("en");
    expect(englishKeys().every(hasKey)).toBe(true);
  });

  it("uses Russian plural forms", () => {
    setLanguage("ru");
    const one = tn("cases.count", 1);
    const few = tn("cases.count", 3);
    const many = tn("cases.count", 5);
    expect(new Set([one, few, many]).size).toBe(3);
    setLanguage("en");
  });
});
