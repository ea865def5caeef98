// Erasing a case (its identity and narratives) or purging its notes and documents only
// (lifecycle.md), offered to administrators and to the case's own caseworker (the core checks
// again). The dialog lists exactly what goes and what stays, as `erasure_preview` counts it,
// says that backups made before still hold the data, and asks a reason and the case code
// typed out before anything is erased.
import type { CaseView } from "../../bindings/CaseView";
import type { ErasureKind } from "../../bindings/ErasureKind";
import type { ErasurePreview } from "../../bindings/ErasurePreview";
import type { ErasureSummary } from "../../bindings/ErasureSummary";
import type { SessionInfo } from "../../bindings/SessionInfo";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { busyButton, clearFieldError, formAlert, setBusy, showFieldError, textAreaField, textField } from "../../form";
import { t, tn } from "../../i18n";
import { isAdmin, may } from "../../permissions";
import { ipc } from "../../ipc";
import { confirmsCode, erasureGoes, erasureStays, mayErase, reasonProblem } from "../../lifecycleModel";
import type { CaseFileContext } from "./context";

export interface EraseTools {
  element: HTMLElement;
  /** Shows the two actions to those who may erase this case, and none once it is erased. */
  render(v: CaseView): void;
}

/** `afterErase`: reads the case again and shows it as it is now (no editing once erased). */
export function eraseTools(ctx: CaseFileContext, session: SessionInfo, afterErase: (summary: ErasureSummary) => Promise<void>): EraseTools {
  // Nothing to offer to a role that may never erase (supervisors, intake).
  if (!isAdmin(session) && !may(session, "recordServices")) return { element: h("div", { id: "case-erase", attrs: { hidden: true } }), render: () => {} };
  const { code } = ctx;
  let kind: ErasureKind = "identity";
  let opener: HTMLButtonElement | null = null;
  let previewSeq = 0;

  const openButton = (k: ErasureKind) => {
    const b = h("button", {
      id: `case-erase-${k}`,
      class: "button button-small button-danger-outline",
      text: t(`erase.open.${k}`),
      attrs: { type: "button", "aria-expanded": "false", "aria-controls": "case-erase-dialog" },
    });
    b.addEventListener("click", () => {
      if (opener === b) close(true);
      else void open(k, b);
    });
    return b;
  };
  const identityButton = openButton("identity");
  const narrativesButton = openButton("narratives");
  const bar = h("div", { id: "case-erase-actions", class: "actions actions-start actions-wrap case-erase-actions", attrs: { hidden: true } }, [identityButton, narrativesButton]);

  // ---- The dialog -----------------------------------------------------------------------------
  const title = h("h3", { id: "case-erase-title", class: "form-title", attrs: { tabindex: "-1" } });
  const loading = h("p", { id: "case-erase-loading", class: "hint", attrs: { role: "status" } });
  const previewAlert = formAlert("case-erase-preview-error");
  const goes = h("ul", { id: "case-erase-goes", class: "erase-list" });
  const stays = h("ul", { id: "case-erase-stays", class: "erase-list" });
  const lists = h("div", { id: "case-erase-lists", class: "erase-lists", attrs: { hidden: true } }, [
    h("section", { class: "erase-goes", attrs: { "aria-labelledby": "case-erase-goes-title" } }, [h("h4", { id: "case-erase-goes-title", class: "erase-list-title", text: t("erase.goesTitle") }), goes]),
    h("section", { class: "erase-stays", attrs: { "aria-labelledby": "case-erase-stays-title" } }, [h("h4", { id: "case-erase-stays-title", class: "erase-list-title", text: t("erase.staysTitle") }), stays]),
  ]);
  const backups = h("p", { id: "case-erase-backups", class: "notice notice-warning", text: t("erase.backups") });
  const reason = textAreaField({ id: "case-erase-reason", label: t("erase.reason"), required: true });
  const reasonHint = h("p", { id: "case-erase-reason-hint", class: "hint", text: t("erase.reasonHint") });
  reason.wrapper.querySelector("label")?.after(reasonHint);
  /** The reason's description: its error while one is shown, and always the hint. */
  const describeReason = () => reason.input.setAttribute("aria-describedby", reason.error.hidden ? reasonHint.id : `${reason.error.id} ${reasonHint.id}`);
  describeReason();
  const typed = textField({ id: "case-erase-confirm", label: t("erase.typeCode", { code }), required: true });
  typed.input.classList.add("input-mono");
  const alert = formAlert("case-erase-error");
  const submit = busyButton("case-erase-submit", "", "danger", "submit");
  const cancel = h("button", { id: "case-erase-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
  const form = h("form", { id: "case-erase-form", class: "form", attrs: { novalidate: true, autocomplete: "off", hidden: true, "aria-labelledby": "case-erase-title" } }, [
    backups,
    reason.wrapper,
    typed.wrapper,
    alert,
    h("div", { class: "actions actions-start" }, [submit, cancel]),
  ]);
  const dialog = h("section", { id: "case-erase-dialog", class: "card confirm-box erase-dialog", attrs: { role: "dialog", "aria-labelledby": "case-erase-title", "aria-describedby": "case-erase-backups", hidden: true } }, [
    title,
    loading,
    previewAlert,
    lists,
    form,
  ]);
  const submitText = () => t(`erase.submit.${kind}`);

  function fill(p: ErasurePreview): void {
    goes.replaceChildren(...erasureGoes(p).map((line) => h("li", { text: line })));
    stays.replaceChildren(...erasureStays(p).map((line) => h("li", { text: line })));
    lists.hidden = false;
    form.hidden = false;
    loading.textContent = p.erasedBefore === "narratives" && kind === "narratives" ? t("erase.purgedBefore") : "";
  }

  async function open(k: ErasureKind, from: HTMLButtonElement): Promise<void> {
    close(false);
    kind = k;
    opener = from;
    from.setAttribute("aria-expanded", "true");
    title.textContent = t(`erase.title.${k}`, { code });
    submit.querySelector(".button-text")!.textContent = submitText();
    loading.textContent = t("erase.loading");
    lists.hidden = true;
    form.hidden = true;
    alert.textContent = "";
    previewAlert.textContent = "";
    reason.input.value = "";
    typed.input.value = "";
    clearFieldError(reason);
    describeReason();
    clearFieldError(typed);
    dialog.hidden = false;
    title.focus();
    const mine = ++previewSeq;
    try {
      const p = await ipc.erasurePreview(code, k);
      if (ctx.life.disposed || mine !== previewSeq || dialog.hidden) return;
      fill(p);
    } catch (e) {
      const error = ctx.life.failure(e);
      if (!error || mine !== previewSeq) return;
      loading.textContent = "";
      previewAlert.textContent = errorMessage(error);
    }
  }

  function close(focusOpener: boolean): void {
    previewSeq++;
    dialog.hidden = true;
    const was = opener;
    opener = null;
    was?.setAttribute("aria-expanded", "false");
    if (focusOpener) was?.focus();
  }

  cancel.addEventListener("click", () => close(true));
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    close(true);
  });
  for (const f of [reason, typed]) f.input.addEventListener("input", () => clearFieldError(f));
  reason.input.addEventListener("input", describeReason);

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    alert.textContent = "";
    clearFieldError(reason);
    clearFieldError(typed);
    ctx.saved.textContent = "";
    const reasonWrong = reasonProblem(reason.input.value);
    const codeWrong = confirmsCode(typed.input.value, code) ? null : typed.input.value.trim() ? t("erase.codeMismatch", { code }) : t("field.required");
    if (reasonWrong) showFieldError(reason, reasonWrong);
    if (codeWrong) showFieldError(typed, codeWrong);
    describeReason();
    if (reasonWrong || codeWrong) {
      (reasonWrong ? reason : typed).input.focus();
      return;
    }
    busy = true;
    const idle = submitText();
    setBusy(form, submit, true, t("erase.erasing"), idle);
    try {
      const summary = await ipc.caseErase(code, kind, reason.input.value.trim());
      if (ctx.life.disposed) return;
      const from = opener;
      close(false);
      await afterErase(summary);
      if (ctx.life.disposed) return;
      ctx.saved.textContent =
        summary.kind === "identity"
          ? t("erase.done.identity", { code: summary.code })
          : t("erase.done.narratives", { notes: tn("erase.count.notes", summary.notes), documents: tn("erase.count.documents", summary.documents) });
      if (from && !from.closest("[hidden]")) from.focus();
    } catch (e) {
      const error = ctx.life.failure(e);
      if (!error) return;
      if (error.field === "reason") {
        showFieldError(reason, errorMessage(error));
        describeReason();
        reason.input.focus();
      } else {
        alert.textContent = errorMessage(error);
        submit.focus();
      }
    } finally {
      busy = false;
      if (!ctx.life.disposed) setBusy(form, submit, false, t("erase.erasing"), idle);
    }
  });

  function render(v: CaseView): void {
    const may = mayErase(session, v);
    bar.hidden = !may;
    if (!may && !dialog.hidden) close(false);
  }

  return { element: h("div", { id: "case-erase", class: "case-erase no-print" }, [bar, dialog]), render };
}
