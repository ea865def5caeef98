// Starts the real desktop app under tauri-driver in a throw-away HOME, and
// scans what it left on disk. Node 20 built-ins only.
import { spawn } from "node:child_process";
import { constants as fsConstants } from "node:fs";
import { access, lstat, mkdir, mkdtemp, open, readdir, readFile, readlink, realpath, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { WebDriver } from "./webdriver.mjs";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SCREENSHOT_DIR = join(REPO_ROOT, "target", "e2e-screenshots");
export const DEFAULT_APP = "target/debug/haven-desktop";
export const DEFAULT_CLI = "target/debug/haven";

/** The `haven` command line binary: $HAVEN_CLI_BIN, or target/debug/haven of this repository. */
export function cliPath() {
  const p = process.env.HAVEN_CLI_BIN || DEFAULT_CLI;
  return isAbsolute(p) ? p : join(REPO_ROOT, p);
}

/** The desktop binary: $HAVEN_DESKTOP_BIN (relative paths from the repo root) or target/debug/haven-desktop. */
export function appPath() {
  const configured = process.env.HAVEN_DESKTOP_BIN || DEFAULT_APP;
  return isAbsolute(configured) ? configured : resolve(REPO_ROOT, configured);
}

async function isExecutable(path) {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name, extra = []) {
  for (const dir of [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...extra]) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

function portIsFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => done(true)));
  });
}

/** A port P >= start with P and P+1 free (tauri-driver's own port and its native driver's). */
export async function freePortPair(start = 4444) {
  for (let port = start; port < start + 400; port += 2) {
    if ((await portIsFree(port)) && (await portIsFree(port + 1))) return port;
  }
  throw new Error(`no free port pair from ${start}`);
}

