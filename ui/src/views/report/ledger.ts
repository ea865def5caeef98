// The release ledger (indicators.md, "Releases"): every report saved and every CTDC file
// written, newest first — its period, kind and format, k, what it published and withheld, when
// and by whom, and whether new reports are still checked against it. For administrators, Retire
// on each release that still binds opens a confirmation below its row asking the reason
// (required; Cancel focused, Escape closes); the core's error goes to the field it names.
import type { IpcError } from "../../bindings/IpcError";
import type { ReleaseKind } from "../../bindings/ReleaseKind";
import type { ReleaseView } from "../../bindings/ReleaseView";
import { h } from "../../dom";
import { busyButton, clearFieldError, formAlert, setButtonBusy, showFieldError, textAreaField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import {
  isBinding,
  kindLabel,
  periodDays,
  publishedText,
  releaseMessage,
  releasesOf,
  RETIRE_REASON_MAX,
  stateText,
  withheldForEarlierText,
  withheldText,
} from "../../releasesModel";
import { moment } from "../exchange/shared";
import { panel, statusLine } from "../screen";
import type { Lifecycle } from "../view";

export interface LedgerOptions {
  /** The kinds of release listed. */
  kinds: readonly ReleaseKind[];
  /** Offers Retire (the signed-in user administers; the core checks again). */
  canRetire: boolean;
  intro: string;
  empty: string;
}

export interface Ledger {
  element: HTMLElement;
  /** Reads the ledger again (after a save, an export or a retirement). */
  load(): Promise<void>;
}

/** A second, smaller line in a cell. */
const detail = (text: string | null) => (text ? h("span", { class: "release-detail", text }) : null);

const COLUMNS = ["id", "period", "kind", "k", "published", "withheld", "released", "state"] as const;

export function releaseLedger(life: Lifecycle, o: LedgerOptions): Ledger {
  const loading = h("p", { id: "releases-loading", class: "hint", text: t("releases.loading"), attrs: { role: "status" } });
  const loadError = formAlert("releases-error");
  const status = statusLine("releases-status");
  const body = h("div", { id: "releases-list" });
  const element = panel("releases", t("releases.title"), [h("p", { class: "hint", text: o.intro }), loading, loadError, body, status], "report-releases");
  const listTitle = element.querySelector<HTMLElement>("h2")!;
  let shown: ReleaseView[] = [];
  /** The open confirmation: its release, its row and the button that opened it. */
  let open: { id: number; row: HTMLTableRowElement; opener: HTMLButtonElement } | null = null;
  let busy = false;

  function retireButton(r: ReleaseView): HTMLButtonElement {
    const b = h("button", {
      class: "button button-small button-danger-outline",
      text: t("releases.retire"),
      attrs: { type: "button", "data-action": "retire", "aria-label": t("releases.retireFor", { id: r.id }), "aria-expanded": "false", "aria-controls": "release-retire-panel" },
    });
    b.addEventListener("click", () => {
      if (open?.id === r.id) close(true);
      else openRetire(r, b);
    });
    return b;
  }

  function row(r: ReleaseView): HTMLTableRowElement {
    const cells = [
      h("td", { text: periodDays(r.from, r.to) }),
      h("td", { text: t("releases.kindFormat", { kind: kindLabel(r.kind), format: r.format.toUpperCase() }) }),
      h("td", { class: "num", text: String(r.minCell) }),
      h("td", { class: "num", text: publishedText(r) }),
      h("td", {}, [withheldText(r), detail(withheldForEarlierText(r))]),
      h("td", {}, [moment(r.releasedAt), detail(t("releases.releasedBy", { user: r.releasedBy }))]),
      h("td", { class: isBinding(r) ? "release-binding" : "release-retired" }, [
        h("span", { class: "release-state", text: isBinding(r) ? t("releases.binding") : t("releases.retiredShort") }),
        detail(isBinding(r) ? null : stateText(r)),
      ]),
    ];
    if (o.canRetire) cells.push(h("td", {}, [isBinding(r) ? h("div", { class: "row-actions" }, [retireButton(r)]) : null]));
    return h("tr", { attrs: { "data-release": String(r.id), "data-kind": r.kind, "data-retired": isBinding(r) ? undefined : "true" } }, [
      h("th", { class: "num", text: String(r.id), attrs: { scope: "row" } }),
      ...cells,
    ]);
  }

  function render(): void {
    if (!shown.length) {
      body.replaceChildren(h("p", { id: "releases-empty", class: "empty-note", text: o.empty }));
      return;
    }
    const headers = [...COLUMNS, ...(o.canRetire ? (["actions"] as const) : [])].map((c) => h("th", { class: c === "k" || c === "published" || c === "id" ? "num" : undefined, text: t(`releases.col.${c}`), attrs: { scope: "col" } }));
    body.replaceChildren(
      // A scrolling region reachable by keyboard, named by the panel's title.
      h("div", { class: "table-scroll", attrs: { tabindex: "0", role: "region", "aria-labelledby": "releases-title" } }, [
        h("table", { id: "releases-table", class: "data-table releases-table" }, [
          h("caption", { class: "visually-hidden", text: t("releases.caption") }),
          h("thead", {}, [h("tr", {}, headers)]),
          h("tbody", {}, shown.map(row)),
        ]),
      ]),
    );
  }

  async function load(): Promise<void> {
    body.setAttribute("aria-busy", "true");
    try {
      const all = await ipc.reportReleases();
      if (life.disposed) return;
      close(false);
      shown = releasesOf(all, o.kinds);
      loadError.textContent = "";
      render();
    } catch (e) {
      const error = life.failure(e);
      if (error) loadError.textContent = t("releases.loadFailed", { message: releaseMessage(error) });
    } finally {
      if (!life.disposed) {
        body.removeAttribute("aria-busy");
        loading.hidden = true;
      }
    }
  }

  // ---- Retire, with its confirmation (Cancel first) ----------------------------------------
  function close(focusOpener: boolean): void {
    if (!open || busy) return;
    const { row: panelRow, opener } = open;
    open = null;
    panelRow.remove();
    opener.setAttribute("aria-expanded", "false");
    if (focusOpener && opener.isConnected) opener.focus();
  }

  function openRetire(r: ReleaseView, opener: HTMLButtonElement): void {
    if (busy) return;
    close(false);
    status.textContent = "";
    const reason = textAreaField({ id: "release-retire-reason", label: t("releases.reason"), required: true });
    const hint = h("p", { id: "release-retire-reason-hint", class: "hint", text: t("releases.reasonHint") });
    reason.wrapper.querySelector("label")?.after(hint);
    reason.input.setAttribute("maxlength", String(RETIRE_REASON_MAX));
    const describe = () => reason.input.setAttribute("aria-describedby", reason.error.hidden ? hint.id : `${reason.error.id} ${hint.id}`);
    describe();
    reason.input.addEventListener("input", describe);
    const alert = formAlert("release-retire-error");
    const idle = t("releases.retireConfirm", { id: r.id });
    const confirm = busyButton("release-retire-confirm", idle, "danger");
    const cancel = h("button", { id: "release-retire-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
    const box = h("div", { id: "release-retire-panel", class: "confirm-panel", attrs: { role: "group", "aria-labelledby": "release-retire-question" } }, [
      h("p", { id: "release-retire-question", class: "confirm-text", text: t("releases.retireQuestion", { id: r.id, period: periodDays(r.from, r.to) }) }),
      reason.wrapper,
      alert,
      h("div", { class: "actions actions-start" }, [confirm, cancel]),
    ]);
    cancel.addEventListener("click", () => close(true));
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      close(true);
    });

    /** Puts the core's error where it belongs: the reason at its field, the rest above the buttons. */
    function failed(error: IpcError): HTMLElement {
      const message = releaseMessage(error);
      if (error.kind === "invalid" && error.field === "reason") {
        showFieldError(reason, message);
        describe();
        return reason.input;
      }
      alert.textContent = message;
      return cancel;
    }

    confirm.addEventListener("click", async () => {
      if (busy) return;
      alert.textContent = "";
      clearFieldError(reason);
      if (!reason.input.value.trim()) {
        showFieldError(reason, t("field.required"));
        describe();
        reason.input.focus();
        return;
      }
      busy = true;
      setButtonBusy(confirm, true, t("releases.retiring"), idle);
      cancel.disabled = true;
      let next: HTMLElement | null = null;
      try {
        await ipc.releaseRetire(r.id, reason.input.value.trim());
        if (life.disposed) return;
        busy = false;
        close(false);
        status.textContent = t("releases.retired", { id: r.id });
        await load();
        next = listTitle;
      } catch (e) {
        const error = life.failure(e);
        if (!error) return;
        next = failed(error);
      } finally {
        busy = false;
        if (!life.disposed) {
          if (confirm.isConnected) {
            setButtonBusy(confirm, false, t("releases.retiring"), idle);
            cancel.disabled = false;
          }
          next?.focus();
        }
      }
    });

    const panelRow = h("tr", { class: "user-panel-row", attrs: { "data-panel-for": String(r.id) } }, [
      h("td", { attrs: { colspan: String(COLUMNS.length + 1) } }, [box]),
    ]);
    opener.closest("tr")?.after(panelRow);
    opener.setAttribute("aria-expanded", "true");
    open = { id: r.id, row: panelRow, opener };
    cancel.focus();
  }

  return { element, load };
}
