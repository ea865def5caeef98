// The relay and consolidated counts in the real window (exchange.md, the relay and consolidated
// counts), against a throw-away PostgreSQL (tests/pg-cluster.sh): the operator sets the relay
// up and makes a role for each of two sites with the CLI; an NGO (CLI only) contributes its
// counts for last year to the shelter through the relay. In the shelter's window an
// administrator connects the site — a wrong password refused at its field first —, then a
// supervisor fetches from the relay (one contribution received, listed with its site),
// contributes the shelter's own counts to the NGO into the outbox and sends them through the
// relay, and previews the consolidated report of one site. The site's password is nowhere in
// the sandbox in clear.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { canaryScan, REPO_ROOT, startApp } from "./harness.mjs";
import { cliAs, PASS, prepareVault, steps, TIMEOUT, USER_PASS } from "./journey.mjs";

const run = promisify(execFile);
const PG = join(REPO_ROOT, "tests", "pg-cluster.sh");
const OPERATOR_PASSWORD = "operator-secret";
const SHELTER = "State Shelter";
const NGO = "Women's Rights NGO";
const YEAR = new Date().getFullYear() - 1;

/** `user` and `password` of the role `haven relay add-site` made. */
function siteRole(stdout) {
  const field = (name) => stdout.split("\n").find((l) => l.startsWith(`${name}\t`))?.slice(name.length + 1).trim();
  const role = { user: field("user"), password: field("password") };
  assert.ok(role.user && role.password, "add-site printed the site's user name and password");
  return role;
}

