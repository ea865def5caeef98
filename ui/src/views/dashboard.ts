import { isAdmin } from "../adminModel";
import { canManage, canReadIdentity, canSeeCases } from "../caseModel";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { t, tn } from "../i18n";
import { topbar } from "./topbar";
import type { View } from "./view";

export { roleLabel } from "./topbar";

export interface DashboardDeps {
  onLock(): void;
  /** Opens the indicator report (offered to supervisors only). */
  onOpenReport?(): void;
  /** The administrator's screens (offered to admins only). */
  onOpenUsers?(): void;
  onOpenAudit?(): void;
  onOpenSettings?(): void;
  /** Any signed-in user. */
  onChangePassphrase?(): void;
  /** The case list (intake, caseworker, supervisor). */
  onOpenCases?(): void;
  /** A new intake (intake, caseworker). */
  onOpenIntake?(): void;
}

export function canReport(session: SessionInfo): boolean {
  return session.roles.includes("supervisor");
}

export function dashboardView(session: SessionInfo, deps: DashboardDeps): View {
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
    cases = h("section", { id: "dashboard-cases", class: "card dashboard-cases", attrs: { "aria-labelledby": "dashboard-cases-title" } }, [
      h("div", {}, [
        h("h2", { id: "dashboard-cases-title", class: "subsection-title", text: t("dashboard.casesTitle") }),
        h("p", { class: "hint", text: canReadIdentity(session) ? t("dashboard.casesIntro") : t("dashboard.casesIntroCodes") }),
      ]),
      h("div", { class: "actions actions-start actions-wrap" }, [openCases, openIntake]),
    ]);
  }

  let reports: HTMLElement | null = null;
  if (canReport(session)) {
    const open = h("button", { id: "open-report", class: "button button-secondary", text: t("dashboard.openReport"), attrs: { type: "button" } });
    open.addEventListener("click", () => deps.onOpenReport?.());
    reports = h("section", { id: "dashboard-reports", class: "card dashboard-reports", attrs: { "aria-labelledby": "dashboard-reports-title" } }, [
      h("div", {}, [
        h("h2", { id: "dashboard-reports-title", class: "subsection-title", text: t("dashboard.reportsTitle") }),
        h("p", { class: "hint", text: t("dashboard.reportsIntro") }),
      ]),
      open,
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
      ]),
    ]);
  }

  const title = h("h1", { id: "dashboard-title", class: "section-title", text: t("dashboard.casesTitle"), attrs: { tabindex: "-1" } });
  const body = h("div", { class: "dashboard-body" }, [
    title,
    cases ?? h("div", { id: "dashboard-no-cases", class: "card empty-state" }, [h("p", { text: t("dashboard.noCaseAccess") })]),
    reports,
    admin,
    session.autoLockMinutes > 0
      ? h("p", { class: "hint", text: tn("dashboard.autoLock", session.autoLockMinutes) })
      : null,
  ]);

  const root = h("section", { id: "dashboard", class: "screen dashboard", attrs: { "aria-labelledby": "dashboard-title" } }, [header, body]);

  return {
    root,
    // No input here: focus the heading so screen readers announce the new screen.
    focus: () => title.focus(),
    dispose() {
      root.replaceChildren();
    },
  };
}
