// The dashboard's figures, the shelter board and the language switch, against a fake core.
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockIPC } from "./testing/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import type { CaseView } from "./bindings/CaseView";
import type { ConsentAlert } from "./bindings/ConsentAlert";
import type { DashboardFigures } from "./bindings/DashboardFigures";
import type { IpcError } from "./bindings/IpcError";
import type { LogLine } from "./bindings/LogLine";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { ShelterBoard } from "./bindings/ShelterBoard";
import { language, setLanguage } from "./i18n";
import { permissionsOf } from "./testing/permissions";

const session = (userName: string, roles: SessionInfo["roles"], lang: SessionInfo["language"] = null): SessionInfo => ({
  userName,
  roles,
  permissions: permissionsOf(roles),
  autoLockMinutes: 5,
  language: lang,
  keyFileChanged: false,
});
const intake = session("nigar", ["intake"]);
const caseworker = session("rauf", ["caseworker"]);
const supervisor = session("leyla", ["supervisor"]);
const admin = session("amina", ["admin"]);
const PASS = "correct horse battery staple 42";

const fault = (kind: IpcError["kind"], message: string, field: string | null = null): IpcError => ({ kind, message, field, problems: [] });

const FIGURES: DashboardFigures = {
  openCases: 12,
  closedCases: 3,
  shelters: [
    { name: "Ministry Shelter", capacity: 50, occupied: 31 },
    { name: "Hope House", capacity: null, occupied: 4 },
  ],
  pendingReferrals: 4,
  expiringConsents: [
    { code: "HVN-2026-0007", scope: "data_storage", expiresOn: "2026-03-01" },
    { code: "HVN-2026-0011", scope: "statistics", expiresOn: "2026-03-04" },
  ],
};

const ALERTS: ConsentAlert[] = [
  { code: "HVN-2026-0007", consent: 41, scope: "data_storage", state: "expiring", expiresOn: "2026-03-01", withdrawnOn: null },
  { code: "HVN-2026-0011", consent: 42, scope: "statistics", state: "expiring", expiresOn: "2026-03-04", withdrawnOn: null },
  { code: "HVN-2026-0012", consent: 43, scope: "referrals", state: "expired", expiresOn: "2026-01-31", withdrawnOn: null },
  { code: "HVN-2026-0013", consent: 44, scope: "referrals", state: "withdrawn", expiresOn: "2026-06-30", withdrawnOn: "2026-02-02" },
];

const ACTIVITY: LogLine[] = Array.from({ length: 10 }, (_, i) => ({
  seq: 100 - i,
  at: `2026-02-0${(i % 9) + 1}T10:15:00Z`,
  user: i % 2 ? "rauf" : "nigar",
  action: ["case.create", "case.change", "document.add"][i % 3],
  case: i === 0 ? "HVN-2026-0007" : `HVN-2026-00${String(20 + i)}`,
  outcome: "ok",
  detail: null,
}));

function board(names: boolean): ShelterBoard {
  const named = (name: string) => (names ? { name } : {});
  return {
    shelters: [
      {
        name: "Ministry Shelter",
        sector: "state",
        capacity: 50,
        occupied: 2,
        residents: [
          { code: "HVN-2026-0007", ...named("Aysel Məmmədova"), admittedOn: "2026-01-05", bed: "B-4", stay: 21, stayIndex: 1 },
          { code: "HVN-2026-0009", ...named("Leyla Əliyeva"), admittedOn: "2026-01-20", bed: null, stay: 23, stayIndex: 0 },
        ],
      },
      { name: "Hope House", sector: "ngo", capacity: 10, occupied: 0, residents: [] },
    ],
  };
}

