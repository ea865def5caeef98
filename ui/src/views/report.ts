// The supervisor's indicator report: period picker, minimum cell size, the preview (tables
// with suppressed cells marked, a small chart per indicator) and the export buttons.
// What is saved is the report last previewed (the core keeps it), so the buttons work only
// while the inputs on screen are those of the preview shown.
import type { Cell } from "../bindings/Cell";
import type { IndicatorReport } from "../bindings/IndicatorReport";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { ReportRequest } from "../bindings/ReportRequest";
import type { ReportSettings } from "../bindings/ReportSettings";
import type { SessionInfo } from "../bindings/SessionInfo";
import { barChart } from "../chart";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { checkPeriod, defaultFileName, defaultYear, isIsoDate, isPreset, periodInWords, presetPeriod, PRESETS, yearChoices, type Period, type Preset } from "../period";
import {
  baseName,
  breakdownKey,
  categories,
  categoryLabel,
  dimensionLabel,
  formatBytes,
  formatValue,
  groupTitle,
  indicatorTitle,
  isAmount,
  isSuppressed,
  MULTI_VALUED,
  numericValue,
  sections,
  type Group,
  type IndicatorSection,
} from "../reportModel";
import { topbar } from "./topbar";
import { Lifecycle, type View } from "./view";
import { clearFieldError, field, type Field, formAlert, FormErrors, setBusy, showFieldError, submitButton } from "../form";

export interface ReportDeps {
  onLock(): void;
  onBack(): void;
  /** "Change my passphrase" in the top bar. */
  onChangePassphrase?(): void;
  /** Today, for the year picker (tests pass a fixed date). */
  today?: () => Date;
}

export const FORMATS: readonly ReportFormat[] = ["json", "csv", "xlsx"];

/** What the inputs ask for, or the fields at fault. */
type ReadRequest =
  | { ok: true; request: ReportRequest & { minCell: number } }
  | { ok: false; problems: Array<{ field: Field; message: string }>; alert?: string };

