import type { IpcError } from "./bindings/IpcError";
import { h } from "./dom";
import { routeError } from "./errors";

export interface FieldOptions {
  id: string;
  label: string;
  type?: "text" | "password" | "date" | "number";
  autocomplete?: string;
  hint?: string;
  /** Extra ids (outside the field) that describe the input, e.g. a strength meter. */
  describedBy?: string[];
}

export interface Field {
  wrapper: HTMLDivElement;
  input: HTMLInputElement;
  error: HTMLParagraphElement;
}

const descriptions = new WeakMap<HTMLInputElement, string[]>();

export function field(options: FieldOptions): Field {
  const { id, label, type = "text", autocomplete, hint } = options;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = h("input", {
    id,
    class: "input",
    attrs: {
      type,
      name: id,
      autocomplete: autocomplete ?? "off",
      autocapitalize: "off",
      autocorrect: "off",
      spellcheck: "false",
    },
  });
  const error = h("p", { id: errorId, class: "field-error", attrs: { hidden: true } });
  const wrapper = h("div", { class: "field" }, [
    h("label", { class: "label", text: label, attrs: { for: id } }),
    hint ? h("p", { id: hintId, class: "hint", text: hint }) : null,
    input,
    error,
  ]);
  descriptions.set(input, [...(hint ? [hintId] : []), ...(options.describedBy ?? [])]);
  updateDescribedBy({ wrapper, input, error });
  return { wrapper, input, error };
}

function updateDescribedBy(f: Field): void {
  const ids = [...(descriptions.get(f.input) ?? [])];
  if (!f.error.hidden) ids.unshift(f.error.id);
  if (ids.length) f.input.setAttribute("aria-describedby", ids.join(" "));
  else f.input.removeAttribute("aria-describedby");
}

export function showFieldError(f: Field, message: string): void {
  f.error.textContent = message;
  f.error.hidden = false;
  f.input.setAttribute("aria-invalid", "true");
  updateDescribedBy(f);
}

export function clearFieldError(f: Field): void {
  f.error.textContent = "";
  f.error.hidden = true;
  f.input.removeAttribute("aria-invalid");
  updateDescribedBy(f);
}

/** A form-level alert. Kept in the DOM while empty so screen readers announce new text. */
export function formAlert(id: string): HTMLDivElement {
  return h("div", { id, class: "form-alert", attrs: { role: "alert" } });
}

/**
 * Shows errors of one form: next to a field (`fieldNames` maps contract field
 * names such as "adminName" to the form's fields) or in the form alert.
 */
export class FormErrors {
  constructor(
    private readonly alert: HTMLElement,
    private readonly fields: Readonly<Record<string, Field>>,
  ) {}

  clear(): void {
    this.alert.textContent = "";
    for (const f of Object.values(this.fields)) clearFieldError(f);
  }

  /** Shows the error; returns the input at fault, if any, so the caller can focus it. */
  show(error: IpcError): HTMLInputElement | null {
    const inputIds: Record<string, string> = {};
    for (const [name, f] of Object.entries(this.fields)) inputIds[name] = f.input.id;
    const route = routeError(error, inputIds);
    if (route.target === "field") {
      const f = Object.values(this.fields).find((x) => x.input.id === route.inputId);
      if (f) {
        showFieldError(f, route.message);
        return f.input;
      }
    }
    this.alert.textContent = route.message;
    return null;
  }
}

/** Puts a submit button into (or out of) its busy state. */
export function setBusy(form: HTMLFormElement, button: HTMLButtonElement, busy: boolean, busyText: string, idleText: string): void {
  button.disabled = busy;
  button.classList.toggle("is-busy", busy);
  button.querySelector(".button-text")!.textContent = busy ? busyText : idleText;
  if (busy) form.setAttribute("aria-busy", "true");
  else form.removeAttribute("aria-busy");
}

export function submitButton(id: string, text: string): HTMLButtonElement {
  return h("button", { id, class: "button button-primary", attrs: { type: "submit" } }, [
    h("span", { class: "spinner", attrs: { "aria-hidden": "true" } }),
    h("span", { class: "button-text", text }),
  ]);
}
