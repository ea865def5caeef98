// Test helper: mockIPC from @tauri-apps/api/mocks, with the core's `vocabularies` command
// answered from the fixture, so that every fake core serves the app's start-up load.
import { mockIPC as tauriMockIPC } from "@tauri-apps/api/mocks";
import { VOCABULARIES } from "./vocabularies";

type Args = Parameters<typeof tauriMockIPC>;

export function mockIPC(handler: Args[0], options?: Args[1]): void {
  tauriMockIPC((cmd, payload) => (cmd === "vocabularies" ? structuredClone(VOCABULARIES) : handler(cmd, payload)), options);
}
