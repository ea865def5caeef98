// The agency's own identity (exchange.md): the form that makes it once (admin), then its
// name, kind, sector and country, the fingerprint in large groups to read to partners on the
// phone, and "Save the agency card…" into a file chosen in the save dialog (admin).
import type { AgencyView } from "../../bindings/AgencyView";
import type { NewAgency } from "../../bindings/NewAgency";
import type { OrganizationKind } from "../../bindings/OrganizationKind";
import type { Sector } from "../../bindings/Sector";
import { h } from "../../dom";
import { CARD_EXTENSION, cardFileName, exchangeMessage, ORGANIZATION_KINDS, organizationKindLabel, SECTORS, sectorLabel } from "../../exchangeModel";
import { busyButton, clearFieldError, type Field, formAlert, formFrame, onSubmit, reportMissing, selectField, setButtonBusy, submitButton, textField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { baseName } from "../../reportModel";
import { panel, statusLine } from "../screen";
import type { Lifecycle } from "../view";
import { fingerprintBlock, moment, showExchangeError } from "./shared";

export interface IdentityPanel {
  element: HTMLElement;
  load(): Promise<void>;
}

export function identityPanel(life: Lifecycle, admin: boolean): IdentityPanel {
  const loading = h("p", { id: "agency-loading", class: "hint", text: t("agency.loading"), attrs: { role: "status" } });
  const loadError = formAlert("agency-error");
  const body = h("div", { id: "agency-identity-body", class: "agency-identity" });
  const status = statusLine("agency-status");

  function initForm(): HTMLFormElement {
    const choose = { value: "", label: t("intake.choose") };
    const name = textField({ id: "agency-name", label: t("agency.field.name"), hint: t("agency.field.nameHint"), required: true });
    const kind = selectField({ id: "agency-kind", label: t("agency.field.kind"), options: [choose, ...ORGANIZATION_KINDS.map((k) => ({ value: k, label: organizationKindLabel(k) }))], required: true });
    const sector = selectField({ id: "agency-sector", label: t("agency.field.sector"), options: [choose, ...SECTORS.map((s) => ({ value: s, label: sectorLabel(s) }))], required: true });
    const country = textField({ id: "agency-country", label: t("agency.field.country"), hint: t("agency.field.countryHint") });
    country.input.classList.add("input-code");
    country.input.maxLength = 2;
    const alert = formAlert("agency-init-error");
    const submit = submitButton("agency-init-submit", t("agency.init"));
    const form = formFrame({
      id: "agency-init-form",
      labelledBy: "agency-identity-title",
      parts: [h("p", { class: "hint", text: t("agency.initIntro") }), h("div", { class: "form-grid" }, [name.wrapper, kind.wrapper, sector.wrapper, country.wrapper])],
      alert,
      buttons: [submit],
    });
    const fields: Record<string, Field> = { name, kind, sector, country };
    let agency: NewAgency | null = null;
    onSubmit({
      form,
      button: submit,
      busyText: t("agency.initing"),
      idleText: t("agency.init"),
      gone: () => life.disposed,
      check() {
        alert.textContent = "";
        status.textContent = "";
        for (const f of Object.values(fields)) clearFieldError(f);
        const missing = [name, kind, sector].filter((f) => !f.input.value.trim());
        if (reportMissing(missing)) return false;
        const iso = country.input.value.trim().toUpperCase();
        agency = { name: name.input.value.trim(), kind: kind.input.value as OrganizationKind, sector: sector.input.value as Sector, country: iso || null };
        return true;
      },
      send: () => ipc.agencyInit(agency!),
      done(made) {
        render(made);
        status.textContent = t("agency.made");
        body.querySelector<HTMLElement>("#agency-fingerprint-title")?.focus();
      },
      failed: (error) => (showExchangeError(error, fields, alert) ?? submit).focus(),
      // A made identity replaces the form: its button is gone.
      idleAgain: () => !life.disposed && form.isConnected,
    });
    return form;
  }

  function shown(agency: AgencyView): HTMLElement[] {
    const fact = (label: string, id: string, value: Node | string) => h("div", {}, [h("dt", { text: label }), h("dd", { id }, [value])]);
    const facts = h("dl", { class: "case-facts agency-facts" }, [
      fact(t("agency.name"), "agency-shown-name", agency.name),
      fact(t("agency.kind"), "agency-shown-kind", organizationKindLabel(agency.kind)),
      fact(t("agency.sector"), "agency-shown-sector", sectorLabel(agency.sector)),
      fact(t("agency.country"), "agency-shown-country", agency.country ?? t("caseFile.none")),
      fact(t("agency.createdAt"), "agency-shown-created", moment(agency.createdAt)),
    ]);
    const fingerprint = h("div", { class: "fingerprint-box" }, [
      h("h3", { id: "agency-fingerprint-title", class: "form-title", text: t("agency.fingerprintTitle"), attrs: { tabindex: "-1" } }),
      fingerprintBlock("agency-fingerprint", agency.fingerprint, true),
      h("p", { id: "agency-fingerprint-hint", class: "hint", text: t("agency.fingerprintHint") }),
    ]);
    const parts: HTMLElement[] = [facts, fingerprint];
    if (admin) parts.push(cardSaver(agency));
    return parts;
  }

  function cardSaver(agency: AgencyView): HTMLElement {
    const button = busyButton("agency-card-save", t("agency.saveCard"), "secondary");
    const error = formAlert("agency-card-error");
    let busy = false;
    button.addEventListener("click", async () => {
      if (busy) return;
      busy = true;
      error.textContent = "";
      status.textContent = "";
      try {
        const path = await ipc.chooseSaveFile(cardFileName(agency.name), t("agency.filterCard"), [CARD_EXTENSION, "json"]);
        if (life.disposed || path === null) return;
        setButtonBusy(button, true, t("agency.savingCard"), t("agency.saveCard"));
        await ipc.agencyCardSave(path);
        if (life.disposed) return;
        status.textContent = t("agency.cardSaved", { name: baseName(path) });
      } catch (e) {
        const failure = life.failure(e);
        if (failure) error.textContent = exchangeMessage(failure);
      } finally {
        busy = false;
        if (!life.disposed) {
          setButtonBusy(button, false, t("agency.savingCard"), t("agency.saveCard"));
          button.focus();
        }
      }
    });
    return h("div", { class: "agency-card-save" }, [h("div", { class: "actions actions-start" }, [button]), error]);
  }

  function render(agency: AgencyView | null): void {
    if (agency) body.replaceChildren(...shown(agency));
    else if (admin) body.replaceChildren(initForm());
    else body.replaceChildren(h("p", { id: "agency-none", class: "empty-note", text: t("agency.none") }));
  }

  async function load(): Promise<void> {
    try {
      const agency = await ipc.agencyGet();
      if (life.disposed) return;
      render(agency);
    } catch (e) {
      const error = life.failure(e);
      if (error) loadError.textContent = exchangeMessage(error);
    } finally {
      if (!life.disposed) loading.hidden = true;
    }
  }

  const element = panel("agency-identity", t("agency.identityTitle"), [loading, loadError, body, status]);
  return { element, load };
}
