// Pure helpers of the screens between agencies (exchange.md): the words of a refused packet
// or card, organization kinds and sectors, packet statuses, directions and kinds, the
// fingerprint compared group by group as it is typed, file names, and the messages of the
// exchange commands' errors in the user's language.
import type { Direction } from "./bindings/Direction";
import type { IpcError } from "./bindings/IpcError";
import type { OrganizationKind } from "./bindings/OrganizationKind";
import type { PacketKind } from "./bindings/PacketKind";
import type { PacketStatus } from "./bindings/PacketStatus";
import type { Refusal } from "./bindings/Refusal";
import type { Sector } from "./bindings/Sector";
import { errorMessage } from "./errors";
import { hasKey, language, t, type MessageKey } from "./i18n";

/** The extension of agency cards (`haven agency card`) and of referral packets. */
export const CARD_EXTENSION = "havencard";
export const PACKET_EXTENSION = "havenpacket";

// Records over the generated unions: a word added in the core fails the type check here.
const REFUSAL_WORDS: Record<Refusal, true> = {
  notAPacket: true, unknownFormat: true, changed: true, unknownSender: true, removedPartner: true, anotherRecipient: true,
  replay: true, expired: true, fromTheFuture: true, unknownReferral: true, fingerprintMismatch: true, noAgency: true,
  secondContribution: true,
};
/** Every word a refused packet or card carries (the error's `field`). */
export const REFUSALS = Object.keys(REFUSAL_WORDS) as Refusal[];

const KIND_WORDS: Record<OrganizationKind, true> = {
  shelter: true, ngo: true, assistance_center: true, police: true, health: true, legal: true, government: true, employer: true, training_provider: true, other: true,
};
/** What an organization is, in the core's order. */
export const ORGANIZATION_KINDS = Object.keys(KIND_WORDS) as OrganizationKind[];

const SECTOR_WORDS: Record<Sector, true> = { state: true, ngo: true, international: true, private: true };
/** Who runs an organization, in the core's order. */
export const SECTORS = Object.keys(SECTOR_WORDS) as Sector[];

const STATUS_WORDS: Record<PacketStatus, true> = { waiting: true, sent: true, cancelled: true, received: true, accepted: true, declined: true };
export const PACKET_STATUSES = Object.keys(STATUS_WORDS) as PacketStatus[];

export function isRefusal(word: string | null | undefined): word is Refusal {
  return !!word && Object.prototype.hasOwnProperty.call(REFUSAL_WORDS, word);
}

/** What happened and the way forward, for a refused packet or card. */
export function refusalMessage(word: Refusal): string {
  return t(`refusal.${word}` as MessageKey);
}

const labelOf = (key: string, word: string) => (hasKey(key) ? t(key) : word);

export const organizationKindLabel = (kind: string) => labelOf(`org.kind.${kind}`, kind);
/** The sectors' labels are the report's (the board's "Run by"). */
export const sectorLabel = (sector: string) => labelOf(`report.sector.${sector}`, sector);
export const packetStatusLabel = (status: string) => labelOf(`packet.status.${status}`, status);
export const packetKindLabel = (kind: string) => labelOf(`packet.kind.${kind}`, kind);
export const directionLabel = (direction: Direction) => labelOf(`packet.direction.${direction}`, direction);

// ---- The fingerprint, read aloud on the phone ---------------------------------------------------

export const FINGERPRINT_GROUPS = 6;
export const GROUP_DIGITS = 5;

/** The fingerprint as typed without the spaces and dashes people put between groups. */
export function normalizeFingerprint(typed: string): string {
  return typed.replace(/[\s\-‐‑‒–—_.]+/g, "");
}

/** "12345 67890 …" as its groups. */
export function fingerprintGroups(fingerprint: string): string[] {
  const digits = normalizeFingerprint(fingerprint);
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += GROUP_DIGITS) groups.push(digits.slice(i, i + GROUP_DIGITS));
  return groups;
}

