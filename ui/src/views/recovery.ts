import { h } from "../dom";
import { t } from "../i18n";
import { card, Lifecycle, type View } from "./view";

export interface RecoveryDeps {
  onContinue(): void;
}

/** Splits "ABCD-EFGH-…" into its groups (tolerates spaces instead of dashes). */
export function keyGroups(key: string): string[] {
  return key.split(/[\s-]+/).filter(Boolean);
}

/** Lines of at most `perLine` groups, each line joined with dashes. */
export function keyLines(key: string, perLine = 4): string[] {
  const groups = keyGroups(key);
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += perLine) lines.push(groups.slice(i, i + perLine).join("-"));
  return lines;
}

/** The key, one line per 4 groups; its text (and a copy of it) is the key itself. */
export function recoveryKeyElement(recoveryKey: string, id: string): HTMLElement {
  return h(
    "p",
    { id, class: "recovery-key", attrs: { "aria-label": t("recovery.keyLabel") } },
    // Each line but the last keeps its trailing dash, so the text (and a copy of it) is the key itself.
    keyLines(recoveryKey).map((line, i, lines) =>
      h("span", { class: "recovery-key-line", text: i < lines.length - 1 ? `${line}-` : line }),
    ),
  );
}

export interface RecoveryOptions {
  /** The screen's id (its title is `${id}-title`). */
  id?: string;
  title?: string;
  intro?: string;
  continueText?: string;
}

/**
 * The end of a one-time screen: "Print", "I have stored it" and "Continue", which only works
 * once the box is checked. Ids `${prefix}-print`, `${prefix}-stored`, `${prefix}-continue`.
 */
export function storedAndContinue(prefix: string, text: { print: string; stored: string; continue: string }, onContinue: () => void): { element: HTMLElement; print: HTMLButtonElement } {
  const print = h("button", { id: `${prefix}-print`, class: "button button-secondary no-print", text: text.print, attrs: { type: "button" } });
  const stored = h("input", { id: `${prefix}-stored`, attrs: { type: "checkbox" } });
  const next = h("button", { id: `${prefix}-continue`, class: "button button-primary", text: text.continue, attrs: { type: "button", disabled: true } });
  print.addEventListener("click", () => window.print());
  stored.addEventListener("change", () => {
    next.disabled = !stored.checked;
  });
  next.addEventListener("click", () => {
    if (stored.checked) onContinue();
  });
  const element = h("div", { class: "no-print" }, [
    h("div", { class: "actions actions-start" }, [print]),
    h("div", { class: "checkbox" }, [stored, h("label", { text: text.stored, attrs: { for: `${prefix}-stored` } })]),
    h("div", { class: "actions" }, [next]),
  ]);
  return { element, print };
}

/** Shows a recovery key once: print, "I have stored it", continue. */
export function recoveryView(recoveryKey: string, deps: RecoveryDeps, options: RecoveryOptions = {}): View {
  const keyEl = recoveryKeyElement(recoveryKey, "recovery-key");
  const end = storedAndContinue(
    "recovery",
    { print: t("recovery.print"), stored: t("recovery.stored"), continue: options.continueText ?? t("recovery.continue") },
    () => deps.onContinue(),
  );
  const root = card(
    options.id ?? "recovery-view",
    options.title ?? t("recovery.title"),
    [
      h("p", { id: "recovery-intro", class: "intro", text: options.intro ?? t("recovery.intro") }),
      h("div", { class: "recovery-box" }, [keyEl]),
      h("p", { class: "hint", text: t("recovery.printNote") }),
      end.element,
    ],
    "printable recovery-screen",
  );

  const life = new Lifecycle();
  return life.view({ root, focus: () => end.print.focus(), cleanup: () => keyEl.replaceChildren(), clear: false });
}
