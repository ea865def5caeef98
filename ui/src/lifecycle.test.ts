// The survivor's data lifecycle on screen, against a fake core: the consent tab (states,
// recording, withdrawal), the consent gate's refusal at the referral and intake forms with its
// ways forward, the erase dialog, the retention screen and the override granted per user.
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockIPC } from "./testing/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import type { CaseView } from "./bindings/CaseView";
import type { ConsentRecord } from "./bindings/ConsentRecord";
import type { ErasurePreview } from "./bindings/ErasurePreview";
import type { IpcError } from "./bindings/IpcError";
import type { Permission } from "./bindings/Permission";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { UserSummary } from "./bindings/UserSummary";
import { todayIso } from "./caseModel";
import { setLanguage } from "./i18n";
import { confirmsCode, confirmsPurge, erasureGoes, erasureStays } from "./lifecycleModel";
import { permissionsOf } from "./testing/permissions";

const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ save: dialog.save, open: dialog.open }));

const session = (userName: string, roles: SessionInfo["roles"], extra: Permission[] = [], language: SessionInfo["language"] = null): SessionInfo => ({
  userName,
  roles,
  permissions: [...permissionsOf(roles), ...extra],
  autoLockMinutes: 5,
  language,
  keyFileChanged: false,
});
const caseworker = session("rauf", ["caseworker"]);
const granted = session("rauf", ["caseworker"], ["consentOverride"]);
const otherCaseworker = session("zaur", ["caseworker"]);
const intake = session("nigar", ["intake"]);
const supervisor = session("leyla", ["supervisor"]);
const admin = session("amina", ["admin"]);
const adminCaseworker = session("amina", ["admin", "caseworker"]);
const CODE = "HVN-2026-0007";

const fault = (kind: IpcError["kind"], message: string, field: string | null = null): IpcError => ({ kind, message, field, problems: [] });
const REFUSED = fault("consentRequired", "No valid consent to referrals covers Legal Aid NGO on 2026-01-03, so the referral was not recorded.");

const CONSENTS: ConsentRecord[] = [
  { scope: "data_storage", given_on: "2026-01-02", expires_on: null },
  { scope: "referrals", given_on: "2026-01-02", expires_on: "2026-02-10", organizations: ["Ministry Shelter"] },
  { scope: "referrals", given_on: "2025-01-02", expires_on: "2025-12-31" },
  { scope: "statistics", given_on: "2026-01-02", expires_on: null, withdrawn_on: "2026-01-20" },
  { scope: "data_storage", given_on: "2099-01-01", expires_on: null },
];

function caseView(): CaseView {
  return {
    identity_hidden: false,
    entry_ids: { referrals: [], shelter_stays: [], beds: [], consents: [51, 52, 53, 54, 55] },
    caseworker: "rauf",
    erased: null,
    consent_states: ["valid", "expiring", "expired", "withdrawn", "not_yet_given"],
    referred_in_from: null,
    identified_elsewhere: false,
    ref: "MOL-2026/118",
    code: CODE,
    person: { given_name: "Aysel", family_name: "Məmmədova", aliases: ["Ayka", "Sela"], sex: "female", birth_date: "1999-04-01", age_at_identification: null, citizenship: "AZ", languages: [], phone: "+994 50 000 00 00" },
    identified_on: "2026-01-02",
    identified_by: "police",
    recognition: "potential",
    exploitation: ["sexual"],
    country_of_exploitation: null,
    status: "open",
    closed_on: null,
    consents: structuredClone(CONSENTS),
    referrals: [],
    shelter_stays: [],
    services: [],
    allowances: [],
    trainings: [],
    employments: [],
    notes: [{ date: "2026-01-04", text: "Arrived tired." }],
  };
}

