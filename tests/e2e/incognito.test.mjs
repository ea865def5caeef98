// The shipped window, exactly as users get it: incognito, not driven by WebDriver (which
// WebKitGTK cannot do for an ephemeral context). Real X11 keystrokes (xdotool) create a vault
// through the first-run form; then WebKit's data folders must hold no more than the empty
// skeleton WebKitGTK makes at start (salt files and an empty HSTS database), and no typed
// value may be anywhere on disk.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { appPath, canaryScan, head, listFiles, makeSandbox } from "./harness.mjs";

const run = promisify(execFile);
/** What WebKitGTK creates for any web context at start, before a page loads anything. */
const SKELETON = new Set(["salt", "hsts-storage.sqlite"]);
/** The app identifier of src-tauri/tauri.conf.json, which names WebKit's folders. */
const IDENTIFIER = "org.haven.desktop";

async function xdotool(env, ...args) {
  const { stdout } = await run("xdotool", args, { env, timeout: 30_000 });
  return stdout.trim();
}

test("the incognito window leaves nothing typed on disk", { timeout: 120_000 }, async (t) => {
  if (!process.env.DISPLAY) return t.skip("needs an X display (run.sh starts Xvfb)");
  const adminName = `xdoadmin${randomBytes(6).toString("hex")}`;
  const passphrase = `lantern quietly orbit mustard ${randomBytes(6).toString("hex")}`;
  const box = await makeSandbox();
  delete box.env.TAURI_WEBVIEW_AUTOMATION; // the shipped, incognito window
  const app = spawn(appPath(), [], { env: box.env, stdio: "ignore" });
  try {
    const window = (await xdotool(box.env, "search", "--sync", "--onlyvisible", "--name", "^Haven$")).split("\n")[0];
    // The page loads after the window maps; the first field takes focus once it has.
    await sleep(2000);
    await xdotool(box.env, "windowfocus", "--sync", window);
    const type = (text) => xdotool(box.env, "type", "--delay", "10", "--window", window, text);
    const key = (k) => xdotool(box.env, "key", "--window", window, k);
    await type(adminName);
    await key("Tab");
    await type(passphrase);
    await key("Tab");
    await type(passphrase);
    await key("Return");
    const keyFile = join(box.vault, "vault.keys");
    for (let i = 0; i < 100 && !existsSync(keyFile); i++) await sleep(200);
    assert.ok(existsSync(keyFile), "the first-run form typed into the incognito window created the vault");
    await sleep(1000); // let the recovery key screen render
  } finally {
    app.kill("SIGTERM");
    await new Promise((done) => (app.exitCode !== null ? done() : app.once("exit", done)));
  }

  // WebKit's folders for the app (its identifier). Other caches, e.g. Mesa's compiled shaders,
  // hold no page content; the canary scan below still reads every file of the home folder.
  const webkitFiles = [];
  for (const dir of [join(box.home, ".local", "share", IDENTIFIER), join(box.home, ".cache", IDENTIFIER)]) {
    if (existsSync(dir)) webkitFiles.push(...(await listFiles(dir)));
  }
  const unexpected = webkitFiles.filter((f) => !SKELETON.has(f.split("/").pop()));
  t.diagnostic(`webview files: ${webkitFiles.map((f) => relative(box.home, f)).join(", ") || "none"}`);
  assert.deepEqual(unexpected, [], "the incognito webview stored more than its empty skeleton");

  const hits = await canaryScan([box.vault, box.tmpdir, box.home], [adminName, passphrase]);
  assert.deepEqual(hits, [], `typed values found on disk (kept in ${box.tmp})`);
  for (const file of await listFiles(box.vault)) {
    assert.ok(!(await head(file, 16)).toString("latin1").startsWith("SQLite format 3"), `${file} is plaintext`);
  }
});