/** A group as typed against the card's: the same, another, begun and right so far, or not typed. */
export type GroupState = "match" | "mismatch" | "partial" | "empty";

export interface FingerprintComparison {
  groups: Array<{ expected: string; typed: string; state: GroupState }>;
  /** Every group matches and nothing more was typed. */
  matches: boolean;
  /** The first group that differs (0-based), or -1. */
  firstMismatch: number;
  /** Groups typed in full. */
  typedGroups: number;
  /** More was typed than a fingerprint holds. */
  tooLong: boolean;
}

/** Compares what is being typed with the card's fingerprint, group by group. */
export function compareFingerprint(expected: string, typed: string): FingerprintComparison {
  const want = fingerprintGroups(expected);
  const got = normalizeFingerprint(typed);
  const groups = want.map((group, i) => {
    const part = got.slice(i * GROUP_DIGITS, (i + 1) * GROUP_DIGITS);
    let state: GroupState;
    if (!part) state = "empty";
    else if (part.length < group.length) state = group.startsWith(part) ? "partial" : "mismatch";
    else state = part === group ? "match" : "mismatch";
    return { expected: group, typed: part, state };
  });
  const tooLong = got.length > want.join("").length;
  return {
    groups,
    matches: !tooLong && groups.length > 0 && groups.every((g) => g.state === "match"),
    firstMismatch: groups.findIndex((g) => g.state === "mismatch"),
    typedGroups: groups.filter((g) => g.typed.length === g.expected.length).length,
    tooLong,
  };
}

// ---- File names -----------------------------------------------------------------------------------

/** A name fit for a file: letters, digits, spaces, dots and dashes only. */
function fileSafe(name: string): string {
  const safe = name.replace(/[^\p{L}\p{N} ._-]+/gu, "-").replace(/\s+/g, " ").trim().replace(/^[.-]+/, "");
  return safe || "agency";
}

/** "Legal Aid NGO.havencard". */
export function cardFileName(agency: string): string {
  return `${fileSafe(agency)}.${CARD_EXTENSION}`;
}

/** "referral-HVN-2026-0007.havenpacket", or "answer-…" for an acknowledgement. */
export function packetFileName(kind: PacketKind, code: string | null): string {
  const what = kind === "ack" ? "answer" : "referral";
  return code ? `${what}-${fileSafe(code)}.${PACKET_EXTENSION}` : `${what}.${PACKET_EXTENSION}`;
}

// ---- Errors ----------------------------------------------------------------------------------------

/** The exchange commands' invalid fields, each with the screen's words for it. */
const FIELD_MESSAGES: Readonly<Record<string, MessageKey>> = {
  includeNotes: "exchange.error.includeNotes",
  to: "exchange.error.to",
  fingerprint: "exchange.error.fingerprint",
  card: "exchange.error.card",
  country: "exchange.error.country",
  kind: "exchange.error.kind",
  agency: "exchange.error.agency",
  code: "exchange.error.code",
  answer: "exchange.error.answer",
  packet: "exchange.error.packet",
  name: "exchange.error.name",
};

/**
 * The words of an exchange command's error: a refused packet or card by its word (with the
 * way forward, in every language); an invalid field of these commands by the core's English
 * sentence in English, else this screen's translation; anything else as the app says it.
 */
export function exchangeMessage(error: IpcError): string {
  if (error.kind === "packetRefused") return isRefusal(error.field) ? refusalMessage(error.field) : t("error.packetRefused");
  const english = language() === "en" && error.message.trim() ? error.message.trim() : null;
  if (error.kind === "invalid" && error.field && Object.prototype.hasOwnProperty.call(FIELD_MESSAGES, error.field)) {
    return english ?? t(FIELD_MESSAGES[error.field]);
  }
  if (error.kind === "storage") return english ?? t("exchange.error.storage");
  return errorMessage(error);
}
