import { actionLabel, formatDateTime, outcomeLabel } from "../adminModel";
import { reminderText } from "../backupModel";
import type { LogLine } from "../bindings/LogLine";
import { formatCount } from "../caseModel";
import type { DashboardFigures } from "../bindings/DashboardFigures";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t, tn } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { bedBar, occupancy } from "./beds";
import { consentsCard } from "./consentsCard";
import { receiveBox } from "./exchange/receive";
import { retryingLoad } from "./retry";
import { topbar } from "./topbar";
import { Lifecycle, type View } from "./view";
import { canManage, canReadIdentity, canReport, canSeeCases, isAdmin } from "../permissions";

export { roleLabel } from "./topbar";

export interface DashboardDeps {
  onLock(): void;
  /** Opens the indicator report (offered to supervisors only). */
  onOpenReport?(): void;
  /** The administrator's screens (offered to admins only). */
  onOpenUsers?(): void;
  onOpenAudit?(): void;
  onOpenSettings?(): void;
  /** Retention: the lifecycle settings, the cases due for purging, the register of erasures (admins). */
  onOpenRetention?(): void;
  /** Backup and restore (admins; also from the reminder when a backup is due). */
  onOpenBackup?(): void;
  /** The vault check (admins; also from the notice of a key file changed outside Haven). */
  onOpenVaultCheck?(): void;
  /** Any signed-in user. */
  onChangePassphrase?(): void;
  /** The case list (intake, caseworker, supervisor). */
  onOpenCases?(): void;
  /** A new intake (intake, caseworker). */
  onOpenIntake?(): void;
  /** The shelter board (intake, caseworker, supervisor). */
  onOpenBoard?(): void;
  /** A case file on its consent tab, from the consents that need attention. */
  onOpenCase?(code: string): void;
  /** A case file, from the recent activity (and a case just made by a referral received). */
  onOpenRecentCase?(code: string): void;
  /** The referral packets, outbox and inbox (users who read cases). */
  onOpenReferrals?(): void;
  /** The agency identity and the partners (admins). */
  onOpenAgency?(): void;
  /** Administration → Relay. */
  onOpenRelay?(): void;
  /** Administration → Releases: the release ledger, retiring a release. */
  onOpenReleases?(): void;
  /** Consolidated counts (supervisors). */
  onOpenConsolidation?(): void;
}

/** How many changes the recent activity lists. */
export const RECENT_ACTIVITY_SIZE = 10;

