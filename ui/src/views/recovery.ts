import { h } from "../dom";
import { t } from "../i18n";
import { card, type View } from "./view";

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

export function recoveryView(recoveryKey: string, deps: RecoveryDeps): View {
  const keyEl = h(
    "p",
    { id: "recovery-key", class: "recovery-key", attrs: { "aria-label": t("recovery.keyLabel") } },
    // Each line but the last keeps its trailing dash, so the text (and a copy of it) is the key itself.
    keyLines(recoveryKey).map((line, i, lines) =>
      h("span", { class: "recovery-key-line", text: i < lines.length - 1 ? `${line}-` : line }),
    ),
  );
  const print = h("button", { id: "recovery-print", class: "button button-secondary no-print", text: t("recovery.print"), attrs: { type: "button" } });
  const stored = h("input", { id: "recovery-stored", attrs: { type: "checkbox" } });
  const next = h("button", { id: "recovery-continue", class: "button button-primary", text: t("recovery.continue"), attrs: { type: "button", disabled: true } });

  const root = card(
    "recovery-view",
    t("recovery.title"),
    [
      h("p", { id: "recovery-intro", class: "intro", text: t("recovery.intro") }),
      h("div", { class: "recovery-box" }, [keyEl]),
      h("p", { class: "hint", text: t("recovery.printNote") }),
      h("div", { class: "no-print" }, [
        h("div", { class: "actions actions-start" }, [print]),
        h("div", { class: "checkbox" }, [stored, h("label", { text: t("recovery.stored"), attrs: { for: "recovery-stored" } })]),
        h("div", { class: "actions" }, [next]),
      ]),
    ],
    "printable",
  );

  print.addEventListener("click", () => window.print());
  stored.addEventListener("change", () => {
    next.disabled = !stored.checked;
  });
  next.addEventListener("click", () => {
    if (stored.checked) deps.onContinue();
  });

  return {
    root,
    focus: () => print.focus(),
    dispose() {
      keyEl.replaceChildren();
    },
  };
}
