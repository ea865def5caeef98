// Users and roles (admin): the table of users with "Change roles", "Remove" and "Reset
// passphrase" opening inline below the row, the "Add user" form, and the two key actions:
// replacing the recovery key and re-encrypting the vault under a new data key.
import { formatDay, orderedRoles } from "../adminModel";
import type { IpcError } from "../bindings/IpcError";
import type { Role } from "../bindings/Role";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { UserSummary } from "../bindings/UserSummary";
import { h, wipeSecrets } from "../dom";
import { errorMessage } from "../errors";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { panel, screen, statusLine, type ScreenDeps } from "./screen";
import { strengthDescribedBy, strengthMeter } from "./strengthMeter";
import { roleLabel } from "./topbar";
import type { View } from "./view";
import { wordOptions } from "../vocab";
import { busyButton, checkboxGroup, clearFieldError, field, type Field, formAlert, FormErrors, setBusy, setButtonBusy, showFieldError, submitButton } from "../form";

export interface UsersDeps extends ScreenDeps {
  /** The recovery key was replaced: show the new one once. */
  onRecoveryKeyReplaced(recoveryKey: string): void;
  /** Re-encrypt under a new data key with the admin's passphrase (the app runs it: it locks). */
  onRotate(passphrase: string): void;
}

type PanelKind = "roles" | "remove" | "reset";

interface OpenPanel {
  user: string;
  kind: PanelKind;
  row: HTMLTableRowElement;
  opener: HTMLButtonElement;
  /** Wipes secrets, stops the strength meter. */
  dispose(): void;
}

// ---- A group of role checkboxes -------------------------------------------------------------

interface RoleChoices {
  fieldset: HTMLFieldSetElement;
  boxes: HTMLInputElement[];
  selected(): Role[];
  showError(message: string): void;
  clearError(): void;
}

function roleChoices(name: string, idPrefix: string, legend: string, checked: readonly Role[]): RoleChoices {
  const group = checkboxGroup({
    prefix: idPrefix,
    name,
    legend,
    options: wordOptions("role"),
    checked,
    groupClass: "role-choices",
    rowClass: "role-choices-row",
  });
  return {
    fieldset: group.fieldset,
    boxes: group.boxes,
    selected: () => orderedRoles(group.checked()),
    showError: (message) => group.target.show(message),
    clearError: () => group.target.clear(),
  };
}

/** A new passphrase typed twice, with the strength meter below the first. */
function newPassphraseFields(idPrefix: string, labels: { pass: string; again: string; hint?: string }, userName: () => string) {
  const meterPrefix = `${idPrefix}-strength`;
  const pass = field({
    id: `${idPrefix}-passphrase`,
    label: labels.pass,
    type: "password",
    autocomplete: "new-password",
    hint: labels.hint,
    describedBy: strengthDescribedBy(meterPrefix),
  });
  const again = field({ id: `${idPrefix}-passphrase-again`, label: labels.again, type: "password", autocomplete: "new-password" });
  const meter = strengthMeter(meterPrefix, pass.input, userName);
  pass.wrapper.append(meter.element);
  return { pass, again, meter };
}

/** Required fields and matching passphrases; shows what is wrong. True when all is well. */
function checkPassphraseForm(required: Field[], pass: Field, again: Field): boolean {
  const missing = required.filter((f) => !f.input.value.trim());
  for (const f of missing) showFieldError(f, t("field.required"));
  if (missing.length) {
    missing[0].input.focus();
    return false;
  }
  if (pass.input.value !== again.input.value) {
    showFieldError(again, t("passphrase.mismatch"));
    again.input.focus();
    return false;
  }
  return true;
}

// ---- The screen -----------------------------------------------------------------------------

