// The administrator's screens (users and roles, audit log, settings) and "Change my
// passphrase", against a fake core (mockIPC).
import { clearMocks } from "@tauri-apps/api/mocks";
import { mockIPC } from "./testing/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { IpcError } from "./bindings/IpcError";
import type { LogLine } from "./bindings/LogLine";
import type { Role } from "./bindings/Role";
import type { Rotated } from "./bindings/Rotated";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { UserSummary } from "./bindings/UserSummary";
import type { Verification } from "./bindings/Verification";
import { permissionsOf } from "./testing/permissions";

const admin: SessionInfo = { userName: "amina", roles: ["admin", "caseworker"], permissions: permissionsOf(["admin", "caseworker"]), autoLockMinutes: 5, language: null, keyFileChanged: false };
const supervisor: SessionInfo = { userName: "leyla", roles: ["supervisor"], permissions: permissionsOf(["supervisor"]), autoLockMinutes: 5, language: null, keyFileChanged: false };
const caseworker: SessionInfo = { userName: "rauf", roles: ["caseworker"], permissions: permissionsOf(["caseworker"]), autoLockMinutes: 5, language: null, keyFileChanged: false };
const KEY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567";
const MAC = "0123456789abcdef".repeat(4);
const PASS = "correct horse battery staple 42";

const fault = (kind: IpcError["kind"], message: string, field: string | null = null): IpcError => ({ kind, message, field, problems: [] });

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function logLines(from: number, to: number): LogLine[] {
  const lines: LogLine[] = [];
  for (let seq = from; seq >= to; seq--) {
    lines.push({
      seq,
      at: "2026-01-02T10:00:00Z",
      user: seq % 2 ? "amina" : null,
      action: seq % 3 ? "case.read" : "login",
      case: seq % 3 ? "HVN-2026-0001" : null,
      outcome: seq === 5 ? "denied" : "ok",
      detail: null,
    });
  }
  return lines;
}

function fakeCore(session: SessionInfo) {
  const calls: Call[] = [];
  let users: UserSummary[] = [
    { name: "amina", roles: ["admin", "caseworker"], grants: [], createdAt: "2026-01-02T09:00:00Z" },
    { name: "leyla", roles: ["supervisor"], grants: [], createdAt: "2026-01-03T09:00:00Z" },
  ];
  const failures = new Map<string, IpcError>();
  let verification: Verification = { entries: 12, head: { seq: 12, mac: MAC }, first_broken: null, truncated: false };
  let rotated: Rotated = { recoveryKey: KEY, temporaryPassphrases: [{ userName: "leyla", passphrase: "violet harbour seven lanterns" }] };
  let minCell = 11;
  let autoLock = 5;
  let state: "unlocked" | "locked" = "unlocked";
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const failure = failures.get(cmd);
    if (failure) throw failure;
    switch (cmd) {
      case "vault_state":
        return state === "unlocked" ? { state, session } : { state };
      case "watch_lock":
      case "touch":
      case "lock":
        return null;
      case "backup_status":
        return { lastBackupAt: "2026-01-01T10:00:00Z", daysSince: 1, due: false };
      case "passphrase_strength":
        return { score: 4, acceptable: true, feedback: [] };
      case "users_list":
        return users;
      case "user_add": {
        const user: UserSummary = { name: String(args.userName), roles: args.roles as Role[], grants: [], createdAt: "2026-02-01T12:00:00Z" };
        users = [...users, user];
        return user;
      }
      case "user_remove":
        users = users.filter((u) => u.name !== args.userName);
        return null;
      case "user_set_roles": {
        const user = users.find((u) => u.name === args.userName)!;
        user.roles = args.roles as Role[];
        return user;
      }
      case "user_reset_passphrase":
        if (args.recoveryKey !== KEY) throw fault("wrongCredentials", "That recovery key does not open this vault.");
        return null;
      case "recovery_key_replace":
        return { recoveryKey: KEY };
      case "rotate_data_key":
        state = "locked";
        return rotated;
      case "change_own_passphrase":
        if (args.current !== PASS) throw fault("wrongCredentials", "The passphrase is wrong.");
        return null;
      case "audit_actions":
        return ["login", "case.read", "key.rotate"];
      case "audit_search": {
        const filter = args.filter as AuditFilter;
        return filter.before ? { lines: logLines(filter.before - 1, 1), more: false } : { lines: logLines(12, 3), more: true };
      }
      case "audit_verify":
        return verification;
      case "settings_get":
        return { defaultMinCell: minCell, autoLockMinutes: autoLock };
      case "settings_set_min_cell":
        minCell = Number(args.minCell);
        return { defaultMinCell: minCell, autoLockMinutes: autoLock };
      case "settings_set_auto_lock":
        autoLock = Number(args.minutes);
        return { defaultMinCell: minCell, autoLockMinutes: autoLock };
      case "dashboard_figures":
        return { openCases: 0, closedCases: 0, shelters: [], pendingReferrals: 0, expiringConsents: [] };
      default:
        throw fault("internal", `no command ${cmd}`);
    }
  });
  return {
    calls,
    names: () => calls.map((c) => c.cmd),
    last: (cmd: string) => [...calls].reverse().find((c) => c.cmd === cmd),
    all: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    fail(cmd: string, e: IpcError | null) {
      if (e) failures.set(cmd, e);
      else failures.delete(cmd);
    },
    verifyGives(v: Verification) {
      verification = v;
    },
    rotateGives(r: Rotated) {
      rotated = r;
    },
    lockOnFailure() {
      state = "locked";
    },
  };
}

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const $$ = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));
const input = (sel: string) => $<HTMLInputElement>(sel)!;
const button = (sel: string) => $<HTMLButtonElement>(sel)!;
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
function choose(sel: string, value: string) {
  const el = $<HTMLSelectElement>(sel)!;
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
function check(sel: string) {
  const el = input(sel);
  el.checked = true;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
function submit(sel: string) {
  $<HTMLFormElement>(sel)!.requestSubmit();
}
const userRow = (name: string) => $$("#users-table tr[data-user]").find((r) => r.dataset.user === name) ?? null;
const rowButton = (name: string, action: string) => userRow(name)!.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);

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
});

