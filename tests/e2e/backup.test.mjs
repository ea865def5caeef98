// Backups and the clipboard in the real window. An administrator is reminded, backs up to a
// "USB stick" folder through the real GTK folder dialog, and the CLI backs up the same vault
// while the app has it open. Then, on a fresh computer (a new sandbox), the first-run screen
// refuses a cut-short copy and a wrong passphrase, restores the good one, and the caseworker
// finds the case. The name copied from the case file leaves the clipboard at lock, and 30
// seconds after a copy; and the vault locks itself when idle. Canary scans after each app.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { canaryScan, cliPath, pidsWithEnv, startApp } from "./harness.mjs";
import { caseLine, chooseFolderInDialog, chooseInDialog, PASS, prepareVault, steps, TIMEOUT, USER_PASS } from "./journey.mjs";

const run = promisify(execFile);
const GIVEN = "Nərgiz";
const FAMILY = `Backupova${Math.random().toString(36).slice(2, 8)}`;
const FULL_NAME = `${GIVEN} ${FAMILY}`;
const secrets = () => [GIVEN, FAMILY, PASS, USER_PASS];

/** The X clipboard's text, or "" when nobody offers any. */
async function clipboard() {
  try {
    const { stdout } = await run("xclip", ["-selection", "clipboard", "-o"], { timeout: 5_000 });
    return stdout;
  } catch {
    return "";
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function finish(t, app, passed, extraDirs = []) {
  await app.stop();
  if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  const hits = await canaryScan([app.vault, app.tmpdir, app.home, ...extraDirs], secrets());
  assert.deepEqual(hits, [], `names or passphrases found on disk (kept in ${app.tmp})`);
}

test("backup to a folder, restore on a fresh computer, and a clipboard that forgets", { timeout: 420_000 }, async (t) => {
  let usb = null;
  const cliEnv = (vault, user, pass) => ({ HAVEN_VAULT: vault, HAVEN_USER: user, HAVEN_PASSPHRASE: pass });
  const app = await startApp({
    prepare: async (ctx) => {
      await prepareVault({
        users: { "case.worker": "caseworker" },
        lines: [caseLine({ given: GIVEN, family: FAMILY, ref: "BK-1" })],
      })(ctx);
      // Auto-lock after one idle minute: the restored vault keeps the setting.
      await run(cliPath(), ["settings", "--auto-lock", "1"], { env: { ...ctx.env, ...cliEnv(ctx.vault, "admin.one", PASS) } });
    },
  });
  usb = join(app.tmp, "usb-stick");
  await run("mkdir", ["-p", usb]);
  const s = steps(app, t);
  let passed = false;
  let backupFile = null;
  try {
    await s.unlockAs("admin.one", PASS);
    // The app turned core dumps off at start, and WebKit's processes inherited that.
    let checked = 0;
    for (const pid of await pidsWithEnv("HAVEN_VAULT", app.vault)) {
      const comm = (await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "")).trim();
      if (!/^(haven-desktop|WebKit(Web|Network)Proc)/.test(comm)) continue;
      const limits = await readFile(`/proc/${pid}/limits`, "utf8");
      assert.match(limits, /^Max core file size\s+0\s+0\s/m, `${comm} may dump core`);
      checked += 1;
    }
    assert.ok(checked >= 2, `checked ${checked} processes`);
    // Never backed up: the dashboard reminds.
    await app.wd.waitForElement("#backup-reminder", TIMEOUT);
    assert.match(await s.text("#backup-reminder-text"), /no backup/i);
    await s.accessible("dashboard with the backup reminder");
    await s.click("#backup-reminder-open");
    await app.wd.waitForElement("#backup-title", TIMEOUT);
    await s.shot("backup");
    await s.accessible("backup screen");

    await s.click("#backup-now");
    await chooseFolderInDialog("^(Open|Select)", usb);
    await s.until(async () => (await s.count("#backup-saved")) > 0 && (await s.text("#backup-saved")).length > 0, "the backup saved");
    const saved = await s.text("#backup-saved");
    const files = (await readdir(usb)).filter((f) => f.endsWith(".havenbackup"));
    assert.equal(files.length, 1, `one backup in the folder: ${files}`);
    assert.ok(saved.includes(files[0]), `"${saved}" names ${files[0]}`);
    backupFile = join(usb, files[0]);
    assert.equal((await readFile(backupFile)).subarray(0, 8).toString("latin1"), "HAVENBAK");
    await s.shot("backup-saved");

    // The CLI backs up the same vault while the app holds it open.
    const nightly = join(usb, "nightly.havenbackup");
    await run(cliPath(), ["backup", nightly], { env: { PATH: process.env.PATH, HOME: app.home, ...cliEnv(app.vault, "admin.one", PASS) } });
    // Back on the dashboard, the reminder is gone.
    await s.click("#backup-back");
    await app.wd.waitForElement("#dashboard", TIMEOUT);
    assert.equal(await s.count("#backup-reminder:not([hidden])"), 0, "the reminder stays after a backup");
    passed = true;
  } finally {
    await finish(t, app, passed, [usb]);
  }
  await readFile(join(usb, "nightly.havenbackup")); // the CLI's backup is there

  // A fresh computer: no vault. A copy cut short, then the good file.
  const fresh = await startApp({
    prepare: async ({ tmp }) => {
      const bytes = await readFile(backupFile);
      await writeFile(join(tmp, "cut.havenbackup"), bytes.subarray(0, Math.floor(bytes.length / 2)));
      await copyFile(backupFile, join(tmp, "good.havenbackup"));
    },
  });
  const r = steps(fresh, t);
  passed = false;
  try {
    await fresh.wd.waitForElement("#restore-start", 30_000);
    await r.click("#restore-start");
    await chooseInDialog("^Open", join(fresh.tmp, "cut.havenbackup"));
    await fresh.wd.waitForElement("#restore-form", TIMEOUT);
    await r.accessible("restore form");
    await r.type("#restore-user-name", "case.worker");
    await r.type("#restore-passphrase", USER_PASS);
    await r.click("#restore-submit");
    await r.until(async () => (await r.count("#restore-file-error")) > 0 && (await r.text("#restore-file-error")).length > 0, "the cut file refused");
    assert.match(await r.text("#restore-file-error"), /incomplete/i);
    assert.deepEqual(await readdir(fresh.vault), [], "a refused restore wrote nothing");

    await r.click("#restore-choose-file");
    await chooseInDialog("^Open", join(fresh.tmp, "good.havenbackup"));
    await r.until(async () => (await r.value("#restore-file")).includes("good.havenbackup"), "the good file chosen");
    // A wrong passphrase: answered at the credentials, the user name kept.
    if ((await r.value("#restore-user-name")) === "") await r.type("#restore-user-name", "case.worker");
    await fresh.wd.clear(await r.find("#restore-passphrase"));
    await r.type("#restore-passphrase", "not the passphrase at all");
    await r.click("#restore-submit");
    await r.until(async () => (await r.text("#restore-passphrase-error")).length > 0, "the wrong passphrase answered");
    assert.equal(await fresh.wd.getAttribute(await r.find("#restore-passphrase"), "aria-invalid"), "true");
    assert.equal(await r.value("#restore-user-name"), "case.worker");
    assert.deepEqual(await readdir(fresh.vault), [], "a refused restore wrote nothing");

    await r.type("#restore-passphrase", USER_PASS);
    await r.click("#restore-submit");
    await fresh.wd.waitForElement("#unlock-notice", 60_000);
    await r.shot("restored");
    await r.unlockAs("case.worker");
    await r.click("#open-cases");
    await fresh.wd.waitForElement("#cases-table tr[data-code]", TIMEOUT);
    const code = await fresh.wd.executeScript(`return document.querySelector("#cases-table tr[data-code]").dataset.code;`);
    await r.openCase(code);
    assert.equal(await r.text("#case-name"), FULL_NAME);

    // Copy the name: on the clipboard; gone at lock.
    await r.click('[data-testid="copy-name"]');
    await r.until(async () => (await clipboard()) === FULL_NAME, "the name on the clipboard");
    await r.lock();
    await r.until(async () => (await clipboard()) !== FULL_NAME, "the clipboard cleared at lock", 5_000);

    // Copy again and wait: gone after 30 seconds, not before.
    await r.unlockAs("case.worker");
    await r.openCase(code);
    await r.click('[data-testid="copy-name"]');
    const copiedAt = Date.now();
    await r.until(async () => (await clipboard()) === FULL_NAME, "the name on the clipboard again");
    await sleep(20_000);
    assert.equal(await clipboard(), FULL_NAME, "cleared too early");
    await r.until(async () => (await clipboard()) !== FULL_NAME, "the clipboard cleared after 30 s", 20_000);
    const clearedAfter = Date.now() - copiedAt;
    assert.ok(clearedAfter >= 29_000 && clearedAfter < 40_000, `cleared after ${clearedAfter} ms`);

    // Idle since the copy: the vault (set to one minute) locks itself.
    await fresh.wd.waitForElement("#unlock-form", 60_000);
    assert.ok(Date.now() - copiedAt >= 59_000, "locked before a minute of idleness");
    passed = true;
  } finally {
    await finish(t, fresh, passed);
  }
  await fresh.cleanup();
  await app.cleanup();
});
