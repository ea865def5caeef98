// The indicator report screen against a fake core (mockIPC) and a mocked save dialog.
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockIPC } from "./testing/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import type { Cell } from "./bindings/Cell";
import type { IndicatorReport } from "./bindings/IndicatorReport";
import type { IpcError } from "./bindings/IpcError";
import type { ReportRequest } from "./bindings/ReportRequest";
import type { SessionInfo } from "./bindings/SessionInfo";
import { INDICATORS } from "./reportModel";
import { permissionsOf } from "./testing/permissions";

const dialog = vi.hoisted(() => ({ save: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ save: dialog.save }));

const supervisor: SessionInfo = { userName: "leyla", roles: ["supervisor"], permissions: permissionsOf(["supervisor"]), autoLockMinutes: 5, language: null, keyFileChanged: false };
const caseworker: SessionInfo = { userName: "amina", roles: ["admin", "caseworker"], permissions: permissionsOf(["admin", "caseworker"]), autoLockMinutes: 5, language: null, keyFileChanged: false };
const LAST_YEAR = new Date().getFullYear() - 1;

const cell = (indicator: Cell["indicator"], breakdown: Cell["breakdown"], value: number | string | null): Cell =>
  value === null
    ? { indicator, breakdown, value: null, suppressed: true }
    : { indicator, breakdown, value: value };

