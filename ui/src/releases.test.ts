// The release ledger and the CTDC export on screen, against a fake core (indicators.md,
// "Releases" and "CTDC"): the note of cells withheld to protect earlier releases (only when the
// joint check withheld any), the ledger on the report screen (this site's releases, or the
// consolidated ones) and on Administration → Releases, retiring a release (administrators only;
// the reason asked first, Cancel focused, Escape closes, the core's error at its field), the
// CTDC preview and export through the save dialog, a save refused because the ledger moved,
// the words in three languages, the audit actions named, accessibility.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { clearMocks } from "@tauri-apps/api/mocks";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import { actionLabel } from "./adminModel";
import type { CtdcPreview } from "./bindings/CtdcPreview";
import type { CtdcRequest } from "./bindings/CtdcRequest";
import type { IndicatorReport } from "./bindings/IndicatorReport";
import type { IpcError } from "./bindings/IpcError";
import type { ReleaseView } from "./bindings/ReleaseView";
import type { ReportRequest } from "./bindings/ReportRequest";
import type { SessionInfo } from "./bindings/SessionInfo";
import { hasKey, setLanguage } from "./i18n";
import { earlierReleasesNote, generalizationText, releaseMessage, withheldForEarlierText, withheldText } from "./releasesModel";
import { mockIPC } from "./testing/core";
import { permissionsOf } from "./testing/permissions";

const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ save: dialog.save, open: dialog.open }));

const session = (userName: string, roles: SessionInfo["roles"]): SessionInfo => ({
  userName,
  roles,
  permissions: permissionsOf(roles),
  autoLockMinutes: 5,
  language: null,
  keyFileChanged: false,
});
const supervisor = session("leyla", ["supervisor"]);
const adminSupervisor = session("amina", ["admin", "supervisor"]);
const admin = session("rauf", ["admin"]);

const fault = (kind: IpcError["kind"], message: string, field: string | null = null): IpcError => ({ kind, message, field, problems: [] });

const RELEASES: ReleaseView[] = [
  { id: 4, kind: "ctdc", from: "2025-01-01", to: "2025-12-31", minCell: 11, format: "csv", published: 29, suppressed: 0, suppressedForEarlierReleases: 0, releasedAt: "2026-02-04T09:00:00Z", releasedBy: "leyla" },
  { id: 3, kind: "consolidated", from: "2025-01-01", to: "2025-12-31", minCell: 11, format: "xlsx", published: 70, suppressed: 19, suppressedForEarlierReleases: 0, releasedAt: "2026-02-03T09:00:00Z", releasedBy: "leyla" },
  { id: 2, kind: "indicators", from: "2025-01-01", to: "2025-11-30", minCell: 11, format: "json", published: 31, suppressed: 58, suppressedForEarlierReleases: 22, releasedAt: "2026-02-02T09:00:00Z", releasedBy: "leyla" },
  {
    id: 1, kind: "indicators", from: "2024-01-01", to: "2024-12-31", minCell: 11, format: "csv", published: 52, suppressed: 37, suppressedForEarlierReleases: 0, releasedAt: "2025-01-10T09:00:00Z", releasedBy: "leyla",
    retiredAt: "2025-02-01T10:00:00Z", retiredBy: "amina", retiredReason: "withdrawn before publication",
  },
];

function report(request: ReportRequest, earlier: { releases: number; cells: number } | null): IndicatorReport {
  return {
    report: "indicators",
    period: { from: request.from, to: request.to },
    disclosure_control: {
      method: "small-cell suppression",
      min_cell: request.minCell ?? 11,
      ...(earlier ? { earlier_releases: earlier.releases, suppressed_for_earlier_releases: earlier.cells } : {}),
    },
    generated_at: "2026-02-03T10:00:00Z",
    generator: "haven 0.1.0",
    cells: [
      { indicator: "victims_identified", breakdown: {}, value: 31 },
      { indicator: "victims_identified", breakdown: { sex: "female" }, value: null, suppressed: true },
      { indicator: "victims_identified", breakdown: { sex: "male" }, value: null, suppressed: true },
    ],
  };
}

