// The consent tab: what the person agreed to and until when, and recording a consent
// (recordServices).
import type { ConsentScope } from "../../bindings/ConsentScope";
import { orNull, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { fieldTarget, selectField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { wordLabel, wordOptions } from "../../vocab";
import { dataTable } from "../table";
import { addForm, cells, choose, date, dateField, type CaseFileContext, type TabPart } from "./context";

export function consentTab(ctx: CaseFileContext): TabPart {
  function form(): HTMLFormElement | null {
    if (!ctx.record) return null;
    const scope = selectField({ id: "consent-scope", label: t("caseFile.field.scope"), options: [choose(), ...wordOptions("consent")], required: true });
    const given = dateField("consent-given-on", "caseFile.field.givenOn", true, todayIso());
    const expires = dateField("consent-expires-on", "caseFile.field.expiresOn", false);
    return addForm(ctx, {
      tab: "consent", formId: "consent-form", fields: [scope, given, expires],
      paths: { scope: fieldTarget(scope), given_on: fieldTarget(given), expires_on: fieldTarget(expires) },
      required: [["scope", scope], ["given_on", given]],
      send: () => ipc.caseAddConsent(ctx.code, { scope: scope.input.value as ConsentScope, given_on: given.input.value, expires_on: orNull(expires.input.value) }),
      reset: () => { scope.input.value = ""; given.input.value = todayIso(); expires.input.value = ""; },
    });
  }
  return {
    list: (v) => [
      dataTable("consent-table", t("caseFile.tab.consent"), [t("caseFile.col.scope"), t("caseFile.col.givenOn"), t("caseFile.col.expiresOn")],
        v.consents.map((x) => h("tr", {}, cells(wordLabel("consent", x.scope), date(x.given_on), date(x.expires_on)))), t("caseFile.empty.consent")),
    ],
    form: form(),
  };
}
