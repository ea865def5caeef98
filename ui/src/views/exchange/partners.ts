// The partner agencies (exchange.md): name, kind, fingerprint, when added and whether removed;
// for administrators "Remove" with its confirmation below the table (Cancel first), and
// "Add a partner…" (./addPartner). Users who read cases see the list only.
import type { PartnerView } from "../../bindings/PartnerView";
import { formatDateTime } from "../../adminModel";
import { h } from "../../dom";
import { exchangeMessage, organizationKindLabel } from "../../exchangeModel";
import { busyButton, formAlert, setButtonBusy } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { panel, statusLine } from "../screen";
import { dataTable } from "../table";
import type { Lifecycle } from "../view";
import { addPartner } from "./addPartner";
import { fingerprintBlock, moment } from "./shared";

export interface PartnersPanel {
  element: HTMLElement;
  load(): Promise<void>;
}

export function partnersPanel(life: Lifecycle, admin: boolean): PartnersPanel {
  const list = h("div", { id: "partners-list", attrs: { "aria-busy": "true" } }, [h("p", { class: "hint", text: t("partners.loading") })]);
  const loadError = formAlert("partners-error");
  const status = statusLine("partners-status");
  const confirmSlot = h("div", { id: "partner-remove-slot" });
  let partners: PartnerView[] = [];
  let seq = 0;

  const title = () => list.closest("section")?.querySelector<HTMLElement>("#partners-title") ?? null;

  function row(p: PartnerView, i: number): HTMLTableRowElement {
    const state = p.removedAt
      ? h("span", { class: "packet-badge packet-cancelled", text: t("partners.removedOn", { date: formatDateTime(p.removedAt) }) })
      : h("span", { class: "packet-badge packet-accepted", text: t("partners.active") });
    const cells: Array<Node | string> = [organizationKindLabel(p.kind), fingerprintBlock(undefined, p.fingerprint), moment(p.addedAt), state];
    const tr = h("tr", { attrs: { "data-partner": p.name, "data-state": p.removedAt ? "removed" : "active" } }, [
      h("th", { text: p.name, attrs: { scope: "row" } }),
      ...cells.map((c) => h("td", {}, [c])),
    ]);
    if (admin) {
      const cell = h("td", {});
      if (!p.removedAt) {
        const remove = h("button", { id: `partner-remove-${i}`, class: "button button-secondary button-small", text: t("partners.remove"), attrs: { type: "button", "aria-label": t("partners.removeFor", { name: p.name }), "aria-expanded": "false", "aria-controls": "partner-remove-panel" } });
        remove.addEventListener("click", () => askRemove(p, remove));
        cell.append(remove);
      }
      tr.append(cell);
    }
    return tr;
  }

  function render(): void {
    const headers = [t("partners.col.name"), t("partners.col.kind"), t("partners.col.fingerprint"), t("partners.col.added"), t("partners.col.state"), ...(admin ? [t("partners.col.remove")] : [])];
    list.replaceChildren(dataTable("partners-table", t("partners.caption"), headers, partners.map(row), admin ? t("partners.emptyAdmin") : t("partners.empty")));
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    list.setAttribute("aria-busy", "true");
    try {
      const found = await ipc.partnersList();
      if (life.disposed || mine !== seq) return;
      partners = found;
      loadError.textContent = "";
      render();
    } catch (e) {
      const error = life.failure(e);
      if (error && mine === seq) loadError.textContent = exchangeMessage(error);
    } finally {
      if (!life.disposed && mine === seq) list.removeAttribute("aria-busy");
    }
  }

  // ---- Remove, with its confirmation --------------------------------------------------------------
  function closeRemove(focus: HTMLElement | null): void {
    confirmSlot.replaceChildren();
    list.querySelectorAll("[aria-controls='partner-remove-panel']").forEach((b) => b.setAttribute("aria-expanded", "false"));
    focus?.focus();
  }

  function askRemove(p: PartnerView, opener: HTMLButtonElement): void {
    closeRemove(null);
    status.textContent = "";
    opener.setAttribute("aria-expanded", "true");
    const alert = formAlert("partner-remove-error");
    const idle = t("partners.removeConfirmButton", { name: p.name });
    const confirm = busyButton("partner-remove-confirm", idle, "danger");
    const cancel = h("button", { id: "partner-remove-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
    const box = h("div", { id: "partner-remove-panel", class: "confirm-panel", attrs: { role: "group", "aria-labelledby": "partner-remove-question" } }, [
      h("p", { id: "partner-remove-question", class: "confirm-text", text: t("partners.removeConfirm", { name: p.name }) }),
      alert,
      h("div", { class: "actions actions-start" }, [confirm, cancel]),
    ]);
    cancel.addEventListener("click", () => closeRemove(opener));
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      closeRemove(opener);
    });
    let busy = false;
    confirm.addEventListener("click", async () => {
      if (busy) return;
      busy = true;
      alert.textContent = "";
      setButtonBusy(confirm, true, t("partners.removing"), idle);
      try {
        await ipc.partnerRemove(p.name);
        if (life.disposed) return;
        closeRemove(null);
        await load();
        if (life.disposed) return;
        status.textContent = t("partners.removed", { name: p.name });
        title()?.focus();
      } catch (e) {
        const error = life.failure(e);
        if (!error) return;
        alert.textContent = exchangeMessage(error);
        setButtonBusy(confirm, false, t("partners.removing"), idle);
        cancel.focus();
      } finally {
        busy = false;
      }
    });
    confirmSlot.replaceChildren(box);
    // Cancel first: removing is the action to think twice about.
    cancel.focus();
  }

  const adder = admin
    ? addPartner(life, async (added) => {
        await load();
        if (!life.disposed) status.textContent = t("partners.added", { name: added.name });
      })
    : null;

  const element = panel("partners", t("partners.title"), [
    loadError,
    list,
    confirmSlot,
    adder ? h("div", { class: "actions actions-start" }, [adder.button]) : null,
    adder?.element ?? null,
    status,
  ]);
  return { element, load };
}
