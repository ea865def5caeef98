// The two key actions (admin): replacing the recovery key, and re-encrypting the vault under
// a new data key with the administrator's passphrase; each asks for confirmation first.
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { busyButton, clearFieldError, field, formAlert, setButtonBusy, showFieldError } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { panel } from "../screen";
import type { Lifecycle } from "../view";

export interface KeyDeps {
  /** The recovery key was replaced: show the new one once. */
  onRecoveryKeyReplaced(recoveryKey: string): void;
  /** Re-encrypt under a new data key with the admin's passphrase (the app runs it: it locks). */
  onRotate(passphrase: string): void;
}

/** The recovery key and data key panels, side by side. */
export function keyPanels(life: Lifecycle, deps: KeyDeps): HTMLElement {
  // ---- Recovery key ----------------------------------------------------------------------------
  const replaceOpen = h("button", {
    id: "replace-recovery-key",
    class: "button button-secondary",
    text: t("users.replaceRecovery"),
    attrs: { type: "button", "aria-expanded": "false", "aria-controls": "replace-recovery-panel" },
  });
  const replaceAlert = formAlert("replace-recovery-error");
  const replaceConfirm = busyButton("replace-recovery-confirm", t("users.replaceConfirmButton"), "danger");
  const replaceCancel = h("button", { id: "replace-recovery-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
  const replacePanel = h("div", { id: "replace-recovery-panel", class: "confirm-panel", attrs: { hidden: true, role: "group", "aria-labelledby": "replace-recovery-question" } }, [
    h("p", { id: "replace-recovery-question", class: "confirm-text", text: t("users.replaceConfirm") }),
    replaceAlert,
    h("div", { class: "actions actions-start" }, [replaceConfirm, replaceCancel]),
  ]);
  const recoveryPanel = panel("recovery-key-section", t("users.recoveryTitle"), [
    h("p", { class: "hint", text: t("users.recoveryIntro") }),
    h("div", { class: "actions actions-start" }, [replaceOpen]),
    replacePanel,
  ]);
  let replacing = false;

  function showConfirm(panelEl: HTMLElement, opener: HTMLButtonElement, show: boolean, focus: HTMLElement): void {
    panelEl.hidden = !show;
    opener.setAttribute("aria-expanded", String(show));
    focus.focus();
  }

  replaceOpen.addEventListener("click", () => {
    replaceAlert.textContent = "";
    showConfirm(replacePanel, replaceOpen, replacePanel.hidden, replacePanel.hidden ? replaceCancel : replaceOpen);
  });
  replaceCancel.addEventListener("click", () => showConfirm(replacePanel, replaceOpen, false, replaceOpen));
  replaceConfirm.addEventListener("click", async () => {
    if (replacing) return;
    replacing = true;
    replaceAlert.textContent = "";
    setButtonBusy(replaceConfirm, true, t("users.replacing"), t("users.replaceConfirmButton"));
    try {
      const created = await ipc.recoveryKeyReplace();
      if (!life.disposed) deps.onRecoveryKeyReplaced(created.recoveryKey);
    } catch (e) {
      const error = life.failure(e);
      if (error) replaceAlert.textContent = errorMessage(error);
    } finally {
      replacing = false;
      if (!life.disposed) setButtonBusy(replaceConfirm, false, t("users.replacing"), t("users.replaceConfirmButton"));
    }
  });

  // ---- Data key ----------------------------------------------------------------------------------
  const rotateOpen = h("button", {
    id: "rotate-data-key",
    class: "button button-secondary",
    text: t("users.rotate"),
    attrs: { type: "button", "aria-expanded": "false", "aria-controls": "rotate-panel" },
  });
  const rotatePass = field({
    id: "rotate-passphrase",
    label: t("users.rotatePassphrase"),
    type: "password",
    autocomplete: "current-password",
    hint: t("users.rotatePassphraseHint"),
  });
  const rotateConfirm = busyButton("rotate-confirm", t("users.rotateConfirmButton"), "danger", "submit");
  const rotateCancel = h("button", { id: "rotate-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
  const rotateForm = h("form", { id: "rotate-panel", class: "form confirm-panel", attrs: { hidden: true, novalidate: true, autocomplete: "off", "aria-labelledby": "rotate-question" } }, [
    h("p", { id: "rotate-question", class: "confirm-text", text: t("users.rotateConfirm") }),
    rotatePass.wrapper,
    h("div", { class: "actions actions-start" }, [rotateConfirm, rotateCancel]),
  ]);
  const dataKeyPanel = panel("data-key-section", t("users.dataKeyTitle"), [
    h("p", { class: "hint", text: t("users.dataKeyIntro") }),
    h("div", { class: "actions actions-start" }, [rotateOpen]),
    rotateForm,
  ]);
  rotatePass.input.addEventListener("input", () => clearFieldError(rotatePass));
  rotateOpen.addEventListener("click", () => {
    const show = rotateForm.hidden;
    if (!show) rotatePass.input.value = "";
    showConfirm(rotateForm, rotateOpen, show, show ? rotatePass.input : rotateOpen);
  });
  rotateCancel.addEventListener("click", () => {
    rotatePass.input.value = "";
    clearFieldError(rotatePass);
    showConfirm(rotateForm, rotateOpen, false, rotateOpen);
  });
  rotateForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const passphrase = rotatePass.input.value;
    if (!passphrase) {
      showFieldError(rotatePass, t("field.required"));
      rotatePass.input.focus();
      return;
    }
    rotatePass.input.value = "";
    deps.onRotate(passphrase);
  });

  return h("div", { class: "admin-columns" }, [recoveryPanel, dataKeyPanel]);
}
