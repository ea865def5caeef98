// "Receive a packet…" (manageIntake; exchange.md), on the dashboard and the packets screen: the
// packet file chosen in the open dialog is received by the core — a referral makes a case
// marked referred in (its code, and a button to open it), an answer moves the referral it
// answers on. A refused packet records nothing; the screen says why and what to do.
import type { Received } from "../../bindings/Received";
import { h } from "../../dom";
import { exchangeMessage, PACKET_EXTENSION } from "../../exchangeModel";
import { busyButton, formAlert, setButtonBusy } from "../../form";
import { t, tn } from "../../i18n";
import { ipc } from "../../ipc";
import type { Lifecycle } from "../view";

export interface ReceiveOptions {
  onOpenCase(code: string): void;
  /** After a packet was received (the packets screen reads its lists again). */
  onReceived?(received: Received): void;
}

/** The button (`#receive-packet`), its hint, the result (`#receive-result`) and the refusal (`#receive-error`). */
export function receiveBox(life: Lifecycle, o: ReceiveOptions): HTMLElement {
  const button = busyButton("receive-packet", t("receive.button"), "secondary");
  button.setAttribute("aria-describedby", "receive-hint");
  const result = h("div", { id: "receive-result", class: "receive-result", attrs: { role: "status" } });
  const error = formAlert("receive-error");
  let busy = false;

  function show(r: Received): HTMLElement | null {
    if (r.kind === "referral" && r.case) {
      const code = r.case;
      const open = h("button", { id: "receive-open-case", class: "button button-primary button-small", text: t("receive.openCase", { code }), attrs: { type: "button", "data-code": code } });
      open.addEventListener("click", () => o.onOpenCase(code));
      result.replaceChildren(h("p", { id: "receive-message", text: t("receive.referral", { partner: r.partner, code }) }));
      if (r.notes) result.append(h("p", { class: "hint", text: tn("receive.notes", r.notes) }));
      result.append(h("div", { class: "actions actions-start" }, [open]));
      return open;
    }
    const text = !r.case
      ? t("receive.answerNoCase", { partner: r.partner })
      : t(r.answer === "declined" ? "receive.declined" : "receive.accepted", { code: r.case, partner: r.partner });
    result.replaceChildren(h("p", { id: "receive-message", text }));
    return null;
  }

  button.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    error.textContent = "";
    let next: HTMLElement | null = null;
    try {
      const path = await ipc.chooseFileOf(t("receive.filterPackets"), [PACKET_EXTENSION], t("receive.filterAll"));
      if (life.disposed || path === null) return;
      result.replaceChildren();
      setButtonBusy(button, true, t("receive.busy"), t("receive.button"));
      const received = await ipc.referralReceive(path);
      if (life.disposed) return;
      next = show(received);
      o.onReceived?.(received);
    } catch (e) {
      const failure = life.failure(e);
      if (failure) error.textContent = exchangeMessage(failure);
    } finally {
      busy = false;
      if (!life.disposed) {
        setButtonBusy(button, false, t("receive.busy"), t("receive.button"));
        // Where the user goes next: the new case, or back to the button.
        (next ?? button).focus();
      }
    }
  });

  return h("div", { id: "receive-box", class: "receive-box" }, [
    h("p", { id: "receive-hint", class: "hint", text: t("receive.hint") }),
    h("div", { class: "actions actions-start" }, [button]),
    error,
    result,
  ]);
}
