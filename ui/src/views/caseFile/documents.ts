// The documents of a case (identity readers only): the list, read each time the tab opens,
// "Save a copy" after a warning that the copy is not encrypted, and adding a file chosen in
// the system's open dialog. The core reads and writes the files; no content passes here.
import { formatDateTime } from "../../adminModel";
import type { DocumentInfo } from "../../bindings/DocumentInfo";
import type { DocumentKind } from "../../bindings/DocumentKind";
import { formatSize } from "../../caseModel";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { t } from "../../i18n";
import { ipc, toIpcError } from "../../ipc";
import { statusLine } from "../screen";
import { wordLabel, wordOptions } from "../../vocab";
import { busyButton, fieldTarget, formAlert, ProblemForm, selectField, setButtonBusy, formFrame } from "../../form";
import { dataTable } from "../table";

export interface CaseDocuments {
  /** What the tab panel shows. */
  parts: HTMLElement[];
  /** Reads the list again. */
  load(): Promise<void>;
  dispose(): void;
}

export function caseDocuments(code: string, canAdd: boolean): CaseDocuments {
  let disposed = false;
  let seq = 0;
  let docs: DocumentInfo[] = [];
  /** The document whose copy the confirmation is about. */
  let pending: DocumentInfo | null = null;

  const status = statusLine("documents-status");
  const error = formAlert("documents-error");
  const list = h("div", { id: "documents-list", class: "tab-list" });

  // ---- The confirmation before a copy leaves the vault ------------------------------------------
  const confirmText = h("p", { id: "document-save-confirm-text" });
  const proceed = busyButton("document-save-continue", t("documents.confirmContinue"), "primary");
  const cancel = h("button", { id: "document-save-cancel", class: "button button-secondary", text: t("documents.confirmCancel"), attrs: { type: "button" } });
  const confirm = h(
    "div",
    {
      id: "document-save-confirm",
      class: "confirm-box",
      attrs: { role: "alertdialog", "aria-labelledby": "document-save-confirm-title", "aria-describedby": "document-save-confirm-text", hidden: true },
    },
    [
      h("h3", { id: "document-save-confirm-title", class: "form-title", text: t("documents.confirmTitle") }),
      confirmText,
      h("div", { class: "actions actions-start" }, [proceed, cancel]),
    ],
  );

  function rowButton(id: number): HTMLButtonElement | null {
    return list.querySelector<HTMLButtonElement>(`button[data-document="${id}"]`);
  }

  function askToSave(doc: DocumentInfo): void {
    pending = doc;
    status.textContent = "";
    error.textContent = "";
    confirmText.textContent = t("documents.confirmText", { file: doc.file_name });
    confirm.hidden = false;
    proceed.focus();
  }

  function closeConfirm(focusRow: boolean): void {
    const doc = pending;
    pending = null;
    confirm.hidden = true;
    if (focusRow && doc) rowButton(doc.id)?.focus();
  }

  cancel.addEventListener("click", () => closeConfirm(true));
  confirm.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      closeConfirm(true);
    }
  });
  proceed.addEventListener("click", () => void saveCopy());

  async function saveCopy(): Promise<void> {
    const doc = pending;
    if (!doc || proceed.disabled) return;
    setButtonBusy(proceed, true, t("documents.saving"), t("documents.confirmContinue"));
    try {
      const path = await ipc.chooseCopyPath(doc.file_name);
      if (disposed) return;
      if (path === null) {
        closeConfirm(true);
        return;
      }
      await ipc.caseDocumentSave(code, doc.id, path);
      if (disposed) return;
      closeConfirm(true);
      status.textContent = t("documents.savedCopy", { file: doc.file_name });
    } catch (e) {
      if (disposed) return;
      const failure = toIpcError(e);
      if (failure.kind === "locked") return;
      closeConfirm(true);
      error.textContent = errorMessage(failure);
    } finally {
      if (!disposed) setButtonBusy(proceed, false, t("documents.saving"), t("documents.confirmContinue"));
    }
  }

  // ---- The list ----------------------------------------------------------------------------------
  function row(doc: DocumentInfo): HTMLTableRowElement {
    const save = h("button", {
      class: "button button-secondary button-small",
      text: t("documents.saveCopy"),
      attrs: { type: "button", "data-document": String(doc.id), "aria-label": t("documents.saveCopyOf", { file: doc.file_name }) },
    });
    save.addEventListener("click", () => askToSave(doc));
    return h("tr", { attrs: { "data-id": String(doc.id) } }, [
      h("td", { class: "document-name", text: doc.file_name }),
      h("td", { text: wordLabel("document", doc.kind) }),
      h("td", { class: "num nowrap", text: formatSize(doc.size) }),
      h("td", { class: "nowrap" }, [h("time", { text: formatDateTime(doc.added_at), attrs: { datetime: doc.added_at } })]),
      h("td", {}, [save]),
    ]);
  }

  function render(): void {
    list.replaceChildren(
      dataTable(
        "documents-table",
        t("caseFile.tab.documents"),
        [t("documents.col.file"), t("documents.col.kind"), t("documents.col.size"), t("documents.col.addedOn"), t("documents.col.copy")],
        docs.map(row),
        t("documents.empty"),
      ),
    );
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    list.setAttribute("aria-busy", "true");
    if (!list.firstChild) list.append(h("p", { class: "hint", text: t("documents.loading") }));
    try {
      const got = await ipc.caseDocuments(code);
      if (disposed || mine !== seq) return;
      docs = got;
      if (pending && !docs.some((d) => d.id === pending?.id)) closeConfirm(false);
      render();
    } catch (e) {
      if (disposed || mine !== seq) return;
      const failure = toIpcError(e);
      if (failure.kind !== "locked") {
        list.replaceChildren();
        error.textContent = errorMessage(failure);
      }
    } finally {
      if (!disposed && mine === seq) list.removeAttribute("aria-busy");
    }
  }

  // ---- Adding a file ------------------------------------------------------------------------------
  let form: HTMLFormElement | null = null;
  if (canAdd) {
    const kind = selectField({
      id: "documents-kind",
      label: t("documents.kind"),
      options: [{ value: "", label: t("intake.choose") }, ...wordOptions("document")],
      required: true,
    });
    const choose = busyButton("documents-choose", t("documents.choose"), "primary", "submit");
    const problems = new ProblemForm("documents-form-error", { kind: fieldTarget(kind) });
    form = formFrame({
      id: "documents-form",
      class: "form add-form",
      labelledBy: "documents-form-title",
      parts: [h("h3", { id: "documents-form-title", class: "form-title", text: t("documents.addTitle") }), h("p", { id: "documents-form-hint", class: "hint", text: t("documents.addHint") }), h("div", { class: "form-grid" }, [kind.wrapper])],
      alert: problems.alert,
      buttons: [choose],
    });
    choose.setAttribute("aria-describedby", "documents-form-hint");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (choose.disabled) return;
      problems.clear();
      status.textContent = "";
      error.textContent = "";
      if (!kind.input.value) {
        problems.showAt("kind", t("field.required"));
        kind.input.focus();
        return;
      }
      setButtonBusy(choose, true, t("documents.adding"), t("documents.choose"));
      try {
        const path = await ipc.chooseOpenPath();
        if (disposed || path === null) return;
        const added = await ipc.caseDocumentAdd(code, kind.input.value as DocumentKind, path);
        if (disposed) return;
        kind.input.value = "";
        status.textContent = t("documents.added", { file: added.file_name });
        await load();
      } catch (e) {
        if (disposed) return;
        const failure = toIpcError(e);
        if (failure.kind === "locked") return;
        if (!problems.show(failure)) choose.focus();
      } finally {
        if (!disposed) {
          setButtonBusy(choose, false, t("documents.adding"), t("documents.choose"));
          // A disabled button drops focus; put it back where the user was.
          if (!document.activeElement || document.activeElement === document.body) choose.focus();
        }
      }
    });
  }

  return {
    parts: [status, error, list, confirm, ...(form ? [form] : [])],
    load,
    dispose() {
      disposed = true;
      pending = null;
    },
  };
}
