// The walking skeleton in the real window: first run → recovery key → unlock →
// dashboard → Ctrl+L → wrong passphrase → unlock; then nothing readable on disk.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { test } from "node:test";
import { accessibilityViolations, canaryScan, head, listFiles, SCREENSHOT_DIR, startApp } from "./harness.mjs";
import { Keys, waitFor } from "./webdriver.mjs";

const TIMEOUT = 20_000; // key derivation makes create and unlock take about a second each

test("first run, recovery key, unlock, lock, wrong passphrase, unlock; nothing leaks to disk", { timeout: 240_000 }, async (t) => {
  const adminName = `canaryadmin${randomBytes(6).toString("hex")}`;
  const passphrase = `correct horse battery staple ${randomBytes(8).toString("hex")}`;
  const wrongPassphrase = `wrong horse battery staple ${randomBytes(8).toString("hex")}`;
  let recoveryKey = "";

  const app = await startApp();
  const { wd } = app;
  // Screenshots are evidence, not assertions: a failed one is reported, not fatal.
  const shot = (name) =>
    wd.screenshot(join(SCREENSHOT_DIR, `${name}.png`)).catch((e) => t.diagnostic(`screenshot ${name} failed: ${e.message}`));
  const text = async (css) => (await wd.getText(await wd.findElement(css))).trim();
  const value = async (css) => wd.getProperty(await wd.findElement(css), "value");
  const activeId = () => wd.executeScript("return document.activeElement ? document.activeElement.id : null;");
  const typeInto = async (css, keys) => wd.sendKeys(await wd.findElement(css), keys);
  const gone = async (css) => (await wd.findElements(css)).length === 0;

  const step = async (name, fn) => {
    const started = Date.now();
    await fn();
    t.diagnostic(`ok: ${name} (${Date.now() - started} ms)`);
  };

  let passed = false;
  try {
    await step("first run screen", async () => {
      await wd.waitForElement("#first-run-form", 30_000); // the first start of WebKit can be slow
      assert.equal(await wd.getTitle(), "Haven");
      await shot("01-first-run");
      assert.deepEqual(await accessibilityViolations(wd), [], "accessibility: first run");
    });

    await step("create the vault", async () => {
      await typeInto("#admin-name", adminName);
      await typeInto("#new-passphrase", passphrase);
      await typeInto("#new-passphrase-again", passphrase);
      const label = await waitFor(
        async () => {
          const s = await text("#strength-label");
          return ["Good", "Strong"].includes(s) && s;
        },
        { timeoutMs: TIMEOUT, message: "strength label Good or Strong" },
      );
      t.diagnostic(`strength: ${label}`);
      await shot("02-first-run-filled");
      await wd.click(await wd.findElement("#create-vault"));
    });

    await step("recovery key is shown once", async () => {
      await wd.waitForElement("#recovery-view", TIMEOUT);
      recoveryKey = await text("#recovery-key");
      const groups = recoveryKey.split(/[^A-Za-z0-9]+/).filter(Boolean);
      assert.equal(groups.length, 8, `recovery key ${JSON.stringify(recoveryKey)} should have 8 groups`);
      for (const g of groups) assert.equal(g.length, 4, `group ${g} should have 4 characters`);
      await shot("03-recovery-key");
      assert.deepEqual(await accessibilityViolations(wd), [], "accessibility: recovery key");

      const next = await wd.findElement("#recovery-continue");
      assert.equal(await wd.getProperty(next, "disabled"), true, "Continue is disabled until the box is ticked");
      await wd.click(await wd.findElement("#recovery-stored"));
      await waitFor(async () => (await wd.getProperty(next, "disabled")) === false, { timeoutMs: 5000, message: "Continue enabled" });
      await wd.click(next);
    });

    await step("unlock screen after first run", async () => {
      await wd.waitForElement("#unlock-form", TIMEOUT);
      assert.equal(await value("#user-name"), adminName, "admin name pre-filled");
      assert.equal(await gone("#recovery-view"), true, "recovery view removed");
      const groups = recoveryKey.split(/[^A-Za-z0-9]+/).filter(Boolean);
      const forms = [groups.join("-"), groups.join(""), groups.slice(0, 4).join("-"), groups.slice(4).join("-")];
      const left = await wd.executeScript(
        "const html = document.documentElement.outerHTML; return arguments[0].filter((k) => html.includes(k));",
        [forms],
      );
      assert.deepEqual(left, [], "recovery key left in the DOM");
      await shot("04-unlock");
      assert.deepEqual(await accessibilityViolations(wd), [], "accessibility: unlock");
    });

    await step("unlock (Enter submits)", async () => {
      await typeInto("#passphrase", passphrase + Keys.ENTER);
      await wd.waitForElement("#dashboard", TIMEOUT);
      assert.equal(await text("#session-user"), adminName);
      assert.match(await text("#session-roles"), /\bAdmin\b/);
      await shot("05-dashboard");
    });

    await step("Ctrl+L locks", async () => {
      await wd.chord(Keys.CONTROL, "l");
      await wd.waitForElement("#unlock-form", TIMEOUT);
      assert.equal(await gone("#dashboard"), true, "dashboard removed");
      assert.equal(await value("#user-name"), adminName, "user name pre-filled after lock");
      await waitFor(async () => (await activeId()) === "passphrase", { timeoutMs: 5000, message: "focus on #passphrase" });
      await shot("06-locked");
    });

    await step("wrong passphrase is refused with a generic message", async () => {
      await typeInto("#passphrase", wrongPassphrase);
      await wd.click(await wd.findElement("#unlock"));
      const message = await waitFor(async () => text("#unlock-error"), { timeoutMs: TIMEOUT, message: "#unlock-error text" });
      assert.match(message, /user name or passphrase is wrong/i);
      assert.equal(await value("#user-name"), adminName, "user name kept");
      assert.equal(await value("#passphrase"), "", "passphrase cleared");
      await waitFor(async () => (await activeId()) === "passphrase", { timeoutMs: 5000, message: "focus back on #passphrase" });
      await shot("07-wrong-passphrase");
      assert.deepEqual(await accessibilityViolations(wd), [], "accessibility: unlock with an error");
    });

    await step("right passphrase unlocks again", async () => {
      await typeInto("#passphrase", passphrase);
      await wd.click(await wd.findElement("#unlock"));
      await wd.waitForElement("#dashboard", TIMEOUT);
      assert.equal(await text("#session-user"), adminName);
      await shot("08-dashboard-again");
      const stored = await wd.executeScript(
        "try { return [localStorage.length, sessionStorage.length, document.cookie.length]; } catch (e) { return [0, 0, 0]; }",
      );
      assert.deepEqual(stored, [0, 0, 0], "web storage and cookies stay empty");
    });
    passed = true;
  } catch (e) {
    await shot("failure");
    throw e;
  } finally {
    await app.stop();
    if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  }

  await step("nothing readable left on disk", async () => {
    const dirs = [app.vault, app.tmpdir, app.home];
    const markers = [passphrase, wrongPassphrase, adminName, recoveryKey, recoveryKey.replace(/[^A-Za-z0-9]/g, "")];
    const hits = await canaryScan(dirs, markers);
    assert.deepEqual(hits, [], `secrets found on disk (kept for inspection in ${app.tmp})`);

    const files = await listFiles(app.vault);
    assert.ok(files.length > 0, "the vault directory holds the vault");
    for (const file of files) {
      const start = (await head(file, 16)).toString("latin1");
      assert.ok(!start.startsWith("SQLite format 3"), `${file} is a plaintext SQLite database`);
    }
    t.diagnostic(`vault files: ${files.map((f) => f.slice(app.vault.length + 1)).join(", ")}`);
  });

  await app.cleanup();
});
