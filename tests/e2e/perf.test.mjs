// Measurements in the real window over 100,000 demo cases (reported, not asserted: the
// machine's speed varies): the time from a click on a case in the list to its file shown, and
// the memory of the app's processes after a stretch of typical use (searching, opening case
// files, going through their tabs). The figures are printed as test diagnostics.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { promisify } from "node:util";
import { cliPath, pidsWithEnv, startApp } from "./harness.mjs";
import { PASS, steps, TIMEOUT, USER_PASS } from "./journey.mjs";

const run = promisify(execFile);
const CASES = Number(process.env.HAVEN_PERF_CASES ?? 100_000);

/** Resident memory of each of the app's processes (the shell and WebKit's), in MiB. */
async function memory(vault) {
  const out = {};
  for (const pid of await pidsWithEnv("HAVEN_VAULT", vault)) {
    try {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      const name = status.match(/^Name:\s+(.*)$/m)[1];
      if (name.startsWith("tauri-driver") || name.startsWith("WebKitWebDriver")) continue;
      const rss = Number(status.match(/^VmRSS:\s+(\d+) kB$/m)?.[1] ?? 0) / 1024;
      out[name] = (out[name] ?? 0) + rss;
    } catch {
      // gone
    }
  }
  return out;
}

const total = (m) => Object.values(m).reduce((a, b) => a + b, 0);
const fmt = (m) => Object.entries(m).map(([k, v]) => `${k} ${v.toFixed(0)} MiB`).join(", ");

test(`opening a case from the list, and memory after typical use, with ${CASES} cases`, { timeout: 900_000 }, async (t) => {
  const app = await startApp({
    prepare: async ({ vault, env }) => {
      const base = { ...env, HAVEN_VAULT: vault, HAVEN_PASSPHRASE: PASS, HAVEN_NEW_PASSPHRASE: PASS };
      await run(cliPath(), ["init", "--user", "admin.one"], { env: base });
      await run(cliPath(), ["user", "add", "case.worker", "--role", "caseworker"], {
        env: { ...base, HAVEN_USER: "admin.one", HAVEN_NEW_PASSPHRASE: USER_PASS },
      });
      const started = Date.now();
      await run(cliPath(), ["demo", "--cases", String(CASES)], {
        env: { ...base, HAVEN_USER: "case.worker", HAVEN_PASSPHRASE: USER_PASS },
        maxBuffer: 16 << 20,
      });
      t.diagnostic(`demo import of ${CASES} cases (debug build of the CLI): ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  });
  const s = steps(app, t);
  let passed = false;
  try {
    await s.unlockAs("case.worker");
    const atStart = await memory(app.vault);
    await s.click("#open-cases");
    await s.wd.waitForElement("#cases-table tr[data-code]", TIMEOUT);

    // Click → file shown, timed inside the page (no WebDriver round trip in the figure).
    const times = [];
    for (let i = 0; i < 25; i += 1) {
      const ms = await s.wd.executeScript(
        `return new Promise((resolve) => {
           const rows = document.querySelectorAll("#cases-table tr[data-code] button");
           const target = rows[arguments[0] % rows.length];
           const observer = new MutationObserver(() => {
             if (document.querySelector("#case-file-title")) { observer.disconnect(); resolve(performance.now() - t0); }
           });
           observer.observe(document.body, { childList: true, subtree: true });
           const t0 = performance.now();
           target.click();
         });`,
        [i * 2],
      );
      times.push(ms);
      await s.click("#case-file-back");
      await s.wd.waitForElement("#cases-table tr[data-code]", TIMEOUT);
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)];
    const p95 = times[Math.floor(times.length * 0.95)];
    t.diagnostic(`click on a case → its file shown: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms (${times.length} cases)`);
    assert.ok(times.every((ms) => ms > 0));

    // Typical use: searches, case files and their tabs, the list paged further.
    const words = ["mamm", "aliy", "hus", "quliy", "ism", "ivan", "петр", "demo", "2019-", "kar"];
    const rounds = Number(process.env.HAVEN_PERF_ROUNDS ?? 60);
    for (let i = 0; i < rounds; i += 1) {
      const search = await s.find("#cases-search");
      await s.wd.clear(search);
      await s.wd.sendKeys(search, words[i % words.length]);
      await s.until(async () => (await s.count("#cases-table tr[data-code], #cases-empty")) > 0, "search results");
      const rows = await s.count("#cases-table tr[data-code] button");
      if (rows === 0) continue;
      await s.wd.executeScript(`document.querySelectorAll("#cases-table tr[data-code] button")[arguments[0]].click();`, [i % rows]);
      await s.wd.waitForElement("#case-file-title", TIMEOUT);
      for (const tab of ["referrals", "stays", "services", "allowances", "notes", "history"]) await s.tab(tab);
      await s.click("#case-file-back");
      await s.wd.waitForElement("#cases-search", TIMEOUT);
    }
    const after = await memory(app.vault);
    t.diagnostic(`memory after unlock: ${fmt(atStart)} (total ${total(atStart).toFixed(0)} MiB)`);
    t.diagnostic(`memory after ${rounds} rounds of search, open, six tabs: ${fmt(after)} (total ${total(after).toFixed(0)} MiB)`);
    assert.ok(total(after) > 0, "the app's processes were found");
    passed = true;
  } finally {
    await app.stop();
    if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  }
  await app.cleanup();
});