export function reportView(session: SessionInfo, deps: ReportDeps): View {
  const today = (deps.today ?? (() => new Date()))();

  // ---- Period picker -------------------------------------------------------------------
  const preset = h(
    "select",
    { id: "report-preset", class: "input select", attrs: { name: "report-preset" } },
    PRESETS.map((p) => h("option", { text: t(`report.preset.${p}`), attrs: { value: p } })),
  );
  const presetField = h("div", { class: "field" }, [
    h("label", { class: "label", text: t("report.preset"), attrs: { for: "report-preset" } }),
    preset,
  ]);

  const year = h(
    "select",
    { id: "report-year", class: "input select", attrs: { name: "report-year" } },
    yearChoices(today).map((y) => h("option", { text: String(y), attrs: { value: String(y) } })),
  );
  year.value = String(defaultYear(today));
  const yearLabel = h("label", { class: "label", text: t("report.year"), attrs: { for: "report-year" } });
  const yearField = h("div", { id: "report-year-field", class: "field" }, [yearLabel, year]);

  const from = field({ id: "report-from", label: t("report.from"), type: "date" });
  const to = field({ id: "report-to", label: t("report.to"), type: "date" });
  from.wrapper.id = "report-from-field";
  to.wrapper.id = "report-to-field";

  const periodWords = h("p", { id: "report-period-words", class: "period-words", attrs: { "aria-live": "polite" } });
  const periodSet = h("fieldset", { class: "fieldset report-period" }, [
    h("legend", { class: "label", text: t("report.period") }),
    h("div", { class: "report-period-row" }, [presetField, yearField, from.wrapper, to.wrapper]),
    periodWords,
  ]);
  preset.setAttribute("aria-describedby", "report-period-words");
  year.setAttribute("aria-describedby", "report-period-words");

  // ---- Minimum cell size ---------------------------------------------------------------
  const minCell = field({ id: "report-min-cell", label: t("report.minCell"), type: "number", hint: t("report.minCellHint") });
  minCell.input.classList.add("input-number");
  minCell.input.setAttribute("step", "1");
  minCell.input.setAttribute("inputmode", "numeric");
  const minCellHint = minCell.wrapper.querySelector<HTMLElement>(".hint")!;
  const warning = h("p", { id: "report-small-counts-warning", class: "notice notice-warning", attrs: { role: "status", hidden: true } });
  minCell.wrapper.append(warning);

  // ---- Form ----------------------------------------------------------------------------
  const alert = formAlert("report-error");
  const previewButton = submitButton("report-preview", t("report.preview"));
  const form = h("form", { id: "report-form", class: "form report-form", attrs: { novalidate: true, autocomplete: "off", "aria-labelledby": "report-form-title" } }, [
    h("h2", { id: "report-form-title", class: "subsection-title", text: t("report.formTitle") }),
    h("div", { class: "report-form-grid" }, [periodSet, minCell.wrapper]),
    alert,
    h("div", { class: "actions actions-start" }, [previewButton]),
  ]);

  // ---- Export --------------------------------------------------------------------------
  const exportButtons = {} as Record<ReportFormat, HTMLButtonElement>;
  for (const format of FORMATS) {
    const button = h("button", { id: `report-save-${format}`, class: "button button-secondary", attrs: { type: "button", disabled: true } }, [
      h("span", { class: "spinner spinner-dark", attrs: { "aria-hidden": "true" } }),
      h("span", { class: "button-text", text: t(`report.save.${format}`) }),
    ]);
    button.addEventListener("click", () => void saveAs(format));
    exportButtons[format] = button;
  }
  const exportHint = h("p", { id: "report-export-hint", class: "hint", text: t("report.exportHint") });
  const stale = h("p", { id: "report-stale", class: "notice notice-warning", text: t("report.stale"), attrs: { role: "status", hidden: true } });
  const exportError = formAlert("report-export-error");
  const saved = h("p", { id: "report-saved", class: "saved", attrs: { role: "status" } });
  const exportPanel = h("section", { id: "report-export", class: "card report-export", attrs: { "aria-labelledby": "report-export-title" } }, [
    h("h2", { id: "report-export-title", class: "subsection-title", text: t("report.exportTitle") }),
    exportHint,
    stale,
    h("div", { class: "actions actions-start actions-wrap" }, FORMATS.map((f) => exportButtons[f])),
    exportError,
    saved,
  ]);

  // ---- Results -------------------------------------------------------------------------
  const results = h("div", { id: "report-results", class: "report-results", attrs: { "aria-live": "polite", "data-state": "empty" } });
  // Shown above results that no longer match the inputs (screen readers hear #report-stale).
  const resultsStale = h("p", { id: "report-results-stale", class: "notice notice-warning", text: t("report.resultsStale"), attrs: { hidden: true } });

  // ---- Screen --------------------------------------------------------------------------
  const back = h("button", { id: "report-back", class: "button button-link button-back", text: t("report.back"), attrs: { type: "button" } });
  back.addEventListener("click", () => deps.onBack());
  const title = h("h1", { id: "report-title", class: "section-title", text: t("report.title"), attrs: { tabindex: "-1" } });
  const body = h("div", { class: "report-body" }, [
    h("div", { class: "report-head" }, [back, title, h("p", { class: "intro", text: t("report.intro") })]),
    h("div", { class: "report-controls" }, [h("div", { class: "card" }, [form]), exportPanel]),
    resultsStale,
    results,
  ]);
  const root = h("section", { id: "report", class: "screen report", attrs: { "aria-labelledby": "report-title" } }, [
    topbar(session, () => deps.onLock(), deps.onChangePassphrase ? () => deps.onChangePassphrase?.() : undefined),
    body,
  ]);

  // ---- State ---------------------------------------------------------------------------
  let settings: ReportSettings | null = null;
  /** The report on screen and the inputs it was made for. */
  let previewed: { key: string; report: IndicatorReport } | null = null;
  let busy: "preview" | "save" | null = null;
  const life = new Lifecycle();

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
      const report = await ipc.reportPreview(read.request);
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
      const path = await ipc.chooseSavePath(defaultFileName(report.period, format), t(`report.filter.${format}`), format);
      if (life.disposed || path === null) return; // cancelled: nothing to say
      const result = await ipc.reportSave(format, path);
      if (life.disposed) return;
      saved.textContent = t("report.saved", { name: baseName(result.path), size: formatBytes(result.bytes) });
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") exportError.textContent = errorMessage(error);
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
      onInputsChanged();
    })
    .catch((e) => {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") alert.textContent = errorMessage(error);
    });

  onInputsChanged();

  return life.view({ root, focus: () => title.focus() });
}

