// The case file: a header (code, status, the person's name for those who may read it), and
// tabs for the profile and each kind of entry, each with its table and, for users who may
// add entries, its form (one module a tab, in ./caseFile/). After a save the case is read
// again and the same tab stays open.
import type { CaseView } from "../bindings/CaseView";
import type { OrganizationRecord } from "../bindings/OrganizationRecord";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { formAlert } from "../form";
import { t, type MessageKey } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { canManage, canOverrideConsent, canReadIdentity, canRecord } from "../permissions";
import { allowancesTab } from "./caseFile/allowances";
import { consentTab } from "./caseFile/consent";
import type { CaseFileContext, TabName, TabPart } from "./caseFile/context";
import { caseDocuments, type CaseDocuments } from "./caseFile/documents";
import { employmentTab } from "./caseFile/employment";
import { eraseTools } from "./caseFile/erase";
import { caseHeader } from "./caseFile/header";
import { historyLoader } from "./caseFile/history";
import { notesTab } from "./caseFile/notes";
import { casePackets } from "./caseFile/packets";
import { printTools } from "./caseFile/print";
import { profileTab, type ProfileTab } from "./caseFile/profile";
import { referralsTab } from "./caseFile/referrals";
import { servicesTab } from "./caseFile/services";
import { staysTab } from "./caseFile/stays";
import { trainingTab } from "./caseFile/training";
import { screen, statusLine, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";

export type { TabName } from "./caseFile/context";

const ENTRY_TABS: readonly TabName[] = ["profile", "referrals", "stays", "services", "allowances", "training", "employment", "consent"];
const IDENTITY_TABS: readonly TabName[] = ["notes", "documents", "history"];

/** The tabs a user sees: notes, documents and history only with identity access. */
export function tabsFor(session: SessionInfo, identityHidden: boolean): TabName[] {
  return canReadIdentity(session) && !identityHidden ? [...ENTRY_TABS, ...IDENTITY_TABS] : [...ENTRY_TABS];
}

/** The tabs whose list and add form are built from the case (profile, documents and history are apart). */
const ENTRY_PARTS: Partial<Record<TabName, (ctx: CaseFileContext) => TabPart>> = {
  referrals: referralsTab,
  stays: staysTab,
  services: servicesTab,
  allowances: allowancesTab,
  training: trainingTab,
  employment: employmentTab,
  consent: consentTab,
  notes: notesTab,
};

interface Tab {
  name: TabName;
  button: HTMLButtonElement;
  panel: HTMLElement;
  /** Re-filled from the case after every load. */
  list: HTMLElement;
  part: TabPart | null;
}

/** Where the file opens: a tab, and an element to focus once it is loaded (by id). */
export interface CaseFileOptions {
  tab?: TabName;
  focusId?: string;
  /** A referral the intake could not record: put back into the referral form, with `notice`. */
  referral?: { to: string; date: string };
  notice?: string;
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

  const loading = h("p", { id: "case-file-loading", class: "hint", text: t("caseFile.loading"), attrs: { role: "status" } });
  const loadError = formAlert("case-file-error");
  const saved = statusLine("case-saved");
  const tablist = h("div", { id: "case-tabs", class: "tabs", attrs: { role: "tablist", "aria-label": t("caseFile.tabs") } });
  const panels = h("div", { class: "tab-panels" });
  const body = h("div", { id: "case-body", class: "case-body", attrs: { hidden: true } }, [tablist, panels]);

  const ctx: CaseFileContext = {
    code,
    manage: canManage(session),
    record: canRecord(session),
    life,
    saved,
    view: () => view,
    orgs: () => orgs,
    reload,
    currentPanel: () => currentTab()?.panel,
    overrideConsent: canOverrideConsent(session),
    openConsent(organization, date) {
      const tab = tabs.find((x) => x.name === "consent");
      if (!tab?.part?.form || !tab.part.openFor) return false;
      select("consent", false);
      tab.part.openFor(organization, date);
      return true;
    },
    pendingReferral: options.referral,
  };
  const header = caseHeader(ctx, () => caseworkers);
  const packets = casePackets(ctx);
  const print = printTools(ctx, () => root);
  let profile: ProfileTab | null = null;
  const erase = eraseTools(ctx, session, async (summary) => {
    if (!(await reload())) return;
    if (summary.kind === "identity") root.querySelector<HTMLElement>("#case-erased")?.focus();
  });
  const loadHistory = historyLoader(ctx, () => tabs.find((x) => x.name === "history")?.list);

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
    docs?.dispose();
    docs = null;
    profile?.dispose();
    profile = profileTab(ctx);
    tablist.replaceChildren();
    panels.replaceChildren();
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
        docs = caseDocuments(code, ctx.manage);
        panel.replaceChildren(...docs.parts);
      }
      const part = name === "profile" ? profile : (ENTRY_PARTS[name]?.(ctx) ?? null);
      if (part?.form) panel.append(part.form);
      if (name === "referrals") panel.append(packets.section);
      tablist.append(button);
      panels.append(panel);
      return { name, button, panel, list, part };
    });
    select(names.includes(selected) ? selected : "profile", false);
  }
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

  /**
   * A case whose identity was erased can no longer be changed: no editing control is offered
   * (the core refuses them too). True when that just became so and the tabs need building again.
   */
  function lockIfErased(v: CaseView): boolean {
    if (v.erased !== "identity" || (!ctx.manage && !ctx.record)) return false;
    ctx.close = ctx.record;
    ctx.manage = false;
    ctx.record = false;
    return true;
  }

  function renderLists(v: CaseView): void {
    for (const tab of tabs) if (tab.part) tab.list.replaceChildren(...tab.part.list(v));
  }

  // ---- Loading -----------------------------------------------------------------------------------------
  /** Reads the case again and redraws the header and the lists; false when it failed. */
  async function reload(): Promise<boolean> {
    try {
      const v = await ipc.caseShow(code);
      if (life.disposed) return false;
      view = v;
      if (lockIfErased(v)) buildTabs(tabsFor(session, v.identity_hidden));
      header.render(v);
      erase.render(v);
      renderLists(v);
      if (selected === "history") void loadHistory();
      await packets.render(v);
      return !life.disposed;
    } catch (e) {
      if (life.disposed) return false;
      const error = toIpcError(e);
      if (error.kind !== "locked") loadError.textContent = errorMessage(error);
      return false;
    }
  }

  async function start(): Promise<void> {
    const orgsWanted = ctx.manage || ctx.record;
    const [shown, orgList, workers] = await Promise.allSettled([
      ipc.caseShow(code),
      orgsWanted ? ipc.organizationsList() : Promise.resolve([]),
      ctx.manage ? ipc.caseworkersList() : Promise.resolve([]),
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
    lockIfErased(view);
    buildTabs(tabsFor(session, view.identity_hidden));
    header.render(view);
    erase.render(view);
    if (options.notice) loadError.textContent = options.notice;
    renderLists(view);
    const drawn = packets.render(view);
    header.element.hidden = false;
    body.hidden = false;
    print.show(view);
    if (options.focusId) {
      // E.g. the discharge date of a stay, when opened from the shelter board. When that
      // control is not there (already discharged, or not this user's to change), the tab.
      const target = panels.querySelector<HTMLElement>(`[id="${options.focusId}"]`) ?? currentTab()?.button;
      target?.focus();
    }
    await drawn;
  }

  const { root, title } = screen(
    "case-file",
    session,
    deps,
    { title: code, intro: t("caseFile.intro"), back: t("caseFile.back") },
    [loading, loadError, header.element, packets.banner, erase.element, print.element, saved, body],
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
        header.dispose();
        profile?.dispose();
        print.removeSummary();
      },
    },
    { tab: () => selected },
  );
}
