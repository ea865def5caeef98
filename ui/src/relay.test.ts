// The relay and consolidated counts on screen, against a fake core (exchange.md, the relay and
// consolidated counts): Administration → Relay (connect, the password never shown again,
// forget, every refusal at its field), sending and fetching through the relay with the core's
// progress and the pull in words, the relay's errors in the three languages, a contribution
// into the outbox and into a file, the contributions held, the consolidated report's preview
// and save, accessibility.
import type { Channel } from "@tauri-apps/api/core";
import { clearMocks } from "@tauri-apps/api/mocks";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./app";
import type { ContributionView } from "./bindings/ContributionView";
import type { IndicatorReport } from "./bindings/IndicatorReport";
import type { IpcError } from "./bindings/IpcError";
import type { PartnerView } from "./bindings/PartnerView";
import type { Pulled } from "./bindings/Pulled";
import type { RelayProgress } from "./bindings/RelayProgress";
import type { RelayView } from "./bindings/RelayView";
import type { ReportRequest } from "./bindings/ReportRequest";
import type { SessionInfo } from "./bindings/SessionInfo";
import { setLanguage } from "./i18n";
import { consolidationText, pullSummary, RELAY_REFUSALS, relayMessage } from "./relayModel";
import { mockIPC } from "./testing/core";
import { permissionsOf } from "./testing/permissions";

const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ save: dialog.save, open: dialog.open }));

const session = (userName: string, roles: SessionInfo["roles"]): SessionInfo => ({
  userName,
  roles,
  permissions: permissionsOf(roles),
  autoLockMinutes: 5,
  language: null,
  keyFileChanged: false,
});
const admin = session("amina", ["admin"]);
const intake = session("nigar", ["intake"]);
const supervisor = session("leyla", ["supervisor"]);

const URL = "postgresql://site_ngo@relay.example:5432/haven_relay";
const PASSWORD = "site-secret-ngo-7731";
const fault = (kind: IpcError["kind"], message: string, field: string | null = null): IpcError => ({ kind, message, field, problems: [] });
const PARTNERS: PartnerView[] = [
  { name: "Ministry Shelter", kind: "shelter", sector: "state", country: "AZ", fingerprint: "12345 67890 13579 24680 11223 34455", addedAt: "2026-01-05T10:00:00Z", removedAt: null },
  { name: "Old Partner", kind: "ngo", sector: "ngo", country: null, fingerprint: "99999 88888 77777 66666 55555 44444", addedAt: "2025-03-01T10:00:00Z", removedAt: "2025-12-01T10:00:00Z" },
];
const CONTRIBUTIONS: ContributionView[] = [
  { id: "c-2", site: "Legal Aid NGO", from: "2025-01-01", to: "2025-12-31", correction: true, replaced: false, at: "2026-02-02T10:00:00Z" },
  { id: "c-1", site: "Legal Aid NGO", from: "2025-01-01", to: "2025-12-31", correction: false, replaced: true, at: "2026-01-20T10:00:00Z" },
];
const PULLED: Pulled = { referrals: 2, answers: 1, contributions: 0, alreadyReceived: 0, discarded: 0, left: [{ reason: "unknownSender", count: 1 }] };