export function dashboardView(session: SessionInfo, deps: DashboardDeps): View {
  const life = new Lifecycle();
  const header = topbar(session, () => deps.onLock(), deps.onChangePassphrase ? () => deps.onChangePassphrase?.() : undefined);

  let cases: HTMLElement | null = null;
  if (canSeeCases(session)) {
    const openCases = h("button", { id: "open-cases", class: "button button-primary", text: t("dashboard.openCases"), attrs: { type: "button" } });
    openCases.addEventListener("click", () => deps.onOpenCases?.());
    let openIntake: HTMLButtonElement | null = null;
    if (canManage(session)) {
      openIntake = h("button", { id: "open-intake", class: "button button-secondary", text: t("dashboard.openIntake"), attrs: { type: "button" } });
      openIntake.addEventListener("click", () => deps.onOpenIntake?.());
    }
    const openBoard = h("button", { id: "open-board", class: "button button-secondary", text: t("dashboard.openBoard"), attrs: { type: "button" } });
    openBoard.addEventListener("click", () => deps.onOpenBoard?.());
    cases = h("section", { id: "dashboard-cases", class: "card dashboard-cases", attrs: { "aria-labelledby": "dashboard-cases-title" } }, [
      h("div", {}, [
        h("h2", { id: "dashboard-cases-title", class: "subsection-title", text: t("dashboard.casesTitle") }),
        h("p", { class: "hint", text: canReadIdentity(session) ? t("dashboard.casesIntro") : t("dashboard.casesIntroCodes") }),
      ]),
      h("div", { class: "actions actions-start actions-wrap" }, [openCases, openIntake, openBoard]),
    ]);
  }

  // ---- Between agencies: the packets, and receiving one (intake staff) ----------------------------
  let exchange: HTMLElement | null = null;
  if (canSeeCases(session)) {
    const open = h("button", { id: "nav-referrals", class: "button button-secondary", text: t("packets.open"), attrs: { type: "button" } });
    open.addEventListener("click", () => deps.onOpenReferrals?.());
    exchange = h("section", { id: "dashboard-exchange", class: "card dashboard-exchange", attrs: { "aria-labelledby": "dashboard-exchange-title" } }, [
      h("div", {}, [
        h("h2", { id: "dashboard-exchange-title", class: "subsection-title", text: t("receive.title") }),
        h("p", { class: "hint", text: t("receive.intro") }),
      ]),
      h("div", { class: "actions actions-start actions-wrap" }, [open]),
      canManage(session) ? receiveBox(life, { onOpenCase: (code) => deps.onOpenRecentCase?.(code) }) : null,
    ]);
  }

  let reports: HTMLElement | null = null;
  if (canReport(session)) {
    const open = h("button", { id: "open-report", class: "button button-secondary", text: t("dashboard.openReport"), attrs: { type: "button" } });
    open.addEventListener("click", () => deps.onOpenReport?.());
    const consolidation = h("button", { id: "open-consolidation", class: "button button-secondary", text: t("consolidation.open"), attrs: { type: "button" } });
    consolidation.addEventListener("click", () => deps.onOpenConsolidation?.());
    reports = h("section", { id: "dashboard-reports", class: "card dashboard-reports", attrs: { "aria-labelledby": "dashboard-reports-title" } }, [
      h("div", {}, [
        h("h2", { id: "dashboard-reports-title", class: "subsection-title", text: t("dashboard.reportsTitle") }),
        h("p", { class: "hint", text: t("dashboard.reportsIntro") }),
      ]),
      h("div", { class: "actions actions-start actions-wrap" }, [open, consolidation]),
    ]);
  }

  let admin: HTMLElement | null = null;
  if (isAdmin(session)) {
    const entry = (id: string, text: string, open: (() => void) | undefined) => {
      const button = h("button", { id, class: "button button-secondary", text, attrs: { type: "button" } });
      button.addEventListener("click", () => open?.());
      return button;
    };
    admin = h("section", { id: "dashboard-admin", class: "card dashboard-admin", attrs: { "aria-labelledby": "dashboard-admin-title" } }, [
      h("div", {}, [
        h("h2", { id: "dashboard-admin-title", class: "subsection-title", text: t("admin.dashboard.title") }),
        h("p", { class: "hint", text: t("admin.dashboard.intro") }),
      ]),
      h("div", { class: "actions actions-start actions-wrap" }, [
        entry("open-users", t("admin.openUsers"), deps.onOpenUsers),
        entry("open-audit", t("admin.openAudit"), deps.onOpenAudit),
        entry("open-settings", t("admin.openSettings"), deps.onOpenSettings),
        entry("open-retention", t("admin.openRetention"), deps.onOpenRetention),
        entry("open-backup", t("admin.openBackup"), deps.onOpenBackup),
        entry("open-vault-check", t("admin.openVaultCheck"), deps.onOpenVaultCheck),
        entry("open-agency", t("admin.openAgency"), deps.onOpenAgency),
        entry("open-relay", t("relay.open"), deps.onOpenRelay),
        entry("open-releases", t("releases.open"), deps.onOpenReleases),
      ]),
    ]);
  }

  // ---- Backup reminder (admins only; nobody else is even asked about backups) ---------------------
  // A notice, not a dialog: it says so once the status is in, inside a region kept in the DOM
  // so that it is announced; nothing on the dashboard waits for it.
  let reminder: HTMLElement | null = null;
  if (isAdmin(session)) {
    const region = h("div", { id: "backup-reminder-region", class: "backup-reminder-region", attrs: { role: "status" } });
    reminder = region;
    ipc
      .backupStatus()
      .then((status) => {
        if (life.disposed) return;
        const words = reminderText(status);
        if (!words) return;
        const open = h("button", { id: "backup-reminder-open", class: "button button-secondary button-small", text: t("backup.reminder.open"), attrs: { type: "button" } });
        open.addEventListener("click", () => deps.onOpenBackup?.());
        region.replaceChildren(
          h("div", { id: "backup-reminder", class: "notice notice-warning backup-reminder" }, [
            h("p", { id: "backup-reminder-text", class: "backup-reminder-text", text: words }),
            open,
          ]),
        );
      })
      .catch((e) => {
        // Only a reminder: the backup screen says what went wrong when it is opened.
        const error = toIpcError(e);
        if (!life.disposed && error.kind !== "locked") console.warn("backup_status failed", error.kind);
      });
  }

  // ---- A key file changed outside Haven (found at unlock; admins repair it in the vault check) ---
  let keyFileNotice: HTMLElement | null = null;
  if (isAdmin(session) && session.keyFileChanged) {
    const open = h("button", { id: "key-file-notice-open", class: "button button-secondary button-small", text: t("check.open"), attrs: { type: "button" } });
    open.addEventListener("click", () => deps.onOpenVaultCheck?.());
    keyFileNotice = h("div", { id: "key-file-notice", class: "notice notice-warning backup-reminder", attrs: { role: "alert" } }, [
      h("p", { id: "key-file-notice-text", text: t("check.notice.keyFile") }),
      open,
    ]);
  }

  // ---- Figures (counts only; the core never sends names here) ---------------------------------
  let figures: HTMLElement | null = null;
  if (canSeeCases(session)) {
    const figuresTitle = h("h2", { id: "figures-title", class: "visually-hidden", text: t("figures.title"), attrs: { tabindex: "-1" } });
    const grid = h("div", { id: "figures-grid", class: "figures-grid" });
    const { loading, problem, load } = retryingLoad(life, "figures", {
      busy: (): HTMLElement => section,
      loadingText: () => t("figures.loading"),
      fetch: () => ipc.dashboardFigures(),
      render: (f) => grid.replaceChildren(...figureCards(f)),
      focus: () => figuresTitle.focus(),
      message: (error) => t("figures.failed", { message: errorMessage(error) }),
    });
    const section = h("section", { id: "dashboard-figures", class: "figures", attrs: { "aria-labelledby": "figures-title" } }, [
      figuresTitle,
      loading,
      problem,
      grid,
    ]);
    figures = section;
    void load();
  }

  // ---- Consents that need attention (codes only) ----------------------------------------------------
  const consents = canSeeCases(session) ? consentsCard(life, (code) => deps.onOpenCase?.(code)) : null;

  // ---- Recent activity (staff user names and case codes; never a person's name) -------------------
  let recent: HTMLElement | null = null;
  if (canSeeCases(session)) {
    const list = h("div", { id: "recent-activity-list" }, [h("p", { class: "hint", text: t("recent.loading") })]);
    const failure = h("div", { id: "recent-activity-error", class: "form-alert", attrs: { role: "alert" } });
    const section = h("section", { id: "recent-activity", class: "card recent-activity", attrs: { "aria-labelledby": "recent-activity-title", "aria-busy": "true" } }, [
      h("h2", { id: "recent-activity-title", class: "subsection-title", text: t("recent.title") }),
      failure,
      list,
    ]);
    recent = section;
    const row = (l: LogLine): HTMLTableRowElement => {
      let caseCell: Node = h("span", { class: "muted", text: t("caseFile.none") });
      if (l.case) {
        const code = l.case;
        const link = h("button", { class: "button-link case-link mono", text: code, attrs: { type: "button", "data-code": code, "aria-label": t("cases.openCase", { code }) } });
        link.addEventListener("click", () => deps.onOpenRecentCase?.(code));
        caseCell = link;
      }
      return h("tr", { attrs: { "data-seq": String(l.seq) } }, [
        h("td", { class: "nowrap" }, [h("time", { text: formatDateTime(l.at), attrs: { datetime: l.at } })]),
        h("td", { text: l.user ?? t("caseFile.none") }),
        h("td", { attrs: { "data-action": l.action } }, [
          actionLabel(l.action),
          l.outcome !== "ok" ? h("span", { class: "outcome-failed", text: ` (${outcomeLabel(l.outcome)})` }) : null,
        ]),
        h("td", {}, [caseCell]),
      ]);
    };
    ipc
      .recentActivity()
      .then((lines) => {
        if (life.disposed) return;
        const shown = lines.slice(0, RECENT_ACTIVITY_SIZE);
        list.replaceChildren(
          shown.length
            ? h("div", { class: "table-scroll" }, [
                h("table", { id: "recent-activity-table", class: "data-table" }, [
                  h("caption", { class: "visually-hidden", text: t("recent.caption") }),
                  h("thead", {}, [
                    h("tr", {}, [t("recent.col.time"), t("recent.col.user"), t("recent.col.action"), t("recent.col.case")].map((text) => h("th", { text, attrs: { scope: "col" } }))),
                  ]),
                  h("tbody", {}, shown.map(row)),
                ]),
              ])
            : h("p", { id: "recent-activity-empty", class: "empty-note", text: t("recent.empty") }),
        );
      })
      .catch((e) => {
        if (life.disposed) return;
        const error = toIpcError(e);
        list.replaceChildren();
        if (error.kind !== "locked") failure.textContent = t("recent.failed", { message: errorMessage(error) });
      })
      .finally(() => {
        if (!life.disposed) section.removeAttribute("aria-busy");
      });
  }

  const title = h("h1", { id: "dashboard-title", class: "section-title", text: t("dashboard.casesTitle"), attrs: { tabindex: "-1" } });
  const body = h("div", { class: "dashboard-body" }, [
    title,
    keyFileNotice,
    reminder,
    figures,
    consents,
    cases ?? h("div", { id: "dashboard-no-cases", class: "card empty-state" }, [h("p", { text: t("dashboard.noCaseAccess") })]),
    recent,
    exchange,
    reports,
    admin,
    session.autoLockMinutes > 0
      ? h("p", { class: "hint", text: tn("dashboard.autoLock", session.autoLockMinutes) })
      : null,
  ]);

  const root = h("section", { id: "dashboard", class: "screen dashboard", attrs: { "aria-labelledby": "dashboard-title" } }, [header, body]);

  return life.view({ root, focus: () => title.focus() });
}

