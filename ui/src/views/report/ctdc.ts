// The CTDC microdata export on the report screen (indicators.md, "CTDC"; docs/formats/ctdc.md):
// a period and k, the preview in numbers (the cases counted, the rows written and left out, the
// step of the generalization ladder reached and what it generalized), then the export to the CSV
// file chosen in the save dialog, its metadata written beside it and the release recorded. As
// with the report, only the inputs of the preview on screen may be exported.
import type { CtdcPreview } from "../../bindings/CtdcPreview";
import type { CtdcRequest } from "../../bindings/CtdcRequest";
import type { IpcError } from "../../bindings/IpcError";
import type { ReportSettings } from "../../bindings/ReportSettings";
import { h } from "../../dom";
import { busyButton, clearFieldError, type Field, formAlert, formFrame, setBusy, setButtonBusy, showFieldError, submitButton, textField } from "../../form";
import { t, tn } from "../../i18n";
import { ipc } from "../../ipc";
import { defaultYear, isIsoDate, presetPeriod } from "../../period";
import { baseName } from "../../reportModel";
import { ctdcFileName, generalizationText, periodDays, releaseMessage } from "../../releasesModel";
import { statusLine } from "../screen";
import type { Lifecycle } from "../view";

export interface CtdcPanel {
  element: HTMLElement;
  /** The vault's default k and the bounds, once the report's settings are read. */
  useSettings(s: ReportSettings): void;
}

