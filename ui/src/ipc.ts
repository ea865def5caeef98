// Typed wrappers over the core's commands. Every command rejects with an
// IpcError; anything else (a missing command, a panic) is turned into one.
import { Channel, invoke } from "@tauri-apps/api/core";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { Admission } from "./bindings/Admission";
import type { AllowanceRecord } from "./bindings/AllowanceRecord";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { CaseListItem } from "./bindings/CaseListItem";
import type { CaseRecord } from "./bindings/CaseRecord";
import type { CaseView } from "./bindings/CaseView";
import type { ConsentRecord } from "./bindings/ConsentRecord";
import type { EmploymentRecord } from "./bindings/EmploymentRecord";
import type { Identification } from "./bindings/Identification";
import type { LogLine } from "./bindings/LogLine";
import type { NoteRecord } from "./bindings/NoteRecord";
import type { OrganizationRecord } from "./bindings/OrganizationRecord";
import type { PersonRecord } from "./bindings/PersonRecord";
import type { ReferralRecord } from "./bindings/ReferralRecord";
import type { ReferralStatus } from "./bindings/ReferralStatus";
import type { ServiceRecord } from "./bindings/ServiceRecord";
import type { TrainingRecord } from "./bindings/TrainingRecord";
import type { AuditPage } from "./bindings/AuditPage";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { BackupSummary } from "./bindings/BackupSummary";
import type { Progress } from "./bindings/Progress";
import type { RestoreCredentials } from "./bindings/RestoreCredentials";
import type { RestoreSummary } from "./bindings/RestoreSummary";
import type { CreatedVault } from "./bindings/CreatedVault";
import type { DocumentInfo } from "./bindings/DocumentInfo";
import type { DocumentKind } from "./bindings/DocumentKind";
import type { DashboardFigures } from "./bindings/DashboardFigures";
import type { Language } from "./bindings/Language";
import type { ShelterBoard } from "./bindings/ShelterBoard";
import type { IndicatorReport } from "./bindings/IndicatorReport";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { IpcError } from "./bindings/IpcError";
import type { LockEvent } from "./bindings/LockEvent";
import type { NewRecoveryKey } from "./bindings/NewRecoveryKey";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { ReportRequest } from "./bindings/ReportRequest";
import type { ReportSettings } from "./bindings/ReportSettings";
import type { Role } from "./bindings/Role";
import type { Rotated } from "./bindings/Rotated";
import type { SavedReport } from "./bindings/SavedReport";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { Strength } from "./bindings/Strength";
import type { UserSummary } from "./bindings/UserSummary";
import type { VaultSettings } from "./bindings/VaultSettings";
import type { VaultState } from "./bindings/VaultState";
import type { Verification } from "./bindings/Verification";
import type { Vocabularies } from "./bindings/Vocabularies";

/** The extension of the files `backup_to_folder` writes. */
export const BACKUP_EXTENSION = "havenbackup";

const KINDS: readonly ErrorKind[] = [
  "wrongCredentials", "noVault", "vaultExists", "damaged", "forbidden", "invalid",
  "weakPassphrase", "locked", "notFound", "storage", "badBackup", "internal",
];

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === "string" &&
    (KINDS as readonly string[]).includes(v.kind) &&
    typeof v.message === "string" &&
    (v.field === null || v.field === undefined || typeof v.field === "string")
  );
}

/** Normalises any rejection into an IpcError (empty message: use the fallback text). */
export function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) {
    const problems = Array.isArray(value.problems) ? value.problems : [];
    return { kind: value.kind, message: value.message, field: value.field ?? null, problems };
  }
  // Only the type: the text of such an error (say, arguments that did not decode) may quote
  // what was typed, and nothing identifying goes to a log.
  console.error("Unexpected error from the core, of type", typeof value);
  return { kind: "internal", message: "", field: null, problems: [] };
}

type LockedListener = () => void;
let lockedListener: LockedListener | null = null;

/** Called whenever any command fails because the vault is locked. */
export function onLockedError(listener: LockedListener | null): void {
  lockedListener = listener;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    const error = toIpcError(raw);
    if (error.kind === "locked" && lockedListener) lockedListener();
    throw error;
  }
}

