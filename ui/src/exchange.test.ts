// Between agencies on screen, against a fake core (exchange.md): the agency identity and its
// card, partners added by card and fingerprint and removed, a referral packet sent from the
// case file (and the core's refusals at that form), a packet received, a referral answered,
// the outbox and inbox, the words of every refusal in the three languages, accessibility.
import { clearMocks } from "@tauri-apps/api/mocks";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { actionLabel } from "./adminModel";
import { App } from "./app";
import type { AgencyView } from "./bindings/AgencyView";
import type { CardPreview } from "./bindings/CardPreview";
import type { CaseView } from "./bindings/CaseView";
import type { IpcError } from "./bindings/IpcError";
import type { PacketView } from "./bindings/PacketView";
import type { PartnerView } from "./bindings/PartnerView";
import type { Received } from "./bindings/Received";
import type { Refusal } from "./bindings/Refusal";
import type { SessionInfo } from "./bindings/SessionInfo";
import { formatCivil, todayIso } from "./caseModel";
import { cardFileName, compareFingerprint, exchangeMessage, normalizeFingerprint, packetFileName, REFUSALS } from "./exchangeModel";
import { setLanguage, t, type MessageKey } from "./i18n";
import { az } from "./i18n/az";
import { en } from "./i18n/en";
import { ru } from "./i18n/ru";
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
const caseworker = session("rauf", ["caseworker"]);
const intake = session("nigar", ["intake"]);
const supervisor = session("leyla", ["supervisor"]);

const CODE = "HVN-2026-0007";
const NEW_CODE = "HVN-2026-0031";
const OWN_FP = "90210 11111 22222 33333 44444 55555";
const NGO_FP = "12345 67890 13579 24680 11223 34455";

const fault = (kind: IpcError["kind"], message: string, field: string | null = null): IpcError => ({ kind, message, field, problems: [] });

const AGENCY: AgencyView = { name: "Ministry Shelter", kind: "shelter", sector: "state", country: "AZ", fingerprint: OWN_FP, createdAt: "2026-01-02T09:00:00Z" };
const CARD: CardPreview = { name: "Legal Aid NGO", kind: "legal", sector: "ngo", country: "GE", fingerprint: NGO_FP, organizationExists: true };
const PARTNERS: PartnerView[] = [
  { name: "Legal Aid NGO", kind: "legal", sector: "ngo", country: "GE", fingerprint: NGO_FP, addedAt: "2026-01-05T10:00:00Z", removedAt: null },
  { name: "Old Partner", kind: "ngo", sector: "ngo", country: null, fingerprint: "99999 88888 77777 66666 55555 44444", addedAt: "2025-03-01T10:00:00Z", removedAt: "2025-12-01T10:00:00Z" },
];
const packet = (over: Partial<PacketView>): PacketView => ({
  id: "0190a000-0000-7000-8000-000000000001",
  direction: "out",
  kind: "referral",
  partner: "Legal Aid NGO",
  case: CODE,
  status: "sent",
  services: [],
  answers: null,
  createdOn: "2026-02-01",
  at: "2026-02-01T10:00:00Z",
  savable: false,
  ...over,
});
const PACKETS: PacketView[] = [
  packet({ id: "p-out-1", status: "waiting", services: ["legal", "medical"], savable: true }),
  packet({ id: "p-out-2", kind: "ack", case: "HVN-2026-0002", status: "sent", savable: false }),
  packet({ id: "p-in-1", direction: "in", case: NEW_CODE, status: "received", services: ["psychological"] }),
];

function caseView(over: Partial<CaseView> = {}): CaseView {
  return {
    identity_hidden: false,
    entry_ids: { referrals: [], shelter_stays: [], beds: [], consents: [] },
    caseworker: "rauf",
    erased: null,
    consent_states: [],
    referred_in_from: null,
    identified_elsewhere: false,
    ref: null,
    code: CODE,
    person: { given_name: "Aysel", family_name: "Məmmədova", aliases: [], sex: "female", birth_date: null, age_at_identification: 26, citizenship: "AZ", languages: [], phone: null },
    identified_on: "2026-01-02",
    identified_by: "police",
    recognition: "potential",
    exploitation: ["sexual"],
    country_of_exploitation: null,
    status: "open",
    closed_on: null,
    consents: [],
    referrals: [],
    shelter_stays: [],
    services: [],
    allowances: [],
    trainings: [],
    employments: [],
    notes: [],
    ...over,
  };
}

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

