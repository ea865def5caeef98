// What the panels of the users screen share: the group of role checkboxes, a new passphrase
// typed twice with its strength meter, the check of such a form, and what an inline panel
// below a user's row gets from the list.
import type { Role } from "../../bindings/Role";
import { orderedRoles } from "../../adminModel";
import { h } from "../../dom";
import { checkboxGroup, field, type Field, showFieldError, reportMissing } from "../../form";
import { t } from "../../i18n";
import { wordOptions } from "../../vocab";
import { strengthDescribedBy, strengthMeter } from "../strengthMeter";
import type { Lifecycle } from "../view";

export type PanelKind = "roles" | "remove" | "reset";

/** What an inline panel shows, and how it takes focus and is cleaned up. */
export interface PanelContent {
  element: HTMLElement;
  focus(): void;
  dispose(): void;
}

/** What a panel gets from the list of users. */
export interface PanelContext {
  life: Lifecycle;
  /** Closes the open panel; `focus` puts the focus back on its opener. */
  close(focus: boolean): void;
  /** After a change: close the panel, announce `message`, read the list again, focus. */
  done(message: string, focus: () => HTMLElement | null): void;
  /** The action button of a user's row (after the list is redrawn). */
  buttonOf(name: string, kind: PanelKind): HTMLButtonElement | null;
  /** The list's title (focus goes there when nothing better remains). */
  listTitle(): HTMLElement;
}

/** A secondary "Cancel" button. */
export function cancelButton(id: string, onClick: () => void): HTMLButtonElement {
  const cancel = h("button", { id, class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
  cancel.addEventListener("click", onClick);
  return cancel;
}

// ---- A group of role checkboxes -------------------------------------------------------------

export interface RoleChoices {
  fieldset: HTMLFieldSetElement;
  boxes: HTMLInputElement[];
  selected(): Role[];
  showError(message: string): void;
  clearError(): void;
}

export function roleChoices(name: string, idPrefix: string, legend: string, checked: readonly Role[]): RoleChoices {
  const group = checkboxGroup({
    prefix: idPrefix,
    name,
    legend,
    options: wordOptions("role"),
    checked,
    groupClass: "role-choices",
    rowClass: "role-choices-row",
  });
  return {
    fieldset: group.fieldset,
    boxes: group.boxes,
    selected: () => orderedRoles(group.checked()),
    showError: (message) => group.target.show(message),
    clearError: () => group.target.clear(),
  };
}

/** A new passphrase typed twice, with the strength meter below the first. */
export function newPassphraseFields(idPrefix: string, labels: { pass: string; again: string; hint?: string }, userName: () => string) {
  const meterPrefix = `${idPrefix}-strength`;
  const pass = field({
    id: `${idPrefix}-passphrase`,
    label: labels.pass,
    type: "password",
    autocomplete: "new-password",
    hint: labels.hint,
    describedBy: strengthDescribedBy(meterPrefix),
  });
  const again = field({ id: `${idPrefix}-passphrase-again`, label: labels.again, type: "password", autocomplete: "new-password" });
  const meter = strengthMeter(meterPrefix, pass.input, userName);
  pass.wrapper.append(meter.element);
  return { pass, again, meter };
}

/** Required fields and matching passphrases; shows what is wrong. True when all is well. */
export function checkPassphraseForm(required: Field[], pass: Field, again: Field): boolean {
  const missing = required.filter((f) => !f.input.value.trim());
  if (reportMissing(missing)) return false;
  if (pass.input.value !== again.input.value) {
    showFieldError(again, t("passphrase.mismatch"));
    again.input.focus();
    return false;
  }
  return true;
}
