// The allowances tab: what was paid, and recording a payment (recordServices).
import type { AllowanceKind } from "../../bindings/AllowanceKind";
import { formatAmount, parseAmount, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { fieldTarget, selectField, textField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { wordLabel, wordOptions } from "../../vocab";
import { dataTable } from "../table";
import { addForm, date, dateField, type CaseFileContext, type TabPart } from "./context";

export function allowancesTab(ctx: CaseFileContext): TabPart {
  function form(): HTMLFormElement | null {
    if (!ctx.record) return null;
    const on = dateField("allowances-date", "caseFile.field.date", true, todayIso());
    const amount = textField({ id: "allowances-amount", label: t("caseFile.field.amount"), hint: t("caseFile.field.amountHint"), required: true });
    amount.input.inputMode = "decimal";
    const currency = textField({ id: "allowances-currency", label: t("caseFile.field.currency"), hint: t("caseFile.field.currencyHint"), required: true, value: "AZN" });
    currency.input.maxLength = 3;
    currency.input.classList.add("input-code");
    const kind = selectField({ id: "allowances-kind", label: t("caseFile.field.kind"), options: wordOptions("allowance"), value: "one_time" });
    return addForm(ctx, {
      tab: "allowances", formId: "allowances-form", fields: [on, amount, currency, kind],
      paths: { date: fieldTarget(on), amount: fieldTarget(amount), currency: fieldTarget(currency), kind: fieldTarget(kind) },
      required: [["date", on], ["amount", amount], ["currency", currency]],
      check: (problems) => [amount.input.value.trim() && parseAmount(amount.input.value) === null ? problems.showAt("amount", t("caseFile.field.amountInvalid")) : null],
      send: () => ipc.caseRecordAllowance(ctx.code, {
        date: on.input.value,
        amount: parseAmount(amount.input.value) ?? amount.input.value.trim(),
        currency: currency.input.value.trim().toUpperCase(),
        kind: kind.input.value as AllowanceKind,
      }),
      reset: () => { on.input.value = todayIso(); amount.input.value = ""; currency.input.value = "AZN"; kind.input.value = "one_time"; },
    });
  }
  return {
    list: (v) => [
      dataTable("allowances-table", t("caseFile.tab.allowances"), [t("caseFile.col.date"), t("caseFile.col.amount"), t("caseFile.col.kind")],
        v.allowances.map((a) => h("tr", {}, [h("td", {}, [date(a.date)]), h("td", { class: "num", text: formatAmount(a.amount, a.currency) }), h("td", { text: wordLabel("allowance", a.kind) })])),
        t("caseFile.empty.allowances")),
    ],
    form: form(),
  };
}
