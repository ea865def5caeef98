// Test fixture: the Vocabularies object the core's `vocabularies` command returns, as the core
// itself wrote it (tests/ui_fixtures.rs writes bindings/vocabularies.json), so no test keeps
// its own copy of a word list.
import type { Vocabularies } from "../bindings/Vocabularies";
import fromCore from "../bindings/vocabularies.json";
import { installVocabularies } from "../vocab";

export const VOCABULARIES: Vocabularies = fromCore;

/** Installs the fixture, as the app does once it has loaded the core's lists. */
export function installTestVocabularies(): void {
  installVocabularies(structuredClone(VOCABULARIES));
}
