// The journeys of issue 4 in the real window, each on its own fresh vault: intake, the
// caseworker's services, the supervisor who never sees a name, and bad input that keeps what
// was typed. Each vault is the State Shelter's own (prepareVault): intake's referral to it
// needs no consent; the caseworker's referral to the NGO follows a consent recorded first.
// After each, the canary scan: no name typed or imported is on disk outside the vault.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { caseLine, chooseInDialog, isoDay, journey, prepareVault, TIMEOUT } from "./journey.mjs";

const occupied = async (s) => {
  const text = await s.text('section[data-shelter="State Shelter"] .board-occupancy');
  return Number(text.match(/\d+/)[0]);
};

test("intake: a new intake, admitted to a bed, found by a name typed without diacritics, on the board", { timeout: 240_000 }, async (t) => {
  const resident = caseLine({ given: "Səbinə", family: "Qasımova", stay: "2024-03-02" });
  await journey(
    t,
    prepareVault({ users: { "in.take": "intake" }, lines: [resident] }),
    () => ["Gülnarə", "Hüseynova", "Səbinə", "Qasımova"],
    async (s) => {
      await s.unlockAs("in.take");
      await s.accessible("dashboard (intake)");
      await s.shot("dashboard");
      await s.click("#open-board");
      await s.wd.waitForElement('section[data-shelter="State Shelter"]', TIMEOUT);
      const before = await occupied(s);
      await s.click("#board-back");

      await s.click("#open-intake");
      await s.wd.waitForElement("#intake-form", TIMEOUT);
      await s.type("#intake-given-name", "Gülnarə");
      await s.type("#intake-family-name", "Hüseynova");
      await s.set("#intake-sex", "female");
      await s.set("#intake-birth-date", "1999-05-01");
      await s.click('input[name="intake-exploitation"][value="sexual"]');
      await s.set("#intake-referral-to", "State Shelter");
      await s.accessible("intake form");
      await s.shot("intake");
      await s.click("#intake-save");
      await s.wd.waitForElement("#case-code", TIMEOUT);
      const code = await s.text("#case-code");
      assert.match(code, /^\d{4}-\d{4}$/);
      assert.equal(await s.text("#case-name"), "Gülnarə Hüseynova");

      await s.tab("stays");
      await s.set("#stays-shelter", "State Shelter");
      await s.type("#stays-bed", "B7");
      await s.click("#stays-save");
      await s.rows("stays-table", 1);
      await s.accessible("case file, shelter stays");

      // Found by the name typed as people type it: no diacritics, lower case.
      await s.click("#case-file-back");
      await s.wd.waitForElement("#dashboard, #cases", TIMEOUT);
      if ((await s.count("#cases")) === 0) await s.click("#open-cases");
      await s.wd.waitForElement("#cases-search", TIMEOUT);
      await s.type("#cases-search", "huseynova");
      await s.wd.waitForElement(`#cases-table tr[data-code="${code}"]`, TIMEOUT);
      await s.until(async () => (await s.count("#cases-table tr[data-code]")) === 1, "only the one match");
      await s.accessible("case list with a search");
      await s.shot("case-list");

      await s.click("#cases-back");
      await s.click("#open-board");
      await s.wd.waitForElement('section[data-shelter="State Shelter"]', TIMEOUT);
      await s.until(async () => (await occupied(s)) === before + 1, "one more bed taken on the board");
      assert.equal(await s.count(`#board tr[data-code="${code}"]`), 1);
      await s.accessible("shelter board");
      await s.shot("shelter-board");
    },
  );
});

