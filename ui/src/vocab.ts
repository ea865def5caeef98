// The core's closed word lists (sexes, statuses, kinds of service, roles, …), asked for once
// when the app starts. Screens take their options and labels from here, never from a copy.
import type { Vocabularies } from "./bindings/Vocabularies";
import type { Word } from "./bindings/Word";
import { hasKey, t } from "./i18n";

export type WordList = keyof Vocabularies;

let current: Vocabularies | null = null;

/** Uses `vocabularies` from now on (the app after loading them; tests with their fixture). */
export function installVocabularies(vocabularies: Vocabularies): void {
  current = vocabularies;
}

/**
 * Asks the core for the lists and keeps them. `core` is the ipc object (passed in, so that
 * this module stays free of the Tauri plugins and tests can install their fixture alone).
 */
export async function loadVocabularies(core: { vocabularies(): Promise<Vocabularies> }): Promise<void> {
  installVocabularies(await core.vocabularies());
}

/** The words of a list, in the order to offer them. */
export function words(list: WordList): readonly Word[] {
  if (!current) throw new Error("the vocabularies are not loaded");
  return current[list];
}

/** The codes of a list, in order. */
export function codes<T extends string = string>(list: WordList): T[] {
  return words(list).map((w) => w.code as T);
}

/** Whether `code` is a word of `list`. */
export function isWord(list: WordList, code: string): boolean {
  return words(list).some((w) => w.code === code);
}

/** "Female" for ("sex", "female"); an unknown word stands for itself. */
export function wordLabel(list: WordList, code: string): string {
  const key = current?.[list].find((w) => w.code === code)?.labelKey;
  return key && hasKey(key) ? t(key) : code;
}

/** The list as select options: value = code, label = the word's label. */
export function wordOptions(list: WordList): Array<{ value: string; label: string }> {
  return words(list).map((w) => ({ value: w.code, label: wordLabel(list, w.code) }));
}

/** Known codes among `values`, once each, in the list's order. */
export function inListOrder<T extends string>(list: WordList, values: readonly string[]): T[] {
  return codes<T>(list).filter((c) => values.includes(c));
}
