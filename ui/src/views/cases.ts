// The case list: search (as the user types, and on Enter), a status filter, and one page of
// 50 cases at a time with "Load more". The core searches; nothing is ever loaded in bulk.
import type { CaseListItem } from "../bindings/CaseListItem";
import type { SessionInfo } from "../bindings/SessionInfo";
import { caseFilter, formatCivil, PAGE_SIZE, SEARCH_DEBOUNCE_MS } from "../caseModel";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t, tn } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { debounce } from "../timing";
import { panel, screen, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";
import { canManage, canReadIdentity } from "../permissions";
import { wordLabel, wordOptions } from "../vocab";
import { busyButton, formAlert, selectField, setButtonBusy, textField } from "../form";
import { noneCell } from "./table";

/** What the list remembers while a case file is open (in memory only). */
export interface CasesState {
  query: string;
  status: string;
  /** A caseworker's user name, "" for all. */
  caseworker?: string;
  /** A shelter's name (who is in it today), "" for all. */
  shelter?: string;
}

export interface CasesDeps extends ScreenDeps {
  onOpenCase(code: string, state: CasesState): void;
  onNewIntake?(state: CasesState): void;
}

export interface CasesView extends View {
  /** The search on screen now (to draw the list again as it is). */
  state(): CasesState;
}

export function casesView(session: SessionInfo, deps: CasesDeps, initial: CasesState = { query: "", status: "", caseworker: "", shelter: "" }): CasesView {
  const life = new Lifecycle();
  let opened = false;
  /** Only the newest request may fill the table. */
  let requestSeq = 0;
  let items: CaseListItem[] = [];
  const showNames = canReadIdentity(session);

  // ---- Controls ------------------------------------------------------------------------------
  const search = textField({
    id: "cases-search",
    label: t("cases.search"),
    hint: showNames ? t("cases.searchHint") : t("cases.searchCodesHint"),
    value: initial.query,
  });
  search.input.type = "search";
  search.input.setAttribute("aria-controls", "cases-results");
  const status = selectField({
    id: "cases-status",
    label: t("cases.status"),
    options: [
      { value: "", label: t("cases.statusAll") },
      ...wordOptions("status"),
    ],
    value: initial.status,
  });
  status.input.setAttribute("aria-controls", "cases-results");
  // Caseworker and shelter: the chosen value is an option at once (so the first search uses
  // it); the other names arrive with caseworkers_list and organizations_list.
  const caseworker = selectField({
    id: "cases-caseworker",
    label: t("cases.caseworker"),
    options: [{ value: "", label: t("cases.caseworkerAll") }, ...(initial.caseworker ? [{ value: initial.caseworker, label: initial.caseworker }] : [])],
    value: initial.caseworker ?? "",
  });
  caseworker.input.setAttribute("aria-controls", "cases-results");
  const shelter = selectField({
    id: "cases-shelter",
    label: t("cases.shelter"),
    hint: t("cases.shelterHint"),
    options: [{ value: "", label: t("cases.shelterAll") }, ...(initial.shelter ? [{ value: initial.shelter, label: initial.shelter }] : [])],
    value: initial.shelter ?? "",
  });
  shelter.input.setAttribute("aria-controls", "cases-results");
  const optionsError = h("p", { id: "cases-options-error", class: "field-error", attrs: { role: "alert", hidden: true } });
  let intake: HTMLButtonElement | null = null;
  if (canManage(session) && deps.onNewIntake) {
    intake = h("button", { id: "cases-new-intake", class: "button button-secondary", text: t("cases.newIntake"), attrs: { type: "button" } });
    intake.addEventListener("click", () => deps.onNewIntake?.(state()));
  }
  const controls = h("div", { class: "cases-controls", attrs: { role: "search" } }, [
    h("div", { class: "cases-search" }, [search.wrapper]),
    h("div", { class: "cases-status" }, [status.wrapper]),
    h("div", { class: "cases-status" }, [caseworker.wrapper]),
    h("div", { class: "cases-status" }, [shelter.wrapper]),
    intake ? h("div", { class: "cases-intake" }, [intake]) : null,
    optionsError,
  ]);

  // ---- Results -------------------------------------------------------------------------------
  const headers = [t("cases.col.code"), ...(showNames ? [t("cases.col.name")] : []), t("cases.col.sex"), t("cases.col.identifiedOn"), t("cases.col.caseworker"), t("cases.col.status")];
  const tbody = h("tbody");
  const table = h("table", { id: "cases-table", class: "data-table cases-table" }, [
    h("caption", { class: "visually-hidden", text: t("cases.caption") }),
    h("thead", {}, [h("tr", {}, headers.map((text) => h("th", { text, attrs: { scope: "col" } })))]),
    tbody,
  ]);
  const count = h("p", { id: "cases-count", class: "hint", attrs: { role: "status" } });
  const empty = h("p", { id: "cases-empty", class: "empty-note", attrs: { hidden: true } });
  const error = formAlert("cases-error");
  const more = busyButton("cases-more", t("cases.more"), "secondary");
  more.hidden = true;
  const results = h("div", { id: "cases-results", class: "cases-results" }, [
    error,
    count,
    h("div", { class: "table-scroll" }, [table]),
    empty,
    h("div", { class: "actions actions-start" }, [more]),
  ]);

  function state(): CasesState {
    return { query: search.input.value, status: status.input.value, caseworker: caseworker.input.value, shelter: shelter.input.value };
  }

  function open(code: string): void {
    if (opened || life.disposed) return;
    opened = true;
    searchSoon.cancel();
    deps.onOpenCase(code, state());
  }

  function row(item: CaseListItem): HTMLTableRowElement {
    const link = h("button", {
      class: "button-link case-link mono",
      text: item.code,
      attrs: { type: "button", "aria-label": t("cases.openCase", { code: item.code }) },
    });
    const tr = h("tr", { class: "case-row", attrs: { "data-code": item.code } }, [
      h("th", { attrs: { scope: "row" } }, [link]),
      showNames ? h("td", {}, [item.name ?? noneCell()]) : null,
      h("td", { text: wordLabel("sex", item.sex) }),
      h("td", { class: "nowrap" }, [h("time", { text: formatCivil(item.identified_on), attrs: { datetime: item.identified_on } })]),
      h("td", {}, [item.caseworker ?? h("span", { class: "muted", text: t("cases.notAssigned") })]),
      h("td", {}, [h("span", { class: `status-badge status-${item.status}`, text: wordLabel("status", item.status) })]),
    ]);
    // The whole row opens the file by mouse; the code's button by keyboard (Enter or Space).
    tr.addEventListener("click", () => open(item.code));
    tr.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open(item.code);
      }
    });
    return tr;
  }

  function showState(full: boolean): void {
    const n = items.length;
    table.hidden = n === 0;
    empty.hidden = n > 0;
    const now = state();
    empty.textContent = now.query.trim() || now.status || now.caseworker || now.shelter ? t("cases.empty") : t("cases.emptyAll");
    count.textContent = n ? tn(full ? "cases.countMore" : "cases.count", n) : "";
    more.hidden = !full;
  }

  async function load(append: boolean): Promise<void> {
    const seq = ++requestSeq;
    const offset = append ? items.length : 0;
    const filter = caseFilter(search.input.value, status.input.value, offset, PAGE_SIZE, { caseworker: caseworker.input.value, shelter: shelter.input.value });
    error.textContent = "";
    results.setAttribute("aria-busy", "true");
    if (append) setButtonBusy(more, true, t("cases.loadingMore"), t("cases.more"));
    try {
      const page = await ipc.casesList(filter);
      if (life.disposed || seq !== requestSeq) return;
      if (append) {
        items = [...items, ...page];
        tbody.append(...page.map(row));
      } else {
        items = page;
        tbody.replaceChildren(...page.map(row));
      }
      showState(page.length >= PAGE_SIZE);
    } catch (e) {
      if (life.disposed || seq !== requestSeq) return;
      const failure = toIpcError(e);
      if (failure.kind !== "locked") error.textContent = errorMessage(failure);
    } finally {
      if (!life.disposed && seq === requestSeq) {
        results.removeAttribute("aria-busy");
        setButtonBusy(more, false, t("cases.loadingMore"), t("cases.more"));
      }
    }
  }

  const searchSoon = debounce(() => void load(false), SEARCH_DEBOUNCE_MS);
  search.input.addEventListener("input", () => searchSoon());
  search.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      searchSoon.cancel();
      void load(false);
    }
  });
  for (const select of [status, caseworker, shelter]) {
    select.input.addEventListener("change", () => {
      searchSoon.cancel();
      void load(false);
    });
  }

  /** Fills a select with "" (all) and the names, keeping the value chosen. */
  function fillOptions(select: HTMLSelectElement, allLabel: string, names: string[]): void {
    const chosen = select.value;
    const all = [...new Set(chosen ? [...names, chosen] : names)].sort((a, b) => a.localeCompare(b));
    select.replaceChildren(h("option", { text: allLabel, attrs: { value: "" } }), ...all.map((n) => h("option", { text: n, attrs: { value: n } })));
    select.value = chosen;
  }

  async function loadOptions(): Promise<void> {
    const [workers, orgs] = await Promise.allSettled([ipc.caseworkersList(), ipc.organizationsList()]);
    if (life.disposed) return;
    if (workers.status === "fulfilled") fillOptions(caseworker.input as unknown as HTMLSelectElement, t("cases.caseworkerAll"), workers.value);
    if (orgs.status === "fulfilled") {
      fillOptions(shelter.input as unknown as HTMLSelectElement, t("cases.shelterAll"), orgs.value.filter((o) => o.kind === "shelter").map((o) => o.name));
    }
    const failed = [workers, orgs].find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
      const failure = toIpcError(failed.reason);
      if (failure.kind === "locked") return;
      optionsError.textContent = t("cases.optionsFailed", { message: errorMessage(failure) });
      optionsError.hidden = false;
    }
  }
  more.addEventListener("click", () => void load(true));

  const listPanel = panel("cases-list", t("cases.title"), [controls, results], "cases-panel");
  // The panel's own heading would repeat the screen's title: keep it for screen readers only.
  listPanel.querySelector("h2")?.classList.add("visually-hidden");

  const { root, title } = screen(
    "cases",
    session,
    deps,
    { title: t("cases.title"), intro: showNames ? t("cases.intro") : t("cases.introCodes"), back: t("cases.back") },
    [listPanel],
  );

  void load(false);
  const ready = loadOptions();

  return life.view({ root, focus: () => title.focus(), ready, cleanup: () => searchSoon.cancel() }, { state });
}
