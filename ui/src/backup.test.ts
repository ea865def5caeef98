// Backup and restore, the dashboard's backup reminder and the "Copy" buttons of identifying
// values, against a fake core (mockIPC) and a mocked dialog plugin.
import type { Channel } from "@tauri-apps/api/core";
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockIPC } from "./testing/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import { backupErrorMessage, lastBackupText, progressPercent, progressText, reminderText } from "./backupModel";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { BackupSummary } from "./bindings/BackupSummary";
import type { CaseView } from "./bindings/CaseView";
import type { IpcError } from "./bindings/IpcError";
import type { Progress } from "./bindings/Progress";
import type { RestoreCredentials } from "./bindings/RestoreCredentials";
import type { SessionInfo } from "./bindings/SessionInfo";
import { setLanguage } from "./i18n";
import { isIpcError } from "./ipc";
import { permissionsOf } from "./testing/permissions";

const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ save: dialog.save, open: dialog.open }));

const session = (userName: string, roles: SessionInfo["roles"]): SessionInfo => ({ userName, roles, permissions: permissionsOf(roles), autoLockMinutes: 5, language: null, keyFileChanged: false });
const admin = session("amina", ["admin"]);
const caseworker = session("rauf", ["caseworker"]);
const supervisor = session("leyla", ["supervisor"]);
const PASS = "correct horse battery staple 42";
const KEY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567";
const NAME = "Aysel Məmmədova";
const PHONE = "+994 50 123 45 67";

const fault = (kind: IpcError["kind"], message: string, field: string | null = null): IpcError => ({ kind, message, field, problems: [] });

const NEVER: BackupStatus = { lastBackupAt: null, daysSince: null, due: true };
const RECENT: BackupStatus = { lastBackupAt: "2026-11-25T10:05:00Z", daysSince: 3, due: false };
const OLD: BackupStatus = { lastBackupAt: "2026-11-18T10:05:00Z", daysSince: 10, due: true };
const TAKEN: BackupStatus = { lastBackupAt: "2026-11-28T14:05:00Z", daysSince: 0, due: false };
const SUMMARY: BackupSummary = {
  path: "/media/usb/haven-backup-2026-11-28-1405.havenbackup",
  fileName: "haven-backup-2026-11-28-1405.havenbackup",
  bytes: Math.round(3.2 * 1024 * 1024),
  takenAt: "2026-11-28T14:05:00Z",
};

function caseView(hidden: boolean): CaseView {
  return {
    identity_hidden: hidden,
    entry_ids: { referrals: [], shelter_stays: [], beds: [], consents: [] },
    erased: null,
    consent_states: [],
    referred_in_from: null,
    identified_elsewhere: false,
    caseworker: null,
    ref: hidden ? null : "MOL-2026/118",
    code: "HVN-2026-0007",
    person: {
      given_name: hidden ? null : "Aysel",
      family_name: hidden ? null : "Məmmədova",
      aliases: [],
      sex: "female",
      birth_date: null,
      age_at_identification: null,
      citizenship: "AZ",
      languages: [],
      phone: hidden ? null : PHONE,
    },
    identified_on: "2026-01-02",
    identified_by: "police",
    recognition: "potential",
    exploitation: ["sexual"],
    country_of_exploitation: null,
    status: "open",
    closed_on: null,
    consents: [],
    referrals: [],
    shelter_stays: [],
    services: [],
    allowances: [],
    trainings: [],
    employments: [],
    notes: [],
  };
}

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(s: SessionInfo | null, initialStatus: BackupStatus = RECENT) {
  const calls: Call[] = [];
  const failures = new Map<string, IpcError>();
  const waits = new Map<string, Promise<void>>();
  let state: "missing" | "locked" | "unlocked" = s ? "unlocked" : "missing";
  let status = initialStatus;
  let progress: Channel<Progress> | null = null;
  const identity = !!s && (s.roles.includes("intake") || s.roles.includes("caseworker"));
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (cmd === "backup_to_folder" || cmd === "restore_backup") progress = args.onProgress as Channel<Progress>;
    await waits.get(cmd);
    const failure = failures.get(cmd);
    if (failure) throw failure;
    switch (cmd) {
      case "vault_state":
        return state === "unlocked" ? { state, session: s } : { state };
      case "passphrase_strength":
        return { score: 4, acceptable: true, feedback: [] };
      case "watch_lock":
      case "touch":
      case "lock":
      case "set_language":
        return null;
      case "backup_status":
        if (!s?.roles.includes("admin")) throw fault("forbidden", "Only an administrator may do this.");
        return structuredClone(status);
      case "backup_to_folder":
        status = TAKEN;
        return structuredClone(SUMMARY);
      case "restore_backup":
        state = "locked";
        return { vault: "/home/amina/.local/share/haven", bytes: 4_000_000, auditIntact: true, erasuresReapplied: args.erasures ? 2 : 0 };
      case "clipboard_copy":
        return null;
      case "dashboard_figures":
        return { openCases: 1, closedCases: 0, shelters: [], pendingReferrals: 0, expiringConsents: [] };
      case "recent_activity":
        return [{ seq: 1, at: "2026-01-02T10:00:00Z", user: "rauf", action: "case.create", case: "HVN-2026-0007", outcome: "ok", detail: null }];
      case "case_show":
        return caseView(!identity);
      case "organizations_list":
        return [];
      case "caseworkers_list":
        return ["rauf"];
      case "case_history":
        return [];
      default:
        throw fault("internal", `no command ${cmd}`);
    }
  });
  return {
    calls,
    names: () => calls.map((c) => c.cmd),
    last: (cmd: string) => [...calls].reverse().find((c) => c.cmd === cmd),
    fail(cmd: string, e: IpcError | null) {
      if (e) failures.set(cmd, e);
      else failures.delete(cmd);
    },
    /** Holds `cmd` until the returned function is called. */
    hold(cmd: string): () => void {
      let release = () => {};
      waits.set(cmd, new Promise<void>((r) => (release = r)));
      return () => {
        waits.delete(cmd);
        release();
      };
    },
    /** What the core sends on the progress channel of the backup or restore running. */
    progress(p: Progress) {
      progress?.onmessage(p);
    },
  };
}

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const input = (sel: string) => $<HTMLInputElement>(sel)!;
const button = (sel: string) => $<HTMLButtonElement>(sel)!;
const text = (sel: string) => $(sel)?.textContent ?? "";
async function until(check: () => unknown) {
  await vi.waitFor(() => {
    if (!check()) throw new Error("not yet");
  });
}
function type(sel: string, value: string) {
  const el = input(sel);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}