// ---- Rendering (pure DOM from the report) ----------------------------------------------

function renderReport(report: IndicatorReport): Node[] {
  const k = report.disclosure_control.min_cell;
  const nodes: Node[] = [
    h("p", {
      id: "report-summary",
      class: "report-summary",
      text: t("report.summary", { period: periodInWords(report.period.from, report.period.to), k }),
    }),
  ];
  if (report.disclosure_control.exact_small_counts) {
    nodes.push(h("p", { id: "report-exact-small-counts", class: "notice notice-warning", text: t("report.exactSmallCounts") }));
  }
  nodes.push(legend(k));
  for (const section of sections(report)) nodes.push(renderSection(section));
  return nodes;
}

function suppressedBadge(): HTMLElement {
  return h("span", {
    class: "suppressed-badge",
    text: t("report.suppressedMarker"),
    attrs: { role: "img", "aria-label": t("report.suppressed"), title: t("report.suppressedTitle") },
  });
}

function legend(k: number): HTMLElement {
  const first = k <= 1 ? t("report.legend.none") : k === 2 ? t("report.legend.one") : t("report.legend.range", { max: k - 1 });
  return h("aside", { id: "report-legend", class: "report-legend", attrs: { "aria-labelledby": "report-legend-title", "data-min-cell": String(k) } }, [
    h("h2", { id: "report-legend-title", class: "subsection-title", text: t("report.legend.title") }),
    h("p", { class: "legend-marker" }, [suppressedBadge(), " ", t("report.legend.marker")]),
    h("ul", { class: "legend-list" }, [
      h("li", { text: first }),
      h("li", { text: t("report.legend.secondary") }),
      h("li", { text: t("report.legend.table", { k }) }),
      h("li", { text: t("report.legend.zero") }),
      h("li", { text: t("report.legend.amounts", { k }) }),
    ]),
  ]);
}

/** One value: a `<td>` carrying the cell's identity, the number or the suppressed marker. */
export function valueCell(cell: Cell): HTMLTableCellElement {
  const suppressed = isSuppressed(cell);
  const td = h("td", {
    class: suppressed ? "num is-suppressed" : "num",
    attrs: {
      "data-cell": true,
      "data-indicator": cell.indicator,
      "data-breakdown": breakdownKey(cell.breakdown),
      "data-suppressed": suppressed ? "true" : undefined,
    },
  });
  if (suppressed) td.append(suppressedBadge());
  else td.textContent = formatValue(cell.value as NonNullable<Cell["value"]>);
  return td;
}

function valueHeader(section: IndicatorSection): string {
  return isAmount(section.indicator) ? t("report.col.amount") : t("report.col.count");
}