function caseView(hidden: boolean): CaseView {
  return {
    identity_hidden: hidden,
    entry_ids: { referrals: [], shelter_stays: [20, 21], beds: [null, "B-4"], consents: [41] },
    erased: null,
    consent_states: ["valid"],
    referred_in_from: null,
    identified_elsewhere: false,
    caseworker: null,
    ref: null,
    code: "HVN-2026-0007",
    person: {
      given_name: hidden ? null : "Aysel",
      family_name: hidden ? null : "Məmmədova",
      aliases: [],
      sex: "female",
      birth_date: null,
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
    consents: [{ scope: "data_storage", given_on: "2026-01-02", expires_on: "2026-03-01" }],
    referrals: [],
    shelter_stays: [
      { shelter: "Hope House", admitted_on: "2025-11-01", discharged_on: "2025-12-01" },
      { shelter: "Ministry Shelter", admitted_on: "2026-01-05", discharged_on: null },
    ],
    services: [],
    allowances: [],
    trainings: [],
    employments: [],
    notes: [],
  };
}

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(s: SessionInfo, state: "unlocked" | "locked" = "unlocked", activity: () => LogLine[] = () => structuredClone(ACTIVITY)) {
  const calls: Call[] = [];
  const failures = new Map<string, IpcError>();
  const waits = new Map<string, Promise<void>>();
  const identity = s.roles.includes("intake") || s.roles.includes("caseworker");
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    await waits.get(cmd);
    const failure = failures.get(cmd);
    if (failure) throw failure;
    switch (cmd) {
      case "vault_state":
        return state === "unlocked" ? { state, session: s } : { state };
      case "unlock":
        state = "unlocked";
        return s;
      case "watch_lock":
      case "touch":
      case "lock":
      case "set_language":
        return null;
      case "backup_status":
        return { lastBackupAt: "2026-01-01T10:00:00Z", daysSince: 1, due: false };
      case "dashboard_figures":
        return structuredClone(FIGURES);
      case "consent_alerts":
        return structuredClone(ALERTS);
      case "recent_activity":
        return activity();
      case "shelter_board":
        return board(identity);
      case "cases_list":
        return [];
      case "case_show":
        return caseView(!identity);
      case "case_history":
        return [];
      case "organizations_list":
        return [{ name: "Ministry Shelter", kind: "shelter", sector: "state", capacity: 50 }];
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
    /** Holds `cmd` until the returned function is called. */
    hold(cmd: string): () => void {
      let release = () => {};
      waits.set(cmd, new Promise<void>((r) => (release = r)));
      return () => {
        waits.delete(cmd);
        release();
      };
    },
  };
}

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const $$ = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));
const input = (sel: string) => $<HTMLInputElement>(sel)!;
const button = (sel: string) => $<HTMLButtonElement>(sel)!;
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
const text = (sel: string) => $(sel)?.textContent ?? "";
const shown = (sel: string) => $(sel)?.querySelector(".occupancy-figure")?.textContent;
const residents = () => $$("#board tr[data-code]");

let app: App;
let root: HTMLElement;

beforeEach(() => {
  setLanguage("en");
  document.documentElement.lang = "en";
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
});
afterEach(() => {
  app?.destroy();
  clearMocks();
  setLanguage("en");
});

async function start(s: SessionInfo, state: "unlocked" | "locked" = "unlocked") {
  const core = fakeCore(s, state);
  app = new App(root);
  await app.start();
  return core;
}

async function figuresOf(s: SessionInfo) {
  const core = await start(s);
  await until(() => $("#figure-open-cases"));
  return core;
}

