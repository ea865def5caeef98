// The one form toolkit of every screen: labelled inputs, selects, text areas and checkbox
// groups with their hints and an error line next to each, required marks, the form-level
// alert, submit and action buttons with their busy state, and the two ways of putting what
// the core reports next to its field: `FormErrors` (one error, by contract field name) and
// `ProblemForm` (every problem of a failed save, by payload path).
import type { IpcError } from "./bindings/IpcError";
import { problemsOf, resolvePath } from "./caseModel";
import { h } from "./dom";
import { routeError } from "./errors";
import { t } from "./i18n";
import { toIpcError } from "./ipc";

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

/** The frame of every field: its label, the hint if any, the control, the error line. */
function labelled(id: string, label: string, hint: string | undefined, control: HTMLElement, extraClass = ""): { wrapper: HTMLDivElement; error: HTMLParagraphElement } {
  const error = h("p", { id: `${id}-error`, class: "field-error", attrs: { hidden: true } });
  const wrapper = h("div", { class: `field ${extraClass}`.trim() }, [
    h("label", { class: "label", text: label, attrs: { for: id } }),
    hint ? h("p", { id: `${id}-hint`, class: "hint", text: hint }) : null,
    control,
    error,
  ]);
  return { wrapper, error };
}

const descriptions = new WeakMap<HTMLInputElement, string[]>();

export function field(options: FieldOptions): Field {
  const { id, label, type = "text", autocomplete, hint } = options;
  const hintId = `${id}-hint`;
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
  const { wrapper, error } = labelled(id, label, hint, input);
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

/** Says "required" next to each field in `missing` and focuses the first; true when any is. */
export function reportMissing(missing: readonly Field[]): boolean {
  for (const f of missing) showFieldError(f, t("field.required"));
  missing[0]?.input.focus();
  return missing.length > 0;
}

/** A user name (trimmed) and a passphrase (as typed); null after saying which is missing. */
export function enteredCredentials(user: Field, pass: Field): { name: string; passphrase: string } | null {
  const name = user.input.value.trim();
  const passphrase = pass.input.value;
  return reportMissing([name ? null : user, passphrase ? null : pass].filter((f): f is Field => f !== null)) ? null : { name, passphrase };
}

/** Says `message` next to the repeated passphrase when it differs, and focuses it; true then. */
export function reportMismatch(pass: Field, again: Field, message: string): boolean {
  if (pass.input.value === again.input.value) return false;
  showFieldError(again, message);
  again.input.focus();
  return true;
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

/**
 * The frame of a form: its parts, the form-level alert, the row of buttons, then what comes
 * after (a status line). Checked here, not by the browser (novalidate); never autofilled.
 */
export function formFrame(o: {
  id: string;
  class?: string;
  labelledBy?: string;
  parts: Array<Node | null>;
  alert: HTMLElement;
  buttons: HTMLElement[];
  /** The classes of the row of buttons (default: "actions actions-start"). */
  actions?: string;
  after?: Node[];
}): HTMLFormElement {
  return h("form", { id: o.id, class: o.class ?? "form", attrs: { novalidate: true, autocomplete: "off", "aria-labelledby": o.labelledBy } }, [
    ...o.parts,
    o.alert,
    h("div", { class: o.actions ?? "actions actions-start" }, o.buttons),
    ...(o.after ?? []),
  ]);
}

/** One form's submission to the core: checked here first, sent once at a time, busy meanwhile. */
export interface Submission<T> {
  form: HTMLFormElement;
  button: HTMLButtonElement;
  busyText: string;
  idleText: string;
  /** True once the view has left the screen: nothing more is shown. */
  gone(): boolean;
  /** Clears old messages and checks what was typed; false: nothing is sent. */
  check(): boolean;
  send(): Promise<T>;
  /** Shows the result (only while the view is there). */
  done(result: T): void | Promise<void>;
  /** Shows a failure ("locked" never comes here: the unlock screen takes over). */
  failed(error: IpcError): void;
  /** Whether the button may come out of its busy state (default: while the view is there). */
  idleAgain?(): boolean;
}

export function onSubmit<T>(s: Submission<T>): void {
  let busy = false;
  s.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    if (!s.check()) return;
    busy = true;
    setBusy(s.form, s.button, true, s.busyText, s.idleText);
    try {
      const result = await s.send();
      if (s.gone()) return;
      await s.done(result);
    } catch (e) {
      if (s.gone()) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") s.failed(error);
    } finally {
      busy = false;
      if (s.idleAgain ? s.idleAgain() : !s.gone()) setBusy(s.form, s.button, false, s.busyText, s.idleText);
    }
  });
}

