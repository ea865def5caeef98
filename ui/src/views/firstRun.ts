import { h, wipeSecrets } from "../dom";
import { field, FormErrors, formAlert, setBusy, showFieldError, submitButton, clearFieldError, type Field } from "../form";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { strengthDescribedBy, strengthMeter } from "./strengthMeter";
import { card, type View } from "./view";

export interface FirstRunDeps {
  onCreated(recoveryKey: string, adminName: string): void;
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
  const form = h("form", { id: "first-run-form", class: "form", attrs: { novalidate: true, autocomplete: "off" } }, [
    name.wrapper,
    pass.wrapper,
    again.wrapper,
    alert,
    h("div", { class: "actions" }, [button]),
  ]);
  const root = card("first-run", t("firstRun.title"), [h("p", { class: "intro", text: t("firstRun.intro") }), form], "", true);

  const errors = new FormErrors(alert, { adminName: name, passphrase: pass, passphraseAgain: again });
  let busy = false;
  let disposed = false;

  const clearOnInput = (f: Field) => f.input.addEventListener("input", () => clearFieldError(f));
  [name, pass, again].forEach(clearOnInput);
  name.input.addEventListener("input", () => strength.refresh());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const adminName = name.input.value.trim();
    const passphrase = pass.input.value;
    const passphraseAgain = again.input.value;
    const missing: Field[] = [];
    if (!adminName) missing.push(name);
    if (!passphrase) missing.push(pass);
    for (const f of missing) showFieldError(f, t("field.required"));
    if (missing.length) {
      missing[0].input.focus();
      return;
    }
    if (passphrase !== passphraseAgain) {
      showFieldError(again, t("firstRun.mismatch"));
      again.input.focus();
      return;
    }
    busy = true;
    setBusy(form, button, true, t("firstRun.creating"), t("firstRun.create"));
    try {
      const created = await ipc.createVault(adminName, passphrase, passphraseAgain);
      if (!disposed) deps.onCreated(created.recoveryKey, adminName);
    } catch (e) {
      if (disposed) return;
      const atFault = errors.show(toIpcError(e));
      (atFault ?? name.input).focus();
    } finally {
      busy = false;
      if (!disposed) setBusy(form, button, false, t("firstRun.creating"), t("firstRun.create"));
    }
  });

  return {
    root,
    focus: () => name.input.focus(),
    dispose() {
      disposed = true;
      wipeSecrets(root);
      strength.dispose();
    },
  };
}
