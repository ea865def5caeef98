// "Add user" (admin): name, roles, a first passphrase typed twice with its strength meter.
import type { IpcError } from "../../bindings/IpcError";
import { wipeSecrets } from "../../dom";
import { errorMessage } from "../../errors";
import { clearFieldError, field, type Field, formAlert, FormErrors, setBusy, showFieldError, submitButton, formFrame } from "../../form";
import { t } from "../../i18n";
import { ipc, toIpcError } from "../../ipc";
import { panel, statusLine } from "../screen";
import type { Lifecycle } from "../view";
import { newPassphraseFields, roleChoices } from "./shared";

export interface AddUser {
  element: HTMLElement;
  dispose(): void;
}

/** `load` reads the list again after a user is added. */
export function addUserPanel(life: Lifecycle, load: () => Promise<void>): AddUser {
  const newName = field({ id: "new-user-name", label: t("users.newName"), hint: t("users.newNameHint"), autocomplete: "off" });
  const newRoles = roleChoices("new-user-role", "new-user-role", t("users.newRoles"), []);
  newRoles.fieldset.id = "new-user-roles";
  const added = newPassphraseFields(
    "new-user",
    { pass: t("users.newPassphrase"), again: t("users.newPassphraseAgain"), hint: t("users.newPassphraseHint") },
    () => newName.input.value.trim(),
  );
  const addAlert = formAlert("user-add-error");
  const addSaved = statusLine("user-add-saved");
  const addButton = submitButton("user-add", t("users.add"));
  const addForm = formFrame({
    id: "user-add-form",
    parts: [newName.wrapper, newRoles.fieldset, added.pass.wrapper, added.again.wrapper],
    alert: addAlert,
    buttons: [addButton],
    after: [addSaved],
  });
  const addPanel = panel("user-add-section", t("users.addTitle"), [addForm]);
  const addErrors = new FormErrors(addAlert, { userName: newName, passphrase: added.pass, newPassphrase: added.pass, passphraseAgain: added.again });
  for (const f of [newName, added.pass, added.again]) {
    f.input.addEventListener("input", () => {
      clearFieldError(f);
      addSaved.textContent = "";
    });
  }
  newName.input.addEventListener("input", () => added.meter.refresh());
  let adding = false;

  function showAddError(error: IpcError): HTMLElement | null {
    if (error.field === "roles") {
      newRoles.showError(errorMessage(error));
      return newRoles.boxes[0];
    }
    return addErrors.show(error);
  }

  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (adding) return;
    addErrors.clear();
    newRoles.clearError();
    addSaved.textContent = "";
    const name = newName.input.value.trim();
    const roles = newRoles.selected();
    const missing: Field[] = [newName, added.pass].filter((f) => !f.input.value.trim());
    for (const f of missing) showFieldError(f, t("field.required"));
    if (!roles.length) newRoles.showError(t("users.rolesRequired"));
    if (missing.length || !roles.length) {
      (missing[0]?.input === newName.input ? newName.input : !roles.length ? newRoles.boxes[0] : missing[0].input).focus();
      return;
    }
    if (added.pass.input.value !== added.again.input.value) {
      showFieldError(added.again, t("passphrase.mismatch"));
      added.again.input.focus();
      return;
    }
    adding = true;
    setBusy(addForm, addButton, true, t("users.adding"), t("users.add"));
    try {
      const summary = await ipc.userAdd(name, roles, added.pass.input.value, added.again.input.value);
      if (life.disposed) return;
      newName.input.value = "";
      for (const box of newRoles.boxes) box.checked = false;
      wipeSecrets(addForm);
      added.meter.reset();
      addSaved.textContent = t("users.added", { name: summary.name });
      await load();
      if (!life.disposed) newName.input.focus();
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      (showAddError(error) ?? newName.input).focus();
    } finally {
      adding = false;
      if (!life.disposed) setBusy(addForm, addButton, false, t("users.adding"), t("users.add"));
    }
  });

  return { element: addPanel, dispose: () => added.meter.dispose() };
}
