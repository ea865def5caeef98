// Every word the core offers has a label in the app's tables (and so, by i18n.test.ts, in
// every language): a word added to a vocabulary in Rust without its translation fails here.
import { describe, expect, it } from "vitest";
import { hasKey } from "./i18n";
import { VOCABULARIES } from "./testing/vocabularies";

describe("the core's vocabularies", () => {
  it("have a translated label for every word of every list", () => {
    const missing = Object.entries(VOCABULARIES).flatMap(([list, words]) =>
      words.filter((w) => !hasKey(w.labelKey)).map((w) => `${list}: ${w.labelKey}`),
    );
    expect(missing).toEqual([]);
    expect(Object.keys(VOCABULARIES).length).toBeGreaterThan(10);
  });
});
