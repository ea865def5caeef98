// "Change my passphrase", for every signed-in user.
import type { IpcError } from "../bindings/IpcError";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h, wipeSecrets } from "../dom";
import { errorMessage } from "../errors";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { screen, statusLine, type ScreenDeps } from "./screen";
import { strengthDescribedBy, strengthMeter } from "./strengthMeter";
import { Lifecycle, type View } from "./view";
import { clearFieldError, field, type Field, formAlert, FormErrors, setBusy, showFieldError, submitButton, formFrame, reportMismatch, reportMissing } from "../form";

export function accountView(session: SessionInfo, deps: ScreenDeps): View {
  const current = field({ id: "current-passphrase", label: t("account.current"), type: "password", autocomplete: "current-password" });
  const pass = field({
    id: "own-new-passphrase",
    label: t("account.new"),
    type: "password",
    autocomplete: "new-password",
    hint: t("account.newHint"),
    describedBy: strengthDescribedBy("own-strength"),
  });
  const again = field({ id: "own-new-passphrase-again", label: t("account.again"), type: "password", autocomplete: "new-password" });
  const strength = strengthMeter("own-strength", pass.input, () => session.userName);
  pass.wrapper.append(strength.element);

  const alert = formAlert("own-passphrase-error");
  const saved = statusLine("own-passphrase-saved");
  const button = submitButton("own-passphrase-save", t("account.save"));
  const form = formFrame({
    id: "own-passphrase-form",
    class: "form narrow-form",
    parts: [current.wrapper, pass.wrapper, again.wrapper],
    alert,
    buttons: [button],
    after: [saved],
  });

  const { root, title } = screen("own-passphrase", session, { onLock: deps.onLock, onBack: deps.onBack }, {
    title: t("account.title"),
    intro: t("account.intro"),
    back: t("account.back"),
  }, [h("div", { id: "own-passphrase-panel", class: "card admin-panel" }, [form])]);

  const errors = new FormErrors(alert, { current, passphrase: pass, newPassphrase: pass, passphraseAgain: again });
  let busy = false;
  const life = new Lifecycle();
  for (const f of [current, pass, again]) {
    f.input.addEventListener("input", () => {
      clearFieldError(f);
      saved.textContent = "";
    });
  }

  /** Where an error goes: a wrong current passphrase belongs to its field. */
  function show(error: IpcError): HTMLInputElement | null {
    if (error.kind === "wrongCredentials") {
      showFieldError(current, errorMessage(error));
      return current.input;
    }
    return errors.show(error);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    saved.textContent = "";
    const missing: Field[] = [current, pass].filter((f) => !f.input.value);
    if (reportMissing(missing)) return;
    if (reportMismatch(pass, again, t("passphrase.mismatch"))) return;
    busy = true;
    setBusy(form, button, true, t("account.busy"), t("account.save"));
    try {
      await ipc.changeOwnPassphrase(current.input.value, pass.input.value, again.input.value);
      if (life.disposed) return;
      wipeSecrets(form);
      strength.reset();
      saved.textContent = t("account.saved");
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return; // the app shows the unlock screen
      (show(error) ?? current.input).focus();
    } finally {
      busy = false;
      if (!life.disposed) setBusy(form, button, false, t("account.busy"), t("account.save"));
    }
  });

  return life.view({ root, focus: () => title.focus(), secrets: true, cleanup: () => strength.dispose() });
}
