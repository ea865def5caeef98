// The administrator in the real window: add a user, change their roles, read and filter the
// audit log and verify it, set the default minimum cell size, remove the user, rotate the data
// key; then the caseworker unlocks with the temporary passphrase. Afterwards the CLI confirms
// it all against the vault, and nothing typed or shown is on disk outside the vault.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { accessibilityViolations, canaryScan, cliPath, SCREENSHOT_DIR, startApp } from "./harness.mjs";
import { waitFor } from "./webdriver.mjs";

const run = promisify(execFile);
const TIMEOUT = 20_000;

test("an administrator manages users, reads and verifies the audit log, and rotates the data key", { timeout: 300_000 }, async (t) => {
  const suffix = randomBytes(5).toString("hex");
  const admin = `admin${suffix}`;
  const worker = `worker${suffix}`;
  const newcomer = `newcomer${suffix}`;
  const adminPass = `lantern quietly orbit mustard ${suffix}`;
  const workerPass = `violet kettle marathon zebra ${suffix}`;
  const newcomerPass = `copper meadow whistle canyon ${suffix}`;
  let env = null;
  const cli = (user, pass, args) =>
    run(cliPath(), args, { env: { ...env, HAVEN_USER: user, HAVEN_PASSPHRASE: pass, HAVEN_NEW_PASSPHRASE: pass } });

  const app = await startApp({
    prepare: async ({ vault, env: e }) => {
      env = { ...e, HAVEN_VAULT: vault };
      await cli(admin, adminPass, ["init", "--user", admin]);
      await run(cliPath(), ["user", "add", worker, "--role", "caseworker"], {
        env: { ...env, HAVEN_USER: admin, HAVEN_PASSPHRASE: adminPass, HAVEN_NEW_PASSPHRASE: workerPass },
      });
      await cli(worker, workerPass, ["demo", "--cases", "5"]);
    },
  });
  const { wd } = app;
  const shot = (name) =>
    wd.screenshot(join(SCREENSHOT_DIR, `${name}.png`)).catch((e) => t.diagnostic(`screenshot ${name} failed: ${e.message}`));
  const find = (css) => wd.findElement(css);
  const click = async (css) => wd.click(await find(css));
  const typeInto = async (css, keys) => wd.sendKeys(await find(css), keys);
  const texts = (css) => wd.executeScript(`return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.textContent.trim());`, [css]);
  const rows = (css) => wd.executeScript(`return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.dataset);`, [css]);
  const unlockAs = async (name, pass) => {
    await wd.waitForElement("#unlock-form", 30_000);
    const user = await find("#user-name");
    await wd.clear(user);
    await wd.sendKeys(user, name);
    await typeInto("#passphrase", pass);
    await click("#unlock");
    await wd.waitForElement("#dashboard", TIMEOUT);
  };
  let recoveryKey = "";
  let temporary = "";

  let passed = false;
  try {
    await unlockAs(admin, adminPass);
    assert.deepEqual(await accessibilityViolations(wd), [], "accessibility: dashboard");

    // Users and roles: add a supervisor, then make them a caseworker too.
    await click("#open-users");
    await wd.waitForElement(`#users-table tr[data-user="${admin}"]`, TIMEOUT);
    await typeInto("#new-user-name", newcomer);
    await click('input[name="new-user-role"][value="supervisor"]');
    await typeInto("#new-user-passphrase", newcomerPass);
    await typeInto("#new-user-passphrase-again", newcomerPass);
    await click("#user-add");
    await wd.waitForElement(`#users-table tr[data-user="${newcomer}"]`, TIMEOUT);
    await click(`#users-table tr[data-user="${newcomer}"] button[data-action="roles"]`);
    await wd.waitForElement("#user-roles-form", TIMEOUT);
    await click("#user-roles-caseworker");
    await click("#user-roles-save");
    await waitFor(
      async () => {
        const roles = await rows(`#users-table tr[data-user="${newcomer}"] li.role-label`);
        return roles.map((r) => r.role).sort().join(",") === "caseworker,supervisor";
      },
      { timeoutMs: TIMEOUT, message: "the new roles in the table" },
    );
    await shot("admin-users");
    assert.deepEqual(await accessibilityViolations(wd), [], "accessibility: users and roles");
    await click("#users-back");

    // The audit log: the caseworker's demo import is there; a filter by user shows only theirs.
    await click("#open-audit");
    await wd.waitForElement("#audit-table tr[data-seq]", TIMEOUT);
    await typeInto("#audit-user", worker);
    await click("#audit-apply");
    await waitFor(
      async () => {
        const actions = await rows("#audit-table td[data-action]");
        return actions.length > 0 && actions.every((a) => a.action !== "user.add") && actions.some((a) => a.action === "import");
      },
      { timeoutMs: TIMEOUT, message: "only the caseworker's entries" },
    );
    const users = await texts("#audit-table tr[data-seq] td:nth-child(3)");
    assert.ok(users.every((u) => u === worker), `entries of other users shown: ${users}`);
    await click("#audit-verify");
    await waitFor(async () => (await wd.getAttribute(await find("#audit-verify-result"), "data-state")) === "intact", {
      timeoutMs: TIMEOUT,
      message: "the log verifies",
    });
    const head = await wd.getProperty(await find("#audit-current-head"), "value");
    assert.match(head, /^\d+:[0-9a-f]{64}$/);
    await shot("admin-audit");
    assert.deepEqual(await accessibilityViolations(wd), [], "accessibility: audit log");
    await click("#audit-back");

    // Settings: the default minimum cell size.
    await click("#open-settings");
    const k = await wd.waitForElement("#settings-min-cell", TIMEOUT);
    await wd.clear(k);
    await wd.sendKeys(k, "7");
    assert.deepEqual(await accessibilityViolations(wd), [], "accessibility: settings");
    await click("#settings-save");
    await waitFor(async () => (await wd.getText(await find("#settings-saved"))).trim().length > 0, { timeoutMs: TIMEOUT, message: "saved" });
    await click("#settings-back");

    // Remove the newcomer, then rotate the data key.
    await click("#open-users");
    await wd.waitForElement(`#users-table tr[data-user="${newcomer}"]`, TIMEOUT);
    await click(`#users-table tr[data-user="${newcomer}"] button[data-action="remove"]`);
    await click("#user-remove-confirm");
    await waitFor(async () => (await wd.findElements(`#users-table tr[data-user="${newcomer}"]`)).length === 0, {
      timeoutMs: TIMEOUT,
      message: "the removed user's row is gone",
    });
    await click("#rotate-data-key");
    await typeInto("#rotate-passphrase", adminPass);
    await click("#rotate-confirm");
    await wd.waitForElement("#rotated-view", 60_000);
    recoveryKey = (await wd.getText(await find("#rotated-recovery-key"))).trim();
    assert.match(recoveryKey, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    const temporaries = await wd.executeScript(
      `return Array.from(document.querySelectorAll("#temporary-passphrases tr[data-user]")).map((r) =>
         [r.dataset.user, r.querySelector(".temporary-passphrase").textContent.trim()]);`,
    );
    assert.deepEqual(temporaries.map(([u]) => u), [worker], "a temporary passphrase for every other user");
    temporary = temporaries[0][1];
    await click("#rotated-stored");
    await click("#rotated-continue");

    // Everyone unlocks again: the caseworker with the temporary passphrase.
    await unlockAs(worker, temporary);
    passed = true;
  } finally {
    await app.stop();
    if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  }

  // The CLI sees the same vault: k = 7, the log verifies, the removed user opens nothing, the
  // caseworker's old passphrase opens nothing after the rotation.
  const { stdout } = await cli(admin, adminPass, ["settings"]);
  assert.match(stdout, /^min-cell\t7$/m);
  await cli(admin, adminPass, ["audit", "verify"]);
  await assert.rejects(cli(newcomer, newcomerPass, ["case", "list"]), (e) => e.code === 3);
  await assert.rejects(cli(worker, workerPass, ["case", "list"]), (e) => e.code === 3);
  await cli(worker, temporary, ["case", "list"]);

  const hits = await canaryScan([app.vault, app.tmpdir, app.home], [adminPass, workerPass, newcomerPass, newcomer, recoveryKey, temporary]);
  assert.deepEqual(hits, [], `secrets found on disk (kept in ${app.tmp})`);
  await app.cleanup();
});