function ctdcPreview(request: CtdcRequest): CtdcPreview {
  return {
    period: { from: request.from, to: request.to },
    minK: request.minK ?? 11,
    rowsCounted: 51,
    rowsWritten: 29,
    rowsSuppressed: 22,
    generalizationLevel: 5,
    generalizations: [
      { column: "ageBroad", to: "majority_status_only" },
      { column: "citizenship", to: "m49_region" },
      { column: "CountryOfExploitation", to: "m49_region" },
    ],
    exactSmallCounts: (request.minK ?? 11) < 5,
  };
}

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(s: SessionInfo) {
  const calls: Call[] = [];
  const failures = new Map<string, IpcError>();
  let releases = structuredClone(RELEASES);
  let earlier: { releases: number; cells: number } | null = null;
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
      case "recent_activity":
      case "packets_list":
      case "contributions_list":
      case "partners_list":
        return [];
      case "backup_status":
        return { lastBackupAt: "2026-01-01T10:00:00Z", daysSince: 1, due: false };
      case "relay_get":
        return { url: null, lastContact: null, waiting: 0 };
      case "report_settings":
        return { defaultMinCell: 11, lowest: 1, highest: 100, exactSmallCountsBelow: 5 };
      case "report_preview":
        return report(args.request as ReportRequest, earlier);
      case "consolidate_preview":
        return { ...report(args.request as ReportRequest, earlier), consolidation: { sites: 2, corrections: 0 } };
      case "report_save": {
        const r: ReleaseView = { ...RELEASES[2], id: releases[0].id + 1, format: args.format as string, releasedAt: "2026-02-05T09:00:00Z" };
        releases = [r, ...releases];
        return { path: args.path, bytes: 2_048 };
      }
      case "report_releases":
        return structuredClone(releases);
      case "release_retire": {
        const id = args.id as number;
        releases = releases.map((r) => (r.id === id ? { ...r, retiredAt: "2026-02-06T10:00:00Z", retiredBy: s.userName, retiredReason: args.reason as string } : r));
        return null;
      }
      case "ctdc_preview":
        return ctdcPreview(args.request as CtdcRequest);
      case "ctdc_export": {
        const request = args.request as CtdcRequest;
        const path = args.path as string;
        releases = [{ ...RELEASES[0], id: releases[0].id + 1, from: request.from, to: request.to }, ...releases];
        return { summary: ctdcPreview(request), metadataFile: path.replace(/\.csv$/, ".meta.json"), release: releases[0].id };
      }
      default:
        throw fault("internal", `no command ${cmd}`);
    }
  });
  return {
    calls,
    names: () => calls.map((c) => c.cmd),
    count: (cmd: string) => calls.filter((c) => c.cmd === cmd).length,
    last: (cmd: string) => [...calls].reverse().find((c) => c.cmd === cmd),
    fail(cmd: string, e: IpcError | null) {
      if (e) failures.set(cmd, e);
      else failures.delete(cmd);
    },
    /** The next previews were checked against `releases` earlier releases, `cells` withheld for them. */
    earlier(e: { releases: number; cells: number } | null) {
      earlier = e;
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
const submit = (sel: string) => $<HTMLFormElement>(sel)!.requestSubmit();
const escape = (sel: string) => $(sel)!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
const ledgerIds = () => $$("#releases-table tbody tr[data-release]").map((r) => Number(r.dataset.release));
const rowOf = (id: number) => $(`#releases-table tr[data-release="${id}"]`)!;
const cellsOf = (id: number) => Array.from(rowOf(id).querySelectorAll("th, td")).map((c) => c.textContent ?? "");

async function violations(root: Element = document.body): Promise<string[]> {
  if (!document.getElementById("test-hidden-style")) {
    document.head.append(Object.assign(document.createElement("style"), { id: "test-hidden-style", textContent: "[hidden] { display: none !important; }" }));
  }
  const result = await axe.run(root, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, rules: { "color-contrast": { enabled: false } } });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

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

async function openReport(s: SessionInfo = supervisor) {
  const core = await start(s);
  button("#open-report").click();
  await until(() => input("#report-min-cell").value === "11" && ($("#releases-table") || $("#releases-empty")) && input("#ctdc-min-k").value === "11");
  return core;
}

async function preview(core: ReturnType<typeof fakeCore>, command = "report_preview") {
  const before = core.count(command);
  submit("#report-form");
  await until(() => core.count(command) > before && !button("#report-preview").disabled);
}

// ---- The words -------------------------------------------------------------------------------

describe("the release ledger's words", () => {
  it("says how many cells were withheld for earlier releases only when any was, with plural forms", () => {
    expect(earlierReleasesNote({ method: "small-cell suppression", min_cell: 11 })).toBeNull();
    expect(earlierReleasesNote({ method: "small-cell suppression", min_cell: 11, earlier_releases: 3 })).toBeNull();
    expect(earlierReleasesNote({ method: "small-cell suppression", min_cell: 11, earlier_releases: 1, suppressed_for_earlier_releases: 1 })).toMatch(/^1 cell withheld to protect the 1 earlier release: /);
    expect(earlierReleasesNote({ method: "small-cell suppression", min_cell: 11, earlier_releases: 2, suppressed_for_earlier_releases: 22 })).toMatch(/^22 cells withheld to protect the 2 earlier releases: /);
    setLanguage("ru");
    expect(earlierReleasesNote({ method: "small-cell suppression", min_cell: 11, earlier_releases: 5, suppressed_for_earlier_releases: 3 })).toMatch(/^Для защиты прежних выпусков скрыто: 3 ячейки\. .*\(5 выпусков\)/);
    setLanguage("az");
    expect(earlierReleasesNote({ method: "small-cell suppression", min_cell: 11, earlier_releases: 2, suppressed_for_earlier_releases: 22 })).toMatch(/^Əvvəlki buraxılışları qorumaq üçün gizlədilib: 22 xana\./);
  });

  it("puts a release's counts and the CTDC generalizations in words", () => {
    expect(withheldText(RELEASES[2])).toBe("58 cells");
    expect(withheldForEarlierText(RELEASES[2])).toBe("22 of them to protect earlier releases");
    expect(withheldForEarlierText(RELEASES[1])).toBeNull();
    expect(withheldText(RELEASES[0])).toBe("—");
    expect(generalizationText({ column: "citizenship", to: "m49_region" })).toBe("Citizenship: UN region instead of the country");
    expect(generalizationText({ column: "gender", to: "something_new" })).toBe("gender: something_new");
    setLanguage("ru");
    expect(generalizationText({ column: "ageBroad", to: "majority_status_only" })).toMatch(/^Возраст: только совершеннолетний/);
  });

  it("says these commands' field errors in the user's language, the core's words in English", () => {
    const reason = fault("invalid", "Say why this release no longer needs protecting (core).", "reason");
    expect(releaseMessage(reason)).toBe("Say why this release no longer needs protecting (core).");
    for (const [lang, pattern] of [["ru", /^Укажите, почему/], ["az", /^Bu buraxılışın niyə/]] as const) {
      setLanguage(lang);
      expect(releaseMessage(reason)).toMatch(pattern);
      expect(releaseMessage(fault("invalid", "Another report was released (core).", "report"))).not.toMatch(/core/);
    }
  });

  it("names every audit action of the core in every language, the two new ones among them", () => {
    // The words the core stores (src/audit/entry.rs, `Action::as_str`), read from its source.
    const source = readFileSync(join(__dirname, "..", "..", "src", "audit", "entry.rs"), "utf8");
    const words = [...source.matchAll(/Action::\w+ => "([\w.]+)"/g)].map((m) => m[1]);
    expect(words).toContain("export.ctdc");
    expect(words).toContain("report.release.retire");
    expect(words.length).toBeGreaterThan(30);
    for (const lang of ["en", "az", "ru"]) {
      setLanguage(lang);
      expect(words.filter((w) => !hasKey(`audit.action.${w}`) || actionLabel(w) === w), lang).toEqual([]);
    }
    setLanguage("en");
    expect(["export.ctdc", "report.release.retire"].map(actionLabel)).toEqual(["CTDC microdata exported", "Release retired from the check"]);
  });
});

// ---- The report screen -------------------------------------------------------------------------

describe("the report's note on earlier releases", () => {
  it("appears only when cells were withheld to protect earlier releases, the cells marked as before", async () => {
    const core = await openReport();
    core.earlier({ releases: 3, cells: 0 });
    await preview(core);
    await until(() => $("#report-summary"));
    expect($("#report-earlier-releases")).toBeNull();

    core.earlier({ releases: 2, cells: 22 });
    type("#report-min-cell", "12");
    await preview(core);
    await until(() => $("#report-earlier-releases"));
    expect(text("#report-earlier-releases")).toMatch(/^22 cells withheld to protect the 2 earlier releases: together with the reports already released/);
    expect($("#report-earlier-releases")!.dataset.cells).toBe("22");
    // Before the tables, beside the legend; the suppressed cells are marked as ever.
    expect($("#report-earlier-releases")!.nextElementSibling?.id).toBe("report-legend");
    expect($$("td[data-suppressed='true'] .suppressed-badge").length).toBe(2);
    expect(await violations(root)).toEqual([]);
  });

  it("appears on the consolidated report too, whose ledger lists the consolidated releases only", async () => {
    const core = await start(supervisor);
    button("#open-consolidation").click();
    await until(() => $("#consolidation-open-report"));
    button("#consolidation-open-report").click();
    await until(() => $("#report[data-mode='consolidated']") && input("#report-min-cell").value === "11" && $("#releases-table"));
    expect($("#ctdc")).toBeNull();
    expect(ledgerIds()).toEqual([3]);
    core.earlier({ releases: 1, cells: 4 });
    await preview(core, "consolidate_preview");
    await until(() => $("#report-earlier-releases"));
    expect(text("#report-earlier-releases")).toMatch(/^4 cells withheld to protect the 1 earlier release: /);
  });
});

describe("the ledger on the report screen", () => {
  it("lists this site's reports and CTDC files, newest first, with what each published, withheld and whether it binds", async () => {
    await openReport();
    expect(ledgerIds()).toEqual([4, 2, 1]);
    expect(cellsOf(2)).toEqual(["2", "1 January 2025 – 30 November 2025", "Indicator report, JSON", "11", "31 cells", "58 cells22 of them to protect earlier releases", cellsOf(2)[6], "In the check"]);
    expect(cellsOf(2)[6]).toMatch(/^2 Feb 2026, \d\d:\d\d:\d\dby leyla$/);
    expect(cellsOf(4).slice(2, 6)).toEqual(["CTDC microdata, CSV", "11", "29 rows", "—"]);
    expect(rowOf(1).dataset.retired).toBe("true");
    expect(rowOf(1).querySelector(".release-state")?.textContent).toBe("Retired");
    expect(rowOf(1).querySelector("td.release-retired .release-detail")?.textContent).toMatch(/^On 1 Feb 2025, .* by amina: withdrawn before publication$/);
    // A supervisor who does not administer is offered no Retire.
    expect($$("#releases-table button[data-action='retire']")).toEqual([]);
    expect($$("#releases-table thead th").length).toBe(8);
    // The scrolling table is reachable by keyboard and named.
    const region = $("#releases .table-scroll")!;
    expect(region.getAttribute("tabindex")).toBe("0");
    expect(region.getAttribute("aria-labelledby")).toBe("releases-title");
  });

  it("reads the ledger again after a save, which lists the new release", async () => {
    const core = await openReport();
    const before = core.count("report_releases");
    await preview(core);
    dialog.save.mockResolvedValue("/media/usb/year.json");
    button("#report-save-json").click();
    await until(() => text("#report-saved"));
    await until(() => core.count("report_releases") > before && ledgerIds()[0] === 5);
    expect(cellsOf(5)[2]).toBe("Indicator report, JSON");
  });

  it("says a save refused because another release came since the preview, and shows that release", async () => {
    const core = await openReport();
    await preview(core);
    core.fail("report_save", fault("invalid", "Another report was released (or one retired) since this one was made; make it again, so that it is checked against every release, then save it.", "report"));
    dialog.save.mockResolvedValue("/media/usb/year.csv");
    const before = core.count("report_releases");
    button("#report-save-csv").click();
    await until(() => text("#report-export-error"));
    expect(text("#report-export-error")).toMatch(/^Another report was released/);
    expect(text("#report-saved")).toBe("");
    await until(() => core.count("report_releases") > before);

    setLanguage("ru");
    button("#report-save-csv").click();
    await until(() => text("#report-export-error").startsWith("После этого"));
  });

  it("says when nothing was released yet, and when the ledger cannot be read", async () => {
    const core = fakeCore(supervisor);
    core.fail("report_releases", fault("forbidden", "You are not allowed to do this."));
    app = new App(root);
    await app.start();
    button("#open-report").click();
    await until(() => text("#releases-error"));
    expect(text("#releases-error")).toBe("The releases could not be read: You are not allowed to do this.");
  });
});

// ---- Retiring a release ------------------------------------------------------------------------

describe("retiring a release", () => {
  it("is offered to administrators on each release that binds, and asks the reason first (Cancel focused, Escape closes)", async () => {
    const core = await openReport(adminSupervisor);
    const retire = $$("#releases-table button[data-action='retire']");
    expect(retire.map((b) => b.closest("tr")!.dataset.release)).toEqual(["4", "2"]);
    expect(retire[1].getAttribute("aria-label")).toBe("Retire release 2");

    retire[1].click();
    await until(() => $("#release-retire-panel"));
    expect(document.activeElement).toBe(button("#release-retire-cancel"));
    expect(retire[1].getAttribute("aria-expanded")).toBe("true");
    expect(text("#release-retire-question")).toMatch(/^Retire release 2 \(1 January 2025 – 30 November 2025\) from the check\?/);
    expect($("#release-retire-panel")!.closest("tr")!.previousElementSibling).toBe(rowOf(2));
    escape("#release-retire-panel");
    expect($("#release-retire-panel")).toBeNull();
    expect(document.activeElement).toBe(retire[1]);
    expect(retire[1].getAttribute("aria-expanded")).toBe("false");

    // The reason is required: nothing is sent without one.
    retire[1].click();
    await until(() => $("#release-retire-confirm"));
    button("#release-retire-confirm").click();
    expect(text("#release-retire-reason-error")).toBe("This field is required.");
    expect(document.activeElement?.id).toBe("release-retire-reason");
    expect(core.names()).not.toContain("release_retire");
    button("#release-retire-cancel").click();
    expect($("#release-retire-panel")).toBeNull();
  });

  it("shows the core's error at the reason, or above the buttons for the release, in the user's language", async () => {
    const core = await openReport(adminSupervisor);
    rowOf(2).querySelector<HTMLButtonElement>("button[data-action='retire']")!.click();
    await until(() => $("#release-retire-reason"));
    type("#release-retire-reason", "bad\u202etext");
    core.fail("release_retire", fault("invalid", "The reason holds an invisible direction mark (core).", "reason"));
    button("#release-retire-confirm").click();
    await until(() => text("#release-retire-reason-error"));
    expect(text("#release-retire-reason-error")).toBe("The reason holds an invisible direction mark (core).");
    expect(input("#release-retire-reason").getAttribute("aria-invalid")).toBe("true");
    expect(input("#release-retire-reason").getAttribute("aria-describedby")).toBe("release-retire-reason-error release-retire-reason-hint");
    expect(document.activeElement?.id).toBe("release-retire-reason");
    expect(core.last("release_retire")?.args).toEqual({ id: 2, reason: "bad\u202etext" });

    setLanguage("ru");
    core.fail("release_retire", fault("invalid", "Release 2 was retired already.", "release"));
    button("#release-retire-confirm").click();
    await until(() => text("#release-retire-error"));
    expect(text("#release-retire-error")).toBe("Этот выпуск нельзя исключить: его нет в журнале или он уже исключён.");
    expect(text("#release-retire-reason-error")).toBe("");
    expect(document.activeElement?.id).toBe("release-retire-cancel");
  });

  it("retires with the reason typed, then lists the release as retired, by whom and why", async () => {
    const core = await openReport(adminSupervisor);
    rowOf(2).querySelector<HTMLButtonElement>("button[data-action='retire']")!.click();
    await until(() => $("#release-retire-reason"));
    type("#release-retire-reason", "  withdrawn before anyone received it  ");
    button("#release-retire-confirm").click();
    await until(() => text("#releases-status"));
    expect(core.last("release_retire")?.args).toEqual({ id: 2, reason: "withdrawn before anyone received it" });
    expect(text("#releases-status")).toBe("Release 2 was retired from the check.");
    await until(() => rowOf(2)?.dataset.retired === "true");
    expect(cellsOf(2)[7]).toMatch(/^Retired.* by amina: withdrawn before anyone received it$/);
    expect(rowOf(2).querySelector("button[data-action='retire']")).toBeNull();
    expect($("#release-retire-panel")).toBeNull();
    expect(document.activeElement?.id).toBe("releases-title");
  });

  it("is on Administration → Releases for an administrator who makes no reports, every kind listed; passes axe with the confirmation open", async () => {
    await start(admin);
    expect($("#open-report")).toBeNull();
    button("#open-releases").click();
    await until(() => $("#releases-table"));
    expect(text("#ledger-title")).toBe("Releases");
    expect(document.activeElement?.id).toBe("ledger-title");
    expect(ledgerIds()).toEqual([4, 3, 2, 1]);
    expect(await violations(root)).toEqual([]);
    rowOf(3).querySelector<HTMLButtonElement>("button[data-action='retire']")!.click();
    await until(() => $("#release-retire-panel"));
    expect(await violations(root)).toEqual([]);
    button("#ledger-back").click();
    await until(() => $("#dashboard"));
  });
});

// ---- CTDC microdata ----------------------------------------------------------------------------

describe("the CTDC export", () => {
  it("previews the rows, then exports exactly that preview through the save dialog, its metadata beside it", async () => {
    const core = await openReport();
    const year = String(new Date().getFullYear() - 1);
    expect(input("#ctdc-from").value).toBe(`${year}-01-01`);
    expect(input("#ctdc-to").value).toBe(`${year}-12-31`);
    expect(text("#ctdc-min-k-hint")).toBe("Each combination in the file occurs at least k times. Allowed: 1 to 100; the vault's default is 11.");
    expect(text("#ctdc-export-hint")).toMatch(/beside it, a metadata file \(NAME\.meta\.json\)/);
    expect(button("#ctdc-export").disabled).toBe(true);

    type("#ctdc-from", "2025-01-01");
    type("#ctdc-to", "2025-12-31");
    submit("#ctdc-form");
    await until(() => $("#ctdc-numbers"));
    expect(core.last("ctdc_preview")?.args).toEqual({ request: { from: "2025-01-01", to: "2025-12-31", minK: 11 } });
    const figure = (name: string) => text(`#ctdc-numbers dd[data-figure='${name}']`);
    expect([figure("rowsCounted"), figure("rowsWritten"), figure("rowsSuppressed"), figure("generalizationLevel")]).toEqual(["51", "29", "22", "step 5 of 5"]);
    expect($$("#ctdc-generalizations li").map((li) => li.textContent)).toEqual([
      "Age: adult or minor only, no age band",
      "Citizenship: UN region instead of the country",
      "Country of exploitation: UN region instead of the country",
    ]);
    expect($("#ctdc-exact-small-counts")).toBeNull();
    expect(button("#ctdc-export").disabled).toBe(false);
    expect(core.names()).not.toContain("ctdc_export");
    expect(await violations(root)).toEqual([]);

    // Cancelling the dialog exports nothing.
    dialog.save.mockResolvedValue(null);
    button("#ctdc-export").click();
    await until(() => dialog.save.mock.calls.length === 1);
    expect(dialog.save.mock.calls[0][0]).toEqual({ defaultPath: "haven-ctdc-2025-01-01-to-2025-12-31.csv", filters: [{ name: "CSV file", extensions: ["csv"] }] });
    await until(() => !button("#ctdc-export").disabled);
    expect(core.names()).not.toContain("ctdc_export");

    const before = core.count("report_releases");
    dialog.save.mockResolvedValue("/media/usb/ctdc-2025.csv");
    button("#ctdc-export").click();
    await until(() => text("#ctdc-saved"));
    expect(core.last("ctdc_export")?.args).toEqual({ request: { from: "2025-01-01", to: "2025-12-31", minK: 11 }, path: "/media/usb/ctdc-2025.csv" });
    expect(text("#ctdc-saved")).toBe("Saved ctdc-2025.csv (29 rows) and, beside it, ctdc-2025.meta.json. Recorded as release 5.");
    await until(() => core.count("report_releases") > before && ledgerIds()[0] === 5);
    expect(document.activeElement?.id).toBe("ctdc-export");
  });

  it("asks for a new preview when the period or k changes, and warns below k = 5", async () => {
    const core = await openReport();
    submit("#ctdc-form");
    await until(() => !button("#ctdc-export").disabled);
    type("#ctdc-min-k", "3");
    expect(button("#ctdc-export").disabled).toBe(true);
    expect($("#ctdc-stale")!.hidden).toBe(false);
    expect($("#ctdc-result")!.dataset.state).toBe("stale");
    submit("#ctdc-form");
    await until(() => $("#ctdc-exact-small-counts"));
    expect(core.last("ctdc_preview")?.args.request).toMatchObject({ minK: 3 });
    expect($("#ctdc-stale")!.hidden).toBe(true);
    expect(text("#ctdc-exact-small-counts")).toMatch(/^With k below 5/);
  });

  it("checks the inputs first, and shows the core's errors at their fields", async () => {
    const core = await openReport();
    // A date input holds a whole date or nothing.
    type("#ctdc-from", "");
    type("#ctdc-min-k", "0");
    submit("#ctdc-form");
    expect(text("#ctdc-from-error")).toBe("This field is required.");
    expect(text("#ctdc-min-k-error")).toBe("Enter a whole number from 1 to 100.");
    expect(document.activeElement?.id).toBe("ctdc-from");
    expect(core.names()).not.toContain("ctdc_preview");

    type("#ctdc-from", "2025-12-31");
    type("#ctdc-to", "2025-01-01");
    type("#ctdc-min-k", "11");
    core.fail("ctdc_preview", fault("invalid", "The period ends before it starts; the last day must be on or after the first.", "to"));
    submit("#ctdc-form");
    await until(() => text("#ctdc-to-error"));
    expect(text("#ctdc-to-error")).toBe("The period ends before it starts; the last day must be on or after the first.");
    expect(document.activeElement?.id).toBe("ctdc-to");

    setLanguage("az");
    core.fail("ctdc_preview", fault("invalid", "k must be a whole number from 1 to 100.", "minK"));
    submit("#ctdc-form");
    await until(() => text("#ctdc-min-k-error"));
    expect(text("#ctdc-min-k-error")).toBe("1 ilə 100 arasında tam ədəd daxil edin.");

    setLanguage("en");
    core.fail("ctdc_preview", null);
    type("#ctdc-to", "2025-12-31");
    type("#ctdc-from", "2025-01-01");
    submit("#ctdc-form");
    await until(() => !button("#ctdc-export").disabled);
    core.fail("ctdc_export", fault("storage", "The file could not be written (core)."));
    dialog.save.mockResolvedValue("/media/usb/x.csv");
    button("#ctdc-export").click();
    await until(() => text("#ctdc-export-error"));
    expect(text("#ctdc-export-error")).toBe("The file could not be written (core).");
    expect(text("#ctdc-saved")).toBe("");
  });

  it("is in the three languages", async () => {
    setLanguage("ru");
    const core = await openReport();
    expect(text("#ctdc-title")).toBe("Микроданные CTDC");
    expect(text("#releases-title")).toBe("Прежние выпуски");
    submit("#ctdc-form");
    await until(() => $("#ctdc-numbers"));
    expect(text("#ctdc-numbers dd[data-figure='generalizationLevel']")).toBe("шаг 5 из 5");
    expect(cellsOf(2)[4]).toBe("31 ячейка");
    expect(cellsOf(4)[4]).toBe("29 строк");
    expect(core.names()).toContain("ctdc_preview");
  });
});
