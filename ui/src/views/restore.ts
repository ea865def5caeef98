// Restoring a backup where there is no vault yet (reached from the first-run screen once a
// file is chosen): the file, how to open it (a user's name and passphrase, or the recovery
// key), optionally the register of erasures to make again before the restored vault first
// opens (lifecycle.md), "Restore" with its progress. Each error is shown where it belongs: a
// wrong passphrase or key at the credentials, a file that is no good backup at the file, a
// register that is not one (or another vault's) at the register. What was typed stays,
// except the passphrase and the recovery key.
import { backupErrorMessage } from "../backupModel";
import type { IpcError } from "../bindings/IpcError";
import type { RestoreCredentials } from "../bindings/RestoreCredentials";
import { h, wipeSecrets } from "../dom";
import { errorMessage } from "../errors";
import { language, t, tn } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { baseName } from "../reportModel";
import { holdLanguageSwitch } from "./language";
import { progressBar } from "./progress";
import { card, Lifecycle, type View } from "./view";
import { clearFieldError, field, type Field, formAlert, setBusy, showFieldError, submitButton, reportMissing } from "../form";

export type RestoreMethod = RestoreCredentials["method"];

const METHODS: readonly RestoreMethod[] = ["passphrase", "recoveryKey"];

export interface RestoreDeps {
  /** Back to the first-run screen. */
  onBack(): void;
  /**
   * The vault is restored: the unlock screen follows, saying `notice` (a function, so that it
   * follows a language change); `userName` is the name used to open the backup, if any.
   */
  onRestored(notice: () => string, userName: string | null): void;
}

export interface RestoreView extends View {
  /** The backup file chosen now (to draw the screen again with it). */
  file(): string;
  /** The register of erasures chosen now, if any. */
  register(): string | null;
}

