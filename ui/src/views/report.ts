// The supervisor's indicator report: period picker, minimum cell size, the preview (tables
// with suppressed cells marked, a small chart per indicator) and the export buttons.
// What is saved is the report last previewed (the core keeps it), so the buttons work only
// while the inputs on screen are those of the preview shown. Below: the CTDC microdata export
// (this site's mode only) and the ledger of earlier releases, each save and export listed there.
import type { IndicatorReport } from "../bindings/IndicatorReport";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { ReportRequest } from "../bindings/ReportRequest";
import type { ReportSettings } from "../bindings/ReportSettings";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { releaseMessage } from "../releasesModel";
import { clearFieldError, type Field, FormErrors, setBusy, showFieldError } from "../form";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { checkPeriod, defaultFileName, isIsoDate, isPreset, periodInWords, presetPeriod, type Period, type Preset } from "../period";
import { isAdmin } from "../permissions";
import { baseName, formatBytes } from "../reportModel";
import { FORMATS, reportControls } from "./report/controls";
import { ctdcPanel } from "./report/ctdc";
import { releaseLedger } from "./report/ledger";
import { renderReport } from "./report/render";
import { topbar } from "./topbar";
import { Lifecycle, type View } from "./view";


export interface ReportDeps {
  onLock(): void;
  onBack(): void;
  /** "Change my passphrase" in the top bar. */
  onChangePassphrase?(): void;
  /** Today, for the year picker (tests pass a fixed date). */
  today?: () => Date;
  /** The consolidated report (the sites' contributions added up) instead of this site's. */
  consolidated?: boolean;
}


/** What the inputs ask for, or the fields at fault. */
type ReadRequest =
  | { ok: true; request: ReportRequest & { minCell: number } }
  | { ok: false; problems: Array<{ field: Field; message: string }>; alert?: string };

