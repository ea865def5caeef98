// Settings (admin): the default minimum cell size of indicator reports, and the minutes of
// inactivity before Haven locks itself (applied from the next unlock). The language is
// chosen by each user in the top bar.
import { AUTO_LOCK_HIGHEST, AUTO_LOCK_LOWEST, MIN_CELL_HIGHEST, MIN_CELL_LOWEST, parseAutoLock, parseMinCell } from "../adminModel";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t, tn } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { panel, screen, statusLine, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";
import { clearFieldError, field, type Field, formAlert, FormErrors, onSubmit, showFieldError, submitButton } from "../form";

function numberInput(f: Field, lowest: number, highest: number): void {
  f.input.classList.add("input-number");
  f.input.min = String(lowest);
  f.input.max = String(highest);
  f.input.step = "1";
  f.input.setAttribute("inputmode", "numeric");
}

export function settingsView(session: SessionInfo, deps: ScreenDeps): View {
  const life = new Lifecycle();

  // ---- Reports: the default minimum cell size -------------------------------------------------
  const bounds = { lowest: MIN_CELL_LOWEST, highest: MIN_CELL_HIGHEST };
  const minCell = field({ id: "settings-min-cell", label: t("settings.minCell"), type: "number", hint: t("settings.minCellHint", bounds) });
  numberInput(minCell, MIN_CELL_LOWEST, MIN_CELL_HIGHEST);

  const alert = formAlert("settings-error");
  const saved = statusLine("settings-saved");
  const save = submitButton("settings-save", t("settings.save"));
  const form = h("form", { id: "settings-form", class: "form", attrs: { novalidate: true, autocomplete: "off", "aria-labelledby": "settings-reports-title" } }, [
    minCell.wrapper,
    alert,
    h("div", { class: "actions actions-start" }, [save]),
    saved,
  ]);
  const errors = new FormErrors(alert, { minCell });
  minCell.input.addEventListener("input", () => {
    clearFieldError(minCell);
    saved.textContent = "";
  });

  // ---- Locking: minutes of inactivity ----------------------------------------------------------
  const lockBounds = { lowest: AUTO_LOCK_LOWEST, highest: AUTO_LOCK_HIGHEST };
  const minutes = field({
    id: "settings-auto-lock-minutes",
    label: t("settings.autoLockMinutes"),
    type: "number",
    hint: t("settings.autoLockMinutesHint", lockBounds),
  });
  numberInput(minutes, AUTO_LOCK_LOWEST, AUTO_LOCK_HIGHEST);
  const lockAlert = formAlert("settings-auto-lock-alert");
  const lockSaved = statusLine("settings-auto-lock-saved");
  const lockSave = submitButton("settings-auto-lock-save", t("settings.save"));
  const lockForm = h("form", { id: "settings-auto-lock-form", class: "form", attrs: { novalidate: true, autocomplete: "off", "aria-labelledby": "settings-session-title" } }, [
    minutes.wrapper,
    lockAlert,
    h("div", { class: "actions actions-start" }, [lockSave]),
    lockSaved,
  ]);
  const lockErrors = new FormErrors(lockAlert, { autoLockMinutes: minutes, minutes });
  minutes.input.addEventListener("input", () => {
    clearFieldError(minutes);
    lockSaved.textContent = "";
  });
  const current = session.autoLockMinutes;
  const lockPanel = panel("settings-session", t("settings.sessionTitle"), [
    h("div", { id: "settings-auto-lock", class: "settings-auto-lock" }, [
      h("p", { id: "settings-auto-lock-current", class: "hint", text: current > 0 ? tn("settings.autoLockNow", current) : t("settings.autoLockOff") }),
      lockForm,
    ]),
  ]);

  const { root, title } = screen("settings", session, deps, { title: t("settings.title"), intro: t("settings.intro") }, [
    h("div", { class: "admin-columns" }, [panel("settings-reports", t("settings.reportsTitle"), [form]), lockPanel]),
  ]);

  let k: number | null = null;
  onSubmit({
    form,
    button: save,
    busyText: t("settings.saving"),
    idleText: t("settings.save"),
    gone: () => life.disposed,
    check() {
      errors.clear();
      saved.textContent = "";
      k = parseMinCell(minCell.input.value);
      if (k !== null) return true;
      showFieldError(minCell, t("settings.minCellInvalid", bounds));
      minCell.input.focus();
      return false;
    },
    send: () => ipc.settingsSetMinCell(k!),
    done(s) {
      minCell.input.value = String(s.defaultMinCell);
      saved.textContent = t("settings.saved", { k: s.defaultMinCell });
    },
    failed: (error) => (errors.show(error) ?? minCell.input).focus(),
  });

  let m: number | null = null;
  onSubmit({
    form: lockForm,
    button: lockSave,
    busyText: t("settings.saving"),
    idleText: t("settings.save"),
    gone: () => life.disposed,
    check() {
      lockErrors.clear();
      lockSaved.textContent = "";
      m = parseAutoLock(minutes.input.value);
      if (m !== null) return true;
      showFieldError(minutes, t("settings.autoLockInvalid", lockBounds));
      minutes.input.focus();
      return false;
    },
    send: () => ipc.settingsSetAutoLock(m!),
    done(s) {
      minutes.input.value = String(s.autoLockMinutes);
      lockSaved.textContent = tn("settings.autoLockSaved", s.autoLockMinutes);
    },
    failed: (error) => (lockErrors.show(error) ?? minutes.input).focus(),
  });

  const ready = ipc
    .settingsGet()
    .then((s) => {
      if (life.disposed) return;
      if (!minCell.input.value) minCell.input.value = String(s.defaultMinCell);
      if (!minutes.input.value && typeof s.autoLockMinutes === "number") minutes.input.value = String(s.autoLockMinutes);
    })
    .catch((e) => {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") alert.textContent = errorMessage(error);
    });

  return life.view({ root, focus: () => title.focus(), ready });
}