function sampleReport(request: ReportRequest): IndicatorReport {
  const k = request.minCell ?? 11;
  const cells: Cell[] = [
    cell("victims_identified", {}, 1054),
    cell("victims_identified", { sex: "female" }, 1030),
    cell("victims_identified", { sex: "male" }, 24),
    cell("victims_identified", { sex: "other" }, 0),
    cell("victims_identified", { sex: "unknown" }, 0),
    cell("victims_identified", { age_group: "child" }, null),
    cell("victims_identified", { age_group: "adult" }, null),
    cell("victims_identified", { age_group: "unknown" }, 0),
    ...(["female", "male", "other", "unknown"] as const).flatMap((sex) =>
      (["child", "adult", "unknown"] as const).map((age) =>
        cell("victims_identified", { sex, age_group: age }, sex === "female" && age !== "unknown" ? null : sex === "male" && age === "adult" ? 24 : 0),
      ),
    ),
    cell("victims_identified", { exploitation: "sexual" }, 30),
    cell("victims_identified", { exploitation: "forced_labour" }, null),
    cell("victims_identified", { recognition: "potential" }, 20),
    cell("victims_identified", { recognition: "recognized" }, 1034),
    cell("referred_to_shelter", {}, 12),
    cell("referred_to_shelter", { sex: "female" }, 12),
    cell("referred_to_shelter", { sex: "male" }, 0),
    cell("referred_to_shelter", { sector: "ngo" }, 12),
    cell("allowance_amount", { currency: "AZN" }, "21200.00"),
    cell("allowance_amount", { currency: "USD" }, null),
  ];
  return {
    report: "indicators",
    period: { from: request.from, to: request.to },
    disclosure_control: { method: "small-cell suppression", min_cell: k, ...(k < 5 ? { exact_small_counts: true } : {}) },
    generated_at: "2026-01-02T10:00:00Z",
    generator: "haven 0.1.0",
    cells,
  };
}

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(session: SessionInfo) {
  const calls: Call[] = [];
  let previewError: IpcError | null = null;
  let saveError: IpcError | null = null;
  let gate: Promise<void> | null = null;
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "vault_state":
        return { state: "unlocked", session };
      case "watch_lock":
      case "touch":
      case "lock":
        return null;
      case "report_settings":
        return { defaultMinCell: 11, lowest: 1, highest: 100, exactSmallCountsBelow: 5 };
      case "report_preview": {
        if (gate) await gate;
        if (previewError) throw previewError;
        return sampleReport(args.request as ReportRequest);
      }
      case "report_save":
        if (saveError) throw saveError;
        return { path: args.path, bytes: 12_390 };
      default:
        throw { kind: "internal", message: `no command ${cmd}`, field: null, problems: [] };
    }
  });
  return {
    calls,
    names: () => calls.map((c) => c.cmd),
    last: (cmd: string) => [...calls].reverse().find((c) => c.cmd === cmd),
    failPreview(e: IpcError | null) {
      previewError = e;
    },
    failSave(e: IpcError | null) {
      saveError = e;
    },
    /** Holds report_preview until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const input = (sel: string) => $<HTMLInputElement>(sel)!;
const button = (sel: string) => $<HTMLButtonElement>(sel)!;
const select = (sel: string) => $<HTMLSelectElement>(sel)!;
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
  const el = select(sel);
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
const exportsDisabled = () => ["json", "csv", "xlsx"].map((f) => button(`#report-save-${f}`).disabled);

let app: App;
let root: HTMLElement;

beforeEach(() => {
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
  dialog.save.mockReset();
});
afterEach(() => {
  app?.destroy();
  clearMocks();
});

async function start(session: SessionInfo) {
  const core = fakeCore(session);
  app = new App(root);
  await app.start();
  return core;
}

async function openReport(session = supervisor) {
  const core = await start(session);
  button("#open-report").click();
  await until(() => input("#report-min-cell").value === "11");
  return core;
}

async function preview(core: ReturnType<typeof fakeCore>) {
  const before = core.names().filter((c) => c === "report_preview").length;
  $<HTMLFormElement>("#report-form")!.requestSubmit();
  await until(() => core.names().filter((c) => c === "report_preview").length > before && !button("#report-preview").disabled);
}

describe("dashboard entry", () => {
  it("offers the report to supervisors only", async () => {
    await start(caseworker);
    expect($("#dashboard-title")).not.toBeNull();
    expect($("#open-report")).toBeNull();
    app.destroy();
    clearMocks();

    await start(supervisor);
    expect($("#open-report")?.textContent).toBe("Indicator report");
  });

  it("opens the report with the top bar, focuses its title, and goes back", async () => {
    const core = await openReport();
    expect($("#report")).not.toBeNull();
    expect($("#dashboard")).toBeNull();
    expect(document.activeElement?.id).toBe("report-title");
    expect($("#report-title")?.textContent).toBe("Indicator report");
    expect($("#session-user")?.textContent).toBe("leyla");
    expect($("#session-roles")?.textContent).toBe("Supervisor");
    expect($("#lock")).not.toBeNull();
    expect(core.names()).toContain("report_settings");

    button("#report-back").click();
    expect($("#dashboard")).not.toBeNull();
    expect(document.activeElement?.id).toBe("dashboard-title");
  });

  it("locks from the report screen with Ctrl+L", async () => {
    const core = await openReport();
    const e = new KeyboardEvent("keydown", { key: "l", code: "KeyL", ctrlKey: true, bubbles: true, cancelable: true });
    document.body.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
    expect($("#report")).toBeNull();
    expect($("#unlock-form")).not.toBeNull();
    await until(() => core.names().includes("lock"));
  });
});

describe("the form", () => {
  it("starts on last calendar year with the vault's k, and says the period in words", async () => {
    await openReport();
    expect(select("#report-preset").value).toBe("calendar-year");
    expect(Array.from(select("#report-preset").options).map((o) => [o.value, o.textContent])).toEqual([
      ["calendar-year", "Calendar year"],
      ["april-march", "April – March"],
      ["custom", "Custom range"],
    ]);
    const years = Array.from(select("#report-year").options).map((o) => Number(o.value));
    expect(years).toHaveLength(10);
    expect(years[0]).toBe(LAST_YEAR + 1);
    expect(years[9]).toBe(LAST_YEAR - 8);
    expect(select("#report-year").value).toBe(String(LAST_YEAR));
    expect($("#report-from-field")?.hidden).toBe(true);
    expect($("#report-period-words")?.textContent).toBe(`1 January ${LAST_YEAR} to 31 December ${LAST_YEAR}, both days included`);

    const k = input("#report-min-cell");
    expect(k.type).toBe("number");
    expect(k.min).toBe("1");
    expect(k.max).toBe("100");
    expect($(`label[for="report-min-cell"]`)?.textContent).toBe("Minimum cell size (k)");
    expect($("#report-min-cell-hint")?.textContent).toMatch(/smaller than this are hidden/);
    expect($("#report-small-counts-warning")?.hidden).toBe(true);
    expect(exportsDisabled()).toEqual([true, true, true]);
  });

  it("asks for April – March from April of the year chosen to March of the next", async () => {
    const core = await openReport();
    choose("#report-preset", "april-march");
    choose("#report-year", String(LAST_YEAR - 1));
    expect($("#report-period-words")?.textContent).toBe(`1 April ${LAST_YEAR - 1} to 31 March ${LAST_YEAR}, both days included`);
    await preview(core);
    expect(core.last("report_preview")?.args).toEqual({ request: { from: `${LAST_YEAR - 1}-04-01`, to: `${LAST_YEAR}-03-31`, minCell: 11 } });
  });

  it("takes a custom range from two date inputs", async () => {
    const core = await openReport();
    choose("#report-preset", "custom");
    expect($("#report-year-field")?.hidden).toBe(true);
    expect(input("#report-from").type).toBe("date");
    type("#report-from", "2024-03-15");
    type("#report-to", "2024-06-30");
    expect($("#report-period-words")?.textContent).toBe("15 March 2024 to 30 June 2024, both days included");
    await preview(core);
    expect(core.last("report_preview")?.args).toEqual({ request: { from: "2024-03-15", to: "2024-06-30", minCell: 11 } });
  });

  it("warns when k is below the exact-small-counts limit", async () => {
    await openReport();
    type("#report-min-cell", "3");
    const warning = $("#report-small-counts-warning")!;
    expect(warning.hidden).toBe(false);
    expect(warning.textContent).toMatch(/exact small counts/);
    expect(warning.textContent).toMatch(/audit log/);
    type("#report-min-cell", "5");
    expect(warning.hidden).toBe(true);
  });

  it("shows the busy state while the preview is made", async () => {
    const core = await openReport();
    const release = core.hold();
    $<HTMLFormElement>("#report-form")!.requestSubmit();
    await until(() => core.names().includes("report_preview"));
    expect(button("#report-preview").disabled).toBe(true);
    expect(button("#report-preview").textContent).toBe("Making the preview…");
    expect(exportsDisabled()).toEqual([true, true, true]);
    release();
    await until(() => !button("#report-preview").disabled);
    expect(button("#report-preview").textContent).toBe("Show preview");
  });
});

describe("the preview", () => {
  it("renders every indicator with cells carrying their identity and suppressed markers", async () => {
    const core = await openReport();
    await preview(core);
    const results = $("#report-results")!;
    expect(results.getAttribute("aria-live")).toBe("polite");
    expect($("#report-summary")?.textContent).toBe(`Period: 1 January ${LAST_YEAR} to 31 December ${LAST_YEAR}, both days included. Minimum cell size k = 11.`);

    const sectionIds = Array.from(results.querySelectorAll("section[data-indicator]")).map((s) => s.getAttribute("data-indicator"));
    expect(sectionIds).toEqual(INDICATORS);
    expect($('section[data-indicator="victims_identified"] h2')?.textContent).toBe("Victims identified");

    const total = $('td[data-cell][data-indicator="victims_identified"][data-breakdown="total"]')!;
    expect(total.textContent).toBe("1,054");
    expect(total.hasAttribute("data-suppressed")).toBe(false);
    expect($('td[data-indicator="victims_identified"][data-breakdown="sex=other"]')?.textContent).toBe("0");

    const hidden = $('td[data-cell][data-indicator="victims_identified"][data-breakdown="sex=female,age_group=child"]')!;
    expect(hidden.getAttribute("data-suppressed")).toBe("true");
    const badge = hidden.querySelector(".suppressed-badge")!;
    expect(badge.textContent).toBe("c");
    expect(badge.getAttribute("aria-label")).toBe("suppressed");
    expect(badge.getAttribute("title")).toMatch(/suppressed/i);

    // Every value cell is accounted for, once.
    const sample = sampleReport({ from: "a", to: "b" }).cells;
    expect(results.querySelectorAll("td[data-cell]").length).toBe(sample.length);
    expect(results.querySelectorAll('td[data-suppressed="true"]').length).toBe(sample.filter((c) => c.suppressed).length);
    expect(results.querySelectorAll('td[data-suppressed="true"]').length).toBe(6);

    // Sex × age group is a real two-way table: sexes as rows, age groups as columns.
    const grid = $('section[data-indicator="victims_identified"] table[data-group="sex,age_group"]')!;
    expect(Array.from(grid.querySelectorAll("thead th")).map((th) => th.textContent)).toEqual(["Sex", "Child (under 18)", "Adult", "Unknown"]);
    expect(Array.from(grid.querySelectorAll("tbody th")).map((th) => th.textContent)).toEqual(["Female", "Male", "Other", "Unknown"]);
    expect(grid.querySelectorAll("tbody tr")[1].querySelectorAll("td")[1].getAttribute("data-breakdown")).toBe("sex=male,age_group=adult");

    expect($('td[data-breakdown="exploitation=forced_labour"]')?.closest("tr")?.querySelector("th")?.textContent).toBe("Forced labour");
    expect($('td[data-breakdown="recognition=recognized"]')?.closest("tr")?.querySelector("th")?.textContent).toBe("Recognized");
    expect($('td[data-breakdown="sector=ngo"]')?.closest("tr")?.querySelector("th")?.textContent).toBe("NGO");
    expect($('td[data-indicator="allowance_amount"][data-breakdown="currency=AZN"]')?.textContent).toBe("21,200.00");
    expect($('td[data-indicator="allowance_amount"][data-breakdown="currency=USD"]')?.getAttribute("data-suppressed")).toBe("true");
    expect($('section[data-indicator="sheltered"]')?.textContent).toMatch(/Nothing to show/);

    // The legend uses the report's k.
    const legend = $("#report-legend")!.textContent!;
    expect(legend).toMatch(/Counts from 1 to 10 are hidden/);
    expect(legend).toMatch(/total is below 11/);
    expect(legend).toMatch(/Zero is always shown/);
    expect(legend).toMatch(/at least 11 people were paid/);

    // A chart per indicator with a sex (or currency) breakdown.
    const chart = $('section[data-indicator="victims_identified"] svg')!;
    expect(chart.getAttribute("role")).toBe("img");
    expect(chart.getAttribute("aria-label")).toBe("Bar chart, Victims identified, by sex: Female 1,030; Male 24; Other 0; Unknown 0.");
    const money = $('section[data-indicator="allowance_amount"] svg')!;
    expect(money.querySelector('g[data-category="USD"]')?.getAttribute("data-suppressed")).toBe("true");

    expect(exportsDisabled()).toEqual([false, false, false]);
    expect(document.body.innerHTML).not.toMatch(/style=/);
  });

  it("marks a report with exact small counts", async () => {
    const core = await openReport();
    type("#report-min-cell", "2");
    await preview(core);
    expect(core.last("report_preview")?.args).toMatchObject({ request: { minCell: 2 } });
    expect($("#report-exact-small-counts")?.textContent).toMatch(/exact small counts/);
    expect($("#report-legend")?.textContent).toMatch(/A count of 1 is hidden/);
  });

  it("shows an invalid field error next to that field, keeps every value and clears old results", async () => {
    const core = await openReport();
    choose("#report-preset", "custom");
    type("#report-from", "2024-06-01");
    type("#report-to", "2024-06-30");
    type("#report-min-cell", "7");
    await preview(core);
    expect($("#report-results td[data-cell]")).not.toBeNull();

    type("#report-to", "2024-05-01");
    core.failPreview({ kind: "invalid", message: "The last day must not be before the first day.", field: "to", problems: [] });
    await preview(core);
    expect($("#report-to-error")?.textContent).toBe("The last day must not be before the first day.");
    expect($("#report-to-error")?.hidden).toBe(false);
    expect(input("#report-to").getAttribute("aria-invalid")).toBe("true");
    expect(input("#report-to").getAttribute("aria-describedby")).toContain("report-to-error");
    expect(document.activeElement?.id).toBe("report-to");
    expect($("#report-error")?.textContent).toBe("");
    expect(select("#report-preset").value).toBe("custom");
    expect(input("#report-from").value).toBe("2024-06-01");
    expect(input("#report-to").value).toBe("2024-05-01");
    expect(input("#report-min-cell").value).toBe("7");
    expect($("#report-results")?.children.length).toBe(0);
    expect($("#report-results td[data-cell]")).toBeNull();
    expect(exportsDisabled()).toEqual([true, true, true]);
  });

  it("shows other errors in the alert region", async () => {
    const core = await openReport();
    core.failPreview({ kind: "forbidden", message: "", field: null, problems: [] });
    await preview(core);
    expect($("#report-error")?.getAttribute("role")).toBe("alert");
    expect($("#report-error")?.textContent).toBe("You are not allowed to do this.");
    expect($("#report-results td[data-cell]")).toBeNull();
  });

  it("checks k locally before asking the core", async () => {
    const core = await openReport();
    type("#report-min-cell", "0");
    $<HTMLFormElement>("#report-form")!.requestSubmit();
    await until(() => $("#report-min-cell-error")?.textContent);
    expect($("#report-min-cell-error")?.textContent).toBe("Enter a whole number from 1 to 100.");
    expect(core.names()).not.toContain("report_preview");
  });
});

describe("export", () => {
  it("disables the buttons again when an input changes after the preview", async () => {
    const core = await openReport();
    expect(exportsDisabled()).toEqual([true, true, true]);
    await preview(core);
    expect(exportsDisabled()).toEqual([false, false, false]);
    expect($("#report-stale")?.hidden).toBe(true);

    choose("#report-year", String(LAST_YEAR - 1));
    expect(exportsDisabled()).toEqual([true, true, true]);
    expect($("#report-stale")?.hidden).toBe(false);
    expect($("#report-stale")?.textContent).toMatch(/Show the preview again/);
    expect($("#report-results")?.getAttribute("data-state")).toBe("stale");
    expect($("#report-results-stale")?.hidden).toBe(false);

    choose("#report-year", String(LAST_YEAR));
    expect(exportsDisabled()).toEqual([false, false, false]);

    type("#report-min-cell", "12");
    expect(exportsDisabled()).toEqual([true, true, true]);
    await preview(core);
    expect(exportsDisabled()).toEqual([false, false, false]);
    expect($("#report-results")?.getAttribute("data-state")).toBe("ready");
    expect($("#report-results-stale")?.hidden).toBe(true);
  });

  it("does nothing when the save dialog is cancelled", async () => {
    const core = await openReport();
    await preview(core);
    dialog.save.mockResolvedValue(null);
    button("#report-save-csv").click();
    await until(() => dialog.save.mock.calls.length === 1);
    await until(() => !button("#report-save-csv").disabled);
    expect(dialog.save).toHaveBeenCalledWith({
      defaultPath: `haven-indicators-${LAST_YEAR}-01-01-to-${LAST_YEAR}-12-31.csv`,
      filters: [{ name: "CSV table", extensions: ["csv"] }],
    });
    expect(core.names()).not.toContain("report_save");
    expect($("#report-saved")?.textContent).toBe("");
    expect($("#report-export-error")?.textContent).toBe("");
  });

  it("saves the previewed report and shows the file's base name and size", async () => {
    const core = await openReport();
    await preview(core);
    const path = `/home/leyla/Documents/haven-indicators-${LAST_YEAR}-01-01-to-${LAST_YEAR}-12-31.xlsx`;
    dialog.save.mockResolvedValue(path);
    button("#report-save-xlsx").click();
    await until(() => $("#report-saved")?.textContent);
    expect(core.last("report_save")?.args).toEqual({ format: "xlsx", path });
    const saved = $("#report-saved")!;
    expect(saved.getAttribute("role")).toBe("status");
    expect(saved.textContent).toBe(`Saved haven-indicators-${LAST_YEAR}-01-01-to-${LAST_YEAR}-12-31.xlsx (12.1 KB)`);
    expect(saved.textContent).not.toContain("/home/leyla");
  });

  it("shows a storage error near the export buttons", async () => {
    const core = await openReport();
    await preview(core);
    core.failSave({ kind: "storage", message: "Haven could not write the file. Choose another folder.", field: null, problems: [] });
    dialog.save.mockResolvedValue("/media/usb/report.json");
    button("#report-save-json").click();
    await until(() => $("#report-export-error")?.textContent);
    expect($("#report-export-error")?.textContent).toBe("Haven could not write the file. Choose another folder.");
    expect($("#report-export-error")?.closest("#report-export")).not.toBeNull();
    expect($("#report-saved")?.textContent).toBe("");
    expect(exportsDisabled()).toEqual([false, false, false]);
  });
});
