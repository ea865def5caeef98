// The notes tab (identity readers): dated notes, and adding one (recordServices).
import { todayIso } from "../../caseModel";
import { h } from "../../dom";
import { fieldTarget, textAreaField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { dataTable } from "../table";
import { addForm, date, dateField, type CaseFileContext, type TabPart } from "./context";

export function notesTab(ctx: CaseFileContext): TabPart {
  function form(): HTMLFormElement | null {
    if (!ctx.record) return null;
    const on = dateField("notes-date", "caseFile.field.date", true, todayIso());
    const body = textAreaField({ id: "notes-text", label: t("caseFile.field.text"), required: true });
    return addForm(ctx, {
      tab: "notes", formId: "notes-form", fields: [on, body],
      paths: { date: fieldTarget(on), text: fieldTarget(body) },
      required: [["date", on], ["text", body]],
      send: () => ipc.caseAddNote(ctx.code, { date: on.input.value, text: body.input.value.trim() }),
      reset: () => { on.input.value = todayIso(); body.input.value = ""; },
    });
  }
  return {
    list: (v) => [
      dataTable("notes-table", t("caseFile.tab.notes"), [t("caseFile.col.date"), t("caseFile.col.text")],
        v.notes.map((x) => h("tr", {}, [h("td", {}, [date(x.date)]), h("td", { class: "note-text", text: x.text })])), t("caseFile.empty.notes")),
    ],
    form: form(),
  };
}
