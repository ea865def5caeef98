// What the journeys share: a vault prepared with the CLI (users, organizations, cases) and
// small steps on the real window (unlock, set a field, wait for text, screenshots).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { accessibilityViolations, canaryScan, cliPath, SCREENSHOT_DIR, startApp } from "./harness.mjs";
import { waitFor } from "./webdriver.mjs";

const run = promisify(execFile);
export const TIMEOUT = 20_000;
export const PASS = "lantern quietly orbit mustard";
export const USER_PASS = "violet kettle marathon zebra";

/** The organizations every journey's vault starts with. */
export const ORGANIZATIONS = [
  { type: "organization", name: "State Shelter", kind: "shelter", sector: "state", capacity: 50 },
  { type: "organization", name: "Victim Assistance Center", kind: "assistance_center", sector: "state" },
  { type: "organization", name: "Women's Rights NGO", kind: "ngo", sector: "ngo" },
  { type: "organization", name: "City Clinic", kind: "health", sector: "state" },
];

/** Runs the CLI on `vault` as `user`; resolves to { stdout, stderr }, rejects on a non-zero exit. */
export function cliAs(env, vault, user, pass, args, extra = {}) {
  return run(cliPath(), args, { env: { ...env, HAVEN_VAULT: vault, HAVEN_USER: user, HAVEN_PASSPHRASE: pass, HAVEN_NEW_PASSPHRASE: pass, ...extra } });
}

/**
 * A `prepare` hook for startApp: a vault with an admin, the given users ({name: role}), and
 * the interchange lines imported by a caseworker. As at a real site, the vault belongs to an
 * organization: `own` (by default the first shelter of `organizations`) is set as the vault's
 * own, so referrals to it need no consent; referrals elsewhere go through the consent gate.
 */
export function prepareVault({ users, lines = [], organizations = ORGANIZATIONS, own = organizations.find((o) => o.kind === "shelter")?.name ?? null }) {
  return async ({ vault, env, tmp }) => {
    const cli = (user, pass, args, extra = {}) => cliAs(env, vault, user, pass, args, extra);
    await cli("admin.one", PASS, ["init", "--user", "admin.one"]);
    for (const [name, roles] of Object.entries({ "loader.cw": "caseworker", ...users })) {
      const flags = [roles].flat().flatMap((r) => ["--role", r]);
      await cli("admin.one", PASS, ["user", "add", name, ...flags], { HAVEN_NEW_PASSPHRASE: USER_PASS });
    }
    const file = join(tmp, "import.jsonl");
    const { writeFile, rm } = await import("node:fs/promises");
    await writeFile(file, [...organizations, ...lines].map((l) => JSON.stringify(l)).join("\n") + "\n");
    await cli("loader.cw", USER_PASS, ["import", file]);
    await rm(file);
    if (own) await cli("admin.one", PASS, ["settings", "--own-organization", own]);
  };
}

