// The consent override granted to one user (admin): a checkbox in the user's row. Granted,
// the user may refer without a valid consent for a typed reason (lifecycle.md); the core
// records who was granted it in the audit log.
import type { UserSummary } from "../../bindings/UserSummary";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import type { Lifecycle } from "../view";

export interface GrantDeps {
  life: Lifecycle;
  /** Announces what changed. */
  status: HTMLElement;
  /** Shows what failed. */
  alert: HTMLElement;
  /** The user as the core now has them. */
  changed(user: UserSummary): void;
}

export function grantToggle(user: UserSummary, deps: GrantDeps): HTMLElement {
  const id = `user-grant-${user.name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const box = h("input", {
    id,
    attrs: { type: "checkbox", "data-grant": "consentOverride", checked: user.grants.includes("consentOverride"), "aria-describedby": "users-grant-hint" },
  });
  const label = h("label", { class: "visually-hidden", text: t("users.grantFor", { name: user.name }), attrs: { for: id } });
  box.addEventListener("change", async () => {
    const granted = box.checked;
    box.disabled = true;
    deps.alert.textContent = "";
    deps.status.textContent = "";
    try {
      const now = await ipc.userSetGrant(user.name, "consentOverride", granted);
      if (deps.life.disposed) return;
      box.checked = now.grants.includes("consentOverride");
      deps.status.textContent = t(box.checked ? "users.granted" : "users.revoked", { name: user.name });
      deps.changed(now);
    } catch (e) {
      const error = deps.life.failure(e);
      if (!error) return;
      box.checked = !granted;
      deps.alert.textContent = errorMessage(error);
    } finally {
      if (!deps.life.disposed) {
        box.disabled = false;
        box.focus();
      }
    }
  });
  return h("div", { class: "checkbox checkbox-inline user-grant" }, [box, label]);
}
