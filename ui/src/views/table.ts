// Tables of the case screens: a data table with a hidden caption (or its empty note) and
// the "—" cell.
import { h } from "../dom";
import { t } from "../i18n";

/** A data table with a hidden caption, or the empty note when there are no rows. */
export function dataTable(id: string, caption: string, headers: string[], rows: HTMLTableRowElement[], emptyText: string): HTMLElement {
  if (!rows.length) return h("p", { id: `${id}-empty`, class: "empty-note", text: emptyText });
  return h("div", { class: "table-scroll" }, [
    h("table", { id, class: "data-table case-table" }, [
      h("caption", { class: "visually-hidden", text: caption }),
      h("thead", {}, [h("tr", {}, headers.map((text) => h("th", { text, attrs: { scope: "col" } })))]),
      h("tbody", {}, rows),
    ]),
  ]);
}

/** A cell with a date for the language, or "—". */
export function noneCell(): HTMLElement {
  return h("span", { class: "muted", text: t("caseFile.none") });
}
