// The survivor's data lifecycle in the real window (lifecycle.md), each on its own fresh vault,
// the State Shelter's own. The consent gate: a caseworker's referral to an NGO without the
// person's consent is refused at the form (naming the NGO, nothing recorded), the consent is
// recorded on the consent tab, and the referral then goes through. Erasure: an administrator
// who is also a caseworker erases a case through its dialog and typed confirmation; the case
// file says Erased, the indicator report (the CLI's, by a supervisor) is the same before and
// after, the Retention screen lists the erasure, and nothing of the person is left on disk.
import assert from "node:assert/strict";
import { test } from "node:test";
import { caseLine, cliAs, isoDay, journey, PASS, prepareVault, TIMEOUT, USER_PASS } from "./journey.mjs";

const NGO = "Women's Rights NGO";
const unique = () => Math.random().toString(36).slice(2, 8);

/** Scrolls `css` into view and lets the page settle, for a screenshot that shows it. */
async function into(s, css, block = "start") {
  await s.wd.executeScript(`document.querySelector(arguments[0])?.scrollIntoView({ block: arguments[1], behavior: "instant" });`, [css, block]);
  await new Promise((r) => setTimeout(r, 400));
}

/** Whether the element `css` is on the screen (present and not inside anything hidden). */
const shown = (s, css) =>
  s.wd.executeScript(`const el = document.querySelector(arguments[0]); return !!el && el.closest("[hidden]") === null && el.getClientRects().length > 0;`, [css]);

/** The code of the only case the list's search finds for `words`. */
async function findCode(s, words) {
  await s.click("#open-cases");
  await s.wd.waitForElement("#cases-search", TIMEOUT);
  await s.type("#cases-search", words);
  await s.until(async () => (await s.count("#cases-table tr[data-code]")) === 1, `one case found for ${words}`);
  return s.wd.executeScript(`return document.querySelector("#cases-table tr[data-code]").dataset.code;`);
}

test("consent gate: a referral to an NGO without consent is refused at the form; with the consent recorded it goes through", { timeout: 240_000 }, async (t) => {
  const given = "Nigar";
  const family = "Səfərova";
  await journey(
    t,
    async (ctx) => {
      await prepareVault({ users: { "case.worker": "caseworker" }, lines: [caseLine({ given, family, ref: "GATE-1" })] })(ctx);
      // This site lets its senior caseworker refer without consent in an emergency: the refusal
      // then offers both ways forward.
      await cliAs(ctx.env, ctx.vault, "admin.one", PASS, ["user", "grant", "case.worker", "--permission", "consent_override"]);
    },
    () => [given, family],
    async (s) => {
      await s.unlockAs("case.worker");
      const code = await findCode(s, family.toLowerCase());
      await s.openCase(code);
      await s.tab("referrals");
      await s.rows("referrals-table", 1); // the imported referral to the shelter itself

      // No consent covers the NGO: refused at the form, naming it; nothing recorded.
      await s.set("#referrals-to", NGO);
      await s.click("#referrals-save");
      await s.until(async () => (await s.text("#referrals-gate-message")).length > 0, "the refusal at the referral form");
      const refusal = await s.text("#referrals-gate-message");
      assert.ok(refusal.includes(NGO), `the refusal names the organization: ${refusal}`);
      assert.ok(await shown(s, "#referrals-gate-ways"), "the ways forward are shown");
      assert.ok(await shown(s, "#referrals-gate-record"), "Record consent is offered");
      assert.ok(await shown(s, "#referrals-gate-override-open"), "the override is offered to a holder of consent_override");
      assert.equal(await s.value("#referrals-to"), NGO, "the typed organization is kept");
      await s.rows("referrals-table", 1);
      assert.ok(!(await s.text("#referrals-table")).includes(NGO), "no referral to the NGO was added");
      await s.accessible("referral refused by the consent gate");
      await into(s, "#referrals-gate", "center");
      await s.shot("lifecycle-refusal");

      // The first way forward: the consent tab, opened for this organization and date.
      await s.click("#referrals-gate-record");
      await s.wd.waitForElement("#panel-consent", TIMEOUT);
      await s.until(() => shown(s, "#consent-form"), "the consent form");
      assert.equal(await s.value("#consent-scope"), "referrals");
      assert.ok((await s.text("#consent-for-referral")).includes(NGO), "the form says which referral it is for");
      const ticked = await s.wd.executeScript(
        `return Array.from(document.querySelectorAll("#consent-organizations input:checked")).map((b) => document.querySelector('label[for="' + b.id + '"]').textContent.trim());`,
      );
      assert.deepEqual(ticked, [NGO], "the NGO, and only it, is ticked");
      await s.set("#consent-expires-on", isoDay(180));
      await into(s, "#consent-form", "center");
      await s.shot("lifecycle-consent-form");
      await s.click("#consent-save");
      await s.rows("consent-table", 1);
      assert.equal(await s.wd.getAttribute(await s.find("#consent-0-state"), "data-state"), "valid");
      assert.equal(await s.text("#consent-0-state"), "Valid");
      assert.ok((await s.text('#consent-table tr[data-index="0"]')).includes(NGO), "the consent names the NGO");
      await s.accessible("consent tab with a consent to referrals");
      await into(s, "#panel-consent");
      await s.shot("lifecycle-consent");

      // Back to the referral: it goes through now.
      await s.tab("referrals");
      assert.equal(await s.value("#referrals-to"), NGO, "the referral waits in its form");
      await s.click("#referrals-save");
      await s.rows("referrals-table", 2);
      assert.ok((await s.text("#referrals-table")).includes(NGO), "the referral to the NGO is listed");
      assert.equal(await s.text("#referrals-gate-message").catch(() => ""), "", "no refusal any more");
      await s.accessible("referrals after the consent");
    },
  );
});