describe("dashboard figures", () => {
  it("shows the four figures to intake, caseworkers and supervisors, without names", async () => {
    for (const s of [intake, caseworker, supervisor]) {
      const core = await figuresOf(s);
      expect(core.names()).toContain("dashboard_figures");
      expect(text("#figure-open-cases .figure-value")).toBe("12");
      expect(text("#figure-open-cases")).toContain("3 closed");
      expect(shown('#figure-beds [data-shelter="Ministry Shelter"]')).toBe("31 / 50");
      expect(text('#figure-beds [data-shelter="Ministry Shelter"]')).toContain("31 of 50 beds taken");
      expect($('#figure-beds [data-shelter="Ministry Shelter"] svg.bed-bar')?.getAttribute("aria-hidden")).toBe("true");
      expect(text('#figure-beds [data-shelter="Hope House"]')).toContain("the number of beds is not recorded");
      expect($('#figure-beds [data-shelter="Hope House"] svg')).toBeNull();
      expect(text("#figure-pending-referrals .figure-value")).toBe("4");
      expect(text("#figure-expiring-consents .figure-value")).toBe("2");
      expect(text("#figure-expiring-consents")).toContain("Listed under Consents.");
      await until(() => $$("#dashboard-consents li[data-code]").length === 4);
      const groups = $$("#dashboard-consents .consent-group");
      expect(groups.map((g) => g.dataset.state)).toEqual(["expiring", "expired", "withdrawn"]);
      expect(groups.map((g) => g.querySelector("h3")?.textContent)).toEqual(["Expiring within 30 days (2)", "Expired consents to referrals (1)", "Withdrawn (1)"]);
      const consents = $$("#dashboard-consents li[data-code]");
      expect(consents.map((li) => li.dataset.code)).toEqual(["HVN-2026-0007", "HVN-2026-0011", "HVN-2026-0012", "HVN-2026-0013"]);
      expect(consents[0].textContent).toContain("Data storage, expires on 1 March 2026");
      expect(consents[2].textContent).toContain("Referrals, expired on 31 January 2026");
      expect(consents[3].textContent).toContain("Referrals, withdrawn on 2 February 2026");
      expect(core.names()).toContain("consent_alerts");
      expect($("#dashboard-figures")?.getAttribute("aria-labelledby")).toBe("figures-title");
      expect(document.body.textContent).not.toMatch(/Aysel|Məmmədova/);
      expect($("#figures-error")?.textContent).toBe("");
      app.destroy();
      clearMocks();
    }
  });

  it("is not asked for by administrators without a case role", async () => {
    const core = await start(admin);
    expect($("#dashboard")).not.toBeNull();
    expect($("#dashboard-figures")).toBeNull();
    expect($("#open-board")).toBeNull();
    expect(core.names()).not.toContain("dashboard_figures");
  });

  it("says it is loading, shows a failure with a retry, and then the figures", async () => {
    const core = fakeCore(caseworker);
    const release = core.hold("dashboard_figures");
    core.fail("dashboard_figures", fault("storage", "Haven could not read the vault."));
    app = new App(root);
    await app.start();
    await until(() => text("#figures-loading"));
    expect(text("#figures-loading")).toBe("Loading the figures…");
    expect($("#dashboard-figures")?.getAttribute("aria-busy")).toBe("true");
    release();
    await until(() => text("#figures-error"));
    expect(text("#figures-error")).toBe("The figures could not be loaded. Haven could not read the vault.");
    expect($("#figures-error")?.getAttribute("role")).toBe("alert");
    expect(text("#figures-loading")).toBe("");
    expect($("#dashboard-figures")?.hasAttribute("aria-busy")).toBe(false);
    expect(button("#figures-retry").hidden).toBe(false);

    core.fail("dashboard_figures", null);
    button("#figures-retry").focus();
    button("#figures-retry").click();
    await until(() => $("#figure-open-cases"));
    expect(text("#figures-error")).toBe("");
    expect(button("#figures-retry").hidden).toBe(true);
    expect(document.activeElement?.id).toBe("figures-title");
  });

  it("opens a case from the consents that need attention, on its consent tab", async () => {
    await figuresOf(caseworker);
    await until(() => $('#dashboard-consents li[data-code="HVN-2026-0007"] button'));
    $<HTMLButtonElement>('#dashboard-consents li[data-code="HVN-2026-0007"] button')!.click();
    await until(() => $("#case-code"));
    expect(text("#case-file-title")).toBe("HVN-2026-0007");
    expect(button("#tab-consent").getAttribute("aria-selected")).toBe("true");
    expect($("#panel-consent")!.hidden).toBe(false);
    button("#case-file-back").click();
    expect($("#dashboard")).not.toBeNull();
  });
});