function consolidated(request: ReportRequest): IndicatorReport {
  return {
    report: "indicators",
    period: { from: request.from, to: request.to },
    disclosure_control: { method: "small-cell suppression", min_cell: request.minCell ?? 11 },
    generated_at: "2026-02-03T10:00:00Z",
    generator: "haven 0.1.0",
    cells: [
      { indicator: "victims_identified", breakdown: {}, value: 31 },
      { indicator: "victims_identified", breakdown: { sex: "female" }, value: 25 },
      { indicator: "victims_identified", breakdown: { sex: "male" }, value: null, suppressed: true },
    ],
    consolidation: { sites: 3, corrections: 1 },
  };
}

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(s: SessionInfo, initial: RelayView = { url: null, lastContact: null, waiting: 2 }) {
  const calls: Call[] = [];
  const failures = new Map<string, IpcError>();
  const waits = new Map<string, Promise<void>>();
  let relay = structuredClone(initial);
  let progress: Channel<RelayProgress> | null = null;
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (cmd === "relay_push" || cmd === "relay_pull") progress = args.onProgress as Channel<RelayProgress>;
    await waits.get(cmd);
    const failure = failures.get(cmd);
    if (failure) throw failure;
    switch (cmd) {
      case "vault_state":
        return { state: "unlocked", session: s };
      case "watch_lock":
      case "touch":
      case "lock":
      case "set_language":
        return null;
      case "dashboard_figures":
        return { openCases: 1, closedCases: 0, shelters: [], pendingReferrals: 0, expiringConsents: [] };
      case "consent_alerts":
      case "recent_activity":
      case "packets_list":
        return [];
      case "backup_status":
        return { lastBackupAt: "2026-01-01T10:00:00Z", daysSince: 1, due: false };
      case "relay_get":
        return structuredClone(relay);
      case "relay_connect":
        relay = { ...relay, url: args.url as string, lastContact: "2026-02-03T09:30:00Z" };
        return structuredClone(relay);
      case "relay_forget":
        relay = { ...relay, url: null };
        return null;
      case "relay_push": {
        const sent = relay.waiting;
        relay = { ...relay, waiting: 0, lastContact: "2026-02-03T10:00:00Z" };
        return { sent };
      }
      case "relay_pull":
        relay = { ...relay, lastContact: "2026-02-03T10:05:00Z" };
        return structuredClone(PULLED);
      case "partners_list":
        return structuredClone(PARTNERS);
      case "contribute":
        if (args.path === null) relay = { ...relay, waiting: relay.waiting + 1 };
        return { id: "c-new", partner: (args.request as { toPartner: string }).toPartner, case: "", notes: 0 };
      case "contributions_list":
        return structuredClone(CONTRIBUTIONS);
      case "report_settings":
        return { defaultMinCell: 11, lowest: 1, highest: 100, exactSmallCountsBelow: 5 };
      case "consolidate_preview":
        return consolidated(args.request as ReportRequest);
      case "report_save":
        return { path: args.path, bytes: 2_048 };
      default:
        throw fault("internal", `no command ${cmd}`);
    }
  });
  return {
    calls,
    names: () => calls.map((c) => c.cmd),
    last: (cmd: string) => [...calls].reverse().find((c) => c.cmd === cmd),
    fail(cmd: string, e: IpcError | null) {
      if (e) failures.set(cmd, e);
      else failures.delete(cmd);
    },
    hold(cmd: string): () => void {
      let release = () => {};
      waits.set(cmd, new Promise<void>((r) => (release = r)));
      return () => {
        waits.delete(cmd);
        release();
      };
    },
    progress(p: RelayProgress) {
      progress?.onmessage(p);
    },
  };
}

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const $$ = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));
const input = (sel: string) => $<HTMLInputElement>(sel)!;
const button = (sel: string) => $<HTMLButtonElement>(sel)!;
const text = (sel: string) => $(sel)?.textContent ?? "";
async function until(check: () => unknown) {
  await vi.waitFor(() => {
    if (!check()) throw new Error("not yet");
  });
}
function type(sel: string, value: string) {
  const el = input(sel);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}
const submit = (sel: string) => $<HTMLFormElement>(sel)!.requestSubmit();

async function violations(root: Element = document.body): Promise<string[]> {
  if (!document.getElementById("test-hidden-style")) {
    document.head.append(Object.assign(document.createElement("style"), { id: "test-hidden-style", textContent: "[hidden] { display: none !important; }" }));
  }
  const result = await axe.run(root, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, rules: { "color-contrast": { enabled: false } } });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

