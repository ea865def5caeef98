// The core's commands, typed: the functions are generated from the Rust commands into
// ./commands.ts; here they are given `call`, so every command rejects with an IpcError
// (anything else, a missing command or a panic, is turned into one). Only the dialogs are
// written by hand.
import { invoke } from "@tauri-apps/api/core";
import { open, save } from "@tauri-apps/plugin-dialog";
import { commands } from "./commands";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { IpcError } from "./bindings/IpcError";

/** The extension of the files `backup_to_folder` writes. */
export const BACKUP_EXTENSION = "havenbackup";

// A record over the generated union: a kind added in the core fails the type check here.
const KIND_WORDS: Record<ErrorKind, true> = {
  wrongCredentials: true, noVault: true, vaultExists: true, damaged: true, forbidden: true, invalid: true,
  weakPassphrase: true, locked: true, notFound: true, storage: true, badBackup: true, consentRequired: true,
  packetRefused: true, relayUnreachable: true, relayRefused: true, internal: true,
};
const KINDS = Object.keys(KIND_WORDS) as readonly ErrorKind[];

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

/** Runs a dialog of the plugin; a failure becomes an IpcError like any other. */
async function dialog<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (raw) {
    throw toIpcError(raw);
  }
}

export const ipc = {
  ...commands(call),

  /**
   * Asks the user where to save a file (the dialog plugin). Resolves to null when the
   * user cancels; a failure becomes an IpcError like any other.
   */
  chooseSavePath: (defaultPath: string, filterName: string, extension: string): Promise<string | null> =>
    dialog(() => save({ defaultPath, filters: [{ name: filterName, extensions: [extension] }] })),

  /** Asks where to save a file that may carry one of several extensions (an agency card: .havencard, .json). */
  chooseSaveFile: (defaultPath: string, filterName: string, extensions: string[]): Promise<string | null> =>
    dialog(() => save({ defaultPath, filters: [{ name: filterName, extensions }] })),

  /** Asks for a destination without a file type filter (a document keeps its own name). */
  chooseCopyPath: (defaultPath: string): Promise<string | null> =>
    dialog(() => save({ defaultPath })),

  /** Asks the user for a folder (where a backup goes); null when cancelled. */
  chooseFolder: (): Promise<string | null> =>
    dialog(() => open({ directory: true, multiple: false })),

  /** Asks for a backup file: backups first, everything as the second choice; null when cancelled. */
  chooseBackupFile: (backupsName: string, allName: string): Promise<string | null> =>
    dialog(() =>
      open({
        multiple: false,
        directory: false,
        filters: [
          { name: backupsName, extensions: [BACKUP_EXTENSION] },
          { name: allName, extensions: ["*"] },
        ],
      }),
    ),

  /** Asks for a file of a kind (agency cards, packets) first, everything as the second choice; null when cancelled. */
  chooseFileOf: (filterName: string, extensions: string[], allName: string): Promise<string | null> =>
    dialog(() =>
      open({
        multiple: false,
        directory: false,
        filters: [
          { name: filterName, extensions },
          { name: allName, extensions: ["*"] },
        ],
      }),
    ),

  /** Asks the user for one file to read (the dialog plugin); null when cancelled. */
  chooseOpenPath: (): Promise<string | null> =>
    dialog(() => open({ multiple: false, directory: false })),
};