async function start(session: SessionInfo = admin) {
  const core = fakeCore(session);
  app = new App(root);
  await app.start();
  return core;
}

async function openUsers() {
  const core = await start();
  button("#open-users").click();
  await until(() => userRow("leyla"));
  return core;
}

describe("entry points", () => {
  it("offers users, audit and settings to admins only", async () => {
    await start(admin);
    expect($("#open-users")?.textContent).toBe("Users and roles");
    expect($("#open-audit")?.textContent).toBe("Audit log");
    expect($("#open-settings")?.textContent).toBe("Settings");
    for (const other of [supervisor, caseworker]) {
      app.destroy();
      clearMocks();
      await start(other);
      expect($("#dashboard-title")).not.toBeNull();
      expect($("#open-users")).toBeNull();
      expect($("#open-audit")).toBeNull();
      expect($("#open-settings")).toBeNull();
      expect($("#change-passphrase")).not.toBeNull();
    }
  });

  it("opens each screen with its title focused, the top bar, and back to the dashboard", async () => {
    await start();
    for (const screen of ["users", "audit", "settings"]) {
      button(`#open-${screen}`).click();
      expect($(`#${screen}`)).not.toBeNull();
      expect(document.activeElement?.id).toBe(`${screen}-title`);
      expect($("#lock")).not.toBeNull();
      expect($("#session-user")?.textContent).toBe("amina");
      button(`#${screen}-back`).click();
      expect($("#dashboard")).not.toBeNull();
      expect(document.activeElement?.id).toBe("dashboard-title");
    }
  });

  it("locks from an admin screen with Ctrl+L", async () => {
    const core = await start();
    button("#open-audit").click();
    const e = new KeyboardEvent("keydown", { key: "l", code: "KeyL", ctrlKey: true, bubbles: true, cancelable: true });
    document.body.dispatchEvent(e);
    expect($("#audit")).toBeNull();
    expect($("#unlock-form")).not.toBeNull();
    await until(() => core.names().includes("lock"));
  });
});