let app: App;
let root: HTMLElement;
beforeEach(() => {
  setLanguage("en");
  root = document.createElement("main");
  root.id = "app";
  document.body.replaceChildren(root);
  dialog.open.mockReset();
  dialog.save.mockReset();
});
afterEach(() => {
  app?.destroy();
  clearMocks();
  setLanguage("en");
});

async function start(s: SessionInfo, relay?: RelayView) {
  const core = fakeCore(s, relay);
  app = new App(root);
  await app.start();
  return core;
}

async function openRelay(relay?: RelayView) {
  const core = await start(admin, relay);
  button("#open-relay").click();
  await until(() => $("#relay-title") && $("#relay-address")?.dataset.connected !== undefined);
  return core;
}

const CONNECTED: RelayView = { url: URL, lastContact: "2026-02-03T09:30:00Z", waiting: 2 };

// ---- The words -------------------------------------------------------------------------------

describe("the relay's words", () => {
  it("says why the relay refused, per field, in each language, and that the packets stay in the outbox", () => {
    const seen = new Set<string>();
    for (const lang of ["en", "az", "ru"]) {
      setLanguage(lang);
      for (const field of RELAY_REFUSALS) {
        const message = relayMessage(fault("relayRefused", "core words", field));
        expect(message).not.toBe("core words");
        expect(message).not.toBe(relayMessage(fault("relayRefused", "core words", null)));
        seen.add(message);
      }
      expect(relayMessage(fault("relayRefused", "x", "credentials"))).toMatch(lang === "en" ? /outbox/ : lang === "ru" ? /исходящих/ : /göndərilmə qutusunda/);
      expect(relayMessage(fault("relayUnreachable", "core words"))).toMatch(lang === "en" ? /stay in the outbox/ : lang === "ru" ? /остаются в исходящих/ : /göndərilmə qutusunda qalır/);
    }
    // Five refusals, three languages: fifteen different sentences.
    expect(seen.size).toBe(15);
    setLanguage("en");
    expect(relayMessage(fault("packetRefused", "x", "secondContribution"))).toMatch(/correction/);
  });

  it("puts a pull in words, with plural forms", () => {
    expect(pullSummary(PULLED)).toEqual(["2 referrals and 1 answer received.", "1 left on the relay because it comes from an agency that is not a partner yet."]);
    expect(pullSummary({ ...PULLED, referrals: 0, answers: 0, left: [] })).toEqual(["Nothing new on the relay."]);
    expect(pullSummary({ referrals: 0, answers: 0, contributions: 1, alreadyReceived: 2, discarded: 1, left: [{ reason: "notAllowed", count: 3 }] })).toEqual([
      "1 contribution received.",
      "2 packets received before were taken off the relay.",
      "1 packet that can never be received here was taken off the relay.",
      "3 left on the relay because your roles may not receive it (someone with the right role fetches it).",
    ]);
    setLanguage("ru");
    expect(pullSummary({ ...PULLED, referrals: 5, left: [{ reason: "somethingNew", count: 2 }] })).toEqual([
      "Получено: 5 направлений и 1 ответ.",
      "2 пакета оставлены на ретрансляторе, потому что его пока нельзя получить.",
    ]);
    setLanguage("az");
    expect(pullSummary(PULLED)[0]).toBe("Alındı: 2 yönləndirmə və 1 cavab.");
  });

  it("says how many sites and corrections a consolidated report adds up", () => {
    expect(consolidationText({ sites: 3, corrections: 1 })).toBe("Adds up 3 sites, 1 correction.");
    setLanguage("ru");
    expect(consolidationText({ sites: 5, corrections: 2 })).toBe("Сложено: 5 объектов, 2 исправления.");
  });
});

// ---- Administration → Relay ----------------------------------------------------------------