/** Steps on the window of `app`, for the test context `t`. */
export function steps(app, t) {
  const { wd } = app;
  const find = (css) => wd.findElement(css);
  const s = {
    wd,
    find,
    click: async (css) => wd.click(await find(css)),
    type: async (css, text) => wd.sendKeys(await find(css), text),
    /** Sets an input's or select's value as a user would, firing input and change. */
    set: (css, value) =>
      wd.executeScript(
        `const el = document.querySelector(arguments[0]);
         if (!el) throw new Error("no element " + arguments[0]);
         el.focus(); el.value = arguments[1];
         el.dispatchEvent(new Event("input", { bubbles: true }));
         el.dispatchEvent(new Event("change", { bubbles: true }));`,
        [css, value],
      ),
    value: async (css) => wd.getProperty(await find(css), "value"),
    text: async (css) => (await wd.getText(await find(css))).trim(),
    count: async (css) => (await wd.findElements(css)).length,
    /** The visible text of the whole page. */
    pageText: () => wd.executeScript("return document.body.innerText;"),
    until: (fn, message, timeoutMs = TIMEOUT) => waitFor(fn, { timeoutMs, message }),
    async unlockAs(name, pass = USER_PASS) {
      await wd.waitForElement("#unlock-form", 30_000);
      const user = await find("#user-name");
      await wd.clear(user);
      await wd.sendKeys(user, name);
      await s.type("#passphrase", pass);
      await s.click("#unlock");
      await wd.waitForElement("#dashboard", TIMEOUT);
    },
    async lock() {
      await s.click("#lock");
      await wd.waitForElement("#unlock-form", TIMEOUT);
    },
    async shot(name) {
      await wd.screenshot(join(SCREENSHOT_DIR, `${name}.png`)).catch((e) => t.diagnostic(`screenshot ${name} failed: ${e.message}`));
    },
    async accessible(screen) {
      assert.deepEqual(await accessibilityViolations(wd), [], `serious or critical accessibility violations: ${screen}`);
    },
    /** Opens the case list and the case with `code` from it. */
    async openCase(code) {
      if ((await s.count("#case-file")) > 0) {
        await s.click("#case-file-back");
        await wd.waitForElement("#cases, #dashboard", TIMEOUT);
      }
      if ((await s.count("#cases")) === 0) {
        await wd.waitForElement("#open-cases", TIMEOUT);
        await s.click("#open-cases");
      }
      await wd.waitForElement(`#cases-table tr[data-code="${code}"]`, TIMEOUT);
      await s.click(`#cases-table tr[data-code="${code}"] button`);
      // The title is drawn at once, the header once the case is read.
      await wd.waitForElement("#case-code", TIMEOUT);
      assert.equal(await s.text("#case-code"), code);
    },
    async tab(name) {
      await s.click(`#tab-${name}`);
      await wd.waitForElement(`#panel-${name}`, TIMEOUT);
    },
    /** Waits until a table has `n` entry rows. */
    async rows(table, n) {
      await s.until(async () => (await s.count(`#${table} tbody tr`)) === n, `${n} rows in #${table}`);
    },
    /** Ticks the box labelled `label` inside `container` (a real click on the box). */
    async tick(container, label) {
      const id = await wd.executeScript(
        `const l = Array.from(document.querySelectorAll(arguments[0] + " label")).find((x) => x.textContent.trim() === arguments[1]);
         return l ? l.htmlFor : null;`,
        [container, label],
      );
      assert.ok(id, `no box labelled ${label} in ${container}`);
      await s.click(`[id="${id}"]`);
    },
    /**
     * On the open case file's consent tab, records the person's consent to referrals to
     * `organization`, given today and running until `expiresOn`; waits for its row, whose state
     * badge must say valid. Returns the row's index.
     */
    async recordReferralConsent(organization, expiresOn) {
      await s.tab("consent");
      const before = await s.count("#consent-table tbody tr[data-index]");
      await s.set("#consent-scope", "referrals");
      await wd.waitForElement("#consent-organizations-field:not([hidden])", TIMEOUT);
      await s.set("#consent-expires-on", expiresOn);
      await s.tick("#consent-organizations", organization);
      await s.click("#consent-save");
      await s.until(async () => (await s.count("#consent-table tbody tr[data-index]")) === before + 1, "the consent listed");
      const i = await wd.executeScript(
        `const rows = Array.from(document.querySelectorAll("#consent-table tbody tr[data-index]"));
         const row = rows.reverse().find((r) => r.textContent.includes(arguments[0]));
         return row ? Number(row.dataset.index) : null;`,
        [organization],
      );
      assert.notEqual(i, null, `a consent naming ${organization} is listed`);
      assert.equal(await wd.getAttribute(await find(`#consent-${i}-state`), "data-state"), "valid");
      assert.match(await s.text(`#consent-${i}-state`), /\S/, "the state is said in words");
      return i;
    },
  };
  return s;
}

