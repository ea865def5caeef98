// Settings (admin): the default minimum cell size of indicator reports, and the minutes of
// inactivity before Haven locks itself (applied from the next unlock). The language is
// chosen by each user in the top bar.
import { AUTO_LOCK_HIGHEST, AUTO_LOCK_LOWEST, MIN_CELL_HIGHEST, MIN_CELL_LOWEST, parseAutoLock, parseMinCell } from "../adminModel";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { VaultSettings } from "../bindings/VaultSettings";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { clearFieldError, field, type Field, formAlert, FormErrors, onSubmit, showFieldError, submitButton, formFrame } from "../form";
import { t, tn, type MessageKey } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { panel, screen, statusLine, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";

/** One number the administrator sets: its field in a form of its own, saved on submit. */
interface NumberSetting {
  /** The ids of the form, its alert, status line and button. */
  ids: { form: string; alert: string; saved: string; save: string };
  field: Field;
  labelledBy: string;
  bounds: { lowest: number; highest: number };
  invalid: MessageKey;
  /** The contract field names the core may blame. */
  errorNames: string[];
  parse(raw: string): number | null;
  send(n: number): Promise<VaultSettings>;
  /** The value the core kept, and the sentence that says so. */
  kept(s: VaultSettings): { value: number; text: string };
}

function numberSetting(spec: NumberSetting, life: Lifecycle): { form: HTMLFormElement; alert: HTMLElement } {
  const f = spec.field;
  f.input.classList.add("input-number");
  f.input.min = String(spec.bounds.lowest);
  f.input.max = String(spec.bounds.highest);
  f.input.step = "1";
  f.input.setAttribute("inputmode", "numeric");
  const alert = formAlert(spec.ids.alert);
  const saved = statusLine(spec.ids.saved);
  const save = submitButton(spec.ids.save, t("settings.save"));
  const form = formFrame({
    id: spec.ids.form,
    labelledBy: spec.labelledBy,
    parts: [f.wrapper],
    alert,
    buttons: [save],
    after: [saved],
  });
  const errors = new FormErrors(alert, Object.fromEntries(spec.errorNames.map((name) => [name, f])));
  f.input.addEventListener("input", () => {
    clearFieldError(f);
    saved.textContent = "";
  });
  let n: number | null = null;
  onSubmit({
    form,
    button: save,
    busyText: t("settings.saving"),
    idleText: t("settings.save"),
    gone: () => life.disposed,
    check() {
      errors.clear();
      saved.textContent = "";
      n = spec.parse(f.input.value);
      if (n !== null) return true;
      showFieldError(f, t(spec.invalid, spec.bounds));
      f.input.focus();
      return false;
    },
    send: () => spec.send(n!),
    done(s) {
      const kept = spec.kept(s);
      f.input.value = String(kept.value);
      saved.textContent = kept.text;
    },
    failed: (error) => (errors.show(error) ?? f.input).focus(),
  });
  return { form, alert };
}

export function settingsView(session: SessionInfo, deps: ScreenDeps): View {
  const life = new Lifecycle();

  // ---- Reports: the default minimum cell size -------------------------------------------------
  const bounds = { lowest: MIN_CELL_LOWEST, highest: MIN_CELL_HIGHEST };
  const minCell = field({ id: "settings-min-cell", label: t("settings.minCell"), type: "number", hint: t("settings.minCellHint", bounds) });
  const reports = numberSetting(
    {
      ids: { form: "settings-form", alert: "settings-error", saved: "settings-saved", save: "settings-save" },
      field: minCell,
      labelledBy: "settings-reports-title",
      bounds,
      invalid: "settings.minCellInvalid",
      errorNames: ["minCell"],
      parse: parseMinCell,
      send: (k) => ipc.settingsSetMinCell(k),
      kept: (s) => ({ value: s.defaultMinCell, text: t("settings.saved", { k: s.defaultMinCell }) }),
    },
    life,
  );

  // ---- Locking: minutes of inactivity ----------------------------------------------------------
  const lockBounds = { lowest: AUTO_LOCK_LOWEST, highest: AUTO_LOCK_HIGHEST };
  const minutes = field({
    id: "settings-auto-lock-minutes",
    label: t("settings.autoLockMinutes"),
    type: "number",
    hint: t("settings.autoLockMinutesHint", lockBounds),
  });
  const locking = numberSetting(
    {
      ids: { form: "settings-auto-lock-form", alert: "settings-auto-lock-alert", saved: "settings-auto-lock-saved", save: "settings-auto-lock-save" },
      field: minutes,
      labelledBy: "settings-session-title",
      bounds: lockBounds,
      invalid: "settings.autoLockInvalid",
      errorNames: ["autoLockMinutes", "minutes"],
      parse: parseAutoLock,
      send: (m) => ipc.settingsSetAutoLock(m),
      kept: (s) => ({ value: s.autoLockMinutes, text: tn("settings.autoLockSaved", s.autoLockMinutes) }),
    },
    life,
  );
  const current = session.autoLockMinutes;
  const lockPanel = panel("settings-session", t("settings.sessionTitle"), [
    h("div", { id: "settings-auto-lock", class: "settings-auto-lock" }, [
      h("p", { id: "settings-auto-lock-current", class: "hint", text: current > 0 ? tn("settings.autoLockNow", current) : t("settings.autoLockOff") }),
      locking.form,
    ]),
  ]);

  const { root, title } = screen("settings", session, deps, { title: t("settings.title"), intro: t("settings.intro") }, [
    h("div", { class: "admin-columns" }, [panel("settings-reports", t("settings.reportsTitle"), [reports.form]), lockPanel]),
  ]);

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
      if (error.kind !== "locked") reports.alert.textContent = errorMessage(error);
    });

  return life.view({ root, focus: () => title.focus(), ready });
}