describe("Administration → Relay", () => {
  it("connects with the address and password, then forgets the password on screen", async () => {
    const core = await openRelay();
    expect(text("#relay-address")).toBe("This site is not connected to a relay.");
    expect(button("#relay-forget").hidden).toBe(true);
    expect(text("#relay-waiting")).toBe("2 packets waiting in the outbox.");
    expect(input("#relay-password").type).toBe("password");

    type("#relay-url", URL);
    type("#relay-password", PASSWORD);
    submit("#relay-form");
    await until(() => text("#relay-connected"));
    expect(core.last("relay_connect")?.args).toEqual({ url: URL, password: PASSWORD });
    expect(text("#relay-connected")).toBe("Connected: the relay accepted this site's address and password.");
    expect(text("#relay-address")).toBe(`Relay: ${URL}`);
    expect(text("#relay-contact")).toMatch(/^Last contact: 3 Feb 2026/);
    expect(input("#relay-password").value).toBe("");
    expect(document.body.innerHTML).not.toContain(PASSWORD);
    expect(JSON.stringify({ ...localStorage })).not.toContain(PASSWORD);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(PASSWORD);

    // Forgetting asks first, Cancel focused; Escape closes and forgets nothing.
    button("#relay-forget").click();
    await until(() => $("#relay-forget-panel"));
    expect(document.activeElement).toBe(button("#relay-forget-cancel"));
    expect(text("#relay-forget-question")).toMatch(/^Forget this relay\?/);
    $("#relay-forget-panel")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect($("#relay-forget-panel")).toBeNull();
    expect(document.activeElement).toBe(button("#relay-forget"));
    expect(core.names()).not.toContain("relay_forget");
    button("#relay-forget").click();
    await until(() => $("#relay-forget-confirm"));
    button("#relay-forget-confirm").click();
    await until(() => text("#relay-forget-status"));
    expect(core.names()).toContain("relay_forget");
    expect(text("#relay-address")).toBe("This site is not connected to a relay.");
    expect(input("#relay-url").value).toBe("");
  });

  it("asks for the address, and sends no empty password", async () => {
    const core = await openRelay();
    submit("#relay-form");
    await until(() => text("#relay-url-error"));
    expect(core.names()).not.toContain("relay_connect");
    expect(document.activeElement).toBe(input("#relay-url"));
    type("#relay-url", URL);
    submit("#relay-form");
    await until(() => core.last("relay_connect"));
    expect(core.last("relay_connect")?.args.password).toBeNull();
  });

  it("shows each refusal at its field or above the form, in the user's language", async () => {
    const core = await openRelay();
    type("#relay-url", URL);
    type("#relay-password", "wrong");
    core.fail("relay_connect", fault("relayRefused", "The relay did not accept…", "credentials"));
    setLanguage("ru");
    submit("#relay-form");
    await until(() => text("#relay-password-error"));
    expect(text("#relay-password-error")).toMatch(/^Ретранслятор не принял это имя пользователя и пароль/);
    expect(document.activeElement).toBe(input("#relay-password"));

    core.fail("relay_connect", fault("relayRefused", "bad address", "address"));
    submit("#relay-form");
    await until(() => text("#relay-url-error"));
    expect(text("#relay-url-error")).toMatch(/postgresql:\/\/USER@HOST:PORT\/DATABASE/);

    setLanguage("az");
    core.fail("relay_connect", fault("relayUnreachable", "The relay cannot be reached."));
    submit("#relay-form");
    await until(() => text("#relay-connect-error"));
    expect(text("#relay-connect-error")).toMatch(/^Retranslyatora qoşulmaq mümkün deyil/);
    expect(text("#relay-address")).toBe("This site is not connected to a relay.");
  });

  it("passes axe, with the confirmation to forget open", async () => {
    await openRelay(CONNECTED);
    expect(await violations(root)).toEqual([]);
    button("#relay-forget").click();
    await until(() => $("#relay-forget-panel"));
    expect(await violations(root)).toEqual([]);
  });
});

// ---- Sending and fetching --------------------------------------------------------------------

