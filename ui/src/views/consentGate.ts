// The consent gate's refusal at a referral form (lifecycle.md). When the core refuses a
// referral for want of a valid consent to referrals (kind consentRequired), the form says so
// in the user's language, naming the organization and the date, and offers the way forward:
// record the person's consent, or — only for users holding consentOverride — refer anyway
// with a typed reason (danger to life, a court order). Nothing typed in the form is lost.
import { h } from "../dom";
import { errorMessage } from "../errors";
import { busyButton, clearFieldError, type Field, formAlert, setButtonBusy, showFieldError, textAreaField } from "../form";
import { t } from "../i18n";
import { toIpcError } from "../ipc";
import { consentRefusal, reasonProblem } from "../lifecycleModel";

export interface GateOptions {
  /** The prefix of every id ("referrals" → "referrals-gate", "referrals-override-reason"). */
  id: string;
  /** Offer "Record consent" (recordServices). */
  canRecord: boolean;
  /** Offer "Refer anyway with a reason" (consentOverride). */
  canOverride: boolean;
  onRecordConsent(organization: string, date: string): void;
  /**
   * Refers anyway with `reason`: true once done (the refusal goes), false when the form showed
   * what must be fixed first (the refusal stays); rejects with the core's error.
   */
  override(reason: string): Promise<boolean>;
  /** True once the view has left the screen. */
  gone(): boolean;
}

export interface ConsentGate {
  element: HTMLElement;
  /** Says that the referral to `organization` on `date` was refused, with the ways forward. */
  show(organization: string, date: string): void;
  /** The refusal no longer applies (the form changed, or the referral went through). */
  hide(): void;
  /** The reason field (kept while the form is there). */
  reason: Field;
}

export function consentGate(o: GateOptions): ConsentGate {
  let refused: { organization: string; date: string } | null = null;
  let busy = false;
  const message = formAlert(`${o.id}-gate-message`);
  const record = o.canRecord ? h("button", { id: `${o.id}-gate-record`, class: "button button-secondary", text: t("gate.recordConsent"), attrs: { type: "button" } }) : null;
  const opener = o.canOverride
    ? h("button", { id: `${o.id}-gate-override-open`, class: "button button-danger-outline", text: t("gate.overrideOpen"), attrs: { type: "button", "aria-expanded": "false", "aria-controls": `${o.id}-gate-override` } })
    : null;

  // ---- Refer anyway with a reason --------------------------------------------------------------
  const reason = textAreaField({ id: `${o.id}-override-reason`, label: t("gate.reason"), required: true });
  const hintId = `${o.id}-override-reason-hint`;
  reason.wrapper.querySelector("label")?.after(h("p", { id: hintId, class: "hint", text: t("gate.reasonHint") }));
  reason.input.setAttribute("aria-describedby", hintId);
  const overrideAlert = formAlert(`${o.id}-override-error`);
  const confirm = busyButton(`${o.id}-override-confirm`, t("gate.overrideConfirm"), "danger");
  const cancel = h("button", { id: `${o.id}-override-cancel`, class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
  const overrideTitleId = `${o.id}-gate-override-title`;
  const overridePart = h("div", { id: `${o.id}-gate-override`, class: "confirm-panel", attrs: { role: "group", "aria-labelledby": overrideTitleId, hidden: true } }, [
    h("h4", { id: overrideTitleId, class: "form-title", text: t("gate.overrideTitle") }),
    reason.wrapper,
    overrideAlert,
    h("div", { class: "actions actions-start" }, [confirm, cancel]),
  ]);

  const ways = h("div", { id: `${o.id}-gate-ways`, class: "gate-ways", attrs: { hidden: true } }, [
    h("p", { class: "hint", text: o.canRecord ? t("gate.ways") : t("gate.waysNoRecord") }),
    record || opener ? h("div", { class: "actions actions-start actions-wrap" }, [record, opener]) : null,
    opener ? overridePart : null,
  ]);
  const element = h("div", { id: `${o.id}-gate`, class: "gate field-wide" }, [message, ways]);

  function showReasonError(text: string): void {
    showFieldError(reason, text);
    reason.input.setAttribute("aria-describedby", `${reason.error.id} ${hintId}`);
    reason.input.focus();
  }

  function openOverride(open: boolean): void {
    if (!opener) return;
    overridePart.hidden = !open;
    opener.setAttribute("aria-expanded", String(open));
    if (open) reason.input.focus();
    else opener.focus();
  }

  record?.addEventListener("click", () => {
    if (refused) o.onRecordConsent(refused.organization, refused.date);
  });
  opener?.addEventListener("click", () => openOverride(overridePart.hidden));
  cancel.addEventListener("click", () => openOverride(false));
  overridePart.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    openOverride(false);
  });
  reason.input.addEventListener("input", () => reason.input.setAttribute("aria-describedby", hintId));

  confirm.addEventListener("click", async () => {
    if (busy || !refused) return;
    overrideAlert.textContent = "";
    clearFieldError(reason);
    reason.input.setAttribute("aria-describedby", hintId);
    const problem = reasonProblem(reason.input.value);
    if (problem) {
      showReasonError(problem);
      return;
    }
    busy = true;
    setButtonBusy(confirm, true, t("caseFile.saving"), t("gate.overrideConfirm"));
    try {
      const done = await o.override(reason.input.value.trim());
      if (o.gone() || !done) return;
      reason.input.value = "";
      hide();
    } catch (e) {
      if (o.gone()) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      if (error.field === "overrideReason" || error.field === "reason") showReasonError(errorMessage(error));
      else {
        overrideAlert.textContent = errorMessage(error);
        confirm.focus();
      }
    } finally {
      busy = false;
      if (!o.gone()) setButtonBusy(confirm, false, t("caseFile.saving"), t("gate.overrideConfirm"));
    }
  });

  function show(organization: string, date: string): void {
    refused = { organization, date };
    message.textContent = consentRefusal(organization, date);
    ways.hidden = false;
    overridePart.hidden = true;
    opener?.setAttribute("aria-expanded", "false");
    overrideAlert.textContent = "";
    (record ?? opener)?.focus();
  }

  function hide(): void {
    refused = null;
    message.textContent = "";
    ways.hidden = true;
    overridePart.hidden = true;
    opener?.setAttribute("aria-expanded", "false");
  }

  return { element, show, hide, reason };
}