function pick(sel: string) {
  const el = input(sel);
  el.checked = true;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
/** Lets pending promises (the fake core's answers) settle. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
function submit(sel: string) {
  $<HTMLFormElement>(sel)!.requestSubmit();
}

let app: App;
let root: HTMLElement;

beforeEach(() => {
  setLanguage("en");
  document.documentElement.lang = "en";
  dialog.open.mockReset();
  dialog.save.mockReset();
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
});
afterEach(() => {
  app?.destroy();
  clearMocks();
  setLanguage("en");
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function start(s: SessionInfo | null, status: BackupStatus = RECENT) {
  const core = fakeCore(s, status);
  app = new App(root);
  await app.start();
  return core;
}

async function openBackup(status: BackupStatus = RECENT) {
  const core = await start(admin, status);
  button("#open-backup").click();
  await until(() => $("#backup-title"));
  await until(() => $("#backup-last")?.dataset.lastBackupAt !== undefined || text("#backup-last") === "No backup has been made yet.");
  return core;
}

// ---- The pure helpers ------------------------------------------------------------------------

describe("backup helpers", () => {
  it("turns progress into a whole percent and words", () => {
    expect(progressPercent({ stage: "snapshot", done: 40, total: 100 })).toBe(40);
    expect(progressPercent({ stage: "writing", done: 2, total: 3 })).toBe(66);
    expect(progressPercent({ stage: "writing", done: 5, total: 0 })).toBe(0);
    expect(progressPercent({ stage: "checking", done: 12, total: 10 })).toBe(100);
    expect(progressText(null)).toBe("Starting…");
    expect(progressText({ stage: "snapshot", done: 2, total: 5 })).toBe("Taking a snapshot… 40%");
    expect(progressText({ stage: "restoring", done: 1, total: 4 })).toBe("Restoring the vault… 25%");
    setLanguage("ru");
    expect(progressText({ stage: "checking", done: 1, total: 2 })).toBe("Проверка файла резервной копии… 50%");
  });

  it("says when the last backup was taken, in each language", () => {
    expect(lastBackupText(NEVER)).toBe("No backup has been made yet.");
    expect(lastBackupText(RECENT, "UTC")).toBe("The last backup was taken on 25 November 2026, 10:05 (3 days ago).");
    expect(lastBackupText({ ...RECENT, daysSince: 1 }, "UTC")).toContain("(1 day ago)");
    expect(lastBackupText(TAKEN, "UTC")).toContain("(today)");
    setLanguage("ru");
    expect(lastBackupText(RECENT, "UTC")).toBe("Последняя резервная копия сделана 25 ноября 2026 г., 10:05 (3 дня назад).");
    expect(lastBackupText({ ...RECENT, daysSince: 5 }, "UTC")).toContain("(5 дней назад)");
    expect(lastBackupText({ ...RECENT, daysSince: 21 }, "UTC")).toContain("(21 день назад)");
    setLanguage("az");
    expect(lastBackupText(RECENT, "UTC")).toBe("Son ehtiyat nüsxənin çıxarıldığı vaxt: 25 noyabr 2026, 10:05 (3 gün əvvəl).");
  });

  it("reminds only when a backup is due, with Russian plural forms", () => {
    expect(reminderText(RECENT)).toBeNull();
    expect(reminderText(NEVER)).toBe("No backup has been made yet.");
    expect(reminderText(OLD)).toBe("The last backup is 10 days old.");
    setLanguage("ru");
    expect(reminderText({ ...OLD, daysSince: 21 })).toBe("Последней резервной копии 21 день.");
    expect(reminderText({ ...OLD, daysSince: 22 })).toBe("Последней резервной копии 22 дня.");
    expect(reminderText({ ...OLD, daysSince: 10 })).toBe("Последней резервной копии 10 дней.");
  });

  it("shows the core's words in English and this screen's words for the kind otherwise", () => {
    const full = fault("storage", "The backup could not be written there (the disk is full); nothing was left behind.");
    expect(backupErrorMessage(full, "backup")).toBe(full.message);
    const bad = fault("badBackup", "This backup file is incomplete (it was cut short, perhaps while copying).");
    expect(backupErrorMessage(bad, "restore")).toBe(bad.message);
    setLanguage("ru");
    expect(backupErrorMessage(full, "backup")).toMatch(/^Не удалось записать туда резервную копию/);
    expect(backupErrorMessage(bad, "restore")).toMatch(/^Этот файл не является резервной копией Haven/);
    setLanguage("az");
    expect(backupErrorMessage(bad, "restore")).toMatch(/^Bu fayl Haven ehtiyat nüsxəsi deyil/);
  });

  it("says why a damaged vault was not backed up, and where to look, in each language", () => {
    const damaged = fault("damaged", "No backup was taken because the vault is damaged: the database's structure is damaged.");
    expect(backupErrorMessage(damaged, "backup")).toBe(damaged.message);
    setLanguage("ru");
    expect(backupErrorMessage(damaged, "backup")).toMatch(/^Резервная копия не создана: хранилище повреждено.*Проверка хранилища/);
    setLanguage("az");
    expect(backupErrorMessage(damaged, "backup")).toMatch(/^Ehtiyat nüsxə çıxarılmadı: seyf zədələnib.*Seyfin yoxlanılması/);
    setLanguage("en");
    expect(backupErrorMessage({ ...damaged, message: "" }, "backup")).toMatch(/Administration → Vault check/);
  });

  it("knows the new error kind", () => {
    expect(isIpcError(fault("badBackup", "Not a backup."))).toBe(true);
  });
});

// ---- The backup screen ---------------------------------------------------------------------------

describe("backup screen", () => {
  it("is offered to administrators and says when the last backup was taken", async () => {
    const core = await openBackup();
    expect(document.activeElement?.id).toBe("backup-title");
    expect(text("#backup-title")).toBe("Backup and restore");
    expect(text("#backup-last")).toMatch(/^The last backup was taken on 25 November 2026, \d\d:\d\d \(3 days ago\)\.$/);
    expect($("#backup-due")!.hidden).toBe(true);
    expect(text("#backup")).toContain("one encrypted file");
    expect(text("#backup")).toContain("any user's passphrase or with the recovery key");
    expect(text("#backup-restore-note")).toContain("start Haven on a computer without a vault and choose “Restore from a backup”");
    expect(text("#backup-restore-command")).toBe("haven restore");
    expect(text("#backup-erasures-note")).toContain("Backups made before an erasure still hold the erased data");
    expect(core.names()).toContain("backup_status");
    button("#backup-back").click();
    expect($("#dashboard")).not.toBeNull();
  });

  it("says so when no backup was ever made", async () => {
    await openBackup(NEVER);
    expect(text("#backup-last")).toBe("No backup has been made yet.");
    expect($("#backup-due")!.hidden).toBe(true);
  });

  it("notes an old backup", async () => {
    await openBackup(OLD);
    expect($("#backup-due")!.hidden).toBe(false);
    expect(text("#backup-due")).toBe("It is time to make a new backup.");
  });

  it("does nothing when the folder dialog is cancelled", async () => {
    const core = await openBackup();
    dialog.open.mockResolvedValueOnce(null);
    button("#backup-now").focus();
    button("#backup-now").click();
    await until(() => dialog.open.mock.calls.length === 1);
    expect(dialog.open).toHaveBeenCalledWith({ directory: true, multiple: false });
    await until(() => document.activeElement?.id === "backup-now");
    expect(core.names()).not.toContain("backup_to_folder");
    expect($("#backup-progress-box")!.hidden).toBe(true);
    expect(text("#backup-saved")).toBe("");
    expect(button("#backup-now").disabled).toBe(false);
  });

  it("backs up into the chosen folder with its progress, then shows the file and refreshes the status", async () => {
    const core = await openBackup();
    const release = core.hold("backup_to_folder");
    dialog.open.mockResolvedValueOnce("/media/usb");
    button("#backup-now").focus();
    button("#backup-now").click();
    await until(() => core.last("backup_to_folder"));
    expect(core.last("backup_to_folder")!.args.folder).toBe("/media/usb");
    expect(core.last("backup_to_folder")!.args.onProgress).toBeTruthy();

    // Running: the button is disabled, the bar has no value until the core reports.
    await until(() => !$("#backup-progress-box")!.hidden);
    expect(button("#backup-now").disabled).toBe(true);
    expect(text("#backup-now")).toBe("Backing up…");
    expect($("#backup-progress")!.hasAttribute("aria-valuenow")).toBe(false);
    expect(text("#backup-progress-text")).toBe("Starting…");
    expect($<HTMLSelectElement>("#language")!.disabled).toBe(true);

    core.progress({ stage: "snapshot", done: 40, total: 100 });
    const bar = $<HTMLProgressElement>("#backup-progress")!;
    expect(bar.tagName).toBe("PROGRESS");
    expect(bar.getAttribute("aria-valuenow")).toBe("40");
    expect(bar.getAttribute("max")).toBe("100");
    expect(text("#backup-progress-text")).toBe("Taking a snapshot… 40%");
    core.progress({ stage: "writing", done: 3, total: 4 });
    expect(bar.getAttribute("aria-valuenow")).toBe("75");
    expect(text("#backup-progress-text")).toBe("Writing the backup file… 75%");

    release();
    await until(() => text("#backup-saved"));
    expect(text("#backup-saved")).toBe("Saved as haven-backup-2026-11-28-1405.havenbackup (3.2 MB)");
    expect(text("#backup-folder")).toBe("Folder: /media/usb");
    expect($("#backup-result")!.getAttribute("role")).toBe("status");
    expect($("#backup-progress-box")!.hidden).toBe(true);
    expect(button("#backup-now").disabled).toBe(false);
    expect($<HTMLSelectElement>("#language")!.disabled).toBe(false);
    expect(text("#backup-error")).toBe("");
    await until(() => text("#backup-last").includes("(today)"));
    expect(core.names().filter((n) => n === "backup_status").length).toBeGreaterThanOrEqual(2);
    expect(document.activeElement?.id).toBe("backup-now");
  });

  it("shows a failure in the alert, in the core's words in English", async () => {
    const core = await openBackup();
    core.fail("backup_to_folder", fault("storage", "The backup could not be written there (the disk is read-only); nothing was left behind."));
    dialog.open.mockResolvedValueOnce("/media/usb");
    button("#backup-now").click();
    await until(() => text("#backup-error"));
    expect($("#backup-error")!.getAttribute("role")).toBe("alert");
    expect(text("#backup-error")).toBe("The backup could not be written there (the disk is read-only); nothing was left behind.");
    expect(text("#backup-saved")).toBe("");
    expect($("#backup-progress-box")!.hidden).toBe(true);
    expect(button("#backup-now").disabled).toBe(false);
  });

  it("translates a failure per kind in Russian and Azerbaijani", async () => {
    const core = await openBackup();
    $<HTMLSelectElement>("#language")!.value = "ru";
    $<HTMLSelectElement>("#language")!.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => text("#backup-title") === "Резервное копирование и восстановление");
    core.fail("backup_to_folder", fault("storage", "The backup could not be written there (the disk is full)."));
    dialog.open.mockResolvedValueOnce("/media/usb");
    button("#backup-now").click();
    await until(() => text("#backup-error"));
    expect(text("#backup-error")).toMatch(/^Не удалось записать туда резервную копию/);

    $<HTMLSelectElement>("#language")!.value = "az";
    $<HTMLSelectElement>("#language")!.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => text("#backup-title") === "Ehtiyat nüsxə və bərpa");
    core.fail("backup_to_folder", fault("invalid", "Choose a folder.", "folder"));
    dialog.open.mockResolvedValueOnce("/media/usb");
    button("#backup-now").click();
    await until(() => text("#backup-error"));
    expect(text("#backup-error")).toBe("Ehtiyat nüsxəni bu qovluğa yazmaq olmur. Başqa qovluq seçin.");
  });

  it("shows when the status cannot be read", async () => {
    const core = fakeCore(admin);
    core.fail("backup_status", fault("storage", "Haven could not read the vault."));
    app = new App(root);
    await app.start();
    button("#open-backup").click();
    await until(() => text("#backup-status-error"));
    expect(text("#backup-status-error")).toBe("When the last backup was taken could not be read. Haven could not read the vault.");
  });
});

// ---- The dashboard's reminder --------------------------------------------------------------------

describe("backup reminder", () => {
  it("tells an administrator that no backup was made, and opens the backup screen", async () => {
    await start(admin, NEVER);
    await until(() => $("#backup-reminder"));
    expect(text("#backup-reminder-text")).toBe("No backup has been made yet.");
    expect($("#backup-reminder-region")!.getAttribute("role")).toBe("status");
    // Not in the way: the dashboard is all there.
    expect($("#open-users")).not.toBeNull();
    button("#backup-reminder-open").click();
    await until(() => $("#backup-title"));
  });

  it("says how old the last backup is, with Russian plurals", async () => {
    await start(admin, OLD);
    await until(() => $("#backup-reminder"));
    expect(text("#backup-reminder-text")).toBe("The last backup is 10 days old.");
    $<HTMLSelectElement>("#language")!.value = "ru";
    $<HTMLSelectElement>("#language")!.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => text("#backup-reminder-text") === "Последней резервной копии 10 дней.");
    expect(text("#backup-reminder-open")).toBe("Сделать копию сейчас");
  });

  it("is not shown when no backup is due", async () => {
    const core = await start(admin, RECENT);
    await until(() => core.names().includes("backup_status"));
    await pause();
    expect($("#backup-reminder")).toBeNull();
    expect(text("#backup-reminder-region")).toBe("");
  });

  it("is never asked for by users who are not administrators", async () => {
    for (const s of [caseworker, supervisor]) {
      const core = await start(s, NEVER);
      await until(() => $("#dashboard"));
      await pause();
      expect(core.names()).not.toContain("backup_status");
      expect($("#backup-reminder-region")).toBeNull();
      expect($("#open-backup")).toBeNull();
      app.destroy();
      clearMocks();
    }
  });
});

// ---- Restore on the first-run screen ---------------------------------------------------------

describe("restore from a backup", () => {
  const FILE = "/media/usb/haven-backup-2026-11-28-1405.havenbackup";

  async function openRestore() {
    const core = await start(null);
    expect($("#first-run-form")).not.toBeNull();
    dialog.open.mockResolvedValueOnce(FILE);
    button("#restore-start").click();
    await until(() => $("#restore-form"));
    return core;
  }

  it("offers restoring beside creating a vault; a cancelled dialog changes nothing", async () => {
    await start(null);
    expect(text("#restore-start")).toBe("Restore from a backup…");
    dialog.open.mockResolvedValueOnce(null);
    button("#restore-start").click();
    await until(() => dialog.open.mock.calls.length === 1);
    expect(dialog.open).toHaveBeenCalledWith({
      multiple: false,
      directory: false,
      filters: [
        { name: "Haven backups", extensions: ["havenbackup"] },
        { name: "All files", extensions: ["*"] },
      ],
    });
    await vi.waitFor(() => Promise.resolve());
    expect($("#first-run-form")).not.toBeNull();
    expect($("#restore-form")).toBeNull();
  });

  it("shows the file and the two ways to open it", async () => {
    await openRestore();
    expect(input("#restore-file").value).toBe("haven-backup-2026-11-28-1405.havenbackup");
    expect(input("#restore-file").readOnly).toBe(true);
    expect(input("#restore-method-passphrase").checked).toBe(true);
    expect(input("#restore-method-passphrase").type).toBe("radio");
    expect(text('label[for="restore-method-passphrase"]')).toBe("User name and passphrase");
    expect(text('label[for="restore-method-recoveryKey"]')).toBe("Recovery key");
    expect(input("#restore-passphrase").type).toBe("password");
    expect(input("#restore-passphrase").autocomplete).toBe("off");
    expect($("#restore-passphrase-fields")!.hidden).toBe(false);
    expect($("#restore-recovery-key-fields")!.hidden).toBe(true);
    expect(document.activeElement?.id).toBe("restore-user-name");

    pick("#restore-method-recoveryKey");
    expect($("#restore-passphrase-fields")!.hidden).toBe(true);
    expect($("#restore-recovery-key-fields")!.hidden).toBe(false);
    pick("#restore-method-passphrase");
    expect($("#restore-passphrase-fields")!.hidden).toBe(false);
    expect($("#restore-recovery-key-fields")!.hidden).toBe(true);

    // Every control is a native one in the tab order, and the form submits on Enter.
    for (const el of Array.from($("#restore-form")!.querySelectorAll<HTMLElement>("input, button"))) {
      expect(el.getAttribute("tabindex"), el.id).toBeNull();
    }
    expect($("#restore-form button[type=submit]")?.id).toBe("restore-submit");
    expect($<HTMLFormElement>("#restore-form")!.querySelectorAll("button[type=submit]").length).toBe(1);

    button("#restore-back").click();
    expect($("#first-run-form")).not.toBeNull();
  });

  it("asks for what is missing before calling the core", async () => {
    const core = await openRestore();
    submit("#restore-form");
    expect(text("#restore-user-name-error")).toBe("This field is required.");
    expect(text("#restore-passphrase-error")).toBe("This field is required.");
    expect(document.activeElement?.id).toBe("restore-user-name");
    pick("#restore-method-recoveryKey");
    submit("#restore-form");
    expect(text("#restore-recovery-key-error")).toBe("This field is required.");
    expect(core.names()).not.toContain("restore_backup");
  });

  it("restores with a passphrase, shows the progress, then goes to the unlock screen", async () => {
    const core = await openRestore();
    const release = core.hold("restore_backup");
    type("#restore-user-name", "amina");
    type("#restore-passphrase", PASS);
    submit("#restore-form");
    await until(() => core.last("restore_backup"));
    const args = core.last("restore_backup")!.args;
    expect(args.file).toBe(FILE);
    expect(args.credentials).toEqual({ method: "passphrase", userName: "amina", passphrase: PASS } satisfies RestoreCredentials);
    expect(args.onProgress).toBeTruthy();

    await until(() => !$("#restore-progress-box")!.hidden);
    expect(button("#restore-submit").disabled).toBe(true);
    expect(input("#restore-user-name").disabled).toBe(true);
    core.progress({ stage: "restoring", done: 1, total: 2 });
    expect($("#restore-progress")!.getAttribute("aria-valuenow")).toBe("50");
    expect(text("#restore-progress-text")).toBe("Restoring the vault… 50%");

    release();
    await until(() => $("#unlock-form"));
    expect(text("#unlock-notice")).toBe("Restored. Unlock with your user name and passphrase.");
    expect(input("#user-name").value).toBe("amina");
    expect(document.activeElement?.id).toBe("passphrase");
    expect(document.body.innerHTML).not.toContain(PASS);
  });

  it("restores without a register of erasures unless one is chosen, then re-applies it", async () => {
    const core = await openRestore();
    expect(text("#restore-erasures-label")).toBe("Register of erasures (optional)");
    expect(text("#restore-erasures")).toBe("None chosen");
    expect(button("#restore-clear-erasures").hidden).toBe(true);
    dialog.open.mockResolvedValueOnce("/media/usb/haven-erasures-2026-02-01.json");
    button("#restore-choose-erasures").click();
    await until(() => text("#restore-erasures") === "haven-erasures-2026-02-01.json");
    expect(button("#restore-clear-erasures").hidden).toBe(false);
    type("#restore-user-name", "amina");
    type("#restore-passphrase", PASS);
    submit("#restore-form");
    await until(() => $("#unlock-form"));
    expect(core.last("restore_backup")!.args.erasures).toBe("/media/usb/haven-erasures-2026-02-01.json");
    expect(text("#unlock-notice")).toBe("Restored. Unlock with your user name and passphrase. 2 erasures from the register were made again.");
  });

  it("sends no register when it was removed, and shows a register of another vault at the register", async () => {
    const core = await openRestore();
    dialog.open.mockResolvedValueOnce("/media/usb/other.json");
    button("#restore-choose-erasures").click();
    await until(() => !button("#restore-clear-erasures").hidden);
    core.fail("restore_backup", fault("invalid", "This register of erasures belongs to another vault; nothing was restored.", "erasures"));
    type("#restore-user-name", "amina");
    type("#restore-passphrase", PASS);
    submit("#restore-form");
    await until(() => text("#restore-erasures-error"));
    expect(text("#restore-erasures-error")).toBe("This register of erasures belongs to another vault; nothing was restored.");
    expect(document.activeElement?.id).toBe("restore-choose-erasures");
    expect(button("#restore-choose-erasures").getAttribute("aria-describedby")).toContain("restore-erasures-error");

    core.fail("restore_backup", null);
    button("#restore-clear-erasures").click();
    expect(text("#restore-erasures")).toBe("None chosen");
    expect(document.activeElement?.id).toBe("restore-choose-erasures");
    type("#restore-passphrase", PASS);
    submit("#restore-form");
    await until(() => $("#unlock-form"));
    expect(core.last("restore_backup")!.args.erasures).toBeNull();
    expect(text("#unlock-notice")).toBe("Restored. Unlock with your user name and passphrase.");
  });

  it("restores with the recovery key", async () => {
    const core = await openRestore();
    pick("#restore-method-recoveryKey");
    type("#restore-recovery-key", ` ${KEY} `);
    submit("#restore-form");
    await until(() => $("#unlock-form"));
    expect(core.last("restore_backup")!.args.credentials).toEqual({ method: "recoveryKey", recoveryKey: KEY });
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it("shows wrong credentials at the credentials, clears the passphrase and keeps the user name", async () => {
    const core = await openRestore();
    core.fail("restore_backup", fault("wrongCredentials", "The user name or passphrase is wrong."));
    type("#restore-user-name", "amina");
    type("#restore-passphrase", "not the passphrase");
    submit("#restore-form");
    await until(() => text("#restore-passphrase-error"));
    expect(text("#restore-passphrase-error")).toBe("The user name or passphrase is wrong.");
    expect(input("#restore-passphrase").getAttribute("aria-invalid")).toBe("true");
    expect(input("#restore-user-name").getAttribute("aria-invalid")).toBe("true");
    expect(input("#restore-user-name").getAttribute("aria-describedby")).toContain("restore-passphrase-error");
    expect(input("#restore-passphrase").value).toBe("");
    expect(input("#restore-user-name").value).toBe("amina");
    expect(text("#restore-file-error")).toBe("");
    expect(text("#restore-error")).toBe("");
    expect(document.activeElement?.id).toBe("restore-passphrase");
    expect($("#restore-progress-box")!.hidden).toBe(true);
    expect(button("#restore-submit").disabled).toBe(false);

    // Typing again clears the marks.
    type("#restore-passphrase", "x");
    expect(input("#restore-user-name").hasAttribute("aria-invalid")).toBe(false);
    expect(input("#restore-passphrase").hasAttribute("aria-invalid")).toBe(false);
  });

  it("shows a wrong recovery key at the key, and in Russian in its own words", async () => {
    const core = await openRestore();
    core.fail("restore_backup", fault("wrongCredentials", "The recovery key is wrong, or it was replaced by a newer one."));
    pick("#restore-method-recoveryKey");
    type("#restore-recovery-key", KEY);
    submit("#restore-form");
    await until(() => text("#restore-recovery-key-error"));
    expect(text("#restore-recovery-key-error")).toBe("The recovery key is wrong, or it was replaced by a newer one.");
    expect(input("#restore-recovery-key").getAttribute("aria-invalid")).toBe("true");
    expect(input("#restore-recovery-key").value).toBe("");
    expect(document.activeElement?.id).toBe("restore-recovery-key");

    $<HTMLSelectElement>("#language")!.value = "ru";
    $<HTMLSelectElement>("#language")!.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => text("#restore-title") === "Восстановление из резервной копии");
    // The redraw keeps the method chosen and the file.
    expect(input("#restore-method-recoveryKey").checked).toBe(true);
    expect($("#restore-recovery-key-fields")!.hidden).toBe(false);
    expect(input("#restore-file").value).toBe("haven-backup-2026-11-28-1405.havenbackup");
    type("#restore-recovery-key", KEY);
    submit("#restore-form");
    await until(() => text("#restore-recovery-key-error"));
    expect(text("#restore-recovery-key-error")).toBe("Этот ключ восстановления не открывает резервную копию.");
  });

  it("shows a bad backup at the file, keeping the user name, and restores another file", async () => {
    const core = await openRestore();
    core.fail("restore_backup", fault("badBackup", "This backup file is damaged or has been changed since it was made."));
    type("#restore-user-name", "amina");
    type("#restore-passphrase", PASS);
    submit("#restore-form");
    await until(() => text("#restore-file-error"));
    expect(text("#restore-file-error")).toBe("This backup file is damaged or has been changed since it was made.");
    expect(input("#restore-file").getAttribute("aria-invalid")).toBe("true");
    expect(input("#restore-file").getAttribute("aria-describedby")).toContain("restore-file-error");
    expect(input("#restore-passphrase").hasAttribute("aria-invalid")).toBe(false);
    expect(input("#restore-user-name").value).toBe("amina");
    expect(input("#restore-passphrase").value).toBe("");
    expect(document.activeElement?.id).toBe("restore-file");

    core.fail("restore_backup", null);
    dialog.open.mockResolvedValueOnce("/media/usb/older.havenbackup");
    button("#restore-choose-file").click();
    await until(() => input("#restore-file").value === "older.havenbackup");
    expect(input("#restore-file").hasAttribute("aria-invalid")).toBe(false);
    type("#restore-passphrase", PASS);
    submit("#restore-form");
    await until(() => $("#unlock-form"));
    expect(core.last("restore_backup")!.args.file).toBe("/media/usb/older.havenbackup");
  });

  it("shows other failures in the alert", async () => {
    const core = await openRestore();
    core.fail("restore_backup", fault("vaultExists", "A vault is already in this folder, and a restore never overwrites one."));
    type("#restore-user-name", "amina");
    type("#restore-passphrase", PASS);
    submit("#restore-form");
    await until(() => text("#restore-error"));
    expect($("#restore-error")!.getAttribute("role")).toBe("alert");
    expect(text("#restore-error")).toBe("A vault is already in this folder, and a restore never overwrites one.");
    expect(input("#restore-passphrase").value).toBe("");
  });

  it("says when the restored audit log does not verify", async () => {
    await openRestore();
    mockIPC(async (cmd) => {
      if (cmd === "restore_backup") return { vault: "/v", bytes: 1, auditIntact: false };
      if (cmd === "vault_state") return { state: "locked" };
      return Promise.reject(fault("internal", `no command ${cmd}`, null));
    });
    type("#restore-user-name", "amina");
    type("#restore-passphrase", PASS);
    submit("#restore-form");
    await until(() => $("#unlock-form"));
    expect(text("#unlock-notice")).toMatch(/^Restored, but the audit log in the backup does not verify/);
  });
});

// ---- Copy buttons ------------------------------------------------------------------------------

describe("copy buttons", () => {
  async function openCase(s: SessionInfo) {
    const core = await start(s);
    await until(() => $('#recent-activity-table button[data-code="HVN-2026-0007"]'));
    button('#recent-activity-table button[data-code="HVN-2026-0007"]').click();
    await until(() => $("#case-code"));
    return core;
  }

  it("copies the name shown in the header, and says it will be cleared", async () => {
    const logs = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m));
    const core = await openCase(caseworker);
    expect(text("#case-name")).toBe(NAME);
    const copy = button('[data-testid="copy-name"]');
    expect(copy.id).toBe("copy-name");
    expect(copy.textContent).toBe("Copy");
    expect(copy.getAttribute("aria-label")).toBe("Copy the name");
    expect($("#copy-status")!.getAttribute("aria-live")).toBe("polite");
    expect($("#copy-status")!.getAttribute("role")).toBe("status");
    copy.click();
    await until(() => text("#copy-status"));
    expect(core.last("clipboard_copy")!.args).toEqual({ text: NAME });
    expect(text("#copy-status")).toBe("Copied. It will be cleared from the clipboard in 30 seconds.");
    for (const spy of logs) for (const call of spy.mock.calls) expect(JSON.stringify(call)).not.toContain("Aysel");
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it("copies the phone number and the reference from the profile", async () => {
    const core = await openCase(caseworker);
    expect(text("#profile-phone")).toBe(PHONE);
    button("#copy-phone").click();
    await until(() => text("#profile-copy-status"));
    expect(core.last("clipboard_copy")!.args).toEqual({ text: PHONE });
    expect(text("#profile-copy-status")).toBe("Copied. It will be cleared from the clipboard in 30 seconds.");
    button("#copy-ref").click();
    await until(() => core.last("clipboard_copy")!.args.text === "MOL-2026/118");
  });

  it("offers no copy to users who do not see the name", async () => {
    await openCase(supervisor);
    expect($("#case-name")).toBeNull();
    expect($('[data-testid="copy-name"]')).toBeNull();
    expect($("#copy-phone")).toBeNull();
  });

  it("shows why a copy failed, and clears the status after 30 seconds", async () => {
    const core = await openCase(caseworker);
    core.fail("clipboard_copy", fault("invalid", "The clipboard cannot be used right now; select the text and copy it instead.", "clipboard"));
    button("#copy-name").click();
    await until(() => text("#copy-status-error"));
    expect(text("#copy-status-error")).toBe("The clipboard cannot be used right now; select the text and copy it instead.");
    expect(text("#copy-status")).toBe("");

    core.fail("clipboard_copy", null);
    vi.useFakeTimers({ shouldAdvanceTime: true });
    button("#copy-name").click();
    await until(() => text("#copy-status"));
    expect(text("#copy-status-error")).toBe("");
    vi.advanceTimersByTime(30_000);
    expect(text("#copy-status")).toBe("");
  });
});