function canConnect(port) {
  return new Promise((done) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

/** Keeps the last `limit` characters of a stream, for error reports. */
function tail(limit = 64 * 1024) {
  let text = "";
  return {
    push(chunk) {
      text = (text + chunk.toString("utf8")).slice(-limit);
    },
    get text() {
      return text;
    },
  };
}

/** Pids (other than ours) whose environment holds `NAME=value`; Linux only. */
export async function pidsWithEnv(name, value) {
  const needle = Buffer.from(`\0${name}=${value}\0`);
  let entries;
  try {
    entries = await readdir("/proc");
  } catch {
    return [];
  }
  const pids = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`);
      if (Buffer.concat([Buffer.from("\0"), environ, Buffer.from("\0")]).includes(needle)) pids.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Waits until no process carries our HAVEN_VAULT any more; terminates stragglers. */
async function waitForProcessesGone(vault, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await pidsWithEnv("HAVEN_VAULT", vault)).length === 0) return [];
    await sleep(100);
  }
  const stragglers = await pidsWithEnv("HAVEN_VAULT", vault);
  for (const pid of stragglers) signal(pid, "SIGTERM");
  const killDeadline = Date.now() + 3000;
  while (Date.now() < killDeadline && (await pidsWithEnv("HAVEN_VAULT", vault)).length) await sleep(100);
  for (const pid of await pidsWithEnv("HAVEN_VAULT", vault)) signal(pid, "SIGKILL");
  await sleep(200);
  return stragglers;
}

/**
 * A throw-away world for one run of the app: a fresh temporary directory holding its HOME
 * (with the XDG folders inside), its vault directory and its TMPDIR, and the environment that
 * points the app there. Returns { tmp, home, vault, tmpdir, env }.
 */
export async function makeSandbox() {
  const tmp = await realpath(await mkdtemp(join(tmpdir(), "haven-e2e-")));
  const home = join(tmp, "home");
  const vault = join(tmp, "vault");
  const appTmp = join(tmp, "tmp");
  const xdg = {
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_STATE_HOME: join(home, ".local", "state"),
    XDG_RUNTIME_DIR: join(home, ".runtime"),
  };
  for (const dir of [home, vault, appTmp, ...Object.values(xdg)]) await mkdir(dir, { recursive: true, mode: 0o700 });

  const parent = process.env;
  const env = {
    PATH: [parent.PATH, join(homedir(), ".cargo", "bin")].filter(Boolean).join(delimiter),
    HOME: home,
    HAVEN_VAULT: vault,
    TMPDIR: appTmp,
    ...xdg,
    LANG: "C.UTF-8",
    // No session bus: nothing may be handed to desktop services outside the sandbox dir.
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(tmp, "no-session-bus")}`,
    NO_AT_BRIDGE: "1",
    RUST_BACKTRACE: "1",
  };
  // Passed through when set. Note: WEBKIT_DISABLE_DMABUF_RENDERER=1 made WebKitGTK 2.50's
  // screenshot command hang now and then under Xvfb, so it is not set by default.
  const passThrough = ["DISPLAY", "XAUTHORITY", "RUST_LOG", "LIBGL_ALWAYS_SOFTWARE", "WEBKIT_DISABLE_COMPOSITING_MODE", "WEBKIT_DISABLE_DMABUF_RENDERER"];
  for (const name of passThrough) {
    if (parent[name]) env[name] = parent[name];
  }
  if (env.DISPLAY) env.GDK_BACKEND = "x11";

  return { tmp, home, vault, tmpdir: appTmp, env };
}

/**
 * Starts tauri-driver and a WebDriver session on the app, isolated in a fresh
 * temporary directory: its own HOME (with the XDG dirs inside), vault dir and
 * TMPDIR. Returns { wd, tmp, home, vault, tmpdir, port, app, log(), stop(), cleanup() }.
 * stop() ends the session, the driver and the app but keeps `tmp` for the canary scan;
 * cleanup() removes `tmp`.
 */
export async function startApp({ app = appPath(), startPort = 4444, readyTimeoutMs = 30_000, prepare = null } = {}) {
  if (!(await isExecutable(app))) {
    throw new Error(`desktop binary not found or not executable: ${app} (build it first, or set HAVEN_DESKTOP_BIN)`);
  }
  const driverBin = await findOnPath("tauri-driver", [join(homedir(), ".cargo", "bin")]);
  if (!driverBin) throw new Error("tauri-driver not found on PATH or in ~/.cargo/bin (cargo install tauri-driver --locked)");
  if (process.platform === "linux" && !(await findOnPath("WebKitWebDriver"))) {
    throw new Error("WebKitWebDriver not found on PATH (Debian/Ubuntu: apt-get install webkit2gtk-driver)");
  }

  const { tmp, home, vault, tmpdir: appTmp, env } = await makeSandbox();

  // A test may set the stage (e.g. create a vault with the CLI) before the app starts.
  if (prepare) await prepare({ tmp, home, vault, tmpdir: appTmp, env });

  const port = await freePortPair(startPort);
  const output = tail();
  const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(port + 1)], {
    env,
    cwd: tmp,
    detached: true, // own process group, so stop() can end its children too
    stdio: ["ignore", "pipe", "pipe"],
  });
  let driverExit = null;
  const exited = new Promise((done) => {
    driver.once("exit", (code, sig) => {
      driverExit = { code, sig };
      done();
    });
    driver.once("error", (error) => {
      driverExit = { error };
      done();
    });
  });
  driver.stdout.on("data", (d) => output.push(d));
  driver.stderr.on("data", (d) => output.push(d));

  // If this process is interrupted, take the driver (and the app, in its process group) down too.
  const killGroup = () => signal(-driver.pid, "SIGKILL");
  const onSignal = (sig) => {
    killGroup();
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.once("exit", killGroup);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const wd = new WebDriver(`http://127.0.0.1:${port}`);
  let stopped = false;

  async function stop() {
    if (stopped) return;
    stopped = true;
    try {
      await wd.deleteSession();
    } catch (e) {
      output.push(`\n[harness] deleteSession: ${e.message}\n`);
    }
    if (!driverExit) {
      signal(-driver.pid, "SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (!driverExit) signal(-driver.pid, "SIGKILL");
      await Promise.race([exited, sleep(2000)]);
    }
    // The app, WebKit's helper processes and WebKitWebDriver all carry HAVEN_VAULT.
    const stragglers = await waitForProcessesGone(vault, 10_000);
    if (stragglers.length) output.push(`\n[harness] had to terminate pids ${stragglers.join(", ")}\n`);
    process.off("exit", killGroup);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }

  async function cleanup() {
    await rm(tmp, { recursive: true, force: true });
  }

  const handle = { wd, tmp, home, vault, tmpdir: appTmp, port, app, driverPid: driver.pid, stop, cleanup, log: () => output.text };

  try {
    const deadline = Date.now() + readyTimeoutMs;
    // tauri-driver listens at once, but forwards to WebKitWebDriver on the native port, which
    // may still be starting: a session asked for before both listen fails to connect.
    while (!(await canConnect(port)) || !(await canConnect(port + 1))) {
      if (driverExit) throw new Error(`tauri-driver exited early: ${JSON.stringify(driverExit)}`);
      if (Date.now() > deadline) throw new Error(`tauri-driver and WebKitWebDriver did not listen on ports ${port} and ${port + 1} within ${readyTimeoutMs} ms`);
      await sleep(100);
    }
    handle.launchedAt = Date.now();
    await wd.newSession({ capabilities: { alwaysMatch: { "tauri:options": { application: app } } } });
  } catch (e) {
    await stop();
    await cleanup(); // nothing ran yet that is worth a canary scan
    e.message += `\n--- tauri-driver output ---\n${output.text}`;
    throw e;
  }
  return handle;
}

/** The bytes a marker may appear as on disk. */
function encodings(marker) {
  return [
    { encoding: "utf8", bytes: Buffer.from(marker, "utf8") },
    { encoding: "utf16le", bytes: Buffer.from(marker, "utf16le") },
  ];
}

/**
 * Walks every file below `dirs` (hidden ones too; symlinks are not followed
 * but their targets are checked as text) and returns where any marker occurs,
 * as UTF-8 or UTF-16LE: in file contents, in file names, or in link targets.
 * @returns {Promise<Array<{file: string, marker: string, encoding: string, where: string}>>}
 */
export async function canaryScan(dirs, markers) {
  const needles = markers.filter(Boolean).flatMap((marker) => encodings(marker).map((e) => ({ marker, ...e })));
  const hits = [];
  const seen = new Set();

  const check = (file, buffer, where) => {
    for (const n of needles) {
      if (buffer.includes(n.bytes)) hits.push({ file, marker: n.marker, encoding: n.encoding, where });
    }
  };

  async function walk(path) {
    let info;
    try {
      info = await lstat(path);
    } catch (e) {
      if (e.code === "ENOENT") return; // removed while scanning
      throw e;
    }
    const key = `${info.dev}:${info.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    check(path, Buffer.from(path.split("/").pop() ?? "", "utf8"), "name");
    if (info.isDirectory()) {
      for (const entry of await readdir(path)) await walk(join(path, entry));
    } else if (info.isSymbolicLink()) {
      check(path, Buffer.from(await readlink(path), "utf8"), "link");
    } else if (info.isFile()) {
      check(path, await readFile(path), "content");
    }
    // sockets, FIFOs, devices: only the name is checked (reading could block)
  }

  for (const dir of dirs) await walk(resolve(dir));
  return hits;
}

/** Regular files below `dir`, recursively. */
export async function listFiles(dir) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** The first `n` bytes of a file. */
export async function head(file, n = 16) {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

let axeSource = null;

/**
 * Runs axe-core (from ui/node_modules, injected by WebDriver, never shipped in the app) on the
 * current screen and returns its serious and critical violations as
 * [{id, impact, help, targets}]. WCAG 2.0-2.2 A and AA rules.
 */
export async function accessibilityViolations(wd) {
  axeSource ??= await readFile(join(REPO_ROOT, "ui", "node_modules", "axe-core", "axe.min.js"), "utf8");
  const loaded = await wd.executeScript(`${axeSource}\nwindow.__havenAxe = axe; return typeof axe.run;`);
  if (loaded !== "function") throw new Error("axe-core did not load in the page");
  await wd.executeScript(
    `window.__havenAxeResult = null;
     window.__havenAxe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
       .then((r) => { window.__havenAxeResult = { ok: r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
         .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) })) }; },
             (e) => { window.__havenAxeResult = { error: String(e) }; });`,
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await wd.executeScript("return window.__havenAxeResult;");
    if (result?.error) throw new Error(`axe-core failed: ${result.error}`);
    if (result?.ok) return result.ok;
    if (Date.now() > deadline) throw new Error("axe-core did not finish in 30 s");
    await new Promise((r) => setTimeout(r, 200));
  }
}