function fakeCore(s: SessionInfo, o: { agency?: AgencyView | null; caseView?: CaseView; casePackets?: PacketView[]; packets?: PacketView[]; received?: Received } = {}) {
  const calls: Call[] = [];
  const failures = new Map<string, IpcError>();
  let agency = o.agency === undefined ? AGENCY : o.agency;
  let partners = structuredClone(PARTNERS);
  let current = o.caseView ?? caseView();
  let ofCase = o.casePackets ?? [];
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
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
      case "cases_list":
      case "case_history":
      case "case_documents":
        return [];
      case "recent_activity":
        return [{ seq: 9, at: "2026-02-01T10:15:00Z", user: "rauf", action: "referral.send", case: CODE, outcome: "ok", detail: null }];
      case "backup_status":
        return { lastBackupAt: "2026-01-01T10:00:00Z", daysSince: 1, due: false };
      case "case_show":
        return structuredClone({ ...current, code: args.code as string });
      case "organizations_list":
        return [
          { name: "Ministry Shelter", kind: "shelter", sector: "state", capacity: 50 },
          { name: "Legal Aid NGO", kind: "legal", sector: "ngo", capacity: null },
        ];
      case "caseworkers_list":
        return ["rauf"];
      case "agency_get":
        return structuredClone(agency);
      case "agency_init": {
        const a = args.agency as AgencyView;
        agency = { ...a, fingerprint: OWN_FP, createdAt: "2026-02-03T09:00:00Z" };
        return structuredClone(agency);
      }
      case "agency_card_save":
        return { format: "haven-agency-card/1", name: AGENCY.name, kind: AGENCY.kind, sector: AGENCY.sector, encryption_key: "age1…", signing_key: "AAAA", fingerprint: OWN_FP };
      case "partners_list":
        return structuredClone(partners);
      case "partner_card_preview":
        return structuredClone(CARD);
      case "partner_add": {
        const added: PartnerView = { name: CARD.name, kind: CARD.kind, sector: CARD.sector, country: CARD.country, fingerprint: NGO_FP, addedAt: "2026-02-03T10:00:00Z", removedAt: null };
        partners = [added, ...partners.filter((p) => p.name !== CARD.name)];
        return added;
      }
      case "partner_remove":
        partners = partners.map((p) => (p.name === args.name ? { ...p, removedAt: "2026-02-03T11:00:00Z" } : p));
        return null;
      case "referral_send":
        ofCase = [packet({ id: "p-new", status: "sent", services: (args.referral as { services: PacketView["services"] }).services }), ...ofCase];
        return { id: "p-new", partner: (args.referral as { to: string }).to, case: args.code, notes: 0 };
      case "referral_answer":
        ofCase = ofCase.map((p) => (p.direction === "in" ? { ...p, status: args.answer as PacketView["status"] } : p));
        return { id: "p-ack", partner: "Legal Aid NGO", case: args.code, notes: 0 };
      case "referral_receive":
        return o.received ?? { kind: "referral", id: "p-in-9", partner: "Legal Aid NGO", case: NEW_CODE, answer: null, notes: 2 };
      case "case_packets":
        return structuredClone(ofCase);
      case "packets_list":
        return structuredClone(o.packets ?? PACKETS);
      case "packet_save":
        return null;
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
    setCase(v: CaseView, packets: PacketView[]) {
      current = v;
      ofCase = packets;
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
function choose(sel: string, value: string) {
  const el = $<HTMLSelectElement>(sel)!;
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
const submit = (sel: string) => $<HTMLFormElement>(sel)!.requestSubmit();

/**
 * Serious and critical WCAG 2 A/AA violations below `root`. Contrast needs the real styles (the
 * end-to-end tests check it); of styles.css only the rule that hides `[hidden]` matters here.
 */
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

async function start(s: SessionInfo, o: Parameters<typeof fakeCore>[1] = {}) {
  const core = fakeCore(s, o);
  app = new App(root);
  await app.start();
  return core;
}

async function openAgency(s: SessionInfo, o: Parameters<typeof fakeCore>[1] = {}) {
  const core = await start(s, o);
  button("#open-agency").click();
  await until(() => $("#agency-title") && !$("#partners-list")?.hasAttribute("aria-busy") && $("#agency-loading")?.hidden);
  return core;
}

async function openCase(s: SessionInfo, o: Parameters<typeof fakeCore>[1] = {}) {
  const core = await start(s, o);
  await until(() => $(`#recent-activity-table button[data-code="${CODE}"]`));
  button(`#recent-activity-table button[data-code="${CODE}"]`).click();
  await until(() => $("#case-code") && !$("#case-body")!.hidden && core.names().includes("case_packets") && !text("#case-packets-list").includes("Loading"));
  button("#tab-referrals").click();
  return core;
}

async function openReferrals(s: SessionInfo, o: Parameters<typeof fakeCore>[1] = {}) {
  const core = await start(s, o);
  button("#nav-referrals").click();
  await until(() => $("#referrals-title") && $("#packets-loading")?.hidden);
  return core;
}

// ---- Pure helpers ----------------------------------------------------------------------------------

describe("exchange helpers", () => {
  it("compares a fingerprint group by group as it is typed, spaces and dashes aside", () => {
    expect(normalizeFingerprint(" 12345-67890 – 13579 ")).toBe("123456789013579");
    const partial = compareFingerprint(NGO_FP, "12345 6789");
    expect(partial.groups.map((g) => g.state)).toEqual(["match", "partial", "empty", "empty", "empty", "empty"]);
    expect(partial.matches).toBe(false);
    expect(partial.typedGroups).toBe(1);
    const wrong = compareFingerprint(NGO_FP, "12345 67891 13579");
    expect(wrong.groups.map((g) => g.state)).toEqual(["match", "mismatch", "match", "empty", "empty", "empty"]);
    expect(wrong.firstMismatch).toBe(1);
    expect(compareFingerprint(NGO_FP, "12345-67890-13579-24680-11223-34455").matches).toBe(true);
    expect(compareFingerprint(NGO_FP, "123456789013579246801122334455").matches).toBe(true);
    expect(compareFingerprint(NGO_FP, `${NGO_FP} 1`).tooLong).toBe(true);
    expect(compareFingerprint(NGO_FP, `${NGO_FP} 1`).matches).toBe(false);
    expect(compareFingerprint(NGO_FP, "1x345").groups[0].state).toBe("mismatch");
  });

  it("names the files after the agency and the case", () => {
    expect(cardFileName("Ministry Shelter")).toBe("Ministry Shelter.havencard");
    expect(cardFileName("A/B: \"Shelter\"")).toBe("A-B- -Shelter-.havencard");
    expect(packetFileName("referral", CODE)).toBe("referral-HVN-2026-0007.havenpacket");
    expect(packetFileName("ack", CODE)).toBe("answer-HVN-2026-0007.havenpacket");
  });

  it("gives every refusal word its own message, with the way forward, in the three languages", () => {
    const words: Refusal[] = ["notAPacket", "unknownFormat", "changed", "unknownSender", "removedPartner", "anotherRecipient", "replay", "expired", "fromTheFuture", "unknownReferral", "fingerprintMismatch", "noAgency", "secondContribution"];
    expect([...REFUSALS].sort()).toEqual([...words].sort());
    for (const [code, table] of [["en", en], ["az", az], ["ru", ru]] as const) {
      setLanguage(code);
      const messages = REFUSALS.map((word) => exchangeMessage(fault("packetRefused", "", word)));
      for (const [i, word] of REFUSALS.entries()) {
        const key = `refusal.${word}` as MessageKey;
        expect((table as Record<string, string>)[key]?.trim(), `${code}: ${key}`).toBeTruthy();
        expect(messages[i], `${code}: ${word}`).toBe((table as Record<string, string>)[key]);
        if (code !== "en") expect(messages[i], `${code}: ${word} is translated`).not.toBe(en[key]);
      }
      expect(new Set(messages).size, code).toBe(REFUSALS.length);
    }
    setLanguage("en");
    // A word this build does not know still says that the file was refused.
    expect(exchangeMessage(fault("packetRefused", "", "somethingNew"))).toBe(t("error.packetRefused"));
  });

  it("labels the new audit actions in every language", () => {
    const actions = ["agency.init", "partner.add", "partner.remove", "referral.send", "referral.receive", "referral.answer", "relay.connect", "relay.push", "relay.pull", "report.contribute", "report.consolidate"];
    for (const lang of ["en", "az", "ru"]) {
      setLanguage(lang);
      for (const action of actions) expect(actionLabel(action), `${lang}: ${action}`).not.toBe(action);
    }
    setLanguage("en");
    expect(actions.map(actionLabel)).toEqual(["Agency identity made", "Partner added", "Partner removed", "Referral packet sent", "Packet received", "Referral answered", "Relay connected", "Packets sent to the relay", "Packets fetched from the relay", "Counts contributed", "Counts consolidated"]);
  });

  it("says an invalid field of these commands in the user's language", () => {
    const notes = fault("invalid", "The person's consent to this referral does not name this partner (core).", "includeNotes");
    expect(exchangeMessage(notes)).toBe("The person's consent to this referral does not name this partner (core).");
    setLanguage("ru");
    expect(exchangeMessage(notes)).toBe(ru["exchange.error.includeNotes"]);
    expect(exchangeMessage(fault("invalid", "This organization is not one of your partners.", "to"))).toBe(ru["exchange.error.to"]);
    setLanguage("en");
  });
});

// ---- Agency and partners -----------------------------------------------------------------------------

describe("agency identity", () => {
  it("offers administrators the form when there is none, and makes it with agency_init", async () => {
    const core = await openAgency(admin, { agency: null });
    expect($("#agency-init-form")).not.toBeNull();
    expect($$("#agency-kind option").map((o) => o.textContent)).toContain("Victim Assistance Center");
    expect($$("#agency-sector option").map((o) => (o as HTMLOptionElement).value)).toEqual(["", "state", "ngo", "international", "private"]);

    submit("#agency-init-form");
    expect(text("#agency-name-error")).toBe("This field is required.");
    expect(core.names()).not.toContain("agency_init");

    type("#agency-name", "  Ministry Shelter ");
    choose("#agency-kind", "shelter");
    choose("#agency-sector", "state");
    type("#agency-country", "az");
    submit("#agency-init-form");
    await until(() => $("#agency-fingerprint"));
    expect(core.last("agency_init")!.args).toEqual({ agency: { name: "Ministry Shelter", kind: "shelter", sector: "state", country: "AZ" } });
    expect($("#agency-init-form")).toBeNull();
    expect($$("#agency-fingerprint .fingerprint-group").map((g) => g.textContent)).toEqual(OWN_FP.split(" "));
    expect(text("#agency-fingerprint")).toBe(OWN_FP);
    expect(text("#agency-status")).toBe(t("agency.made"));
    expect(document.activeElement?.id).toBe("agency-fingerprint-title");
    expect(text("#agency-shown-kind")).toBe("Shelter");
  });

  it("shows a refused country at its field, in the user's language", async () => {
    const core = await openAgency(admin, { agency: null });
    core.fail("agency_init", fault("invalid", "Give the country as its two-letter ISO 3166 code (AZ, GE, TR …).", "country"));
    $<HTMLSelectElement>("#language")!.value = "az";
    $<HTMLSelectElement>("#language")!.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => $("#agency-init-form") && text("#agency-title") === az["agency.title"]);
    type("#agency-name", "Ministry Shelter");
    choose("#agency-kind", "shelter");
    choose("#agency-sector", "state");
    type("#agency-country", "ZZ");
    submit("#agency-init-form");
    await until(() => text("#agency-country-error"));
    expect(text("#agency-country-error")).toBe(az["exchange.error.country"]);
    expect(document.activeElement?.id).toBe("agency-country");
  });

  it("saves the agency card where the save dialog says", async () => {
    const core = await openAgency(admin);
    expect(text("#agency-shown-name")).toBe("Ministry Shelter");
    dialog.save.mockResolvedValueOnce("/media/usb/Ministry Shelter.havencard");
    button("#agency-card-save").click();
    await until(() => text("#agency-status"));
    expect(dialog.save).toHaveBeenCalledWith({ defaultPath: "Ministry Shelter.havencard", filters: [{ name: "Haven agency card", extensions: ["havencard", "json"] }] });
    expect(core.last("agency_card_save")!.args).toEqual({ path: "/media/usb/Ministry Shelter.havencard" });
    expect(text("#agency-status")).toContain("Ministry Shelter.havencard");
    expect(document.activeElement?.id).toBe("agency-card-save");
  });

  it("saves nothing when the dialog is cancelled", async () => {
    const core = await openAgency(admin);
    dialog.save.mockResolvedValueOnce(null);
    button("#agency-card-save").click();
    await until(() => dialog.save.mock.calls.length === 1 && !button("#agency-card-save").disabled);
    expect(core.names()).not.toContain("agency_card_save");
  });
});

describe("partners", () => {
  it("lists the partners with their fingerprint and state; removed ones without Remove", async () => {
    await openAgency(admin);
    const rows = $$("#partners-table tbody tr");
    expect(rows.map((r) => r.dataset.partner)).toEqual(["Legal Aid NGO", "Old Partner"]);
    expect(rows[0].textContent).toContain("Legal aid");
    expect(rows[0].querySelector(".fingerprint")?.textContent).toBe(NGO_FP);
    expect(rows[0].textContent).toContain("Active");
    expect(rows[1].dataset.state).toBe("removed");
    expect(rows[1].textContent).toContain("Removed on");
    expect(rows[0].querySelector("#partner-remove-0")).not.toBeNull();
    expect(rows[1].querySelector("button")).toBeNull();
  });

  it("removes a partner after its confirmation, Cancel first", async () => {
    const core = await openAgency(admin);
    button("#partner-remove-0").click();
    expect(text("#partner-remove-question")).toContain("Remove Legal Aid NGO from your partners?");
    expect(document.activeElement?.id).toBe("partner-remove-cancel");
    button("#partner-remove-cancel").click();
    expect($("#partner-remove-panel")).toBeNull();
    expect(document.activeElement?.id).toBe("partner-remove-0");
    expect(core.names()).not.toContain("partner_remove");

    button("#partner-remove-0").click();
    button("#partner-remove-confirm").click();
    await until(() => text("#partners-status"));
    expect(core.last("partner_remove")!.args).toEqual({ name: "Legal Aid NGO" });
    expect(text("#partners-status")).toBe("Legal Aid NGO was removed from your partners.");
    expect($$("#partners-table tbody tr")[0].dataset.state).toBe("removed");
    expect(document.activeElement?.id).toBe("partners-title");
  });

  it("reads a card, compares the fingerprint as it is typed, and adds it with what was typed", async () => {
    const core = await openAgency(admin);
    dialog.open.mockResolvedValueOnce("/media/usb/legal-aid.havencard");
    button("#partner-add").click();
    await until(() => !$("#partner-preview")!.hidden);
    expect(dialog.open).toHaveBeenCalledWith({ multiple: false, directory: false, filters: [{ name: "Haven agency cards", extensions: ["havencard", "json"] }, { name: "All files", extensions: ["*"] }] });
    expect(core.last("partner_card_preview")!.args).toEqual({ path: "/media/usb/legal-aid.havencard" });
    expect(core.names()).not.toContain("partner_add");
    expect(document.activeElement?.id).toBe("partner-preview-title");
    expect(text("#partner-card-name")).toBe("Legal Aid NGO");
    expect(text("#partner-card-kind")).toBe("Legal aid");
    expect(text("#partner-card-sector")).toBe("NGO");
    expect(text("#partner-card-country")).toBe("GE");
    expect(text("#partner-card-fingerprint")).toBe(NGO_FP);

    const states = () => $$("#partner-fingerprint-compare li").map((li) => li.dataset.state);
    expect(states()).toEqual(["empty", "empty", "empty", "empty", "empty", "empty"]);
    type("#partner-fingerprint-input", "12345 67891");
    expect(states()).toEqual(["match", "mismatch", "empty", "empty", "empty", "empty"]);
    // In words, not by colour alone.
    const groups = $$("#partner-fingerprint-compare li");
    expect(groups[0].textContent).toContain("matches");
    expect(groups[1].textContent).toContain("does not match");
    expect(groups[1].getAttribute("aria-label")).toBe("Group 2, 67890: does not match");
    expect(text("#partner-fingerprint-result")).toBe(t("partners.compare.mismatch", { number: 2 }));
    expect($("#partner-fingerprint-result")?.getAttribute("role")).toBe("status");

    type("#partner-fingerprint-input", "12345-67890-13579-24680-11223-34455");
    expect(states()).toEqual(["match", "match", "match", "match", "match", "match"]);
    expect(text("#partner-fingerprint-result")).toBe("All six groups match: this is the card they read to you.");

    submit("#partner-add-form");
    await until(() => text("#partners-status"));
    expect(core.last("partner_add")!.args).toEqual({ path: "/media/usb/legal-aid.havencard", fingerprint: NGO_FP });
    expect(text("#partners-status")).toBe("Legal Aid NGO was added to your partners.");
    expect($("#partner-preview")!.hidden).toBe(true);
    expect(document.activeElement?.id).toBe("partner-add");
  });

  it("says clearly, in the user's language, that a mismatched fingerprint stored nothing", async () => {
    const core = await openAgency(admin);
    setLanguage("ru");
    dialog.open.mockResolvedValueOnce("/media/usb/legal-aid.havencard");
    button("#partner-add").click();
    await until(() => !$("#partner-preview")!.hidden);
    core.fail("partner_add", fault("packetRefused", "The fingerprint typed does not match this card.", "fingerprintMismatch"));
    type("#partner-fingerprint-input", "12345 67890 13579 24680 11223 34456");
    submit("#partner-add-form");
    await until(() => text("#partner-add-error"));
    expect(text("#partner-add-error")).toBe(ru["refusal.fingerprintMismatch"]);
    expect(core.last("partner_add")!.args.fingerprint).toBe("12345 67890 13579 24680 11223 34456");
    expect(input("#partner-fingerprint-input").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement?.id).toBe("partner-fingerprint-input");
    expect($("#partner-preview")!.hidden).toBe(false);
    expect(core.names().filter((c) => c === "partners_list")).toHaveLength(1);
  });

  it("closes the card's check with Escape, adding nothing", async () => {
    const core = await openAgency(admin);
    dialog.open.mockResolvedValueOnce("/media/usb/legal-aid.havencard");
    button("#partner-add").click();
    await until(() => !$("#partner-preview")!.hidden);
    input("#partner-fingerprint-input").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect($("#partner-preview")!.hidden).toBe(true);
    expect(document.activeElement?.id).toBe("partner-add");
    expect(core.names()).not.toContain("partner_add");
  });

  it("says why a file that is not a card was refused", async () => {
    const core = await openAgency(admin);
    core.fail("partner_card_preview", fault("packetRefused", "This file is not a Haven referral packet or agency card. Nothing was recorded.", "notAPacket"));
    dialog.open.mockResolvedValueOnce("/tmp/photo.jpg");
    button("#partner-add").click();
    await until(() => text("#partner-read-error"));
    expect(text("#partner-read-error")).toBe(t("refusal.notAPacket"));
    expect($("#partner-preview")!.hidden).toBe(true);
  });

  it("shows caseworkers the partners read-only, from the packets screen", async () => {
    const core = await openReferrals(caseworker, { agency: null });
    button("#referrals-open-partners").click();
    await until(() => $("#partners-table") && $("#agency-none"));
    expect($("#agency-init-form")).toBeNull();
    expect($("#partner-add")).toBeNull();
    expect($$("#partners-table button")).toHaveLength(0);
    expect(core.names()).not.toContain("partner_card_preview");
    button("#agency-back").click();
    await until(() => $("#referrals-title"));
  });

  it("passes axe on the agency screen with a card being checked", async () => {
    await openAgency(admin);
    dialog.open.mockResolvedValueOnce("/media/usb/legal-aid.havencard");
    button("#partner-add").click();
    await until(() => !$("#partner-preview")!.hidden);
    type("#partner-fingerprint-input", "12345 6");
    expect(await violations()).toEqual([]);
  });

  it("passes axe on the agency set-up form", async () => {
    await openAgency(admin, { agency: null });
    expect(await violations()).toEqual([]);
  });
});

// ---- The case file -------------------------------------------------------------------------------------

describe("sending a referral packet", () => {
  async function openSend(s: SessionInfo = caseworker, o: Parameters<typeof fakeCore>[1] = {}) {
    const core = await openCase(s, o);
    button("#send-referral").click();
    await until(() => $$("#send-referral-to option").length > 1);
    return core;
  }

  it("sends the chosen partner, services and notes to the file chosen", async () => {
    const core = await openSend();
    expect($("#send-referral-dialog")!.hidden).toBe(false);
    expect(document.activeElement?.id).toBe("send-referral-title");
    // Active partners only.
    expect($$("#send-referral-to option").map((o) => (o as HTMLOptionElement).value)).toEqual(["", "Legal Aid NGO"]);
    expect($$("#send-referral-services input").map((b) => (b as HTMLInputElement).value)).toEqual(["legal", "medical", "psychological", "social", "education", "other"]);
    expect($$("#send-referral-services label").map((l) => l.textContent)).toContain("Psychological");
    expect(text("#send-referral-notes-hint")).toContain("consent to referrals names this partner");

    submit("#send-referral-form");
    expect(text("#send-referral-to-error")).toBe("This field is required.");
    expect(dialog.save).not.toHaveBeenCalled();

    choose("#send-referral-to", "Legal Aid NGO");
    input("#send-referral-services-legal").checked = true;
    input("#send-referral-services-medical").checked = true;
    input("#send-referral-notes").checked = true;
    dialog.save.mockResolvedValueOnce("/media/usb/referral-HVN-2026-0007.havenpacket");
    submit("#send-referral-form");
    await until(() => text("#case-saved"));
    expect(dialog.save).toHaveBeenCalledWith({ defaultPath: "referral-HVN-2026-0007.havenpacket", filters: [{ name: "Haven referral packet", extensions: ["havenpacket"] }] });
    expect(core.last("referral_send")!.args).toEqual({
      code: CODE,
      referral: { to: "Legal Aid NGO", services: ["legal", "medical"], includeNotes: true },
      path: "/media/usb/referral-HVN-2026-0007.havenpacket",
    });
    expect(text("#case-saved")).toBe(
      "The referral packet for Legal Aid NGO was written to referral-HVN-2026-0007.havenpacket. Only Legal Aid NGO can open it: give it to them on a USB stick or by e-mail.",
    );
    expect($("#send-referral-dialog")!.hidden).toBe(true);
    expect(document.activeElement?.id).toBe("send-referral");
    await until(() => $$("#case-packets-table tbody tr").length === 1);
  });

  it("closes with Escape and gives focus back to its button", async () => {
    await openSend();
    $("#send-referral-dialog")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect($("#send-referral-dialog")!.hidden).toBe(true);
    expect(button("#send-referral").getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement?.id).toBe("send-referral");
  });

  it("sends nothing when the save dialog is cancelled", async () => {
    const core = await openSend();
    choose("#send-referral-to", "Legal Aid NGO");
    dialog.save.mockResolvedValueOnce(null);
    submit("#send-referral-form");
    await until(() => dialog.save.mock.calls.length === 1 && !button("#send-referral-submit").disabled);
    expect(core.names()).not.toContain("referral_send");
    expect($("#send-referral-dialog")!.hidden).toBe(false);
  });

  it("shows the consent gate's refusal with the way forward to the consent tab, and no override", async () => {
    const core = await openSend();
    core.fail("referral_send", fault("consentRequired", "No valid consent to referrals covers Legal Aid NGO."));
    choose("#send-referral-to", "Legal Aid NGO");
    dialog.save.mockResolvedValueOnce("/tmp/referral.havenpacket");
    submit("#send-referral-form");
    await until(() => text("#send-referral-gate-message"));
    expect(text("#send-referral-gate-message")).toBe(t("gate.refused", { organization: "Legal Aid NGO", date: formatCivil(todayIso()) }));
    expect($("#send-referral-gate-ways")!.hidden).toBe(false);
    expect($("#send-referral-gate-override-open")).toBeNull();
    expect(document.activeElement?.id).toBe("send-referral-gate-record");
    button("#send-referral-gate-record").click();
    expect($("#tab-consent")?.getAttribute("aria-selected")).toBe("true");
    expect(input("#consent-scope").value).toBe("referrals");
    expect($$("#consent-organizations input:checked").map((b) => b.nextElementSibling?.textContent ?? b.parentElement?.textContent)).toEqual(["Legal Aid NGO"]);
  });

  it("shows notes the consent does not allow at the notes box, in the user's language", async () => {
    const core = await openSend();
    setLanguage("az");
    core.fail("referral_send", fault("invalid", "The person's consent to this referral does not name this partner, so the notes cannot go with it.", "includeNotes"));
    choose("#send-referral-to", "Legal Aid NGO");
    input("#send-referral-notes").checked = true;
    dialog.save.mockResolvedValueOnce("/tmp/referral.havenpacket");
    submit("#send-referral-form");
    await until(() => text("#send-referral-notes-error"));
    expect(text("#send-referral-notes-error")).toBe(az["exchange.error.includeNotes"]);
    expect(input("#send-referral-notes").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement?.id).toBe("send-referral-notes");
  });

  it("shows an organization that is not a partner at the partner field", async () => {
    const core = await openSend();
    core.fail("referral_send", fault("invalid", "This organization is not one of your partners: add its agency card first (Administration, Partners).", "to"));
    choose("#send-referral-to", "Legal Aid NGO");
    dialog.save.mockResolvedValueOnce("/tmp/referral.havenpacket");
    submit("#send-referral-form");
    await until(() => text("#send-referral-to-error"));
    expect(text("#send-referral-to-error")).toContain("not one of your partners");
    expect(document.activeElement?.id).toBe("send-referral-to");
  });

  it("is offered to caseworkers only", async () => {
    await openCase(intake);
    expect($("#send-referral")).toBeNull();
    expect($("#case-packets")).not.toBeNull();
  });

  it("passes axe with the send form and the gate's refusal open", async () => {
    const core = await openSend();
    core.fail("referral_send", fault("consentRequired", ""));
    choose("#send-referral-to", "Legal Aid NGO");
    dialog.save.mockResolvedValueOnce("/tmp/referral.havenpacket");
    submit("#send-referral-form");
    await until(() => text("#send-referral-gate-message"));
    expect(await violations()).toEqual([]);
  });
});

describe("a case referred in", () => {
  const referredIn = () => ({
    caseView: caseView({ referred_in_from: "Legal Aid NGO", identified_elsewhere: true }),
    casePackets: [packet({ id: "p-in-1", direction: "in", status: "received", services: ["legal"] })],
  });

  it("says who referred the person and that they are counted there; lists the case's packets", async () => {
    await openCase(supervisor, referredIn());
    expect(text("#case-referred-in")).toBe("Referred in from Legal Aid NGO");
    expect(text("#case-identified-elsewhere")).toContain("Identified at another agency — counted there");
    const rows = $$("#case-packets-table tbody tr");
    expect(rows).toHaveLength(1);
    expect(rows[0].dataset.direction).toBe("in");
    expect(rows[0].textContent).toContain("Received");
    expect(rows[0].textContent).toContain("Legal Aid NGO");
    expect(rows[0].querySelector(".packet-badge")?.textContent).toBe("Received, not answered");
    // Supervisors do not answer.
    expect($("#referral-accept")).toBeNull();
  });

  it("shows no badge for a case made here", async () => {
    await openCase(caseworker);
    expect($("#case-exchange")!.hidden).toBe(true);
    expect($("#case-referred-in")).toBeNull();
    expect(text("#case-packets-table-empty")).toBe("No referral packet for this case.");
  });

  it("lets intake staff accept the referral, writing the answer to the file chosen", async () => {
    const core = await openCase(intake, referredIn());
    expect(text("#referral-answer")).toContain("Tell Legal Aid NGO whether you take the person in");
    dialog.save.mockResolvedValueOnce("/media/usb/answer-HVN-2026-0007.havenpacket");
    button("#referral-accept").click();
    await until(() => text("#case-saved"));
    expect(dialog.save).toHaveBeenCalledWith({ defaultPath: "answer-HVN-2026-0007.havenpacket", filters: [{ name: "Haven referral packet", extensions: ["havenpacket"] }] });
    expect(core.last("referral_answer")!.args).toEqual({ code: CODE, answer: "accepted", path: "/media/usb/answer-HVN-2026-0007.havenpacket" });
    expect(text("#case-saved")).toBe("You accepted the referral. The answer was written to answer-HVN-2026-0007.havenpacket: give it to Legal Aid NGO.");
    expect($("#referral-accept")).toBeNull();
    expect(text("#referral-answered")).toBe("You accepted this referral.");
    expect(document.activeElement?.id).toBe("referral-answered");
  });

  it("shows a failed answer at its buttons", async () => {
    const core = await openCase(intake, referredIn());
    core.fail("referral_answer", fault("invalid", "This referral was answered already.", "answer"));
    dialog.save.mockResolvedValueOnce("/tmp/answer.havenpacket");
    button("#referral-decline").click();
    await until(() => text("#referral-answer-error"));
    expect(text("#referral-answer-error")).toBe("This referral was answered already.");
    expect(core.last("referral_answer")!.args.answer).toBe("declined");
  });

  it("passes axe with the badge and the answer buttons", async () => {
    await openCase(intake, referredIn());
    expect(await violations()).toEqual([]);
  });
});

// ---- Receiving, the outbox and the inbox ---------------------------------------------------------------

describe("receiving a packet", () => {
  it("offers Receive on the dashboard to intake staff only, and the packets to everyone who reads cases", async () => {
    await start(supervisor);
    expect($("#nav-referrals")).not.toBeNull();
    expect($("#receive-packet")).toBeNull();
    app.destroy();
    await start(admin);
    expect($("#nav-referrals")).toBeNull();
    expect($("#open-agency")).not.toBeNull();
    app.destroy();
    await start(intake);
    expect($("#nav-referrals")).not.toBeNull();
    expect($("#receive-packet")).not.toBeNull();
  });

  it("receives a referral: the new case's code and a button to open it", async () => {
    const core = await start(intake);
    dialog.open.mockResolvedValueOnce("/media/usb/referral-HVN-2026-0112.havenpacket");
    button("#receive-packet").click();
    await until(() => text("#receive-result"));
    expect(dialog.open).toHaveBeenCalledWith({ multiple: false, directory: false, filters: [{ name: "Haven referral packets", extensions: ["havenpacket"] }, { name: "All files", extensions: ["*"] }] });
    expect(core.last("referral_receive")!.args).toEqual({ path: "/media/usb/referral-HVN-2026-0112.havenpacket" });
    expect(text("#receive-message")).toBe(`Referral received from Legal Aid NGO: case ${NEW_CODE} was made for the person, marked as referred in.`);
    expect(text("#receive-result")).toContain("2 notes came with it.");
    expect($("#receive-result")?.getAttribute("role")).toBe("status");
    expect(document.activeElement?.id).toBe("receive-open-case");
    button("#receive-open-case").click();
    await until(() => text("#case-code") === NEW_CODE);
  });

  it("receives an answer: the referral of the case was accepted or declined", async () => {
    await start(intake, { received: { kind: "ack", id: "p-ack-1", partner: "Legal Aid NGO", case: "HVN-2026-0002", answer: "declined", notes: 0 } });
    dialog.open.mockResolvedValueOnce("/media/usb/answer.havenpacket");
    button("#receive-packet").click();
    await until(() => text("#receive-result"));
    expect(text("#receive-message")).toBe("The referral of case HVN-2026-0002 was declined by Legal Aid NGO.");
    expect($("#receive-open-case")).toBeNull();
    expect(document.activeElement?.id).toBe("receive-packet");
  });

  it("says why a packet was refused, for every refusal word, in the user's language", async () => {
    const core = await start(intake);
    setLanguage("ru");
    for (const word of REFUSALS) {
      core.fail("referral_receive", fault("packetRefused", "English words of the core.", word));
      dialog.open.mockResolvedValueOnce("/media/usb/packet.havenpacket");
      button("#receive-packet").click();
      await until(() => text("#receive-error") === ru[`refusal.${word}` as MessageKey]);
      expect(text("#receive-result")).toBe("");
      await until(() => !button("#receive-packet").disabled);
    }
  });

  it("passes axe on the dashboard with a referral received", async () => {
    await start(intake);
    dialog.open.mockResolvedValueOnce("/media/usb/referral.havenpacket");
    button("#receive-packet").click();
    await until(() => text("#receive-result"));
    expect(await violations()).toEqual([]);
  });

  it("receives nothing when the dialog is cancelled", async () => {
    const core = await start(intake);
    dialog.open.mockResolvedValueOnce(null);
    button("#receive-packet").click();
    await until(() => dialog.open.mock.calls.length === 1 && !button("#receive-packet").disabled);
    expect(core.names()).not.toContain("referral_receive");
  });
});

describe("outbox and inbox", () => {
  it("lists the packets made here and those received, each row with its case link", async () => {
    await openReferrals(caseworker);
    const out = $$("#outbox-table tbody tr");
    const inn = $$("#inbox-table tbody tr");
    expect(out.map((r) => r.dataset.packet)).toEqual(["p-out-1", "p-out-2"]);
    expect(inn.map((r) => r.dataset.packet)).toEqual(["p-in-1"]);
    expect(out[0].textContent).toContain("Referral");
    expect(out[0].textContent).toContain("Legal, Medical");
    expect(out[0].querySelector(".packet-badge")?.textContent).toBe("Waiting to be saved");
    expect(out[1].textContent).toContain("Answer");
    expect(out[1].querySelector(".packet-badge")?.textContent).toBe("Sent");
    expect(inn[0].querySelector(".packet-badge")?.textContent).toBe("Received, not answered");
    expect($("#packet-save-p-out-2")).toBeNull();
    inn[0].querySelector<HTMLButtonElement>(`button[data-code="${NEW_CODE}"]`)!.click();
    await until(() => text("#case-code") === NEW_CODE);
    button("#case-file-back").click();
    await until(() => $("#outbox-table"));
  });

  it("saves a packet of the outbox to the file chosen", async () => {
    const core = await openReferrals(caseworker);
    dialog.save.mockResolvedValueOnce("/media/usb/referral-HVN-2026-0007.havenpacket");
    button("#packet-save-p-out-1").click();
    await until(() => text("#packets-status"));
    expect(dialog.save).toHaveBeenCalledWith({ defaultPath: "referral-HVN-2026-0007.havenpacket", filters: [{ name: "Haven referral packet", extensions: ["havenpacket"] }] });
    expect(core.last("packet_save")!.args).toEqual({ id: "p-out-1", path: "/media/usb/referral-HVN-2026-0007.havenpacket" });
    expect(text("#packets-status")).toBe(
      "The packet was saved as referral-HVN-2026-0007.havenpacket. Give it to Legal Aid NGO on a USB stick or by e-mail: only Legal Aid NGO can open it.",
    );
    expect(core.names().filter((c) => c === "packets_list")).toHaveLength(2);
  });

  it("shows a packet no longer kept in the user's language", async () => {
    const core = await openReferrals(caseworker);
    setLanguage("az");
    core.fail("packet_save", fault("invalid", "This packet is no longer kept.", "packet"));
    dialog.save.mockResolvedValueOnce("/tmp/p.havenpacket");
    button("#packet-save-p-out-1").click();
    await until(() => text("#packets-save-error"));
    expect(text("#packets-save-error")).toBe(az["exchange.error.packet"]);
  });

  it("says so when a list is empty, and offers supervisors no Save or Receive", async () => {
    await openReferrals(supervisor, { packets: [] });
    expect(text("#outbox-table-empty")).toContain("Nothing sent yet.");
    expect(text("#inbox-table-empty")).toContain("Nothing received yet.");
    expect($("#receive-packet")).toBeNull();
  });

  it("offers Receive on the packets screen, and reads the lists again after it", async () => {
    const core = await openReferrals(intake);
    expect($("#packet-save-p-out-1")).not.toBeNull();
    dialog.open.mockResolvedValueOnce("/media/usb/referral.havenpacket");
    button("#receive-packet").click();
    await until(() => text("#receive-result"));
    await until(() => core.names().filter((c) => c === "packets_list").length === 2);
  });

  it("passes axe on the packets screen", async () => {
    await openReferrals(intake);
    expect(await violations()).toEqual([]);
  });
});
