// A vault made with the command line opens in the app: the app starts on the unlock screen
// (not the first-run screen), the CLI's admin unlocks, and the app's start-up time to that
// screen is reported.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { promisify } from "node:util";
import { canaryScan, cliPath, startApp } from "./harness.mjs";

const run = promisify(execFile);
const TIMEOUT = 20_000;

test("an existing vault opens on the unlock screen and the CLI's admin unlocks it", { timeout: 120_000 }, async (t) => {
  const adminName = `cliadmin${randomBytes(6).toString("hex")}`;
  const passphrase = `lantern quietly orbit mustard ${randomBytes(6).toString("hex")}`;
  const app = await startApp({
    prepare: async ({ vault, env }) => {
      await run(cliPath(), ["init", "--user", adminName], { env: { ...env, HAVEN_VAULT: vault, HAVEN_NEW_PASSPHRASE: passphrase } });
    },
  });
  const { wd } = app;
  let passed = false;
  try {
    await wd.waitForElement("#unlock-form", 30_000);
    t.diagnostic(`start-up to the unlock screen: ${Date.now() - app.launchedAt} ms (app launch and WebDriver session included)`);
    assert.equal((await wd.findElements("#first-run-form")).length, 0, "no first-run screen over an existing vault");
    assert.equal(await wd.executeScript("return document.activeElement && document.activeElement.id;"), "user-name");
    await wd.sendKeys(await wd.findElement("#user-name"), adminName);
    await wd.sendKeys(await wd.findElement("#passphrase"), passphrase);
    await wd.click(await wd.findElement("#unlock"));
    await wd.waitForElement("#dashboard", TIMEOUT);
    assert.equal((await wd.getText(await wd.findElement("#session-user"))).trim(), adminName);
    assert.match(await wd.getText(await wd.findElement("#session-roles")), /Admin/);
    // The lock button locks as Ctrl+L does.
    await wd.click(await wd.findElement("#lock"));
    await wd.waitForElement("#unlock-form", TIMEOUT);
    assert.equal((await wd.findElements("#dashboard")).length, 0, "nothing of the session stays on screen");
    passed = true;
  } finally {
    await app.stop();
    if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  }
  const hits = await canaryScan([app.vault, app.tmpdir, app.home], [passphrase, adminName]);
  assert.deepEqual(hits, [], `secrets found on disk (kept in ${app.tmp})`);
  await app.cleanup();
});