describe("recent activity", () => {
  const lines = () => $$("#recent-activity-table tbody tr");

  it("lists the latest changes with time, staff user, action and case, for every case role", async () => {
    for (const s of [intake, caseworker, supervisor]) {
      const core = await start(s);
      await until(() => lines().length === 10);
      expect(core.names()).toContain("recent_activity");
      expect($("#recent-activity")?.getAttribute("aria-labelledby")).toBe("recent-activity-title");
      expect(text("#recent-activity-title")).toBe("Recent activity");
      const first = lines()[0];
      expect(first.querySelector("time")?.getAttribute("datetime")).toBe("2026-02-01T10:15:00Z");
      expect(first.querySelector("time")?.textContent).toMatch(/1 Feb 2026/);
      expect(first.textContent).toContain("nigar");
      expect(first.textContent).toContain("Case created");
      expect(lines()[1].textContent).toContain("Case changed");
      expect(lines()[2].textContent).toContain("Document added");
      expect(first.querySelector("button")?.getAttribute("aria-label")).toBe("Open case HVN-2026-0007");
      app.destroy();
      clearMocks();
    }
  });

  it("formats the time for the language", async () => {
    await start(caseworker);
    await until(() => lines().length === 10);
    choose("#language", "ru");
    await until(() => lines().length === 10);
    const expected = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "short", year: "numeric" }).format(new Date("2026-02-01T10:15:00Z"));
    expect(lines()[0].querySelector("time")?.textContent).toContain(expected);
  });

  it("opens a case file from its code, and Back returns to the dashboard", async () => {
    const core = await start(supervisor);
    await until(() => lines().length === 10);
    lines()[0].querySelector("button")!.click();
    await until(() => $("#case-code"));
    expect(core.last("case_show")?.args).toEqual({ code: "HVN-2026-0007" });
    expect(button("#tab-profile").getAttribute("aria-selected")).toBe("true");
    button("#case-file-back").click();
    expect($("#recent-activity")).not.toBeNull();
  });

  it("says when nothing happened yet, and shows a failure", async () => {
    fakeCore(caseworker, "unlocked", () => []);
    app = new App(root);
    await app.start();
    await until(() => $("#recent-activity-empty"));
    expect(text("#recent-activity-empty")).toBe("No changes to cases yet.");
    app.destroy();
    clearMocks();

    const core = fakeCore(caseworker);
    core.fail("recent_activity", fault("storage", "Haven could not read the vault."));
    app = new App(root);
    await app.start();
    await until(() => text("#recent-activity-error"));
    expect(text("#recent-activity-error")).toBe("The recent activity could not be loaded. Haven could not read the vault.");
  });

  it("is not shown to administrators without a case role", async () => {
    const core = await start(admin);
    expect($("#recent-activity")).toBeNull();
    expect(core.names()).not.toContain("recent_activity");
  });
});

