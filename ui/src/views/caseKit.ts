// Building blocks of the case forms: labelled selects and text areas that behave like the
// inputs of form.ts, required marks, a checkbox group, small tables, and `ProblemForm`,
// which puts every problem of a failed save next to its field.
import type { IpcError } from "../bindings/IpcError";
import { problemsOf, resolvePath } from "../caseModel";
import { h } from "../dom";
import { clearFieldError, field, formAlert, showFieldError, type Field, type FieldOptions } from "../form";
import { t } from "../i18n";

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
  const error = h("p", { id: `${id}-error`, class: "field-error", attrs: { hidden: true } });
  const wrapper = h("div", { class: "field" }, [
    h("label", { class: "label", text: label, attrs: { for: id } }),
    hint ? h("p", { id: `${id}-hint`, class: "hint", text: hint }) : null,
    select,
    error,
  ]);
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
  const error = h("p", { id: `${id}-error`, class: "field-error", attrs: { hidden: true } });
  const wrapper = h("div", { class: "field field-wide" }, [h("label", { class: "label", text: label, attrs: { for: id } }), area, error]);
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

export function checkboxGroup(options: { id: string; name: string; legend: string; options: Option[]; required?: boolean }): CheckboxGroup {
  const { id, name } = options;
  const errorId = `${id}-error`;
  const boxes = options.options.map((o) =>
    h("input", { id: `${id}-${o.value}`, attrs: { type: "checkbox", name, value: o.value } }),
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
  const fieldset = h("fieldset", { id, class: "fieldset choice-group" }, [
    legend,
    h(
      "div",
      { class: "choice-row" },
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

// ---- Tables --------------------------------------------------------------------------------

/** A data table with a hidden caption, or the empty note when there are no rows. */
export function dataTable(id: string, caption: string, headers: string[], rows: HTMLTableRowElement[], emptyText: string): HTMLElement {
  if (!rows.length) return h("p", { id: `${id}-empty`, class: "empty-note", text: emptyText });
  return h("div", { class: "table-scroll" }, [
    h("table", { id, class: "data-table case-table" }, [
      h("caption", { class: "visually-hidden", text: caption }),
      h("thead", {}, [h("tr", {}, headers.map((text) => h("th", { text, attrs: { scope: "col" } })))]),
      h("tbody", {}, rows),
    ]),
  ]);
}

/** A cell with a date for the language, or "—". */
export function noneCell(): HTMLElement {
  return h("span", { class: "muted", text: t("caseFile.none") });
}
