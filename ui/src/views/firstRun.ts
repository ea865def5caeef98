import { h } from "../dom";
import { t } from "../i18n";
import { errorMessage } from "../errors";
import { ipc, toIpcError } from "../ipc";
import { strengthDescribedBy, strengthMeter } from "./strengthMeter";
import { card, Lifecycle, type View } from "./view";
import { clearFieldError, field, type Field, formAlert, FormErrors, setBusy, submitButton, formFrame, enteredCredentials, reportMismatch } from "../form";

export interface FirstRunDeps {
  onCreated(recoveryKey: string, adminName: string): void;
  /** A backup file was chosen to restore instead (its path). */
  onRestoreChosen?(file: string): void;
}

export function firstRunView(deps: FirstRunDeps): View {
  const name = field({ id: "admin-name", label: t("firstRun.adminName"), hint: t("firstRun.adminNameHint"), autocomplete: "username" });
  const pass = field({
    id: "new-passphrase",
    label: t("firstRun.passphrase"),
    type: "password",
    autocomplete: "new-password",
    hint: t("firstRun.passphraseHint"),
    describedBy: strengthDescribedBy("strength"),
  });
  const again = field({ id: "new-passphrase-again", label: t("firstRun.passphraseAgain"), type: "password", autocomplete: "new-password" });

  const strength = strengthMeter("strength", pass.input, () => name.input.value.trim());
  // The meter belongs right below the passphrase input.
  pass.wrapper.append(strength.element);

  const alert = formAlert("first-run-error");
  const button = submitButton("create-vault", t("firstRun.create"));
  const form = formFrame({
    id: "first-run-form",
    parts: [name.wrapper, pass.wrapper, again.wrapper],
    alert,
    buttons: [button],
    actions: "actions",
  });

  // ---- Or restore a backup: the file is chosen here, the rest on the restore screen ----------
  const restore = h("button", { id: "restore-start", class: "button button-secondary", text: t("firstRun.restore"), attrs: { type: "button", "aria-describedby": "first-run-restore-hint" } });
  const restoreAlert = formAlert("first-run-restore-error");
  const restoreSection = h("section", { id: "first-run-restore", class: "first-run-restore", attrs: { "aria-labelledby": "first-run-restore-title" } }, [
    h("h2", { id: "first-run-restore-title", class: "form-title", text: t("firstRun.restoreTitle") }),
    h("p", { id: "first-run-restore-hint", class: "hint", text: t("firstRun.restoreHint") }),
    restoreAlert,
    h("div", { class: "actions actions-start" }, [restore]),
  ]);

  const root = card("first-run", t("firstRun.title"), [h("p", { class: "intro", text: t("firstRun.intro") }), form, restoreSection], "", true);

  const errors = new FormErrors(alert, { adminName: name, passphrase: pass, passphraseAgain: again });
  let busy = false;
  const life = new Lifecycle();

  const clearOnInput = (f: Field) => f.input.addEventListener("input", () => clearFieldError(f));
  [name, pass, again].forEach(clearOnInput);
  name.input.addEventListener("input", () => strength.refresh());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const entered = enteredCredentials(name, pass);
    if (!entered) return;
    const { name: adminName, passphrase } = entered;
    const passphraseAgain = again.input.value;
    if (reportMismatch(pass, again, t("firstRun.mismatch"))) return;
    busy = true;
    setBusy(form, button, true, t("firstRun.creating"), t("firstRun.create"));
    try {
      const created = await ipc.createVault(adminName, passphrase, passphraseAgain);
      if (!life.disposed) deps.onCreated(created.recoveryKey, adminName);
    } catch (e) {
      if (life.disposed) return;
      const atFault = errors.show(toIpcError(e));
      (atFault ?? name.input).focus();
    } finally {
      busy = false;
      if (!life.disposed) setBusy(form, button, false, t("firstRun.creating"), t("firstRun.create"));
    }
  });

  let choosing = false;
  restore.addEventListener("click", async () => {
    if (choosing || busy) return;
    choosing = true;
    restoreAlert.textContent = "";
    try {
      const file = await ipc.chooseBackupFile(t("restore.filterBackups"), t("restore.filterAll"));
      // Cancelled: stay here.
      if (!life.disposed && file !== null) deps.onRestoreChosen?.(file);
    } catch (e) {
      if (!life.disposed) restoreAlert.textContent = errorMessage(toIpcError(e));
    } finally {
      choosing = false;
    }
  });

  return life.view({ root, focus: () => name.input.focus(), secrets: true, cleanup: () => strength.dispose(), clear: false });
}