describe("shelter board", () => {
  async function openBoard(s: SessionInfo) {
    const core = await start(s);
    button("#open-board").click();
    await until(() => residents().length > 0);
    return core;
  }

  it("shows each shelter with its beds and residents by code to supervisors, without names", async () => {
    const core = await openBoard(supervisor);
    expect(core.names()).toContain("shelter_board");
    expect(document.activeElement?.id).toBe("board-title");
    expect(text("#board-title")).toBe("Shelter board");
    const ministry = $('section[data-shelter="Ministry Shelter"]')!;
    expect(ministry.querySelector(".board-occupancy .occupancy-figure")?.textContent).toBe("2 / 50");
    expect(ministry.querySelector(".board-occupancy")?.textContent).toContain("2 of 50 beds taken");
    const fill = ministry.querySelector("svg.bed-bar .bed-bar-fill");
    expect(fill?.getAttribute("width")).toBe("4");
    expect(ministry.querySelector("[style]")).toBeNull();
    expect(residents().map((r) => r.dataset.code)).toEqual(["HVN-2026-0007", "HVN-2026-0009"]);
    expect(residents()[0].textContent).toContain("5 January 2026");
    expect(residents()[0].textContent).toContain("B-4");
    expect(ministry.querySelectorAll("thead th").length).toBe(3);
    expect(document.body.textContent).not.toMatch(/Aysel|Leyla Əliyeva/);
    expect(ministry.querySelector('button[data-action="discharge"]')).toBeNull();
    expect($("#board-open-cases")).toBeNull();
    expect(text('section[data-shelter="Hope House"]')).toContain("Nobody is in this shelter today.");
    expect(text('section[data-shelter="Hope House"]')).toContain("NGO");
    button("#board-back").click();
    expect($("#dashboard")).not.toBeNull();
  });

  it("shows names when the core sends them, a discharge action and the way to admit", async () => {
    await openBoard(intake);
    expect(residents()[0].textContent).toContain("Aysel Məmmədova");
    expect($$('section[data-shelter="Ministry Shelter"] thead th').map((th) => th.textContent)).toEqual(["Case code", "Name", "Admitted on", "Bed", "Discharge"]);
    const discharge = residents()[0].querySelector<HTMLButtonElement>('button[data-action="discharge"]')!;
    expect(discharge.getAttribute("aria-label")).toBe("Discharge case HVN-2026-0007 from Ministry Shelter");
    expect(text("#board-admit")).toMatch(/Shelter stays/);
    button("#board-open-cases").click();
    expect($("#cases")).not.toBeNull();
  });

  it("opens a resident's case file from the row, and Back returns to the board", async () => {
    const core = await openBoard(caseworker);
    residents()[0].click();
    await until(() => $("#case-code"));
    expect(core.last("case_show")?.args).toEqual({ code: "HVN-2026-0007" });
    expect(button("#tab-profile").getAttribute("aria-selected")).toBe("true");
    button("#case-file-back").click();
    await until(() => residents().length > 0);
    expect(document.activeElement?.id).toBe("board-title");
  });

  it("opens the case on its shelter stays tab at the discharge date of that stay", async () => {
    await openBoard(intake);
    residents()[0].querySelector<HTMLButtonElement>('button[data-action="discharge"]')!.click();
    await until(() => $("#stay-1-discharged-on"));
    expect(button("#tab-stays").getAttribute("aria-selected")).toBe("true");
    expect($("#panel-stays")!.hidden).toBe(false);
    await until(() => document.activeElement?.id === "stay-1-discharged-on");
  });

  it("shows a failure with a retry", async () => {
    const core = fakeCore(supervisor);
    core.fail("shelter_board", fault("storage", "Haven could not read the vault."));
    app = new App(root);
    await app.start();
    button("#open-board").click();
    await until(() => text("#board-error"));
    expect(text("#board-error")).toBe("Haven could not read the vault.");
    core.fail("shelter_board", null);
    button("#board-retry").click();
    await until(() => residents().length === 2);
    expect(button("#board-retry").hidden).toBe(true);
  });
});