describe("through the relay", () => {
  async function openPackets(s: SessionInfo = intake, relay: RelayView = CONNECTED) {
    const core = await start(s, relay);
    button("#nav-referrals").click();
    await until(() => $("#relay-sync-waiting")?.textContent);
    return core;
  }

  it("sends the outbox with the core's progress, buttons held meanwhile", async () => {
    const core = await openPackets();
    expect(text("#relay-sync-contact")).toMatch(/^Last contact: /);
    expect(text("#relay-sync-waiting")).toBe("2 packets waiting in the outbox.");
    const release = core.hold("relay_push");
    button("#relay-push").click();
    await until(() => !$("#relay-progress-box")!.hidden);
    expect(button("#relay-push").disabled).toBe(true);
    expect(button("#relay-pull").disabled).toBe(true);
    expect(text("#relay-progress-text")).toBe("Reaching the relay…");
    expect($("#relay-progress")!.hasAttribute("aria-valuenow")).toBe(false);
    core.progress({ done: 1, total: 4 });
    await until(() => $("#relay-progress")!.getAttribute("aria-valuenow") === "25");
    expect(text("#relay-progress-text")).toBe("1 of 4 packets");
    release();
    await until(() => text("#relay-result"));
    expect(text("#relay-result")).toBe("2 packets sent to the relay.");
    expect($("#relay-progress-box")!.hidden).toBe(true);
    await until(() => text("#relay-sync-waiting") === "0 packets waiting in the outbox.");
    expect(button("#relay-push").disabled).toBe(false);
    expect(document.activeElement).toBe(button("#relay-push"));
  });

  it("fetches and says what came, and what was left and why", async () => {
    const core = await openPackets();
    button("#relay-pull").click();
    await until(() => text("#relay-result"));
    expect($$("#relay-result .relay-line").map((p) => p.textContent)).toEqual(pullSummary(PULLED));
    expect(core.names().filter((n) => n === "packets_list").length).toBeGreaterThan(1);
  });

  it("says an unreachable or refusing relay keeps the packets in the outbox, in each language", async () => {
    const core = await openPackets();
    core.fail("relay_push", fault("relayUnreachable", "The relay cannot be reached. Nothing was lost: the packets stay in the outbox."));
    const lists = () => core.names().filter((n) => n === "packets_list").length;
    const before = lists();
    button("#relay-push").click();
    await until(() => text("#relay-error"));
    // Batches committed before the failure would have moved packets: the lists are read again.
    await until(() => lists() > before);
    expect(text("#relay-error")).toMatch(/the packets stay in the outbox/);
    expect(text("#relay-result")).toBe("");
    expect(button("#relay-push").disabled).toBe(false);

    setLanguage("ru");
    core.fail("relay_pull", fault("relayRefused", "The relay's database is not set up", "notSetUp"));
    button("#relay-pull").click();
    await until(() => text("#relay-error").startsWith("База данных"));
    expect(text("#relay-error")).toMatch(/пакеты остаются в исходящих/);
  });

  it("offers no relay buttons before an administrator connects one", async () => {
    await openPackets(intake, { url: null, lastContact: null, waiting: 1 });
    expect($("#relay-sync-off")!.hidden).toBe(false);
    expect(button("#relay-push").disabled).toBe(true);
    expect(button("#relay-pull").disabled).toBe(true);
  });

  it("passes axe on the packets screen with a pull's summary", async () => {
    await openPackets();
    button("#relay-pull").click();
    await until(() => text("#relay-result"));
    expect(await violations(root)).toEqual([]);
  });
});

// ---- Consolidated counts --------------------------------------------------------------------