/** The local civil date `days` from today, YYYY-MM-DD. */
export function isoDay(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** An imported case: a woman identified in 2024, with an open stay when `stay` is given. */
export function caseLine({ given, family, alias, ref, stay, note, employer }) {
  const line = {
    type: "case",
    ref,
    person: { given_name: given, family_name: family, aliases: alias ? [alias] : [], sex: "female", birth_date: "1996-04-12" },
    identified_on: "2024-03-01",
    identified_by: "police",
    recognition: "recognized",
    exploitation: ["forced_labour"],
    referrals: [{ date: "2024-03-01", to: "State Shelter", status: "accepted" }],
  };
  if (stay) line.shelter_stays = [{ shelter: "State Shelter", admitted_on: stay, discharged_on: null }];
  if (note) line.notes = [{ date: "2024-03-02", text: note }];
  if (employer) line.employments = [{ employer, started_on: "2024-05-01", ended_on: null }];
  return line;
}

/** Runs `body` on a fresh app; stops it, then scans for `secrets()`. */
export async function journey(t, prepare, secrets, body) {
  const app = await startApp({ prepare });
  const s = steps(app, t);
  let passed = false;
  try {
    await body(s, app);
    passed = true;
  } finally {
    await app.stop();
    if (!passed) t.diagnostic(`tauri-driver output:\n${app.log()}`);
  }
  const hits = await canaryScan([app.vault, app.tmpdir, app.home], secrets());
  assert.deepEqual(hits, [], `names found on disk (kept in ${app.tmp})`);
  await app.cleanup();
}

/** Runs xdotool on the test display. */
export const xdotool = (...args) => run("xdotool", args, { timeout: 30_000 }).then((r) => r.stdout.trim());

/** Types a full path into the GTK file dialog that just opened (titled `title`), then Enter. */
export async function chooseInDialog(title, path) {
  const dialog = (await xdotool("search", "--sync", "--onlyvisible", "--name", title)).split("\n")[0];
  await xdotool("windowfocus", "--sync", dialog);
  await new Promise((r) => setTimeout(r, 500));
  // Real key events (XTEST) to the focused dialog: Ctrl+L opens its location field.
  await xdotool("key", "ctrl+l");
  await new Promise((r) => setTimeout(r, 300));
  await xdotool("type", "--delay", "5", path);
  await new Promise((r) => setTimeout(r, 300));
  await xdotool("key", "Return");
}

/**
 * Picks the folder `path` in the GTK folder dialog that just opened (titled `title`). A folder
 * dialog shows its location field already, where Ctrl+L would hide it: "/" opens it, Ctrl+A
 * replaces what it holds. Enter on the typed folder opens it; Enter again, the dialog's
 * default button, selects it.
 */
export async function chooseFolderInDialog(title, path) {
  const dialog = (await xdotool("search", "--sync", "--onlyvisible", "--name", title)).split("\n")[0];
  await xdotool("windowfocus", "--sync", dialog);
  await new Promise((r) => setTimeout(r, 500));
  await xdotool("key", "slash");
  await new Promise((r) => setTimeout(r, 800));
  await xdotool("key", "ctrl+a");
  await xdotool("type", "--delay", "20", `${path.replace(/\/$/, "")}/`);
  await new Promise((r) => setTimeout(r, 500));
  await xdotool("key", "Return");
  await new Promise((r) => setTimeout(r, 1000));
  const still = await xdotool("search", "--onlyvisible", "--name", title).catch(() => "");
  if (still) await xdotool("key", "Return");
}

/**
 * Types a full path into the GTK save dialog that just opened (its title starts with "Save"),
 * replacing the suggested name, then Enter.
 */
export async function saveInDialog(path) {
  const dialog = (await xdotool("search", "--sync", "--onlyvisible", "--name", "^Save")).split("\n")[0];
  await xdotool("windowfocus", "--sync", dialog);
  await new Promise((r) => setTimeout(r, 500));
  await xdotool("key", "--window", dialog, "ctrl+a");
  await xdotool("type", "--delay", "5", "--window", dialog, path);
  await new Promise((r) => setTimeout(r, 300));
  await xdotool("key", "--window", dialog, "Return");
}