export const ipc = {
  vaultState: () => call<VaultState>("vault_state"),
  vocabularies: () => call<Vocabularies>("vocabularies"),
  passphraseStrength: (passphrase: string, userName: string) =>
    call<Strength>("passphrase_strength", { passphrase, userName }),
  createVault: (adminName: string, passphrase: string, passphraseAgain: string) =>
    call<CreatedVault>("create_vault", { adminName, passphrase, passphraseAgain }),
  unlock: (userName: string, passphrase: string) => call<SessionInfo>("unlock", { userName, passphrase }),
  lock: () => call<null>("lock"),
  touch: () => call<null>("touch"),
  /** Registers `onLock` for the core's own lock events (idle timeout). */
  watchLock: (onLock: (event: LockEvent) => void) => {
    const channel = new Channel<LockEvent>();
    channel.onmessage = onLock;
    return call<null>("watch_lock", { onLock: channel });
  },
  reportSettings: () => call<ReportSettings>("report_settings"),
  /** Makes the report; the core keeps it, and `reportSave` writes exactly this one. */
  reportPreview: (request: ReportRequest) => call<IndicatorReport>("report_preview", { request }),
  /** Writes the report last previewed. */
  reportSave: (format: ReportFormat, path: string) => call<SavedReport>("report_save", { format, path }),
  // ---- Administration (the core checks the admin role) -----------------------------------
  usersList: () => call<UserSummary[]>("users_list"),
  userAdd: (userName: string, roles: Role[], passphrase: string, passphraseAgain: string) =>
    call<UserSummary>("user_add", { userName, roles, passphrase, passphraseAgain }),
  userRemove: (userName: string) => call<null>("user_remove", { userName }),
  userSetRoles: (userName: string, roles: Role[]) => call<UserSummary>("user_set_roles", { userName, roles }),
  userResetPassphrase: (userName: string, recoveryKey: string, passphrase: string, passphraseAgain: string) =>
    call<null>("user_reset_passphrase", { userName, recoveryKey, passphrase, passphraseAgain }),
  /** The old key stops working at once; the new one is shown once. */
  recoveryKeyReplace: () => call<NewRecoveryKey>("recovery_key_replace"),
  /** Re-encrypts the vault. Afterwards (success or not) the vault is locked. */
  rotateDataKey: (passphrase: string) => call<Rotated>("rotate_data_key", { passphrase }),
  /** Any signed-in user. */
  changeOwnPassphrase: (current: string, passphrase: string, passphraseAgain: string) =>
    call<null>("change_own_passphrase", { current, passphrase, passphraseAgain }),
  auditActions: () => call<string[]>("audit_actions"),
  /** Newest first; the next page is the same filter with `before` = the last line's seq. */
  auditSearch: (filter: AuditFilter) => call<AuditPage>("audit_search", { filter }),
  /** `head`: a kept head "SEQ:MAC", or null. */
  auditVerify: (head: string | null) => call<Verification>("audit_verify", { head }),
  settingsGet: () => call<VaultSettings>("settings_get"),
  settingsSetMinCell: (minCell: number) => call<VaultSettings>("settings_set_min_cell", { minCell }),
  /** 1–60; applies from the next unlock. */
  settingsSetAutoLock: (minutes: number) => call<VaultSettings>("settings_set_auto_lock", { minutes }),
  // ---- Backup (admin; the core checks the role) and restore (only where there is no vault) ----
  /** When the last backup was taken, and whether another is due. */
  backupStatus: () => call<BackupStatus>("backup_status"),
  /** Writes a dated backup file into `folder`; `onProgress` hears how far it has come. */
  backupToFolder: (folder: string, onProgress: (progress: Progress) => void) => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return call<BackupSummary>("backup_to_folder", { folder, onProgress: channel });
  },
  /** Restores the backup `file` as this computer's vault (the first-run screen only). */
  restoreBackup: (file: string, credentials: RestoreCredentials, onProgress: (progress: Progress) => void) => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return call<RestoreSummary>("restore_backup", { file, credentials, onProgress: channel });
  },
  /** Puts `text` on the clipboard; the shell clears it after 30 seconds, at lock and at quit. */
  clipboardCopy: (text: string) => call<null>("clipboard_copy", { text }),
  /** Any signed-in user: remembers their language in the vault. */
  setLanguage: (language: Language) => call<null>("set_language", { language }),

  // ---- Dashboard and shelter board (intake, caseworker, supervisor) -----------------------
  /** Counts only, never names. */
  dashboardFigures: () => call<DashboardFigures>("dashboard_figures"),
  /** Who is in each shelter today; names only for users who may read identities. */
  shelterBoard: () => call<ShelterBoard>("shelter_board"),

  // ---- Cases (the core checks every role again) -------------------------------------------
  /** Newest first, one page (`limit`, `offset`); names only for users who may read identities. */
  casesList: (filter: CaseFilter) => call<CaseListItem[]>("cases_list", { filter }),
  caseShow: (code: string) => call<CaseView>("case_show", { code }),
  /** Oldest first; identity readers only. */
  caseHistory: (code: string) => call<LogLine[]>("case_history", { code }),
  /** Creates person + case (+ first referral); returns the new case code. */
  caseCreate: (record: CaseRecord) => call<string>("case_create", { record }),
  /** Intake and caseworker: replaces the person's details. */
  caseEditPerson: (code: string, person: PersonRecord) => call<null>("case_edit_person", { code, person }),
  /** Intake and caseworker: replaces how and when the person was identified. */
  caseEditIdentification: (code: string, identification: Identification) => call<null>("case_edit_identification", { code, identification }),
  caseAddReferral: (code: string, referral: ReferralRecord) => call<number>("case_add_referral", { code, referral }),
  caseSetReferralStatus: (code: string, referral: number, status: ReferralStatus) =>
    call<null>("case_set_referral_status", { code, referral, status }),
  caseAdmit: (code: string, admission: Admission) => call<number>("case_admit", { code, admission }),
  caseDischarge: (code: string, stay: number, dischargedOn: string) => call<null>("case_discharge", { code, stay, dischargedOn }),
  caseRecordService: (code: string, service: ServiceRecord) => call<number>("case_record_service", { code, service }),
  caseRecordAllowance: (code: string, allowance: AllowanceRecord) => call<number>("case_record_allowance", { code, allowance }),
  caseRecordTraining: (code: string, training: TrainingRecord) => call<number>("case_record_training", { code, training }),
  caseRecordEmployment: (code: string, employment: EmploymentRecord) => call<number>("case_record_employment", { code, employment }),
  caseAddConsent: (code: string, consent: ConsentRecord) => call<number>("case_add_consent", { code, consent }),
  caseAddNote: (code: string, note: NoteRecord) => call<number>("case_add_note", { code, note }),
  caseClose: (code: string, closedOn: string) => call<null>("case_close", { code, closedOn }),
  caseReopen: (code: string) => call<null>("case_reopen", { code }),
  organizationsList: () => call<OrganizationRecord[]>("organizations_list"),
  /** Intake and caseworker; `caseworker` null unassigns. */
  caseAssignCaseworker: (code: string, caseworker: string | null) => call<null>("case_assign_caseworker", { code, caseworker }),
  /** The user names holding the caseworker role. */
  caseworkersList: () => call<string[]>("caseworkers_list"),
  /** The latest changes to cases, newest first (intake, caseworker, supervisor). */
  recentActivity: () => call<LogLine[]>("recent_activity"),
  /** Identity readers only. */
  caseDocuments: (code: string) => call<DocumentInfo[]>("case_documents", { code }),
  /** Reads the file at `path` into the vault. */
  caseDocumentAdd: (code: string, kind: DocumentKind, path: string) => call<DocumentInfo>("case_document_add", { code, kind, path }),
  /** Writes a decrypted copy of the document to `path`. */
  caseDocumentSave: (code: string, document: number, path: string) => call<null>("case_document_save", { code, document, path }),

  /**
   * Asks the user where to save a file (the dialog plugin). Resolves to null when the
   * user cancels; a failure becomes an IpcError like any other.
   */
  chooseSavePath: async (defaultPath: string, filterName: string, extension: string): Promise<string | null> => {
    try {
      return await save({ defaultPath, filters: [{ name: filterName, extensions: [extension] }] });
    } catch (raw) {
      throw toIpcError(raw);
    }
  },

  /** Asks for a destination without a file type filter (a document keeps its own name). */
  chooseCopyPath: async (defaultPath: string): Promise<string | null> => {
    try {
      return await save({ defaultPath });
    } catch (raw) {
      throw toIpcError(raw);
    }
  },

  /** Asks the user for a folder (where a backup goes); null when cancelled. */
  chooseFolder: async (): Promise<string | null> => {
    try {
      return await open({ directory: true, multiple: false });
    } catch (raw) {
      throw toIpcError(raw);
    }
  },

  /** Asks for a backup file: backups first, everything as the second choice; null when cancelled. */
  chooseBackupFile: async (backupsName: string, allName: string): Promise<string | null> => {
    try {
      return await open({
        multiple: false,
        directory: false,
        filters: [
          { name: backupsName, extensions: [BACKUP_EXTENSION] },
          { name: allName, extensions: ["*"] },
        ],
      });
    } catch (raw) {
      throw toIpcError(raw);
    }
  },

  /** Asks the user for one file to read (the dialog plugin); null when cancelled. */
  chooseOpenPath: async (): Promise<string | null> => {
    try {
      return await open({ multiple: false, directory: false });
    } catch (raw) {
      throw toIpcError(raw);
    }
  },
};