const PREVIEW: ErasurePreview = {
  code: CODE, kind: "identity", erasedBefore: null, names: true, aliases: 2, birthDate: true, phone: true, reference: true,
  employers: 1, notes: 3, documents: 1, overrideReasons: 0, eventsKept: 12,
};

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(s: SessionInfo) {
  const calls: Call[] = [];
  const failures = new Map<string, IpcError>();
  let current = caseView();
  let due = [
    { code: "HVN-2019-0003", closedOn: "2020-03-01", dueOn: "2025-03-01" },
    { code: "HVN-2019-0011", closedOn: "2020-06-30", dueOn: "2025-06-30" },
  ];
  let users: UserSummary[] = [
    { name: "amina", roles: ["admin"], grants: [], createdAt: "2026-01-02T09:00:00Z" },
    { name: "rauf", roles: ["caseworker"], grants: [], createdAt: "2026-01-03T09:00:00Z" },
  ];
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const failure = failures.get(cmd);
    if (failure) throw failure;
    switch (cmd) {
      case "vault_state":
        return { state: "unlocked", session: s };
      case "watch_lock":
      case "touch":
      case "lock":
      case "set_language":
        return null;
      case "dashboard_figures":
        return { openCases: 1, closedCases: 0, shelters: [], pendingReferrals: 0, expiringConsents: [] };
      case "consent_alerts":
        return [{ code: CODE, consent: 52, scope: "referrals", state: "expiring", expiresOn: "2026-02-10", withdrawnOn: null }];
      case "recent_activity":
      case "cases_list":
      case "case_history":
      case "case_documents":
        return [];
      case "backup_status":
        return { lastBackupAt: "2026-01-01T10:00:00Z", daysSince: 1, due: false };
      case "case_show":
        return structuredClone(current);
      case "organizations_list":
        return [
          { name: "Ministry Shelter", kind: "shelter", sector: "state", capacity: 50 },
          { name: "Legal Aid NGO", kind: "legal", sector: "ngo", capacity: null },
        ];
      case "caseworkers_list":
        return ["rauf", "zaur"];
      case "case_add_consent":
        current = { ...current, consents: [...current.consents, args.consent as ConsentRecord], consent_states: [...current.consent_states, "valid"], entry_ids: { ...current.entry_ids, consents: [...current.entry_ids.consents, 56] } };
        return 56;
      case "case_withdraw_consent": {
        const i = current.entry_ids.consents.indexOf(args.consent as number);
        current.consents[i] = { ...current.consents[i], withdrawn_on: args.on as string };
        current.consent_states[i] = "withdrawn";
        return null;
      }
      case "case_add_referral":
      case "case_add_referral_override":
        current = { ...current, referrals: [...current.referrals, args.referral as CaseView["referrals"][number]] };
        return 61;
      case "case_create":
        return CODE;
      case "erasure_preview":
        return { ...PREVIEW, kind: args.kind };
      case "case_erase":
        current = { ...current, erased: "identity", person: { ...current.person, given_name: null, family_name: null, aliases: [], birth_date: null, phone: null }, ref: null, notes: [] };
        return { code: CODE, kind: args.kind, notes: 3, documents: 1, overrideReasons: 0, logTruncated: true };
      case "lifecycle_settings":
        return { retentionYears: 5, statisticsRequiresConsent: false, referralConsentMaxMonths: 12, ownOrganization: "Ministry Shelter" };
      case "lifecycle_settings_set":
        return null;
      case "retention_due":
        return structuredClone(due);
      case "purge_due":
        due = [];
        return (args.codes as string[]).map((code) => ({ code, kind: "identity", notes: 0, documents: 0, overrideReasons: 0, logTruncated: true }));
      case "erasures_list":
        return [{ line: { case: "HVN-2020-0001", uuid: "u-1", kind: "narratives", erased_on: "2026-01-15" }, reason: "the person asked" }];
      case "erasures_export":
        return 1;
      case "users_list":
        return structuredClone(users);
      case "user_set_grant": {
        users = users.map((u) => (u.name === args.name ? { ...u, grants: args.granted ? ["consentOverride"] : [] } : u));
        return users.find((u) => u.name === args.name);
      }
      default:
        throw fault("internal", `no command ${cmd}`);
    }
  });
  return {
    calls,
    names: () => calls.map((c) => c.cmd),
    last: (cmd: string) => [...calls].reverse().find((c) => c.cmd === cmd),
    fail(cmd: string, e: IpcError | null) {
      if (e) failures.set(cmd, e);
      else failures.delete(cmd);
    },
  };
}

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const $$ = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));
const input = (sel: string) => $<HTMLInputElement>(sel)!;
const button = (sel: string) => $<HTMLButtonElement>(sel)!;
const text = (sel: string) => $(sel)?.textContent ?? "";
async function until(check: () => unknown) {
  await vi.waitFor(() => {
    if (!check()) throw new Error("not yet");
  });
}
function type(sel: string, value: string) {
  const el = input(sel);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}
