// "Remove", inline below the user's row: a confirmation, Cancel first.
import type { UserSummary } from "../../bindings/UserSummary";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { t } from "../../i18n";
import { ipc, toIpcError } from "../../ipc";
import { busyButton, formAlert, setButtonBusy } from "../../form";
import { cancelButton, type PanelContent, type PanelContext } from "./shared";

export function removePanel(ctx: PanelContext, user: UserSummary): PanelContent {
  const alert = formAlert("user-remove-error");
  const confirm = busyButton("user-remove-confirm", t("users.removeConfirmButton", { name: user.name }), "danger");
  const cancel = cancelButton("user-remove-cancel", () => ctx.close(true));
  const element = h("div", { id: "user-remove-panel", class: "confirm-panel", attrs: { role: "group", "aria-labelledby": "user-remove-question" } }, [
    h("p", { id: "user-remove-question", class: "confirm-text", text: t("users.removeConfirm", { name: user.name }) }),
    alert,
    h("div", { class: "actions actions-start" }, [confirm, cancel]),
  ]);
  let busy = false;
  confirm.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    alert.textContent = "";
    const idle = t("users.removeConfirmButton", { name: user.name });
    setButtonBusy(confirm, true, t("users.removing"), idle);
    try {
      await ipc.userRemove(user.name);
      if (ctx.life.disposed) return;
      ctx.done(t("users.removed", { name: user.name }), () => ctx.listTitle());
    } catch (e) {
      if (ctx.life.disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      alert.textContent = errorMessage(error);
      if (confirm.isConnected) {
        setButtonBusy(confirm, false, t("users.removing"), idle);
        cancel.focus();
      }
    } finally {
      busy = false;
    }
  });
  // Cancel first: removing is the action to think twice about.
  return { element, focus: () => cancel.focus(), dispose: () => {} };
}
