// The consent tab: each consent with where it stands today (valid, expiring, expired,
// withdrawn, not yet given), what it covers and until when, "Withdraw" per consent (with the
// day, and what a withdrawal cancels), and recording a consent (recordServices): the expiry
// date is required for referrals, and a consent to referrals names the organizations it
// covers. The consent gate of a referral opens this form for its organization (`openFor`).
import type { CaseView } from "../../bindings/CaseView";
import type { ConsentRecord } from "../../bindings/ConsentRecord";
import type { ConsentScope } from "../../bindings/ConsentScope";
import type { ConsentState } from "../../bindings/ConsentState";
import { formatCivil, orNull, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { busyButton, checkboxGroup, fieldTarget, focusFirst, ProblemForm, selectField, textField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { consentStateLabel, coveredOrganizations } from "../../lifecycleModel";
import { wordLabel, wordOptions } from "../../vocab";
import { dataTable, noneCell } from "../table";
import { act, addForm, cells, choose, date, dateField, orgOptions, type CaseFileContext, type TabPart } from "./context";

/** A consent's state as a badge (the word, never the colour alone). */
export function consentBadge(state: ConsentState, id?: string): HTMLElement {
  return h("span", { id, class: `consent-badge consent-${state}`, text: consentStateLabel(state), attrs: { "data-state": state } });
}

export function consentTab(ctx: CaseFileContext): TabPart {
  const { code } = ctx;

  // ---- Withdrawing, inline in the row ------------------------------------------------------------
  function withdrawControl(c: ConsentRecord, i: number, id: number): HTMLElement {
    const scope = wordLabel("consent", c.scope);
    const cell = h("div", { class: "row-control consent-withdraw" });
    const opener = h("button", {
      id: `consent-${i}-withdraw`,
      class: "button button-small button-danger-outline",
      text: t("consent.withdraw"),
      attrs: { type: "button", "aria-expanded": "false", "aria-controls": `consent-${i}-withdraw-panel`, "aria-label": t("consent.withdrawFor", { scope, date: formatCivil(c.given_on) }) },
    });
    cell.append(opener);
    opener.addEventListener("click", () => {
      const on = textField({ id: `consent-${i}-withdrawn-on`, label: t("consent.withdrawnOnLabel"), type: "date", value: todayIso(), required: true });
      const confirm = busyButton(`consent-${i}-withdraw-confirm`, t("consent.withdrawConfirm"), "danger");
      const cancel = h("button", { id: `consent-${i}-withdraw-cancel`, class: "button button-secondary button-small", text: t("admin.cancel"), attrs: { type: "button" } });
      const target = fieldTarget(on);
      const problems = new ProblemForm(`consent-${i}-withdraw-error`, { withdrawnOn: target, withdrawn_on: target, on: target, id: target });
      const questionId = `consent-${i}-withdraw-question`;
      const question = c.scope === "referrals" ? t("consent.withdrawQuestionReferrals", { scope }) : t("consent.withdrawQuestion", { scope });
      const panel = h("div", { id: `consent-${i}-withdraw-panel`, class: "confirm-panel", attrs: { role: "group", "aria-labelledby": questionId } }, [
        h("p", { id: questionId, class: "confirm-text", text: question }),
        on.wrapper,
        problems.alert,
        h("div", { class: "actions actions-start" }, [confirm, cancel]),
      ]);
      const close = () => {
        panel.remove();
        opener.hidden = false;
        opener.setAttribute("aria-expanded", "false");
        opener.focus();
      };
      cancel.addEventListener("click", close);
      panel.addEventListener("keydown", (event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        close();
      });
      confirm.addEventListener("click", () => {
        problems.clear();
        if (!on.input.value) {
          focusFirst([problems.showAt("withdrawnOn", t("field.required"))!]);
          return;
        }
        void act(ctx, confirm, t("consent.withdrawing"), t("consent.withdrawConfirm"), () => ipc.caseWithdrawConsent(code, id, on.input.value), problems, t("consent.withdrawn", { scope }), () => null);
      });
      opener.hidden = true;
      opener.setAttribute("aria-expanded", "true");
      cell.append(panel);
      on.input.focus();
    });
    return cell;
  }

  function list(v: CaseView): Node[] {
    const withdrawable = ctx.record;
    const rows = v.consents.map((c, i) => {
      const state: ConsentState = v.consent_states[i] ?? "valid";
      const id = v.entry_ids.consents[i];
      const orgs = coveredOrganizations(c);
      return h("tr", { attrs: { "data-index": String(i), "data-state": state } }, [
        ...cells(consentBadge(state, `consent-${i}-state`), wordLabel("consent", c.scope), date(c.given_on), date(c.expires_on), orgs ?? noneCell(), date(c.withdrawn_on ?? null)),
        ...(withdrawable ? [h("td", {}, state === "withdrawn" || id === undefined ? [] : [withdrawControl(c, i, id)])] : []),
      ]);
    });
    const headers = [t("consent.col.state"), t("caseFile.col.scope"), t("caseFile.col.givenOn"), t("caseFile.col.expiresOn"), t("consent.col.organizations"), t("consent.col.withdrawnOn")];
    return [dataTable("consent-table", t("caseFile.tab.consent"), withdrawable ? [...headers, t("consent.col.withdraw")] : headers, rows, t("caseFile.empty.consent"))];
  }

  // ---- Recording a consent -----------------------------------------------------------------------
  let openFor: ((organization: string, date: string) => void) | undefined;

  function form(): HTMLFormElement | null {
    if (!ctx.record) return null;
    const scope = selectField({ id: "consent-scope", label: t("caseFile.field.scope"), options: [choose(), ...wordOptions("consent")], required: true });
    const given = dateField("consent-given-on", "caseFile.field.givenOn", true, todayIso());
    const expires = textField({ id: "consent-expires-on", label: t("consent.field.expiresOn"), type: "date", hint: t("consent.expiresHint") });
    const expiresMark = h("span", { class: "required-mark", text: " *", attrs: { "aria-hidden": "true", hidden: true } });
    expires.wrapper.querySelector("label")?.append(expiresMark);
    // The boxes carry an index, not the name: ids stay free of spaces.
    const orgNames = orgOptions(ctx, () => true).map((o) => o.value);
    const organizations = checkboxGroup({
      id: "consent-organizations",
      name: "consent-organizations",
      legend: t("consent.field.organizations"),
      options: orgNames.map((name, i) => ({ value: String(i), label: name })),
    });
    const chosenOrganizations = () => organizations.checked().map((i) => orgNames[Number(i)]);
    const orgsField = h("div", { id: "consent-organizations-field", class: "field-wide", attrs: { hidden: true } }, [
      organizations.fieldset,
      h("p", { id: "consent-organizations-hint", class: "hint", text: t("consent.organizationsHint") }),
    ]);
    const forReferral = h("p", { id: "consent-for-referral", class: "hint field-wide", attrs: { role: "status" } });
    const referrals = () => scope.input.value === "referrals";
    function syncScope(): void {
      const on = referrals();
      orgsField.hidden = !on;
      expiresMark.hidden = !on;
      if (on) expires.input.setAttribute("aria-required", "true");
      else {
        expires.input.removeAttribute("aria-required");
        for (const box of organizations.boxes) box.checked = false;
      }
    }
    scope.input.addEventListener("change", syncScope);
    const orgTarget = organizations.target;
    const expiresTarget = fieldTarget(expires);
    const built = addForm(ctx, {
      tab: "consent",
      formId: "consent-form",
      fields: [scope, given, expires, orgsField, forReferral],
      paths: { scope: fieldTarget(scope), given_on: fieldTarget(given), givenOn: fieldTarget(given), expires_on: expiresTarget, expiresOn: expiresTarget, organizations: orgTarget },
      required: [["scope", scope], ["given_on", given]],
      check: (problems) => (referrals() && !expires.input.value ? [problems.showAt("expires_on", t("consent.expiresRequired"))] : []),
      send: () => {
        const record: ConsentRecord = { scope: scope.input.value as ConsentScope, given_on: given.input.value, expires_on: orNull(expires.input.value) };
        const chosen = chosenOrganizations();
        if (referrals() && chosen.length) record.organizations = chosen;
        return ipc.caseAddConsent(code, record);
      },
      reset: () => {
        scope.input.value = "";
        given.input.value = todayIso();
        expires.input.value = "";
        forReferral.textContent = "";
        syncScope();
      },
    });
    openFor = (organization, referralDate) => {
      scope.input.value = "referrals";
      syncScope();
      for (const box of organizations.boxes) box.checked = orgNames[Number(box.value)] === organization;
      forReferral.textContent = t("consent.forReferral", { organization, date: formatCivil(referralDate) });
      expires.input.focus();
    };
    return built;
  }

  const built = form();
  return { list, form: built, openFor: (organization, referralDate) => openFor?.(organization, referralDate) };
}
