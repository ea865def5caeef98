// Backup and restore (admin): when the last backup was taken, "Back up now…" into a folder
// chosen in the system's dialog (with its progress and the file written), and how to restore.
// The core writes the file; no content passes here.
import { backupErrorMessage, lastBackupText } from "../backupModel";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { formatBytes } from "../reportModel";
import { holdLanguageSwitch } from "./language";
import { progressBar } from "./progress";
import { panel, screen, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";
import { busyButton, formAlert, setButtonBusy } from "../form";

/** The command line's restore, named on the screen as it is typed. */
export const RESTORE_COMMAND = "haven restore";

export function backupView(session: SessionInfo, deps: ScreenDeps): View {
  const life = new Lifecycle();

  // ---- When the last backup was taken --------------------------------------------------------
  const last = h("p", { id: "backup-last", class: "backup-last", text: t("backup.statusLoading") });
  const due = h("p", { id: "backup-due", class: "notice notice-warning", text: t("backup.dueNow"), attrs: { hidden: true } });
  const statusError = formAlert("backup-status-error");
  const statusPanel = panel("backup-status", t("backup.statusTitle"), [last, due, statusError]);

  // ---- Back up now -------------------------------------------------------------------------------
  const now = busyButton("backup-now", t("backup.now"), "primary");
  now.setAttribute("aria-describedby", "backup-make-hint");
  const progress = progressBar("backup-progress", t("backup.progressLabel"));
  const alert = formAlert("backup-error");
  const saved = h("p", { id: "backup-saved", class: "saved" });
  const savedFolder = h("p", { id: "backup-folder", class: "hint backup-folder" });
  // Kept in the DOM while empty, so that the result is announced when it appears.
  const result = h("div", { id: "backup-result", class: "backup-result", attrs: { role: "status" } }, [saved, savedFolder]);
  const makePanel = panel("backup-make", t("backup.makeTitle"), [
    h("p", { id: "backup-make-hint", class: "hint", text: t("backup.makeHint") }),
    h("div", { class: "actions actions-start" }, [now]),
    progress.element,
    alert,
    result,
  ]);

  // ---- Restoring -------------------------------------------------------------------------------
  const restorePanel = panel("backup-restore", t("backup.restoreTitle"), [
    h("p", { id: "backup-restore-note", class: "hint", text: t("backup.restoreNote") }),
    h("p", {}, [h("code", { id: "backup-restore-command", class: "mono command", text: RESTORE_COMMAND })]),
    h("p", { id: "backup-erasures-note", class: "notice notice-warning", text: t("backup.erasuresNote") }),
  ]);

  const { root, title } = screen("backup", session, deps, { title: t("backup.title"), intro: t("backup.intro") }, [
    statusPanel,
    h("div", { class: "admin-columns" }, [makePanel, restorePanel]),
  ]);

  let statusSeq = 0;
  async function loadStatus(): Promise<void> {
    const mine = ++statusSeq;
    statusPanel.setAttribute("aria-busy", "true");
    try {
      const status = await ipc.backupStatus();
      if (life.disposed || mine !== statusSeq) return;
      statusError.textContent = "";
      last.textContent = lastBackupText(status);
      if (status.lastBackupAt) last.dataset.lastBackupAt = status.lastBackupAt;
      else delete last.dataset.lastBackupAt;
      // "No backup yet" already says it; the note is for a backup grown old.
      due.hidden = !(status.due && status.lastBackupAt);
    } catch (e) {
      if (life.disposed || mine !== statusSeq) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      last.textContent = "";
      statusError.textContent = t("backup.statusFailed", { message: errorMessage(error) });
    } finally {
      if (!life.disposed && mine === statusSeq) statusPanel.removeAttribute("aria-busy");
    }
  }

  /** From the click to the result; true while the folder dialog is open too. */
  let busy = false;
  async function backUp(): Promise<void> {
    if (busy) return;
    busy = true;
    alert.textContent = "";
    try {
      const folder = await ipc.chooseFolder();
      // Cancelled: nothing changes.
      if (life.disposed || folder === null) return;
      saved.textContent = "";
      savedFolder.textContent = "";
      setButtonBusy(now, true, t("backup.running"), t("backup.now"));
      holdLanguageSwitch(root, true);
      progress.start();
      const summary = await ipc.backupToFolder(folder, (p) => {
        if (!life.disposed && busy) progress.update(p);
      });
      if (life.disposed) return;
      progress.hide();
      saved.textContent = t("backup.saved", { name: summary.fileName, size: formatBytes(summary.bytes) });
      savedFolder.textContent = t("backup.savedFolder", { folder });
      void loadStatus();
    } catch (e) {
      if (life.disposed) return;
      progress.hide();
      const error = toIpcError(e);
      if (error.kind !== "locked") alert.textContent = backupErrorMessage(error, "backup");
    } finally {
      busy = false;
      if (!life.disposed) {
        const hadFocus = document.activeElement === now || document.activeElement === document.body || !document.activeElement;
        setButtonBusy(now, false, t("backup.running"), t("backup.now"));
        holdLanguageSwitch(root, false);
        // A disabled button drops focus; put it back where the user was.
        if (hadFocus) now.focus();
      }
    }
  }
  now.addEventListener("click", () => void backUp());

  const ready = loadStatus();

  return life.view({ root, focus: () => title.focus(), ready });
}
