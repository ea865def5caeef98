// Journey 5: the app in Azerbaijani and in Russian. Every screen a caseworker-supervisor sees —
// dashboard, case list, case file and its tabs, the referral packet form, intake form, shelter
// board, indicator report, the referral packets and the agency and partners screens —
// shows no English string of the interface; the choice is remembered for the user across a
// lock. The English strings and their translations are read from the UI's own tables.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { canaryScan, REPO_ROOT, startApp } from "./harness.mjs";
import { caseLine, prepareVault, steps, TIMEOUT } from "./journey.mjs";

/**
 * `"key": "value"` pairs of a language's table: every file of ui/src/i18n/<language>/ (one an
 * area; values in double quotes, on one or two lines).
 */
async function table(language) {
  const dir = join(REPO_ROOT, "ui", "src", "i18n", language);
  const out = new Map();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".ts"))) {
    const text = await readFile(join(dir, file), "utf8");
    for (const m of text.matchAll(/^\s*"([\w.-]+)":\s*\n?\s*"((?:[^"\\]|\\.)*)",?\s*$/gm)) out.set(m[1], JSON.parse(`"${m[2]}"`));
  }
  return out;
}

/** The English fragments (between placeholders) of every string the language translates. */
function englishFragments(en, other) {
  const fragments = new Set();
  for (const [key, english] of en) {
    if (!other.has(key) || other.get(key) === english) continue;
    for (const part of english.split(/\{\w+\}/)) {
      const f = part.trim().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
      // Words of four letters or more: short ones ("No", "OK") would match inside data.
      if (f.length >= 4 && /\p{L}{4}/u.test(f)) fragments.add(f);
    }
  }
  return [...fragments];
}

const ORGS = [
  { type: "organization", name: "Dövlət sığınacağı", kind: "shelter", sector: "state", capacity: 50 },
  { type: "organization", name: "Yardım mərkəzi", kind: "assistance_center", sector: "state" },
  { type: "organization", name: "Qadınlar QHT", kind: "ngo", sector: "ngo" },
];

