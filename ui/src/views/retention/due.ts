// The cases due for purging (admin): the closed cases past the retention period, and purging
// exactly the list shown once the administrator typed PURGE or its number. Nothing is purged
// without that confirmation; a list that changed meanwhile is refused by the core whole.
import type { DueCase } from "../../bindings/DueCase";
import { formatCivil } from "../../caseModel";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { busyButton, clearFieldError, field, formAlert, setBusy, showFieldError } from "../../form";
import { t, tn } from "../../i18n";
import { ipc } from "../../ipc";
import { confirmsPurge, PURGE_WORD } from "../../lifecycleModel";
import { dataTable } from "../table";
import { panel, statusLine } from "../screen";
import type { Lifecycle } from "../view";

export interface DuePanel {
  element: HTMLElement;
  load(): Promise<void>;
}

/** `onPurged`: the register of erasures grew (read it again). */
export function duePanel(life: Lifecycle, onPurged: () => void): DuePanel {
  /** The list shown, which is exactly what a confirmed purge sends. */
  let due: DueCase[] = [];
  let busy = false;
  const list = h("div", { id: "retention-due-list", attrs: { "aria-busy": "true" } }, [h("p", { class: "hint", text: t("retention.dueLoading") })]);
  const loadError = formAlert("retention-due-error");
  const status = statusLine("retention-purge-status");
  const refresh = h("button", { id: "retention-due-refresh", class: "button button-secondary button-small", text: t("retention.dueRefresh"), attrs: { type: "button" } });

  const warning = h("p", { id: "retention-purge-warning", class: "confirm-text" });
  const confirm = field({ id: "retention-purge-confirm", label: "" });
  confirm.input.classList.add("input-mono");
  const alert = formAlert("retention-purge-error");
  const submit = busyButton("retention-purge", "", "danger", "submit");
  const form = h("form", { id: "retention-purge-form", class: "form confirm-panel", attrs: { novalidate: true, autocomplete: "off", hidden: true, "aria-labelledby": "retention-purge-warning" } }, [
    warning,
    h("p", { class: "hint", text: t("retention.purgeBackups") }),
    confirm.wrapper,
    alert,
    h("div", { class: "actions actions-start" }, [submit]),
  ]);
  confirm.input.addEventListener("input", () => clearFieldError(confirm));
  const submitText = () => tn("retention.purgeButton", due.length);

  function render(): void {
    const rows = due.map((d) =>
      h("tr", { attrs: { "data-code": d.code } }, [
        h("th", { class: "mono", text: d.code, attrs: { scope: "row" } }),
        h("td", {}, [h("time", { text: formatCivil(d.closedOn), attrs: { datetime: d.closedOn } })]),
        h("td", {}, [h("time", { text: formatCivil(d.dueOn), attrs: { datetime: d.dueOn } })]),
      ]),
    );
    list.replaceChildren(dataTable("retention-due-table", t("retention.dueCaption"), [t("retention.col.code"), t("retention.col.closedOn"), t("retention.col.dueOn")], rows, t("retention.dueEmpty")));
    form.hidden = due.length === 0;
    warning.textContent = tn("retention.purgeWarning", due.length);
    confirm.wrapper.querySelector("label")!.textContent = t("retention.typeToConfirm", { word: PURGE_WORD, count: due.length });
    confirm.input.value = "";
    clearFieldError(confirm);
    submit.querySelector(".button-text")!.textContent = submitText();
  }

  async function load(): Promise<void> {
    list.setAttribute("aria-busy", "true");
    try {
      const found = await ipc.retentionDue();
      if (life.disposed) return;
      due = found;
      loadError.textContent = "";
      render();
    } catch (e) {
      const error = life.failure(e);
      if (error) loadError.textContent = errorMessage(error);
    } finally {
      if (!life.disposed) list.removeAttribute("aria-busy");
    }
  }
  refresh.addEventListener("click", () => {
    status.textContent = "";
    void load();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    alert.textContent = "";
    status.textContent = "";
    clearFieldError(confirm);
    const codes = due.map((d) => d.code);
    if (!confirmsPurge(confirm.input.value, codes.length)) {
      showFieldError(confirm, t("retention.confirmMismatch", { word: PURGE_WORD, count: codes.length }));
      confirm.input.focus();
      return;
    }
    busy = true;
    const idle = submitText();
    setBusy(form, submit, true, t("retention.purging"), idle);
    try {
      const purged = await ipc.purgeDue(codes);
      if (life.disposed) return;
      status.textContent = tn("retention.purged", purged.length);
      onPurged();
      await load();
      if (!life.disposed) refresh.focus();
    } catch (e) {
      const error = life.failure(e);
      if (!error) return;
      alert.textContent = errorMessage(error);
      // The list changed since it was shown: nothing was purged; show it as it is now.
      if (error.field === "cases") await load();
      if (!life.disposed) (form.hidden ? refresh : confirm.input).focus();
    } finally {
      busy = false;
      if (!life.disposed) setBusy(form, submit, false, t("retention.purging"), submitText());
    }
  });

  const element = panel("retention-due", t("retention.dueTitle"), [
    h("p", { class: "hint", text: t("retention.dueIntro") }),
    loadError,
    list,
    h("div", { class: "actions actions-start" }, [refresh]),
    form,
    status,
  ]);
  return { element, load };
}
