// The vault check (admin) and the dashboard's notice of a key file changed outside Haven,
// against a fake core (mockIPC).
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import type { IntegrityReport } from "./bindings/IntegrityReport";
import type { IpcError } from "./bindings/IpcError";
import type { Role } from "./bindings/Role";
import type { SessionInfo } from "./bindings/SessionInfo";
import { setLanguage } from "./i18n";
import { mockIPC } from "./testing/core";
import { permissionsOf } from "./testing/permissions";

const session = (userName: string, roles: Role[], keyFileChanged = false): SessionInfo => ({
  userName,
  roles,
  permissions: permissionsOf(roles),
  autoLockMinutes: 5,
  language: null,
  keyFileChanged,
});
const admin = session("amina", ["admin"]);
const MAC = "cd".repeat(32);
const fault = (kind: IpcError["kind"], message: string): IpcError => ({ kind, message, field: null, problems: [] });

function intact(): IntegrityReport {
  return {
    pages: 240,
    damagedPages: 0,
    structureIntact: true,
    trailingBytes: 0,
    chain: { entries: 57, head: { seq: 57, mac: MAC }, first_broken: null, truncated: false },
    anchor: "reached",
    keyFile: "sealed",
  };
}

function fakeCore(s: SessionInfo, first: Partial<IntegrityReport> = {}) {
  const calls: string[] = [];
  const failures = new Map<string, IpcError>();
  const waits = new Map<string, Promise<void>>();
  let report: IntegrityReport = { ...intact(), ...first };
  mockIPC(async (cmd) => {
    calls.push(cmd);
    await waits.get(cmd);
    const failure = failures.get(cmd);
    if (failure) throw failure;
    switch (cmd) {
      case "vault_state":
        return { state: "unlocked", session: s };
      case "watch_lock":
      case "touch":
      case "lock":
      case "set_language":
        return null;
      case "backup_status":
        return { lastBackupAt: "2026-01-01T10:00:00Z", daysSince: 1, due: false };
      case "vault_check":
        return structuredClone(report);
      case "key_file_repair": {
        const changed = report.keyFile === "changed";
        report = { ...report, keyFile: "sealed" };
        return changed;
      }
      case "audit_actions":
        return [];
      case "audit_search":
        return { lines: [], more: false };
      case "dashboard_figures":
        return { openCases: 0, closedCases: 0, shelters: [], pendingReferrals: 0, expiringConsents: [] };
      case "recent_activity":
        return [];
      default:
        throw fault("internal", `no command ${cmd}`);
    }
  });
  return {
    calls,
    gives(r: Partial<IntegrityReport>) {
      report = { ...intact(), ...r };
    },
    fail(cmd: string, e: IpcError | null) {
      if (e) failures.set(cmd, e);
      else failures.delete(cmd);
    },
    hold(cmd: string): () => void {
      let release = () => {};
      waits.set(cmd, new Promise<void>((r) => (release = r)));
      return () => {
        waits.delete(cmd);
        release();
      };
    },
  };
}

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const button = (sel: string) => $<HTMLButtonElement>(sel)!;
const text = (sel: string) => $(sel)?.textContent?.trim() ?? "";
const items = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(`${sel} li`));
async function until(check: () => unknown) {
  await vi.waitFor(() => {
    if (!check()) throw new Error("not yet");
  });
}
function chooseLanguage(code: string) {
  $<HTMLSelectElement>("#language")!.value = code;
  $<HTMLSelectElement>("#language")!.dispatchEvent(new Event("change", { bubbles: true }));
}

let app: App;
let root: HTMLElement;

beforeEach(() => {
  setLanguage("en");
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
});
afterEach(() => {
  app?.destroy();
  clearMocks();
  setLanguage("en");
});

async function start(s: SessionInfo = admin, first: Partial<IntegrityReport> = {}) {
  const core = fakeCore(s, first);
  app = new App(root);
  await app.start();
  return core;
}

