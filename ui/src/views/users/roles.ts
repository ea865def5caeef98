// "Change roles", inline below the user's row.
import type { UserSummary } from "../../bindings/UserSummary";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import type { Role } from "../../bindings/Role";
import { formAlert, onSubmit, submitButton } from "../../form";
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
  let roles: Role[] = [];
  onSubmit({
    form,
    button: save,
    busyText: t("users.savingRoles"),
    idleText: t("users.saveRoles"),
    gone: () => ctx.life.disposed,
    check() {
      choices.clearError();
      alert.textContent = "";
      roles = choices.selected();
      if (roles.length) return true;
      choices.showError(t("users.rolesRequired"));
      choices.boxes[0].focus();
      return false;
    },
    send: () => ipc.userSetRoles(user.name, roles),
    done: () => ctx.done(t("users.rolesSaved", { name: user.name }), () => ctx.buttonOf(user.name, "roles")),
    failed(error) {
      if (error.field === "roles") {
        choices.showError(errorMessage(error));
        choices.boxes[0].focus();
      } else {
        alert.textContent = errorMessage(error);
        save.focus();
      }
    },
    idleAgain: () => form.isConnected,
  });
  return { element: form, focus: () => choices.boxes[0].focus(), dispose: () => {} };
}