/** One card: a heading, the figure, and what explains it (not a landmark of its own). */
function figureCard(id: string, label: string, value: string | null, extra: Array<Node | null> = []): HTMLElement {
  return h("div", { id, class: "card figure" }, [
    h("h3", { id: `${id}-label`, class: "figure-label", text: label }),
    value === null ? null : h("p", { class: "figure-value", text: value }),
    ...extra,
  ]);
}

function figureCards(f: DashboardFigures): HTMLElement[] {
  const open = figureCard("figure-open-cases", t("figures.openCases"), formatCount(f.openCases), [
    h("p", { class: "hint", text: tn("figures.closedCases", f.closedCases) }),
  ]);

  const beds = figureCard("figure-beds", t("figures.beds"), null, [
    f.shelters.length
      ? h(
          "ul",
          { class: "figure-shelters" },
          f.shelters.map((s) =>
            h("li", { class: "figure-shelter", attrs: { "data-shelter": s.name } }, [
              h("span", { class: "figure-shelter-name", text: s.name }),
              occupancy(s.occupied, s.capacity, "figure-shelter-count"),
              bedBar(s.occupied, s.capacity),
            ]),
          ),
        )
      : h("p", { class: "hint", text: t("figures.noShelters") }),
  ]);

  const referrals = figureCard("figure-pending-referrals", t("figures.pendingReferrals"), formatCount(f.pendingReferrals));

  const expiring = f.expiringConsents;
  const consents = figureCard("figure-expiring-consents", t("figures.expiringConsents"), formatCount(expiring.length), [
    h("p", { class: "hint", text: expiring.length ? t("figures.expiringConsentsListed") : t("figures.noExpiringConsents") }),
  ]);
  if (expiring.length) consents.classList.add("figure-attention");

  return [open, beds, referrals, consents];
}
