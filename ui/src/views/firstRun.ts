import type { Strength } from "../bindings/Strength";
import { h, wipeSecrets } from "../dom";
import { field, FormErrors, formAlert, setBusy, showFieldError, submitButton, clearFieldError, type Field } from "../form";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { strengthLabel, strengthLevel } from "../strength";
import { debounce } from "../timing";
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
    describedBy: ["strength-label", "strength-feedback"],
  });
  const again = field({ id: "new-passphrase-again", label: t("firstRun.passphraseAgain"), type: "password", autocomplete: "new-password" });

  const meter = h("meter", {
    id: "strength-meter",
    class: "strength-meter level-none",
    attrs: { min: "0", max: "4", low: "2", high: "3", optimum: "4", value: "0", "aria-labelledby": "strength-title strength-label" },
  });
  const label = h("span", { id: "strength-label", class: "strength-label", text: t("strength.empty") });
  const feedback = h("ul", { id: "strength-feedback", class: "strength-feedback" });
  const strength = h("div", { class: "strength" }, [
    h("div", { class: "strength-head" }, [
      h("span", { id: "strength-title", class: "strength-title", text: t("strength.label") }),
      label,
    ]),
    meter,
    feedback,
  ]);
  // The meter belongs right below the passphrase input.
  pass.wrapper.append(strength);

  const alert = formAlert("first-run-error");
  const button = submitButton("create-vault", t("firstRun.create"));
  const form = h("form", { id: "first-run-form", class: "form", attrs: { novalidate: true, autocomplete: "off" } }, [
    name.wrapper,
    pass.wrapper,
    again.wrapper,
    alert,
    h("div", { class: "actions" }, [button]),
  ]);
  const root = card("first-run", t("firstRun.title"), [h("p", { class: "intro", text: t("firstRun.intro") }), form]);

  const errors = new FormErrors(alert, { adminName: name, passphrase: pass, passphraseAgain: again });
  let busy = false;
  let disposed = false;
  let strengthRequest = 0;

  function showStrength(s: Strength | null): void {
    const level = s ? strengthLevel(s.score) : null;
    meter.value = level ?? 0;
    meter.className = `strength-meter level-${level ?? "none"}${s?.acceptable ? " acceptable" : ""}`;
    label.textContent = s ? strengthLabel(s.score) : t("strength.empty");
    feedback.replaceChildren(...(s?.feedback ?? []).map((line) => h("li", { text: line })));
  }

  const checkStrength = debounce(async () => {
    const request = ++strengthRequest;
    const passphrase = pass.input.value;
    if (!passphrase) {
      showStrength(null);
      return;
    }
    try {
      const result = await ipc.passphraseStrength(passphrase, name.input.value.trim());
      if (!disposed && request === strengthRequest) showStrength(result);
    } catch (e) {
      // The meter is advice only; creating the vault validates again.
      console.warn("passphrase_strength failed", toIpcError(e).kind);
    }
  }, 150);

  const clearOnInput = (f: Field) => f.input.addEventListener("input", () => clearFieldError(f));
  [name, pass, again].forEach(clearOnInput);
  pass.input.addEventListener("input", () => {
    if (!pass.input.value) {
      strengthRequest++;
      checkStrength.cancel();
      showStrength(null);
    } else checkStrength();
  });
  name.input.addEventListener("input", () => {
    if (pass.input.value) checkStrength();
  });

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
      strengthRequest++;
      checkStrength.cancel();
      wipeSecrets(root);
      showStrength(null);
    },
  };
}
