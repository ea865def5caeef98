// "Reset passphrase", inline below the user's row: the recovery key and a new passphrase.
import type { UserSummary } from "../../bindings/UserSummary";
import { h, wipeSecrets } from "../../dom";
import { errorMessage } from "../../errors";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { clearFieldError, field, formAlert, FormErrors, onSubmit, showFieldError, submitButton, formFrame } from "../../form";
import { cancelButton, checkPassphraseForm, newPassphraseFields, type PanelContent, type PanelContext } from "./shared";

export function resetPanel(ctx: PanelContext, user: UserSummary): PanelContent {
  const key = field({ id: "reset-recovery-key", label: t("users.recoveryKey"), hint: t("users.recoveryKeyHint") });
  key.input.classList.add("input-mono");
  key.input.setAttribute("data-secret", "");
  const { pass, again, meter } = newPassphraseFields("reset", { pass: t("users.resetPassphrase", { name: user.name }), again: t("users.resetPassphraseAgain") }, () => user.name);
  const alert = formAlert("user-reset-error");
  const save = submitButton("user-reset-save", t("users.resetSave"));
  const cancel = cancelButton("user-reset-cancel", () => ctx.close(true));
  const form = formFrame({
    id: "user-reset-form",
    class: "form inline-form",
    parts: [h("p", { class: "hint", text: t("users.resetIntro", { name: user.name }) }), key.wrapper, pass.wrapper, again.wrapper],
    alert,
    buttons: [save, cancel],
  });
  const errors = new FormErrors(alert, { recoveryKey: key, passphrase: pass, newPassphrase: pass, passphraseAgain: again });
  for (const f of [key, pass, again]) f.input.addEventListener("input", () => clearFieldError(f));
  onSubmit({
    form,
    button: save,
    busyText: t("users.resetting"),
    idleText: t("users.resetSave"),
    gone: () => ctx.life.disposed,
    check() {
      errors.clear();
      return checkPassphraseForm([key, pass], pass, again);
    },
    send: () => ipc.userResetPassphrase(user.name, key.input.value.trim(), pass.input.value, again.input.value),
    done: () => ctx.done(t("users.resetDone", { name: user.name }), () => ctx.buttonOf(user.name, "reset")),
    failed(error) {
      // A wrong recovery key comes back as wrong credentials, without a field.
      const atFault = error.kind === "wrongCredentials" ? (showFieldError(key, errorMessage(error)), key.input) : errors.show(error);
      (atFault ?? save).focus();
    },
    idleAgain: () => form.isConnected,
  });
  return {
    element: form,
    focus: () => key.input.focus(),
    dispose() {
      wipeSecrets(form);
      meter.dispose();
    },
  };
}
