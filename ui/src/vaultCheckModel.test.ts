import { afterEach, describe, expect, it } from "vitest";
import type { IntegrityReport } from "./bindings/IntegrityReport";
import { setLanguage } from "./i18n";
import { canRepair, checkState, checkSummary, findings, findingText, repairText, type Finding } from "./vaultCheckModel";

const MAC = "ab".repeat(32);

/** An intact report of a small vault; `change` alters what a test looks at. */
function report(change: Partial<IntegrityReport> = {}, chain: Partial<IntegrityReport["chain"]> = {}): IntegrityReport {
  return {
    pages: 240,
    damagedPages: 0,
    structureIntact: true,
    trailingBytes: 0,
    chain: { entries: 57, head: { seq: 57, mac: MAC }, first_broken: null, truncated: false, ...chain },
    anchor: "reached",
    keyFile: "sealed",
    ...change,
  };
}

afterEach(() => {
  setLanguage("en");
});

describe("findings", () => {
  it("finds nothing in an intact vault", () => {
    expect(findings(report())).toEqual([]);
    expect(checkState(findings(report()))).toBe("intact");
    expect(canRepair(findings(report()))).toBe(false);
  });

  it("reads each field of the report", () => {
    expect(findings(report({ damagedPages: 3 }))).toEqual([{ kind: "damagedPages", count: 3 }]);
    expect(findings(report({ structureIntact: false }))).toEqual([{ kind: "brokenStructure" }]);
    expect(findings(report({ trailingBytes: 100 }))).toEqual([{ kind: "trailingBytes", count: 100 }]);
    expect(findings(report({}, { first_broken: 12 }))).toEqual([{ kind: "brokenChain", seq: 12 }]);
    expect(findings(report({ anchor: "notReached" }))).toEqual([{ kind: "changesMissing" }]);
    expect(findings(report({ anchor: "missing" }))).toEqual([{ kind: "anchorMissing" }]);
    expect(findings(report({ anchor: "unreadable" }))).toEqual([{ kind: "anchorUnreadable" }]);
    expect(findings(report({ keyFile: "changed" }))).toEqual([{ kind: "keyFileChanged" }]);
  });

  it("says saved changes are missing when the log ends before the integrity record's head, once", () => {
    expect(findings(report({}, { truncated: true }))).toEqual([{ kind: "changesMissing" }]);
    // Not reached already says it; a broken chain says more than a cut one.
    expect(findings(report({ anchor: "notReached" }, { truncated: true }))).toEqual([{ kind: "changesMissing" }]);
    expect(findings(report({}, { truncated: true, first_broken: 4 }))).toEqual([{ kind: "brokenChain", seq: 4 }]);
  });

  it("puts the most serious first, in the core's order", () => {
    const all = report({ anchor: "unreadable", damagedPages: 2, structureIntact: false, trailingBytes: 9, keyFile: "changed" }, { first_broken: 3 });
    expect(findings(all).map((f) => f.kind)).toEqual(["anchorUnreadable", "damagedPages", "brokenStructure", "brokenChain", "trailingBytes", "keyFileChanged"]);
    expect(checkState(findings(all))).toBe("damaged");
    expect(canRepair(findings(all))).toBe(true);
  });

  it("tells a changed key file alone from damage", () => {
    expect(checkState([{ kind: "keyFileChanged" }])).toBe("keyFile");
    expect(checkState([{ kind: "keyFileChanged" }, { kind: "brokenStructure" }])).toBe("damaged");
  });
});

describe("the words", () => {
  const every: Finding[] = [
    { kind: "changesMissing" },
    { kind: "anchorMissing" },
    { kind: "anchorUnreadable" },
    { kind: "damagedPages", count: 3 },
    { kind: "brokenStructure" },
    { kind: "brokenChain", seq: 12 },
    { kind: "trailingBytes", count: 100 },
    { kind: "keyFileChanged" },
  ];

  it("says what an intact vault passed: pages, the chain against the integrity record, the seal", () => {
    const s = checkSummary(report());
    expect(s.state).toBe("intact");
    expect(s.headline).toBe("The vault is intact.");
    expect(s.lines).toEqual([
      "240 pages of the database authenticated.",
      "The audit log's 57 entries reach the integrity record.",
      "The key file is sealed: it is as Haven last wrote it.",
    ]);
    expect(s.advice).toBeNull();
    expect(checkSummary(report({ pages: 1 }, { entries: 1 })).lines.slice(0, 2)).toEqual([
      "1 page of the database authenticated.",
      "The audit log's 1 entry reaches the integrity record.",
    ]);
  });

  it("lists each finding, with the counts and the entry", () => {
    expect(every.map(findingText)).toEqual([
      "Changes that were saved are missing from the database (a lost or damaged log file, or an older copy of the database).",
      "The vault's integrity record is missing.",
      "The vault's integrity record is damaged or was edited.",
      "3 pages of the database fail their authentication (damaged or edited).",
      "The database's structure is damaged.",
      "The audit log is broken at entry #12.",
      "The database file has 100 bytes after its last page (added to it, or a page cut short).",
      "The key file was changed outside Haven.",
    ]);
    expect(findingText({ kind: "damagedPages", count: 1 })).toBe("1 page of the database fails its authentication (damaged or edited).");
  });

  it("counts the problems, and points a damaged vault to its last backup", () => {
    const damaged = checkSummary(report({ damagedPages: 2, keyFile: "changed" }));
    expect(damaged.headline).toBe("The check found 2 problems:");
    expect(damaged.kinds).toEqual(["damagedPages", "keyFileChanged"]);
    expect(damaged.advice).toMatch(/restore the last backup/);
    const keyFile = checkSummary(report({ keyFile: "changed" }));
    expect(keyFile.state).toBe("keyFile");
    expect(keyFile.headline).toBe("The check found 1 problem:");
    expect(keyFile.lines).toEqual(["The key file was changed outside Haven."]);
    expect(keyFile.advice).toBeNull();
  });

  it("says what a repair did, from the check after it", () => {
    expect(repairText(true, report())).toBe("The key file was repaired and sealed anew.");
    expect(repairText(false, report())).toBe("The key file needed no repair.");
    expect(repairText(true, report({ keyFile: "changed" }))).toMatch(/still differs/);
  });

  it.each(["az", "ru"])("has its own words in %s, with no English left", (lang) => {
    setLanguage("en");
    const english = [...every.map(findingText), ...checkSummary(report()).lines, checkSummary(report()).headline];
    setLanguage(lang);
    const translated = [...every.map(findingText), ...checkSummary(report()).lines, checkSummary(report()).headline];
    translated.forEach((text, i) => expect(text).not.toBe(english[i]));
    expect(findingText({ kind: "brokenChain", seq: 12 })).toContain("12");
    expect(checkSummary(report()).lines[0]).toContain("240");
  });

  it("uses Russian plural forms for pages, entries and problems", () => {
    setLanguage("ru");
    expect(checkSummary(report({ pages: 1 }, { entries: 1 })).lines.slice(0, 2)).toEqual([
      "1 страница базы данных прошла проверку подлинности.",
      "Журнал аудита (1 запись) цел и доходит до контрольной точки целостности.",
    ]);
    expect(checkSummary(report({ pages: 3 }, { entries: 3 })).lines[1]).toBe("Журнал аудита (3 записи) цел и доходит до контрольной точки целостности.");
    expect(checkSummary(report({ pages: 5 })).lines[0]).toBe("5 страниц базы данных прошли проверку подлинности.");
    expect(checkSummary(report({ damagedPages: 5, trailingBytes: 2 })).headline).toBe("Проверка обнаружила 2 проблемы:");
  });
});
