// The case screens (list with search, intake, case file with its tabs), against a fake core.
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockIPC } from "./testing/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { CaseListItem } from "./bindings/CaseListItem";
import type { CaseRecord } from "./bindings/CaseRecord";
import type { CaseView } from "./bindings/CaseView";
import type { Identification } from "./bindings/Identification";
import type { IpcError } from "./bindings/IpcError";
import type { LogLine } from "./bindings/LogLine";
import type { PersonRecord } from "./bindings/PersonRecord";
import type { ServiceRecord } from "./bindings/ServiceRecord";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { DocumentInfo } from "./bindings/DocumentInfo";
import { caseFilter, formatAmount, formatSize, keepOrder, parseAmount, personRecord, relativeTo, resolvePath } from "./caseModel";
import { permissionsOf } from "./testing/permissions";

const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ save: dialog.save, open: dialog.open }));

const session = (userName: string, roles: SessionInfo["roles"]): SessionInfo => ({ userName, roles, permissions: permissionsOf(roles), autoLockMinutes: 5, language: null, keyFileChanged: false });
const intake = session("nigar", ["intake"]);
const caseworker = session("rauf", ["caseworker"]);
const supervisor = session("leyla", ["supervisor"]);
const admin = session("amina", ["admin"]);

const fault = (kind: IpcError["kind"], message: string, problems: IpcError["problems"] = [], field: string | null = null): IpcError => ({ kind, message, field, problems });

const TOTAL = 120;
function item(n: number, withName: boolean): CaseListItem {
  return {
    code: `HVN-2026-${String(n).padStart(4, "0")}`,
    status: n % 5 ? "open" : "closed",
    identified_on: "2026-01-02",
    sex: "female",
    recognition: "potential",
    ...(withName ? { name: `Person ${n}` } : {}),
    caseworker: n % 2 ? "rauf" : null,
  };
}

function caseView(hidden: boolean): CaseView {
  return {
    identity_hidden: hidden,
    entry_ids: { referrals: [11], shelter_stays: [21], beds: ["B-4"], consents: [] },
    erased: null,
    consent_states: [],
    referred_in_from: null,
    identified_elsewhere: false,
    caseworker: "rauf",
    ref: null,
    code: "HVN-2026-0007",
    person: {
      given_name: hidden ? null : "Aysel",
      family_name: hidden ? null : "Məmmədova",
      aliases: [],
      sex: "female",
      birth_date: hidden ? null : "1999-04-01",
      age_at_identification: null,
      citizenship: "AZ",
      languages: [],
      phone: null,
    },
    identified_on: "2026-01-02",
    identified_by: "police",
    recognition: "potential",
    exploitation: ["sexual"],
    country_of_exploitation: null,
    status: "open",
    closed_on: null,
    consents: [],
    referrals: [{ date: "2026-01-03", to: "Ministry Shelter", status: "pending" }],
    shelter_stays: [{ shelter: "Ministry Shelter", admitted_on: "2026-01-05", discharged_on: null }],
    services: [],
    allowances: [{ date: "2026-01-10", amount: "400.00", currency: "AZN", kind: "one_time" }],
    trainings: [],
    // The core leaves an employer out (the empty string) for a role that may not read identities.
    employments: [{ employer: hidden ? "" : "Textile workshop", started_on: "2026-02-01", ended_on: null }],
    notes: hidden ? [] : [{ date: "2026-01-04", text: "Arrived tired." }],
  };
}