test("caseworker: services, an allowance, training, a job, a consent and a referral, and a document survive a lock", { timeout: 240_000 }, async (t) => {
  const documentText = `medical report ${Date.now()} canary-document-text`;
  const person = caseLine({ given: "Aynur", family: "Rzayeva", ref: "CW-1" });
  await journey(
    t,
    prepareVault({ users: { "case.worker": "caseworker" }, lines: [person] }),
    () => ["Aynur", "Rzayeva", documentText],
    async (s, app) => {
      await s.unlockAs("case.worker");
      await s.click("#open-cases");
      await s.wd.waitForElement("#cases-table tr[data-code]", TIMEOUT);
      const code = await s.wd.executeScript(`return document.querySelector("#cases-table tr[data-code]").dataset.code;`);
      await s.openCase(code);

      await s.tab("services");
      for (const [i, kind] of ["legal", "medical", "psychological"].entries()) {
        await s.set("#services-kind", kind);
        await s.click("#services-save");
        await s.rows("services-table", i + 1);
      }
      await s.tab("allowances");
      await s.type("#allowances-amount", "400");
      await s.set("#allowances-currency", "AZN");
      await s.set("#allowances-kind", "one_time");
      await s.click("#allowances-save");
      await s.rows("allowances-table", 1);
      await s.tab("training");
      await s.type("#training-course", "Tailoring");
      await s.click("#training-save");
      await s.rows("training-table", 1);
      await s.tab("employment");
      await s.type("#employment-employer", "Textile workshop");
      await s.click("#employment-save");
      await s.rows("employment-table", 1);
      // The NGO is not the vault's own organization: the person's consent to the referral
      // is recorded first, as the consent gate asks.
      await s.recordReferralConsent("Women's Rights NGO", isoDay(180));
      await s.tab("referrals");
      await s.set("#referrals-to", "Women's Rights NGO");
      await s.click("#referrals-save");
      await s.rows("referrals-table", 2);
      await s.accessible("case file, referrals");
      await s.shot("case-file");

      // Assigned to themself; a document added through the real open dialog.
      await s.set("#case-caseworker-select", "case.worker");
      await s.click("#case-caseworker-save");
      await s.until(async () => (await s.text("#case-caseworker")) === "case.worker", "the caseworker in the header");
      if (process.env.DISPLAY) {
        const file = join(app.tmp, "medical-report.txt");
        await writeFile(file, documentText);
        await s.tab("documents");
        await s.set("#documents-kind", "medical_report");
        await s.click("#documents-choose");
        await chooseInDialog("Open", file);
        await s.rows("documents-table", 1);
        assert.match(await s.text("#documents-table tbody tr"), /medical-report\.txt/);
      }

      await s.lock();
      await s.unlockAs("case.worker");
      await s.openCase(code);
      const expected = { services: 3, allowances: 1, training: 1, employment: 1, referrals: 2, consent: 1 };
      for (const [tab, n] of Object.entries(expected)) {
        await s.tab(tab);
        await s.rows(`${tab}-table`, n);
      }
      await s.tab("allowances");
      assert.match(await s.text("#allowances-table tbody tr"), /400/);
      await s.tab("history");
      await s.until(async () => (await s.count("#history-table tbody tr")) >= 9, "the history lists the changes");
      await s.accessible("case file, history");
    },
  );
});