test("in Azerbaijani and in Russian, no English string is left on the screens", { timeout: 300_000 }, async (t) => {
  const en = await table("en");
  const tables = { az: await table("az"), ru: await table("ru") };
  assert.ok(en.size > 500 && tables.az.size > 500 && tables.ru.size > 500, "the tables were read");
  const person = {
    ...caseLine({ given: "Nərgiz", family: "Abbasova", note: "Qeyd" }),
    referrals: [{ date: "2024-03-01", to: "Dövlət sığınacağı", status: "accepted" }],
    shelter_stays: [{ shelter: "Dövlət sığınacağı", admitted_on: "2024-03-02", discharged_on: null }],
    services: [{ kind: "legal", date: "2024-03-05", provider: null }],
    allowances: [{ date: "2024-03-06", amount: "400.00", currency: "AZN", kind: "one_time" }],
  };
  const app = await startApp({
    prepare: prepareVault({ users: { "iki.rol": ["caseworker", "supervisor"] }, lines: [person], organizations: ORGS }),
  });
  const s = steps(app, t);
  let passed = false;
  try {
    await s.unlockAs("iki.rol");
    for (const lang of ["az", "ru"]) {
      await s.set("#language", lang);
      await s.until(async () => (await s.wd.executeScript("return document.documentElement.lang;")) === lang, `lang=${lang}`);
      const fragments = englishFragments(en, tables[lang]);
      const check = async (screen) => {
        const text = await s.pageText();
        const left = fragments.filter((f) => new RegExp(`(^|[^\\p{L}])${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^\\p{L}]|$)`, "u").test(text));
        assert.deepEqual(left, [], `English left on the ${screen} in ${lang}`);
      };
      await s.wd.waitForElement("#dashboard", TIMEOUT);
      await check("dashboard");
      await s.shot(`dashboard-${lang}`);
      await s.click("#open-cases");
      await s.wd.waitForElement("#cases-table tr[data-code]", TIMEOUT);
      await check("case list");
      const code = await s.wd.executeScript(`return document.querySelector("#cases-table tr[data-code]").dataset.code;`);
      await s.openCase(code);
      for (const tab of ["profile", "referrals", "stays", "services", "allowances", "training", "employment", "consent", "notes", "history"]) {
        await s.tab(tab);
        await check(`case file, ${tab} tab`);
      }
      await s.shot(`case-file-${lang}`);
      // The referral packet form (no partner yet: it says how to add one).
      await s.tab("referrals");
      await s.click("#send-referral");
      await s.wd.waitForElement("#send-referral-form, #send-referral-no-partners", TIMEOUT);
      await check("case file, send a referral packet");
      // An error from the core, in the language too.
      await s.tab("stays");
      await s.set("#stay-0-discharged-on", "2024-03-01");
      await s.click("#stay-0-discharge");
      await s.wd.waitForElement("#stay-0-discharged-on-error", TIMEOUT);
      await check("case file with a field error");
      await s.click("#case-file-back");
      await s.wd.waitForElement("#cases", TIMEOUT);
      await s.click("#cases-back");
      await s.click("#open-intake");
      await s.wd.waitForElement("#intake-form", TIMEOUT);
      await check("intake form");
      await s.click("#intake-back");
      await s.click("#open-board");
      await s.wd.waitForElement("#board-title", TIMEOUT);
      await check("shelter board");
      await s.click("#board-back");
      await s.click("#open-report");
      await s.wd.waitForElement("#report-form", TIMEOUT);
      await s.set("#report-preset", "custom");
      await s.set("#report-from", "2024-01-01");
      await s.set("#report-to", "2024-12-31");
      await s.set("#report-min-cell", "1");
      await s.click("#report-preview");
      await s.wd.waitForElement('section[data-indicator="victims_identified"]', TIMEOUT);
      await check("indicator report");
      await s.shot(`report-${lang}`);
      await s.click("#report-back");
      await s.wd.waitForElement("#dashboard", TIMEOUT);
      // Consolidated counts (no partner and no contribution yet), and the consolidated report
      // refused for want of contributions, in the language too.
      await s.click("#open-consolidation");
      await s.wd.waitForElement("#contribute-no-partner:not([hidden])", TIMEOUT);
      await s.wd.waitForElement("#contributions-table-empty", TIMEOUT);
      await s.wd.waitForElement("#relay-sync-off:not([hidden])", TIMEOUT);
      await check("consolidated counts");
      await s.click("#consolidation-open-report");
      await s.wd.waitForElement("#report[data-mode='consolidated'] #report-form", TIMEOUT);
      await s.until(async () => (await s.value("#report-min-cell")) !== "", "the report's settings read");
      await s.click("#report-preview");
      await s.until(async () => (await s.text("#report-error")).length > 0, "no contribution yet");
      await check("consolidated report, refused");
      await s.click("#report-back");
      await s.wd.waitForElement("#consolidation", TIMEOUT);
      await s.click("#consolidation-back");
      await s.wd.waitForElement("#dashboard", TIMEOUT);
      // Between agencies: the outbox and inbox, and the agency and partners (read-only here).
      await s.click("#nav-referrals");
      await s.wd.waitForElement("#outbox", TIMEOUT);
      await check("referral packets");
      await s.click("#referrals-open-partners");
      await s.wd.waitForElement("#agency-title", TIMEOUT);
      await check("agency and partners");
      await s.click("#agency-back");
      await s.wd.waitForElement("#dashboard, #referrals", TIMEOUT);
      if ((await s.count("#dashboard")) === 0) await s.click("#referrals-back");
      await s.wd.waitForElement("#dashboard", TIMEOUT);
    }
    // Remembered for the user: after a lock, the dashboard comes back in Russian.
    await s.lock();
    await s.unlockAs("iki.rol");
    await s.until(async () => (await s.wd.executeScript("return document.documentElement.lang;")) === "ru", "Russian after unlock");
    assert.equal(await s.value("#language"), "ru");
    passed = true;
  } finally {
    await app.stop();
    if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  }
  const hits = await canaryScan([app.vault, app.tmpdir, app.home], ["Nərgiz", "Abbasova"]);
  assert.deepEqual(hits, [], `names found on disk (kept in ${app.tmp})`);
  await app.cleanup();
});