/** A button with a spinner, for actions that take a moment. */
export function busyButton(id: string, text: string, kind: "primary" | "secondary" | "danger" = "primary", type: "button" | "submit" = "button"): HTMLButtonElement {
  return h("button", { id, class: `button button-${kind}`, attrs: { type } }, [
    h("span", { class: kind === "secondary" ? "spinner spinner-dark" : "spinner", attrs: { "aria-hidden": "true" } }),
    h("span", { class: "button-text", text }),
  ]);
}

/** Puts a button (not in a form) into or out of its busy state. */
export function setButtonBusy(button: HTMLButtonElement, busy: boolean, busyText: string, idleText: string): void {
  button.disabled = busy;
  button.classList.toggle("is-busy", busy);
  if (busy) button.setAttribute("aria-busy", "true");
  else button.removeAttribute("aria-busy");
  const label = button.querySelector(".button-text");
  if (label) label.textContent = busy ? busyText : idleText;
}

// ---- Selects, text areas, checkbox groups -----------------------------------------------------

export interface Option {
  value: string;
  label: string;
}

/** Marks a field required: a visible "*" (hidden from screen readers) and aria-required. */
export function markRequired(f: Field): Field {
  const label = f.wrapper.querySelector("label");
  label?.append(" ", h("span", { class: "required-mark", text: "*", attrs: { "aria-hidden": "true" } }));
  f.input.setAttribute("aria-required", "true");
  return f;
}

export function textField(options: FieldOptions & { required?: boolean; value?: string }): Field {
  const f = field(options);
  if (options.value !== undefined) f.input.value = options.value;
  f.input.addEventListener("input", () => clearFieldError(f));
  return options.required ? markRequired(f) : f;
}

/** A labelled select; its `input` is the select (the form helpers only touch attributes). */
export function selectField(options: { id: string; label: string; options: Option[]; value?: string; hint?: string; required?: boolean }): Field {
  const { id, label, hint } = options;
  const select = h(
    "select",
    { id, class: "input select", attrs: { name: id } },
    options.options.map((o) => h("option", { text: o.label, attrs: { value: o.value } })),
  );
  if (options.value !== undefined) select.value = options.value;
  const { wrapper, error } = labelled(id, label, hint, select);
  if (hint) select.setAttribute("aria-describedby", `${id}-hint`);
  const f: Field = { wrapper, input: select as unknown as HTMLInputElement, error };
  select.addEventListener("change", () => {
    clearFieldError(f);
    if (hint) select.setAttribute("aria-describedby", `${id}-hint`);
  });
  return options.required ? markRequired(f) : f;
}

/** A labelled multi-line text input. */
export function textAreaField(options: { id: string; label: string; required?: boolean }): Field {
  const { id, label } = options;
  const area = h("textarea", { id, class: "input textarea", attrs: { name: id, rows: "4", spellcheck: "true" } });
  const { wrapper, error } = labelled(id, label, undefined, area, "field-wide");
  const f: Field = { wrapper, input: area as unknown as HTMLInputElement, error };
  area.addEventListener("input", () => clearFieldError(f));
  return options.required ? markRequired(f) : f;
}

/** A group of checkboxes with one error line; `target` lets ProblemForm use it like a field. */
export interface CheckboxGroup {
  fieldset: HTMLFieldSetElement;
  boxes: HTMLInputElement[];
  checked(): string[];
  target: Target;
}

export interface CheckboxGroupOptions {
  /** The fieldset's id; also the prefix of the boxes' and the error's ids unless `prefix` is given. */
  id?: string;
  prefix?: string;
  name: string;
  legend: string;
  options: Option[];
  required?: boolean;
  /** The values checked at first. */
  checked?: readonly string[];
  /** The classes of the fieldset (after "fieldset") and of the row of boxes. */
  groupClass?: string;
  rowClass?: string;
}