function renderTable(section: IndicatorSection, group: Group): HTMLElement {
  const table = h("table", { class: "report-table", attrs: { "data-group": group.id } }, [h("caption", { text: groupTitle(group.id) })]);
  const dims = group.dimensions;
  if (dims.length === 2) {
    // A real two-way table: the first dimension's categories as rows, the second's as columns.
    const [rowDim, colDim] = dims;
    const rows = categories(group.cells, rowDim);
    const cols = categories(group.cells, colDim);
    table.classList.add("report-table-2d");
    table.append(
      h("thead", {}, [
        h("tr", {}, [
          // The first column holds the row categories; the caption names both dimensions.
          h("th", { text: dimensionLabel(rowDim), attrs: { scope: "col" } }),
          ...cols.map((c) => h("th", { class: "num", text: categoryLabel(colDim, c), attrs: { scope: "col" } })),
        ]),
      ]),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h("tr", {}, [
            h("th", { text: categoryLabel(rowDim, r), attrs: { scope: "row" } }),
            ...cols.map((c) => {
              const cell = group.cells.find((x) => x.breakdown[rowDim] === r && x.breakdown[colDim] === c);
              return cell ? valueCell(cell) : h("td", { class: "num" });
            }),
          ]),
        ),
      ),
    );
    return table;
  }
  const dim = dims[0];
  table.append(
    h("thead", {}, [
      h("tr", {}, [
        h("th", { text: dims.length ? dims.map(dimensionLabel).join(" × ") : dimensionLabel("total"), attrs: { scope: "col" } }),
        h("th", { class: "num", text: valueHeader(section), attrs: { scope: "col" } }),
      ]),
    ]),
  );
  const ordered =
    dims.length === 1
      ? categories(group.cells, dim).flatMap((c) => group.cells.filter((x) => x.breakdown[dim] === c))
      : group.cells;
  table.append(
    h(
      "tbody",
      {},
      ordered.map((cell) =>
        h("tr", {}, [
          h("th", {
            text: dims.length ? dims.map((d) => categoryLabel(d, String(cell.breakdown[d]))).join(" · ") : t("report.rowTotal"),
            attrs: { scope: "row" },
          }),
          valueCell(cell),
        ]),
      ),
    ),
  );
  return table;
}

function renderChart(section: IndicatorSection): SVGSVGElement | null {
  const groupId = isAmount(section.indicator) ? "currency" : "sex";
  const group = section.groups.find((g) => g.id === groupId);
  if (!group || !group.cells.length) return null;
  const dim = group.dimensions[0];
  const bars = categories(group.cells, dim).map((category) => {
    const cell = group.cells.find((c) => c.breakdown[dim] === category)!;
    const value = numericValue(cell);
    return {
      key: category,
      label: categoryLabel(dim, category),
      value,
      display: value === null ? "" : formatValue(cell.value as NonNullable<Cell["value"]>),
    };
  });
  return barChart({ title: indicatorTitle(section.indicator), group: groupTitle(groupId), bars });
}

function renderSection(section: IndicatorSection): HTMLElement {
  const titleId = `report-indicator-${section.indicator}`;
  const tables = h("div", { class: "report-tables" });
  for (const group of section.groups) {
    const wrap = h("div", { class: "report-table-wrap" }, [renderTable(section, group)]);
    if (group.dimensions.length === 1 && MULTI_VALUED.includes(group.dimensions[0])) {
      wrap.append(h("p", { class: "hint table-note", text: t("report.multiValued") }));
    }
    tables.append(wrap);
  }
  if (!section.groups.length) {
    tables.append(h("p", { class: "hint", text: isAmount(section.indicator) ? t("report.noAmounts") : t("report.noCells") }));
  }
  const chart = renderChart(section);
  const chartGroup = isAmount(section.indicator) ? "currency" : "sex";
  return h("section", { class: "card report-indicator", attrs: { "data-indicator": section.indicator, "aria-labelledby": titleId } }, [
    h("h2", { id: titleId, class: "subsection-title", text: indicatorTitle(section.indicator) }),
    h("div", { class: "report-indicator-body" }, [tables, chart
      ? h("div", { class: "report-chart" }, [
          // A visible caption for sighted readers; the chart's own label says it all to others.
          h("p", { class: "chart-caption", text: groupTitle(chartGroup), attrs: { "aria-hidden": "true" } }),
          chart,
        ])
      : null]),
  ]);
}
