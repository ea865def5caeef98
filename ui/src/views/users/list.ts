// The list of users (admin): the table, with the consent override granted per user, and
// "Change roles", "Reset passphrase" and "Remove" opening their panel inline below the row
// (one at a time; it stays open across redraws).
import { formatDay, orderedRoles } from "../../adminModel";
import type { SessionInfo } from "../../bindings/SessionInfo";
import type { UserSummary } from "../../bindings/UserSummary";
import { h } from "../../dom";
import { errorMessage } from "../../errors";
import { formAlert } from "../../form";
import { t } from "../../i18n";
import { ipc, toIpcError } from "../../ipc";
import { panel, statusLine } from "../screen";
import { roleLabel } from "../topbar";
import type { Lifecycle } from "../view";
import { grantToggle } from "./grant";
import { removePanel } from "./remove";
import { resetPanel } from "./reset";
import { rolesPanel } from "./roles";
import type { PanelContext, PanelKind } from "./shared";

interface OpenPanel {
  user: string;
  kind: PanelKind;
  row: HTMLTableRowElement;
  opener: HTMLButtonElement;
  /** Wipes secrets, stops the strength meter. */
  dispose(): void;
}

export interface UsersList {
  element: HTMLElement;
  load(): Promise<void>;
  /** Closes the open panel, if any. */
  closePanel(focusOpener: boolean): void;
}

export function usersList(session: SessionInfo, life: Lifecycle): UsersList {
  let users: UserSummary[] = [];
  let open: OpenPanel | null = null;
  const status = statusLine("users-status");
  const listError = formAlert("users-error");
  const tbody = h("tbody");
  const table = h("table", { id: "users-table", class: "data-table users-table", attrs: { "aria-busy": "true" } }, [
    h("caption", { class: "visually-hidden", text: t("users.caption") }),
    h("thead", {}, [
      h("tr", {}, [
        h("th", { text: t("users.col.name"), attrs: { scope: "col" } }),
        h("th", { text: t("users.col.roles"), attrs: { scope: "col" } }),
        h("th", { text: t("users.col.added"), attrs: { scope: "col" } }),
        h("th", { text: t("users.col.override"), attrs: { scope: "col" } }),
        h("th", { text: t("users.col.actions"), attrs: { scope: "col" } }),
      ]),
    ]),
    tbody,
  ]);
  const loading = h("p", { id: "users-loading", class: "hint", text: t("users.loading") });
  const grantHint = h("p", { id: "users-grant-hint", class: "hint", text: t("users.grantHint") });
  const listPanel = panel("users-list", t("users.listTitle"), [listError, loading, h("div", { class: "table-scroll" }, [table]), grantHint, status]);
  const listTitle = listPanel.querySelector<HTMLElement>("h2")!;

  function actionButton(user: string, kind: PanelKind, text: string, label: string): HTMLButtonElement {
    const button = h("button", {
      class: kind === "remove" ? "button button-small button-danger-outline" : "button button-small button-secondary",
      text,
      attrs: { type: "button", "data-action": kind, "aria-label": label, "aria-expanded": "false" },
    });
    button.addEventListener("click", () => {
      if (open && open.user === user && open.kind === kind) closePanel(true);
      else openPanel(user, kind, button);
    });
    return button;
  }

  function userRow(user: UserSummary): HTMLTableRowElement {
    const self = user.name === session.userName;
    const nameCell = h("th", { attrs: { scope: "row" } }, [
      h("span", { class: "user-name", text: user.name }),
      self ? h("span", { class: "you-badge", text: t("users.you") }) : null,
    ]);
    const actions = h("div", { class: "row-actions" }, [
      actionButton(user.name, "roles", t("users.changeRoles"), t("users.changeRolesFor", { name: user.name })),
      actionButton(user.name, "reset", t("users.reset"), t("users.resetFor", { name: user.name })),
      // Nobody removes themselves (the core refuses too); another administrator can.
      self ? null : actionButton(user.name, "remove", t("users.remove"), t("users.removeFor", { name: user.name })),
    ]);
    return h("tr", { attrs: { "data-user": user.name, "data-self": self ? "true" : undefined } }, [
      nameCell,
      h("td", {}, [
        h(
          "ul",
          { class: "role-list" },
          orderedRoles(user.roles).map((r) => h("li", { class: "role-label", text: roleLabel(r), attrs: { "data-role": r } })),
        ),
      ]),
      h("td", {}, [h("time", { text: formatDay(user.createdAt), attrs: { datetime: user.createdAt } })]),
      h("td", {}, [grantToggle(user, { life, status, alert: listError, changed: (now) => (users = users.map((u) => (u.name === now.name ? now : u))) })]),
      h("td", {}, [actions]),
    ]);
  }

  function rowOf(name: string): HTMLTableRowElement | null {
    return Array.from(tbody.querySelectorAll<HTMLTableRowElement>("tr[data-user]")).find((r) => r.dataset.user === name) ?? null;
  }

  function buttonOf(name: string, kind: PanelKind): HTMLButtonElement | null {
    return rowOf(name)?.querySelector<HTMLButtonElement>(`button[data-action="${kind}"]`) ?? null;
  }

  function render(): void {
    tbody.replaceChildren(...users.map(userRow));
    // An open panel stays open below its user's new row (nothing typed is lost).
    if (open) {
      const row = rowOf(open.user);
      const opener = buttonOf(open.user, open.kind);
      if (row && opener) {
        row.after(open.row);
        opener.setAttribute("aria-expanded", "true");
        open.opener = opener;
      } else closePanel(false);
    }
  }

  async function load(): Promise<void> {
    table.setAttribute("aria-busy", "true");
    try {
      const list = await ipc.usersList();
      if (life.disposed) return;
      users = list;
      listError.textContent = "";
      render();
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") listError.textContent = errorMessage(error);
    } finally {
      if (!life.disposed) {
        table.removeAttribute("aria-busy");
        loading.hidden = true;
      }
    }
  }

  // ---- Inline panels -------------------------------------------------------------------------
  function closePanel(focusOpener: boolean): void {
    if (!open) return;
    const { row, opener } = open;
    open.dispose();
    row.remove();
    opener.setAttribute("aria-expanded", "false");
    open = null;
    if (focusOpener && opener.isConnected) opener.focus();
  }

  function openPanel(name: string, kind: PanelKind, opener: HTMLButtonElement): void {
    closePanel(false);
    const user = users.find((u) => u.name === name);
    const row = rowOf(name);
    if (!user || !row) return;
    status.textContent = "";
    const content = (kind === "roles" ? rolesPanel : kind === "remove" ? removePanel : resetPanel)(panelContext, user);
    const panelRow = h("tr", { class: "user-panel-row", attrs: { "data-panel-for": name, "data-panel": kind } }, [
      h("td", { attrs: { colspan: "5" } }, [content.element]),
    ]);
    row.after(panelRow);
    opener.setAttribute("aria-expanded", "true");
    open = { user: name, kind, row: panelRow, opener, dispose: content.dispose };
    content.focus();
  }

  function done(message: string, focus: () => HTMLElement | null): void {
    closePanel(false);
    status.textContent = message;
    void load().then(() => {
      if (!life.disposed) (focus() ?? listTitle).focus();
    });
  }

  const panelContext: PanelContext = { life, close: closePanel, done, buttonOf, listTitle: () => listTitle };

  return { element: listPanel, load, closePanel };
}
