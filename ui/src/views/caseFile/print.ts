// "Print a summary": the panel that asks whether to leave the name out, and printing the
// summary section (./summary.ts), which stays in the page only while printing.
import type { CaseView } from "../../bindings/CaseView";
import { personName } from "../../caseModel";
import { h } from "../../dom";
import { t } from "../../i18n";
import type { CaseFileContext } from "./context";
import { printSummary, PRINT_SUMMARY_ID } from "./summary";

export interface PrintTools {
  element: HTMLElement;
  /** Shows the tools once the case is read (the name choice only when there is a name). */
  show(v: CaseView): void;
  /** Takes the summary out of the page (after printing, or when the screen goes). */
  removeSummary(): void;
}

export function printTools(ctx: CaseFileContext, root: () => HTMLElement): PrintTools {
  const printButton = h("button", {
    id: "case-print",
    class: "button button-secondary",
    text: t("print.open"),
    attrs: { type: "button", "aria-expanded": "false", "aria-controls": "case-print-panel" },
  });
  const codeOnly = h("input", { id: "print-code-only", attrs: { type: "checkbox", name: "print-code-only" } });
  codeOnly.checked = true;
  const codeOnlyBox = h("div", { class: "checkbox" }, [codeOnly, h("label", { text: t("print.codeOnly"), attrs: { for: "print-code-only" } })]);
  const printGo = h("button", { id: "print-go", class: "button button-primary", text: t("print.go"), attrs: { type: "button" } });
  const printCancel = h("button", { id: "print-cancel", class: "button button-secondary", text: t("print.cancel"), attrs: { type: "button" } });
  const printPanel = h("div", { id: "case-print-panel", class: "print-panel", attrs: { role: "group", "aria-labelledby": "case-print-panel-title", hidden: true } }, [
    h("h2", { id: "case-print-panel-title", class: "form-title", text: t("print.panelTitle") }),
    h("p", { class: "hint", text: t("print.panelHint") }),
    codeOnlyBox,
    h("div", { class: "actions actions-start" }, [printGo, printCancel]),
  ]);
  const tools = h("div", { id: "case-print-tools", class: "case-print-tools no-print", attrs: { hidden: true } }, [
    h("div", { class: "actions actions-start" }, [printButton]),
    printPanel,
  ]);

  function showPrintPanel(open: boolean, focus: boolean): void {
    printPanel.hidden = !open;
    printButton.setAttribute("aria-expanded", String(open));
    if (!focus) return;
    if (open) (codeOnlyBox.hidden ? printGo : codeOnly).focus();
    else printButton.focus();
  }

  function removeSummary(): void {
    window.removeEventListener("afterprint", removeSummary);
    root().querySelector(`#${PRINT_SUMMARY_ID}`)?.remove();
    root().classList.remove("printable", "printing-summary");
  }

  function printNow(): void {
    const view = ctx.view();
    if (!view || ctx.life.disposed) return;
    removeSummary();
    root().append(printSummary(view, ctx.code, !codeOnly.checked));
    // The screen's section becomes the printed one; styles.css then prints only the summary.
    root().classList.add("printable", "printing-summary");
    window.addEventListener("afterprint", removeSummary);
    showPrintPanel(false, true);
    window.print();
  }

  printButton.addEventListener("click", () => showPrintPanel(printPanel.hidden, true));
  printCancel.addEventListener("click", () => showPrintPanel(false, true));
  printPanel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      showPrintPanel(false, true);
    }
  });
  printGo.addEventListener("click", printNow);

  return {
    element: tools,
    show(v) {
      codeOnlyBox.hidden = v.identity_hidden || personName(v.person) === null;
      tools.hidden = false;
    },
    removeSummary,
  };
}
