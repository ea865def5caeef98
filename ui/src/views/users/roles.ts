// "Change roles", inline below the user's row.
import type { UserSummary } from "../../bindings/UserSummary";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { t } from "../../i18n";
import { ipc, toIpcError } from "../../ipc";
import { formAlert, setBusy, submitButton } from "../../form";
import { cancelButton, type PanelContent, type PanelContext, roleChoices } from "./shared";

export function rolesPanel(ctx: PanelContext, user: UserSummary): PanelContent {
  const choices = roleChoices("user-roles", "user-roles", t("users.rolesLegend", { name: user.name }), user.roles);
  const alert = formAlert("user-roles-alert");
  const save = submitButton("user-roles-save", t("users.saveRoles"));
  const cancel = cancelButton("user-roles-cancel", () => ctx.close(true));
  const form = h("form", { id: "user-roles-form", class: "form inline-form", attrs: { novalidate: true } }, [
    choices.fieldset,
    alert,
    h("div", { class: "actions actions-start" }, [save, cancel]),
  ]);
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    choices.clearError();
    alert.textContent = "";
    const roles = choices.selected();
    if (!roles.length) {
      choices.showError(t("users.rolesRequired"));
      choices.boxes[0].focus();
      return;
    }
    busy = true;
    setBusy(form, save, true, t("users.savingRoles"), t("users.saveRoles"));
    try {
      await ipc.userSetRoles(user.name, roles);
      if (ctx.life.disposed) return;
      ctx.done(t("users.rolesSaved", { name: user.name }), () => ctx.buttonOf(user.name, "roles"));
    } catch (e) {
      if (ctx.life.disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      if (error.field === "roles") {
        choices.showError(errorMessage(error));
        choices.boxes[0].focus();
      } else {
        alert.textContent = errorMessage(error);
        save.focus();
      }
    } finally {
      busy = false;
      if (form.isConnected) setBusy(form, save, false, t("users.savingRoles"), t("users.saveRoles"));
    }
  });
  return { element: form, focus: () => choices.boxes[0].focus(), dispose: () => {} };
}
