// Settings (admin): the default minimum cell size of indicator reports; the automatic lock
// shown read-only; a note on the language switch to come.
import { MIN_CELL_HIGHEST, MIN_CELL_LOWEST, parseMinCell } from "../adminModel";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { clearFieldError, field, FormErrors, formAlert, setBusy, showFieldError, submitButton } from "../form";
import { t, tn } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { panel, screen, statusLine, type ScreenDeps } from "./screen";
import type { View } from "./view";

export function settingsView(session: SessionInfo, deps: ScreenDeps): View {
  const bounds = { lowest: MIN_CELL_LOWEST, highest: MIN_CELL_HIGHEST };
  const minCell = field({ id: "settings-min-cell", label: t("settings.minCell"), type: "number", hint: t("settings.minCellHint", bounds) });
  minCell.input.classList.add("input-number");
  minCell.input.min = String(MIN_CELL_LOWEST);
  minCell.input.max = String(MIN_CELL_HIGHEST);
  minCell.input.step = "1";
  minCell.input.setAttribute("inputmode", "numeric");

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

  const minutes = session.autoLockMinutes;
  const lockPanel = panel("settings-session", t("settings.sessionTitle"), [
    h("dl", { class: "settings-list" }, [
      h("div", {}, [
        h("dt", { text: t("settings.autoLock") }),
        h("dd", { id: "settings-auto-lock", text: minutes > 0 ? tn("settings.autoLock", minutes) : t("settings.autoLockOff") }),
      ]),
    ]),
    h("p", { class: "hint", text: t("settings.autoLockNote") }),
  ]);
  const languagePanel = panel("settings-language", t("settings.languageTitle"), [
    h("p", { id: "settings-language-note", class: "hint", text: t("settings.languageNote") }),
  ]);

  const { root, title } = screen("settings", session, deps, { title: t("settings.title"), intro: t("settings.intro") }, [
    panel("settings-reports", t("settings.reportsTitle"), [form]),
    h("div", { class: "admin-columns" }, [lockPanel, languagePanel]),
  ]);

  let busy = false;
  let disposed = false;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    saved.textContent = "";
    const k = parseMinCell(minCell.input.value);
    if (k === null) {
      showFieldError(minCell, t("settings.minCellInvalid", bounds));
      minCell.input.focus();
      return;
    }
    busy = true;
    setBusy(form, save, true, t("settings.saving"), t("settings.save"));
    try {
      const s = await ipc.settingsSetMinCell(k);
      if (disposed) return;
      minCell.input.value = String(s.defaultMinCell);
      saved.textContent = t("settings.saved", { k: s.defaultMinCell });
    } catch (e) {
      if (disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") (errors.show(error) ?? minCell.input).focus();
    } finally {
      busy = false;
      if (!disposed) setBusy(form, save, false, t("settings.saving"), t("settings.save"));
    }
  });

  ipc
    .settingsGet()
    .then((s) => {
      if (disposed) return;
      if (!minCell.input.value) minCell.input.value = String(s.defaultMinCell);
    })
    .catch((e) => {
      if (disposed) return;
      const error = toIpcError(e);
      if (error.kind !== "locked") alert.textContent = errorMessage(error);
    });

  return {
    root,
    focus: () => title.focus(),
    dispose() {
      disposed = true;
      root.replaceChildren();
    },
  };
}
