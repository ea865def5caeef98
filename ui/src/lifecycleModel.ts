// Pure helpers of the survivor's data lifecycle on screen (lifecycle.md): consent states,
// the consent gate's refusal, what an erasure removes and keeps, the typed confirmations,
// who is offered the erasure, and the bounds of the lifecycle settings.
import type { CaseView } from "./bindings/CaseView";
import type { ConsentRecord } from "./bindings/ConsentRecord";
import type { ConsentState } from "./bindings/ConsentState";
import type { ErasurePreview } from "./bindings/ErasurePreview";
import type { SessionInfo } from "./bindings/SessionInfo";
import { parseMinCell } from "./adminModel";
import { formatCivil } from "./caseModel";
import { t, tn, type MessageKey } from "./i18n";
import { isAdmin, may } from "./permissions";

/** The retention period an administrator may choose, in years after closure. */
export const RETENTION_LOWEST = 1;
export const RETENTION_HIGHEST = 50;
/** The longest a consent to referrals may be allowed to run, in months. */
export const REFERRAL_MONTHS_LOWEST = 12;
export const REFERRAL_MONTHS_HIGHEST = 36;
/** The longest reason the core takes (an override, an erasure), in characters. */
export const REASON_MAX_CHARS = 2000;
/** The word typed to confirm a purge of the cases due (or their number). */
export const PURGE_WORD = "PURGE";

export const CONSENT_STATES: readonly ConsentState[] = ["valid", "expiring", "expired", "withdrawn", "not_yet_given"];

/** "Valid", "Expiring soon", … */
export function consentStateLabel(state: ConsentState): string {
  return t(`consent.state.${state}` as MessageKey);
}

/** The organizations a consent covers, for a table cell: a consent to referrals without a list covers any. */
export function coveredOrganizations(c: ConsentRecord): string | null {
  if (c.scope !== "referrals") return null;
  const orgs = c.organizations ?? [];
  return orgs.length ? orgs.join(", ") : t("consent.anyOrganization");
}

/**
 * The gate's refusal in the user's language. The core names the organization and the date
 * only inside its English sentence, so the screen names them from what it sent.
 */
export function consentRefusal(organization: string, date: string): string {
  return t("gate.refused", { organization, date: formatCivil(date) });
}

/** Whether a reason was typed, and is short enough; the message to show otherwise. */
export function reasonProblem(raw: string): string | null {
  const reason = raw.trim();
  if (!reason) return t("field.required");
  if ([...reason].length > REASON_MAX_CHARS) return t("lifecycle.reasonTooLong", { max: REASON_MAX_CHARS });
  return null;
}

/** Who is offered the erasure of a case: administrators and its own caseworker (the core checks again). */
export function mayErase(session: SessionInfo, v: CaseView): boolean {
  if (v.erased === "identity") return false;
  return isAdmin(session) || (may(session, "recordServices") && v.caseworker === session.userName);
}

/** What an erasure removes, one line each, as the confirmation lists it. */
export function erasureGoes(p: ErasurePreview): string[] {
  const lines: string[] = [];
  if (p.names) lines.push(t("erase.goes.names"));
  if (p.aliases) lines.push(tn("erase.goes.aliases", p.aliases));
  if (p.birthDate) lines.push(t("erase.goes.birthDate"));
  if (p.phone) lines.push(t("erase.goes.phone"));
  if (p.reference) lines.push(t("erase.goes.reference"));
  if (p.employers) lines.push(tn("erase.goes.employers", p.employers));
  lines.push(tn("erase.goes.notes", p.notes), tn("erase.goes.documents", p.documents), tn("erase.goes.overrideReasons", p.overrideReasons));
  return lines;
}

/** What an erasure keeps, one line each. */
export function erasureStays(p: ErasurePreview): string[] {
  const lines = [t("erase.stays.code", { code: p.code }), t("erase.stays.categories"), t("erase.stays.dates"), tn("erase.stays.events", p.eventsKept)];
  if (p.kind === "narratives") lines.push(t("erase.stays.identity"));
  lines.push(t("erase.stays.reports"));
  return lines;
}

/** Whether the typed confirmation is the case's code (spaces around and letter case aside). */
export function confirmsCode(typed: string, code: string): boolean {
  const s = typed.trim();
  return s.length > 0 && s.toUpperCase() === code.trim().toUpperCase();
}

/** Whether the typed confirmation of a purge is PURGE or the number of cases listed. */
export function confirmsPurge(typed: string, count: number): boolean {
  const s = typed.trim();
  return count > 0 && (s.toUpperCase() === PURGE_WORD || s === String(count));
}

/** Whole years within the retention bounds, or null. */
export function parseRetentionYears(raw: string): number | null {
  return parseMinCell(raw, RETENTION_LOWEST, RETENTION_HIGHEST);
}

/** Whole months within the bounds of a consent to referrals, or null. */
export function parseReferralMonths(raw: string): number | null {
  return parseMinCell(raw, REFERRAL_MONTHS_LOWEST, REFERRAL_MONTHS_HIGHEST);
}

/** The name the save dialog proposes for the register of erasures. */
export function registerFileName(today: string): string {
  return `haven-erasures-${today}.json`;
}
