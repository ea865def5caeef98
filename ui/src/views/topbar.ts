import type { Role } from "../bindings/Role";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { t } from "../i18n";
import { wordLabel } from "../vocab";
import { languageSwitch } from "./language";

export function roleLabel(role: Role): string {
  return wordLabel("role", role);
}

/**
 * The bar at the top of every signed-in screen: who is signed in, the language switch,
 * "Change my passphrase" (when `onChangePassphrase` is given) and the lock button.
 */
export function topbar(session: SessionInfo, onLock: () => void, onChangePassphrase?: () => void): HTMLElement {
  const lock = h("button", { id: "lock", class: "button button-secondary", attrs: { type: "button", "aria-keyshortcuts": "Control+L" } }, [
    h("span", { text: t("dashboard.lock") }),
    h("kbd", { class: "shortcut", text: t("dashboard.lockShortcut") }),
  ]);
  lock.addEventListener("click", () => onLock());

  let change: HTMLButtonElement | null = null;
  if (onChangePassphrase) {
    change = h("button", { id: "change-passphrase", class: "button button-link", text: t("account.change"), attrs: { type: "button" } });
    change.addEventListener("click", () => onChangePassphrase());
  }

  return h("header", { class: "topbar" }, [
    h("p", { class: "topbar-brand", text: t("app.name") }),
    h("div", { class: "topbar-session" }, [
      h("dl", { class: "session" }, [
        h("div", {}, [h("dt", { text: t("dashboard.signedInAs") }), h("dd", { id: "session-user", text: session.userName })]),
        h("div", {}, [
          h("dt", { text: t("dashboard.roles") }),
          h("dd", { id: "session-roles", text: session.roles.map(roleLabel).join(", ") }),
        ]),
      ]),
      languageSwitch(),
      change,
      lock,
    ]),
  ]);
}
