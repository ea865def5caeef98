// The case file's header: code, status, the person's name for those who may read it (with
// "Copy"), the caseworker, assigning one (manageIntake), and closing or reopening the case
// (recordServices).
import type { CaseView } from "../../bindings/CaseView";
import { formatCivil, personName, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { busyButton, fieldTarget, focusFirst, ProblemForm, selectField, textField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { wordLabel } from "../../vocab";
import { copier } from "../copy";
import { act, type CaseFileContext } from "./context";

export interface CaseHeader {
  element: HTMLElement;
  render(v: CaseView): void;
  dispose(): void;
}

/** `caseworkers`: the names that may be assigned (loaded for intake and caseworkers only). */
export function caseHeader(ctx: CaseFileContext, caseworkers: () => string[]): CaseHeader {
  const { code } = ctx;
  const header = h("div", { id: "case-header", class: "card case-header" });
  header.hidden = true;
  /** "Copy" beside the name in the header, and its status (kept across redraws). */
  const headerCopy = copier("copy-status");
  const headerCopyParts = h("div", { class: "copy-feedback" }, [headerCopy.status, headerCopy.error]);

  function render(v: CaseView): void {
    const name = v.identity_hidden ? null : personName(v.person);
    const facts = h("dl", { class: "case-facts" }, [
      h("div", {}, [h("dt", { text: t("caseFile.code") }), h("dd", { id: "case-code", class: "mono", text: v.code ?? code })]),
      h("div", {}, [
        h("dt", { text: t("caseFile.status") }),
        h("dd", {}, [
          h("span", { id: "case-status", class: `status-badge status-${v.status}`, text: wordLabel("status", v.status) }),
          v.status === "closed" && v.closed_on ? h("span", { class: "muted case-closed-on", text: ` ${t("caseFile.closedOn", { date: formatCivil(v.closed_on) })}` }) : null,
        ]),
      ]),
      name
        ? h("div", {}, [
            h("dt", { text: t("caseFile.name") }),
            h("dd", { class: "copyable" }, [
              h("span", { id: "case-name", text: name }),
              headerCopy.button({ id: "copy-name", testId: "copy-name", label: "copy.name", value: name }),
              headerCopyParts,
            ]),
          ])
        : null,
      h("div", {}, [
        h("dt", { text: t("caseFile.caseworker") }),
        h("dd", { id: "case-caseworker", class: v.caseworker ? "" : "muted", text: v.caseworker ?? t("caseFile.notAssigned") }),
      ]),
    ]);
    header.replaceChildren(...erasedNotice(v), facts);
    if (ctx.manage) header.append(assignControl(v));
    if (ctx.record || ctx.close) header.append(v.status === "open" ? closeForm() : reopenControl());
  }

  /** "Erased" once the identity is gone (nothing can be changed then); a note after a purge of narratives. */
  function erasedNotice(v: CaseView): HTMLElement[] {
    if (v.erased === "identity") {
      return [
        h("div", { id: "case-erased", class: "notice notice-warning erased-banner", attrs: { role: "status", tabindex: "-1" } }, [
          h("strong", { class: "erased-word", text: t("erase.banner") }),
          " ",
          h("span", { text: t("erase.bannerText") }),
        ]),
      ];
    }
    if (v.erased === "narratives") return [h("p", { id: "case-purged", class: "hint", text: t("erase.purgedNote") })];
    return [];
  }

  /** Assign or unassign the caseworker (intake and caseworkers). */
  function assignControl(v: CaseView): HTMLElement {
    const names = [...new Set([...caseworkers(), ...(v.caseworker ? [v.caseworker] : [])])].sort((a, b) => a.localeCompare(b));
    const select = selectField({
      id: "case-caseworker-select",
      label: t("caseFile.assignLabel"),
      options: [{ value: "", label: t("caseFile.notAssigned") }, ...names.map((n) => ({ value: n, label: n }))],
      value: v.caseworker ?? "",
    });
    const button = busyButton("case-caseworker-save", t("caseFile.assign"), "secondary");
    const problems = new ProblemForm("case-caseworker-error", { caseworker: fieldTarget(select) });
    button.addEventListener("click", () => {
      problems.clear();
      const chosen = select.input.value || null;
      const done = chosen ? t("caseFile.assigned", { name: chosen }) : t("caseFile.unassigned");
      void act(ctx, button, t("caseFile.saving"), t("caseFile.assign"), () => ipc.caseAssignCaseworker(code, chosen), problems, done, () => header.querySelector<HTMLElement>("#case-caseworker-select"));
    });
    return h("div", { id: "case-caseworker-control", class: "case-close" }, [select.wrapper, h("div", { class: "case-close-action" }, [button]), problems.alert]);
  }

  function closeForm(): HTMLElement {
    const on = textField({ id: "case-closed-on", label: t("caseFile.closeDate"), type: "date", value: todayIso(), required: true });
    const button = busyButton("case-close", t("caseFile.close"), "secondary", "submit");
    const problems = new ProblemForm("case-close-error", { closed_on: fieldTarget(on), closedOn: fieldTarget(on) });
    const form = h("form", { id: "case-close-form", class: "case-close", attrs: { novalidate: true } }, [on.wrapper, h("div", { class: "case-close-action" }, [button]), problems.alert]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      problems.clear();
      if (!on.input.value) {
        focusFirst([problems.showAt("closed_on", t("field.required"))!]);
        return;
      }
      void act(ctx, button, t("caseFile.closing"), t("caseFile.close"), () => ipc.caseClose(code, on.input.value), problems, t("caseFile.closed"), () => header.querySelector<HTMLElement>("#case-reopen"));
    });
    return form;
  }

  function reopenControl(): HTMLElement {
    const button = busyButton("case-reopen", t("caseFile.reopen"), "secondary");
    const problems = new ProblemForm("case-reopen-error", {});
    button.addEventListener("click", () => {
      problems.clear();
      void act(ctx, button, t("caseFile.reopening"), t("caseFile.reopen"), () => ipc.caseReopen(code), problems, t("caseFile.reopened"), () => header.querySelector<HTMLElement>("#case-close"));
    });
    return h("div", { class: "case-close" }, [button, problems.alert]);
  }

  return { element: header, render, dispose: () => headerCopy.dispose() };
}