export function ctdcPanel(life: Lifecycle, today: Date, onExported: () => void): CtdcPanel {
  const last = presetPeriod("calendar-year", defaultYear(today));
  const from = textField({ id: "ctdc-from", label: t("ctdc.from"), type: "date", required: true, value: last.from });
  const to = textField({ id: "ctdc-to", label: t("ctdc.to"), type: "date", required: true, value: last.to });
  const minK = textField({ id: "ctdc-min-k", label: t("ctdc.minK"), type: "number", required: true, hint: " " });
  minK.input.classList.add("input-number");
  minK.input.setAttribute("step", "1");
  minK.input.setAttribute("inputmode", "numeric");
  const minKHint = minK.wrapper.querySelector<HTMLElement>(".hint")!;
  const alert = formAlert("ctdc-error");
  const previewButton = submitButton("ctdc-preview", t("ctdc.preview"));
  const form = formFrame({
    id: "ctdc-form",
    class: "form report-form",
    labelledBy: "ctdc-title",
    parts: [h("div", { class: "report-period-row" }, [from.wrapper, to.wrapper, minK.wrapper])],
    alert,
    buttons: [previewButton],
  });

  const result = h("div", { id: "ctdc-result", class: "ctdc-result", attrs: { "aria-live": "polite", "data-state": "empty" } });
  const exportButton = busyButton("ctdc-export", t("ctdc.export"), "secondary");
  exportButton.disabled = true;
  const exportHint = h("p", { id: "ctdc-export-hint", class: "hint", text: t("ctdc.exportHint") });
  const stale = h("p", { id: "ctdc-stale", class: "notice notice-warning", text: t("ctdc.stale"), attrs: { role: "status", hidden: true } });
  const exportError = formAlert("ctdc-export-error");
  const saved = statusLine("ctdc-saved");
  const element = h("section", { id: "ctdc", class: "card report-ctdc", attrs: { "aria-labelledby": "ctdc-title" } }, [
    h("h2", { id: "ctdc-title", class: "subsection-title", text: t("ctdc.title") }),
    h("p", { class: "hint", text: t("ctdc.intro") }),
    form,
    result,
    exportHint,
    stale,
    h("div", { class: "actions actions-start" }, [exportButton]),
    exportError,
    saved,
  ]);

  let bounds = { lowest: 1, highest: 100 };
  let previewed: { key: string; request: CtdcRequest } | null = null;
  let busy = false;
  const fields: Record<string, Field> = { from, to, minK };

  const inputsKey = () => `${from.input.value.trim()}|${to.input.value.trim()}|${minK.input.value.trim()}`;

  function update(): void {
    const fresh = previewed !== null && previewed.key === inputsKey();
    exportButton.disabled = !fresh || busy;
    stale.hidden = previewed === null || fresh;
    result.dataset.state = previewed === null ? "empty" : fresh ? "ready" : "stale";
  }
  for (const f of Object.values(fields)) {
    for (const type of ["input", "change"]) {
      f.input.addEventListener(type, () => {
        clearFieldError(f);
        update();
      });
    }
  }

  /** The request the inputs make, or null after showing each field at fault. */
  function read(): CtdcRequest | null {
    alert.textContent = "";
    let first: Field | null = null;
    const fault = (f: Field, message: string) => {
      showFieldError(f, message);
      first ??= f;
    };
    for (const f of [from, to]) {
      clearFieldError(f);
      const value = f.input.value.trim();
      if (!value) fault(f, t("field.required"));
      else if (!isIsoDate(value)) fault(f, t("report.dateInvalid"));
    }
    clearFieldError(minK);
    const raw = minK.input.value.trim();
    const k = /^\d+$/.test(raw) ? Number(raw) : null;
    if (!raw) fault(minK, t("field.required"));
    else if (k === null || k < bounds.lowest || k > bounds.highest) fault(minK, t("report.minCellInvalid", bounds));
    (first as Field | null)?.input.focus();
    if (first || k === null) return null;
    return { from: from.input.value.trim(), to: to.input.value.trim(), minK: k };
  }

  /** Shows a failure at the field it names, else in `fallback`; returns what takes focus. */
  function failed(error: IpcError, fallback: HTMLElement, focus: HTMLElement): HTMLElement {
    const at = error.kind === "invalid" && error.field ? fields[error.field] : undefined;
    if (at) {
      showFieldError(at, releaseMessage(error));
      return at.input;
    }
    fallback.textContent = releaseMessage(error);
    return focus;
  }

  function figure(name: string, label: string, value: string): HTMLElement[] {
    return [h("dt", { text: label }), h("dd", { class: "num", text: value, attrs: { "data-figure": name } })];
  }

  function show(p: CtdcPreview): void {
    const generalized = p.generalizations.length
      ? h("ul", { id: "ctdc-generalizations", class: "legend-list" }, p.generalizations.map((g) => h("li", { text: generalizationText(g), attrs: { "data-column": g.column } })))
      : h("p", { id: "ctdc-generalizations", class: "hint", text: t("ctdc.noGeneralization") });
    const notes = [
      p.rowsWritten === 0 ? h("p", { id: "ctdc-nothing", class: "notice notice-warning", text: t("ctdc.nothingWritten") }) : null,
      p.exactSmallCounts ? h("p", { id: "ctdc-exact-small-counts", class: "notice notice-warning", text: t("ctdc.exactSmallCounts") }) : null,
    ].filter((n): n is HTMLParagraphElement => n !== null);
    result.replaceChildren(
      h("p", { id: "ctdc-summary", class: "report-summary", text: `${periodDays(p.period.from, p.period.to)} · k = ${p.minK}` }),
      h("dl", { id: "ctdc-numbers", class: "ctdc-numbers", attrs: { "aria-label": t("ctdc.resultCaption") } }, [
        ...figure("rowsCounted", t("ctdc.rowsCounted"), String(p.rowsCounted)),
        ...figure("rowsWritten", t("ctdc.rowsWritten"), String(p.rowsWritten)),
        ...figure("rowsSuppressed", t("ctdc.rowsSuppressed"), String(p.rowsSuppressed)),
        ...figure("generalizationLevel", t("ctdc.level"), t("ctdc.levelValue", { level: p.generalizationLevel })),
      ]),
      h("h3", { class: "erase-list-title", text: t("ctdc.generalized") }),
      generalized,
      ...notes,
    );
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    exportError.textContent = "";
    saved.textContent = "";
    const request = read();
    if (!request) {
      previewed = null;
      result.replaceChildren();
      update();
      return;
    }
    const key = inputsKey();
    busy = true;
    setBusy(form, previewButton, true, t("ctdc.previewing"), t("ctdc.preview"));
    update();
    let next: HTMLElement = previewButton;
    try {
      const p = await ipc.ctdcPreview(request);
      if (life.disposed) return;
      previewed = { key, request };
      show(p);
    } catch (e) {
      const error = life.failure(e);
      if (!error) return;
      previewed = null;
      result.replaceChildren();
      next = failed(error, alert, previewButton);
    } finally {
      busy = false;
      if (!life.disposed) {
        setBusy(form, previewButton, false, t("ctdc.previewing"), t("ctdc.preview"));
        update();
        next.focus();
      }
    }
  });

  exportButton.addEventListener("click", async () => {
    if (busy || !previewed || previewed.key !== inputsKey()) return;
    const { request } = previewed;
    exportError.textContent = "";
    saved.textContent = "";
    busy = true;
    previewButton.disabled = true;
    update();
    let next: HTMLElement = exportButton;
    try {
      const path = await ipc.chooseSavePath(ctdcFileName(request.from, request.to), t("ctdc.filter"), "csv");
      if (life.disposed || path === null) return; // cancelled: nothing to say
      setButtonBusy(exportButton, true, t("ctdc.exporting"), t("ctdc.export"));
      const done = await ipc.ctdcExport(request, path);
      if (life.disposed) return;
      show(done.summary);
      saved.textContent = t("ctdc.exported", {
        name: baseName(path),
        rows: tn("releases.rows", done.summary.rowsWritten),
        metadata: baseName(done.metadataFile),
        release: done.release,
      });
      onExported();
    } catch (e) {
      const error = life.failure(e);
      if (error) next = failed(error, exportError, exportButton);
    } finally {
      busy = false;
      if (!life.disposed) {
        setButtonBusy(exportButton, false, t("ctdc.exporting"), t("ctdc.export"));
        previewButton.disabled = false;
        update();
        next.focus();
      }
    }
  });

  return {
    element,
    useSettings(s: ReportSettings): void {
      bounds = { lowest: s.lowest, highest: s.highest };
      minK.input.min = String(s.lowest);
      minK.input.max = String(s.highest);
      minKHint.textContent = t("ctdc.minKHint", { lowest: s.lowest, highest: s.highest, default: s.defaultMinCell });
      if (!minK.input.value) minK.input.value = String(s.defaultMinCell);
      update();
    },
  };
}
