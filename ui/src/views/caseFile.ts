// The case file: a header (code, status, the person's name for those who may read it), and
// tabs for the profile and each kind of entry, each with its table and, for users who may
// add entries, its form. After a save the case is read again and the same tab stays open.
import { actionLabel, formatDateTime, outcomeLabel } from "../adminModel";
import type { CaseView } from "../bindings/CaseView";
import type { IpcError } from "../bindings/IpcError";
import type { LogLine } from "../bindings/LogLine";
import type { OrganizationRecord } from "../bindings/OrganizationRecord";
import type { SessionInfo } from "../bindings/SessionInfo";
import { formatAmount, formatCivil, orNull, parseAmount, personName, todayIso } from "../caseModel";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t, type MessageKey } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { caseDocuments, type CaseDocuments } from "./caseDocuments";
import { copier } from "./copy";
import { identificationEditor, personEditor, type EditorDeps, type ProfileEditor } from "./caseProfile";
import { printSummary, PRINT_SUMMARY_ID } from "./casePrint";
import { screen, statusLine, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";
import { canManage, canReadIdentity, canRecord } from "../permissions";
import { wordLabel as word, wordOptions } from "../vocab";
import type { AllowanceKind } from "../bindings/AllowanceKind";
import type { ConsentScope } from "../bindings/ConsentScope";
import type { ReferralStatus } from "../bindings/ReferralStatus";
import type { ServiceKind } from "../bindings/ServiceKind";
import type { TrainingOutcome } from "../bindings/TrainingOutcome";
import { busyButton, type Field, fieldTarget, focusFirst, formAlert, type Option, ProblemForm, selectField, setBusy, setButtonBusy, submitButton, type Target, textAreaField, textField } from "../form";
import { dataTable, noneCell } from "./table";

export type TabName = "profile" | "referrals" | "stays" | "services" | "allowances" | "training" | "employment" | "consent" | "notes" | "documents" | "history";

const ENTRY_TABS: readonly TabName[] = ["profile", "referrals", "stays", "services", "allowances", "training", "employment", "consent"];
const IDENTITY_TABS: readonly TabName[] = ["notes", "documents", "history"];

/** The tabs a user sees: notes, documents and history only with identity access. */
export function tabsFor(session: SessionInfo, identityHidden: boolean): TabName[] {
  return canReadIdentity(session) && !identityHidden ? [...ENTRY_TABS, ...IDENTITY_TABS] : [...ENTRY_TABS];
}

interface Tab {
  name: TabName;
  button: HTMLButtonElement;
  panel: HTMLElement;
  /** Re-filled from the case after every load. */
  list: HTMLElement;
}

const date = (iso: string | null) => (iso ? h("time", { class: "nowrap", text: formatCivil(iso), attrs: { datetime: iso } }) : noneCell());
const text = (value: string | null) => (value && value.trim() ? value : noneCell());
const cells = (...content: Array<Node | string>) => content.map((c) => h("td", {}, [c]));

/** Where the file opens: a tab, and an element to focus once it is loaded (by id). */
export interface CaseFileOptions {
  tab?: TabName;
  focusId?: string;
}

export interface CaseFileView extends View {
  /** The tab open now (to reopen the file on it). */
  tab(): TabName;
}

export function caseFileView(session: SessionInfo, code: string, deps: ScreenDeps, options: CaseFileOptions = {}): CaseFileView {
  const life = new Lifecycle();
  let view: CaseView | null = null;
  let orgs: OrganizationRecord[] = [];
  /** The names that may be assigned (intake and caseworkers only). */
  let caseworkers: string[] = [];
  let docs: CaseDocuments | null = null;
  let tabs: Tab[] = [];
  let selected: TabName = options.tab ?? "profile";
  const manage = canManage(session);
  const record = canRecord(session);

  const loading = h("p", { id: "case-file-loading", class: "hint", text: t("caseFile.loading"), attrs: { role: "status" } });
  const loadError = formAlert("case-file-error");
  const saved = statusLine("case-saved");
  const header = h("div", { id: "case-header", class: "card case-header" });
  header.hidden = true;
  /** "Copy" beside the name in the header, and its status (kept across redraws). */
  const headerCopy = copier("copy-status");
  const headerCopyParts = h("div", { class: "copy-feedback" }, [headerCopy.status, headerCopy.error]);
  const tablist = h("div", { id: "case-tabs", class: "tabs", attrs: { role: "tablist", "aria-label": t("caseFile.tabs") } });
  const panels = h("div", { class: "tab-panels" });
  const body = h("div", { id: "case-body", class: "case-body", attrs: { hidden: true } }, [tablist, panels]);

  // ---- Header, with close and reopen for caseworkers -----------------------------------------
  function renderHeader(v: CaseView): void {
    const name = v.identity_hidden ? null : personName(v.person);
    const facts = h("dl", { class: "case-facts" }, [
      h("div", {}, [h("dt", { text: t("caseFile.code") }), h("dd", { id: "case-code", class: "mono", text: v.code ?? code })]),
      h("div", {}, [
        h("dt", { text: t("caseFile.status") }),
        h("dd", {}, [
          h("span", { id: "case-status", class: `status-badge status-${v.status}`, text: word("status", v.status) }),
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
    header.replaceChildren(facts);
    if (manage) header.append(assignControl(v));
    if (record) header.append(v.status === "open" ? closeForm() : reopenControl());
  }

  /** Assign or unassign the caseworker (intake and caseworkers). */
  function assignControl(v: CaseView): HTMLElement {
    const names = [...new Set([...caseworkers, ...(v.caseworker ? [v.caseworker] : [])])].sort((a, b) => a.localeCompare(b));
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
      void act(button, t("caseFile.saving"), t("caseFile.assign"), () => ipc.caseAssignCaseworker(code, chosen), problems, done, () => header.querySelector<HTMLElement>("#case-caseworker-select"));
    });
    return h("div", { id: "case-caseworker-control", class: "case-close" }, [select.wrapper, h("div", { class: "case-close-action" }, [button]), problems.alert]);
  }

  // ---- Print view of a summary ----------------------------------------------------------------------
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
  const printTools = h("div", { id: "case-print-tools", class: "case-print-tools no-print", attrs: { hidden: true } }, [
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

  /** Takes the summary out of the page (after printing, or when the screen goes). */
  function removeSummary(): void {
    window.removeEventListener("afterprint", removeSummary);
    root.querySelector(`#${PRINT_SUMMARY_ID}`)?.remove();
    root.classList.remove("printable", "printing-summary");
  }

  function printNow(): void {
    if (!view || life.disposed) return;
    removeSummary();
    root.append(printSummary(view, code, !codeOnly.checked));
    // The screen's section becomes the printed one; styles.css then prints only the summary.
    root.classList.add("printable", "printing-summary");
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
      void act(button, t("caseFile.closing"), t("caseFile.close"), () => ipc.caseClose(code, on.input.value), problems, t("caseFile.closed"), () => header.querySelector<HTMLElement>("#case-reopen"));
    });
    return form;
  }

  function reopenControl(): HTMLElement {
    const button = busyButton("case-reopen", t("caseFile.reopen"), "secondary");
    const problems = new ProblemForm("case-reopen-error", {});
    button.addEventListener("click", () => {
      problems.clear();
      void act(button, t("caseFile.reopening"), t("caseFile.reopen"), () => ipc.caseReopen(code), problems, t("caseFile.reopened"), () => header.querySelector<HTMLElement>("#case-close"));
    });
    return h("div", { class: "case-close" }, [button, problems.alert]);
  }

  /** A button action (not an add form): busy, call, reload, announce; errors in `problems`. */
  async function act(button: HTMLButtonElement, busyText: string, idleText: string, call: () => Promise<unknown>, problems: ProblemForm, done: string, focus: () => HTMLElement | null): Promise<void> {
    if (button.disabled) return;
    setButtonBusy(button, true, busyText, idleText);
    saved.textContent = "";
    try {
      await call();
      if (life.disposed) return;
      if (await reload()) {
        saved.textContent = done;
        (focus() ?? currentTab()?.panel)?.focus();
      }
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      if (!problems.show(error)) button.focus();
    } finally {
      if (button.isConnected) setButtonBusy(button, false, busyText, idleText);
    }
  }

  // ---- Tabs ------------------------------------------------------------------------------------
  function currentTab(): Tab | undefined {
    return tabs.find((x) => x.name === selected);
  }

  function select(name: TabName, focus: boolean): void {
    selected = name;
    for (const tab of tabs) {
      const on = tab.name === name;
      tab.button.setAttribute("aria-selected", String(on));
      tab.button.tabIndex = on ? 0 : -1;
      tab.panel.hidden = !on;
    }
    if (focus) currentTab()?.button.focus();
    if (name === "history") void loadHistory();
    if (name === "documents") void docs?.load();
  }

  function buildTabs(names: TabName[]): void {
    tabs = names.map((name) => {
      const button = h("button", {
        id: `tab-${name}`,
        class: "tab",
        text: t(`caseFile.tab.${name}` as MessageKey),
        attrs: { type: "button", role: "tab", "aria-controls": `panel-${name}`, "aria-selected": "false", tabindex: "-1" },
      });
      button.addEventListener("click", () => select(name, false));
      const list = h("div", { id: `${name}-list`, class: "tab-list" });
      const panel = h("section", { id: `panel-${name}`, class: "card tab-panel", attrs: { role: "tabpanel", "aria-labelledby": `tab-${name}`, tabindex: "0", hidden: true } }, [list]);
      if (name === "documents") {
        docs = caseDocuments(code, manage);
        panel.replaceChildren(...docs.parts);
      }
      const form = formFor(name);
      if (form) panel.append(form);
      tablist.append(button);
      panels.append(panel);
      return { name, button, panel, list };
    });
    tablist.addEventListener("keydown", (event) => {
      const i = tabs.findIndex((x) => x.button === document.activeElement);
      if (i < 0) return;
      let next = -1;
      if (event.key === "ArrowRight") next = (i + 1) % tabs.length;
      else if (event.key === "ArrowLeft") next = (i - 1 + tabs.length) % tabs.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = tabs.length - 1;
      if (next < 0) return;
      event.preventDefault();
      select(tabs[next].name, true);
    });
    select(names.includes(selected) ? selected : "profile", false);
  }

  // ---- Lists -----------------------------------------------------------------------------------
  function renderLists(v: CaseView): void {
    for (const tab of tabs) {
      if (tab.name === "history" || tab.name === "documents") continue;
      tab.list.replaceChildren(...listFor(tab.name, v));
    }
  }

  function listFor(name: TabName, v: CaseView): Node[] {
    switch (name) {
      case "profile":
        return [profile(v)];
      case "referrals":
        return [
          dataTable(
            "referrals-table",
            t("caseFile.tab.referrals"),
            [t("caseFile.col.date"), t("caseFile.col.to"), t("caseFile.col.status"), ...(manage ? [t("caseFile.col.change")] : [])],
            v.referrals.map((r, i) =>
              h("tr", { attrs: { "data-index": String(i) } }, [
                ...cells(date(r.date), r.to, word("referral", r.status)),
                ...(manage ? [h("td", {}, [referralStatusControl(v, i)])] : []),
              ]),
            ),
            t("caseFile.empty.referrals"),
          ),
        ];
      case "stays":
        return [
          dataTable(
            "stays-table",
            t("caseFile.tab.stays"),
            [t("caseFile.col.shelter"), t("caseFile.col.admittedOn"), t("caseFile.col.bed"), t("caseFile.col.dischargedOn"), ...(manage ? [t("caseFile.col.discharge")] : [])],
            v.shelter_stays.map((s, i) =>
              h("tr", { attrs: { "data-index": String(i) } }, [
                ...cells(s.shelter, date(s.admitted_on), text(v.entry_ids.beds[i] ?? null), s.discharged_on ? date(s.discharged_on) : h("span", { class: "in-shelter", text: t("caseFile.inShelter") })),
                ...(manage ? [h("td", {}, s.discharged_on ? [] : [dischargeControl(v, i)])] : []),
              ]),
            ),
            t("caseFile.empty.stays"),
          ),
        ];
      case "services":
        return [
          dataTable("services-table", t("caseFile.tab.services"), [t("caseFile.col.kind"), t("caseFile.col.date"), t("caseFile.col.provider")],
            v.services.map((s) => h("tr", {}, cells(word("service", s.kind), date(s.date), text(s.provider)))), t("caseFile.empty.services")),
        ];
      case "allowances":
        return [
          dataTable("allowances-table", t("caseFile.tab.allowances"), [t("caseFile.col.date"), t("caseFile.col.amount"), t("caseFile.col.kind")],
            v.allowances.map((a) => h("tr", {}, [h("td", {}, [date(a.date)]), h("td", { class: "num", text: formatAmount(a.amount, a.currency) }), h("td", { text: word("allowance", a.kind) })])),
            t("caseFile.empty.allowances")),
        ];
      case "training":
        return [
          dataTable("training-table", t("caseFile.tab.training"),
            [t("caseFile.col.course"), t("caseFile.col.provider"), t("caseFile.col.startedOn"), t("caseFile.col.endedOn"), t("caseFile.col.outcome")],
            v.trainings.map((x) => h("tr", {}, cells(x.course, text(x.provider), date(x.started_on), date(x.ended_on), word("training", x.outcome)))),
            t("caseFile.empty.training")),
        ];
      case "employment":
        return [
          dataTable("employment-table", t("caseFile.tab.employment"), [t("caseFile.col.employer"), t("caseFile.col.startedOn"), t("caseFile.col.endedOn")],
            v.employments.map((x) => h("tr", {}, cells(x.employer, date(x.started_on), date(x.ended_on)))), t("caseFile.empty.employment")),
        ];
      case "consent":
        return [
          dataTable("consent-table", t("caseFile.tab.consent"), [t("caseFile.col.scope"), t("caseFile.col.givenOn"), t("caseFile.col.expiresOn")],
            v.consents.map((x) => h("tr", {}, cells(word("consent", x.scope), date(x.given_on), date(x.expires_on)))), t("caseFile.empty.consent")),
        ];
      case "notes":
        return [
          dataTable("notes-table", t("caseFile.tab.notes"), [t("caseFile.col.date"), t("caseFile.col.text")],
            v.notes.map((x) => h("tr", {}, [h("td", {}, [date(x.date)]), h("td", { class: "note-text", text: x.text })])), t("caseFile.empty.notes")),
        ];
      case "documents":
      case "history":
        return [];
    }
  }

  // ---- Profile: the person and the identification, each with its edit form -------------------
  // Built once, so a form keeps what was typed when the case is read again; the facts are
  // redrawn after every load. Only intake and caseworkers may edit (never supervisors).
  const profileHidden = h("p", { id: "profile-identity-hidden", class: "hint", text: t("caseFile.profile.identityHidden"), attrs: { hidden: true } });
  const personFacts = h("dl", { id: "profile-person-facts", class: "profile-facts" });
  const identificationFacts = h("dl", { id: "profile-identification-facts", class: "profile-facts" });
  const editorDeps = (facts: HTMLElement): EditorDeps => ({
    code,
    facts,
    current: () => view,
    disposed: () => life.disposed,
    clearStatus: () => { saved.textContent = ""; },
    async afterSave(done, focus) {
      if (!(await reload())) return;
      saved.textContent = done;
      focus.focus();
    },
  });
  const personEdit = manage ? personEditor(editorDeps(personFacts)) : null;
  const identificationEdit = manage ? identificationEditor(editorDeps(identificationFacts)) : null;
  const profileSection = (name: string, title: string, facts: HTMLElement, editor: ProfileEditor | null) =>
    h("section", { id: `profile-${name}`, class: "profile-section", attrs: { "aria-labelledby": `profile-${name}-title` } }, [
      h("div", { class: "profile-section-top" }, [h("h3", { id: `profile-${name}-title`, class: "form-title", text: title }), editor?.button]),
      facts,
      editor?.form,
    ]);
  /** "Copy" beside the phone number and the source system's reference. */
  const profileCopy = copier("profile-copy-status");
  const profileRoot = h("div", { id: "profile-facts", class: "profile" }, [
    profileHidden,
    profileSection("person", t("caseFile.profile.personTitle"), personFacts, personEdit),
    profileSection("identification", t("caseFile.profile.identificationTitle"), identificationFacts, identificationEdit),
    h("div", { class: "copy-feedback" }, [profileCopy.status, profileCopy.error]),
  ]);
  /** An identifying value with its "Copy" button; "—" when there is none. */
  const copyable = (what: "phone" | "ref", value: string | null): Node => {
    if (!value || !value.trim()) return noneCell();
    const button = profileCopy.button({ id: `copy-${what}`, testId: `copy-${what}`, label: `copy.${what}`, value });
    return h("span", { class: "copyable" }, [h("span", { id: `profile-${what}`, text: value }), button]);
  };

  const factRows = (rows: Array<[string, Node | string]>) => rows.map(([dt, dd]) => h("div", {}, [h("dt", { text: dt }), h("dd", {}, [dd])]));

  function profile(v: CaseView): HTMLElement {
    const p = v.person;
    const rows: Array<[string, Node | string]> = [];
    if (!v.identity_hidden) {
      rows.push([t("caseFile.profile.givenName"), text(p.given_name)], [t("caseFile.profile.familyName"), text(p.family_name)]);
      rows.push([t("caseFile.profile.aliases"), p.aliases.length ? p.aliases.join(", ") : noneCell()]);
    }
    rows.push([t("caseFile.profile.sex"), word("sex", p.sex)]);
    if (!v.identity_hidden) rows.push([t("caseFile.profile.birthDate"), date(p.birth_date)]);
    if (p.age_at_identification !== null) rows.push([t("caseFile.profile.age"), String(p.age_at_identification)]);
    rows.push([t("caseFile.profile.citizenship"), text(p.citizenship)]);
    if (p.languages.length) rows.push([t("caseFile.profile.languages"), p.languages.join(", ")]);
    if (!v.identity_hidden) rows.push([t("caseFile.profile.phone"), copyable("phone", p.phone)]);
    personFacts.replaceChildren(...factRows(rows));
    const identification: Array<[string, Node | string]> = [
      [t("caseFile.profile.identifiedOn"), date(v.identified_on)],
      [t("caseFile.profile.identifiedBy"), v.identified_by ? word("identifiedBy", v.identified_by) : noneCell()],
      [t("caseFile.profile.recognition"), word("recognition", v.recognition)],
      [t("caseFile.profile.exploitation"), v.exploitation.map((x) => word("exploitation", x)).join(", ") || noneCell()],
      [t("caseFile.profile.country"), text(v.country_of_exploitation)],
    ];
    if (!v.identity_hidden && v.ref) identification.push([t("caseFile.profile.ref"), copyable("ref", v.ref)]);
    identificationFacts.replaceChildren(...factRows(identification));
    profileHidden.hidden = !v.identity_hidden;
    // A record without its names is never sent back: it would erase them.
    if (personEdit) {
      if (v.identity_hidden) personEdit.close(false);
      personEdit.button.hidden = v.identity_hidden || personEdit.isOpen();
    }
    return profileRoot;
  }

  // ---- Row controls: a referral's status, a stay's discharge ---------------------------------------
  function referralStatusControl(v: CaseView, i: number): HTMLElement {
    const r = v.referrals[i];
    const label = t("caseFile.referralStatusFor", { to: r.to, date: formatCivil(r.date) });
    const status = selectField({ id: `referral-${i}-status`, label, options: wordOptions("referral"), value: r.status });
    status.wrapper.querySelector("label")?.classList.add("visually-hidden");
    const button = busyButton(`referral-${i}-update`, t("caseFile.referralUpdate"), "secondary");
    button.classList.add("button-small");
    button.setAttribute("aria-label", t("caseFile.referralUpdateFor", { to: r.to, date: formatCivil(r.date) }));
    const problems = new ProblemForm(`referral-${i}-error`, { status: fieldTarget(status), referral: fieldTarget(status) });
    button.addEventListener("click", () => {
      problems.clear();
      const id = v.entry_ids.referrals[i];
      const value = status.input.value as ReferralStatus;
      void act(button, t("caseFile.saving"), t("caseFile.referralUpdate"), () => ipc.caseSetReferralStatus(code, id, value), problems, t("caseFile.saved.referralStatus"), () => null);
    });
    return h("div", { class: "row-control" }, [status.wrapper, button, problems.alert]);
  }

  function dischargeControl(v: CaseView, i: number): HTMLElement {
    const s = v.shelter_stays[i];
    const on = textField({ id: `stay-${i}-discharged-on`, label: t("caseFile.dischargeOnFor", { shelter: s.shelter }), type: "date", value: todayIso() });
    on.wrapper.querySelector("label")?.classList.add("visually-hidden");
    const button = busyButton(`stay-${i}-discharge`, t("caseFile.discharge"), "secondary");
    button.classList.add("button-small");
    button.setAttribute("aria-label", t("caseFile.dischargeFor", { shelter: s.shelter }));
    const problems = new ProblemForm(`stay-${i}-error`, { discharged_on: fieldTarget(on), dischargedOn: fieldTarget(on) });
    button.addEventListener("click", () => {
      problems.clear();
      if (!on.input.value) {
        focusFirst([problems.showAt("discharged_on", t("field.required"))!]);
        return;
      }
      const id = v.entry_ids.shelter_stays[i];
      void act(button, t("caseFile.saving"), t("caseFile.discharge"), () => ipc.caseDischarge(code, id, on.input.value), problems, t("caseFile.saved.discharged"), () => null);
    });
    return h("div", { class: "row-control" }, [on.wrapper, button, problems.alert]);
  }

  // ---- Add forms -------------------------------------------------------------------------------------
  const orgOptions = (keep: (o: OrganizationRecord) => boolean): Option[] =>
    orgs.filter(keep).sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ value: o.name, label: o.name }));
  const choose = (): Option => ({ value: "", label: t("intake.choose") });
  const dateField = (id: string, label: MessageKey, required: boolean, value = "") => textField({ id, label: t(label), type: "date", required, value });

  interface AddSpec {
    tab: TabName;
    formId: string;
    fields: Array<Field | HTMLElement>;
    paths: Record<string, Target>;
    /** Required fields as [path, field]; checked before anything is sent. */
    required: Array<[string, Field]>;
    /** Extra checks; returns the targets in error. */
    check?(problems: ProblemForm): Array<Target | null>;
    send(): Promise<unknown>;
    reset(): void;
    /** Handles an error before the usual display (admission over capacity); true when done. */
    special?(error: IpcError, problems: ProblemForm): boolean;
  }

  function addForm(spec: AddSpec): HTMLFormElement {
    const { tab, formId } = spec;
    const saveText = t(`caseFile.save.${tab}` as MessageKey);
    const button = submitButton(`${tab}-save`, saveText);
    const problems = new ProblemForm(`${formId}-error`, spec.paths);
    const titleId = `${formId}-title`;
    const form = h("form", { id: formId, class: "form add-form", attrs: { novalidate: true, autocomplete: "off", "aria-labelledby": titleId } }, [
      h("h3", { id: titleId, class: "form-title", text: t(`caseFile.add.${tab}` as MessageKey) }),
      h("div", { class: "form-grid" }, spec.fields.map((f) => (f instanceof HTMLElement ? f : f.wrapper))),
      problems.alert,
      h("div", { class: "actions actions-start" }, [button]),
    ]);
    const first = () => form.querySelector<HTMLElement>("input, select, textarea");
    let busy = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      problems.clear();
      saved.textContent = "";
      const local: Array<Target | null> = spec.required.filter(([, f]) => !f.input.value.trim()).map(([path]) => problems.showAt(path, t("field.required")));
      local.push(...(spec.check?.(problems) ?? []));
      const inError = local.filter((x): x is Target => x !== null);
      if (inError.length) {
        focusFirst(inError);
        return;
      }
      busy = true;
      setBusy(form, button, true, t("caseFile.saving"), saveText);
      try {
        await spec.send();
        if (life.disposed) return;
        spec.reset();
        if (await reload()) {
          saved.textContent = t(`caseFile.saved.${tab}` as MessageKey);
          first()?.focus();
        }
      } catch (e) {
        if (life.disposed) return;
        const error = toIpcError(e);
        if (error.kind === "locked") return;
        if (spec.special?.(error, problems)) return;
        if (!problems.show(error)) button.focus();
      } finally {
        busy = false;
        if (!life.disposed) setBusy(form, button, false, t("caseFile.saving"), saveText);
      }
    });
    return form;
  }

  function formFor(name: TabName): HTMLFormElement | null {
    switch (name) {
      case "referrals": {
        if (!manage) return null;
        const to = selectField({ id: "referrals-to", label: t("caseFile.field.to"), options: [choose(), ...orgOptions(() => true)], required: true });
        const on = dateField("referrals-date", "caseFile.field.date", true, todayIso());
        const status = selectField({ id: "referrals-status", label: t("caseFile.field.status"), options: wordOptions("referral"), value: "pending" });
        return addForm({
          tab: name, formId: "referrals-form", fields: [to, on, status],
          paths: { to: fieldTarget(to), date: fieldTarget(on), status: fieldTarget(status) },
          required: [["to", to], ["date", on]],
          send: () => ipc.caseAddReferral(code, { to: to.input.value, date: on.input.value, status: status.input.value as ReferralStatus }),
          reset: () => { to.input.value = ""; on.input.value = todayIso(); status.input.value = "pending"; },
        });
      }
      case "stays": {
        if (!manage) return null;
        const shelter = selectField({ id: "stays-shelter", label: t("caseFile.field.shelter"), options: [choose(), ...orgOptions((o) => o.kind === "shelter")], required: true });
        const on = dateField("stays-admitted-on", "caseFile.field.admittedOn", true, todayIso());
        const bed = textField({ id: "stays-bed", label: t("caseFile.field.bed") });
        const over = h("input", { id: "stays-over-capacity", attrs: { type: "checkbox", name: "stays-over-capacity" } });
        const overBox = h("div", { id: "stays-over-capacity-field", class: "checkbox checkbox-inline field-wide", attrs: { hidden: true } }, [
          over,
          h("label", { text: t("caseFile.field.overCapacity"), attrs: { for: "stays-over-capacity" } }),
        ]);
        const hideOver = () => { over.checked = false; overBox.hidden = true; };
        shelter.input.addEventListener("change", hideOver);
        return addForm({
          tab: name, formId: "stays-admit-form", fields: [shelter, on, bed, overBox],
          paths: { shelter: fieldTarget(shelter), admitted_on: fieldTarget(on), bed: fieldTarget(bed) },
          required: [["shelter", shelter], ["admitted_on", on]],
          send: () => ipc.caseAdmit(code, { shelter: shelter.input.value, admitted_on: on.input.value, bed: orNull(bed.input.value), over_capacity: over.checked }),
          reset: () => { shelter.input.value = ""; on.input.value = todayIso(); bed.input.value = ""; hideOver(); },
          special(error, problems) {
            // A full shelter: say so at the shelter and offer "admit anyway".
            const chosen = orgs.find((o) => o.name === shelter.input.value);
            const atShelter = error.field === "shelter" || error.problems.some((p) => p.path === "shelter");
            if (error.kind !== "invalid" || !atShelter || !chosen || chosen.capacity === null || over.checked) return false;
            problems.show(error);
            overBox.hidden = false;
            over.focus();
            return true;
          },
        });
      }
      case "services": {
        if (!record) return null;
        const kind = selectField({ id: "services-kind", label: t("caseFile.field.kind"), options: [choose(), ...wordOptions("service")], required: true });
        const on = dateField("services-date", "caseFile.field.date", true, todayIso());
        const provider = selectField({ id: "services-provider", label: t("caseFile.field.provider"), options: [{ value: "", label: t("caseFile.noneOption") }, ...orgOptions(() => true)] });
        return addForm({
          tab: name, formId: "services-form", fields: [kind, on, provider],
          paths: { kind: fieldTarget(kind), date: fieldTarget(on), provider: fieldTarget(provider) },
          required: [["kind", kind], ["date", on]],
          send: () => ipc.caseRecordService(code, { kind: kind.input.value as ServiceKind, date: on.input.value, provider: orNull(provider.input.value) }),
          reset: () => { kind.input.value = ""; on.input.value = todayIso(); provider.input.value = ""; },
        });
      }
      case "allowances": {
        if (!record) return null;
        const on = dateField("allowances-date", "caseFile.field.date", true, todayIso());
        const amount = textField({ id: "allowances-amount", label: t("caseFile.field.amount"), hint: t("caseFile.field.amountHint"), required: true });
        amount.input.inputMode = "decimal";
        const currency = textField({ id: "allowances-currency", label: t("caseFile.field.currency"), hint: t("caseFile.field.currencyHint"), required: true, value: "AZN" });
        currency.input.maxLength = 3;
        currency.input.classList.add("input-code");
        const kind = selectField({ id: "allowances-kind", label: t("caseFile.field.kind"), options: wordOptions("allowance"), value: "one_time" });
        return addForm({
          tab: name, formId: "allowances-form", fields: [on, amount, currency, kind],
          paths: { date: fieldTarget(on), amount: fieldTarget(amount), currency: fieldTarget(currency), kind: fieldTarget(kind) },
          required: [["date", on], ["amount", amount], ["currency", currency]],
          check: (problems) => [amount.input.value.trim() && parseAmount(amount.input.value) === null ? problems.showAt("amount", t("caseFile.field.amountInvalid")) : null],
          send: () => ipc.caseRecordAllowance(code, {
            date: on.input.value,
            amount: parseAmount(amount.input.value) ?? amount.input.value.trim(),
            currency: currency.input.value.trim().toUpperCase(),
            kind: kind.input.value as AllowanceKind,
          }),
          reset: () => { on.input.value = todayIso(); amount.input.value = ""; currency.input.value = "AZN"; kind.input.value = "one_time"; },
        });
      }
      case "training": {
        if (!record) return null;
        const course = textField({ id: "training-course", label: t("caseFile.field.course"), required: true });
        const provider = textField({ id: "training-provider", label: t("caseFile.field.trainingProvider") });
        const started = dateField("training-started-on", "caseFile.field.startedOn", true, todayIso());
        const ended = dateField("training-ended-on", "caseFile.field.endedOn", false);
        const outcome = selectField({ id: "training-outcome", label: t("caseFile.field.outcome"), options: wordOptions("training"), value: "enrolled" });
        return addForm({
          tab: name, formId: "training-form", fields: [course, provider, started, ended, outcome],
          paths: { course: fieldTarget(course), provider: fieldTarget(provider), started_on: fieldTarget(started), ended_on: fieldTarget(ended), outcome: fieldTarget(outcome) },
          required: [["course", course], ["started_on", started]],
          send: () => ipc.caseRecordTraining(code, {
            course: course.input.value.trim(),
            provider: orNull(provider.input.value),
            started_on: started.input.value,
            ended_on: orNull(ended.input.value),
            outcome: outcome.input.value as TrainingOutcome,
          }),
          reset: () => { course.input.value = ""; provider.input.value = ""; started.input.value = todayIso(); ended.input.value = ""; outcome.input.value = "enrolled"; },
        });
      }
      case "employment": {
        if (!record) return null;
        const employer = textField({ id: "employment-employer", label: t("caseFile.field.employer"), required: true });
        const started = dateField("employment-started-on", "caseFile.field.startedOn", true, todayIso());
        const ended = dateField("employment-ended-on", "caseFile.field.endedOn", false);
        return addForm({
          tab: name, formId: "employment-form", fields: [employer, started, ended],
          paths: { employer: fieldTarget(employer), started_on: fieldTarget(started), ended_on: fieldTarget(ended) },
          required: [["employer", employer], ["started_on", started]],
          send: () => ipc.caseRecordEmployment(code, { employer: employer.input.value.trim(), started_on: started.input.value, ended_on: orNull(ended.input.value) }),
          reset: () => { employer.input.value = ""; started.input.value = todayIso(); ended.input.value = ""; },
        });
      }
      case "consent": {
        if (!record) return null;
        const scope = selectField({ id: "consent-scope", label: t("caseFile.field.scope"), options: [choose(), ...wordOptions("consent")], required: true });
        const given = dateField("consent-given-on", "caseFile.field.givenOn", true, todayIso());
        const expires = dateField("consent-expires-on", "caseFile.field.expiresOn", false);
        return addForm({
          tab: name, formId: "consent-form", fields: [scope, given, expires],
          paths: { scope: fieldTarget(scope), given_on: fieldTarget(given), expires_on: fieldTarget(expires) },
          required: [["scope", scope], ["given_on", given]],
          send: () => ipc.caseAddConsent(code, { scope: scope.input.value as ConsentScope, given_on: given.input.value, expires_on: orNull(expires.input.value) }),
          reset: () => { scope.input.value = ""; given.input.value = todayIso(); expires.input.value = ""; },
        });
      }
      case "notes": {
        if (!record) return null;
        const on = dateField("notes-date", "caseFile.field.date", true, todayIso());
        const body = textAreaField({ id: "notes-text", label: t("caseFile.field.text"), required: true });
        return addForm({
          tab: name, formId: "notes-form", fields: [on, body],
          paths: { date: fieldTarget(on), text: fieldTarget(body) },
          required: [["date", on], ["text", body]],
          send: () => ipc.caseAddNote(code, { date: on.input.value, text: body.input.value.trim() }),
          reset: () => { on.input.value = todayIso(); body.input.value = ""; },
        });
      }
      default:
        return null;
    }
  }

  // ---- History (identity readers only; read each time the tab opens) ---------------------------------
  let historySeq = 0;
  async function loadHistory(): Promise<void> {
    const tab = tabs.find((x) => x.name === "history");
    if (!tab) return;
    const seq = ++historySeq;
    tab.list.setAttribute("aria-busy", "true");
    if (!tab.list.firstChild) tab.list.append(h("p", { class: "hint", text: t("caseFile.historyLoading") }));
    try {
      const lines = await ipc.caseHistory(code);
      if (life.disposed || seq !== historySeq) return;
      tab.list.replaceChildren(
        dataTable(
          "history-table",
          t("caseFile.tab.history"),
          [t("caseFile.col.time"), t("caseFile.col.user"), t("caseFile.col.action"), t("caseFile.col.detail")],
          lines.map(historyRow),
          t("caseFile.empty.history"),
        ),
      );
    } catch (e) {
      if (life.disposed || seq !== historySeq) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") tab.list.replaceChildren(h("p", { id: "history-error", class: "form-alert", text: errorMessage(error), attrs: { role: "alert" } }));
    } finally {
      if (!life.disposed && seq === historySeq) tab.list.removeAttribute("aria-busy");
    }
  }

  function historyRow(l: LogLine): HTMLTableRowElement {
    const failed = l.outcome !== "ok";
    return h("tr", { attrs: { "data-seq": String(l.seq) } }, [
      h("td", { class: "nowrap" }, [h("time", { text: formatDateTime(l.at), attrs: { datetime: l.at } })]),
      h("td", {}, [l.user ?? noneCell()]),
      h("td", { attrs: { "data-action": l.action } }, [
        actionLabel(l.action),
        failed ? h("span", { class: "outcome-failed", text: ` (${outcomeLabel(l.outcome)})` }) : null,
      ]),
      h("td", { class: "detail", text: l.detail ?? "" }),
    ]);
  }

  // ---- Loading -----------------------------------------------------------------------------------------
  /** Reads the case again and redraws the header and the lists; false when it failed. */
  async function reload(): Promise<boolean> {
    try {
      const v = await ipc.caseShow(code);
      if (life.disposed) return false;
      view = v;
      renderHeader(v);
      renderLists(v);
      if (selected === "history") void loadHistory();
      return true;
    } catch (e) {
      if (life.disposed) return false;
      const error = toIpcError(e);
      if (error.kind !== "locked") loadError.textContent = errorMessage(error);
      return false;
    }
  }

  async function start(): Promise<void> {
    const orgsWanted = manage || record;
    const [shown, orgList, workers] = await Promise.allSettled([
      ipc.caseShow(code),
      orgsWanted ? ipc.organizationsList() : Promise.resolve([]),
      manage ? ipc.caseworkersList() : Promise.resolve([]),
    ]);
    if (life.disposed) return;
    loading.hidden = true;
    if (shown.status === "rejected") {
      const error = toIpcError(shown.reason);
      if (error.kind !== "locked") loadError.textContent = errorMessage(error);
      return;
    }
    if (orgList.status === "fulfilled") orgs = orgList.value;
    else {
      const error = toIpcError(orgList.reason);
      if (error.kind !== "locked") loadError.textContent = t("intake.orgsFailed", { message: errorMessage(error) });
    }
    if (workers.status === "fulfilled") caseworkers = workers.value;
    else {
      const error = toIpcError(workers.reason);
      if (error.kind !== "locked") loadError.textContent = t("caseFile.caseworkersFailed", { message: errorMessage(error) });
    }
    view = shown.value;
    buildTabs(tabsFor(session, view.identity_hidden));
    renderHeader(view);
    renderLists(view);
    header.hidden = false;
    body.hidden = false;
    codeOnlyBox.hidden = view.identity_hidden || personName(view.person) === null;
    printTools.hidden = false;
    if (options.focusId) {
      // E.g. the discharge date of a stay, when opened from the shelter board. When that
      // control is not there (already discharged, or not this user's to change), the tab.
      const target = panels.querySelector<HTMLElement>(`[id="${options.focusId}"]`) ?? currentTab()?.button;
      target?.focus();
    }
  }

  const { root, title } = screen(
    "case-file",
    session,
    deps,
    { title: code, intro: t("caseFile.intro"), back: t("caseFile.back") },
    [loading, loadError, header, printTools, saved, body],
  );
  title.classList.add("mono");

  const ready = start();

  return life.view(
    {
      root,
      focus: () => title.focus(),
      ready,
      cleanup: () => {
        docs?.dispose();
        headerCopy.dispose();
        profileCopy.dispose();
        removeSummary();
      },
    },
    { tab: () => selected },
  );
}