describe("consolidated counts", () => {
  async function openConsolidation(relay: RelayView = CONNECTED) {
    const core = await start(supervisor, relay);
    button("#open-consolidation").click();
    await until(() => $("#contributions-table") && $<HTMLSelectElement>("#contribute-partner")!.options.length);
    return core;
  }

  it("contributes a period into the outbox, then as a correction into a file", async () => {
    const core = await openConsolidation();
    const partners = Array.from($<HTMLSelectElement>("#contribute-partner")!.options).map((o) => o.value);
    expect(partners).toEqual(["Ministry Shelter"]);
    type("#contribute-from", "2025-01-01");
    type("#contribute-to", "2025-12-31");
    button("#contribute-outbox").click();
    await until(() => text("#contribute-sent"));
    expect(core.last("contribute")?.args).toEqual({ request: { from: "2025-01-01", to: "2025-12-31", toPartner: "Ministry Shelter", correction: false }, path: null });
    expect(text("#contribute-sent")).toMatch(/wait in the outbox for Ministry Shelter/);
    await until(() => text("#relay-sync-waiting") === "3 packets waiting in the outbox.");

    dialog.save.mockResolvedValue("/media/usb/counts.havenpacket");
    input("#contribute-correction").click();
    button("#contribute-file").click();
    await until(() => text("#contribute-sent").includes("counts.havenpacket"));
    expect(core.last("contribute")?.args).toEqual({ request: { from: "2025-01-01", to: "2025-12-31", toPartner: "Ministry Shelter", correction: true }, path: "/media/usb/counts.havenpacket" });
    expect(input("#contribute-correction").checked).toBe(false);
  });

  it("checks the dates, sends nothing when the dialog is cancelled, and says a second contribution needs a correction", async () => {
    const core = await openConsolidation();
    type("#contribute-from", "2025-13");
    button("#contribute-outbox").click();
    await until(() => text("#contribute-from-error"));
    expect(core.names()).not.toContain("contribute");
    type("#contribute-from", "2025-01-01");
    dialog.save.mockResolvedValue(null);
    button("#contribute-file").click();
    await until(() => dialog.save.mock.calls.length === 1);
    expect(core.names()).not.toContain("contribute");

    setLanguage("az");
    core.fail("contribute", fault("packetRefused", "This site already contributed", "secondContribution"));
    button("#contribute-outbox").click();
    await until(() => text("#contribute-error"));
    expect(text("#contribute-error")).toMatch(/düzəliş/);
  });

  it("lists the contributions held: site, period, correction, replaced", async () => {
    await openConsolidation();
    const rows = $$("#contributions-table tbody tr");
    expect(rows.map((r) => r.dataset.contribution)).toEqual(["c-2", "c-1"]);
    const cells = (r: HTMLElement) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent);
    expect(cells(rows[0]).slice(0, 4)).toEqual(["Legal Aid NGO", "1 January 2025 – 31 December 2025", "Yes", "No"]);
    expect(cells(rows[1]).slice(2, 4)).toEqual(["No", "Yes"]);
  });

  it("previews the consolidated report with its sites and corrections, then saves it", async () => {
    const core = await openConsolidation();
    button("#consolidation-open-report").click();
    await until(() => $("#report[data-mode='consolidated']") && input("#report-min-cell").value === "11");
    expect(text("#report-title")).toBe("Consolidated report");
    expect(text("#report-back")).toBe("Back to consolidated counts");
    submit("#report-form");
    await until(() => $("#report-consolidation"));
    expect(core.names()).toContain("consolidate_preview");
    expect(core.names()).not.toContain("report_preview");
    expect(text("#report-consolidation")).toBe("Adds up 3 sites, 1 correction.");
    expect(await violations(root)).toEqual([]);

    dialog.save.mockResolvedValue("/media/usb/consolidated.csv");
    button("#report-save-csv").click();
    await until(() => text("#report-saved"));
    expect(core.last("report_save")?.args).toEqual({ format: "csv", path: "/media/usb/consolidated.csv" });
    expect(dialog.save.mock.calls[0][0].defaultPath).toMatch(/^haven-consolidated-/);

    button("#report-back").click();
    await until(() => $("#consolidation-title"));
  });

  it("passes axe on the consolidation screen", async () => {
    await openConsolidation();
    expect(await violations(root)).toEqual([]);
  });
});
