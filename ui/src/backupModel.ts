// Pure helpers of backup and restore: how far a run has come, when the last backup was taken,
// the dashboard's reminder, and which words an error is shown in. Unit-tested.
import type { BackupStatus } from "./bindings/BackupStatus";
import type { IpcError } from "./bindings/IpcError";
import type { Progress } from "./bindings/Progress";
import { errorMessage } from "./errors";
import { hasKey, intlLocale, language, t, tn } from "./i18n";

/** The whole percent of the stage running, 0 to 100 (0 while its size is not known). */
export function progressPercent(p: Progress): number {
  if (!(p.total > 0) || !(p.done >= 0)) return 0;
  return Math.min(100, Math.floor((p.done * 100) / p.total));
}

/** "Taking a snapshot… 40%"; "Starting…" before the core has said anything. */
export function progressText(p: Progress | null): string {
  if (!p) return t("progress.starting");
  const key = `progress.${p.stage}`;
  return hasKey(key) ? t(key, { percent: progressPercent(p) }) : t("progress.starting");
}

/**
 * "28 November 2026, 14:05", in this computer's time zone unless `timeZone` is given. The day
 * and the time are formatted apart: some locales join them oddly ("25 noyabr 2026/10:05").
 */
export function formatTakenAt(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = new Intl.DateTimeFormat(intlLocale(), { day: "numeric", month: "long", year: "numeric", timeZone }).format(d);
  const time = new Intl.DateTimeFormat(intlLocale(), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(d);
  return `${day}, ${time}`;
}

/** "3 days ago", "today". */
export function daysAgo(days: number): string {
  return days <= 0 ? t("backup.today") : tn("backup.daysAgo", days);
}

/** The backup screen's line about the last backup. */
export function lastBackupText(status: BackupStatus, timeZone?: string): string {
  if (!status.lastBackupAt) return t("backup.never");
  const date = formatTakenAt(status.lastBackupAt, timeZone);
  return t("backup.lastTaken", { date, ago: daysAgo(status.daysSince ?? 0) });
}

/** The dashboard's reminder, or null when no backup is due. */
export function reminderText(status: BackupStatus): string | null {
  if (!status.due) return null;
  if (!status.lastBackupAt || status.daysSince === null) return t("backup.reminder.never");
  return tn("backup.reminder.old", status.daysSince);
}

/**
 * The words of a backup or restore error: the core's own (English) sentence in English, which
 * says exactly what happened; otherwise this screen's text for the kind, if it has one
 * (`backup.error.storage`), else the app's usual text for the kind.
 */
export function backupErrorMessage(error: IpcError, prefix: "backup" | "restore"): string {
  if (language() === "en" && error.message.trim()) return error.message;
  const key = `${prefix}.error.${error.kind}`;
  return hasKey(key) ? t(key) : errorMessage(error);
}
