// The vault check in the real window. An administrator reaches Administration → Vault check
// with the keyboard alone, runs it and reads that the vault is intact. Then, with the app
// closed, the key file's events key is replaced by hand; on the next start the dashboard says
// the key file was changed outside Haven, the check lists it, and "Repair the key file" clears
// it. The CLI's `haven check` agrees afterwards; nothing typed is on disk.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { canaryScan, cliPath, startApp } from "./harness.mjs";
import { PASS, prepareVault, steps, TIMEOUT } from "./journey.mjs";
import { Keys } from "./webdriver.mjs";

const run = promisify(execFile);
const FORGED_EVENTS_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/** Presses one key on whatever has focus. */
async function press(wd, key) {
  await wd.performActions([{ type: "key", id: "keyboard", actions: [{ type: "keyDown", value: key }, { type: "keyUp", value: key }] }]);
  await wd.releaseActions();
}

/**
 * A screenshot of what is on the page: WebKitGTK under Xvfb may hand back an older frame to the
 * first request, so a first one is taken and dropped.
 */
async function shot(s, name) {
  await new Promise((r) => setTimeout(r, 500));
  await s.wd.screenshot(join(tmpdir(), `haven-e2e-drop-${process.pid}.png`)).catch(() => {});
  await new Promise((r) => setTimeout(r, 300));
  await s.shot(name);
  await rm(join(tmpdir(), `haven-e2e-drop-${process.pid}.png`), { force: true });
}

const focusedId = (wd) => wd.executeScript("return document.activeElement ? document.activeElement.id : null;");

/** Tabs forward until the element `id` has focus; fails after `max` presses. */
async function tabTo(wd, id, max = 80) {
  for (let i = 0; i < max; i++) {
    if ((await focusedId(wd)) === id) return i;
    await press(wd, Keys.TAB);
  }
  assert.fail(`#${id} not reached with ${max} presses of Tab (focus on #${await focusedId(wd)})`);
}

async function finish(t, app, passed) {
  await app.stop();
  if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  const hits = await canaryScan([app.vault, app.tmpdir, app.home], [PASS]);
  assert.deepEqual(hits, [], `the passphrase found on disk (kept in ${app.tmp})`);
}

test("an administrator checks the vault, and repairs a key file changed outside Haven", { timeout: 300_000 }, async (t) => {
  const app = await startApp({ prepare: prepareVault({ users: {} }) });
  const s = steps(app, t);
  let passed = false;
  try {
    await s.unlockAs("admin.one", PASS);
    assert.equal(await s.count("#key-file-notice"), 0, "no notice while the key file is sealed");

    // By keyboard: Tab to the entry in Administration, Enter; the title takes focus; Tab to
    // "Check the vault", Enter.
    await tabTo(app.wd, "open-vault-check");
    await press(app.wd, Keys.ENTER);
    await app.wd.waitForElement("#vault-check-title", TIMEOUT);
    assert.equal(await focusedId(app.wd), "vault-check-title");
    await tabTo(app.wd, "check-run");
    await press(app.wd, Keys.ENTER);
    await app.wd.waitForElement('#check-result[data-check="intact"]', 60_000);
    assert.equal(await s.text("#check-headline"), "The vault is intact.");
    const lines = await app.wd.executeScript(`return Array.from(document.querySelectorAll("#check-lines li")).map((li) => li.textContent);`);
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^\d+ pages of the database authenticated\.$/);
    assert.match(lines[1], /^The audit log's \d+ entries reach the integrity record\.$/);
    assert.equal(lines[2], "The key file is sealed: it is as Haven last wrote it.");
    assert.equal(await app.wd.getAttribute(await s.find("#check-result"), "role"), "status");
    assert.equal(await s.count("#check-repair-box:not([hidden])"), 0, "no repair offered");
    await shot(s, "vault-check");
    await s.accessible("vault check, intact");
    passed = true;
  } finally {
    await finish(t, app, passed);
  }

  // With the app closed, someone edits the key file by hand.
  const keyFile = join(app.vault, "vault.keys");
  const keys = JSON.parse(await readFile(keyFile, "utf8"));
  const original = keys.events_key;
  assert.ok(original && original !== FORGED_EVENTS_KEY, "the key file has its events key");
  keys.events_key = FORGED_EVENTS_KEY;
  await writeFile(keyFile, JSON.stringify(keys, null, 2));

  // The same vault, started again.
  const again = await startApp({ prepare: ({ vault }) => cp(app.vault, vault, { recursive: true }) });
  const r = steps(again, t);
  passed = false;
  try {
    await r.unlockAs("admin.one", PASS);
    await again.wd.waitForElement("#key-file-notice", TIMEOUT);
    assert.equal(await r.text("#key-file-notice-text"), "The key file was changed outside Haven. Check the vault in Administration to repair it.");
    await shot(r, "vault-check-notice");
    await r.accessible("dashboard with the key file notice");
    await r.click("#key-file-notice-open");
    await again.wd.waitForElement("#vault-check-title", TIMEOUT);
    await r.click("#check-run");
    await again.wd.waitForElement('#check-result[data-check="keyFile"]', 60_000);
    assert.equal(await r.text("#check-headline"), "The check found 1 problem:");
    assert.equal(await r.text('#check-findings li[data-finding="keyFileChanged"]'), "The key file was changed outside Haven.");
    await again.wd.waitForElement("#check-repair", TIMEOUT);
    await shot(r, "vault-check-key-file");
    await r.accessible("vault check, key file changed");

    await r.click("#check-repair");
    await again.wd.waitForElement("#check-repair-result", 60_000);
    assert.equal(await r.text("#check-repair-result"), "The key file was repaired and sealed anew.");
    assert.equal(await again.wd.getAttribute(await r.find("#check-result"), "data-check"), "intact");
    assert.equal(await r.count("#check-repair-box:not([hidden])"), 0, "the repair is no longer offered");
    await shot(r, "vault-check-repaired");

    await r.click("#vault-check-back");
    await again.wd.waitForElement("#dashboard", TIMEOUT);
    assert.equal(await r.count("#key-file-notice"), 0, "the notice is gone after the repair");
    passed = true;
  } finally {
    await finish(t, again, passed);
  }

  // The key file holds its own events key again, and the CLI finds the vault intact.
  const repaired = JSON.parse(await readFile(join(again.vault, "vault.keys"), "utf8"));
  assert.equal(repaired.events_key, original);
  const env = { PATH: process.env.PATH, HOME: again.home, HAVEN_VAULT: again.vault, HAVEN_USER: "admin.one", HAVEN_PASSPHRASE: PASS };
  const { stdout } = await run(cliPath(), ["check", "--json"], { env });
  const report = JSON.parse(stdout);
  assert.equal(report.keyFile, "sealed");
  assert.equal(report.anchor, "reached");
  const { stdout: log } = await run(cliPath(), ["audit", "log", "--json"], { env });
  assert.ok(JSON.parse(log).some((l) => l.action === "key_file.repair"), "the repair is in the audit log");
  await again.cleanup();
  await app.cleanup();
});