function choose(sel: string, value: string) {
  const el = $<HTMLSelectElement>(sel)!;
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
const submit = (sel: string) => $<HTMLFormElement>(sel)!.requestSubmit();

let app: App;
let root: HTMLElement;
beforeEach(() => {
  setLanguage("en");
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
  dialog.open.mockReset();
  dialog.save.mockReset();
});
afterEach(() => {
  app?.destroy();
  clearMocks();
  setLanguage("en");
});

async function start(s: SessionInfo) {
  const core = fakeCore(s);
  app = new App(root);
  await app.start();
  return core;
}

/** Opens the case file from the dashboard's Consents card (on its consent tab), then `tab`. */
async function openCase(s: SessionInfo, tab: "consent" | "referrals" | "profile" = "consent") {
  const core = await start(s);
  await until(() => $(`#dashboard-consents li[data-code="${CODE}"] button`));
  $<HTMLButtonElement>(`#dashboard-consents li[data-code="${CODE}"] button`)!.click();
  await until(() => $("#case-code") && !$("#case-body")!.hidden);
  button(`#tab-${tab}`).click();
  return core;
}

describe("lifecycle helpers", () => {
  it("accepts PURGE or the count, and the case code typed out", () => {
    expect(confirmsPurge("PURGE", 2)).toBe(true);
    expect(confirmsPurge(" purge ", 2)).toBe(true);
    expect(confirmsPurge("2", 2)).toBe(true);
    expect(confirmsPurge("3", 2)).toBe(false);
    expect(confirmsPurge("yes", 2)).toBe(false);
    expect(confirmsPurge("PURGE", 0)).toBe(false);
    expect(confirmsCode(" hvn-2026-0007 ", CODE)).toBe(true);
    expect(confirmsCode("HVN-2026-0008", CODE)).toBe(false);
    expect(confirmsCode("", CODE)).toBe(false);
  });

  it("lists exactly what an erasure removes and keeps", () => {
    expect(erasureGoes(PREVIEW)).toEqual([
      "The person's names",
      "2 other names",
      "The date of birth (the age when identified stays, as a number)",
      "The phone number",
      "The reference in the source system",
      "1 employer's name",
      "3 notes",
      "1 document",
      "0 reasons given for referring without consent",
    ]);
    expect(erasureGoes({ ...PREVIEW, kind: "narratives", names: false, aliases: 0, birthDate: false, phone: false, reference: false, employers: 0 })).toEqual([
      "3 notes",
      "1 document",
      "0 reasons given for referring without consent",
    ]);
    expect(erasureStays(PREVIEW)).toContain("The case code HVN-2026-0007");
    expect(erasureStays(PREVIEW)).toContain("12 events (referrals, stays, services, allowances, training, jobs and consents)");
    expect(erasureStays({ ...PREVIEW, kind: "narratives" })).toContain("The person's names, date of birth and contacts");
  });
});

describe("consent tab", () => {
  it("shows each consent's state, scope, dates and organizations", async () => {
    await openCase(caseworker);
    const rows = $$("#consent-table tbody tr");
    expect(rows.map((r) => r.dataset.state)).toEqual(["valid", "expiring", "expired", "withdrawn", "not_yet_given"]);
    expect(rows.map((r) => r.querySelector(".consent-badge")?.textContent)).toEqual(["Valid", "Expiring soon", "Expired", "Withdrawn", "Not yet given"]);
    expect(rows[1].textContent).toContain("Referrals");
    expect(rows[1].textContent).toContain("10 February 2026");
    expect(rows[1].textContent).toContain("Ministry Shelter");
    expect(rows[2].textContent).toContain("Any organization");
    expect(rows[3].textContent).toContain("20 January 2026");
    // A withdrawn consent cannot be withdrawn again.
    expect(rows[3].querySelector("button")).toBeNull();
    expect(button("#consent-1-withdraw").getAttribute("aria-label")).toBe("Withdraw the consent to Referrals given on 2 January 2026");
  });

  it("shows supervisors the states without withdraw or record controls", async () => {
    await openCase(supervisor);
    expect($$("#consent-table tbody tr").length).toBe(5);
    expect($("#consent-0-withdraw")).toBeNull();
    expect($("#consent-form")).toBeNull();
  });

  it("withdraws a consent on the day given, saying what it cancels", async () => {
    const core = await openCase(caseworker);
    button("#consent-1-withdraw").click();
    expect(button("#consent-1-withdraw").hidden).toBe(true);
    expect(text("#consent-1-withdraw-question")).toBe(
      "Withdraw this consent to Referrals? From the day you give, it covers nothing, and referrals waiting to be sent under it are cancelled.",
    );
    expect(input("#consent-1-withdrawn-on").value).toBe(todayIso());
    expect(document.activeElement?.id).toBe("consent-1-withdrawn-on");
    type("#consent-1-withdrawn-on", "2026-01-25");
    button("#consent-1-withdraw-confirm").click();
    await until(() => text("#case-saved"));
    expect(core.last("case_withdraw_consent")!.args).toEqual({ code: CODE, consent: 52, on: "2026-01-25" });
    expect(text("#case-saved")).toBe("The consent to Referrals was withdrawn.");
    expect($$("#consent-table tbody tr")[1].dataset.state).toBe("withdrawn");
    expect($("#consent-1-withdraw")).toBeNull();
  });

  it("cancels a withdrawal with Escape without sending, and shows a refused day at the date", async () => {
    const core = await openCase(caseworker);
    button("#consent-0-withdraw").click();
    expect(text("#consent-0-withdraw-question")).toBe("Withdraw this consent to Data storage? From the day you give, it covers nothing.");
    $("#consent-0-withdraw-panel")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect($("#consent-0-withdraw-panel")).toBeNull();
    expect(document.activeElement?.id).toBe("consent-0-withdraw");

    button("#consent-0-withdraw").click();
    core.fail("case_withdraw_consent", fault("invalid", "A consent cannot be withdrawn before the day it was given.", "withdrawnOn"));
    type("#consent-0-withdrawn-on", "2025-12-01");
    button("#consent-0-withdraw-confirm").click();
    await until(() => text("#consent-0-withdrawn-on-error"));
    expect(text("#consent-0-withdrawn-on-error")).toBe("A consent cannot be withdrawn before the day it was given.");
    expect(document.activeElement?.id).toBe("consent-0-withdrawn-on");
  });

  it("records a consent to referrals with its expiry and organizations", async () => {
    const core = await openCase(caseworker);
    expect($("#consent-organizations-field")!.hidden).toBe(true);
    choose("#consent-scope", "referrals");
    expect($("#consent-organizations-field")!.hidden).toBe(false);
    expect(input("#consent-expires-on").getAttribute("aria-required")).toBe("true");
    submit("#consent-form");
    await until(() => text("#consent-expires-on-error"));
    expect(text("#consent-expires-on-error")).toBe("A consent to referrals needs the day it expires.");
    expect(core.names()).not.toContain("case_add_consent");

    type("#consent-expires-on", "2026-12-31");
    input("#consent-organizations-0").checked = true;
    submit("#consent-form");
    await until(() => core.last("case_add_consent"));
    expect(core.last("case_add_consent")!.args.consent).toEqual({ scope: "referrals", given_on: todayIso(), expires_on: "2026-12-31", organizations: ["Legal Aid NGO"] });
    await until(() => text("#case-saved") === "The consent was recorded.");
    expect($("#consent-organizations-field")!.hidden).toBe(true);
  });
});

describe("the consent gate at the referral form", () => {
  async function refused(s: SessionInfo) {
    const core = await openCase(s, "referrals");
    core.fail("case_add_referral", REFUSED);
    choose("#referrals-to", "Legal Aid NGO");
    type("#referrals-date", "2026-01-03");
    submit("#referrals-form");
    await until(() => text("#referrals-gate-message"));
    return core;
  }

  it("says why at the form, keeps what was typed, and leads to the consent form", async () => {
    await refused(caseworker);
    expect(text("#referrals-gate-message")).toBe(
      "No valid consent to referrals covers Legal Aid NGO on 3 January 2026, so the referral was not recorded. Nothing you typed was lost.",
    );
    expect($("#referrals-gate-message")!.getAttribute("role")).toBe("alert");
    expect(input("#referrals-to").value).toBe("Legal Aid NGO");
    expect(input("#referrals-date").value).toBe("2026-01-03");
    expect($("#referrals-gate-override-open")).toBeNull();
    expect(document.activeElement?.id).toBe("referrals-gate-record");

    button("#referrals-gate-record").click();
    expect(button("#tab-consent").getAttribute("aria-selected")).toBe("true");
    expect(input("#consent-scope").value).toBe("referrals");
    expect(input("#consent-organizations-0").checked).toBe(true);
    expect(input("#consent-organizations-1").checked).toBe(false);
    expect(text("#consent-for-referral")).toContain("For the referral to Legal Aid NGO on 3 January 2026");
    expect(document.activeElement?.id).toBe("consent-expires-on");
    // The referral waits in its form.
    expect(input("#referrals-to").value).toBe("Legal Aid NGO");
  });

  it("offers the override only with consentOverride, and asks a reason before referring anyway", async () => {
    const core = await refused(granted);
    const open = button("#referrals-gate-override-open");
    expect(open.textContent).toBe("Refer anyway with a reason…");
    open.click();
    expect(open.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement?.id).toBe("referrals-override-reason");
    button("#referrals-override-confirm").click();
    await until(() => text("#referrals-override-reason-error"));
    expect(text("#referrals-override-reason-error")).toBe("This field is required.");
    expect(core.names()).not.toContain("case_add_referral_override");

    type("#referrals-override-reason", "  Court order of 2 January  ");
    button("#referrals-override-confirm").click();
    await until(() => core.last("case_add_referral_override"));
    expect(core.last("case_add_referral_override")!.args).toEqual({
      code: CODE,
      referral: { to: "Legal Aid NGO", date: "2026-01-03", status: "pending" },
      reason: "Court order of 2 January",
    });
    await until(() => text("#case-saved"));
    expect(text("#case-saved")).toBe("The referral to Legal Aid NGO was added without consent, with your reason.");
    expect(text("#referrals-gate-message")).toBe("");
    expect($("#referrals-gate-ways")!.hidden).toBe(true);
    expect($$("#referrals-table tbody tr").length).toBe(1);
  });

  it("shows no override to an intake worker, who cannot record consent either", async () => {
    await refused(intake);
    expect($("#referrals-gate-override-open")).toBeNull();
    expect($("#referrals-gate-record")).toBeNull();
    expect(text("#referrals-gate-ways")).toContain("A caseworker can record the person's consent");
  });

  it("speaks the user's language, naming the organization and the date", async () => {
    await refused(session("rauf", ["caseworker"], [], "ru"));
    expect(text("#referrals-gate-message")).toContain("Legal Aid NGO");
    expect(text("#referrals-gate-message")).toContain("3 января 2026");
    expect(text("#referrals-gate-message")).toMatch(/^Нет действующего согласия/);
    expect(text("#referrals-gate-record")).toBe("Зарегистрировать согласие");
  });

  it("lets go of the refusal when another organization is chosen", async () => {
    await refused(caseworker);
    choose("#referrals-to", "Ministry Shelter");
    expect(text("#referrals-gate-message")).toBe("");
    expect($("#referrals-gate-ways")!.hidden).toBe(true);
  });
});

describe("the consent gate at intake", () => {
  async function refusedIntake(s: SessionInfo) {
    const core = await start(s);
    button("#open-intake").click();
    await until(() => $<HTMLSelectElement>("#intake-referral-to")!.options.length > 1);
    type("#intake-given-name", "Aysel");
    choose("#intake-sex", "female");
    input("#intake-exploitation-sexual").checked = true;
    choose("#intake-referral-to", "Legal Aid NGO");
    type("#intake-referral-date", "2026-01-03");
    core.fail("case_create", REFUSED);
    submit("#intake-form");
    await until(() => text("#intake-referral-gate-message"));
    return core;
  }

  it("records the consent with the case when asked, keeping everything typed", async () => {
    const core = await refusedIntake(caseworker);
    expect(text("#intake-referral-gate-message")).toContain("Legal Aid NGO on 3 January 2026");
    expect(input("#intake-given-name").value).toBe("Aysel");
    expect($("#intake-referral-gate-override-open")).toBeNull();
    button("#intake-referral-gate-record").click();
    expect($("#intake-consent")!.hidden).toBe(false);
    expect(text("#intake-consent-about")).toContain("Legal Aid NGO");
    core.fail("case_create", null);
    submit("#intake-form");
    await until(() => text("#intake-consent-expires-on-error"));
    type("#intake-consent-expires-on", "2026-12-31");
    submit("#intake-form");
    await until(() => $("#case-code"));
    const record = core.last("case_create")!.args.record as { consents: ConsentRecord[]; referrals: unknown[] };
    expect(record.consents).toEqual([{ scope: "referrals", given_on: todayIso(), expires_on: "2026-12-31", organizations: ["Legal Aid NGO"] }]);
    expect(record.referrals).toEqual([{ date: "2026-01-03", to: "Legal Aid NGO", status: "pending" }]);
  });

  it("with the override, creates the case without the referral, then refers with the reason", async () => {
    const core = await refusedIntake(granted);
    button("#intake-referral-gate-override-open").click();
    type("#intake-referral-override-reason", "Danger to life");
    core.fail("case_create", null);
    button("#intake-referral-override-confirm").click();
    await until(() => $("#case-code"));
    expect((core.last("case_create")!.args.record as { referrals: unknown[] }).referrals).toEqual([]);
    expect(core.last("case_add_referral_override")!.args).toEqual({
      code: CODE,
      referral: { date: "2026-01-03", to: "Legal Aid NGO", status: "pending" },
      reason: "Danger to life",
    });
  });

  it("opens the new case on its referrals, the referral filled in again, when the override fails", async () => {
    const core = await refusedIntake(granted);
    button("#intake-referral-gate-override-open").click();
    type("#intake-referral-override-reason", "Danger to life");
    core.fail("case_create", null);
    core.fail("case_add_referral_override", fault("storage", "Haven could not write its files."));
    button("#intake-referral-override-confirm").click();
    await until(() => $("#case-code") && !$("#case-body")!.hidden);
    expect(button("#tab-referrals").getAttribute("aria-selected")).toBe("true");
    expect(text("#case-file-error")).toBe(`Case ${CODE} was created, but the referral was not recorded: Haven could not write its files. Add it again below.`);
    expect(input("#referrals-to").value).toBe("Legal Aid NGO");
    expect(input("#referrals-date").value).toBe("2026-01-03");
  });
});

describe("erasing a case", () => {
  it("is offered to the case's caseworker and administrators only", async () => {
    await openCase(caseworker, "profile");
    expect(button("#case-erase-identity").closest("[hidden]")).toBeNull();
    app.destroy();
    clearMocks();
    await openCase(otherCaseworker, "profile");
    expect($("#case-erase-actions")!.hidden).toBe(true);
    app.destroy();
    clearMocks();
    await openCase(supervisor, "profile");
    expect($("#case-erase-identity")).toBeNull();
  });

  it("lists what goes and stays, warns about backups, and asks a reason and the code typed out", async () => {
    const core = await openCase(caseworker, "profile");
    button("#case-erase-identity").click();
    await until(() => !$("#case-erase-form")!.hidden);
    expect(core.last("erasure_preview")!.args).toEqual({ code: CODE, kind: "identity" });
    expect(document.activeElement?.id).toBe("case-erase-title");
    expect(text("#case-erase-title")).toBe(`Erase the identity of case ${CODE}`);
    expect($$("#case-erase-goes li").map((li) => li.textContent)).toEqual(erasureGoes(PREVIEW));
    expect($$("#case-erase-stays li").map((li) => li.textContent)).toContain(`The case code ${CODE}`);
    expect(text("#case-erase-stays")).toContain("12 events");
    expect(text("#case-erase-backups")).toContain("Backups made before this erasure still hold the data");
    expect($("#case-erase-dialog")!.getAttribute("role")).toBe("dialog");

    submit("#case-erase-form");
    await until(() => text("#case-erase-reason-error"));
    expect(text("#case-erase-reason-error")).toBe("This field is required.");
    expect(text("#case-erase-confirm-error")).toBe("This field is required.");
    type("#case-erase-reason", "The person asked for it");
    type("#case-erase-confirm", "HVN-2026-0008");
    submit("#case-erase-form");
    await until(() => text("#case-erase-confirm-error").includes("exactly"));
    expect(text("#case-erase-confirm-error")).toBe(`Type the case code exactly: ${CODE}.`);
    expect(document.activeElement?.id).toBe("case-erase-confirm");
    expect(core.names()).not.toContain("case_erase");

    type("#case-erase-confirm", CODE.toLowerCase());
    submit("#case-erase-form");
    await until(() => $("#case-erased"));
    expect(core.last("case_erase")!.args).toEqual({ code: CODE, kind: "identity", reason: "The person asked for it" });
    expect(text("#case-erased")).toContain("Erased.");
    expect(text("#case-saved")).toBe(`Case ${CODE} was erased. Its counts stay in the reports.`);
    expect(document.activeElement?.id).toBe("case-erased");
    // No editing control is left on the erased case but closing it: the work with the
    // person still ends (the core allows closing, reopening and ending stays).
    expect($$("form").filter((f) => !f.closest("[hidden]")).map((f) => f.id)).toEqual(["case-close-form"]);
    expect($("#case-caseworker-select")).toBeNull();
    expect($("#profile-edit-person")).toBeNull();
    expect($("#consent-0-withdraw")).toBeNull();
    expect($("#case-erase-actions")!.hidden).toBe(true);
  });

  it("purges narratives with their own words, and closes with Escape without erasing", async () => {
    const core = await openCase(adminCaseworker, "profile");
    button("#case-erase-narratives").click();
    await until(() => !$("#case-erase-form")!.hidden);
    expect(core.last("erasure_preview")!.args).toEqual({ code: CODE, kind: "narratives" });
    expect(text("#case-erase-submit")).toBe("Purge for good");
    $("#case-erase-dialog")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect($("#case-erase-dialog")!.hidden).toBe(true);
    expect(document.activeElement?.id).toBe("case-erase-narratives");
    expect(core.names()).not.toContain("case_erase");
  });
});

describe("retention screen", () => {
  async function openRetention() {
    const core = await start(admin);
    button("#open-retention").click();
    await until(() => $$("#retention-due-table tbody tr").length === 2 && input("#retention-years").value);
    return core;
  }

  it("shows the settings and saves them", async () => {
    const core = await openRetention();
    expect(input("#retention-years").value).toBe("5");
    expect(input("#retention-referral-months").value).toBe("12");
    expect(input("#retention-own-organization").value).toBe("Ministry Shelter");
    expect(input("#retention-statistics").checked).toBe(false);
    type("#retention-years", "51");
    submit("#retention-settings-form");
    await until(() => text("#retention-years-error"));
    expect(text("#retention-years-error")).toBe("Enter a whole number of years from 1 to 50.");
    type("#retention-years", "7");
    input("#retention-statistics").checked = true;
    submit("#retention-settings-form");
    await until(() => text("#retention-settings-saved"));
    expect(core.last("lifecycle_settings_set")!.args.settings).toEqual({ retentionYears: 7, statisticsRequiresConsent: true, referralConsentMaxMonths: 12, ownOrganization: "Ministry Shelter" });
  });

  it("purges exactly the cases listed, once PURGE or their number is typed", async () => {
    const core = await openRetention();
    expect(text("#retention-purge-warning")).toContain("Purge the 2 cases listed above?");
    expect(text("#retention-purge")).toBe("Purge 2 cases");
    expect(text("label[for=retention-purge-confirm]")).toBe("Type PURGE or 2 to confirm");
    type("#retention-purge-confirm", "yes");
    submit("#retention-purge-form");
    await until(() => text("#retention-purge-confirm-error"));
    expect(text("#retention-purge-confirm-error")).toBe("Type PURGE or the number of cases listed (2).");
    expect(core.names()).not.toContain("purge_due");

    type("#retention-purge-confirm", "2");
    submit("#retention-purge-form");
    await until(() => text("#retention-purge-status"));
    expect(core.last("purge_due")!.args.codes).toEqual(["HVN-2019-0003", "HVN-2019-0011"]);
    expect(text("#retention-purge-status")).toBe("2 cases were purged.");
    await until(() => $("#retention-due-table-empty"));
    expect($("#retention-purge-form")!.hidden).toBe(true);
    expect(core.names().filter((n) => n === "erasures_list").length).toBe(2);
  });

  it("shows a list that changed meanwhile and purges nothing", async () => {
    const core = await openRetention();
    core.fail("purge_due", fault("invalid", "Case HVN-2019-0011 is not due for purging; nothing was purged. List the cases due again.", "cases"));
    type("#retention-purge-confirm", "PURGE");
    submit("#retention-purge-form");
    await until(() => text("#retention-purge-error"));
    expect(text("#retention-purge-error")).toContain("nothing was purged");
    expect(core.names().filter((n) => n === "retention_due").length).toBe(2);
    expect(input("#retention-purge-confirm").value).toBe("");
  });

  it("lists the register of erasures and exports it through the save dialog", async () => {
    const core = await openRetention();
    expect(text("#erasures-table")).toContain("HVN-2020-0001");
    expect(text("#erasures-table")).toContain("Notes and documents purged");
    expect(text("#erasures-table")).toContain("the person asked");
    dialog.save.mockResolvedValueOnce("/media/usb/register.json");
    button("#erasures-export").click();
    await until(() => text("#erasures-saved"));
    expect(dialog.save.mock.calls[0][0].defaultPath).toBe(`haven-erasures-${todayIso()}.json`);
    expect(core.last("erasures_export")!.args.path).toBe("/media/usb/register.json");
    expect(text("#erasures-saved")).toBe("The register was saved with 1 erasure. File: register.json.");
  });
});

describe("the consent override granted per user", () => {
  it("grants and takes back the override from the users list", async () => {
    const core = await start(admin);
    button("#open-users").click();
    await until(() => $$("#users-table tbody tr[data-user]").length === 2);
    const box = input("#user-grant-rauf");
    expect(box.checked).toBe(false);
    expect($("label[for=user-grant-rauf]")!.textContent).toBe("rauf may refer without a valid consent");
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => text("#users-status"));
    expect(core.last("user_set_grant")!.args).toEqual({ name: "rauf", permission: "consentOverride", granted: true });
    expect(text("#users-status")).toBe("rauf may now refer without consent.");

    core.fail("user_set_grant", fault("forbidden", "You are not allowed to do this."));
    box.checked = false;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => text("#users-error"));
    expect(box.checked).toBe(true);
  });
});

describe("audit words", () => {
  it("names the two new actions", async () => {
    const { actionLabel } = await import("./adminModel");
    expect(actionLabel("consent.override")).toBe("Referred without consent");
    expect(actionLabel("case.erase")).toBe("Case erased");
  });
});
