// "Through the relay", on the packets screen and the consolidation screen: the relay's last
// contact and the packets waiting in the outbox, "Send through the relay" and "Fetch from the
// relay" with a progress bar fed by the core, and what was done in words. A relay that cannot
// be reached or refuses changes nothing: the packets stay in the outbox, and the screen says so.
import type { RelayProgress } from "../../bindings/RelayProgress";
import type { RelayView } from "../../bindings/RelayView";
import type { SessionInfo } from "../../bindings/SessionInfo";
import { h } from "../../dom";
import { busyButton, formAlert, setButtonBusy } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { canManage, canRecord, canReport, isAdmin } from "../../permissions";
import { lastContactText, pullSummary, pushedText, relayMessage, relayPercent, relayProgressText, waitingText } from "../../relayModel";
import { holdLanguageSwitch } from "../language";
import type { Lifecycle } from "../view";

export interface SyncOptions {
  /** After a push or a pull changed the outbox or the inbox (the screen reads its lists again). */
  onChanged?(): void;
}

/** Who sends packets through the relay, and who fetches them (the core checks again). */
export const maySend = (s: SessionInfo) => canRecord(s) || canManage(s) || canReport(s) || isAdmin(s);
export const mayFetch = (s: SessionInfo) => canManage(s) || canReport(s);

/** The box (`#relay-sync`), its buttons `#relay-push` and `#relay-pull`, `#relay-progress`, `#relay-result`, `#relay-error`. */
export function relaySync(life: Lifecycle, session: SessionInfo, o: SyncOptions = {}): { element: HTMLElement; ready: Promise<void>; refresh(): Promise<void> } {
  const contact = h("p", { id: "relay-sync-contact", class: "hint" });
  const waiting = h("p", { id: "relay-sync-waiting", class: "hint" });
  const notConnected = h("p", { id: "relay-sync-off", class: "notice", text: t("relay.syncNotConnected"), attrs: { hidden: true } });
  const push = maySend(session) ? busyButton("relay-push", t("relay.push"), "primary") : null;
  const pull = mayFetch(session) ? busyButton("relay-pull", t("relay.pull"), "secondary") : null;
  const buttons = [push, pull].filter((b): b is HTMLButtonElement => b !== null);
  const bar = h("progress", { id: "relay-progress", class: "progress-bar", attrs: { max: "100", "aria-label": t("relay.progressLabel"), "aria-describedby": "relay-progress-text" } });
  const barText = h("p", { id: "relay-progress-text", class: "progress-text" });
  const progress = h("div", { id: "relay-progress-box", class: "progress-box", attrs: { hidden: true } }, [bar, barText]);
  const error = formAlert("relay-error");
  const result = h("div", { id: "relay-result", class: "relay-result", attrs: { role: "status" } });
  let connected = false;
  let busy = false;

  function showProgress(p: RelayProgress | null): void {
    progress.hidden = false;
    const words = relayProgressText(p);
    barText.textContent = words;
    bar.setAttribute("aria-valuetext", words);
    if (!p || p.total === 0) {
      bar.removeAttribute("value");
      bar.removeAttribute("aria-valuenow");
      return;
    }
    const percent = relayPercent(p);
    bar.value = percent;
    bar.setAttribute("aria-valuenow", String(percent));
  }

  function show(view: RelayView): void {
    connected = view.url !== null;
    notConnected.hidden = connected;
    contact.textContent = connected ? lastContactText(view) : "";
    contact.hidden = !connected;
    waiting.textContent = waitingText(view);
    if (view.lastContact) contact.dataset.lastContact = view.lastContact;
    for (const b of buttons) b.disabled = busy || !connected;
  }

  async function load(): Promise<void> {
    try {
      const view = await ipc.relayGet();
      if (!life.disposed) show(view);
    } catch (e) {
      const failure = life.failure(e);
      if (failure) error.textContent = relayMessage(failure);
    }
  }

  async function run(button: HTMLButtonElement, kind: "push" | "pull"): Promise<void> {
    if (busy || !connected) return;
    busy = true;
    const [busyText, idleText] = kind === "push" ? [t("relay.pushing"), t("relay.push")] : [t("relay.pulling"), t("relay.pull")];
    error.textContent = "";
    result.replaceChildren();
    for (const b of buttons) b.disabled = true;
    setButtonBusy(button, true, busyText, idleText);
    holdLanguageSwitch(document, true);
    showProgress(null);
    const onProgress = (p: RelayProgress) => {
      if (!life.disposed && busy) showProgress(p);
    };
    try {
      const lines = kind === "push" ? [pushedText((await ipc.relayPush(onProgress)).sent)] : pullSummary(await ipc.relayPull(onProgress));
      if (life.disposed) return;
      result.replaceChildren(...lines.map((text) => h("p", { class: "relay-line", text })));
    } catch (e) {
      const failure = life.failure(e);
      if (failure) error.textContent = relayMessage(failure);
    } finally {
      busy = false;
      if (!life.disposed) {
        progress.hidden = true;
        setButtonBusy(button, false, busyText, idleText);
        holdLanguageSwitch(document, false);
        // Batches committed before a failure moved packets too: the lists are read again.
        o.onChanged?.();
        await load();
        for (const b of buttons) b.disabled = !connected;
        button.focus();
      }
    }
  }
  if (push) push.addEventListener("click", () => void run(push, "push"));
  if (pull) pull.addEventListener("click", () => void run(pull, "pull"));

  const element = h("div", { id: "relay-sync", class: "relay-sync" }, [
    h("p", { class: "hint", text: t("relay.syncIntro") }),
    notConnected,
    contact,
    waiting,
    h("div", { class: "actions actions-start actions-wrap" }, buttons),
    progress,
    error,
    result,
  ]);
  return { element, ready: load(), refresh: load };
}
