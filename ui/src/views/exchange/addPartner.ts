// "Add a partner…" (admin; exchange.md): the card chosen in the open dialog is read first,
// storing nothing (`partner_card_preview`); the screen shows its name, kind, sector, country
// and fingerprint beside the field where the fingerprint the partner reads on the phone is
// typed, compared group by group as it is typed (in words as well as colour). "Add the
// partner" sends the card and what was typed; the core compares again and stores nothing on a
// mismatch.
import type { CardPreview } from "../../bindings/CardPreview";
import type { PartnerView } from "../../bindings/PartnerView";
import { h } from "../../dom";
import { CARD_EXTENSION, compareFingerprint, exchangeMessage, fingerprintGroups, organizationKindLabel, sectorLabel } from "../../exchangeModel";
import { busyButton, clearFieldError, formAlert, formFrame, onSubmit, reportMissing, setButtonBusy, submitButton, textField } from "../../form";
import { t, type MessageKey } from "../../i18n";
import { ipc } from "../../ipc";
import type { Lifecycle } from "../view";
import { fingerprintBlock, showExchangeError } from "./shared";

export interface PartnerAdder {
  /** "Add a partner…" (`#partner-add`). */
  button: HTMLButtonElement;
  /** The card read and the comparison (`#partner-preview`), shown once a card was read. */
  element: HTMLElement;
}

