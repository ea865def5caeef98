// The services tab: what the person received, and recording one (recordServices).
import type { ServiceKind } from "../../bindings/ServiceKind";
import { orNull, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { selectField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { wordLabel, wordOptions } from "../../vocab";
import { dataTable } from "../table";
import { cells, choose, date, dateField, fieldsForm, orgOptions, text, type CaseFileContext, type TabPart } from "./context";

export function servicesTab(ctx: CaseFileContext): TabPart {
  function form(): HTMLFormElement | null {
    if (!ctx.record) return null;
    const kind = selectField({ id: "services-kind", label: t("caseFile.field.kind"), options: [choose(), ...wordOptions("service")], required: true });
    const on = dateField("services-date", "caseFile.field.date", true, todayIso());
    const provider = selectField({ id: "services-provider", label: t("caseFile.field.provider"), options: [{ value: "", label: t("caseFile.noneOption") }, ...orgOptions(ctx, () => true)] });
    return fieldsForm(ctx, "services", { kind, date: [on, todayIso], provider }, () =>
      ipc.caseRecordService(ctx.code, { kind: kind.input.value as ServiceKind, date: on.input.value, provider: orNull(provider.input.value) }));
  }
  return {
    list: (v) => [
      dataTable("services-table", t("caseFile.tab.services"), [t("caseFile.col.kind"), t("caseFile.col.date"), t("caseFile.col.provider")],
        v.services.map((s) => h("tr", {}, cells(wordLabel("service", s.kind), date(s.date), text(s.provider)))), t("caseFile.empty.services")),
    ],
    form: form(),
  };
}
