// Consolidated counts (supervisor; exchange.md, consolidated counts): contribute this site's
// counts for a period to the consolidating partner — into the outbox for the relay, or into a
// file chosen in the save dialog —, the contributions this vault holds (site, period,
// correction, replaced), the way to the consolidated report, and sending and fetching through
// the relay (./relay/sync).
import type { ContributionView } from "../bindings/ContributionView";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { PACKET_EXTENSION } from "../exchangeModel";
import { clearFieldError, type Field, formAlert, formFrame, selectField, setButtonBusy, showFieldError, busyButton, textField } from "../form";
import { t } from "../i18n";
import { ipc } from "../ipc";
import { dateInWords, defaultYear, isIsoDate, presetPeriod } from "../period";
import { baseName } from "../reportModel";
import { relayMessage } from "../relayModel";
import { moment } from "./exchange/shared";
import { relaySync } from "./relay/sync";
import { panel, screen, statusLine, type ScreenDeps } from "./screen";
import { dataTable } from "./table";
import { Lifecycle, type View } from "./view";

export interface ConsolidationDeps extends ScreenDeps {
  /** The consolidated report's preview and save. */
  onOpenReport(): void;
  /** Today, for the default period (tests pass a fixed date). */
  today?: () => Date;
}

/** A period as its two days, "1 January 2025 – 31 December 2025". */
const days = (from: string, to: string) => `${dateInWords(from)} – ${dateInWords(to)}`;

