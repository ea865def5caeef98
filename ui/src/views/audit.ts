// The audit log viewer (admin): a filter, the entries newest first with "Load older entries",
// and "Verify", which recomputes the chain (optionally against a head kept elsewhere), with the
// way to the check of the whole vault.
import { actionLabel, auditFilter, formatDateTime, formatHead, nextPageFilter, outcomeLabel, verifyMessages, verifyState, type AuditForm } from "../adminModel";
import type { AuditFilter } from "../bindings/AuditFilter";
import type { LogLine } from "../bindings/LogLine";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { Verification } from "../bindings/Verification";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t, tn } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { panel, screen, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";
import { busyButton, clearFieldError, field, type Field, formAlert, FormErrors, setBusy, setButtonBusy, submitButton, formFrame } from "../form";

export interface AuditDeps extends ScreenDeps {
  /** The check of the whole vault, of which the chain is one part. */
  onOpenVaultCheck?(): void;
}

export function auditView(session: SessionInfo, deps: AuditDeps): View {
  const life = new Lifecycle();

  // ---- Filter ------------------------------------------------------------------------------
  const user = field({ id: "audit-user", label: t("audit.user") });
  const code = field({ id: "audit-case", label: t("audit.case") });
  const actionSelect = h("select", { id: "audit-action", class: "input select", attrs: { name: "audit-action" } }, [
    h("option", { text: t("audit.allActions"), attrs: { value: "" } }),
  ]);
  const actionError = h("p", { id: "audit-action-error", class: "field-error", attrs: { hidden: true } });
  const actionWrapper = h("div", { class: "field" }, [
    h("label", { class: "label", text: t("audit.action"), attrs: { for: "audit-action" } }),
    actionSelect,
    actionError,
  ]);
  // The form helpers only touch attributes, text and focus, which a select has too.
  const action: Field = { wrapper: actionWrapper, input: actionSelect as unknown as HTMLInputElement, error: actionError };
  const from = field({ id: "audit-from", label: t("audit.from"), type: "date", describedBy: ["audit-days-hint"] });
  const to = field({ id: "audit-to", label: t("audit.to"), type: "date", describedBy: ["audit-days-hint"] });

  const filterAlert = formAlert("audit-error");
  const apply = submitButton("audit-apply", t("audit.apply"));
  const clear = h("button", { id: "audit-clear", class: "button button-secondary", text: t("audit.clear"), attrs: { type: "button" } });
  const filterForm = formFrame({
    id: "audit-filter",
    labelledBy: "audit-filter-section-title",
    parts: [h("div", { class: "filter-grid" }, [user.wrapper, code.wrapper, actionWrapper, from.wrapper, to.wrapper]), h("p", { id: "audit-days-hint", class: "hint", text: t("audit.daysHint") })],
    alert: filterAlert,
    buttons: [apply, clear],
  });
  const filterErrors = new FormErrors(filterAlert, { user, case: code, action, from, to });
  for (const f of [user, code, from, to]) f.input.addEventListener("input", () => clearFieldError(f));
  actionSelect.addEventListener("change", () => clearFieldError(action));

  function formValues(): AuditForm {
    return { user: user.input.value, case: code.input.value, action: actionSelect.value, from: from.input.value, to: to.input.value };
  }

  // ---- Results -----------------------------------------------------------------------------
  const tbody = h("tbody");
  const table = h("table", { id: "audit-table", class: "data-table audit-table" }, [
    h("caption", { class: "visually-hidden", text: t("audit.caption") }),
    h("thead", {}, [
      h("tr", {}, [
        h("th", { class: "num", text: t("audit.col.seq"), attrs: { scope: "col" } }),
        h("th", { text: t("audit.col.time"), attrs: { scope: "col" } }),
        h("th", { text: t("audit.col.user"), attrs: { scope: "col" } }),
        h("th", { text: t("audit.col.action"), attrs: { scope: "col" } }),
        h("th", { text: t("audit.col.case"), attrs: { scope: "col" } }),
        h("th", { text: t("audit.col.outcome"), attrs: { scope: "col" } }),
        h("th", { text: t("audit.col.detail"), attrs: { scope: "col" } }),
      ]),
    ]),
    tbody,
  ]);
  const count = h("p", { id: "audit-count", class: "hint", attrs: { role: "status" } });
  const empty = h("p", { id: "audit-empty", class: "empty-note", text: t("audit.empty"), attrs: { hidden: true } });
  const more = busyButton("audit-more", t("audit.more"), "secondary");
  more.hidden = true;
  const moreError = formAlert("audit-more-error");
  const results = h("div", { id: "audit-results", class: "audit-results" }, [
    count,
    h("div", { class: "table-scroll" }, [table]),
    empty,
    moreError,
    h("div", { class: "actions actions-start" }, [more]),
  ]);

  const filterPanel = panel("audit-filter-section", t("audit.filterTitle"), [filterForm]);
  const entriesPanel = panel("audit-entries", t("audit.entriesTitle"), [results], "audit-entries");

  /** The filter of the entries on screen, and how many there are. */
  let shown: { filter: AuditFilter; lines: LogLine[] } = { filter: {}, lines: [] };
  let searching = false;

  function line(l: LogLine): HTMLTableRowElement {
    const none = () => h("span", { class: "muted", text: t("admin.none") });
    return h("tr", { attrs: { "data-seq": String(l.seq) } }, [
      h("td", { class: "num", text: String(l.seq) }),
      h("td", { class: "nowrap" }, [h("time", { text: formatDateTime(l.at), attrs: { datetime: l.at } })]),
      h("td", {}, [l.user ?? none()]),
      h("td", { attrs: { "data-action": l.action } }, [actionLabel(l.action)]),
      h("td", { class: "mono" }, [l.case ?? none()]),
      h("td", { class: l.outcome === "ok" ? "outcome-ok" : "outcome-failed", text: outcomeLabel(l.outcome), attrs: { "data-outcome": l.outcome } }),
      h("td", { class: "detail", text: l.detail ?? "" }),
    ]);
  }

  function showCount(hasMore: boolean): void {
    const n = shown.lines.length;
    empty.hidden = n > 0;
    table.hidden = n === 0;
    count.textContent = n === 0 ? "" : tn(hasMore ? "audit.countMore" : "audit.count", n);
    more.hidden = !hasMore;
  }

  async function search(filter: AuditFilter, append: boolean): Promise<void> {
    if (searching) return;
    searching = true;
    moreError.textContent = "";
    if (append) setButtonBusy(more, true, t("audit.loadingMore"), t("audit.more"));
    else setBusy(filterForm, apply, true, t("audit.applying"), t("audit.apply"));
    results.setAttribute("aria-busy", "true");
    try {
      const page = await ipc.auditSearch(filter);
      if (life.disposed) return;
      if (append) {
        shown = { filter: shown.filter, lines: [...shown.lines, ...page.lines] };
        tbody.append(...page.lines.map(line));
      } else {
        shown = { filter, lines: page.lines };
        tbody.replaceChildren(...page.lines.map(line));
      }
      showCount(page.more);
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      if (append) moreError.textContent = errorMessage(error);
      else filterErrors.show(error)?.focus();
    } finally {
      searching = false;
      if (!life.disposed) {
        results.removeAttribute("aria-busy");
        if (append) setButtonBusy(more, false, t("audit.loadingMore"), t("audit.more"));
        else setBusy(filterForm, apply, false, t("audit.applying"), t("audit.apply"));
      }
    }
  }

  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    filterErrors.clear();
    void search(auditFilter(formValues()), false);
  });
  clear.addEventListener("click", () => {
    for (const f of [user, code, from, to]) f.input.value = "";
    actionSelect.value = "";
    filterErrors.clear();
    void search({}, false);
    user.input.focus();
  });
  more.addEventListener("click", () => {
    const next = nextPageFilter(shown.filter, shown.lines);
    if (next) void search(next, true);
  });

  // ---- Verify ------------------------------------------------------------------------------
  const head = field({ id: "audit-head", label: t("audit.head"), hint: t("audit.headHint") });
  head.input.classList.add("input-mono");
  const verifyAlert = formAlert("audit-verify-error");
  const verify = submitButton("audit-verify", t("audit.verify"));
  const verifyResult = h("div", { id: "audit-verify-result", class: "verify-result", attrs: { role: "status" } });
  const verifyForm = formFrame({
    id: "audit-verify-form",
    labelledBy: "audit-verify-section-title",
    parts: [h("p", { class: "hint", text: t("audit.verifyIntro") }), head.wrapper],
    alert: verifyAlert,
    buttons: [verify],
  });
  const openCheck = h("button", { id: "audit-open-check", class: "button-link", text: t("check.open"), attrs: { type: "button", "aria-describedby": "audit-check-whole" } });
  openCheck.addEventListener("click", () => deps.onOpenVaultCheck?.());
  const checkWhole = h("p", { class: "hint audit-check-whole" }, [h("span", { id: "audit-check-whole", text: t("audit.checkWhole") }), " ", openCheck]);
  const verifyPanel = panel("audit-verify-section", t("audit.verifyTitle"), [verifyForm, verifyResult, checkWhole]);
  const verifyErrors = new FormErrors(verifyAlert, { head });
  head.input.addEventListener("input", () => clearFieldError(head));
  let verifying = false;

  function showVerification(v: Verification, kept: string | null): void {
    const state = verifyState(v);
    verifyResult.setAttribute("data-state", state);
    const messages = verifyMessages(v, kept);
    const nodes: Node[] = messages.map((m, i) => h("p", { class: i === 0 ? "verify-message" : "verify-detail", text: m }));
    if (state === "intact" && v.head) {
      // A read-only input: labelled, reachable by keyboard, selected whole when focused.
      const current = h("input", {
        id: "audit-current-head",
        class: "input input-mono head-value",
        attrs: { type: "text", readonly: true, spellcheck: "false", autocomplete: "off", "aria-describedby": "audit-current-head-hint" },
      });
      current.value = formatHead(v.head);
      current.addEventListener("focus", () => current.select());
      nodes.push(
        h("div", { class: "current-head" }, [
          h("label", { class: "label", text: t("audit.currentHead"), attrs: { for: "audit-current-head" } }),
          current,
          h("p", { id: "audit-current-head-hint", class: "hint", text: t("audit.headCopyHint") }),
        ]),
      );
    }
    verifyResult.replaceChildren(...nodes);
  }

  verifyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (verifying) return;
    verifying = true;
    verifyErrors.clear();
    const kept = head.input.value.trim() || null;
    verifyResult.removeAttribute("data-state");
    verifyResult.setAttribute("aria-busy", "true");
    verifyResult.replaceChildren(h("p", { class: "hint", text: t("audit.verifyBusy") }));
    setBusy(verifyForm, verify, true, t("audit.verifying"), t("audit.verify"));
    try {
      const v = await ipc.auditVerify(kept);
      if (!life.disposed) showVerification(v, kept);
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      verifyResult.replaceChildren();
      if (error.kind !== "locked") verifyErrors.show(error)?.focus();
    } finally {
      verifying = false;
      if (!life.disposed) {
        verifyResult.removeAttribute("aria-busy");
        setBusy(verifyForm, verify, false, t("audit.verifying"), t("audit.verify"));
      }
    }
  });

  // ---- Screen ------------------------------------------------------------------------------
  const { root, title } = screen("audit", session, deps, { title: t("audit.title"), intro: t("audit.intro") }, [
    h("div", { class: "admin-columns audit-controls" }, [filterPanel, verifyPanel]),
    entriesPanel,
  ]);

  const ready = ipc
    .auditActions()
    .then((words) => {
      if (life.disposed) return;
      const chosen = actionSelect.value;
      actionSelect.replaceChildren(
        h("option", { text: t("audit.allActions"), attrs: { value: "" } }),
        ...words.map((w) => h("option", { text: actionLabel(w), attrs: { value: w } })),
      );
      actionSelect.value = words.includes(chosen) ? chosen : "";
    })
    .catch((e) => {
      // Without the list, "All actions" still works.
      console.warn("audit_actions failed", toIpcError(e).kind);
    });
  void search({}, false);

  return life.view({ root, focus: () => title.focus(), ready });
}
