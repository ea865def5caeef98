import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { card, Lifecycle, type View } from "./view";
import { clearFieldError, field, formAlert, FormErrors, setBusy, submitButton, formFrame, enteredCredentials } from "../form";

export interface UnlockOptions {
  userName?: string;
  /** A calm note shown above the form, e.g. after an automatic lock. */
  notice?: string;
  /** Shown like the notice, as an alert, when something went wrong before the lock. */
  noticeIsError?: boolean;
}

export interface UnlockDeps {
  onUnlocked(session: SessionInfo): void;
}

export function unlockView(options: UnlockOptions, deps: UnlockDeps): View {
  const user = field({ id: "user-name", label: t("unlock.userName"), autocomplete: "username" });
  const pass = field({ id: "passphrase", label: t("unlock.passphrase"), type: "password", autocomplete: "current-password" });
  user.input.value = options.userName ?? "";

  const alert = formAlert("unlock-error");
  const button = submitButton("unlock", t("unlock.submit"));
  const form = formFrame({
    id: "unlock-form",
    parts: [user.wrapper, pass.wrapper],
    alert,
    buttons: [button],
    actions: "actions",
  });
  const root = card("unlock-view", t("unlock.title"), [
    options.notice
      ? h("p", {
          id: "unlock-notice",
          class: options.noticeIsError ? "notice notice-error" : "notice",
          text: options.notice,
          attrs: { role: options.noticeIsError ? "alert" : "status" },
        })
      : h("p", { class: "intro", text: t("unlock.intro") }),
    form,
  ], "", true);

  const errors = new FormErrors(alert, { userName: user, passphrase: pass });
  let busy = false;
  const life = new Lifecycle();

  for (const f of [user, pass]) f.input.addEventListener("input", () => clearFieldError(f));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const entered = enteredCredentials(user, pass);
    if (!entered) return;
    const { name: userName, passphrase } = entered;
    busy = true;
    setBusy(form, button, true, t("unlock.busy"), t("unlock.submit"));
    try {
      const session = await ipc.unlock(userName, passphrase);
      if (!life.disposed) deps.onUnlocked(session);
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      const atFault = errors.show(error);
      // Never leave a rejected passphrase in the field; keep the user name.
      pass.input.value = "";
      (atFault ?? pass.input).focus();
    } finally {
      busy = false;
      if (!life.disposed) setBusy(form, button, false, t("unlock.busy"), t("unlock.submit"));
    }
  });

  return life.view({ root, focus: () => (user.input.value ? pass.input : user.input).focus(), secrets: true, clear: false });
}