export function addPartner(life: Lifecycle, onAdded: (partner: PartnerView) => Promise<void>): PartnerAdder {
  const button = busyButton("partner-add", t("partners.add"), "secondary");
  button.setAttribute("aria-controls", "partner-preview");
  button.setAttribute("aria-expanded", "false");
  const readError = formAlert("partner-read-error");
  const preview = h("section", { id: "partner-preview", class: "card confirm-box partner-preview", attrs: { "aria-labelledby": "partner-preview-title", hidden: true } });
  const element = h("div", { class: "partner-add" }, [readError, preview]);
  let busy = false;

  function close(focusOpener: boolean): void {
    preview.hidden = true;
    preview.replaceChildren();
    button.setAttribute("aria-expanded", "false");
    if (focusOpener) button.focus();
  }

  button.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    readError.textContent = "";
    try {
      const path = await ipc.chooseFileOf(t("partners.filterCards"), [CARD_EXTENSION, "json"], t("partners.filterAll"));
      if (life.disposed || path === null) return;
      setButtonBusy(button, true, t("partners.reading"), t("partners.add"));
      const card = await ipc.partnerCardPreview(path);
      if (life.disposed) return;
      open(path, card);
    } catch (e) {
      const error = life.failure(e);
      if (!error) return;
      close(false);
      readError.textContent = exchangeMessage(error);
      button.focus();
    } finally {
      busy = false;
      if (!life.disposed) setButtonBusy(button, false, t("partners.reading"), t("partners.add"));
    }
  });

  function open(path: string, card: CardPreview): void {
    const title = h("h3", { id: "partner-preview-title", class: "form-title", text: t("partners.previewTitle", { name: card.name }), attrs: { tabindex: "-1" } });
    const fact = (label: MessageKey, id: string, value: Node | string) => h("div", {}, [h("dt", { text: t(label) }), h("dd", { id }, [value])]);
    const facts = h("dl", { class: "case-facts" }, [
      fact("partners.card.name", "partner-card-name", card.name),
      fact("partners.card.kind", "partner-card-kind", organizationKindLabel(card.kind)),
      fact("partners.card.sector", "partner-card-sector", sectorLabel(card.sector)),
      fact("partners.card.country", "partner-card-country", card.country ?? t("caseFile.none")),
      fact("partners.card.fingerprint", "partner-card-fingerprint-shown", fingerprintBlock("partner-card-fingerprint", card.fingerprint, true)),
    ]);
    const typed = textField({ id: "partner-fingerprint-input", label: t("partners.typed"), hint: t("partners.typedHint"), required: true });
    typed.input.classList.add("input-mono", "input-fingerprint");
    typed.input.setAttribute("inputmode", "numeric");
    typed.input.setAttribute("aria-describedby", `${typed.input.getAttribute("aria-describedby") ?? ""} partner-fingerprint-result`.trim());
    const expected = fingerprintGroups(card.fingerprint);
    const groups = expected.map((g, i) =>
      h("li", { class: "fp-compare-group", attrs: { "data-group": String(i + 1), "data-state": "empty" } }, [
        h("span", { class: "fingerprint-group mono", text: g }),
        h("span", { class: "fp-state" }),
      ]),
    );
    const compare = h("ol", { id: "partner-fingerprint-compare", class: "fp-compare", attrs: { "aria-label": t("partners.compareCaption") } }, groups);
    const result = h("p", { id: "partner-fingerprint-result", class: "fp-result", attrs: { role: "status" } });
    const alert = formAlert("partner-add-error");
    const submit = submitButton("partner-add-confirm", t("partners.addConfirm"));
    const cancel = h("button", { id: "partner-add-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
    const form = formFrame({
      id: "partner-add-form",
      labelledBy: "partner-preview-title",
      parts: [h("p", { id: "partner-call-step", class: "hint", text: t("partners.callStep") }), typed.wrapper, compare, result],
      alert,
      buttons: [submit, cancel],
    });

    function update(): void {
      const c = compareFingerprint(card.fingerprint, typed.input.value);
      c.groups.forEach((g, i) => {
        const li = groups[i];
        li.dataset.state = g.state;
        const word = t(`partners.group.${g.state}` as MessageKey);
        const icon = g.state === "match" ? "✓" : g.state === "mismatch" ? "✗" : "";
        li.querySelector(".fp-state")!.replaceChildren(
          ...(icon ? [h("span", { class: "fp-icon", text: icon, attrs: { "aria-hidden": "true" } }), " "] : []),
          h("span", { text: word }),
        );
        li.setAttribute("aria-label", t("partners.groupState", { number: i + 1, digits: g.expected, state: word }));
      });
      let text = "";
      let state = "progress";
      if (c.matches) [text, state] = [t("partners.compare.match"), "match"];
      else if (c.firstMismatch >= 0) [text, state] = [t("partners.compare.mismatch", { number: c.firstMismatch + 1 }), "mismatch"];
      else if (c.tooLong) [text, state] = [t("partners.compare.tooLong"), "mismatch"];
      else if (typed.input.value.trim()) text = t("partners.compare.progress", { count: c.typedGroups });
      result.dataset.state = state;
      if (result.textContent !== text) result.textContent = text;
    }
    typed.input.addEventListener("input", () => {
      alert.textContent = "";
      update();
    });
    update();

    let fingerprint = "";
    onSubmit({
      form,
      button: submit,
      busyText: t("partners.adding"),
      idleText: t("partners.addConfirm"),
      gone: () => life.disposed || preview.hidden,
      check() {
        alert.textContent = "";
        clearFieldError(typed);
        if (reportMissing(typed.input.value.trim() ? [] : [typed])) return false;
        // The digits as typed, in groups of five: the core compares them with the card again.
        const digits = fingerprintGroups(typed.input.value);
        fingerprint = digits.length ? digits.join(" ") : typed.input.value.trim();
        return true;
      },
      send: () => ipc.partnerAdd(path, fingerprint),
      async done(added) {
        close(false);
        await onAdded(added);
        if (!life.disposed) button.focus();
      },
      failed(error) {
        const at = showExchangeError(error, { fingerprint: typed }, alert);
        if (error.field === "fingerprintMismatch") typed.input.setAttribute("aria-invalid", "true");
        (at ?? typed.input).focus();
      },
    });

    cancel.addEventListener("click", () => close(true));
    preview.replaceChildren(title, facts, h("p", { class: "hint", text: card.organizationExists ? t("partners.orgExists") : t("partners.orgNew") }), form);
    preview.hidden = false;
    button.setAttribute("aria-expanded", "true");
    title.focus();
  }

  preview.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || preview.hidden) return;
    event.preventDefault();
    close(true);
  });

  return { button, element };
}
