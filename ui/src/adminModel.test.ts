import { describe, expect, it } from "vitest";
import {
  actionLabel,
  auditFilter,
  EMPTY_AUDIT_FORM,
  formatDateTime,
  formatDay,
  formatHead,
  headSeq,
  nextPageFilter,
  orderedRoles,
  outcomeLabel,
  parseMinCell,
  verifyMessages,
  verifyState,
} from "./adminModel";
import { isAdmin } from "./permissions";
import type { Verification } from "./bindings/Verification";
import { permissionsOf } from "./testing/permissions";

const MAC = "a".repeat(64);
const v = (over: Partial<Verification>): Verification => ({ entries: 12, head: { seq: 12, mac: MAC }, first_broken: null, truncated: false, ...over });

describe("roles", () => {
  it("knows admins and orders roles as the screens list them", () => {
    expect(isAdmin({ userName: "a", roles: ["caseworker", "admin"], permissions: permissionsOf(["caseworker", "admin"]), autoLockMinutes: 5, language: null, keyFileChanged: false })).toBe(true);
    expect(isAdmin({ userName: "a", roles: ["supervisor"], permissions: permissionsOf(["supervisor"]), autoLockMinutes: 5, language: null, keyFileChanged: false })).toBe(false);
    expect(orderedRoles(["admin", "intake", "bogus", "admin"])).toEqual(["intake", "admin"]);
  });
});

describe("auditFilter", () => {
  it("leaves out empty fields and trims the others", () => {
    expect(auditFilter(EMPTY_AUDIT_FORM)).toEqual({});
    expect(auditFilter({ user: "  amina ", case: "", action: "case.read", from: "2026-01-01", to: " " })).toEqual({
      user: "amina",
      action: "case.read",
      from: "2026-01-01",
    });
    expect(auditFilter({ ...EMPTY_AUDIT_FORM, case: "HVN-2026-0001", to: "2026-02-01" }, 40)).toEqual({ case: "HVN-2026-0001", to: "2026-02-01", before: 40 });
  });

  it("asks for the next page before the last line shown, with the same filter", () => {
    expect(nextPageFilter({ user: "amina" }, [{ seq: 90 }, { seq: 51 }])).toEqual({ user: "amina", before: 51 });
    expect(nextPageFilter({ user: "amina", before: 51 }, [{ seq: 50 }, { seq: 3 }])).toEqual({ user: "amina", before: 3 });
    expect(nextPageFilter({}, [])).toBeNull();
  });
});

describe("labels", () => {
  it("names every action word the core offers, and falls back to the word", () => {
    const words = [
      "login", "login.failed", "lock", "case.create", "case.change", "case.read", "case.search", "document.add", "document.read",
      "import", "export", "organization", "report", "user.add", "user.remove", "user.roles", "user.passphrase_reset",
      "recovery_key.replace", "key.rotate", "settings",
    ];
    for (const w of words) expect(actionLabel(w)).not.toBe(w);
    expect(actionLabel("case.read")).toBe("Case identity read");
    expect(actionLabel("something.new")).toBe("something.new");
    expect(outcomeLabel("ok")).toBe("OK");
    expect(outcomeLabel("denied")).toBe("denied");
  });
});

describe("heads and verification", () => {
  it("writes a head as SEQ:MAC and reads the seq of a typed one", () => {
    expect(formatHead({ seq: 12, mac: MAC })).toBe(`12:${MAC}`);
    expect(headSeq(` 40:${MAC}`)).toBe(40);
    expect(headSeq("nonsense")).toBeNull();
  });

  it("tells intact, broken and truncated apart", () => {
    expect(verifyState(v({}))).toBe("intact");
    expect(verifyMessages(v({}))).toEqual(["The log is intact: 12 entries verified."]);
    expect(verifyMessages(v({ entries: 1 }))).toEqual(["The log is intact: 1 entry verified."]);

    expect(verifyState(v({ first_broken: 7 }))).toBe("broken");
    expect(verifyMessages(v({ first_broken: 7 }))).toEqual(["The log was changed: entry #7 is the first that does not fit."]);

    expect(verifyState(v({ truncated: true }))).toBe("truncated");
    expect(verifyMessages(v({ truncated: true }), `20:${MAC}`)).toEqual([
      "Entries after #12 are missing (the log was cut).",
      "The kept head is entry #20.",
    ]);
    expect(verifyMessages(v({ truncated: true, head: null, entries: 0 }))).toEqual(["Entries after #0 are missing (the log was cut)."]);

    // A changed entry weighs more than a cut tail; both are said.
    expect(verifyState(v({ first_broken: 3, truncated: true }))).toBe("broken");
    expect(verifyMessages(v({ first_broken: 3, truncated: true }))).toHaveLength(2);
  });
});

describe("dates and numbers", () => {
  it("formats days and times for the language, and leaves nonsense as it is", () => {
    expect(formatDay("2026-01-02T23:30:00Z", "UTC")).toBe("2 January 2026");
    expect(formatDay("2026-01-02T23:30:00Z", "Asia/Baku")).toBe("3 January 2026");
    expect(formatDateTime("2026-01-02T08:05:09Z", "UTC")).toBe("2 Jan 2026, 08:05:09");
    expect(formatDay("not a date")).toBe("not a date");
  });

  it("accepts a whole minimum cell size from 1 to 100", () => {
    expect(parseMinCell(" 11 ")).toBe(11);
    expect(parseMinCell("1")).toBe(1);
    expect(parseMinCell("100")).toBe(100);
    for (const bad of ["0", "101", "2.5", "", "-3", "ten"]) expect(parseMinCell(bad)).toBeNull();
  });
});
