// Referral packets (exchange.md): the outbox (packets made here) and the inbox (packets
// received), with their date, kind, partner, case, status and the services asked for — codes,
// dates and agencies only, never a name. A packet of the outbox the vault still keeps can be
// saved to a file (again); "Receive a packet…" for intake staff (./exchange/receive).
import type { PacketView } from "../bindings/PacketView";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { exchangeMessage, PACKET_EXTENSION, packetFileName, packetKindLabel } from "../exchangeModel";
import { busyButton, formAlert, setButtonBusy } from "../form";
import { t } from "../i18n";
import { ipc } from "../ipc";
import { canManage, canRecord } from "../permissions";
import { baseName } from "../reportModel";
import { wordLabel } from "../vocab";
import { receiveBox } from "./exchange/receive";
import { relaySync } from "./relay/sync";
import { moment, packetBadge } from "./exchange/shared";
import { panel, screen, statusLine, type ScreenDeps } from "./screen";
import { dataTable, noneCell } from "./table";
import { Lifecycle, type View } from "./view";

export interface ReferralsDeps extends ScreenDeps {
  onOpenCase(code: string): void;
  /** Agency and partners (read-only for users who are not administrators). */
  onOpenPartners(): void;
}

/** The services of a referral as a cell. */
export function servicesCell(p: PacketView): Node | string {
  return p.services.length ? p.services.map((s) => wordLabel("service", s)).join(", ") : noneCell();
}

export function referralsView(session: SessionInfo, deps: ReferralsDeps): View {
  const life = new Lifecycle();
  // Saving a packet again: caseworkers (referrals) and intake staff (answers), as the core allows.
  const maySave = canRecord(session) || canManage(session);
  const loading = h("p", { id: "packets-loading", class: "hint", text: t("packets.loading"), attrs: { role: "status" } });
  const loadError = formAlert("packets-error");
  const saveError = formAlert("packets-save-error");
  const status = statusLine("packets-status");
  const outbox = h("div", { id: "outbox-list" });
  const inbox = h("div", { id: "inbox-list" });
  let seq = 0;

  function caseCell(code: string | null): Node {
    if (!code) return noneCell();
    const link = h("button", { class: "button-link case-link mono", text: code, attrs: { type: "button", "data-code": code, "aria-label": t("cases.openCase", { code }) } });
    link.addEventListener("click", () => deps.onOpenCase(code));
    return link;
  }

  function saveButton(p: PacketView): HTMLButtonElement {
    const idle = t("packets.save");
    const button = busyButton(`packet-save-${p.id}`, idle, "secondary");
    button.classList.add("button-small");
    button.setAttribute("aria-label", t("packets.saveFor", { partner: p.partner, code: p.case ?? t("caseFile.none") }));
    button.addEventListener("click", async () => {
      if (button.disabled) return;
      saveError.textContent = "";
      status.textContent = "";
      button.disabled = true;
      try {
        const path = await ipc.chooseSavePath(packetFileName(p.kind, p.case), t("packets.filterPacket"), PACKET_EXTENSION);
        if (life.disposed || path === null) return;
        setButtonBusy(button, true, t("packets.saving"), idle);
        await ipc.packetSave(p.id, path);
        if (life.disposed) return;
        status.textContent = t("packets.saved", { file: baseName(path), partner: p.partner });
        await load();
      } catch (e) {
        const error = life.failure(e);
        if (error) saveError.textContent = exchangeMessage(error);
      } finally {
        if (!life.disposed) {
          setButtonBusy(button, false, t("packets.saving"), idle);
          // The row was drawn again: focus its button there, else the table's title.
          const again = document.getElementById(`packet-save-${p.id}`) ?? document.getElementById("outbox-title");
          again?.focus();
        }
      }
    });
    return button;
  }

  function table(id: "outbox" | "inbox", packets: PacketView[]): HTMLElement {
    const out = id === "outbox";
    const file = out && maySave;
    const headers = [t("packets.col.date"), t("packets.col.kind"), t("packets.col.partner"), t("packets.col.case"), t("packets.col.status"), t("packets.col.services"), ...(file ? [t("packets.col.file")] : [])];
    const rows = packets.map((p) =>
      h("tr", { attrs: { "data-packet": p.id, "data-kind": p.kind, "data-status": p.status } }, [
        h("td", {}, [moment(p.at)]),
        h("td", { text: packetKindLabel(p.kind) }),
        h("td", { text: p.partner }),
        h("td", {}, [caseCell(p.case)]),
        h("td", {}, [packetBadge(p.status)]),
        h("td", {}, [servicesCell(p)]),
        ...(file ? [h("td", {}, p.savable ? [saveButton(p)] : [noneCell()])] : []),
      ]),
    );
    return dataTable(`${id}-table`, t(out ? "packets.outboxCaption" : "packets.inboxCaption"), headers, rows, t(out ? "packets.outboxEmpty" : "packets.inboxEmpty"));
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    for (const list of [outbox, inbox]) list.setAttribute("aria-busy", "true");
    try {
      const packets = await ipc.packetsList();
      if (life.disposed || mine !== seq) return;
      loadError.textContent = "";
      outbox.replaceChildren(table("outbox", packets.filter((p) => p.direction === "out")));
      inbox.replaceChildren(table("inbox", packets.filter((p) => p.direction === "in")));
    } catch (e) {
      const error = life.failure(e);
      if (error && mine === seq) loadError.textContent = exchangeMessage(error);
    } finally {
      if (!life.disposed && mine === seq) {
        loading.hidden = true;
        for (const list of [outbox, inbox]) list.removeAttribute("aria-busy");
      }
    }
  }

  const partners = h("button", { id: "referrals-open-partners", class: "button button-secondary", text: t("packets.openPartners"), attrs: { type: "button" } });
  partners.addEventListener("click", () => deps.onOpenPartners());
  const receive = canManage(session) ? panel("referrals-receive", t("receive.title"), [receiveBox(life, { onOpenCase: deps.onOpenCase, onReceived: () => void load() })]) : null;

  const sync = relaySync(life, session, { onChanged: () => void load() });
  const { root, title } = screen("referrals", session, deps, { title: t("packets.title"), intro: t("packets.intro") }, [
    h("div", { class: "actions actions-start" }, [partners]),
    receive,
    panel("referrals-relay", t("relay.syncTitle"), [sync.element]),
    loading,
    loadError,
    saveError,
    status,
    panel("outbox", t("packets.outboxTitle"), [outbox]),
    panel("inbox", t("packets.inboxTitle"), [inbox]),
  ]);
  return life.view({ root, focus: () => title.focus(), ready: Promise.all([load(), sync.ready]) });
}
