// The register of erasures (admin): every erasure and purge with its day, kind and reason,
// and "Export register…" into a file chosen in the save dialog (`haven erasures export`'s
// file), the one to choose when a backup made before an erasure is restored.
import type { ErasureRecord } from "../../bindings/ErasureRecord";
import { formatCivil, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { busyButton, formAlert, setButtonBusy } from "../../form";
import { t, tn, type MessageKey } from "../../i18n";
import { ipc } from "../../ipc";
import { registerFileName } from "../../lifecycleModel";
import { baseName } from "../../reportModel";
import { dataTable } from "../table";
import { panel, statusLine } from "../screen";
import type { Lifecycle } from "../view";

export interface RegisterPanel {
  element: HTMLElement;
  load(): Promise<void>;
}

export function registerPanel(life: Lifecycle): RegisterPanel {
  const list = h("div", { id: "erasures-list", attrs: { "aria-busy": "true" } }, [h("p", { class: "hint", text: t("retention.registerLoading") })]);
  const loadError = formAlert("erasures-error");
  const exportButton = busyButton("erasures-export", t("retention.export"), "secondary");
  const exportError = formAlert("erasures-export-error");
  const saved = statusLine("erasures-saved");
  let seq = 0;

  function render(records: ErasureRecord[]): void {
    const rows = records.map((r) =>
      h("tr", { attrs: { "data-code": r.line.case } }, [
        h("td", {}, [h("time", { text: formatCivil(r.line.erased_on), attrs: { datetime: r.line.erased_on } })]),
        h("th", { class: "mono", text: r.line.case, attrs: { scope: "row" } }),
        h("td", { text: t(`erasure.kind.${r.line.kind}` as MessageKey) }),
        h("td", { class: "note-text", text: r.reason }),
      ]),
    );
    list.replaceChildren(
      dataTable("erasures-table", t("retention.registerCaption"), [t("retention.col.erasedOn"), t("retention.col.code"), t("retention.col.kind"), t("retention.col.reason")], rows, t("retention.registerEmpty")),
    );
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    list.setAttribute("aria-busy", "true");
    try {
      const records = await ipc.erasuresList();
      if (life.disposed || mine !== seq) return;
      loadError.textContent = "";
      render(records);
    } catch (e) {
      const error = life.failure(e);
      if (error && mine === seq) loadError.textContent = errorMessage(error);
    } finally {
      if (!life.disposed && mine === seq) list.removeAttribute("aria-busy");
    }
  }

  let busy = false;
  exportButton.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    exportError.textContent = "";
    saved.textContent = "";
    try {
      const path = await ipc.chooseSavePath(registerFileName(todayIso()), t("retention.filterRegister"), "json");
      if (life.disposed || path === null) return;
      setButtonBusy(exportButton, true, t("retention.exporting"), t("retention.export"));
      const lines = await ipc.erasuresExport(path);
      if (life.disposed) return;
      saved.textContent = `${tn("retention.exported", lines)} ${t("retention.exportedFile", { name: baseName(path) })}`;
    } catch (e) {
      const error = life.failure(e);
      if (error) exportError.textContent = errorMessage(error);
    } finally {
      busy = false;
      if (!life.disposed) {
        setButtonBusy(exportButton, false, t("retention.exporting"), t("retention.export"));
        exportButton.focus();
      }
    }
  });

  const element = panel("erasures", t("retention.registerTitle"), [
    h("p", { id: "erasures-hint", class: "hint", text: t("retention.registerIntro") }),
    loadError,
    list,
    h("div", { class: "actions actions-start" }, [exportButton]),
    exportError,
    saved,
  ]);
  return { element, load };
}
