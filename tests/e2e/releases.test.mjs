// The release ledger and CTDC microdata in the real window (indicators.md, "Releases" and
// "CTDC"): a vault of 600 demo cases made with the CLI. A supervisor previews the calendar year
// 2020 and saves it through the real save dialog — the ledger on the report screen then lists
// that release —; previews January to November 2020, which is checked against the year saved:
// the note says how many cells were withheld to protect it, the same number the core gives the
// CLI for the same report; then previews the CTDC export of 2020 and exports it through the save
// dialog (the CSV file and its metadata beside it hold what the preview said). An administrator
// then retires the year's release on Administration → Releases, with a reason (asked first,
// Cancel focused), and the CLI's ledger says so. axe-core on each screen; no passphrase, user
// name or the reason on disk outside the vault.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { canaryScan, cliPath, startApp } from "./harness.mjs";
import { saveInDialog, steps, TIMEOUT } from "./journey.mjs";

const run = promisify(execFile);
const YEAR = "2020";

test("a saved report binds the next one, a CTDC export is previewed and written, an admin retires a release", { timeout: 300_000 }, async (t) => {
  const suffix = randomBytes(5).toString("hex");
  const admin = `admin${suffix}`;
  const supervisor = `super${suffix}`;
  const caseworker = `worker${suffix}`;
  const passphrase = `lantern quietly orbit mustard ${suffix}`;
  const reason = `withdrawn before publication ${suffix}`;
  let env = null;
  const cli = async (e, user, args) =>
    run(cliPath(), args, { env: { ...e, HAVEN_USER: user, HAVEN_PASSPHRASE: passphrase, HAVEN_NEW_PASSPHRASE: passphrase }, maxBuffer: 64 << 20 });

  const app = await startApp({
    prepare: async ({ vault, env: base }) => {
      env = { ...base, HAVEN_VAULT: vault };
      await cli(env, admin, ["init", "--user", admin]);
      await cli(env, admin, ["user", "add", supervisor, "--role", "supervisor"]);
      await cli(env, admin, ["user", "add", caseworker, "--role", "caseworker"]);
      await cli(env, caseworker, ["demo", "--cases", "600"]);
    },
  });
  const s = steps(app, t);
  const { wd } = s;
  /** Clicks an element further down the screen, scrolled into view first (WebKit's driver does not scroll). */
  const press = async (css) => {
    await wd.executeScript(`document.querySelector(arguments[0]).scrollIntoView({ block: "center" });`, [css]);
    await s.click(css);
  };
  const yearFile = join(app.home, `indicators-${YEAR}.json`);
  const ctdcFile = join(app.home, `ctdc-${YEAR}.csv`);
  let passed = false;
  try {
    await s.unlockAs(supervisor, passphrase);
    await s.click("#open-report");
    await wd.waitForElement("#releases-empty", TIMEOUT);
    await s.until(async () => (await s.value("#report-min-cell")) === "11", "the report's settings read");

    // The calendar year 2020, saved through the real save dialog: the first release.
    await s.set("#report-preset", "calendar-year");
    await s.set("#report-year", YEAR);
    await s.click("#report-preview");
    await wd.waitForElement('section[data-indicator="victims_identified"]', TIMEOUT);
    assert.equal(await s.count("#report-earlier-releases"), 0, "nothing released before: no note");
    await s.click("#report-save-json");
    await saveInDialog(yearFile);
    await s.until(async () => (await s.text("#report-saved")).includes(`indicators-${YEAR}.json`), "the year saved");
    await s.rows("releases-table", 1);
    const first = await s.text("#releases-table tbody tr[data-release]");
    assert.match(first, /1 January 2020 – 31 December 2020/);
    assert.match(first, /Indicator report, JSON/);
    assert.ok(first.includes(supervisor), "the ledger names who released it");
    const saved = JSON.parse(await readFile(yearFile, "utf8"));
    assert.deepEqual(saved.period, { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` });

    // January to November: checked against the year, cells withheld to protect it.
    await s.set("#report-preset", "custom");
    await s.set("#report-from", `${YEAR}-01-01`);
    await s.set("#report-to", `${YEAR}-11-30`);
    await s.click("#report-preview");
    await wd.waitForElement("#report-earlier-releases", TIMEOUT);
    const note = await s.text("#report-earlier-releases");
    const withheld = Number(await wd.getAttribute(await s.find("#report-earlier-releases"), "data-cells"));
    assert.ok(withheld > 0, "cells withheld for the earlier release");
    assert.match(note, new RegExp(`^${withheld} cells? withheld to protect the 1 earlier release: `));
    assert.ok((await s.count("td[data-suppressed='true'] .suppressed-badge")) >= withheld, "the withheld cells are marked like the others");
    await s.accessible("the report with cells withheld for an earlier release");
    await wd.executeScript(`document.getElementById("report-earlier-releases").scrollIntoView({ block: "start" });`);
    await new Promise((r) => setTimeout(r, 500));
    await s.shot("releases-note");

    // The CTDC export of 2020: the preview in numbers, then the file through the save dialog.
    await s.set("#ctdc-from", `${YEAR}-01-01`);
    await s.set("#ctdc-to", `${YEAR}-12-31`);
    await s.until(async () => (await s.value("#ctdc-min-k")) === "11", "CTDC's k from the settings");
    await press("#ctdc-preview");
    await wd.waitForElement("#ctdc-numbers", TIMEOUT);
    const figure = async (name) => Number(await s.text(`#ctdc-numbers dd[data-figure="${name}"]`));
    const counted = await figure("rowsCounted");
    const written = await figure("rowsWritten");
    const left = await figure("rowsSuppressed");
    assert.ok(counted > 0, "cases identified in 2020");
    assert.equal(written + left, counted, "every case counted is written or left out");
    assert.match(await s.text("#ctdc-numbers"), /step \d of 5/);
    await s.accessible("the CTDC preview");
    await wd.executeScript(`document.getElementById("ctdc").scrollIntoView({ block: "start" });`);
    await new Promise((r) => setTimeout(r, 500));
    await s.shot("releases-ctdc");
    await press("#ctdc-export");
    await saveInDialog(ctdcFile);
    await s.until(async () => (await s.text("#ctdc-saved")).length > 0, "the CTDC file written");
    assert.match(await s.text("#ctdc-saved"), new RegExp(`^Saved ctdc-${YEAR}\\.csv \\(${written} rows?\\) and, beside it, ctdc-${YEAR}\\.meta\\.json\\. Recorded as release 2\\.$`));
    const csv = (await readFile(ctdcFile, "utf8")).split("\r\n").filter(Boolean);
    assert.equal(csv.length, written + 1, "the CSV file holds the header and the rows the preview said");
    assert.match(csv[0], /^yearOfRegistration,gender,ageBroad,/);
    const meta = JSON.parse(await readFile(join(app.home, `ctdc-${YEAR}.meta.json`), "utf8"));
    assert.equal(meta.rows_written, written);
    assert.equal(meta.rows_suppressed, left);
    await s.rows("releases-table", 2);
    assert.match(await s.text('#releases-table tr[data-release="2"]'), /CTDC microdata, CSV/);

    // The core checked January to November against the year: the CLI's report of the same
    // period withholds the same cells (the preview released nothing; the CTDC file binds no report).
    const { stdout } = await cli(env, supervisor, ["report", "indicators", "--from", `${YEAR}-01-01`, "--to", `${YEAR}-11-30`]);
    assert.equal(JSON.parse(stdout).disclosure_control.suppressed_for_earlier_releases, withheld, "the window's note is the core's count");
    await s.lock();

    // An administrator retires the year's release on Administration → Releases.
    await s.unlockAs(admin, passphrase);
    await s.click("#open-releases");
    await s.rows("releases-table", 3);
    await press('#releases-table tr[data-release="1"] button[data-action="retire"]');
    await wd.waitForElement("#release-retire-panel", TIMEOUT);
    assert.equal(await wd.executeScript("return document.activeElement && document.activeElement.id;"), "release-retire-cancel", "Cancel is focused");
    await press("#release-retire-confirm");
    await s.until(async () => (await s.text("#release-retire-reason-error")) === "This field is required.", "the reason asked for");
    await s.type("#release-retire-reason", reason);
    await s.accessible("retiring a release");
    await wd.executeScript(`document.querySelector("#releases .table-scroll").scrollLeft = 0; document.getElementById("release-retire-panel").scrollIntoView({ block: "end" });`);
    await new Promise((r) => setTimeout(r, 500));
    await s.shot("releases-retire");
    await press("#release-retire-confirm");
    await s.until(async () => (await s.text("#releases-status")) === "Release 1 was retired from the check.", "the release retired");
    await s.until(async () => (await wd.getAttribute(await s.find('#releases-table tr[data-release="1"]'), "data-retired")) === "true", "listed as retired");
    assert.ok((await s.text('#releases-table tr[data-release="1"]')).includes(reason), "the reason shown");
    assert.equal(await s.count('#releases-table tr[data-release="1"] button[data-action="retire"]'), 0, "a retired release offers no Retire");
    await s.accessible("the releases after retiring one");

    const ledger = JSON.parse((await cli(env, admin, ["report", "releases", "--json"])).stdout);
    const year = ledger.find((r) => r.id === 1);
    assert.equal(year.retiredBy, admin, "the CLI's ledger says who retired it");
    assert.equal(year.retiredReason, reason);
    passed = true;
  } finally {
    await app.stop();
    if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  }
  // Nothing typed and no user name on disk outside the vault (the files written hold neither).
  const hits = await canaryScan([app.vault, app.tmpdir, app.home], [passphrase, supervisor, admin, caseworker, reason]);
  assert.deepEqual(hits, [], `secrets found on disk (kept in ${app.tmp})`);
  await app.cleanup();
});
