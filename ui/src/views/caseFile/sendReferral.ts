// "Send a referral packet…" (recordServices; exchange.md): the partner (active partners only),
// the services asked for, whether the notes go too; then the save dialog and
// `referral_send`. The core's refusals are shown at the form in the user's language: no valid
// consent (the consent gate, with the way forward to the consent tab — a packet has no
// override), notes the consent does not allow, an organization that is not a partner.
import type { CaseView } from "../../bindings/CaseView";
import type { ServiceKind } from "../../bindings/ServiceKind";
import { todayIso } from "../../caseModel";
import { h } from "../../dom";
import { exchangeMessage, PACKET_EXTENSION, packetFileName } from "../../exchangeModel";
import { checkboxGroup, clearFieldError, fieldTarget, formAlert, reportMissing, selectField, setBusy, submitButton, type Target } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { baseName } from "../../reportModel";
import { wordOptions } from "../../vocab";
import { consentGate } from "../consentGate";
import type { CaseFileContext } from "./context";

export interface SendReferral {
  element: HTMLElement;
  /** Offers the button to those who may send, and not once the case is erased. */
  render(v: CaseView): void;
}

/** After a packet is sent the case is read again (its packets with it). */
export function sendReferral(ctx: CaseFileContext): SendReferral {
  // Nothing to offer to a role that never sends (intake staff, supervisors).
  if (!ctx.record) return { element: h("div", { id: "send-referral-part", attrs: { hidden: true } }), render: () => {} };
  const { code } = ctx;
  const opener = h("button", { id: "send-referral", class: "button button-secondary", text: t("send.open"), attrs: { type: "button", "aria-expanded": "false", "aria-controls": "send-referral-dialog" } });
  const title = h("h4", { id: "send-referral-title", class: "form-title", text: t("send.title"), attrs: { tabindex: "-1" } });
  const to = selectField({ id: "send-referral-to", label: t("send.to"), options: [{ value: "", label: t("intake.choose") }], required: true });
  const toSelect = to.input as unknown as HTMLSelectElement;
  const noPartners = h("p", { id: "send-referral-no-partners", class: "notice notice-warning", attrs: { hidden: true } });
  const services = checkboxGroup({ id: "send-referral-services", name: "send-referral-services", legend: t("send.services"), options: wordOptions("service") });
  const notes = h("input", { id: "send-referral-notes", attrs: { type: "checkbox", name: "send-referral-notes", "aria-describedby": "send-referral-notes-hint" } });
  const notesError = h("p", { id: "send-referral-notes-error", class: "field-error", attrs: { hidden: true } });
  const notesTarget: Target = {
    element: notes,
    show(message) {
      notesError.textContent = message;
      notesError.hidden = false;
      notes.setAttribute("aria-invalid", "true");
      notes.setAttribute("aria-describedby", "send-referral-notes-error send-referral-notes-hint");
    },
    clear() {
      notesError.textContent = "";
      notesError.hidden = true;
      notes.removeAttribute("aria-invalid");
      notes.setAttribute("aria-describedby", "send-referral-notes-hint");
    },
  };
  const notesField = h("div", { class: "field field-wide" }, [
    h("div", { class: "checkbox" }, [notes, h("label", { text: t("send.notes"), attrs: { for: "send-referral-notes" } })]),
    h("p", { id: "send-referral-notes-hint", class: "hint", text: t("send.notesHint") }),
    notesError,
  ]);
  const gate = consentGate({
    id: "send-referral",
    canRecord: true,
    // No override for a packet: it leaves the vault only with the person's consent.
    canOverride: false,
    gone: () => ctx.life.disposed,
    onRecordConsent: (organization, date) => {
      close(false);
      ctx.openConsent(organization, date);
    },
    override: async () => false,
  });
  const alert = formAlert("send-referral-error");
  const submit = submitButton("send-referral-submit", t("send.submit"));
  const cancel = h("button", { id: "send-referral-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
  const form = h("form", { id: "send-referral-form", class: "form", attrs: { novalidate: true, autocomplete: "off", "aria-labelledby": "send-referral-title" } }, [
    h("p", { class: "hint", text: t("send.intro") }),
    h("div", { class: "form-grid" }, [to.wrapper]),
    noPartners,
    services.fieldset,
    notesField,
    gate.element,
    alert,
    h("div", { class: "actions actions-start" }, [submit, cancel]),
  ]);
  const dialog = h("section", { id: "send-referral-dialog", class: "card confirm-box send-referral-dialog", attrs: { "aria-labelledby": "send-referral-title", hidden: true } }, [title, form]);
  const element = h("div", { id: "send-referral-part", class: "send-referral no-print", attrs: { hidden: true } }, [h("div", { class: "actions actions-start" }, [opener]), dialog]);

  function clearErrors(): void {
    alert.textContent = "";
    clearFieldError(to);
    services.target.clear();
    notesTarget.clear();
  }

  async function loadPartners(): Promise<void> {
    noPartners.hidden = true;
    try {
      const partners = (await ipc.partnersList()).filter((p) => !p.removedAt);
      if (ctx.life.disposed) return;
      const chosen = toSelect.value;
      toSelect.replaceChildren(h("option", { text: t("intake.choose"), attrs: { value: "" } }), ...partners.map((p) => h("option", { text: p.name, attrs: { value: p.name } })));
      toSelect.value = partners.some((p) => p.name === chosen) ? chosen : "";
      if (!partners.length) {
        noPartners.textContent = t("send.noPartners");
        noPartners.hidden = false;
      }
    } catch (e) {
      const error = ctx.life.failure(e);
      if (!error) return;
      noPartners.textContent = t("send.partnersFailed", { message: exchangeMessage(error) });
      noPartners.hidden = false;
    }
  }

  function open(): void {
    clearErrors();
    gate.hide();
    dialog.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    title.focus();
    void loadPartners();
  }

  function close(focusOpener: boolean): void {
    dialog.hidden = true;
    opener.setAttribute("aria-expanded", "false");
    if (focusOpener) opener.focus();
  }

  opener.addEventListener("click", () => (dialog.hidden ? open() : close(true)));
  cancel.addEventListener("click", () => close(true));
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    close(true);
  });
  // Another partner or the notes changed: the gate's refusal no longer applies.
  toSelect.addEventListener("change", () => gate.hide());
  notes.addEventListener("change", () => notesTarget.clear());

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    gate.hide();
    ctx.saved.textContent = "";
    if (reportMissing(toSelect.value ? [] : [to])) return;
    const partner = toSelect.value;
    const request = { to: partner, services: services.checked() as ServiceKind[], includeNotes: notes.checked };
    busy = true;
    try {
      const path = await ipc.chooseSavePath(packetFileName("referral", code), t("packets.filterPacket"), PACKET_EXTENSION);
      if (ctx.life.disposed || path === null) return;
      setBusy(form, submit, true, t("send.sending"), t("send.submit"));
      const sent = await ipc.referralSend(code, request, path);
      if (ctx.life.disposed) return;
      close(false);
      notes.checked = false;
      for (const box of services.boxes) box.checked = false;
      await ctx.reload();
      if (ctx.life.disposed) return;
      ctx.saved.textContent = t("send.sent", { partner: sent.partner, file: baseName(path) });
      opener.focus();
    } catch (e) {
      const error = ctx.life.failure(e);
      if (!error) return;
      if (error.kind === "consentRequired") {
        gate.show(partner, todayIso());
        return;
      }
      if (error.kind === "invalid" && error.field === "includeNotes") {
        notesTarget.show(exchangeMessage(error));
        notes.focus();
        return;
      }
      if (error.kind === "invalid" && error.field === "to") {
        fieldTarget(to).show(exchangeMessage(error));
        to.input.focus();
        return;
      }
      alert.textContent = exchangeMessage(error);
      submit.focus();
    } finally {
      busy = false;
      if (!ctx.life.disposed) setBusy(form, submit, false, t("send.sending"), t("send.submit"));
    }
  });

  function render(v: CaseView): void {
    const may = ctx.record && v.erased !== "identity";
    element.hidden = !may;
    if (!may && !dialog.hidden) close(false);
  }

  return { element, render };
}
