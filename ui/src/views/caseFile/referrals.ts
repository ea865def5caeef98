// The referrals tab: the table, each row's status control and the add form (manageIntake),
// with the consent gate's refusal at the form and its ways forward (../consentGate).
import type { CaseView } from "../../bindings/CaseView";
import type { ReferralRecord } from "../../bindings/ReferralRecord";
import type { ReferralStatus } from "../../bindings/ReferralStatus";
import { formatCivil, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { busyButton, fieldTarget, ProblemForm, selectField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { wordLabel, wordOptions } from "../../vocab";
import { consentGate } from "../consentGate";
import { dataTable } from "../table";
import { act, addForm, cells, choose, date, dateField, orgOptions, type CaseFileContext, type TabPart } from "./context";

export function referralsTab(ctx: CaseFileContext): TabPart {
  const { code, manage } = ctx;

  function statusControl(v: CaseView, i: number): HTMLElement {
    const r = v.referrals[i];
    const label = t("caseFile.referralStatusFor", { to: r.to, date: formatCivil(r.date) });
    const status = selectField({ id: `referral-${i}-status`, label, options: wordOptions("referral"), value: r.status });
    status.wrapper.querySelector("label")?.classList.add("visually-hidden");
    const button = busyButton(`referral-${i}-update`, t("caseFile.referralUpdate"), "secondary");
    button.classList.add("button-small");
    button.setAttribute("aria-label", t("caseFile.referralUpdateFor", { to: r.to, date: formatCivil(r.date) }));
    const problems = new ProblemForm(`referral-${i}-error`, { status: fieldTarget(status), referral: fieldTarget(status) });
    button.addEventListener("click", () => {
      problems.clear();
      const id = v.entry_ids.referrals[i];
      const value = status.input.value as ReferralStatus;
      void act(ctx, button, t("caseFile.saving"), t("caseFile.referralUpdate"), () => ipc.caseSetReferralStatus(code, id, value), problems, t("caseFile.saved.referralStatus"), () => null);
    });
    return h("div", { class: "row-control" }, [status.wrapper, button, problems.alert]);
  }

  function form(): HTMLFormElement | null {
    if (!manage) return null;
    const to = selectField({ id: "referrals-to", label: t("caseFile.field.to"), options: [choose(), ...orgOptions(ctx, () => true)], required: true });
    const on = dateField("referrals-date", "caseFile.field.date", true, todayIso());
    const status = selectField({ id: "referrals-status", label: t("caseFile.field.status"), options: wordOptions("referral"), value: "pending" });
    const initial = ctx.pendingReferral;
    if (initial) {
      to.input.value = initial.to;
      on.input.value = initial.date;
    }
    const referral = (): ReferralRecord => ({ to: to.input.value, date: on.input.value, status: status.input.value as ReferralStatus });
    const reset = () => { to.input.value = ""; on.input.value = todayIso(); status.input.value = "pending"; };
    const gate = consentGate({
      id: "referrals",
      canRecord: ctx.record,
      canOverride: ctx.overrideConsent,
      gone: () => ctx.life.disposed,
      onRecordConsent: (organization, date) => {
        ctx.openConsent(organization, date);
      },
      async override(reason) {
        const sent = referral();
        ctx.saved.textContent = "";
        await ipc.caseAddReferralOverride(code, sent, reason);
        if (ctx.life.disposed) return true;
        reset();
        if (await ctx.reload()) {
          ctx.saved.textContent = t("gate.overridden", { organization: sent.to });
          to.input.focus();
        }
        return true;
      },
    });
    // A changed organization or date is another referral: the refusal no longer applies.
    for (const f of [to, on]) f.input.addEventListener("change", () => gate.hide());
    on.input.addEventListener("input", () => gate.hide());
    const built = addForm(ctx, {
      tab: "referrals", formId: "referrals-form", fields: [to, on, status, gate.element],
      paths: { to: fieldTarget(to), date: fieldTarget(on), status: fieldTarget(status) },
      required: [["to", to], ["date", on]],
      send: () => {
        gate.hide();
        return ipc.caseAddReferral(code, referral());
      },
      reset,
      special(error) {
        if (error.kind !== "consentRequired") return false;
        gate.show(to.input.value, on.input.value);
        return true;
      },
    });
    return built;
  }

  return {
    list: (v) => [
      dataTable(
        "referrals-table",
        t("caseFile.tab.referrals"),
        [t("caseFile.col.date"), t("caseFile.col.to"), t("caseFile.col.status"), ...(manage ? [t("caseFile.col.change")] : [])],
        v.referrals.map((r, i) =>
          h("tr", { attrs: { "data-index": String(i) } }, [
            ...cells(date(r.date), r.to, wordLabel("referral", r.status)),
            ...(manage ? [h("td", {}, [statusControl(v, i)])] : []),
          ]),
        ),
        t("caseFile.empty.referrals"),
      ),
    ],
    form: form(),
  };
}
