// The history tab (identity readers only): the case's audit lines, read each time the tab opens.
import { actionLabel, formatDateTime, outcomeLabel } from "../../adminModel";
import type { LogLine } from "../../bindings/LogLine";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { t } from "../../i18n";
import { ipc, toIpcError } from "../../ipc";
import { dataTable, noneCell } from "../table";
import type { CaseFileContext } from "./context";

/** Returns the loader of `list` (the history panel's list); the latest call wins. */
export function historyLoader(ctx: CaseFileContext, list: () => HTMLElement | undefined): () => Promise<void> {
  let historySeq = 0;
  return async function loadHistory(): Promise<void> {
    const el = list();
    if (!el) return;
    const seq = ++historySeq;
    el.setAttribute("aria-busy", "true");
    if (!el.firstChild) el.append(h("p", { class: "hint", text: t("caseFile.historyLoading") }));
    try {
      const lines = await ipc.caseHistory(ctx.code);
      if (ctx.life.disposed || seq !== historySeq) return;
      el.replaceChildren(
        dataTable(
          "history-table",
          t("caseFile.tab.history"),
          [t("caseFile.col.time"), t("caseFile.col.user"), t("caseFile.col.action"), t("caseFile.col.detail")],
          lines.map(historyRow),
          t("caseFile.empty.history"),
        ),
      );
    } catch (e) {
      if (ctx.life.disposed || seq !== historySeq) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") el.replaceChildren(h("p", { id: "history-error", class: "form-alert", text: errorMessage(error), attrs: { role: "alert" } }));
    } finally {
      if (!ctx.life.disposed && seq === historySeq) el.removeAttribute("aria-busy");
    }
  };
}

function historyRow(l: LogLine): HTMLTableRowElement {
  const failed = l.outcome !== "ok";
  return h("tr", { attrs: { "data-seq": String(l.seq) } }, [
    h("td", { class: "nowrap" }, [h("time", { text: formatDateTime(l.at), attrs: { datetime: l.at } })]),
    h("td", {}, [l.user ?? noneCell()]),
    h("td", { attrs: { "data-action": l.action } }, [
      actionLabel(l.action),
      failed ? h("span", { class: "outcome-failed", text: ` (${outcomeLabel(l.outcome)})` }) : null,
    ]),
    h("td", { class: "detail", text: l.detail ?? "" }),
  ]);
}
