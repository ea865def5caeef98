// The consent tab: what the person agreed to and until when, and recording a consent
// (recordServices).
import type { ConsentScope } from "../../bindings/ConsentScope";
import { orNull, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { selectField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { wordLabel, wordOptions } from "../../vocab";
import { dataTable } from "../table";
import { cells, choose, date, dateField, fieldsForm, type CaseFileContext, type TabPart } from "./context";

export function consentTab(ctx: CaseFileContext): TabPart {
  function form(): HTMLFormElement | null {
    if (!ctx.record) return null;
    const scope = selectField({ id: "consent-scope", label: t("caseFile.field.scope"), options: [choose(), ...wordOptions("consent")], required: true });
    const given = dateField("consent-given-on", "caseFile.field.givenOn", true, todayIso());
    const expires = dateField("consent-expires-on", "caseFile.field.expiresOn", false);
    return fieldsForm(ctx, "consent", { scope, given_on: [given, todayIso], expires_on: expires }, () =>
      ipc.caseAddConsent(ctx.code, { scope: scope.input.value as ConsentScope, given_on: given.input.value, expires_on: orNull(expires.input.value) }));
  }
  return {
    list: (v) => [
      dataTable("consent-table", t("caseFile.tab.consent"), [t("caseFile.col.scope"), t("caseFile.col.givenOn"), t("caseFile.col.expiresOn")],
        v.consents.map((x) => h("tr", {}, cells(wordLabel("consent", x.scope), date(x.given_on), date(x.expires_on)))), t("caseFile.empty.consent")),
    ],
    form: form(),
  };
}