describe("users and roles", () => {
  it("lists the users with roles, the day they were added and their actions", async () => {
    await openUsers();
    const amina = userRow("amina")!;
    expect(amina.querySelector("th")?.textContent).toContain("amina");
    expect(Array.from(amina.querySelectorAll(".role-label")).map((l) => l.textContent)).toEqual(["Caseworker", "Admin"]);
    expect(amina.querySelector("time")?.getAttribute("datetime")).toBe("2026-01-02T09:00:00Z");
    expect(amina.querySelector("time")?.textContent).toMatch(/January 2026/);
    // The signed-in admin cannot remove themselves.
    expect(amina.dataset.self).toBe("true");
    expect(rowButton("amina", "remove")).toBeNull();
    expect(rowButton("amina", "roles")).not.toBeNull();
    expect(rowButton("leyla", "remove")?.textContent).toBe("Remove");
    expect(rowButton("leyla", "remove")?.getAttribute("aria-label")).toBe("Remove: leyla");
  });

  it("adds a user and refreshes the table", async () => {
    const core = await openUsers();
    type("#new-user-name", "rauf");
    check('input[name="new-user-role"][value="caseworker"]');
    type("#new-user-passphrase", PASS);
    type("#new-user-passphrase-again", PASS);
    await until(() => $("#new-user-strength-label")?.textContent === "Strong");
    submit("#user-add-form");
    await until(() => userRow("rauf"));
    expect(core.last("user_add")?.args).toEqual({ userName: "rauf", roles: ["caseworker"], passphrase: PASS, passphraseAgain: PASS });
    expect(core.all("users_list")).toHaveLength(2);
    expect($("#user-add-saved")?.textContent).toMatch(/rauf was added/);
    expect(input("#new-user-name").value).toBe("");
    expect(input("#new-user-passphrase").value).toBe("");
    expect(input('input[name="new-user-role"][value="caseworker"]').checked).toBe(false);
  });

  it("shows a core error next to its field and keeps what was typed", async () => {
    const core = await openUsers();
    core.fail("user_add", fault("invalid", "A user with this name already exists.", "userName"));
    type("#new-user-name", "leyla");
    check('input[name="new-user-role"][value="intake"]');
    type("#new-user-passphrase", PASS);
    type("#new-user-passphrase-again", PASS);
    submit("#user-add-form");
    await until(() => $("#new-user-name-error")?.textContent);
    expect($("#new-user-name-error")?.textContent).toBe("A user with this name already exists.");
    expect(input("#new-user-name").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement?.id).toBe("new-user-name");
    expect($("#user-add-error")?.textContent).toBe("");
    expect(input("#new-user-name").value).toBe("leyla");
    expect(input('input[name="new-user-role"][value="intake"]').checked).toBe(true);
    expect(input("#new-user-passphrase").value).toBe(PASS);
    expect(input("#new-user-passphrase-again").value).toBe(PASS);

    core.fail("user_add", fault("weakPassphrase", "The passphrase is too easy to guess.", "passphrase"));
    type("#new-user-name", "rauf");
    submit("#user-add-form");
    await until(() => $("#new-user-passphrase-error")?.textContent);
    expect($("#new-user-passphrase-error")?.textContent).toBe("The passphrase is too easy to guess.");
    expect($("#new-user-name-error")?.hidden).toBe(true);
  });

  it("checks the add form before asking the core", async () => {
    const core = await openUsers();
    type("#new-user-name", "rauf");
    type("#new-user-passphrase", PASS);
    type("#new-user-passphrase-again", PASS);
    submit("#user-add-form");
    expect($("#new-user-role-error")?.textContent).toBe("Choose at least one role.");
    expect(document.activeElement?.id).toBe("new-user-role-intake");
    check('input[name="new-user-role"][value="supervisor"]');
    type("#new-user-passphrase-again", PASS + "!");
    submit("#user-add-form");
    expect($("#new-user-passphrase-again-error")?.textContent).toBe("The passphrases do not match.");
    expect(core.names()).not.toContain("user_add");
  });

  it("asks before removing a user, and removes them on confirmation", async () => {
    const core = await openUsers();
    rowButton("leyla", "remove")!.click();
    expect($("#user-remove-question")?.textContent).toMatch(/leyla's passphrase will open nothing any more/);
    expect(rowButton("leyla", "remove")?.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement?.id).toBe("user-remove-cancel");
    button("#user-remove-cancel").click();
    expect($("#user-remove-question")).toBeNull();
    expect(core.names()).not.toContain("user_remove");

    rowButton("leyla", "remove")!.click();
    button("#user-remove-confirm").click();
    await until(() => !userRow("leyla"));
    expect(core.last("user_remove")?.args).toEqual({ userName: "leyla" });
    expect($("#users-status")?.textContent).toBe("leyla was removed.");
  });

  it("shows why a removal was refused", async () => {
    const core = await openUsers();
    core.fail("user_remove", fault("invalid", "Haven needs at least one administrator."));
    rowButton("leyla", "remove")!.click();
    button("#user-remove-confirm").click();
    await until(() => $("#user-remove-error")?.textContent);
    expect($("#user-remove-error")?.textContent).toBe("Haven needs at least one administrator.");
    expect(userRow("leyla")).not.toBeNull();
  });

  it("changes roles inline, needing at least one", async () => {
    const core = await openUsers();
    rowButton("leyla", "roles")!.click();
    expect(input("#user-roles-supervisor").checked).toBe(true);
    input("#user-roles-supervisor").checked = false;
    submit("#user-roles-form");
    expect($("#user-roles-error")?.textContent).toBe("Choose at least one role.");
    check("#user-roles-caseworker");
    check("#user-roles-intake");
    submit("#user-roles-form");
    await until(() => userRow("leyla")?.textContent?.includes("Intake"));
    expect(core.last("user_set_roles")?.args).toEqual({ userName: "leyla", roles: ["intake", "caseworker"] });
    expect($("#user-roles-form")).toBeNull();
    expect($("#users-status")?.textContent).toBe("The roles of leyla were saved.");
  });

  it("resets a passphrase with the recovery key; a wrong key is shown at its field", async () => {
    const core = await openUsers();
    rowButton("leyla", "reset")!.click();
    expect(document.activeElement?.id).toBe("reset-recovery-key");
    type("#reset-recovery-key", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH");
    type("#reset-passphrase", PASS);
    type("#reset-passphrase-again", PASS);
    submit("#user-reset-form");
    await until(() => $("#reset-recovery-key-error")?.textContent);
    expect($("#reset-recovery-key-error")?.textContent).toBe("That recovery key does not open this vault.");
    expect(input("#reset-passphrase").value).toBe(PASS);

    type("#reset-recovery-key", KEY);
    submit("#user-reset-form");
    await until(() => $("#users-status")?.textContent);
    expect(core.last("user_reset_passphrase")?.args).toEqual({ userName: "leyla", recoveryKey: KEY, passphrase: PASS, passphraseAgain: PASS });
    expect($("#user-reset-form")).toBeNull();
    expect(document.body.innerHTML).not.toContain(PASS);
  });

  it("replaces the recovery key after confirming, shows it once, and comes back", async () => {
    const core = await openUsers();
    button("#replace-recovery-key").click();
    expect($("#replace-recovery-panel")?.hidden).toBe(false);
    expect($("#replace-recovery-question")?.textContent).toMatch(/current recovery key will stop working/);
    expect(core.names()).not.toContain("recovery_key_replace");
    button("#replace-recovery-confirm").click();
    await until(() => $("#recovery-replaced"));
    expect($("#recovery-key")?.textContent).toBe(KEY);
    expect($("#recovery-replaced")?.classList.contains("printable")).toBe(true);
    input("#recovery-stored").click();
    button("#recovery-continue").click();
    expect($("#users")).not.toBeNull();
    expect(document.body.innerHTML).not.toContain("MNOP");
  });
});

describe("rotating the data key", () => {
  it("asks first, then shows the new key and the temporary passphrases, then the unlock screen", async () => {
    const core = await openUsers();
    button("#rotate-data-key").click();
    expect($("#rotate-question")?.textContent).toMatch(/everyone, you included, unlocks again/);
    submit("#rotate-panel");
    expect($("#rotate-passphrase-error")?.textContent).toBe("This field is required.");
    type("#rotate-passphrase", PASS);
    submit("#rotate-panel");
    await until(() => $("#rotated-view"));
    expect(core.last("rotate_data_key")?.args).toEqual({ passphrase: PASS });
    expect($("#rotated-recovery-key")?.textContent).toBe(KEY);
    const rows = $$("#temporary-passphrases tbody tr");
    expect(rows.map((r) => [r.dataset.user, r.querySelector("td")?.textContent])).toEqual([["leyla", "violet harbour seven lanterns"]]);
    expect($("#rotated-view")?.textContent).toMatch(/Hand each over in person; they change it after unlocking/);

    // The session is over: no lock shortcut, no idle lock takes this away.
    const e = new KeyboardEvent("keydown", { key: "l", code: "KeyL", ctrlKey: true, bubbles: true, cancelable: true });
    document.body.dispatchEvent(e);
    expect($("#rotated-view")).not.toBeNull();

    expect(button("#rotated-continue").disabled).toBe(true);
    input("#rotated-stored").click();
    button("#rotated-continue").click();
    expect($("#unlock-form")).not.toBeNull();
    expect(input("#user-name").value).toBe("amina");
    expect(document.body.innerHTML).not.toContain("violet harbour");
    expect(core.names()).not.toContain("lock");
  });

  it("says so when there is nobody else", async () => {
    const core = await openUsers();
    core.rotateGives({ recoveryKey: KEY, temporaryPassphrases: [] });
    button("#rotate-data-key").click();
    type("#rotate-passphrase", PASS);
    submit("#rotate-panel");
    await until(() => $("#rotated-view"));
    expect($("#temporary-passphrases-none")).not.toBeNull();
  });

  it("goes to the unlock screen with the message when it fails", async () => {
    const core = await openUsers();
    core.fail("rotate_data_key", fault("wrongCredentials", "The passphrase is wrong."));
    button("#rotate-data-key").click();
    type("#rotate-passphrase", "wrong");
    submit("#rotate-panel");
    await until(() => $("#unlock-form"));
    expect($("#unlock-notice")?.textContent).toBe("The vault was not re-encrypted: The passphrase is wrong. Haven is locked; unlock again.");
    expect($("#unlock-notice")?.getAttribute("role")).toBe("alert");
  });
});

describe("audit log", () => {
  async function openAudit() {
    const core = await start();
    button("#open-audit").click();
    await until(() => $$("#audit-table tr[data-seq]").length === 10 && $$("#audit-action option").length === 4);
    return core;
  }

  it("shows the newest entries with labels, and the action words in the filter", async () => {
    const core = await openAudit();
    expect(core.last("audit_search")?.args).toEqual({ filter: {} });
    expect(Array.from($<HTMLSelectElement>("#audit-action")!.options).map((o) => [o.value, o.textContent])).toEqual([
      ["", "All actions"],
      ["login", "Signed in"],
      ["case.read", "Case identity read"],
      ["key.rotate", "Data key rotated"],
    ]);
    const first = $('#audit-table tr[data-seq="12"]')!;
    const cells = Array.from(first.querySelectorAll("td")).map((c) => c.textContent);
    expect(cells[0]).toBe("12");
    expect(cells[2]).toBe("—");
    expect(cells[3]).toBe("Signed in");
    expect($('#audit-table tr[data-seq="11"] td:nth-child(5)')?.textContent).toBe("HVN-2026-0001");
    expect($('#audit-table tr[data-seq="5"] [data-outcome]')?.textContent).toBe("denied");
    expect($("#audit-more")?.hidden).toBe(false);
    expect(input("#audit-from").type).toBe("date");
  });

  it("sends the filter from the form, empty fields left out, and pages with before", async () => {
    const core = await openAudit();
    type("#audit-user", " amina ");
    choose("#audit-action", "case.read");
    type("#audit-from", "2026-01-01");
    $<HTMLFormElement>("#audit-filter")!.requestSubmit();
    await until(() => core.all("audit_search").length === 2 && !button("#audit-apply").disabled);
    expect(core.last("audit_search")?.args).toEqual({ filter: { user: "amina", action: "case.read", from: "2026-01-01" } });

    button("#audit-more").click();
    await until(() => $$("#audit-table tr[data-seq]").length === 12);
    expect(core.last("audit_search")?.args).toEqual({ filter: { user: "amina", action: "case.read", from: "2026-01-01", before: 3 } });
    expect($("#audit-more")?.hidden).toBe(true);
    expect($$("#audit-table tr[data-seq]").map((r) => Number(r.dataset.seq))).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

    button("#audit-clear").click();
    await until(() => core.all("audit_search").length === 4);
    expect(core.last("audit_search")?.args).toEqual({ filter: {} });
    expect(input("#audit-user").value).toBe("");
  });

  it("shows a filter error next to its field", async () => {
    const core = await openAudit();
    core.fail("audit_search", fault("invalid", "There is no case with this code.", "case"));
    type("#audit-case", "HVN-9");
    $<HTMLFormElement>("#audit-filter")!.requestSubmit();
    await until(() => $("#audit-case-error")?.textContent);
    expect($("#audit-case-error")?.textContent).toBe("There is no case with this code.");
    expect(input("#audit-case").value).toBe("HVN-9");
  });

  it("verifies: intact with the current head, broken, truncated", async () => {
    const core = await openAudit();
    const result = $("#audit-verify-result")!;
    expect(result.getAttribute("role")).toBe("status");
    $<HTMLFormElement>("#audit-verify-form")!.requestSubmit();
    expect(button("#audit-verify").disabled).toBe(true);
    await until(() => result.dataset.state);
    expect(core.last("audit_verify")?.args).toEqual({ head: null });
    expect(result.dataset.state).toBe("intact");
    expect(result.textContent).toContain("The log is intact: 12 entries verified.");
    expect(input("#audit-current-head").value).toBe(`12:${MAC}`);
    expect(input("#audit-current-head").readOnly).toBe(true);
    expect($('label[for="audit-current-head"]')?.textContent).toBe("Current head");
    expect(result.textContent).toMatch(/keep it somewhere else to detect a cut-off tail later/);
    await until(() => !button("#audit-verify").disabled);

    core.verifyGives({ entries: 12, head: { seq: 12, mac: MAC }, first_broken: 7, truncated: false });
    $<HTMLFormElement>("#audit-verify-form")!.requestSubmit();
    await until(() => result.dataset.state === "broken");
    expect(result.textContent).toBe("The log was changed: entry #7 is the first that does not fit.");
    expect($("#audit-current-head")).toBeNull();
    await until(() => !button("#audit-verify").disabled);

    core.verifyGives({ entries: 12, head: { seq: 12, mac: MAC }, first_broken: null, truncated: true });
    type("#audit-head", `20:${MAC}`);
    $<HTMLFormElement>("#audit-verify-form")!.requestSubmit();
    await until(() => result.dataset.state === "truncated");
    expect(core.last("audit_verify")?.args).toEqual({ head: `20:${MAC}` });
    expect(result.textContent).toContain("Entries after #12 are missing (the log was cut).");
  });

  it("shows a malformed kept head at its field", async () => {
    const core = await openAudit();
    core.fail("audit_verify", fault("invalid", "A chain head is written SEQ:MAC.", "head"));
    type("#audit-head", "nonsense");
    $<HTMLFormElement>("#audit-verify-form")!.requestSubmit();
    await until(() => $("#audit-head-error")?.textContent);
    expect($("#audit-head-error")?.textContent).toBe("A chain head is written SEQ:MAC.");
    expect($("#audit-verify-result")?.dataset.state).toBeUndefined();
  });
});

describe("settings", () => {
  async function openSettings() {
    const core = await start();
    button("#open-settings").click();
    await until(() => input("#settings-min-cell").value === "11");
    return core;
  }

  it("shows k and the auto-lock time, no language note (the switch is in the top bar), and saves k", async () => {
    const core = await openSettings();
    expect($("#settings-auto-lock-current")?.textContent).toMatch(/5 minutes/);
    expect($("#settings-language-note")).toBeNull();
    expect($("#settings .topbar #language")).not.toBeNull();
    expect($("#settings-saved")?.getAttribute("role")).toBe("status");
    type("#settings-min-cell", "15");
    submit("#settings-form");
    await until(() => $("#settings-saved")?.textContent);
    expect(core.last("settings_set_min_cell")?.args).toEqual({ minCell: 15 });
    expect($("#settings-saved")?.textContent).toBe("Saved. New reports start with k = 15.");
  });

  it("shows an invalid k at the field", async () => {
    const core = await openSettings();
    type("#settings-min-cell", "0");
    submit("#settings-form");
    expect($("#settings-min-cell-error")?.textContent).toBe("Enter a whole number from 1 to 100.");
    expect(core.names()).not.toContain("settings_set_min_cell");

    core.fail("settings_set_min_cell", fault("invalid", "The minimum cell size is from 1 to 100.", "minCell"));
    type("#settings-min-cell", "50");
    submit("#settings-form");
    await until(() => $("#settings-min-cell-error")?.textContent === "The minimum cell size is from 1 to 100.");
    expect(input("#settings-min-cell").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement?.id).toBe("settings-min-cell");
    expect($("#settings-saved")?.textContent).toBe("");
  });
});

describe("settings: automatic lock", () => {
  async function openSettings() {
    const core = await start();
    button("#open-settings").click();
    await until(() => input("#settings-auto-lock-minutes").value === "5");
    return core;
  }

  it("is an input from 1 to 60 with its own save, status and note on the next unlock", async () => {
    const core = await openSettings();
    const minutes = input("#settings-auto-lock-minutes");
    expect(minutes.type).toBe("number");
    expect(minutes.min).toBe("1");
    expect(minutes.max).toBe("60");
    expect($(`label[for="settings-auto-lock-minutes"]`)?.textContent).toBe("Minutes without activity before Haven locks");
    expect($("#settings-auto-lock-minutes-hint")?.textContent).toMatch(/next unlock/);
    expect($("#settings-auto-lock #settings-auto-lock-save")).not.toBeNull();
    expect($("#settings-auto-lock-saved")?.getAttribute("role")).toBe("status");

    type("#settings-auto-lock-minutes", "15");
    submit("#settings-auto-lock-form");
    await until(() => $("#settings-auto-lock-saved")?.textContent);
    expect(core.last("settings_set_auto_lock")?.args).toEqual({ minutes: 15 });
    expect(core.names()).not.toContain("settings_set_min_cell");
    expect($("#settings-auto-lock-saved")?.textContent).toBe("Saved. From the next unlock, Haven locks after 15 minutes without activity.");
    // The session in progress keeps its own time.
    expect($("#settings-auto-lock-current")?.textContent).toMatch(/5 minutes/);
  });

  it("checks the range before asking, and shows the core's error at the field", async () => {
    const core = await openSettings();
    for (const bad of ["0", "61", "2.5", ""]) {
      type("#settings-auto-lock-minutes", bad);
      submit("#settings-auto-lock-form");
      expect($("#settings-auto-lock-minutes-error")?.textContent).toBe("Enter a whole number of minutes from 1 to 60.");
      expect(document.activeElement?.id).toBe("settings-auto-lock-minutes");
    }
    expect(core.names()).not.toContain("settings_set_auto_lock");

    core.fail("settings_set_auto_lock", fault("invalid", "The automatic lock is from 1 to 60 minutes.", "autoLockMinutes"));
    type("#settings-auto-lock-minutes", "30");
    expect($("#settings-auto-lock-minutes-error")!.hidden).toBe(true);
    submit("#settings-auto-lock-form");
    await until(() => $("#settings-auto-lock-minutes-error")?.textContent === "The automatic lock is from 1 to 60 minutes.");
    expect(input("#settings-auto-lock-minutes").getAttribute("aria-invalid")).toBe("true");
    expect(input("#settings-auto-lock-minutes").value).toBe("30");
    expect(document.activeElement?.id).toBe("settings-auto-lock-minutes");
    expect($("#settings-auto-lock-saved")?.textContent).toBe("");
    expect($("#settings-auto-lock-alert")?.textContent).toBe("");
  });
});

describe("change my passphrase", () => {
  it("is offered to everyone and shows a wrong current passphrase at its field", async () => {
    const core = await start(caseworker);
    button("#change-passphrase").click();
    expect(document.activeElement?.id).toBe("own-passphrase-title");
    expect($("#own-passphrase #change-passphrase")).toBeNull();
    type("#current-passphrase", "wrong one");
    type("#own-new-passphrase", PASS + " new");
    type("#own-new-passphrase-again", PASS + " new");
    submit("#own-passphrase-form");
    await until(() => $("#current-passphrase-error")?.textContent);
    expect($("#current-passphrase-error")?.textContent).toBe("The passphrase is wrong.");
    expect(input("#own-new-passphrase").value).toBe(PASS + " new");

    type("#current-passphrase", PASS);
    submit("#own-passphrase-form");
    await until(() => $("#own-passphrase-saved")?.textContent);
    expect(core.last("change_own_passphrase")?.args).toEqual({ current: PASS, passphrase: PASS + " new", passphraseAgain: PASS + " new" });
    expect(input("#current-passphrase").value).toBe("");
    button("#own-passphrase-back").click();
    expect($("#dashboard")).not.toBeNull();
  });
});