export function consolidationView(session: SessionInfo, deps: ConsolidationDeps): View {
  const life = new Lifecycle();
  const last = presetPeriod("calendar-year", defaultYear((deps.today ?? (() => new Date()))()));

  // ---- Contribute ----------------------------------------------------------------------------
  const from = textField({ id: "contribute-from", label: t("consolidation.from"), type: "date", required: true, value: last.from });
  const to = textField({ id: "contribute-to", label: t("consolidation.to"), type: "date", required: true, value: last.to });
  const partner = selectField({ id: "contribute-partner", label: t("consolidation.partner"), options: [], required: true });
  const noPartner = h("p", { id: "contribute-no-partner", class: "notice notice-warning", text: t("consolidation.noPartner"), attrs: { hidden: true } });
  const correction = h("input", { id: "contribute-correction", attrs: { type: "checkbox" } });
  const alert = formAlert("contribute-error");
  const toOutbox = busyButton("contribute-outbox", t("consolidation.toOutbox"), "primary");
  const toFile = busyButton("contribute-file", t("consolidation.toFile"), "secondary");
  const sent = statusLine("contribute-sent");
  const form = formFrame({
    id: "contribute-form",
    labelledBy: "contribute-title",
    parts: [
      h("p", { class: "hint", text: t("consolidation.contributeHint") }),
      h("div", { class: "report-period-row" }, [from.wrapper, to.wrapper]),
      partner.wrapper,
      noPartner,
      h("div", { class: "checkbox" }, [correction, h("label", { text: t("consolidation.correction"), attrs: { for: "contribute-correction" } })]),
    ],
    alert,
    buttons: [toOutbox, toFile],
    after: [sent],
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  async function loadPartners(): Promise<void> {
    try {
      const partners = (await ipc.partnersList()).filter((p) => p.removedAt === null);
      if (life.disposed) return;
      const select = partner.input as unknown as HTMLSelectElement;
      select.replaceChildren(...partners.map((p) => h("option", { text: p.name, attrs: { value: p.name } })));
      noPartner.hidden = partners.length > 0;
      toOutbox.disabled = toFile.disabled = partners.length === 0;
    } catch (e) {
      const error = life.failure(e);
      if (error) alert.textContent = relayMessage(error);
    }
  }

  /** The dates as typed, or the first field at fault shown. */
  function checked(): boolean {
    alert.textContent = "";
    sent.textContent = "";
    let first: Field | null = null;
    for (const f of [from, to, partner]) {
      clearFieldError(f);
      const value = f.input.value.trim();
      const message = !value ? t("field.required") : f !== partner && !isIsoDate(value) ? t("report.dateInvalid") : null;
      if (message) {
        showFieldError(f, message);
        first ??= f;
      }
    }
    first?.input.focus();
    return first === null;
  }

  let busy = false;
  async function contribute(button: HTMLButtonElement, file: boolean): Promise<void> {
    if (busy || !checked()) return;
    busy = true;
    const idle = file ? t("consolidation.toFile") : t("consolidation.toOutbox");
    const request = { from: from.input.value.trim(), to: to.input.value.trim(), toPartner: partner.input.value, correction: correction.checked };
    const period = days(request.from, request.to);
    let next: HTMLElement = button;
    for (const b of [toOutbox, toFile]) b.disabled = true;
    try {
      let path: string | null = null;
      if (file) {
        path = await ipc.chooseSavePath(`haven-counts-${request.from}-to-${request.to}.${PACKET_EXTENSION}`, t("consolidation.filterPacket"), PACKET_EXTENSION);
        if (life.disposed || path === null) return;
      }
      setButtonBusy(button, true, t("consolidation.sealing"), idle);
      const made = await ipc.contribute(request, path);
      if (life.disposed) return;
      correction.checked = false;
      sent.textContent = path
        ? t("consolidation.sentFile", { period, file: baseName(path), partner: made.partner })
        : t("consolidation.sentOutbox", { period, partner: made.partner });
      await sync.refresh();
    } catch (e) {
      const error = life.failure(e);
      if (!error) return;
      const at = error.kind === "invalid" && error.field ? ({ from, to, toPartner: partner } as Record<string, Field>)[error.field] : undefined;
      if (at) {
        showFieldError(at, relayMessage(error));
        next = at.input;
      } else alert.textContent = relayMessage(error);
    } finally {
      busy = false;
      if (!life.disposed) {
        setButtonBusy(button, false, t("consolidation.sealing"), idle);
        toOutbox.disabled = toFile.disabled = (partner.input as unknown as HTMLSelectElement).options.length === 0;
        next.focus();
      }
    }
  }
  toOutbox.addEventListener("click", () => void contribute(toOutbox, false));
  toFile.addEventListener("click", () => void contribute(toFile, true));

  // ---- Contributions held --------------------------------------------------------------------
  const list = h("div", { id: "contributions-list" }, [h("p", { class: "hint", text: t("consolidation.listLoading") })]);
  const listError = formAlert("contributions-error");
  const yesNo = (yes: boolean) => t(yes ? "consolidation.yes" : "consolidation.no");
  function table(items: ContributionView[]): HTMLElement {
    const headers = ["site", "period", "correction", "replaced", "received"].map((c) => t(`consolidation.col.${c}` as "consolidation.col.site"));
    const rows = items.map((c) =>
      h("tr", { attrs: { "data-contribution": c.id, "data-replaced": String(c.replaced) } }, [
        h("td", { text: c.site }),
        h("td", { class: "nowrap", text: days(c.from, c.to) }),
        h("td", { text: yesNo(c.correction) }),
        h("td", { text: yesNo(c.replaced) }),
        h("td", {}, [moment(c.at)]),
      ]),
    );
    return dataTable("contributions-table", t("consolidation.listCaption"), headers, rows, t("consolidation.listEmpty"));
  }
  async function loadList(): Promise<void> {
    list.setAttribute("aria-busy", "true");
    try {
      const items = await ipc.contributionsList();
      if (life.disposed) return;
      listError.textContent = "";
      list.replaceChildren(table(items));
    } catch (e) {
      const error = life.failure(e);
      if (error) listError.textContent = relayMessage(error);
    } finally {
      if (!life.disposed) list.removeAttribute("aria-busy");
    }
  }

  const openReport = h("button", { id: "consolidation-open-report", class: "button button-primary", text: t("consolidation.openReport"), attrs: { type: "button" } });
  openReport.addEventListener("click", () => deps.onOpenReport());

  const sync = relaySync(life, session, { onChanged: () => void loadList() });
  const { root, title } = screen("consolidation", session, deps, { title: t("consolidation.title"), intro: t("consolidation.intro") }, [
    h("div", { class: "admin-columns" }, [
      h("section", { id: "contribute", class: "card admin-panel", attrs: { "aria-labelledby": "contribute-title" } }, [
        h("h2", { id: "contribute-title", class: "subsection-title", text: t("consolidation.contributeTitle") }),
        form,
      ]),
      panel("consolidation-relay", t("relay.syncTitle"), [sync.element]),
    ]),
    panel("consolidation-report", t("consolidation.reportTitle"), [h("p", { class: "hint", text: t("consolidation.reportHint") }), h("div", { class: "actions actions-start" }, [openReport])]),
    panel("contributions", t("consolidation.listTitle"), [listError, list]),
  ]);
  return life.view({ root, focus: () => title.focus(), ready: Promise.all([loadPartners(), loadList(), sync.ready]) });
}