test("a site connected in the window fetches a contribution, sends its own and consolidates", { timeout: 300_000 }, async (t) => {
  const pgDir = await mkdtemp(join(tmpdir(), "haven-e2e-pg-"));
  const port = (await run(PG, ["start", pgDir])).stdout.trim();
  const relayUrl = (user) => `postgresql://${user}@127.0.0.1:${port}/haven`;
  let shelterRole = null;
  let shelterEnv = null;
  let app = null;
  try {
    app = await startApp({
      prepare: async (ctx) => {
        shelterEnv = ctx.env;
        const ngoVault = join(ctx.tmp, "ngo-vault");
        await mkdir(ngoVault, { mode: 0o700 });
        const users = { "sup.one": "supervisor" };
        await prepareVault({ users })(ctx);
        await prepareVault({ users, own: NGO })({ ...ctx, vault: ngoVault });
        const shelter = (user, args, extra) => cliAs(ctx.env, ctx.vault, user, user === "admin.one" ? PASS : USER_PASS, args, extra);
        const ngo = (user, args, extra) => cliAs(ctx.env, ngoVault, user, user === "admin.one" ? PASS : USER_PASS, args, extra);
        const operator = (args) => cliAs(ctx.env, ctx.vault, "", "", ["relay", ...args, "--url", relayUrl("postgres")], { HAVEN_RELAY_PASSWORD: OPERATOR_PASSWORD });

        // The agencies, their cards, and each the other's partner.
        const shelterCard = join(ctx.tmp, "shelter.havencard");
        const ngoCard = join(ctx.tmp, "ngo.havencard");
        await shelter("admin.one", ["agency", "init", "--name", SHELTER, "--kind", "shelter", "--sector", "state", "--country", "AZ"]);
        await ngo("admin.one", ["agency", "init", "--name", NGO, "--kind", "ngo", "--sector", "ngo", "--country", "AZ"]);
        const shelterFp = (await shelter("admin.one", ["agency", "card", "--out", shelterCard])).stdout.trim();
        const ngoFp = (await ngo("admin.one", ["agency", "card", "--out", ngoCard])).stdout.trim();
        await shelter("admin.one", ["partner", "add", ngoCard, "--fingerprint", ngoFp]);
        await ngo("admin.one", ["partner", "add", shelterCard, "--fingerprint", shelterFp]);

        // The operator: the relay, and a role per site.
        await operator(["setup"]);
        shelterRole = siteRole((await operator(["add-site", shelterCard])).stdout);
        const ngoRole = siteRole((await operator(["add-site", ngoCard])).stdout);

        // The NGO contributes last year's counts to the shelter, through the relay.
        await ngo("admin.one", ["relay", "connect", "--url", relayUrl(ngoRole.user)], { HAVEN_RELAY_PASSWORD: ngoRole.password });
        await ngo("sup.one", ["report", "contribute", "--from", `${YEAR}-01-01`, "--to", `${YEAR}-12-31`, "--for", SHELTER]);
        await ngo("sup.one", ["relay", "push"]);
      },
    });
    const s = steps(app, t);

    // The administrator connects the site; a wrong password is refused at its field.
    await s.unlockAs("admin.one", PASS);
    await s.click("#open-relay");
    await s.until(async () => (await s.text("#relay-address")).length > 0 && (await s.text("#relay-address")) !== "Reading the connection…", "the connection read");
    await s.set("#relay-url", relayUrl(shelterRole.user));
    await s.set("#relay-password", "not-the-password");
    await s.click("#relay-connect");
    await s.until(async () => (await s.text("#relay-password-error")).length > 0, "the wrong password refused at its field");
    assert.match(await s.text("#relay-password-error"), /user name and password/);
    await s.accessible("the relay refusing a password");
    await s.set("#relay-password", shelterRole.password);
    await s.click("#relay-connect");
    await s.until(async () => (await s.text("#relay-connected")).length > 0, "connected");
    assert.equal(await s.text("#relay-address"), `Relay: ${relayUrl(shelterRole.user)}`);
    assert.equal(await s.value("#relay-password"), "", "the password is not kept on screen");
    assert.match(await s.text("#relay-contact"), /^Last contact: \d/);
    await s.accessible("the relay connected");
    await s.shot("relay-admin");
    // The next screen only once the shot is written (WebKit renders it asynchronously).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await s.lock();

    // The supervisor fetches the NGO's contribution.
    await s.unlockAs("sup.one");
    await s.click("#open-consolidation");
    await s.wd.waitForElement("#relay-pull:not([disabled])", TIMEOUT);
    await s.click("#relay-pull");
    await s.until(async () => (await s.text("#relay-result")).length > 0, "the pull's summary");
    assert.equal(await s.text("#relay-result"), "1 contribution received.");
    await s.rows("contributions-table", 1);
    assert.ok((await s.text("#contributions-table")).includes(NGO), "the contribution listed with its site");

    // … contributes the shelter's own counts to the NGO into the outbox, and sends them.
    await s.set("#contribute-from", `${YEAR}-01-01`);
    await s.set("#contribute-to", `${YEAR}-12-31`);
    await s.set("#contribute-partner", NGO);
    await s.click("#contribute-outbox");
    await s.until(async () => (await s.text("#contribute-sent")).length > 0, "the contribution made");
    await s.until(async () => (await s.text("#relay-sync-waiting")) === "1 packet waiting in the outbox.", "one packet waiting");
    await s.accessible("consolidated counts");
    await s.shot("relay-consolidation");
    await s.click("#relay-push");
    await s.until(async () => (await s.text("#relay-result")) === "1 packet sent to the relay.", "the packet sent");
    await s.until(async () => (await s.text("#relay-sync-waiting")) === "0 packets waiting in the outbox.", "nothing left waiting");

    // … and previews the consolidated report of last year.
    await s.click("#consolidation-open-report");
    await s.wd.waitForElement("#report[data-mode='consolidated']", TIMEOUT);
    await s.until(async () => (await s.value("#report-min-cell")) !== "", "the report's settings read");
    await s.click("#report-preview");
    await s.wd.waitForElement("#report-consolidation", TIMEOUT);
    assert.equal(await s.text("#report-consolidation"), "Adds up 1 site, 0 corrections.");
    await s.accessible("the consolidated report");
    await s.shot("relay-consolidated-report");

    const status = JSON.parse((await cliAs(shelterEnv, app.vault, "sup.one", USER_PASS, ["relay", "status", "--json"])).stdout);
    assert.equal(status.waiting, 0, "the CLI finds the outbox empty too");
  } finally {
    if (app) await app.stop();
    await run(PG, ["stop", pgDir]).catch(() => {});
  }
  const hits = await canaryScan([app.vault, app.tmpdir, app.home], [shelterRole.password]);
  assert.deepEqual(hits, [], `the site's relay password found on disk (kept in ${app.tmp})`);
  await app.cleanup();
  await rm(pgDir, { recursive: true, force: true });
});
