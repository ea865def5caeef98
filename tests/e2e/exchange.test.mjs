// A referral between two agencies in two real windows (exchange.md): a shelter and an NGO,
// each its own app instance on its own vault, HOME and WebDriver port. At the NGO an
// administrator makes the agency identity and saves its card through the save dialog, then
// adds the shelter's card, typing the fingerprint read aloud (a wrong digit is shown as a
// mismatch first); at the shelter a caseworker sends the person's referral packet
// through the save dialog; at the NGO a caseworker receives it through the open dialog — a
// new case marked referred in, with the person's name — and accepts it; back at the shelter
// the answer is received and the outbox says accepted. Neither sandbox, nor the folder the
// packets travelled through, holds the person's name or note in clear.
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { canaryScan, startApp } from "./harness.mjs";
import { caseLine, chooseInDialog, cliAs, isoDay, PASS, prepareVault, saveInDialog, steps, TIMEOUT, USER_PASS } from "./journey.mjs";

const NGO = "Women's Rights NGO";
const SHELTER = "State Shelter";

test("a referral packet from a shelter's window is received and accepted in an NGO's window", { timeout: 420_000 }, async (t) => {
  const given = "Leyla";
  const family = "Paketova";
  const note = "Prefers to be called in the morning";
  const secrets = [given, family, note];
  let usb = null;
  let shelterFingerprint = null;
  const shelterCtx = {};
  let ngoEnv = {};

  // The shelter: a case whose consent to referrals names the NGO; its agency identity and card.
  const line = caseLine({ given, family, ref: "PKT-1", note });
  line.consents = [{ scope: "referrals", given_on: isoDay(-2), expires_on: isoDay(150), organizations: [NGO] }];
  const shelter = await startApp({
    prepare: async (ctx) => {
      await prepareVault({ users: { "case.worker": "caseworker" }, lines: [line] })(ctx);
      usb = join(ctx.tmp, "usb");
      await mkdir(usb);
      const cli = (args) => cliAs(ctx.env, ctx.vault, "admin.one", PASS, args);
      await cli(["agency", "init", "--name", SHELTER, "--kind", "shelter", "--sector", "state", "--country", "AZ"]);
      shelterFingerprint = (await cli(["agency", "card", "--out", join(usb, "state-shelter.havencard")])).stdout.trim();
      Object.assign(shelterCtx, ctx);
    },
  });
  let ngo = null;
  try {
    // The NGO: its own vault; its agency identity is made in the window below.
    ngo = await startApp({
      startPort: 4460,
      prepare: async (ctx) => {
        ngoEnv = ctx.env;
        const organizations = [{ type: "organization", name: NGO, kind: "ngo", sector: "ngo" }];
        await prepareVault({ users: { "ngo.worker": "caseworker" }, organizations, own: NGO })(ctx);
      },
    });
    const a = steps(shelter, t);
    const b = steps(ngo, t);

    // At the NGO: the administrator makes the agency identity and saves its card; the shelter
    // adds that card with the CLI, with the fingerprint the window shows.
    await b.unlockAs("admin.one", PASS);
    await b.click("#open-agency");
    await b.wd.waitForElement("#agency-init-form", TIMEOUT);
    await b.set("#agency-name", NGO);
    await b.set("#agency-kind", "ngo");
    await b.set("#agency-sector", "ngo");
    await b.set("#agency-country", "AZ");
    await b.accessible("making the agency identity");
    await b.click("#agency-init-submit");
    await b.wd.waitForElement("#agency-fingerprint", TIMEOUT);
    const ngoFingerprint = (await b.text("#agency-fingerprint")).replace(/\D/g, "");
    assert.equal(ngoFingerprint.length, 30, "the NGO's own fingerprint: six groups of five digits");
    const ngoCard = join(usb, "womens-ngo.havencard");
    await b.click("#agency-card-save");
    await saveInDialog(ngoCard);
    await b.until(() => readFile(ngoCard).then(() => true, () => false), "the agency card written");
    const card = JSON.parse(await readFile(ngoCard, "utf8"));
    assert.equal(card.format, "haven-agency-card/1");
    assert.equal(card.fingerprint.replace(/\D/g, ""), ngoFingerprint);
    await cliAs(shelterCtx.env, shelterCtx.vault, "admin.one", PASS, ["partner", "add", ngoCard, "--fingerprint", ngoFingerprint]);

    // Then it adds the shelter's card, checking the fingerprint read on the phone.
    await b.click("#partner-add");
    await chooseInDialog("^Open", join(usb, "state-shelter.havencard"));
    await b.wd.waitForElement("#partner-preview", TIMEOUT);
    assert.equal(await b.text("#partner-card-name"), SHELTER);
    assert.equal((await b.text("#partner-card-fingerprint")).replace(/\s+/g, " "), shelterFingerprint);
    const wrong = shelterFingerprint.slice(0, -1) + (shelterFingerprint.endsWith("9") ? "1" : "9");
    await b.type("#partner-fingerprint-input", wrong);
    await b.until(async () => (await b.count('#partner-fingerprint-compare [data-state="mismatch"]')) === 1, "the last group shown as not matching");
    await b.accessible("adding a partner: the card and the fingerprint compared");
    await b.shot("exchange-partner-check");
    await b.set("#partner-fingerprint-input", shelterFingerprint);
    await b.until(async () => (await b.count('#partner-fingerprint-compare [data-state="match"]')) === 6, "all six groups match");
    await b.click("#partner-add-confirm");
    await b.until(async () => (await b.count(`#partners-table tr[data-partner]`)) === 1, "the shelter listed as a partner");
    assert.ok((await b.text("#partners-table")).includes(SHELTER));
    await b.accessible("agency and partners");
    await b.shot("exchange-agency");
    await b.lock();

    // At the shelter: the caseworker sends the referral packet through the save dialog.
    await a.unlockAs("case.worker");
    await a.click("#open-cases");
    await a.wd.waitForElement("#cases-search", TIMEOUT);
    await a.type("#cases-search", family.toLowerCase());
    await a.until(async () => (await a.count("#cases-table tr[data-code]")) === 1, "the case found");
    const code = await a.wd.executeScript(`return document.querySelector("#cases-table tr[data-code]").dataset.code;`);
    await a.openCase(code);
    await a.tab("referrals");
    await a.click("#send-referral");
    await a.wd.waitForElement("#send-referral-form", TIMEOUT);
    await a.set("#send-referral-to", NGO);
    await a.click("#send-referral-services-legal");
    await a.click("#send-referral-services-psychological");
    await a.click("#send-referral-notes");
    await a.accessible("send a referral packet");
    await a.shot("exchange-send");
    const packet = join(usb, "referral.havenpacket");
    await a.click("#send-referral-submit");
    await saveInDialog(packet);
    await a.until(async () => (await a.count('#case-packets-table tr[data-packet][data-status="sent"]')) === 1, "the packet listed as sent");
    const bytes = await readFile(packet);
    assert.ok(bytes.subarray(0, 40).toString().startsWith('{"format":"haven-packet/1"'), "a packet file was written");

    // At the NGO: a caseworker receives it from the dashboard and accepts the person.
    await b.unlockAs("ngo.worker");
    await b.click("#receive-packet");
    await chooseInDialog("^Open", packet);
    await b.until(async () => (await b.count("#receive-open-case")) === 1, "the new case offered");
    assert.ok((await b.text("#receive-message")).length > 0);
    await b.shot("exchange-received");
    await b.click("#receive-open-case");
    await b.wd.waitForElement("#case-code", TIMEOUT);
    assert.ok((await b.text("#case-referred-in")).includes(SHELTER), "marked referred in from the shelter");
    assert.equal(await b.count("#case-identified-elsewhere"), 1, "identified at the shelter, counted there");
    assert.ok((await b.pageText()).includes(family), "the person's name came with the referral");
    await b.accessible("a case referred in");
    const answer = join(usb, "answer.havenpacket");
    await b.click("#referral-accept");
    await saveInDialog(answer);
    await b.until(async () => (await b.count("#referral-answered")) === 1, "the referral answered");
    await b.shot("exchange-referred-in");
    // The same packet a second time is refused, and nothing is recorded.
    const ngoCases = async () => (await cliAs(ngoEnv, ngo.vault, "ngo.worker", USER_PASS, ["case", "list"])).stdout.trim().split("\n").length;
    const before = await ngoCases();
    await b.click("#case-file-back");
    await b.wd.waitForElement("#cases, #dashboard", TIMEOUT);
    if ((await b.count("#dashboard")) === 0) await b.click("#cases-back");
    await b.wd.waitForElement("#dashboard", TIMEOUT);
    await b.click("#receive-packet");
    await chooseInDialog("^Open", packet);
    await b.until(async () => (await b.text("#receive-error")).length > 0, "the replay refused");
    assert.equal(await ngoCases(), before, "no second case");

    // Back at the shelter: the answer received on the Referrals screen; the outbox says accepted.
    await a.click("#case-file-back");
    await a.wd.waitForElement("#cases, #dashboard", TIMEOUT);
    if ((await a.count("#dashboard")) === 0) await a.click("#cases-back");
    await a.wd.waitForElement("#dashboard", TIMEOUT);
    await a.click("#nav-referrals");
    await a.wd.waitForElement("#outbox", TIMEOUT);
    await a.click("#referrals-receive #receive-packet");
    await chooseInDialog("^Open", answer);
    await a.until(async () => (await a.count('#outbox-table tr[data-packet][data-kind="referral"][data-status="accepted"]')) === 1, "the referral accepted in the outbox");
    await a.accessible("the outbox and inbox");
    await a.shot("exchange-outbox");
    const listed = JSON.parse((await cliAs(shelterCtx.env, shelterCtx.vault, "case.worker", USER_PASS, ["referral", "list", "--json"])).stdout);
    assert.equal(listed.find((p) => p.kind === "referral").status, "accepted");
  } finally {
    await shelter.stop();
    if (ngo) await ngo.stop();
  }
  const dirs = [shelter.vault, shelter.tmpdir, shelter.home, usb, ngo.vault, ngo.tmpdir, ngo.home];
  const hits = await canaryScan(dirs, secrets);
  assert.deepEqual(hits, [], `the person's name or note found on disk (kept in ${shelter.tmp} and ${ngo.tmp})`);
  await shelter.cleanup();
  await ngo.cleanup();
});