export function checkboxGroup(options: CheckboxGroupOptions): CheckboxGroup {
  const { name, checked = [] } = options;
  const id = options.prefix ?? options.id ?? name;
  const errorId = `${id}-error`;
  const boxes = options.options.map((o) =>
    h("input", { id: `${id}-${o.value}`, attrs: { type: "checkbox", name, value: o.value, checked: checked.includes(o.value) } }),
  );
  const error = h("p", { id: errorId, class: "field-error", attrs: { hidden: true } });
  const legend = h("legend", { class: "label", text: options.legend });
  // A group cannot carry aria-required: screen readers hear "required" from the legend.
  if (options.required) {
    legend.append(
      " ",
      h("span", { class: "required-mark", text: "*", attrs: { "aria-hidden": "true" } }),
      h("span", { class: "visually-hidden", text: ` (${t("field.requiredGroup")})` }),
    );
  }
  const fieldset = h("fieldset", { id: options.id, class: `fieldset ${options.groupClass ?? "choice-group"}` }, [
    legend,
    h(
      "div",
      { class: options.rowClass ?? "choice-row" },
      boxes.map((box, i) => h("div", { class: "checkbox checkbox-inline" }, [box, h("label", { text: options.options[i].label, attrs: { for: box.id } })])),
    ),
    error,
  ]);
  const target: Target = {
    element: boxes[0],
    show(message) {
      error.textContent = message;
      error.hidden = false;
      fieldset.setAttribute("aria-describedby", errorId);
      for (const box of boxes) box.setAttribute("aria-invalid", "true");
    },
    clear() {
      error.textContent = "";
      error.hidden = true;
      fieldset.removeAttribute("aria-describedby");
      for (const box of boxes) box.removeAttribute("aria-invalid");
    },
  };
  for (const box of boxes) box.addEventListener("change", () => target.clear());
  return { fieldset, boxes, checked: () => boxes.filter((b) => b.checked).map((b) => b.value), target };
}

// ---- Problems next to their fields -----------------------------------------------------------

/** Where a problem is shown: `element` takes focus. */
export interface Target {
  element: HTMLElement;
  show(message: string): void;
  clear(): void;
}

export function fieldTarget(f: Field): Target {
  return { element: f.input, show: (m) => showFieldError(f, m), clear: () => clearFieldError(f) };
}

/**
 * The errors of one form. `paths` maps field paths of the payload ("person.sex",
 * "referrals[0].to", "discharged_on") to their targets; what no target takes goes to the alert.
 */
export class ProblemForm {
  readonly alert: HTMLDivElement;

  constructor(
    alertId: string,
    private readonly paths: Record<string, Target>,
  ) {
    this.alert = formAlert(alertId);
  }

  clear(): void {
    this.alert.textContent = "";
    for (const target of new Set(Object.values(this.paths))) target.clear();
  }

  /** Shows one message at a path (client-side checks use this too). */
  showAt(path: string, message: string): Target | null {
    const known = resolvePath(path, (p) => Object.prototype.hasOwnProperty.call(this.paths, p));
    if (known === null) return null;
    this.paths[known].show(message);
    return this.paths[known];
  }

  /**
   * Shows every problem; messages of one field are joined. Focuses and returns the first
   * field in error (in the order of the page), or null when all went to the alert.
   */
  show(error: IpcError): HTMLElement | null {
    this.clear();
    const byTarget = new Map<Target, string[]>();
    const rest: string[] = [];
    for (const { path, message } of problemsOf(error)) {
      const known = resolvePath(path, (p) => Object.prototype.hasOwnProperty.call(this.paths, p));
      if (known === null) {
        rest.push(message);
        continue;
      }
      const target = this.paths[known];
      byTarget.set(target, [...(byTarget.get(target) ?? []), message]);
    }
    for (const [target, messages] of byTarget) target.show(messages.join(" "));
    this.alert.textContent = rest.join(" ");
    return focusFirst([...byTarget.keys()]);
  }
}

/** Focuses the target that comes first on the page. */
export function focusFirst(targets: Target[]): HTMLElement | null {
  const sorted = targets
    .map((x) => x.element)
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const first = sorted[0] ?? null;
  first?.focus();
  return first;
}