export function restoreView(initialFile: string, deps: RestoreDeps, initialRegister: string | null = null): RestoreView {
  let file = initialFile;
  let busy = false;
  const life = new Lifecycle();
  /** A wrong user name or passphrase marks both; typing in either then clears both. */
  let pairMarked = false;

  // ---- The file ---------------------------------------------------------------------------------
  const fileField = field({ id: "restore-file", label: t("restore.file") });
  fileField.input.readOnly = true;
  fileField.input.value = baseName(file);
  fileField.input.classList.add("input-mono");
  const another = h("button", { id: "restore-choose-file", class: "button button-secondary button-small", text: t("restore.chooseAnother"), attrs: { type: "button" } });
  fileField.wrapper.append(h("div", { class: "actions actions-start" }, [another]));

  // ---- How to open it ---------------------------------------------------------------------------
  const radios = METHODS.map((m) =>
    h("input", { id: `restore-method-${m}`, attrs: { type: "radio", name: "restore-method", value: m } }),
  );
  radios[0].checked = true;
  const methodGroup = h("fieldset", { id: "restore-method", class: "fieldset choice-group" }, [
    h("legend", { class: "label", text: t("restore.method") }),
    h(
      "div",
      { class: "choice-row" },
      radios.map((radio, i) =>
        h("div", { class: "checkbox checkbox-inline" }, [radio, h("label", { text: t(`restore.method.${METHODS[i]}`), attrs: { for: radio.id } })]),
      ),
    ),
  ]);

  const user = field({ id: "restore-user-name", label: t("restore.userName"), autocomplete: "off" });
  const pass = field({ id: "restore-passphrase", label: t("restore.passphrase"), type: "password", autocomplete: "off" });
  const passGroup = h("div", { id: "restore-passphrase-fields", class: "form-group" }, [user.wrapper, pass.wrapper]);

  const key = field({ id: "restore-recovery-key", label: t("restore.recoveryKey"), hint: t("restore.recoveryKeyHint"), autocomplete: "off" });
  key.input.classList.add("input-mono");
  key.input.setAttribute("data-secret", "");
  const keyGroup = h("div", { id: "restore-recovery-key-fields", class: "form-group", attrs: { hidden: true } }, [key.wrapper]);

  // ---- The register of erasures (optional) -------------------------------------------------------
  // Shown as text, not an input: a language change draws the screen again with it (`register()`).
  let register: string | null = initialRegister;
  const registerName = h("p", { id: "restore-erasures", class: "input-mono restore-erasures-name" });
  const registerError = h("p", { id: "restore-erasures-error", class: "field-error", attrs: { hidden: true } });
  const chooseRegister = h("button", { id: "restore-choose-erasures", class: "button button-secondary button-small", text: t("restore.erasuresChoose"), attrs: { type: "button", "aria-describedby": "restore-erasures restore-erasures-hint" } });
  const clearRegister = h("button", { id: "restore-clear-erasures", class: "button button-secondary button-small", text: t("restore.erasuresClear"), attrs: { type: "button" } });
  const registerGroup = h("div", { id: "restore-erasures-field", class: "field", attrs: { role: "group", "aria-labelledby": "restore-erasures-label" } }, [
    h("p", { id: "restore-erasures-label", class: "label", text: t("restore.erasures") }),
    h("p", { id: "restore-erasures-hint", class: "hint", text: t("restore.erasuresHint") }),
    registerName,
    h("div", { class: "actions actions-start" }, [chooseRegister, clearRegister]),
    registerError,
  ]);
  function showRegisterError(message: string): void {
    registerError.textContent = message;
    registerError.hidden = false;
    chooseRegister.setAttribute("aria-describedby", "restore-erasures-error restore-erasures restore-erasures-hint");
  }
  function clearRegisterError(): void {
    registerError.textContent = "";
    registerError.hidden = true;
    chooseRegister.setAttribute("aria-describedby", "restore-erasures restore-erasures-hint");
  }
  function setRegister(path: string | null): void {
    register = path;
    registerName.textContent = path ? baseName(path) : t("restore.erasuresNone");
    registerName.classList.toggle("muted", path === null);
    clearRegister.hidden = path === null;
    clearRegisterError();
  }
  setRegister(register);

  // ---- Restore ----------------------------------------------------------------------------------
  const alert = formAlert("restore-error");
  const progress = progressBar("restore-progress", t("restore.progressLabel"));
  const submit = submitButton("restore-submit", t("restore.submit"));
  const back = h("button", { id: "restore-back", class: "button button-secondary", text: t("restore.back"), attrs: { type: "button" } });
  const form = h("form", { id: "restore-form", class: "form", attrs: { novalidate: true, autocomplete: "off" } }, [
    fileField.wrapper,
    methodGroup,
    passGroup,
    keyGroup,
    registerGroup,
    alert,
    progress.element,
    h("div", { class: "actions" }, [back, submit]),
  ]);
  const root = card("restore", t("restore.title"), [h("p", { class: "intro", text: t("restore.intro") }), form], "", true);

  const fields: Field[] = [fileField, user, pass, key];

  function method(): RestoreMethod {
    return radios[1].checked ? "recoveryKey" : "passphrase";
  }

  function clearErrors(): void {
    alert.textContent = "";
    for (const f of fields) clearFieldError(f);
    clearRegisterError();
    pairMarked = false;
  }

  /** Shows the fields of the method chosen; the other method's secret is not kept. */
  function showMethod(): void {
    const byKey = method() === "recoveryKey";
    passGroup.hidden = byKey;
    keyGroup.hidden = !byKey;
    if (byKey) pass.input.value = "";
    else key.input.value = "";
    // What was said about the credentials no longer applies; what was said about the file does.
    alert.textContent = "";
    for (const f of [user, pass, key]) clearFieldError(f);
    pairMarked = false;
  }
  for (const radio of radios) radio.addEventListener("change", showMethod);
  for (const f of [user, pass, key]) {
    f.input.addEventListener("input", () => {
      clearFieldError(f);
      if (pairMarked && (f === user || f === pass)) {
        pairMarked = false;
        clearFieldError(user);
        clearFieldError(pass);
      }
    });
  }

  function setControls(disabled: boolean): void {
    for (const control of [...radios, another, back, user.input, pass.input, key.input, chooseRegister, clearRegister]) control.disabled = disabled;
    holdLanguageSwitch(root, disabled);
  }

  // ---- Choosing another file ----------------------------------------------------------------------
  another.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    alert.textContent = "";
    try {
      const chosen = await ipc.chooseBackupFile(t("restore.filterBackups"), t("restore.filterAll"));
      if (life.disposed || chosen === null) return;
      file = chosen;
      fileField.input.value = baseName(chosen);
      clearFieldError(fileField);
    } catch (e) {
      if (!life.disposed) alert.textContent = errorMessage(toIpcError(e));
    } finally {
      busy = false;
    }
  });

  chooseRegister.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    alert.textContent = "";
    try {
      const chosen = await ipc.chooseOpenPath();
      if (life.disposed || chosen === null) return;
      setRegister(chosen);
    } catch (e) {
      if (!life.disposed) alert.textContent = errorMessage(toIpcError(e));
    } finally {
      busy = false;
    }
  });
  clearRegister.addEventListener("click", () => {
    setRegister(null);
    chooseRegister.focus();
  });

  back.addEventListener("click", () => {
    if (!busy) deps.onBack();
  });

  // ---- Errors where they belong --------------------------------------------------------------------
  /** Shows `error`; returns what to focus. */
  function place(error: IpcError, how: RestoreMethod): HTMLElement {
    const message = backupErrorMessage(error, "restore");
    if (error.kind === "wrongCredentials") {
      if (how === "recoveryKey") {
        const english = language() === "en" && error.message.trim();
        showFieldError(key, english ? message : t("restore.wrongRecoveryKey"));
        return key.input;
      }
      showFieldError(pass, message);
      // Which of the two is wrong is never said: both are marked.
      user.input.setAttribute("aria-invalid", "true");
      user.input.setAttribute("aria-describedby", pass.error.id);
      pairMarked = true;
      return pass.input;
    }
    if (error.kind === "badBackup") {
      showFieldError(fileField, message);
      return fileField.input;
    }
    if (error.field === "erasures") {
      showRegisterError(message);
      return chooseRegister;
    }
    const at: Record<string, Field> = { file: fileField, userName: user, user: user, passphrase: pass, recoveryKey: key };
    const f = error.field ? at[error.field] : undefined;
    if (f && !(how === "passphrase" && f === key) && !(how === "recoveryKey" && (f === user || f === pass))) {
      showFieldError(f, message);
      return f.input;
    }
    alert.textContent = message;
    // The secret was cleared: it is typed again next.
    return how === "recoveryKey" ? key.input : pass.input;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    const how = method();
    const userName = user.input.value.trim();
    const missing: Field[] = [];
    let credentials: RestoreCredentials;
    if (how === "passphrase") {
      if (!userName) missing.push(user);
      if (!pass.input.value) missing.push(pass);
      credentials = { method: "passphrase", userName, passphrase: pass.input.value };
    } else {
      if (!key.input.value.trim()) missing.push(key);
      credentials = { method: "recoveryKey", recoveryKey: key.input.value.trim() };
    }
    if (reportMissing(missing)) return;

    busy = true;
    setBusy(form, submit, true, t("restore.busy"), t("restore.submit"));
    setControls(true);
    progress.start();
    let atFault: HTMLElement | null = null;
    try {
      const summary = await ipc.restoreBackup(file, credentials, register, (p) => {
        if (!life.disposed && busy) progress.update(p);
      });
      if (life.disposed) return;
      wipeSecrets(root);
      const intact = summary.auditIntact;
      const reapplied = register === null ? null : summary.erasuresReapplied;
      const notice = () => [t(intact ? "restore.done" : "restore.doneAuditBroken"), reapplied === null ? "" : tn("restore.erasuresReapplied", reapplied)].filter(Boolean).join(" ");
      deps.onRestored(notice, how === "passphrase" ? userName : null);
      return;
    } catch (e) {
      if (life.disposed) return;
      progress.hide();
      // Never leave a rejected secret in its field; keep everything else.
      wipeSecrets(root);
      atFault = place(toIpcError(e), how);
    } finally {
      busy = false;
      if (!life.disposed) {
        setBusy(form, submit, false, t("restore.busy"), t("restore.submit"));
        setControls(false);
      }
    }
    atFault?.focus();
  });

  return life.view({ root, focus: () => (user.input.value ? pass.input : user.input).focus(), secrets: true, clear: false }, { file: () => file, register: () => register });
}
