// The language switch (top bar, unlock and first-run screens) and what the app needs to
// redraw a screen in another language without losing what was typed on it.
import type { Language } from "../bindings/Language";
import { h } from "../dom";
import { language, LANGUAGES, setLanguage, t } from "../i18n";

/**
 * Fired (bubbling) by the switch with the chosen code as `detail`; the app listens on its
 * root, so no view has to pass a callback down.
 */
export const LANGUAGE_EVENT = "haven:language";

export const LANGUAGE_SELECT_ID = "language";

/** A labelled select offering each language in its own name, set to the one in use. */
export function languageSwitch(): HTMLElement {
  const select = h(
    "select",
    { id: LANGUAGE_SELECT_ID, class: "input select language-select", attrs: { name: LANGUAGE_SELECT_ID } },
    LANGUAGES.map((l) => h("option", { text: l.name, attrs: { value: l.code, lang: l.code } })),
  );
  select.value = language();
  select.addEventListener("change", () => {
    select.dispatchEvent(new CustomEvent<string>(LANGUAGE_EVENT, { bubbles: true, detail: select.value }));
  });
  return h("div", { class: "language-switch no-print" }, [
    h("label", { class: "language-label", text: t("language.label"), attrs: { for: LANGUAGE_SELECT_ID } }),
    select,
  ]);
}

// ---- Keeping typed values across a redraw ------------------------------------------------------

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

interface Kept {
  id: string;
  value: string;
  checked: boolean;
}

/** Secrets are never copied: passphrase fields are wiped when a view leaves (see dom.ts). */
function keepable(el: Control): boolean {
  if (!el.id || el.id === LANGUAGE_SELECT_ID || el.disabled) return false;
  if (el instanceof HTMLInputElement) {
    if (el.type === "password" || el.type === "file" || el.type === "hidden" || el.hasAttribute("data-secret")) return false;
  }
  return true;
}

/** The values of the form controls below `root`, by id. */
export function snapshotFields(root: ParentNode): Kept[] {
  const kept: Kept[] = [];
  root.querySelectorAll<Control>("input, select, textarea").forEach((el) => {
    if (!keepable(el)) return;
    kept.push({ id: el.id, value: el.value, checked: el instanceof HTMLInputElement ? el.checked : false });
  });
  return kept;
}

/**
 * Puts kept values back into the controls of the same id that now hold something else, and
 * tells the view (an `input` or `change` event) so what depends on them follows. Returns
 * what could not be restored yet (a control not built yet, an option not loaded yet).
 */
export function restoreFields(root: ParentNode, kept: Kept[]): Kept[] {
  const byId = new Map<string, Control>();
  root.querySelectorAll<Control>("input, select, textarea").forEach((el) => {
    if (keepable(el) && !byId.has(el.id)) byId.set(el.id, el);
  });
  const left: Kept[] = [];
  for (const k of kept) {
    const el = byId.get(k.id);
    if (!el) {
      left.push(k);
      continue;
    }
    if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
      if (el.checked === k.checked) continue;
      el.checked = k.checked;
      el.dispatchEvent(new Event("change", { bubbles: true }));
      continue;
    }
    if (el.value === k.value) continue;
    const before = el.value;
    el.value = k.value;
    if (el.value !== k.value) {
      // A select whose option is not there yet: leave it as it was, try again later.
      el.value = before;
      left.push(k);
      continue;
    }
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  }
  return left;
}

/**
 * Disables the switch below `root` while a long task runs (a backup, a restore): a redraw in
 * another language would drop the screen that waits for its result.
 */
export function holdLanguageSwitch(root: ParentNode, held: boolean): void {
  const select = root.querySelector<HTMLSelectElement>(`#${LANGUAGE_SELECT_ID}`);
  if (select) select.disabled = held;
}

/** Uses `code` (unknown codes mean English) and marks the document with it. */
export function applyLanguage(code: string): Language {
  const lang = setLanguage(code) as Language;
  document.documentElement.lang = lang;
  return lang;
}

/**
 * Draws the screen below `root` again with `redraw`, in the language now in use, with what was
 * typed on it (values of controls appearing only once the view has loaded are put back then).
 * Focus returns to the switch, where the user was. `current` is the view on the screen.
 */
export function redrawKeeping(root: HTMLElement, redraw: () => void, current: () => { root: HTMLElement; ready?: Promise<unknown> } | null): void {
  const kept = snapshotFields(root);
  redraw();
  const view = current();
  const left = restoreFields(root, kept);
  root.querySelector<HTMLElement>(`#${LANGUAGE_SELECT_ID}`)?.focus();
  if (view?.ready && left.length) {
    view.ready
      .then(() => {
        if (current() === view) restoreFields(view.root, left);
      })
      .catch(() => {});
  }
}
