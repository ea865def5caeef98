import type { Role } from "../bindings/Role";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { hasKey, t, tn } from "../i18n";
import type { View } from "./view";

export function roleLabel(role: Role): string {
  const key = `role.${role}`;
  return hasKey(key) ? t(key) : role;
}

export interface DashboardDeps {
  onLock(): void;
}

export function dashboardView(session: SessionInfo, deps: DashboardDeps): View {
  const lock = h("button", { id: "lock", class: "button button-secondary", attrs: { type: "button", "aria-keyshortcuts": "Control+L" } }, [
    h("span", { text: t("dashboard.lock") }),
    h("kbd", { class: "shortcut", text: t("dashboard.lockShortcut") }),
  ]);
  lock.addEventListener("click", () => deps.onLock());

  const header = h("header", { class: "topbar" }, [
    h("p", { class: "topbar-brand", text: t("app.name") }),
    h("div", { class: "topbar-session" }, [
      h("dl", { class: "session" }, [
        h("div", {}, [h("dt", { text: t("dashboard.signedInAs") }), h("dd", { id: "session-user", text: session.userName })]),
        h("div", {}, [
          h("dt", { text: t("dashboard.roles") }),
          h("dd", { id: "session-roles", text: session.roles.map(roleLabel).join(", ") }),
        ]),
      ]),
      lock,
    ]),
  ]);

  const title = h("h1", { id: "dashboard-title", class: "section-title", text: t("dashboard.casesTitle"), attrs: { tabindex: "-1" } });
  const body = h("div", { class: "dashboard-body" }, [
    title,
    h("div", { class: "card empty-state" }, [h("p", { text: t("dashboard.empty") })]),
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
