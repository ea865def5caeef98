// A tiny W3C WebDriver client over fetch (Node 20 built-ins only).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";
export const Keys = Object.freeze({
  CONTROL: "\uE009",
  META: "\uE03D",
  SHIFT: "\uE008",
  ENTER: "\uE007",
  TAB: "\uE004",
  BACKSPACE: "\uE003",
});

/** A WebDriver error response: `error` is the W3C error code, `data` the JSON value. */
export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    const code = value?.error ?? `http ${status}`;
    super(`${method} ${path} → ${code}: ${value?.message ?? JSON.stringify(value)}`);
    this.name = "WebDriverError";
    this.status = status;
    this.error = code;
    this.data = value;
  }
}

/** No single WebDriver call may take longer than this (a hung driver becomes an error). */
export const REQUEST_TIMEOUT_MS = 60_000;

async function request(baseUrl, method, path, body, timeoutMs = REQUEST_TIMEOUT_MS) {
  const res = await fetch(baseUrl + path, {
    method,
    signal: AbortSignal.timeout(timeoutMs),
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new WebDriverError(method, path, res.status, { error: "invalid json", message: text.slice(0, 500) });
  }
  if (!res.ok || (json.value && typeof json.value === "object" && "error" in json.value && json.value.error)) {
    throw new WebDriverError(method, path, res.status, json.value ?? json);
  }
  return json.value;
}

/** Polls `fn` until it returns a truthy value; returns that value. */
export async function waitFor(fn, { timeoutMs = 20_000, intervalMs = 100, message = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${why}`);
    }
    await sleep(intervalMs);
  }
}

export class WebDriver {
  /** @param {string} baseUrl e.g. http://127.0.0.1:4444 */
  constructor(baseUrl) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.sessionId = null;
  }

  /** Raw call relative to the server root. */
  request(method, path, body) {
    return request(this.baseUrl, method, path, body);
  }

  /** Call relative to the session. */
  cmd(method, path, body) {
    if (!this.sessionId) throw new Error("no WebDriver session");
    return request(this.baseUrl, method, `/session/${this.sessionId}${path}`, body);
  }

  async newSession(capabilities) {
    const value = await this.request("POST", "/session", capabilities);
    this.sessionId = value.sessionId;
    this.capabilities = value.capabilities;
    return value;
  }

  async deleteSession(timeoutMs = 15_000) {
    if (!this.sessionId) return;
    const id = this.sessionId;
    this.sessionId = null;
    await request(this.baseUrl, "DELETE", `/session/${id}`, undefined, timeoutMs);
  }

  getTitle() {
    return this.cmd("GET", "/title");
  }

  // ---- elements ----

  async findElement(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return elementId(value);
  }

  async findElements(css) {
    const value = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return value.map(elementId);
  }

  async activeElement() {
    return elementId(await this.cmd("GET", "/element/active"));
  }

  /** Waits until `css` matches an element (and, unless `visible: false`, it is displayed). */
  async waitForElement(css, timeoutMs = 20_000, { visible = true } = {}) {
    return waitFor(
      async () => {
        let el;
        try {
          el = await this.findElement(css);
        } catch (e) {
          if (e instanceof WebDriverError && (e.error === "no such element" || e.error === "stale element reference")) return null;
          throw e;
        }
        if (visible && !(await this.isDisplayed(el))) return null;
        return el;
      },
      { timeoutMs, message: `element ${css}${visible ? " (displayed)" : ""}` },
    );
  }

  click(el) {
    return this.cmd("POST", `/element/${el}/click`, {});
  }

  sendKeys(el, text) {
    return this.cmd("POST", `/element/${el}/value`, { text });
  }

  clear(el) {
    return this.cmd("POST", `/element/${el}/clear`, {});
  }

  getText(el) {
    return this.cmd("GET", `/element/${el}/text`);
  }

  getProperty(el, name) {
    return this.cmd("GET", `/element/${el}/property/${encodeURIComponent(name)}`);
  }

  getAttribute(el, name) {
    return this.cmd("GET", `/element/${el}/attribute/${encodeURIComponent(name)}`);
  }

  /** Displayed = has a layout box and is not visibility:hidden (computed in the page). */
  isDisplayed(el) {
    return this.executeScript(
      `const el = arguments[0];
       if (!el || !el.isConnected) return false;
       if (el.closest('[hidden]')) return false;
       const style = getComputedStyle(el);
       if (style.visibility === 'hidden' || style.display === 'none') return false;
       return el.getClientRects().length > 0;`,
      [elementRef(el)],
    );
  }

  // ---- scripts, input, screenshots ----

  /** Runs `script` as a function body; element ids in args must be passed through elementRef(). */
  executeScript(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  performActions(actions) {
    return this.cmd("POST", "/actions", { actions });
  }

  releaseActions() {
    return this.cmd("DELETE", "/actions");
  }

  /** Presses modifier+key together, e.g. chord(Keys.CONTROL, "l"). */
  async chord(modifier, key) {
    await this.performActions([
      {
        type: "key",
        id: "keyboard",
        actions: [
          { type: "keyDown", value: modifier },
          { type: "keyDown", value: key },
          { type: "keyUp", value: key },
          { type: "keyUp", value: modifier },
        ],
      },
    ]);
    await this.releaseActions();
  }

  async screenshot(path, timeoutMs = 20_000) {
    if (!this.sessionId) throw new Error("no WebDriver session");
    const base64 = await request(this.baseUrl, "GET", `/session/${this.sessionId}/screenshot`, undefined, timeoutMs);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, Buffer.from(base64, "base64"));
    return path;
  }
}

function elementId(value) {
  const id = value?.[ELEMENT_KEY];
  if (!id) throw new Error(`not an element reference: ${JSON.stringify(value)}`);
  return id;
}

/** The JSON form of an element id, for executeScript arguments. */
export function elementRef(id) {
  return { [ELEMENT_KEY]: id };
}
