// The report's controls: the period picker, the minimum cell size with its warning, the
// preview form, and the export panel with one button per format.
import type { ReportFormat } from "../../bindings/ReportFormat";
import { h } from "../../dom";
import { field, formAlert, submitButton, formFrame } from "../../form";
import { t } from "../../i18n";
import { defaultYear, PRESETS, yearChoices } from "../../period";

/** The formats the report is saved in, in the order of the buttons. */
export const FORMATS: readonly ReportFormat[] = ["json", "csv", "xlsx"];

export function reportControls(today: Date, onSave: (format: ReportFormat) => void) {
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
  const form = formFrame({
    id: "report-form",
    class: "form report-form",
    labelledBy: "report-form-title",
    parts: [h("h2", { id: "report-form-title", class: "subsection-title", text: t("report.formTitle") }), h("div", { class: "report-form-grid" }, [periodSet, minCell.wrapper])],
    alert,
    buttons: [previewButton],
  });

  // ---- Export --------------------------------------------------------------------------
  const exportButtons = {} as Record<ReportFormat, HTMLButtonElement>;
  for (const format of FORMATS) {
    const button = h("button", { id: `report-save-${format}`, class: "button button-secondary", attrs: { type: "button", disabled: true } }, [
      h("span", { class: "spinner spinner-dark", attrs: { "aria-hidden": "true" } }),
      h("span", { class: "button-text", text: t(`report.save.${format}`) }),
    ]);
    button.addEventListener("click", () => onSave(format));
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

  return { preset, year, yearField, yearLabel, from, to, periodWords, minCell, minCellHint, warning, alert, previewButton, form, exportButtons, exportHint, stale, exportError, saved, exportPanel };
}