test("supervisor: codes only, no name on any screen", { timeout: 240_000 }, async (t) => {
  const names = ["Lalə", "Əliyeva", "Zülfiyyə", "Babayeva", "Mehriban", "Nəsibova"];
  // An employer names where the person was: identity, like the names.
  const employer = "Quba Carpet Workshop";
  const lines = [
    caseLine({ given: names[0], family: names[1], alias: "Lala A", stay: "2024-03-02", note: "Called from Ganja", employer }),
    caseLine({ given: names[2], family: names[3], stay: "2024-03-05", employer }),
    caseLine({ given: names[4], family: names[5], employer }),
  ];
  await journey(
    t,
    prepareVault({ users: { "super.visor": "supervisor" }, lines }),
    () => [...names, employer],
    async (s) => {
      const noName = async (screen) => {
        const text = await s.pageText();
        for (const n of [...names, "Lala A", "Ganja", employer]) assert.ok(!text.includes(n), `${n} shown on the ${screen}`);
      };
      await s.unlockAs("super.visor");
      await noName("dashboard");
      await s.click("#open-cases");
      await s.until(async () => (await s.count("#cases-table tr[data-code]")) === 3, "three cases listed");
      await noName("case list");
      const codes = await s.wd.executeScript(`return Array.from(document.querySelectorAll("#cases-table tr[data-code]")).map((r) => r.dataset.code);`);
      await s.click(`#cases-table tr[data-code="${codes[0]}"] button`);
      await s.wd.waitForElement("#case-code", TIMEOUT);
      await noName("case file");
      assert.equal(await s.count("#tab-notes"), 0, "no notes tab");
      assert.equal(await s.count("#tab-history"), 0, "no history tab");
      assert.equal(await s.count("#case-name"), 0);
      for (const tab of ["referrals", "stays", "services", "employment"]) {
        await s.tab(tab);
        await noName(`case file, ${tab}`);
      }
      await s.rows("employment-table", 1);
      assert.equal(await s.text("#employment-table tbody td"), "Hidden from your role");
      await s.click("#case-file-back");
      await s.wd.waitForElement("#cases, #dashboard", TIMEOUT);
      if ((await s.count("#dashboard")) === 0) await s.click("#cases-back");
      await s.click("#open-board");
      await s.wd.waitForElement('section[data-shelter="State Shelter"]', TIMEOUT);
      assert.equal(await s.count("#board tr[data-code]"), 2);
      await noName("shelter board");
    },
  );
});

test("bad input: a discharge before the admission is answered at that field, and nothing typed is lost", { timeout: 240_000 }, async (t) => {
  const person = caseLine({ given: "Şəbnəm", family: "Cəfərova", stay: "2024-03-10" });
  await journey(
    t,
    prepareVault({ users: { "in.take": "intake" }, lines: [person] }),
    () => ["Şəbnəm", "Cəfərova"],
    async (s) => {
      await s.unlockAs("in.take");
      await s.click("#open-cases");
      await s.wd.waitForElement("#cases-table tr[data-code]", TIMEOUT);
      const code = await s.wd.executeScript(`return document.querySelector("#cases-table tr[data-code]").dataset.code;`);
      await s.openCase(code);
      await s.tab("stays");
      // Something typed elsewhere on the tab, then the wrong discharge date.
      await s.type("#stays-bed", "C3");
      await s.set("#stay-0-discharged-on", "2024-03-01");
      await s.click("#stay-0-discharge");
      await s.wd.waitForElement("#stay-0-discharged-on-error", TIMEOUT);
      assert.match(await s.text("#stay-0-discharged-on-error"), /\S/);
      assert.equal(await s.wd.getAttribute(await s.find("#stay-0-discharged-on"), "aria-invalid"), "true");
      assert.equal(await s.value("#stay-0-discharged-on"), "2024-03-01", "the typed date is kept");
      assert.equal(await s.value("#stays-bed"), "C3", "the other field is kept");
      await s.accessible("case file with a field error");
      await s.shot("field-error");
      // Nothing was written: the stay is still open.
      await s.rows("stays-table", 1);
      assert.equal(await s.count("#stay-0-discharge"), 1, "the stay is still open");

      // The person edited with a birth date after the identification: answered at that field.
      await s.tab("profile");
      await s.click("#profile-edit-person");
      await s.wd.waitForElement("#person-form", TIMEOUT);
      await s.set("#person-phone", "+994 50 000 00 00");
      await s.set("#person-birth-date", "2025-01-01");
      await s.click("#person-save");
      await s.wd.waitForElement("#person-birth-date-error", TIMEOUT);
      assert.equal(await s.value("#person-phone"), "+994 50 000 00 00", "the other field is kept");
      await s.set("#person-birth-date", "1996-04-12");
      await s.click("#person-save");
      await s.until(async () => (await s.count("#person-form")) === 0 || !(await s.wd.executeScript("return !!document.querySelector('#person-form') && document.querySelector('#person-form').offsetParent !== null;")), "the form closes");
      await s.until(async () => (await s.text("#case-saved")).length > 0, "saved");
    },
  );
});