const history: LogLine[] = [
  { seq: 3, at: "2026-01-02T10:00:00Z", user: "nigar", action: "case.create", case: "HVN-2026-0007", outcome: "ok", detail: null },
  { seq: 9, at: "2026-01-03T11:00:00Z", user: "rauf", action: "case.change", case: "HVN-2026-0007", outcome: "ok", detail: "service" },
];

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(s: SessionInfo) {
  const calls: Call[] = [];
  const failures = new Map<string, IpcError>();
  const identity = s.roles.includes("intake") || s.roles.includes("caseworker");
  let current = caseView(!identity);
  const documents: DocumentInfo[] = [{ id: 4, kind: "id_document", file_name: "passport.jpg", size: 1_572_864, added_at: "2026-01-06T10:30:00Z" }];
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
        return null;
      case "consent_alerts":
        return [];
      case "cases_list": {
        const filter = args.filter as CaseFilter;
        const all = filter.query ? [item(7, identity)] : Array.from({ length: TOTAL }, (_, i) => item(TOTAL - i, identity));
        return all.slice(filter.offset, filter.offset + filter.limit);
      }
      case "case_show":
        return structuredClone(current);
      case "case_history":
        return history;
      case "organizations_list":
        return [
          { name: "Ministry Shelter", kind: "shelter", sector: "state", capacity: 50 },
          { name: "Legal Aid NGO", kind: "legal", sector: "ngo", capacity: null },
        ];
      case "case_create":
        return "HVN-2026-0007";
      case "case_record_service":
        current = { ...current, services: [...current.services, args.service as ServiceRecord] };
        return 31;
      case "case_discharge":
        return null;
      case "case_edit_person":
        current = { ...current, person: args.person as PersonRecord };
        return null;
      case "case_edit_identification":
        current = { ...current, ...(args.identification as Identification) };
        return null;
      case "caseworkers_list":
        return ["rauf", "zaur"];
      case "case_assign_caseworker":
        current = { ...current, caseworker: (args.caseworker as string | null) ?? null };
        return null;
      case "case_documents":
        return structuredClone(documents);
      case "case_document_add": {
        const added: DocumentInfo = { id: 5, kind: args.kind as DocumentInfo["kind"], file_name: "report.pdf", size: 2048, added_at: "2026-02-01T09:00:00Z" };
        documents.push(added);
        return added;
      }
      case "case_document_save":
        return null;
      default:
        throw fault("internal", `no command ${cmd}`);
    }
  });
  return {
    calls,
    names: () => calls.map((c) => c.cmd),
    last: (cmd: string) => [...calls].reverse().find((c) => c.cmd === cmd),
    all: (cmd: string) => calls.filter((c) => c.cmd === cmd),
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
async function until(check: () => unknown, timeout = 2000) {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error("not yet");
    },
    { timeout },
  );
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
function check(sel: string) {
  const el = input(sel);
  el.checked = true;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
const rows = () => $$("#cases-table tr[data-code]");

let app: App;
let root: HTMLElement;

beforeEach(() => {
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
});
afterEach(() => {
  app?.destroy();
  clearMocks();
});

async function start(s: SessionInfo) {
  const core = fakeCore(s);
  app = new App(root);
  await app.start();
  return core;
}

async function openList(s: SessionInfo) {
  const core = await start(s);
  button("#open-cases").click();
  await until(() => rows().length > 0);
  return core;
}

async function openCase(s: SessionInfo) {
  const core = await openList(s);
  type("#cases-search", "0007");
  key(input("#cases-search"), "Enter");
  await until(() => rows().length === 1);
  rows().find((r) => r.dataset.code === "HVN-2026-0007")!.click();
  await until(() => $("#case-code"));
  return core;
}

describe("case helpers", () => {
  it("builds the filter with all four fields", () => {
    expect(caseFilter("  aysel ", "open", 50)).toEqual({ query: "aysel", status: "open", limit: 50, offset: 50 });
    expect(caseFilter("", "")).toEqual({ query: null, status: null, limit: 50, offset: 0 });
  });
  it("parses amounts as decimal strings and formats them with the currency", () => {
    expect(parseAmount("400")).toBe("400.00");
    expect(parseAmount("12,5")).toBe("12.50");
    expect(parseAmount("abc")).toBeNull();
    expect(formatAmount("400.00", "AZN")).toMatch(/AZN\s?400\.00/);
  });
  it("maps a path to the nearest known one", () => {
    const known = (p: string) => ["person", "person.sex", "exploitation"].includes(p);
    expect(resolvePath("person.sex", known)).toBe("person.sex");
    expect(resolvePath("person.aliases[1]", known)).toBe("person");
    expect(resolvePath("exploitation[2]", known)).toBe("exploitation");
    expect(resolvePath("nothing", known)).toBeNull();
  });
});

describe("dashboard entries", () => {
  it("offers cases and intake per role", async () => {
    await start(admin);
    expect($("#open-cases")).toBeNull();
    expect($("#open-intake")).toBeNull();
    app.destroy();
    clearMocks();

    await start(supervisor);
    expect($("#open-cases")?.textContent).toBe("Cases");
    expect($("#open-intake")).toBeNull();
    app.destroy();
    clearMocks();

    for (const s of [intake, caseworker]) {
      await start(s);
      expect($("#open-cases")).not.toBeNull();
      expect($("#open-intake")?.textContent).toBe("New intake");
      app.destroy();
      clearMocks();
    }
  });
});

describe("case list", () => {
  it("shows the first page with names for identity readers, focuses the title, and pages on", async () => {
    const core = await openList(intake);
    expect(document.activeElement?.id).toBe("cases-title");
    expect(core.last("cases_list")!.args.filter).toEqual({ query: null, status: null, limit: 50, offset: 0 });
    expect(rows()).toHaveLength(50);
    expect(rows()[0].textContent).toContain("Person 120");
    expect(button("#cases-more").hidden).toBe(false);

    button("#cases-more").click();
    await until(() => rows().length === 100);
    expect((core.last("cases_list")!.args.filter as CaseFilter).offset).toBe(50);
    button("#cases-more").click();
    await until(() => rows().length === 120);
    expect((core.last("cases_list")!.args.filter as CaseFilter).offset).toBe(100);
    expect(button("#cases-more").hidden).toBe(true);
  });

  it("shows codes without a name column to supervisors", async () => {
    await openList(supervisor);
    expect($$("#cases-table thead th").map((th) => th.textContent)).not.toContain("Name");
    expect(rows()[0].textContent).toContain("HVN-2026-0120");
    expect(rows()[0].textContent).not.toContain("—");
  });

  it("searches as the user types (debounced) and on Enter, with the status", async () => {
    const core = await openList(caseworker);
    const before = core.all("cases_list").length;
    type("#cases-search", "ays");
    type("#cases-search", "aysel");
    await until(() => core.all("cases_list").length > before, 1500);
    await new Promise((r) => setTimeout(r, 300));
    expect(core.all("cases_list").length).toBe(before + 1);
    expect(core.last("cases_list")!.args.filter).toEqual({ query: "aysel", status: null, limit: 50, offset: 0 });
    await until(() => rows().length === 1);

    choose("#cases-status", "open");
    await until(() => (core.last("cases_list")!.args.filter as CaseFilter).status === "open");

    const n = core.all("cases_list").length;
    key(input("#cases-search"), "Enter");
    await until(() => core.all("cases_list").length === n + 1);
  });

  it("shows the empty state", async () => {
    const core = await openList(caseworker);
    core.fail("cases_list", null);
    mockIPC(async (cmd) => (cmd === "cases_list" ? [] : null));
    type("#cases-search", "nobody");
    key(input("#cases-search"), "Enter");
    await until(() => !$("#cases-empty")!.hidden);
    expect($("#cases-empty")!.textContent).toBe("No case matches.");
  });

  it("opens a case with Enter on a row, and Back returns to the list", async () => {
    await openList(intake);
    const row = rows()[0];
    const link = row.querySelector("button")!;
    expect(link.getAttribute("aria-label")).toBe("Open case HVN-2026-0120");
    link.focus();
    key(link, "Enter");
    await until(() => $("#case-file"));
    expect($("#case-file-title")?.textContent).toBe("HVN-2026-0120");
    button("#case-file-back").click();
    await until(() => rows().length > 0);
    expect($("#cases")).not.toBeNull();
  });
});

describe("intake", () => {
  async function openIntake() {
    const core = await start(intake);
    button("#open-intake").click();
    await until(() => $$("#intake-referral-to option").length > 1);
    return core;
  }

  function fill() {
    type("#intake-given-name", "Aysel");
    type("#intake-aliases", "Ayka, Aysu");
    choose("#intake-sex", "female");
    type("#intake-age", "24");
    type("#intake-citizenship", "az");
    check('input[name="intake-exploitation"][value="forced_labour"]');
    choose("#intake-referral-to", "Ministry Shelter");
  }

  it("marks required fields and creates the case, then opens its file", async () => {
    const core = await openIntake();
    expect(document.activeElement?.id).toBe("intake-title");
    expect(input("#intake-given-name").getAttribute("aria-required")).toBe("true");
    expect(input("#intake-identified-on").value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    fill();
    $<HTMLFormElement>("#intake-form")!.requestSubmit();
    await until(() => $("#case-file"));
    const record = core.last("case_create")!.args.record as CaseRecord;
    expect(record.person.given_name).toBe("Aysel");
    expect(record.person.family_name).toBeNull();
    expect(record.person.aliases).toEqual(["Ayka", "Aysu"]);
    expect(record.person.age_at_identification).toBe(24);
    expect(record.person.citizenship).toBe("AZ");
    expect(record.exploitation).toEqual(["forced_labour"]);
    expect(record.referrals).toHaveLength(1);
    expect(record.referrals[0]).toMatchObject({ to: "Ministry Shelter", status: "pending" });
    expect(record.referrals[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(record.code).toBeNull();
    expect(record.ref).toBeNull();
    await until(() => $("#case-code")?.textContent === "HVN-2026-0007");
    button("#case-file-back").click();
    expect($("#dashboard")).not.toBeNull();
  });

  it("checks required fields before sending", async () => {
    const core = await openIntake();
    $<HTMLFormElement>("#intake-form")!.requestSubmit();
    expect(core.names()).not.toContain("case_create");
    expect($("#intake-given-name-error")!.hidden).toBe(false);
    expect($("#intake-sex-error")!.hidden).toBe(false);
    expect($("#intake-exploitation-error")!.hidden).toBe(false);
    expect(document.activeElement?.id).toBe("intake-given-name");
  });

  it("shows every problem of the core next to its field and keeps the values", async () => {
    const core = await openIntake();
    fill();
    core.fail(
      "case_create",
      fault("invalid", "3 problems, the first: …", [
        { line: null, path: "person.citizenship", message: "Not a country code." },
        { line: null, path: "exploitation", message: "At least one form." },
        { line: null, path: "referrals[0].to", message: "No such organization." },
      ]),
    );
    $<HTMLFormElement>("#intake-form")!.requestSubmit();
    await until(() => !$("#intake-referral-to-error")!.hidden);
    expect($("#intake-citizenship-error")!.textContent).toBe("Not a country code.");
    expect($("#intake-exploitation-error")!.textContent).toBe("At least one form.");
    expect($("#intake-referral-to-error")!.textContent).toBe("No such organization.");
    expect(input("#intake-citizenship").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement?.id).toBe("intake-citizenship");
    expect(input("#intake-given-name").value).toBe("Aysel");
    expect(input("#intake-aliases").value).toBe("Ayka, Aysu");
    expect($<HTMLSelectElement>("#intake-referral-to")!.value).toBe("Ministry Shelter");
    expect(input('input[name="intake-exploitation"][value="forced_labour"]').checked).toBe(true);
    expect($("#intake")).not.toBeNull();
  });

  it("puts a missing name (path person) at the given name", async () => {
    const core = await openIntake();
    fill();
    core.fail("case_create", fault("invalid", "", [{ line: null, path: "person", message: "A given or family name is required." }]));
    $<HTMLFormElement>("#intake-form")!.requestSubmit();
    await until(() => !$("#intake-given-name-error")!.hidden);
    expect($("#intake-given-name-error")!.textContent).toBe("A given or family name is required.");
  });
});

describe("case file", () => {
  const tabIds = () => $$('[role="tab"]').map((t) => t.id);

  it("shows every tab and the add forms to caseworkers, with tab ARIA and arrow keys", async () => {
    await openCase(caseworker);
    expect($("#case-name")?.textContent).toBe("Aysel Məmmədova");
    expect($("#case-status")?.textContent).toBe("Open");
    expect(tabIds()).toEqual(["tab-profile", "tab-referrals", "tab-stays", "tab-services", "tab-allowances", "tab-training", "tab-employment", "tab-consent", "tab-notes", "tab-documents", "tab-history"]);
    expect($("#case-tabs")?.getAttribute("role")).toBe("tablist");
    const profile = button("#tab-profile");
    expect(profile.getAttribute("aria-selected")).toBe("true");
    expect(profile.getAttribute("aria-controls")).toBe("panel-profile");
    expect($("#panel-profile")?.getAttribute("aria-labelledby")).toBe("tab-profile");
    expect($("#panel-referrals")!.hidden).toBe(true);
    for (const form of ["#referrals-form", "#stays-admit-form", "#services-form", "#allowances-form", "#training-form", "#employment-form", "#consent-form", "#notes-form"]) {
      expect($(form), form).not.toBeNull();
    }
    expect($("#case-close")).not.toBeNull();

    profile.focus();
    key(profile, "ArrowRight");
    expect(document.activeElement?.id).toBe("tab-referrals");
    expect($("#panel-referrals")!.hidden).toBe(false);
    key(button("#tab-referrals"), "ArrowLeft");
    key(button("#tab-profile"), "ArrowLeft");
    expect(document.activeElement?.id).toBe("tab-history");

    button("#tab-allowances").click();
    expect($("#allowances-table")?.textContent).toMatch(/AZN\s?400\.00/);
    expect(input("#allowances-currency").value).toBe("AZN");
    expect($<HTMLSelectElement>("#allowances-kind")!.value).toBe("one_time");
  });

  it("shows supervisors no notes, no history, no names and no add forms", async () => {
    const core = await openCase(supervisor);
    const fileCalls = () => core.names().slice(core.names().indexOf("case_show"));
    expect(tabIds()).not.toContain("tab-notes");
    expect(tabIds()).not.toContain("tab-documents");
    expect(tabIds()).not.toContain("tab-history");
    expect($("#case-name")).toBeNull();
    expect($("#case-code")?.textContent).toBe("HVN-2026-0007");
    expect($$("form").length).toBe(0);
    expect($("#case-close")).toBeNull();
    expect($("#stay-0-discharge")).toBeNull();
    expect(fileCalls()).not.toContain("organizations_list");
    expect(fileCalls()).not.toContain("caseworkers_list");
    expect(core.names()).not.toContain("case_history");
    expect(core.names()).not.toContain("case_documents");
    expect($("#case-caseworker")?.textContent).toBe("rauf");
    expect($("#case-caseworker-select")).toBeNull();
  });

  it("shows supervisors the jobs with the employer marked hidden, and identity readers the employer", async () => {
    await openCase(supervisor);
    button("#tab-employment").click();
    const cells = () => $$("#employment-table tbody tr td");
    expect(cells()[0]?.textContent).toBe("Hidden from your role");
    expect(cells()[1]?.textContent).not.toBe("—");
    expect($("#employment-table")?.textContent).not.toContain("undefined");
    expect($("#profile-identity-hidden")?.textContent).toContain("employers");
    app.destroy();

    await openCase(caseworker);
    button("#tab-employment").click();
    expect(cells()[0]?.textContent).toBe("Textile workshop");
  });

  it("lets intake manage referrals and stays but not record services", async () => {
    await openCase(intake);
    expect(tabIds()).toContain("tab-history");
    expect($("#referrals-form")).not.toBeNull();
    expect($("#stays-admit-form")).not.toBeNull();
    expect($("#services-form")).toBeNull();
    expect($("#notes-form")).toBeNull();
    expect($("#case-close")).toBeNull();
  });

  it("records a service, reloads the case and stays on the tab", async () => {
    const core = await openCase(caseworker);
    button("#tab-services").click();
    expect($("#services-table-empty")).not.toBeNull();
    const shows = core.all("case_show").length;
    choose("#services-kind", "legal");
    type("#services-date", "2026-02-01");
    choose("#services-provider", "Legal Aid NGO");
    $<HTMLFormElement>("#services-form")!.requestSubmit();
    await until(() => $("#case-saved")?.textContent);
    expect(core.last("case_record_service")!.args).toEqual({ code: "HVN-2026-0007", service: { kind: "legal", date: "2026-02-01", provider: "Legal Aid NGO" } });
    expect(core.all("case_show").length).toBe(shows + 1);
    expect($("#case-saved")?.getAttribute("role")).toBe("status");
    expect(button("#tab-services").getAttribute("aria-selected")).toBe("true");
    expect($("#panel-services")!.hidden).toBe(false);
    expect($("#services-table")?.textContent).toContain("Legal Aid NGO");
    expect($<HTMLSelectElement>("#services-kind")!.value).toBe("");
  });

  it("shows a discharge date before the admission at that input and keeps it", async () => {
    const core = await openCase(intake);
    button("#tab-stays").click();
    type("#stay-0-discharged-on", "2026-01-01");
    core.fail("case_discharge", fault("invalid", "", [{ line: null, path: "discharged_on", message: "The discharge is before the admission." }]));
    button("#stay-0-discharge").click();
    await until(() => !$("#stay-0-discharged-on-error")!.hidden);
    expect(core.last("case_discharge")!.args).toEqual({ code: "HVN-2026-0007", stay: 21, dischargedOn: "2026-01-01" });
    expect($("#stay-0-discharged-on-error")!.textContent).toBe("The discharge is before the admission.");
    expect(document.activeElement?.id).toBe("stay-0-discharged-on");
    expect(input("#stay-0-discharged-on").value).toBe("2026-01-01");
  });

  it("offers to admit anyway when the shelter is full", async () => {
    const core = await openCase(intake);
    button("#tab-stays").click();
    choose("#stays-shelter", "Ministry Shelter");
    core.fail("case_admit", fault("invalid", "The shelter is full on that date (50 of 50 beds taken).", [], "shelter"));
    $<HTMLFormElement>("#stays-admit-form")!.requestSubmit();
    await until(() => !$("#stays-over-capacity-field")!.hidden);
    expect($("#stays-shelter-error")!.textContent).toMatch(/full/);
    expect(document.activeElement?.id).toBe("stays-over-capacity");
    core.fail("case_admit", null);
    mockIPC(async (cmd, payload) => {
      core.calls.push({ cmd, args: (payload ?? {}) as Record<string, unknown> });
      return cmd === "case_show" ? caseView(false) : 41;
    });
    check("#stays-over-capacity");
    $<HTMLFormElement>("#stays-admit-form")!.requestSubmit();
    await until(() => core.last("case_admit"));
    expect((core.last("case_admit")!.args.admission as { over_capacity: boolean }).over_capacity).toBe(true);
  });

  it("lists the history, oldest first as returned", async () => {
    const core = await openCase(caseworker);
    button("#tab-history").click();
    await until(() => $$("#history-table tbody tr").length === 2);
    expect(core.last("case_history")!.args).toEqual({ code: "HVN-2026-0007" });
    const lines = $$("#history-table tbody tr");
    expect(lines[0].textContent).toContain("Case created");
    expect(lines[0].textContent).toContain("nigar");
    expect(lines[1].textContent).toContain("Case changed");
    expect(lines[1].textContent).toContain("service");
  });
});

describe("case list filters", () => {
  const options = (sel: string) => $$(`${sel} option`).map((o) => o.getAttribute("value"));

  it("builds the filter with the caseworker and shelter only when chosen, and formats sizes", () => {
    expect(caseFilter("", "", 0, 50, { caseworker: "rauf", shelter: "" })).toEqual({ query: null, status: null, limit: 50, offset: 0, caseworker: "rauf" });
    expect(caseFilter("", "", 0, 50, { caseworker: "", shelter: "Ministry Shelter" })).toEqual({ query: null, status: null, limit: 50, offset: 0, shelter: "Ministry Shelter" });
    expect(formatSize(1_572_864)).toMatch(/1\.5\s?MB/);
  });

  it("offers caseworkers and shelters, sends them in the filter, and shows a caseworker column", async () => {
    const core = await openList(caseworker);
    await until(() => options("#cases-caseworker").length === 3 && options("#cases-shelter").length === 2);
    expect(options("#cases-caseworker")).toEqual(["", "rauf", "zaur"]);
    expect(options("#cases-shelter")).toEqual(["", "Ministry Shelter"]);
    expect($('label[for="cases-caseworker"]')?.textContent).toBe("Caseworker");
    expect($('label[for="cases-shelter"]')?.textContent).toBe("Shelter");
    expect($$("#cases-table thead th").map((th) => th.textContent)).toContain("Caseworker");
    expect(rows()[0].textContent).toContain("Not assigned");
    expect(rows()[1].textContent).toContain("rauf");

    choose("#cases-caseworker", "zaur");
    await until(() => (core.last("cases_list")!.args.filter as CaseFilter).caseworker === "zaur");
    expect(core.last("cases_list")!.args.filter).toEqual({ query: null, status: null, caseworker: "zaur", limit: 50, offset: 0 });
    choose("#cases-shelter", "Ministry Shelter");
    await until(() => (core.last("cases_list")!.args.filter as CaseFilter).shelter === "Ministry Shelter");
    expect(core.last("cases_list")!.args.filter).toEqual({ query: null, status: null, caseworker: "zaur", shelter: "Ministry Shelter", limit: 50, offset: 0 });
    choose("#cases-caseworker", "");
    await until(() => !("caseworker" in (core.last("cases_list")!.args.filter as CaseFilter)));
    expect((core.last("cases_list")!.args.filter as CaseFilter).shelter).toBe("Ministry Shelter");
  });

  it("keeps the filters when coming back from a case file", async () => {
    const core = await openList(intake);
    await until(() => options("#cases-caseworker").length === 3);
    choose("#cases-caseworker", "rauf");
    await until(() => (core.last("cases_list")!.args.filter as CaseFilter).caseworker === "rauf");
    rows()[0].click();
    await until(() => $("#case-code"));
    const before = core.all("cases_list").length;
    button("#case-file-back").click();
    await until(() => core.all("cases_list").length > before);
    expect((core.last("cases_list")!.args.filter as CaseFilter).caseworker).toBe("rauf");
    expect($<HTMLSelectElement>("#cases-caseworker")!.value).toBe("rauf");
  });
});

/** happy-dom has no window.print: a stub, taken away after the test. */
function stubPrint() {
  const print = vi.fn();
  Object.defineProperty(window, "print", { value: print, configurable: true, writable: true });
  return print;
}

describe("case file: caseworker, documents, print", () => {
  beforeEach(() => {
    dialog.open.mockReset();
    dialog.save.mockReset();
  });
  afterEach(() => {
    delete (window as unknown as { print?: unknown }).print;
  });

  it("shows the caseworker and lets a caseworker assign and unassign", async () => {
    const core = await openCase(caseworker);
    expect($("#case-caseworker")?.textContent).toBe("rauf");
    await until(() => $$("#case-caseworker-select option").length === 3);
    expect($<HTMLSelectElement>("#case-caseworker-select")!.value).toBe("rauf");
    expect($('label[for="case-caseworker-select"]')?.textContent).toBe("Assign a caseworker");

    choose("#case-caseworker-select", "zaur");
    button("#case-caseworker-save").click();
    await until(() => $("#case-caseworker")?.textContent === "zaur");
    expect(core.last("case_assign_caseworker")!.args).toEqual({ code: "HVN-2026-0007", caseworker: "zaur" });
    expect($("#case-saved")?.textContent).toBe("zaur is now the caseworker.");
    expect(document.activeElement?.id).toBe("case-caseworker-select");

    choose("#case-caseworker-select", "");
    button("#case-caseworker-save").click();
    await until(() => $("#case-caseworker")?.textContent === "Not assigned");
    expect(core.last("case_assign_caseworker")!.args).toEqual({ code: "HVN-2026-0007", caseworker: null });
  });

  it("shows an assignment error next to the select", async () => {
    const core = await openCase(intake);
    core.fail("case_assign_caseworker", fault("invalid", "That user is not a caseworker.", [], "caseworker"));
    choose("#case-caseworker-select", "zaur");
    button("#case-caseworker-save").click();
    await until(() => !$("#case-caseworker-select-error")!.hidden);
    expect($("#case-caseworker-select-error")!.textContent).toBe("That user is not a caseworker.");
    expect(input("#case-caseworker-select").getAttribute("aria-invalid")).toBe("true");
  });

  it("lists the documents and adds a file chosen in the open dialog", async () => {
    const core = await openCase(caseworker);
    button("#tab-documents").click();
    await until(() => $$("#documents-table tbody tr").length === 1);
    expect(core.last("case_documents")!.args).toEqual({ code: "HVN-2026-0007" });
    const first = $$("#documents-table tbody tr")[0].textContent!;
    expect(first).toContain("passport.jpg");
    expect(first).toContain("Identity document");
    expect(first).toMatch(/1\.5\s?MB/);

    // No kind: nothing is opened.
    $<HTMLFormElement>("#documents-form")!.requestSubmit();
    expect($("#documents-kind-error")!.hidden).toBe(false);
    expect(dialog.open).not.toHaveBeenCalled();

    // Cancelled: nothing is added.
    dialog.open.mockResolvedValueOnce(null);
    choose("#documents-kind", "medical_report");
    $<HTMLFormElement>("#documents-form")!.requestSubmit();
    await until(() => dialog.open.mock.calls.length === 1);
    await until(() => !button("#documents-choose").disabled);
    expect(core.names()).not.toContain("case_document_add");

    dialog.open.mockResolvedValueOnce("/home/rauf/report.pdf");
    $<HTMLFormElement>("#documents-form")!.requestSubmit();
    await until(() => $$("#documents-table tbody tr").length === 2);
    expect(dialog.open).toHaveBeenLastCalledWith({ multiple: false, directory: false });
    expect(core.last("case_document_add")!.args).toEqual({ code: "HVN-2026-0007", kind: "medical_report", path: "/home/rauf/report.pdf" });
    expect($("#documents-status")?.textContent).toBe("report.pdf was added.");
  });

  it("shows a refused file in the form", async () => {
    const core = await openCase(caseworker);
    button("#tab-documents").click();
    await until(() => $$("#documents-table tbody tr").length === 1);
    core.fail("case_document_add", fault("invalid", "The file is larger than 25 MB.", [], "content"));
    dialog.open.mockResolvedValueOnce("/home/rauf/big.iso");
    choose("#documents-kind", "other");
    $<HTMLFormElement>("#documents-form")!.requestSubmit();
    await until(() => $("#documents-form-error")?.textContent);
    expect($("#documents-form-error")!.textContent).toBe("The file is larger than 25 MB.");
  });

  it("asks for confirmation before saving a copy, then uses the save dialog", async () => {
    const core = await openCase(intake);
    button("#tab-documents").click();
    await until(() => $$("#documents-table tbody tr").length === 1);
    const save = () => button('button[data-document="4"]');
    expect(save().getAttribute("aria-label")).toBe("Save a copy of passport.jpg");

    save().click();
    expect($("#document-save-confirm")!.hidden).toBe(false);
    expect($("#document-save-confirm")!.textContent).toMatch(/unencrypted/);
    expect(document.activeElement?.id).toBe("document-save-continue");
    expect(dialog.save).not.toHaveBeenCalled();
    button("#document-save-cancel").click();
    expect($("#document-save-confirm")!.hidden).toBe(true);
    expect(document.activeElement).toBe(save());
    expect(dialog.save).not.toHaveBeenCalled();

    dialog.save.mockResolvedValueOnce("/home/nigar/passport.jpg");
    save().click();
    button("#document-save-continue").click();
    await until(() => core.last("case_document_save"));
    expect(dialog.save).toHaveBeenCalledWith({ defaultPath: "passport.jpg" });
    expect(core.last("case_document_save")!.args).toEqual({ code: "HVN-2026-0007", document: 4, path: "/home/nigar/passport.jpg" });
    await until(() => $("#documents-status")?.textContent);
    expect($("#documents-status")!.textContent).toContain("passport.jpg");
    expect($("#document-save-confirm")!.hidden).toBe(true);
  });

  it("prints a summary with the code only by default, and removes it afterwards", async () => {
    const print = stubPrint();
    await openCase(caseworker);
    expect($("#case-print-summary")).toBeNull();
    button("#case-print").click();
    expect(button("#case-print").getAttribute("aria-expanded")).toBe("true");
    expect($("#case-print-panel")!.hidden).toBe(false);
    expect(input("#print-code-only").checked).toBe(true);
    expect($('label[for="print-code-only"]')?.textContent).toBe("Show the case code instead of the name");
    expect(document.activeElement?.id).toBe("print-code-only");

    button("#print-go").click();
    expect(print).toHaveBeenCalledTimes(1);
    const summary = $("#case-print-summary")!;
    expect(summary).not.toBeNull();
    expect(summary.textContent).toContain("HVN-2026-0007");
    expect(summary.textContent).not.toMatch(/Aysel|Məmmədova/);
    expect(summary.textContent).not.toContain("Arrived tired.");
    // An employer can name the person as surely as a name: code only leaves it out too.
    expect(summary.textContent).not.toContain("Textile workshop");
    expect($("#print-employment tbody td")?.textContent).toBe("Not printed (code only)");
    expect(summary.textContent).toContain("Ministry Shelter");
    expect(summary.textContent).toContain("rauf");
    expect(summary.querySelector("[style]")).toBeNull();
    expect($("#case-file")!.classList.contains("printing-summary")).toBe(true);
    window.dispatchEvent(new Event("afterprint"));
    expect($("#case-print-summary")).toBeNull();
    expect($("#case-file")!.classList.contains("printing-summary")).toBe(false);

    button("#case-print").click();
    input("#print-code-only").click();
    expect(input("#print-code-only").checked).toBe(false);
    button("#print-go").click();
    expect(print).toHaveBeenCalledTimes(2);
    expect($("#case-print-summary")!.textContent).toContain("Aysel Məmmədova");
    expect($("#case-print-summary")!.textContent).toContain("Textile workshop");
    // Leaving the screen takes it away too.
    button("#case-file-back").click();
    expect($("#case-print-summary")).toBeNull();
  });

  it("prints codes only for supervisors, who have no choice to make", async () => {
    const print = stubPrint();
    await openCase(supervisor);
    button("#case-print").click();
    expect(input("#print-code-only").closest(".checkbox")!.hasAttribute("hidden")).toBe(true);
    button("#print-go").click();
    expect(print).toHaveBeenCalled();
    expect($("#case-print-summary")!.textContent).toContain("HVN-2026-0007");
    expect($("#print-name")).toBeNull();
    expect($("#print-employment tbody td")?.textContent).toBe("Hidden from your role");
  });
});

describe("case file: editing the profile", () => {
  it("offers no edit buttons to supervisors", async () => {
    await openCase(supervisor);
    expect($("#profile-facts")).not.toBeNull();
    expect($("#profile-edit-person")).toBeNull();
    expect($("#profile-edit-identification")).toBeNull();
    expect($("#person-form")).toBeNull();
    expect($("#identification-form")).toBeNull();
  });

  it("offers both to intake and caseworkers, labelled and closed", async () => {
    for (const s of [intake, caseworker]) {
      await openCase(s);
      const edit = button("#profile-edit-person");
      expect(edit.textContent).toBe("Edit");
      expect(edit.getAttribute("aria-label")).toBe("Edit the person's details");
      expect(edit.getAttribute("aria-expanded")).toBe("false");
      expect($("#person-form")!.hidden).toBe(true);
      expect(button("#profile-edit-identification").getAttribute("aria-controls")).toBe("identification-form");
      app.destroy();
    }
  });

  it("prefills the person form and sends the edited record, unchanged fields as they were", async () => {
    const core = await openCase(caseworker);
    button("#profile-edit-person").click();
    expect($("#person-form")!.hidden).toBe(false);
    expect($("#profile-person-facts")!.hidden).toBe(true);
    expect(document.activeElement?.id).toBe("person-given-name");
    expect(input("#person-given-name").value).toBe("Aysel");
    expect(input("#person-family-name").value).toBe("Məmmədova");
    expect(input("#person-aliases").value).toBe("");
    expect($<HTMLSelectElement>("#person-sex")!.value).toBe("female");
    expect(input("#person-birth-date").value).toBe("1999-04-01");
    expect(input("#person-age").value).toBe("");
    expect(input("#person-citizenship").value).toBe("AZ");
    expect(input("#person-languages").value).toBe("");
    expect(input("#person-phone").value).toBe("");
    for (const id of ["person-given-name", "person-aliases", "person-sex", "person-birth-date", "person-age", "person-citizenship", "person-languages", "person-phone"]) {
      expect($(`label[for="${id}"]`), id).not.toBeNull();
    }

    type("#person-family-name", "Əliyeva");
    type("#person-aliases", "Ayka, Aysu ,");
    type("#person-languages", "az, RU");
    type("#person-phone", "  ");
    const shows = core.all("case_show").length;
    $<HTMLFormElement>("#person-form")!.requestSubmit();
    await until(() => $("#case-saved")?.textContent);
    expect(core.last("case_edit_person")!.args).toEqual({
      code: "HVN-2026-0007",
      person: {
        given_name: "Aysel",
        family_name: "Əliyeva",
        aliases: ["Ayka", "Aysu"],
        sex: "female",
        birth_date: "1999-04-01",
        age_at_identification: null,
        citizenship: "AZ",
        languages: ["az", "ru"],
        phone: null,
      },
    });
    expect(core.all("case_show").length).toBe(shows + 1);
    expect($("#case-saved")?.textContent).toBe("The person's details were saved.");
    expect($("#person-form")!.hidden).toBe(true);
    expect($("#profile-person-facts")!.hidden).toBe(false);
    expect($("#case-name")?.textContent).toBe("Aysel Əliyeva");
    expect($("#profile-person-facts")?.textContent).toContain("Ayka, Aysu");
    expect(document.activeElement?.id).toBe("profile-edit-person");

    // Opened again, it holds what the case holds now.
    button("#profile-edit-person").click();
    expect(input("#person-languages").value).toBe("az, ru");
    button("#person-cancel").click();
    expect($("#person-form")!.hidden).toBe(true);
    expect(document.activeElement?.id).toBe("profile-edit-person");
  });

  it("shows a problem at birth_date next to that field, keeps the values and focuses it", async () => {
    const core = await openCase(intake);
    button("#profile-edit-person").click();
    type("#person-given-name", "Leyla");
    type("#person-birth-date", "2027-01-01");
    core.fail("case_edit_person", fault("invalid", "", [{ line: null, path: "birth_date", message: "The birth date is after the identification date." }]));
    $<HTMLFormElement>("#person-form")!.requestSubmit();
    await until(() => !$("#person-birth-date-error")!.hidden);
    expect($("#person-birth-date-error")!.textContent).toBe("The birth date is after the identification date.");
    expect(input("#person-birth-date").getAttribute("aria-invalid")).toBe("true");
    expect(input("#person-birth-date").getAttribute("aria-describedby")).toContain("person-birth-date-error");
    expect(document.activeElement?.id).toBe("person-birth-date");
    expect(input("#person-given-name").value).toBe("Leyla");
    expect(input("#person-birth-date").value).toBe("2027-01-01");
    expect($("#person-form")!.hidden).toBe(false);
    expect($("#case-saved")?.textContent).toBe("");
  });

  it("puts a missing name (path \"\" or person.*) at the given name; other problems at their fields", async () => {
    const core = await openCase(caseworker);
    button("#profile-edit-person").click();
    core.fail("case_edit_person", fault("invalid", "", [
      { line: null, path: "", message: "Give at least a given name or a family name." },
      { line: null, path: "person.languages[1]", message: "Expected an ISO 639-1 language code such as az or ru." },
    ]));
    $<HTMLFormElement>("#person-form")!.requestSubmit();
    await until(() => !$("#person-given-name-error")!.hidden);
    expect($("#person-languages-error")!.hidden).toBe(false);
    expect(document.activeElement?.id).toBe("person-given-name");
  });

  it("checks the name and the codes before sending", async () => {
    const core = await openCase(caseworker);
    button("#profile-edit-person").click();
    type("#person-given-name", "");
    type("#person-family-name", " ");
    type("#person-languages", "az, russian");
    $<HTMLFormElement>("#person-form")!.requestSubmit();
    expect($("#person-given-name-error")!.hidden).toBe(false);
    expect($("#person-languages-error")!.hidden).toBe(false);
    expect(document.activeElement?.id).toBe("person-given-name");
    expect(core.names()).not.toContain("case_edit_person");
  });

  it("closes with Escape without sending", async () => {
    const core = await openCase(caseworker);
    button("#profile-edit-identification").click();
    expect(document.activeElement?.id).toBe("identification-identified-on");
    key(input("#identification-identified-on"), "Escape");
    expect($("#identification-form")!.hidden).toBe(true);
    expect(document.activeElement?.id).toBe("profile-edit-identification");
    expect(core.names()).not.toContain("case_edit_identification");
  });

  it("prefills the identification form and sends the Identification", async () => {
    const core = await openCase(intake);
    button("#profile-edit-identification").click();
    expect(input("#identification-identified-on").value).toBe("2026-01-02");
    expect($<HTMLSelectElement>("#identification-identified-by")!.value).toBe("police");
    expect($<HTMLSelectElement>("#identification-recognition")!.value).toBe("potential");
    const checked = () => $$('input[name="identification-exploitation"]').filter((b) => (b as HTMLInputElement).checked).map((b) => (b as HTMLInputElement).value);
    expect(checked()).toEqual(["sexual"]);
    expect(input("#identification-country").value).toBe("");

    type("#identification-identified-on", "2026-01-01");
    choose("#identification-identified-by", "");
    choose("#identification-recognition", "recognized");
    check("#identification-exploitation-forced_labour");
    type("#identification-country", "tr");
    $<HTMLFormElement>("#identification-form")!.requestSubmit();
    await until(() => $("#case-saved")?.textContent);
    expect(core.last("case_edit_identification")!.args).toEqual({
      code: "HVN-2026-0007",
      identification: {
        identified_on: "2026-01-01",
        identified_by: null,
        recognition: "recognized",
        exploitation: ["sexual", "forced_labour"],
        country_of_exploitation: "TR",
      },
    });
    expect($("#case-saved")?.textContent).toBe("The identification was saved.");
    expect($("#identification-form")!.hidden).toBe(true);
    expect($("#profile-identification-facts")?.textContent).toContain("TR");
    expect(document.activeElement?.id).toBe("profile-edit-identification");
  });

  it("shows an identification problem at the exploitation boxes and keeps the choices", async () => {
    const core = await openCase(caseworker);
    button("#profile-edit-identification").click();
    check("#identification-exploitation-other");
    core.fail("case_edit_identification", fault("invalid", "", [{ line: null, path: "exploitation", message: "A form of exploitation is listed twice." }]));
    $<HTMLFormElement>("#identification-form")!.requestSubmit();
    await until(() => !$("#identification-exploitation-error")!.hidden);
    expect(document.activeElement?.id).toBe("identification-exploitation-sexual");
    expect(input("#identification-exploitation-other").checked).toBe(true);
  });

  it("builds the record and the paths with pure helpers", () => {
    expect(personRecord({ givenName: " A ", familyName: "", aliases: "", sex: "male", birthDate: "", age: "7", citizenship: "az", languages: "", phone: "" })).toEqual({
      given_name: "A", family_name: null, aliases: [], sex: "male", birth_date: null, age_at_identification: 7, citizenship: "AZ", languages: [], phone: null,
    });
    expect(keepOrder(["b", "a"], ["a", "b", "c"])).toEqual(["b", "a", "c"]);
    const e = relativeTo(fault("invalid", "", [{ line: null, path: "person.birth_date", message: "x" }, { line: null, path: "", message: "y" }]), "person");
    expect(e.problems.map((p) => p.path)).toEqual(["birth_date", "person"]);
    expect(relativeTo(fault("forbidden", "no"), "person").field).toBeNull();
  });
});