test("erasure: an administrator erases a case through its dialog; the report is unchanged and nothing of the person is left on disk", { timeout: 300_000 }, async (t) => {
  const given = "Mələk";
  const family = "Nağıyeva";
  const alias = `Melek N ${unique()}`;
  const note = `Spoke of Sumqayit ${unique()}`;
  const employer = `Xırdalan Bakery ${unique()}`;
  const erased = { ...caseLine({ given, family, alias, ref: "ER-1", stay: "2024-03-02", note, employer }), exploitation: ["sexual", "forced_labour"] };
  const others = [
    caseLine({ given: "Sevda", family: "Həsənova", ref: "ER-2", stay: "2024-03-05" }),
    { ...caseLine({ given: "Tural", family: "Kərimov", ref: "ER-3" }), person: { given_name: "Tural", family_name: "Kərimov", aliases: [], sex: "male", birth_date: "2008-02-02" } },
    // Closed long ago: due for purging, so the Retention screen lists it.
    { ...caseLine({ given: "Köhnə", family: "İşlər", ref: "OLD-1" }), identified_on: "2016-02-01", referrals: [{ date: "2016-02-01", to: "State Shelter", status: "completed" }], status: "closed", closed_on: "2018-06-30" },
  ];
  const periods = [["2024-01-01", "2024-12-31"], ["2016-01-01", isoDay(1)]];
  await journey(
    t,
    prepareVault({ users: { "lead.cw": ["admin", "caseworker"], "super.visor": "supervisor" }, lines: [erased, ...others] }),
    () => [given, family, alias, note, employer],
    async (s, app) => {
      // The CLI in the same sandbox: whatever it might leave behind is in the canary scan too.
      const env = { PATH: process.env.PATH, HOME: app.home, TMPDIR: app.tmpdir, LANG: "C.UTF-8" };
      const cli = (user, args) => cliAs(env, app.vault, user, user === "admin.one" ? PASS : USER_PASS, args);
      // The supervisor's report, exact (k = 1), without the moment it was made.
      const reports = async () => {
        const out = [];
        for (const [from, to] of periods) {
          const { stdout } = await cli("super.visor", ["report", "indicators", "--from", from, "--to", to, "--min-cell", "1"]);
          // Each report written out is a release: the ones after count those before
          // (earlier_releases), which is the ledger growing, not the counts changing.
          out.push(JSON.parse(stdout, (key, value) => (key === "generated_at" || key === "earlier_releases" ? undefined : value)));
        }
        return out;
      };

      await s.unlockAs("lead.cw");
      const code = await findCode(s, family.toLowerCase());
      const before = await reports();
      assert.ok(JSON.stringify(before[0]).length > 200, "the report has content");

      await s.openCase(code);
      assert.equal(await s.text("#case-name"), `${given} ${family}`);
      await s.click("#case-erase-identity");
      await s.until(() => shown(s, "#case-erase-form"), "the erase dialog with its lists");
      const goes = await s.text("#case-erase-goes");
      const stays = await s.text("#case-erase-stays");
      for (const what of [/names/, /other name/, /birth/, /employer/, /note/]) assert.match(goes, what, `goes: ${goes}`);
      assert.ok(stays.includes(code), `stays: the case code (${stays})`);
      assert.match(stays, /indicator report/);
      assert.match(await s.text("#case-erase-backups"), /Backups made before/);
      await s.accessible("erase dialog");

      // The typed confirmation: a wrong code erases nothing.
      await s.type("#case-erase-reason", "The person asked for it");
      await s.type("#case-erase-confirm", "0000-0000");
      await s.click("#case-erase-submit");
      await s.until(() => shown(s, "#case-erase-confirm-error"), "the code is refused");
      assert.equal(await s.text("#case-name"), `${given} ${family}`, "nothing erased yet");
      await s.wd.clear(await s.find("#case-erase-confirm"));
      await s.type("#case-erase-confirm", code);
      await into(s, "#case-erase-dialog");
      await s.shot("lifecycle-erase-lists");
      await into(s, "#case-erase-form", "end");
      await s.shot("lifecycle-erase");
      await s.click("#case-erase-submit");

      await s.wd.waitForElement("#case-erased", TIMEOUT);
      assert.match(await s.text("#case-erased"), /^Erased\./);
      assert.ok(!(await shown(s, "#case-erase-identity")), "nothing more to erase");
      const page = await s.pageText();
      for (const gone of [given, family, alias, employer]) assert.ok(!page.includes(gone), `${gone} still on the case file`);
      await s.accessible("erased case file");
      await into(s, "body", "start");
      await s.shot("lifecycle-erased");

      // Every count of the report is what it was.
      assert.deepEqual(await reports(), before, "the indicator report changed with the erasure");
      // The CLI finds nothing of the person either.
      const { stdout: found } = await cli("lead.cw", ["case", "list", "--query", family.toLowerCase(), "--json"]);
      assert.deepEqual(JSON.parse(found), [], "the erased name is still found");
      const { stdout: shownCase } = await cli("lead.cw", ["case", "show", code, "--json"]);
      for (const gone of [given, family, alias, note, employer]) assert.ok(!shownCase.includes(gone), `${gone} still in case show`);

      // The Retention screen: the erasure in the register, the old closed case due, our organization.
      await s.click("#case-file-back");
      await s.wd.waitForElement("#cases, #dashboard", TIMEOUT);
      if ((await s.count("#dashboard")) === 0) await s.click("#cases-back");
      await s.wd.waitForElement("#open-retention", TIMEOUT);
      await s.click("#open-retention");
      await s.wd.waitForElement("#retention-title", TIMEOUT);
      await s.wd.waitForElement(`#erasures-table tr[data-code="${code}"]`, TIMEOUT);
      const entry = await s.text(`#erasures-table tr[data-code="${code}"]`);
      assert.match(entry, /Identity erased/);
      assert.match(entry, /The person asked for it/);
      await s.rows("retention-due-table", 1);
      await s.until(async () => (await s.value("#retention-own-organization")) === "State Shelter", "the vault's own organization");
      await s.accessible("retention screen");
      await s.shot("lifecycle-retention-settings");
      await into(s, "#retention-due");
      await s.shot("lifecycle-retention");
    },
  );
});