async function openCheck(s: SessionInfo = admin, first: Partial<IntegrityReport> = {}) {
  const core = await start(s, first);
  button("#open-vault-check").click();
  await until(() => $("#vault-check"));
  return core;
}

describe("the way in", () => {
  it("is an entry of the Administration card, for admins only; it checks nothing until asked", async () => {
    const core = await start();
    expect(button("#open-vault-check").textContent).toBe("Vault check");
    expect($("#dashboard-admin #open-vault-check")).not.toBeNull();
    button("#open-vault-check").click();
    expect(document.activeElement?.id).toBe("vault-check-title");
    expect(text("#vault-check-title")).toBe("Vault check");
    expect(text("#check-run")).toBe("Check the vault");
    expect(button("#check-run").getAttribute("aria-describedby")).toBe("check-run-hint");
    expect(core.calls).not.toContain("vault_check");
    button("#vault-check-back").click();
    expect(document.activeElement?.id).toBe("dashboard-title");

    app.destroy();
    clearMocks();
    await start(session("rauf", ["caseworker", "supervisor"], true));
    expect($("#open-vault-check")).toBeNull();
    expect($("#key-file-notice")).toBeNull();
  });

  it("is offered beside the audit log's verification, and goes back there", async () => {
    await start();
    button("#open-audit").click();
    expect(text("#audit-check-whole")).toMatch(/also reads every page/);
    button("#audit-open-check").click();
    expect($("#vault-check")).not.toBeNull();
    button("#vault-check-back").click();
    expect($("#audit")).not.toBeNull();
  });
});

describe("the check", () => {
  it("waits with the button disabled and a progress in words, then says the vault is intact", async () => {
    const core = await openCheck();
    const release = core.hold("vault_check");
    button("#check-run").click();
    await until(() => core.calls.includes("vault_check"));
    expect(button("#check-run").disabled).toBe(true);
    expect(text("#check-run")).toBe("Checking…");
    expect($("#check-progress-box")!.hidden).toBe(false);
    expect(text("#check-progress-text")).toBe("Reading and authenticating every page…");
    expect($("#check-progress")!.hasAttribute("value")).toBe(false);
    expect($("#check-result")!.getAttribute("aria-busy")).toBe("true");
    expect($<HTMLSelectElement>("#language")!.disabled).toBe(true);
    release();

    await until(() => $("#check-result")!.dataset.check);
    const result = $("#check-result")!;
    expect(result.getAttribute("role")).toBe("status");
    expect(result.hasAttribute("aria-busy")).toBe(false);
    expect(result.dataset.check).toBe("intact");
    expect(text("#check-headline")).toBe("The vault is intact.");
    expect(items("#check-lines").map((li) => li.textContent)).toEqual([
      "240 pages of the database authenticated.",
      "The audit log's 57 entries reach the integrity record.",
      "The key file is sealed: it is as Haven last wrote it.",
    ]);
    expect($("#check-progress-box")!.hidden).toBe(true);
    expect(button("#check-run").disabled).toBe(false);
    expect($("#check-repair-box")!.hidden).toBe(true);
    expect($<HTMLSelectElement>("#language")!.disabled).toBe(false);
  });

  it("lists each finding and points to the last backup; no repair without a changed key file", async () => {
    const core = await openCheck();
    core.gives({ damagedPages: 2, trailingBytes: 100, anchor: "notReached", chain: { entries: 57, head: null, first_broken: 9, truncated: false } });
    button("#check-run").click();
    await until(() => $("#check-findings"));
    expect($("#check-result")!.dataset.check).toBe("damaged");
    expect(text("#check-headline")).toBe("The check found 4 problems:");
    expect(items("#check-findings").map((li) => li.dataset.finding)).toEqual(["changesMissing", "damagedPages", "brokenChain", "trailingBytes"]);
    expect(items("#check-findings")[2].textContent).toBe("The audit log is broken at entry #9.");
    expect(text("#check-advice")).toMatch(/restore the last backup/);
    expect($("#check-repair-box")!.hidden).toBe(true);
  });

  it("shows a failure in the alert: the core's words in English, the kind's in Russian", async () => {
    const core = await openCheck();
    core.fail("vault_check", fault("storage", "The database file could not be read."));
    button("#check-run").click();
    await until(() => text("#check-error"));
    expect($("#check-error")!.getAttribute("role")).toBe("alert");
    expect(text("#check-error")).toBe("The database file could not be read.");
    expect(button("#check-run").disabled).toBe(false);
    expect($("#check-progress-box")!.hidden).toBe(true);

    chooseLanguage("ru");
    await until(() => text("#vault-check-title") === "Проверка хранилища");
    button("#check-run").click();
    await until(() => text("#check-error"));
    expect(text("#check-error")).toBe("Haven не удалось прочитать или записать свои файлы.");
  });

  it("shows the result again in another language", async () => {
    await openCheck();
    button("#check-run").click();
    await until(() => $("#check-lines"));
    chooseLanguage("az");
    await until(() => text("#vault-check-title") === "Seyfin yoxlanılması");
    expect(text("#check-headline")).toBe("Seyf bütövdür.");
    expect(items("#check-lines")[0].textContent).toContain("240");
  });
});