describe("language switch", () => {
  const options = () => $$("#language option").map((o) => [o.getAttribute("value"), o.textContent, o.getAttribute("lang")]);

  it("is in the top bar of every signed-in screen, labelled, each language in its own name", async () => {
    await start(caseworker);
    expect($("#dashboard .topbar #language")).not.toBeNull();
    expect($('label[for="language"]')?.textContent).toBe("Language");
    expect(options()).toEqual([
      ["az", "Azərbaycanca", "az"],
      ["ru", "Русский", "ru"],
      ["en", "English", "en"],
    ]);
    expect($<HTMLSelectElement>("#language")!.value).toBe("en");
    button("#open-board").click();
    expect($("#board .topbar #language")).not.toBeNull();
    button("#board-back").click();
    button("#open-cases").click();
    expect($("#cases .topbar #language")).not.toBeNull();
  });

  it("applies the language, remembers it for the user, and redraws the screen in place", async () => {
    const core = await start(caseworker);
    button("#open-cases").click();
    type("#cases-search", "0007");
    choose("#cases-status", "open");
    choose("#language", "ru");
    expect(language()).toBe("ru");
    expect(document.documentElement.lang).toBe("ru");
    await until(() => core.last("set_language"));
    expect(core.last("set_language")?.args).toEqual({ language: "ru" });
    // The same screen, drawn again, with what was typed.
    expect($("#cases")).not.toBeNull();
    expect(input("#cases-search").value).toBe("0007");
    expect($<HTMLSelectElement>("#cases-status")!.value).toBe("open");
    expect($<HTMLSelectElement>("#language")!.value).toBe("ru");
    expect(document.activeElement?.id).toBe("language");

    choose("#language", "en");
    expect(language()).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(text("#cases-title")).toBe("Cases");
  });

  it("formats dates for the language at render time", async () => {
    await start(supervisor);
    button("#open-board").click();
    await until(() => residents().length > 0);
    const english = residents()[0].querySelector("time")!.textContent;
    expect(english).toBe("5 January 2026");
    choose("#language", "ru");
    await until(() => residents().length > 0);
    const russian = residents()[0].querySelector("time")!.textContent;
    const expected = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date("2026-01-05"));
    expect(russian).toBe(expected);
    expect(russian).not.toBe(english);
  });

  it("keeps the case file's tab and what was typed in a form that appears after loading", async () => {
    await start(intake);
    button("#open-board").click();
    await until(() => residents().length > 0);
    residents()[0].click();
    await until(() => $("#case-code"));
    button("#tab-stays").click();
    type("#stays-bed", "B-9");
    choose("#language", "ru");
    await until(() => $("#case-code") && input("#stays-bed").value === "B-9");
    expect(button("#tab-stays").getAttribute("aria-selected")).toBe("true");
    expect($("#case-file-back")).not.toBeNull();
    button("#case-file-back").click();
    await until(() => $("#board"));
  });

  it("works before sign-in without saving anything, then the user's remembered language applies", async () => {
    const core = await start(session("rauf", ["caseworker"], "ru"), "locked");
    expect($("#unlock-view #language")).not.toBeNull();
    type("#user-name", "rauf");
    choose("#language", "az");
    expect(language()).toBe("az");
    expect(document.documentElement.lang).toBe("az");
    expect(core.names()).not.toContain("set_language");
    expect($("#unlock-view")).not.toBeNull();
    expect(input("#user-name").value).toBe("rauf");
    expect(document.activeElement?.id).toBe("language");

    type("#passphrase", PASS);
    $<HTMLFormElement>("#unlock-form")!.requestSubmit();
    await until(() => $("#dashboard"));
    expect(language()).toBe("ru");
    expect(document.documentElement.lang).toBe("ru");
    expect($<HTMLSelectElement>("#language")!.value).toBe("ru");
    expect(core.names()).not.toContain("set_language");
  });

  it("is on the first-run screen too, and keeps the name typed there", async () => {
    mockIPC((cmd) => (cmd === "vault_state" ? { state: "missing" } : { score: 1, acceptable: false, feedback: [] }));
    app = new App(root);
    await app.start();
    expect($("#first-run #language")).not.toBeNull();
    type("#admin-name", "amina");
    type("#new-passphrase", PASS);
    choose("#language", "ru");
    expect(language()).toBe("ru");
    expect($("#first-run")).not.toBeNull();
    expect(input("#admin-name").value).toBe("amina");
    // Passphrases are never copied from one drawing of a screen to the next.
    expect(input("#new-passphrase").value).toBe("");
  });
});
