// The whole UI against a fake core (mockIPC), in happy-dom.
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockIPC } from "./testing/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import type { IpcError } from "./bindings/IpcError";
import type { LockEvent } from "./bindings/LockEvent";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { VaultState } from "./bindings/VaultState";
import { permissionsOf } from "./testing/permissions";

const KEY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567";
const PASS = "correct horse battery staple 42";
const session: SessionInfo = { userName: "amina", roles: ["admin", "caseworker"], permissions: permissionsOf(["admin", "caseworker"]), autoLockMinutes: 5, language: null, keyFileChanged: false };

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(initial: VaultState["state"]) {
  const calls: Call[] = [];
  let onLock: { onmessage: (e: LockEvent) => void } | null = null;
  let state = initial;
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const fail = (e: IpcError) => Promise.reject(e);
    switch (cmd) {
      case "vault_state":
        return state === "unlocked" ? { state, session } : { state };
      case "passphrase_strength":
        return { score: String(args.passphrase).length > 12 ? 4 : 1, acceptable: String(args.passphrase).length > 12, feedback: ["Add another word or two."] };
      case "create_vault":
        state = "locked";
        return { recoveryKey: KEY };
      case "unlock":
        if (args.passphrase !== PASS) return fail({ kind: "wrongCredentials", message: "The user name or passphrase is wrong.", field: null, problems: [] });
        state = "unlocked";
        return session;
      case "lock":
        state = "locked";
        return null;
      case "touch":
        return state === "unlocked" ? null : fail({ kind: "locked", message: "Haven is locked.", field: null, problems: [] });
      case "backup_status":
        return { lastBackupAt: "2026-01-01T10:00:00Z", daysSince: 1, due: false };
      case "watch_lock":
        onLock = args.onLock as typeof onLock;
        return null;
      default:
        return fail({ kind: "internal", message: `no command ${cmd}`, field: null, problems: [] });
    }
  });
  return {
    calls,
    names: () => calls.map((c) => c.cmd),
    coreLocks(reason: LockEvent["reason"]) {
      state = "locked";
      onLock?.onmessage({ reason });
    },
    setState(s: VaultState["state"]) {
      state = s;
    },
  };
}

const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const input = (sel: string) => $<HTMLInputElement>(sel)!;
const settle = () => vi.waitFor(() => Promise.resolve());
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
function submit(sel: string) {
  $<HTMLFormElement>(sel)!.requestSubmit();
}
function ctrlL(target: EventTarget = document.body) {
  const e = new KeyboardEvent("keydown", { key: "l", code: "KeyL", ctrlKey: true, bubbles: true, cancelable: true });
  target.dispatchEvent(e);
  return e;
}

let app: App;
let root: HTMLElement;

beforeEach(() => {
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
});
afterEach(() => {
  app?.destroy();
  clearMocks();
  vi.useRealTimers();
});

describe("first run", () => {
  it("creates a vault, shows the recovery key once, then asks to unlock", async () => {
    const core = fakeCore("missing");
    app = new App(root);
    await app.start();
    expect($("#first-run-form")).not.toBeNull();
    expect(document.activeElement?.id).toBe("admin-name");

    type("#admin-name", "amina");
    type("#new-passphrase", PASS);
    await until(() => $("#strength-label")?.textContent === "Strong");
    expect(core.calls.find((c) => c.cmd === "passphrase_strength")?.args).toEqual({ passphrase: PASS, userName: "amina" });
    expect($("#strength-feedback")?.textContent).toContain("Add another word");

    type("#new-passphrase-again", PASS + "x");
    submit("#first-run-form");
    await settle();
    expect(core.names()).not.toContain("create_vault");
    expect($("#new-passphrase-again-error")?.textContent).toBe("The passphrases do not match.");
    expect(input("#new-passphrase-again").getAttribute("aria-describedby")).toContain("new-passphrase-again-error");

    type("#new-passphrase-again", PASS);
    submit("#first-run-form");
    await until(() => $("#recovery-view"));
    expect(core.calls.find((c) => c.cmd === "create_vault")?.args).toEqual({ adminName: "amina", passphrase: PASS, passphraseAgain: PASS });
    expect($("#recovery-key")?.textContent).toBe(KEY);
    expect($("#recovery-key")?.querySelectorAll(".recovery-key-line").length).toBe(2);
    expect(document.body.innerHTML).not.toContain(PASS);

    const next = $<HTMLButtonElement>("#recovery-continue")!;
    expect(next.disabled).toBe(true);
    input("#recovery-stored").click();
    expect(next.disabled).toBe(false);
    next.click();

    expect($("#unlock-form")).not.toBeNull();
    expect(input("#user-name").value).toBe("amina");
    expect(document.activeElement?.id).toBe("passphrase");
    expect(document.body.innerHTML).not.toContain("MNOP");
  });

  it("shows a core error next to the field it names", async () => {
    fakeCore("missing");
    mockIPC((cmd) =>
      cmd === "vault_state"
        ? { state: "missing" }
        : cmd === "create_vault"
          ? Promise.reject({ kind: "weakPassphrase", message: "Too easy to guess.", field: "passphrase" })
          : { score: 1, acceptable: false, feedback: [] },
    );
    app = new App(root);
    await app.start();
    type("#admin-name", "amina");
    type("#new-passphrase", "password1234");
    type("#new-passphrase-again", "password1234");
    submit("#first-run-form");
    await until(() => $("#new-passphrase-error")?.textContent);
    expect($("#new-passphrase-error")?.textContent).toBe("Too easy to guess.");
    expect($("#first-run-error")?.textContent).toBe("");
    expect(document.activeElement?.id).toBe("new-passphrase");
    expect($<HTMLButtonElement>("#create-vault")!.disabled).toBe(false);
  });
});