describe("a key file changed outside Haven", () => {
  it("is noticed on an admin's dashboard, which leads to the check", async () => {
    await start(session("amina", ["admin"], true), { keyFile: "changed" });
    const notice = $("#key-file-notice")!;
    expect(notice.getAttribute("role")).toBe("alert");
    expect(text("#key-file-notice-text")).toBe("The key file was changed outside Haven. Check the vault in Administration to repair it.");
    button("#key-file-notice-open").click();
    expect($("#vault-check")).not.toBeNull();
    expect(document.activeElement?.id).toBe("vault-check-title");
  });

  it("is listed by the check, repaired, checked again and announced; the notice goes", async () => {
    const core = await openCheck(session("amina", ["admin"], true), { keyFile: "changed" });
    button("#check-run").click();
    await until(() => $("#check-findings"));
    expect($("#check-result")!.dataset.check).toBe("keyFile");
    expect(items("#check-findings").map((li) => li.textContent)).toEqual(["The key file was changed outside Haven."]);
    expect($("#check-advice")).toBeNull();
    expect($("#check-repair-box")!.hidden).toBe(false);
    expect(text("#check-repair")).toBe("Repair the key file");
    expect(text("#check-repair-hint")).toMatch(/No passphrase changes/);

    const release = core.hold("key_file_repair");
    button("#check-repair").focus();
    button("#check-repair").click();
    await until(() => core.calls.includes("key_file_repair"));
    expect(button("#check-repair").disabled).toBe(true);
    expect(button("#check-run").disabled).toBe(true);
    release();
    await until(() => $("#check-repair-result"));
    expect(core.calls.slice(-2)).toEqual(["key_file_repair", "vault_check"]);
    expect(text("#check-repair-result")).toBe("The key file was repaired and sealed anew.");
    expect(text("#check-headline")).toBe("The vault is intact.");
    expect($("#check-repair-box")!.hidden).toBe(true);
    // The repair button went away with the problem: focus goes on to the check.
    expect(document.activeElement?.id).toBe("check-run");

    button("#vault-check-back").click();
    expect($("#dashboard")).not.toBeNull();
    expect($("#key-file-notice")).toBeNull();
  });

  it("says so when there was nothing to repair", async () => {
    const core = await openCheck(admin, { keyFile: "changed" });
    button("#check-run").click();
    await until(() => !$("#check-repair-box")!.hidden);
    core.gives({});
    button("#check-repair").click();
    await until(() => $("#check-repair-result"));
    expect(text("#check-repair-result")).toBe("The key file needed no repair.");
  });
});
