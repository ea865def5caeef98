// Typed wrappers over the core's commands. Every command rejects with an
// IpcError; anything else (a missing command, a panic) is turned into one.
import { Channel, invoke } from "@tauri-apps/api/core";
import { save } from "@tauri-apps/plugin-dialog";
import type { CreatedVault } from "./bindings/CreatedVault";
import type { IndicatorReport } from "./bindings/IndicatorReport";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { IpcError } from "./bindings/IpcError";
import type { LockEvent } from "./bindings/LockEvent";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { ReportRequest } from "./bindings/ReportRequest";
import type { ReportSettings } from "./bindings/ReportSettings";
import type { SavedReport } from "./bindings/SavedReport";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { Strength } from "./bindings/Strength";
import type { VaultState } from "./bindings/VaultState";

const KINDS: readonly ErrorKind[] = [
  "wrongCredentials", "noVault", "vaultExists", "damaged", "forbidden", "invalid",
  "weakPassphrase", "locked", "notFound", "storage", "internal",
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
  console.error("Unexpected error from the core:", value);
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
};