describe("unlock and lock", () => {
  async function unlocked() {
    const core = fakeCore("locked");
    app = new App(root);
    await app.start();
    type("#user-name", "amina");
    type("#passphrase", PASS);
    submit("#unlock-form");
    await until(() => $("#dashboard"));
    return core;
  }

  it("keeps the user name and clears the passphrase on wrong credentials", async () => {
    fakeCore("locked");
    app = new App(root);
    await app.start();
    expect(document.activeElement?.id).toBe("user-name");
    type("#user-name", "amina");
    type("#passphrase", "wrong passphrase");
    submit("#unlock-form");
    await until(() => $("#unlock-error")?.textContent);
    expect($("#unlock-error")?.textContent).toBe("The user name or passphrase is wrong.");
    expect(input("#user-name").value).toBe("amina");
    expect(input("#passphrase").value).toBe("");
    expect(document.activeElement?.id).toBe("passphrase");
  });

  it("shows the session and locks on Ctrl+L", async () => {
    const core = await unlocked();
    expect($("#session-user")?.textContent).toBe("amina");
    expect($("#session-roles")?.textContent).toBe("Admin, Caseworker");
    expect(core.names()).toContain("watch_lock");

    const e = ctrlL();
    expect(e.defaultPrevented).toBe(true);
    expect($("#dashboard")).toBeNull();
    expect($("#unlock-form")).not.toBeNull();
    expect(input("#user-name").value).toBe("amina");
    expect(document.activeElement?.id).toBe("passphrase");
    await until(() => core.names().includes("lock"));

    // Locked: the shortcut does nothing more.
    expect(ctrlL().defaultPrevented).toBe(false);
  });

  it("locks when the core reports an idle lock", async () => {
    const core = await unlocked();
    core.coreLocks("idle");
    expect($("#unlock-form")).not.toBeNull();
    expect($("#unlock-notice")?.textContent).toMatch(/inactivity/);
  });

  it("locks after autoLockMinutes without activity; activity postpones it", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const core = await unlocked();
    vi.advanceTimersByTime(4 * 60_000);
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
    vi.advanceTimersByTime(4 * 60_000);
    expect($("#dashboard")).not.toBeNull();
    vi.advanceTimersByTime(60_000);
    expect($("#unlock-form")).not.toBeNull();
    await until(() => core.names().includes("lock"));
  });

  it("reports activity with touch at most every 30 s", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const core = await unlocked();
    const touches = () => core.names().filter((n) => n === "touch").length;
    for (let i = 0; i < 10; i++) {
      document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
      vi.advanceTimersByTime(2_000);
    }
    expect(touches()).toBe(1);
    vi.advanceTimersByTime(15_000);
    window.dispatchEvent(new Event("pointerdown"));
    expect(touches()).toBe(2);
  });

  it("shows the unlock screen when a command fails with kind locked", async () => {
    const core = await unlocked();
    core.setState("locked");
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
    await until(() => $("#unlock-form"));
    expect(input("#user-name").value).toBe("amina");
  });

  it("goes straight to the dashboard when the vault is already unlocked", async () => {
    fakeCore("unlocked");
    app = new App(root);
    await app.start();
    expect($("#session-user")?.textContent).toBe("amina");
  });
});
