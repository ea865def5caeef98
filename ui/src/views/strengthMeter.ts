// The passphrase strength meter shown below a new passphrase (advice only: the core checks
// the passphrase again when it is used). Ids are `${prefix}-meter`, `-label`, `-feedback`.
import type { Strength } from "../bindings/Strength";
import { h } from "../dom";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { strengthLabel, strengthLevel } from "../strength";
import { debounce } from "../timing";

export interface StrengthMeter {
  element: HTMLElement;
  /** Asks again (e.g. after the user name changed, which the estimate takes into account). */
  refresh(): void;
  /** Back to "not entered yet", forgetting any answer still on its way. */
  reset(): void;
  dispose(): void;
}

/** The ids to put in the passphrase input's aria-describedby. */
export function strengthDescribedBy(prefix: string): string[] {
  return [`${prefix}-label`, `${prefix}-feedback`];
}

export function strengthMeter(prefix: string, input: HTMLInputElement, userName: () => string): StrengthMeter {
  const meter = h("meter", {
    id: `${prefix}-meter`,
    class: "strength-meter level-none",
    attrs: { min: "0", max: "4", low: "2", high: "3", optimum: "4", value: "0", "aria-labelledby": `${prefix}-title ${prefix}-label` },
  });
  const label = h("span", { id: `${prefix}-label`, class: "strength-label", text: t("strength.empty") });
  const feedback = h("ul", { id: `${prefix}-feedback`, class: "strength-feedback" });
  const element = h("div", { class: "strength" }, [
    h("div", { class: "strength-head" }, [h("span", { id: `${prefix}-title`, class: "strength-title", text: t("strength.label") }), label]),
    meter,
    feedback,
  ]);

  let request = 0;
  let disposed = false;

  function show(s: Strength | null): void {
    const level = s ? strengthLevel(s.score) : null;
    meter.value = level ?? 0;
    meter.className = `strength-meter level-${level ?? "none"}${s?.acceptable ? " acceptable" : ""}`;
    label.textContent = s ? strengthLabel(s.score) : t("strength.empty");
    feedback.replaceChildren(...(s?.feedback ?? []).map((line) => h("li", { text: line })));
  }

  const check = debounce(async () => {
    const mine = ++request;
    const passphrase = input.value;
    if (!passphrase) {
      show(null);
      return;
    }
    try {
      const result = await ipc.passphraseStrength(passphrase, userName());
      if (!disposed && mine === request) show(result);
    } catch (e) {
      // The meter is advice only; the command that uses the passphrase validates again.
      console.warn("passphrase_strength failed", toIpcError(e).kind);
    }
  }, 150);

  function reset(): void {
    request++;
    check.cancel();
    show(null);
  }

  input.addEventListener("input", () => {
    if (!input.value) reset();
    else check();
  });

  return {
    element,
    refresh: () => {
      if (input.value) check();
    },
    reset,
    dispose() {
      disposed = true;
      reset();
    },
  };
}