export function usersView(session: SessionInfo, deps: UsersDeps): View {
  let users: UserSummary[] = [];
  let open: OpenPanel | null = null;
  let disposed = false;

  // ---- Table -------------------------------------------------------------------------------
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
        h("th", { text: t("users.col.actions"), attrs: { scope: "col" } }),
      ]),
    ]),
    tbody,
  ]);
  const loading = h("p", { id: "users-loading", class: "hint", text: t("users.loading") });
  const listPanel = panel("users-list", t("users.listTitle"), [listError, loading, h("div", { class: "table-scroll" }, [table]), status]);
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
      if (disposed) return;
      users = list;
      listError.textContent = "";
      render();
    } catch (e) {
      if (disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") listError.textContent = errorMessage(error);
    } finally {
      if (!disposed) {
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
    const content = kind === "roles" ? rolesPanel(user) : kind === "remove" ? removePanel(user) : resetPanel(user);
    const panelRow = h("tr", { class: "user-panel-row", attrs: { "data-panel-for": name, "data-panel": kind } }, [
      h("td", { attrs: { colspan: "4" } }, [content.element]),
    ]);
    row.after(panelRow);
    opener.setAttribute("aria-expanded", "true");
    open = { user: name, kind, row: panelRow, opener, dispose: content.dispose };
    content.focus();
  }

  interface PanelContent {
    element: HTMLElement;
    focus(): void;
    dispose(): void;
  }

  function done(message: string, focus: () => HTMLElement | null): void {
    closePanel(false);
    status.textContent = message;
    void load().then(() => {
      if (!disposed) (focus() ?? listTitle).focus();
    });
  }

  function rolesPanel(user: UserSummary): PanelContent {
    const choices = roleChoices("user-roles", "user-roles", t("users.rolesLegend", { name: user.name }), user.roles);
    const alert = formAlert("user-roles-alert");
    const save = submitButton("user-roles-save", t("users.saveRoles"));
    const cancel = h("button", { id: "user-roles-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
    cancel.addEventListener("click", () => closePanel(true));
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
        if (disposed) return;
        done(t("users.rolesSaved", { name: user.name }), () => buttonOf(user.name, "roles"));
      } catch (e) {
        if (disposed) return;
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

  function removePanel(user: UserSummary): PanelContent {
    const alert = formAlert("user-remove-error");
    const confirm = busyButton("user-remove-confirm", t("users.removeConfirmButton", { name: user.name }), "danger");
    const cancel = h("button", { id: "user-remove-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
    cancel.addEventListener("click", () => closePanel(true));
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
        if (disposed) return;
        done(t("users.removed", { name: user.name }), () => listTitle);
      } catch (e) {
        if (disposed) return;
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

  function resetPanel(user: UserSummary): PanelContent {
    const key = field({ id: "reset-recovery-key", label: t("users.recoveryKey"), hint: t("users.recoveryKeyHint") });
    key.input.classList.add("input-mono");
    key.input.setAttribute("data-secret", "");
    const { pass, again, meter } = newPassphraseFields("reset", { pass: t("users.resetPassphrase", { name: user.name }), again: t("users.resetPassphraseAgain") }, () => user.name);
    const alert = formAlert("user-reset-error");
    const save = submitButton("user-reset-save", t("users.resetSave"));
    const cancel = h("button", { id: "user-reset-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
    cancel.addEventListener("click", () => closePanel(true));
    const form = h("form", { id: "user-reset-form", class: "form inline-form", attrs: { novalidate: true, autocomplete: "off" } }, [
      h("p", { class: "hint", text: t("users.resetIntro", { name: user.name }) }),
      key.wrapper,
      pass.wrapper,
      again.wrapper,
      alert,
      h("div", { class: "actions actions-start" }, [save, cancel]),
    ]);
    const errors = new FormErrors(alert, { recoveryKey: key, passphrase: pass, newPassphrase: pass, passphraseAgain: again });
    for (const f of [key, pass, again]) f.input.addEventListener("input", () => clearFieldError(f));
    let busy = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      errors.clear();
      if (!checkPassphraseForm([key, pass], pass, again)) return;
      busy = true;
      setBusy(form, save, true, t("users.resetting"), t("users.resetSave"));
      try {
        await ipc.userResetPassphrase(user.name, key.input.value.trim(), pass.input.value, again.input.value);
        if (disposed) return;
        done(t("users.resetDone", { name: user.name }), () => buttonOf(user.name, "reset"));
      } catch (e) {
        if (disposed) return;
        const error = toIpcError(e);
        if (error.kind === "locked") return;
        // A wrong recovery key comes back as wrong credentials, without a field.
        const atFault = error.kind === "wrongCredentials" ? (showFieldError(key, errorMessage(error)), key.input) : errors.show(error);
        (atFault ?? save).focus();
      } finally {
        busy = false;
        if (form.isConnected) setBusy(form, save, false, t("users.resetting"), t("users.resetSave"));
      }
    });
    return {
      element: form,
      focus: () => key.input.focus(),
      dispose() {
        wipeSecrets(form);
        meter.dispose();
      },
    };
  }

  // ---- Add a user ----------------------------------------------------------------------------
  const newName = field({ id: "new-user-name", label: t("users.newName"), hint: t("users.newNameHint"), autocomplete: "off" });
  const newRoles = roleChoices("new-user-role", "new-user-role", t("users.newRoles"), []);
  newRoles.fieldset.id = "new-user-roles";
  const added = newPassphraseFields(
    "new-user",
    { pass: t("users.newPassphrase"), again: t("users.newPassphraseAgain"), hint: t("users.newPassphraseHint") },
    () => newName.input.value.trim(),
  );
  const addAlert = formAlert("user-add-error");
  const addSaved = statusLine("user-add-saved");
  const addButton = submitButton("user-add", t("users.add"));
  const addForm = h("form", { id: "user-add-form", class: "form", attrs: { novalidate: true, autocomplete: "off" } }, [
    newName.wrapper,
    newRoles.fieldset,
    added.pass.wrapper,
    added.again.wrapper,
    addAlert,
    h("div", { class: "actions actions-start" }, [addButton]),
    addSaved,
  ]);
  const addPanel = panel("user-add-section", t("users.addTitle"), [addForm]);
  const addErrors = new FormErrors(addAlert, { userName: newName, passphrase: added.pass, newPassphrase: added.pass, passphraseAgain: added.again });
  for (const f of [newName, added.pass, added.again]) {
    f.input.addEventListener("input", () => {
      clearFieldError(f);
      addSaved.textContent = "";
    });
  }
  newName.input.addEventListener("input", () => added.meter.refresh());
  let adding = false;

  function showAddError(error: IpcError): HTMLElement | null {
    if (error.field === "roles") {
      newRoles.showError(errorMessage(error));
      return newRoles.boxes[0];
    }
    return addErrors.show(error);
  }

  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (adding) return;
    addErrors.clear();
    newRoles.clearError();
    addSaved.textContent = "";
    const name = newName.input.value.trim();
    const roles = newRoles.selected();
    const missing: Field[] = [newName, added.pass].filter((f) => !f.input.value.trim());
    for (const f of missing) showFieldError(f, t("field.required"));
    if (!roles.length) newRoles.showError(t("users.rolesRequired"));
    if (missing.length || !roles.length) {
      (missing[0]?.input === newName.input ? newName.input : !roles.length ? newRoles.boxes[0] : missing[0].input).focus();
      return;
    }
    if (added.pass.input.value !== added.again.input.value) {
      showFieldError(added.again, t("passphrase.mismatch"));
      added.again.input.focus();
      return;
    }
    adding = true;
    setBusy(addForm, addButton, true, t("users.adding"), t("users.add"));
    try {
      const summary = await ipc.userAdd(name, roles, added.pass.input.value, added.again.input.value);
      if (disposed) return;
      newName.input.value = "";
      for (const box of newRoles.boxes) box.checked = false;
      wipeSecrets(addForm);
      added.meter.reset();
      addSaved.textContent = t("users.added", { name: summary.name });
      await load();
      if (!disposed) newName.input.focus();
    } catch (e) {
      if (disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      (showAddError(error) ?? newName.input).focus();
    } finally {
      adding = false;
      if (!disposed) setBusy(addForm, addButton, false, t("users.adding"), t("users.add"));
    }
  });

  // ---- Recovery key ----------------------------------------------------------------------------
  const replaceOpen = h("button", {
    id: "replace-recovery-key",
    class: "button button-secondary",
    text: t("users.replaceRecovery"),
    attrs: { type: "button", "aria-expanded": "false", "aria-controls": "replace-recovery-panel" },
  });
  const replaceAlert = formAlert("replace-recovery-error");
  const replaceConfirm = busyButton("replace-recovery-confirm", t("users.replaceConfirmButton"), "danger");
  const replaceCancel = h("button", { id: "replace-recovery-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
  const replacePanel = h("div", { id: "replace-recovery-panel", class: "confirm-panel", attrs: { hidden: true, role: "group", "aria-labelledby": "replace-recovery-question" } }, [
    h("p", { id: "replace-recovery-question", class: "confirm-text", text: t("users.replaceConfirm") }),
    replaceAlert,
    h("div", { class: "actions actions-start" }, [replaceConfirm, replaceCancel]),
  ]);
  const recoveryPanel = panel("recovery-key-section", t("users.recoveryTitle"), [
    h("p", { class: "hint", text: t("users.recoveryIntro") }),
    h("div", { class: "actions actions-start" }, [replaceOpen]),
    replacePanel,
  ]);
  let replacing = false;

  function showConfirm(panelEl: HTMLElement, opener: HTMLButtonElement, show: boolean, focus: HTMLElement): void {
    panelEl.hidden = !show;
    opener.setAttribute("aria-expanded", String(show));
    focus.focus();
  }

  replaceOpen.addEventListener("click", () => {
    replaceAlert.textContent = "";
    showConfirm(replacePanel, replaceOpen, replacePanel.hidden, replacePanel.hidden ? replaceCancel : replaceOpen);
  });
  replaceCancel.addEventListener("click", () => showConfirm(replacePanel, replaceOpen, false, replaceOpen));
  replaceConfirm.addEventListener("click", async () => {
    if (replacing) return;
    replacing = true;
    replaceAlert.textContent = "";
    setButtonBusy(replaceConfirm, true, t("users.replacing"), t("users.replaceConfirmButton"));
    try {
      const created = await ipc.recoveryKeyReplace();
      if (!disposed) deps.onRecoveryKeyReplaced(created.recoveryKey);
    } catch (e) {
      if (disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") replaceAlert.textContent = errorMessage(error);
    } finally {
      replacing = false;
      if (!disposed) setButtonBusy(replaceConfirm, false, t("users.replacing"), t("users.replaceConfirmButton"));
    }
  });

  // ---- Data key ----------------------------------------------------------------------------------
  const rotateOpen = h("button", {
    id: "rotate-data-key",
    class: "button button-secondary",
    text: t("users.rotate"),
    attrs: { type: "button", "aria-expanded": "false", "aria-controls": "rotate-panel" },
  });
  const rotatePass = field({
    id: "rotate-passphrase",
    label: t("users.rotatePassphrase"),
    type: "password",
    autocomplete: "current-password",
    hint: t("users.rotatePassphraseHint"),
  });
  const rotateConfirm = busyButton("rotate-confirm", t("users.rotateConfirmButton"), "danger", "submit");
  const rotateCancel = h("button", { id: "rotate-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
  const rotateForm = h("form", { id: "rotate-panel", class: "form confirm-panel", attrs: { hidden: true, novalidate: true, autocomplete: "off", "aria-labelledby": "rotate-question" } }, [
    h("p", { id: "rotate-question", class: "confirm-text", text: t("users.rotateConfirm") }),
    rotatePass.wrapper,
    h("div", { class: "actions actions-start" }, [rotateConfirm, rotateCancel]),
  ]);
  const dataKeyPanel = panel("data-key-section", t("users.dataKeyTitle"), [
    h("p", { class: "hint", text: t("users.dataKeyIntro") }),
    h("div", { class: "actions actions-start" }, [rotateOpen]),
    rotateForm,
  ]);
  rotatePass.input.addEventListener("input", () => clearFieldError(rotatePass));
  rotateOpen.addEventListener("click", () => {
    const show = rotateForm.hidden;
    if (!show) rotatePass.input.value = "";
    showConfirm(rotateForm, rotateOpen, show, show ? rotatePass.input : rotateOpen);
  });
  rotateCancel.addEventListener("click", () => {
    rotatePass.input.value = "";
    clearFieldError(rotatePass);
    showConfirm(rotateForm, rotateOpen, false, rotateOpen);
  });
  rotateForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const passphrase = rotatePass.input.value;
    if (!passphrase) {
      showFieldError(rotatePass, t("field.required"));
      rotatePass.input.focus();
      return;
    }
    rotatePass.input.value = "";
    deps.onRotate(passphrase);
  });

  // ---- Screen --------------------------------------------------------------------------------------
  const { root, title } = screen(
    "users",
    session,
    deps,
    { title: t("users.title"), intro: t("users.intro") },
    [listPanel, addPanel, h("div", { class: "admin-columns" }, [recoveryPanel, dataKeyPanel])],
  );

  void load();

  return {
    root,
    focus: () => title.focus(),
    dispose() {
      disposed = true;
      closePanel(false);
      wipeSecrets(root);
      added.meter.dispose();
      root.replaceChildren();
    },
  };
}
