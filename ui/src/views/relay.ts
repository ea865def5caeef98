// Administration → Relay (admin; exchange.md, the relay): this site's connection — the relay's
// address and the last contact, the packets waiting in the outbox — and the form that connects
// it (the address, postgresql://USER@HOST:PORT/DATABASE, and the site's password, which the
// core tries against the relay and keeps inside the vault; it is never shown again and never
// kept here), or forgets it.
import type { RelayView } from "../bindings/RelayView";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { busyButton, clearFieldError, type Field, formAlert, formFrame, setBusy, setButtonBusy, showFieldError, submitButton, textField } from "../form";
import { t } from "../i18n";
import { ipc } from "../ipc";
import { isRelayRefusal, lastContactText, relayMessage, waitingText } from "../relayModel";
import { panel, screen, statusLine, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";

export function relayView(session: SessionInfo, deps: ScreenDeps): View {
  const life = new Lifecycle();

  // ---- The connection ------------------------------------------------------------------------
  const address = h("p", { id: "relay-address", class: "mono", text: t("relay.loading"), attrs: { role: "status" } });
  const contact = h("p", { id: "relay-contact", class: "hint" });
  const waiting = h("p", { id: "relay-waiting", class: "hint" });
  const loadError = formAlert("relay-load-error");
  const forget = busyButton("relay-forget", t("relay.forget"), "danger");
  forget.hidden = true;
  const forgetStatus = statusLine("relay-forget-status");
  const forgetError = formAlert("relay-forget-error");
  const forgetSlot = h("div", { id: "relay-forget-slot" });
  const statusPanel = panel("relay-status", t("relay.statusTitle"), [
    address,
    contact,
    waiting,
    loadError,
    h("div", { class: "actions actions-start" }, [forget]),
    forgetSlot,
    forgetError,
    forgetStatus,
  ]);

  // ---- Connect -------------------------------------------------------------------------------
  const url = textField({ id: "relay-url", label: t("relay.url"), hint: t("relay.urlHint"), required: true });
  url.input.setAttribute("spellcheck", "false");
  url.input.setAttribute("placeholder", "postgresql://USER@HOST:PORT/DATABASE");
  const password = textField({ id: "relay-password", label: t("relay.password"), type: "password", autocomplete: "new-password", hint: t("relay.passwordHint") });
  const alert = formAlert("relay-connect-error");
  const connect = submitButton("relay-connect", t("relay.connect"));
  const connected = statusLine("relay-connected");
  const form = formFrame({
    id: "relay-form",
    labelledBy: "relay-form-title",
    parts: [h("h2", { id: "relay-form-title", class: "subsection-title", text: t("relay.formTitle") }), url.wrapper, password.wrapper],
    alert,
    buttons: [connect],
    after: [connected],
  });

  function show(view: RelayView): void {
    address.textContent = view.url ? t("relay.address", { url: view.url }) : t("relay.notConnected");
    address.dataset.connected = String(view.url !== null);
    contact.textContent = view.url ? lastContactText(view) : "";
    waiting.textContent = waitingText(view);
    forget.hidden = view.url === null;
    if (view.url && !url.input.value) url.input.value = view.url;
  }

  async function load(): Promise<void> {
    try {
      const view = await ipc.relayGet();
      if (life.disposed) return;
      loadError.textContent = "";
      show(view);
    } catch (e) {
      const error = life.failure(e);
      if (error) {
        address.textContent = "";
        loadError.textContent = t("relay.loadFailed", { message: relayMessage(error) });
      }
    }
  }

  /** The fields a refusal belongs to: a bad address at the address, bad credentials at the password. */
  function fieldOf(field: string | null): Field | null {
    if (!isRelayRefusal(field)) return field === "url" ? url : null;
    return field === "address" ? url : field === "credentials" ? password : null;
  }

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    alert.textContent = "";
    connected.textContent = "";
    forgetStatus.textContent = "";
    for (const f of [url, password]) clearFieldError(f);
    const typed = url.input.value.trim();
    if (!typed) {
      showFieldError(url, t("field.required"));
      url.input.focus();
      return;
    }
    busy = true;
    setBusy(form, connect, true, t("relay.connecting"), t("relay.connect"));
    forget.disabled = true;
    let next: HTMLElement = connect;
    try {
      const view = await ipc.relayConnect(typed, password.input.value === "" ? null : password.input.value);
      if (life.disposed) return;
      password.input.value = "";
      show(view);
      connected.textContent = t("relay.connected");
    } catch (e) {
      const error = life.failure(e);
      if (!error) return;
      const message = relayMessage(error);
      const at = error.kind === "relayRefused" || error.kind === "invalid" ? fieldOf(error.field) : null;
      if (at) {
        showFieldError(at, message);
        next = at.input;
      } else alert.textContent = message;
    } finally {
      busy = false;
      if (!life.disposed) {
        setBusy(form, connect, false, t("relay.connecting"), t("relay.connect"));
        forget.disabled = false;
        next.focus();
      }
    }
  });

  // ---- Forget, with its confirmation (Cancel first) -----------------------------------------
  forget.setAttribute("aria-controls", "relay-forget-panel");
  forget.setAttribute("aria-expanded", "false");
  function closeForget(focus: HTMLElement | null): void {
    forgetSlot.replaceChildren();
    forget.setAttribute("aria-expanded", "false");
    focus?.focus();
  }
  forget.addEventListener("click", () => {
    if (busy) return;
    forgetError.textContent = "";
    connected.textContent = "";
    forget.setAttribute("aria-expanded", "true");
    const confirm = busyButton("relay-forget-confirm", t("relay.forget"), "danger");
    const cancel = h("button", { id: "relay-forget-cancel", class: "button button-secondary", text: t("admin.cancel"), attrs: { type: "button" } });
    const box = h("div", { id: "relay-forget-panel", class: "confirm-panel", attrs: { role: "group", "aria-labelledby": "relay-forget-question" } }, [
      h("p", { id: "relay-forget-question", class: "confirm-text", text: t("relay.forgetConfirm") }),
      h("div", { class: "actions actions-start" }, [confirm, cancel]),
    ]);
    cancel.addEventListener("click", () => closeForget(forget));
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      closeForget(forget);
    });
    confirm.addEventListener("click", () => void forgetRelay(confirm, cancel));
    forgetSlot.replaceChildren(box);
    cancel.focus();
  });

  async function forgetRelay(confirm: HTMLButtonElement, cancel: HTMLButtonElement): Promise<void> {
    if (busy) return;
    busy = true;
    setButtonBusy(confirm, true, t("relay.forgetting"), t("relay.forget"));
    connect.disabled = true;
    try {
      await ipc.relayForget();
      if (life.disposed) return;
      url.input.value = "";
      password.input.value = "";
      forgetStatus.textContent = t("relay.forgotten");
      closeForget(null);
      await load();
      if (!life.disposed) url.input.focus();
    } catch (e) {
      const error = life.failure(e);
      if (!error) return;
      forgetError.textContent = relayMessage(error);
      setButtonBusy(confirm, false, t("relay.forgetting"), t("relay.forget"));
      cancel.focus();
    } finally {
      busy = false;
      if (!life.disposed) connect.disabled = false;
    }
  }

  const { root, title } = screen("relay", session, deps, { title: t("relay.title"), intro: t("relay.intro") }, [
    h("div", { class: "admin-columns" }, [statusPanel, h("section", { class: "card admin-panel", attrs: { "aria-labelledby": "relay-form-title" } }, [form])]),
  ]);
  return life.view({ root, focus: () => title.focus(), ready: load(), secrets: true });
}
