import { describe, expect, it } from "vitest";
import type { IpcError } from "./bindings/IpcError";
import { errorMessage, routeError } from "./errors";
import { field, FormErrors, formAlert } from "./form";

const fields = { adminName: "admin-name", passphrase: "new-passphrase", passphraseAgain: "new-passphrase-again" };
const err = (over: Partial<IpcError>): IpcError => ({ kind: "invalid", message: "", field: null, problems: [], ...over });

describe("routeError", () => {
  it("sends errors with a known field next to that input", () => {
    expect(routeError(err({ kind: "weakPassphrase", message: "Too easy to guess.", field: "passphrase" }), fields)).toEqual({
      target: "field",
      inputId: "new-passphrase",
      message: "Too easy to guess.",
    });
    expect(routeError(err({ field: "passphraseAgain", message: "Differs." }), fields)).toMatchObject({ target: "field", inputId: "new-passphrase-again" });
  });

  it("sends errors without a field, or with a field this form lacks, to the form alert", () => {
    expect(routeError(err({ kind: "storage", message: "Disk full." }), fields)).toEqual({ target: "form", message: "Disk full." });
    expect(routeError(err({ field: "userName", message: "Bad name." }), fields)).toEqual({ target: "form", message: "Bad name." });
    expect(routeError(err({ field: "toString", message: "x" }), fields)).toEqual({ target: "form", message: "x" });
  });

  it("uses the core's message and falls back to the kind's text", () => {
    expect(errorMessage(err({ kind: "wrongCredentials", message: "  Nope.  " }))).toBe("Nope.");
    expect(errorMessage(err({ kind: "wrongCredentials" }))).toBe("The user name or passphrase is wrong.");
    expect(errorMessage(err({ kind: "damaged" }))).toMatch(/damaged/);
  });
});

describe("FormErrors", () => {
  function setup() {
    const name = field({ id: "admin-name", label: "Name", hint: "A hint" });
    const pass = field({ id: "new-passphrase", label: "Passphrase", type: "password" });
    const alert = formAlert("form-error");
    document.body.replaceChildren(name.wrapper, pass.wrapper, alert);
    return { name, pass, alert, errors: new FormErrors(alert, { adminName: name, passphrase: pass }) };
  }

  it("links a field error to its input with aria-describedby", () => {
    const { name, pass, alert, errors } = setup();
    expect(name.input.getAttribute("aria-describedby")).toBe("admin-name-hint");
    const atFault = errors.show(err({ field: "passphrase", kind: "weakPassphrase", message: "Weak." }));
    expect(atFault).toBe(pass.input);
    expect(pass.error.hidden).toBe(false);
    expect(pass.error.textContent).toBe("Weak.");
    expect(pass.input.getAttribute("aria-invalid")).toBe("true");
    expect(pass.input.getAttribute("aria-describedby")).toBe("new-passphrase-error");
    expect(document.getElementById(pass.input.getAttribute("aria-describedby")!)?.textContent).toBe("Weak.");
    expect(alert.textContent).toBe("");

    errors.clear();
    expect(pass.error.hidden).toBe(true);
    expect(pass.input.hasAttribute("aria-invalid")).toBe(false);
    expect(pass.input.hasAttribute("aria-describedby")).toBe(false);
  });

  it("puts errors without a field into the role=alert element", () => {
    const { name, alert, errors } = setup();
    expect(errors.show(err({ kind: "storage", message: "Disk full." }))).toBeNull();
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toBe("Disk full.");
    expect(name.error.hidden).toBe(true);
  });
});

describe("messages on a translated screen", () => {
  it("shows the core's English words in English, and the kind's translation otherwise", async () => {
    const { setLanguage, t } = await import("./i18n");
    const { errorMessage, problemMessage } = await import("./errors");
    const e = { kind: "wrongCredentials" as const, message: "The user name or passphrase is wrong.", field: null, problems: [] };
    setLanguage("en");
    expect(errorMessage(e)).toBe("The user name or passphrase is wrong.");
    expect(problemMessage("the discharge date is before the admission")).toBe("the discharge date is before the admission");
    setLanguage("ru");
    expect(errorMessage(e)).toBe(t("error.wrongCredentials"));
    expect(errorMessage(e)).not.toMatch(/passphrase/);
    expect(problemMessage("the discharge date is before the admission")).toBe(t("error.invalid"));
    setLanguage("en");
  });
});
