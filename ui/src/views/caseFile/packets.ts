// The case file between agencies (exchange.md): for a case referred in, the partner that
// referred the person and, when they were identified elsewhere, that they are counted there;
// while the incoming referral is unanswered, Accept and Decline (manageIntake), each writing
// the answer packet to a file chosen in the save dialog. On the referrals tab, the case's
// packets — direction, kind, partner, status, date — and "Send a referral packet…"
// (recordServices; ./sendReferral).
import type { Answer } from "../../bindings/Answer";
import type { CaseView } from "../../bindings/CaseView";
import type { PacketView } from "../../bindings/PacketView";
import { h } from "../../dom";
import { directionLabel, exchangeMessage, PACKET_EXTENSION, packetFileName, packetKindLabel } from "../../exchangeModel";
import { busyButton, formAlert, setButtonBusy } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { baseName } from "../../reportModel";
import { moment, packetBadge } from "../exchange/shared";
import { dataTable } from "../table";
import type { CaseFileContext } from "./context";
import { sendReferral } from "./sendReferral";

export interface CasePackets {
  /** Below the header: "Referred in from …", and the answer to give. */
  banner: HTMLElement;
  /** On the referrals tab: the packets and "Send a referral packet…". */
  section: HTMLElement;
  /** Draws both again from the case as read (and its packets, read again). */
  render(v: CaseView): Promise<void>;
}

export function casePackets(ctx: CaseFileContext): CasePackets {
  const { code } = ctx;
  const banner = h("div", { id: "case-exchange", class: "case-exchange", attrs: { hidden: true } });
  const list = h("div", { id: "case-packets-list" }, [h("p", { class: "hint", text: t("casePackets.loading") })]);
  const loadError = formAlert("case-packets-error");
  const send = sendReferral(ctx);
  const section = h("section", { id: "case-packets", class: "case-packets", attrs: { "aria-labelledby": "case-packets-title" } }, [
    h("h3", { id: "case-packets-title", class: "form-title", text: t("casePackets.title"), attrs: { tabindex: "-1" } }),
    loadError,
    list,
    send.element,
  ]);
  let packets: PacketView[] = [];
  let seq = 0;

  function renderList(): void {
    const rows = packets.map((p) =>
      h("tr", { attrs: { "data-packet": p.id, "data-direction": p.direction, "data-status": p.status } }, [
        h("td", {}, [moment(p.at)]),
        h("td", { text: directionLabel(p.direction) }),
        h("td", { text: packetKindLabel(p.kind) }),
        h("td", { text: p.partner }),
        h("td", {}, [packetBadge(p.status)]),
      ]),
    );
    list.replaceChildren(
      dataTable("case-packets-table", t("casePackets.caption"), [t("packets.col.date"), t("packets.col.direction"), t("packets.col.kind"), t("packets.col.partner"), t("packets.col.status")], rows, t("casePackets.empty")),
    );
  }

  function renderBanner(v: CaseView): void {
    const from = v.referred_in_from;
    banner.hidden = !from && !v.identified_elsewhere;
    if (banner.hidden) return banner.replaceChildren();
    const incoming = packets.find((p) => p.direction === "in" && p.kind === "referral");
    banner.replaceChildren(
      h("div", { class: "notice referred-in" }, [
        from ? h("p", { id: "case-referred-in", class: "referred-in-line" }, [h("span", { class: "packet-badge packet-received", text: t("caseFile.referredIn", { partner: from }) })]) : null,
        v.identified_elsewhere
          ? h("p", { id: "case-identified-elsewhere", class: "referred-in-line" }, [h("strong", { text: t("caseFile.identifiedElsewhere") }), " ", h("span", { class: "hint", text: t("caseFile.identifiedElsewhereHint") })])
          : null,
        incoming ? answerPart(incoming) : null,
      ]),
    );
  }

  /** Accept or decline (intake staff), while the referral waits for an answer; the answer once given. */
  function answerPart(incoming: PacketView): HTMLElement | null {
    if (incoming.status === "accepted" || incoming.status === "declined") {
      return h("p", { id: "referral-answered", class: "hint", text: t(`answer.given.${incoming.status}`) });
    }
    if (incoming.status !== "received" || !ctx.manage) return null;
    const alert = formAlert("referral-answer-error");
    const button = (answer: Answer) => {
      const idle = t(answer === "accepted" ? "answer.accept" : "answer.decline");
      const b = busyButton(answer === "accepted" ? "referral-accept" : "referral-decline", idle, answer === "accepted" ? "primary" : "secondary");
      b.addEventListener("click", () => void answerWith(answer, b, idle, alert, incoming.partner));
      return b;
    };
    return h("div", { id: "referral-answer", class: "referral-answer" }, [
      h("p", { class: "hint", text: t("answer.intro", { partner: incoming.partner }) }),
      h("div", { class: "actions actions-start" }, [button("accepted"), button("declined")]),
      alert,
    ]);
  }

  let answering = false;
  async function answerWith(answer: Answer, button: HTMLButtonElement, idle: string, alert: HTMLElement, partner: string): Promise<void> {
    if (answering) return;
    answering = true;
    alert.textContent = "";
    ctx.saved.textContent = "";
    try {
      const path = await ipc.chooseSavePath(packetFileName("ack", code), t("packets.filterPacket"), PACKET_EXTENSION);
      if (ctx.life.disposed || path === null) return;
      setButtonBusy(button, true, t("answer.saving"), idle);
      await ipc.referralAnswer(code, answer, path);
      if (ctx.life.disposed) return;
      await ctx.reload();
      if (ctx.life.disposed) return;
      ctx.saved.textContent = t(`answer.done.${answer}`, { file: baseName(path), partner });
      banner.querySelector<HTMLElement>("#referral-answered")?.setAttribute("tabindex", "-1");
      banner.querySelector<HTMLElement>("#referral-answered")?.focus();
    } catch (e) {
      const error = ctx.life.failure(e);
      if (error) alert.textContent = exchangeMessage(error);
    } finally {
      answering = false;
      if (button.isConnected) {
        setButtonBusy(button, false, t("answer.saving"), idle);
        if (alert.textContent || document.activeElement === document.body) button.focus();
      }
    }
  }

  async function render(v: CaseView): Promise<void> {
    send.render(v);
    const mine = ++seq;
    try {
      const found = await ipc.casePackets(code);
      if (ctx.life.disposed || mine !== seq) return;
      packets = found;
      loadError.textContent = "";
      renderList();
    } catch (e) {
      const error = ctx.life.failure(e);
      if (!error || mine !== seq) return;
      list.replaceChildren();
      loadError.textContent = t("casePackets.failed", { message: exchangeMessage(error) });
    }
    renderBanner(v);
  }

  return { banner, section, render };
}
