// The supervisor's indicator report in the real window: a vault filled with demo cases by the
// CLI; the supervisor opens the report, previews a year, and the tables on screen hold exactly
// the core's report (the CLI's JSON for the same period and k); suppressed cells are marked;
// the JSON saved through the real save dialog (driven with X11 keystrokes) is the preview; a
// caseworker never sees the report. Then nothing typed or shown is on disk outside the vault.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { accessibilityViolations, canaryScan, cliPath, SCREENSHOT_DIR, startApp } from "./harness.mjs";
import { waitFor } from "./webdriver.mjs";

const run = promisify(execFile);
const TIMEOUT = 20_000;
const YEAR = "2020";

/** `sex=female,age_group=child` or `total`, the screen's data-breakdown of a JSON cell. */
function breakdownKey(breakdown) {
  const order = ["sex", "age_group", "exploitation", "recognition", "sector", "currency"];
  const parts = order.filter((k) => k in breakdown).map((k) => `${k}=${breakdown[k]}`);
  return parts.length ? parts.join(",") : "total";
}

async function xdotool(env, ...args) {
  const { stdout } = await run("xdotool", args, { env, timeout: 30_000 });
  return stdout.trim();
}

test("a supervisor previews the indicator report and saves exactly the preview", { timeout: 300_000 }, async (t) => {
  const suffix = randomBytes(5).toString("hex");
  const admin = `admin${suffix}`;
  const supervisor = `super${suffix}`;
  const caseworker = `worker${suffix}`;
  const passphrase = `lantern quietly orbit mustard ${suffix}`;
  let expected = null;
  const cli = async (env, user, args) =>
    run(cliPath(), args, { env: { ...env, HAVEN_USER: user, HAVEN_PASSPHRASE: passphrase, HAVEN_NEW_PASSPHRASE: passphrase }, maxBuffer: 64 << 20 });

  const app = await startApp({
    prepare: async ({ vault, env }) => {
      const e = { ...env, HAVEN_VAULT: vault };
      await cli(e, admin, ["init", "--user", admin]);
      await cli(e, admin, ["user", "add", supervisor, "--role", "supervisor"]);
      await cli(e, admin, ["user", "add", caseworker, "--role", "caseworker"]);
      await cli(e, caseworker, ["demo", "--cases", "600"]);
      const { stdout } = await cli(e, supervisor, ["report", "indicators", "--from", `${YEAR}-01-01`, "--to", `${YEAR}-12-31`]);
      expected = JSON.parse(stdout);
    },
  });
  const { wd } = app;
  const shot = (name) =>
    wd.screenshot(join(SCREENSHOT_DIR, `${name}.png`)).catch((e) => t.diagnostic(`screenshot ${name} failed: ${e.message}`));
  const typeInto = async (css, keys) => wd.sendKeys(await wd.findElement(css), keys);
  const unlockAs = async (name) => {
    await wd.waitForElement("#unlock-form", 30_000);
    const user = await wd.findElement("#user-name");
    await wd.clear(user);
    await wd.sendKeys(user, name);
    await typeInto("#passphrase", passphrase);
    await wd.click(await wd.findElement("#unlock"));
    await wd.waitForElement("#dashboard", TIMEOUT);
  };
  const savedPath = join(app.home, `indicators-${YEAR}.json`);

  let passed = false;
  try {
    // A caseworker has no report button.
    await unlockAs(caseworker);
    assert.equal((await wd.findElements("#open-report")).length, 0, "a caseworker sees the report button");
    await wd.click(await wd.findElement("#lock"));

    await unlockAs(supervisor);
    await wd.click(await wd.findElement("#open-report"));
    await wd.waitForElement("#report-title", TIMEOUT);
    assert.equal(await wd.executeScript("return document.activeElement && document.activeElement.id;"), "report-title");
    assert.equal(await wd.getProperty(await wd.findElement("#report-min-cell"), "value"), "11");

    // The calendar year 2020, then the preview.
    await wd.executeScript(
      `const p = document.getElementById("report-preset"); p.value = "calendar-year"; p.dispatchEvent(new Event("change", {bubbles: true}));
       const y = document.getElementById("report-year"); y.value = arguments[0]; y.dispatchEvent(new Event("change", {bubbles: true}));`,
      [YEAR],
    );
    for (const id of ["#report-save-json", "#report-save-csv", "#report-save-xlsx"]) {
      assert.equal(await wd.getProperty(await wd.findElement(id), "disabled"), true, `${id} enabled before a preview`);
    }
    await wd.click(await wd.findElement("#report-preview"));
    await wd.waitForElement('section[data-indicator="victims_identified"]', TIMEOUT);
    await shot("report-preview");
    await wd.executeScript(`document.querySelector('section[data-indicator="victims_identified"]').scrollIntoView();`);
    await new Promise((r) => setTimeout(r, 500));
    await shot("report-tables");

    // Every cell on screen is the core's cell for the same period and k, and nothing else.
    const onScreen = await wd.executeScript(
      `return Array.from(document.querySelectorAll("td[data-cell]")).map((td) => ({
         indicator: td.dataset.indicator, breakdown: td.dataset.breakdown,
         suppressed: td.dataset.suppressed === "true", text: td.textContent.trim() }));`,
    );
    assert.equal(onScreen.length, expected.cells.length, "one cell on screen per cell of the report");
    const byKey = new Map(onScreen.map((c) => [`${c.indicator}|${c.breakdown}`, c]));
    let hidden = 0;
    for (const cell of expected.cells) {
      const key = `${cell.indicator}|${breakdownKey(cell.breakdown)}`;
      const shown = byKey.get(key);
      assert.ok(shown, `${key} missing on screen`);
      assert.equal(shown.suppressed, cell.suppressed === true, `${key} suppression differs`);
      if (cell.suppressed) {
        hidden += 1;
      } else {
        const digits = shown.text.replace(/[^0-9.]/g, "");
        assert.equal(Number(digits), Number(cell.value), `${key}: screen ${shown.text}, report ${cell.value}`);
      }
    }
    assert.ok(hidden > 0, "600 demo cases should leave some small cells to suppress");
    assert.deepEqual(await accessibilityViolations(wd), [], "serious or critical accessibility violations on the report screen");
    const legend = await wd.getText(await wd.findElement("#report-legend"));
    assert.match(legend, /11/, "the legend names k");

    // Save the JSON through the real save dialog: type the full path into its name field.
    await wd.click(await wd.findElement("#report-save-json"));
    if (process.env.DISPLAY) {
      const dialog = (await xdotool(app.env ?? process.env, "search", "--sync", "--onlyvisible", "--name", "Save")).split("\n")[0];
      await xdotool(process.env, "windowfocus", "--sync", dialog);
      await new Promise((r) => setTimeout(r, 500));
      await xdotool(process.env, "key", "--window", dialog, "ctrl+a");
      await xdotool(process.env, "type", "--delay", "5", "--window", dialog, savedPath);
      await xdotool(process.env, "key", "--window", dialog, "Return");
    }
    const status = await waitFor(
      async () => {
        const els = await wd.findElements("#report-saved");
        if (!els.length) return false;
        const s = (await wd.getText(els[0])).trim();
        return s.length > 0 && s;
      },
      { timeoutMs: TIMEOUT, message: "the saved message" },
    );
    assert.match(status, new RegExp(`indicators-${YEAR}\\.json`));
    assert.ok(!status.includes(app.home), "the status shows the file name, not the folder");
    const saved = JSON.parse(await readFile(savedPath, "utf8"));
    // The file is the preview: the same cells as on screen, which are the core's.
    assert.deepEqual(saved.cells, expected.cells);
    assert.deepEqual(saved.period, { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` });

    // Changing k asks for a new preview before anything can be saved.
    const k = await wd.findElement("#report-min-cell");
    await wd.clear(k);
    await wd.sendKeys(k, "3");
    await waitFor(async () => (await wd.getProperty(await wd.findElement("#report-save-json"), "disabled")) === true, {
      timeoutMs: TIMEOUT,
      message: "save disabled after k changed",
    });
    await wd.waitForElement("#report-small-counts-warning", TIMEOUT);
    await wd.click(await wd.findElement("#report-back"));
    await wd.waitForElement("#dashboard", TIMEOUT);
    passed = true;
  } finally {
    await app.stop();
    if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  }
  // Nothing typed (passphrase) and no user name on disk outside the vault, except the report's
  // own folder listing; the saved report holds no user name either.
  const hits = await canaryScan([app.vault, app.tmpdir, app.home], [passphrase, supervisor, caseworker]);
  assert.deepEqual(hits, [], `secrets found on disk (kept in ${app.tmp})`);
  assert.ok((await readdir(app.home)).includes(`indicators-${YEAR}.json`));
  await app.cleanup();
});