export function reportView(session: SessionInfo, deps: ReportDeps): View {
  const today = (deps.today ?? (() => new Date()))();

  const { preset, year, yearField, yearLabel, from, to, periodWords, minCell, minCellHint, warning, alert, previewButton, form, exportButtons, exportHint, stale, exportError, saved, exportPanel } = reportControls(today, (format) => void saveAs(format));

  // ---- Results -------------------------------------------------------------------------
  const results = h("div", { id: "report-results", class: "report-results", attrs: { "aria-live": "polite", "data-state": "empty" } });
  // Shown above results that no longer match the inputs (screen readers hear #report-stale).
  const resultsStale = h("p", { id: "report-results-stale", class: "notice notice-warning", text: t("report.resultsStale"), attrs: { hidden: true } });

  // ---- Screen --------------------------------------------------------------------------
  const consolidated = deps.consolidated === true;
  const life = new Lifecycle();
  const ledger = releaseLedger(life, {
    kinds: consolidated ? ["consolidated"] : ["indicators", "ctdc"],
    canRetire: isAdmin(session),
    intro: t(consolidated ? "releases.introConsolidated" : "releases.intro"),
    empty: t(consolidated ? "releases.emptyConsolidated" : "releases.empty"),
  });
  const ctdc = consolidated ? null : ctdcPanel(life, today, () => void ledger.load());
  const back = h("button", { id: "report-back", class: "button button-link button-back", text: t(consolidated ? "consolidated.back" : "report.back"), attrs: { type: "button" } });
  back.addEventListener("click", () => deps.onBack());
  const title = h("h1", { id: "report-title", class: "section-title", text: t(consolidated ? "consolidated.title" : "report.title"), attrs: { tabindex: "-1" } });
  const body = h("div", { class: "report-body" }, [
    h("div", { class: "report-head" }, [back, title, h("p", { class: "intro", text: t(consolidated ? "consolidated.intro" : "report.intro") })]),
    h("div", { class: "report-controls" }, [h("div", { class: "card" }, [form]), exportPanel]),
    resultsStale,
    results,
    h("div", { class: "report-lower" }, [ctdc?.element ?? null, ledger.element]),
  ]);
  const root = h("section", { id: "report", class: "screen report", attrs: { "aria-labelledby": "report-title", "data-mode": consolidated ? "consolidated" : "site" } }, [
    topbar(session, () => deps.onLock(), deps.onChangePassphrase ? () => deps.onChangePassphrase?.() : undefined),
    body,
  ]);

  // ---- State ---------------------------------------------------------------------------
  let settings: ReportSettings | null = null;
  /** The report on screen and the inputs it was made for. */
  let previewed: { key: string; report: IndicatorReport } | null = null;
  let busy: "preview" | "save" | null = null;

  function currentPreset(): Preset {
    return isPreset(preset.value) ? preset.value : "calendar-year";
  }

  /** The period the inputs describe (custom: as typed, maybe incomplete). */
  function currentPeriod(): Period {
    const p = currentPreset();
    if (p === "custom") return { from: from.input.value, to: to.input.value };
    return presetPeriod(p, Number(year.value));
  }

  /** The inputs as one string, to tell whether the preview on screen is theirs. */
  function inputsKey(): string {
    const period = currentPeriod();
    return `${period.from}|${period.to}|${minCell.input.value.trim()}`;
  }

  function parseMinCell(): number | null {
    const raw = minCell.input.value.trim();
    if (!/^\d+$/.test(raw)) return null;
    return Number(raw);
  }

  function readRequest(): ReadRequest {
    const problems: Array<{ field: Field; message: string }> = [];
    const period = currentPeriod();
    if (currentPreset() === "custom") {
      for (const f of [from, to]) {
        const value = f.input.value.trim();
        if (!value) problems.push({ field: f, message: t("field.required") });
        else if (!isIsoDate(value)) problems.push({ field: f, message: t("report.dateInvalid") });
      }
    }
    const raw = minCell.input.value.trim();
    const k = parseMinCell();
    if (!raw) problems.push({ field: minCell, message: t("field.required") });
    else if (k === null || (settings && (k < settings.lowest || k > settings.highest))) {
      problems.push({
        field: minCell,
        message: t("report.minCellInvalid", { lowest: settings?.lowest ?? 1, highest: settings?.highest ?? 100 }),
      });
    }
    if (problems.length || k === null) return { ok: false, problems };
    // A reversed custom range is left to the core, which names the field at fault.
    return { ok: true, request: { from: period.from, to: period.to, minCell: k } };
  }

  function updatePeriod(): void {
    const p = currentPreset();
    const custom = p === "custom";
    yearField.hidden = custom;
    from.wrapper.hidden = !custom;
    to.wrapper.hidden = !custom;
    yearLabel.textContent = p === "april-march" ? t("report.yearAprilMarch") : t("report.year");
    for (const option of Array.from(year.options)) {
      const y = Number(option.value);
      option.textContent = p === "april-march" ? t("report.yearOption.april-march", { start: y, end: y + 1 }) : String(y);
    }
    const period = currentPeriod();
    periodWords.textContent = periodInWords(period.from, period.to);
    periodWords.classList.toggle("is-incomplete", !checkPeriod(period.from, period.to).ok);
  }

  function updateWarning(): void {
    const k = parseMinCell();
    const limit = settings?.exactSmallCountsBelow;
    const show = limit !== undefined && k !== null && k < limit;
    warning.hidden = !show;
    warning.textContent = show ? t("report.smallCountsWarning", { limit }) : "";
  }

  function updateExport(): void {
    const fresh = previewed !== null && previewed.key === inputsKey();
    const ready = fresh && busy === null;
    for (const format of FORMATS) exportButtons[format].disabled = !ready;
    stale.hidden = previewed === null || fresh;
    exportHint.hidden = previewed !== null && !fresh;
    exportHint.textContent = previewed ? t("report.exportReady") : t("report.exportHint");
    results.dataset.state = previewed === null ? "empty" : fresh ? "ready" : "stale";
    resultsStale.hidden = previewed === null || fresh;
  }

  function clearErrors(): void {
    alert.textContent = "";
    for (const f of [from, to, minCell]) clearFieldError(f);
  }

  function clearResults(): void {
    previewed = null;
    results.replaceChildren();
  }

  function refocus(el: HTMLElement): void {
    const active = document.activeElement;
    if (!active || active === document.body || active === el) el.focus();
  }

  function onInputsChanged(): void {
    updatePeriod();
    updateWarning();
    updateExport();
  }

  preset.addEventListener("change", () => {
    if (currentPreset() === "custom" && !from.input.value && !to.input.value) {
      // Start from the year last chosen, so a custom range is a small change away.
      const start = presetPeriod("calendar-year", Number(year.value));
      from.input.value = start.from;
      to.input.value = start.to;
    }
    clearErrors();
    onInputsChanged();
  });
  year.addEventListener("change", onInputsChanged);
  for (const f of [from, to, minCell]) {
    for (const type of ["input", "change"]) {
      f.input.addEventListener(type, () => {
        clearFieldError(f);
        onInputsChanged();
      });
    }
  }

  // ---- Preview -------------------------------------------------------------------------
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    exportError.textContent = "";
    saved.textContent = "";
    const read = readRequest();
    if (!read.ok) {
      for (const p of read.problems) showFieldError(p.field, p.message);
      clearResults();
      updateExport();
      read.problems[0]?.field.input.focus();
      return;
    }
    const key = inputsKey();
    busy = "preview";
    setBusy(form, previewButton, true, t("report.previewBusy"), t("report.preview"));
    updateExport();
    try {
      const report = await (consolidated ? ipc.consolidatePreview(read.request) : ipc.reportPreview(read.request));
      if (life.disposed) return;
      previewed = { key, report };
      results.replaceChildren(...renderReport(report));
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      // Never leave a table on screen for other inputs than those shown.
      clearResults();
      if (error.kind === "locked") return; // the app shows the unlock screen
      const fields: Record<string, Field> = { minCell };
      if (currentPreset() === "custom") Object.assign(fields, { from, to });
      const atFault = new FormErrors(alert, fields).show(error);
      atFault?.focus();
    } finally {
      busy = null;
      if (!life.disposed) {
        setBusy(form, previewButton, false, t("report.previewBusy"), t("report.preview"));
        updateExport();
        refocus(previewButton);
      }
    }
  });

  // ---- Save ----------------------------------------------------------------------------
  async function saveAs(format: ReportFormat): Promise<void> {
    if (busy || !previewed || previewed.key !== inputsKey()) return;
    const { report } = previewed;
    const button = exportButtons[format];
    exportError.textContent = "";
    saved.textContent = "";
    busy = "save";
    previewButton.disabled = true;
    button.classList.add("is-busy");
    button.setAttribute("aria-busy", "true");
    updateExport();
    try {
      const name = defaultFileName(report.period, format);
      const path = await ipc.chooseSavePath(consolidated ? name.replace("haven-indicators", "haven-consolidated") : name, t(`report.filter.${format}`), format);
      if (life.disposed || path === null) return; // cancelled: nothing to say
      const result = await ipc.reportSave(format, path);
      if (life.disposed) return;
      saved.textContent = t("report.saved", { name: baseName(result.path), size: formatBytes(result.bytes) });
      void ledger.load();
    } catch (e) {
      const error = life.failure(e);
      if (error) exportError.textContent = releaseMessage(error);
      // A save refused because another release came since the preview: the ledger shows it.
      if (error?.kind === "invalid" && error.field === "report") void ledger.load();
    } finally {
      busy = null;
      if (!life.disposed) {
        previewButton.disabled = false;
        button.classList.remove("is-busy");
        button.removeAttribute("aria-busy");
        updateExport();
        refocus(button);
      }
    }
  }

  // ---- Settings ------------------------------------------------------------------------
  ipc
    .reportSettings()
    .then((s) => {
      if (life.disposed) return;
      settings = s;
      minCell.input.min = String(s.lowest);
      minCell.input.max = String(s.highest);
      minCellHint.textContent = t("report.minCellBounds", { lowest: s.lowest, highest: s.highest, default: s.defaultMinCell });
      if (!minCell.input.value) minCell.input.value = String(s.defaultMinCell);
      ctdc?.useSettings(s);
      onInputsChanged();
    })
    .catch((e) => {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") alert.textContent = errorMessage(error);
    });

  onInputsChanged();

  return life.view({ root, focus: () => title.focus(), ready: ledger.load() });
}
