// Pure helpers of the administrator's screens: roles in order, the audit filter built from the form,
// labels of action words and outcomes, chain heads and what `verify` found, dates.
import type { AuditFilter } from "./bindings/AuditFilter";
import type { Head } from "./bindings/Head";
import type { Role } from "./bindings/Role";
import type { Verification } from "./bindings/Verification";
import { hasKey, intlLocale, t, tn } from "./i18n";
import { inListOrder } from "./vocab";

/** The default minimum cell size an administrator may set. */
export const MIN_CELL_LOWEST = 1;
export const MIN_CELL_HIGHEST = 100;

/** The minutes of inactivity before the vault locks itself, as an administrator may set them. */
export const AUTO_LOCK_LOWEST = 1;
export const AUTO_LOCK_HIGHEST = 60;

/** Known roles among `values`, once each, in the order the core lists them. */
export function orderedRoles(values: readonly string[]): Role[] {
  return inListOrder<Role>("role", values);
}

// ---- Audit filter ------------------------------------------------------------------------

/** The audit filter form as typed. */
export interface AuditForm {
  user: string;
  case: string;
  action: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FORM: Readonly<AuditForm> = { user: "", case: "", action: "", from: "", to: "" };

/** The filter the form asks for: trimmed, empty fields left out; `before` for the next page. */
export function auditFilter(form: AuditForm, before?: number): AuditFilter {
  const filter: AuditFilter = {};
  const user = form.user.trim();
  const code = form.case.trim();
  const action = form.action.trim();
  const from = form.from.trim();
  const to = form.to.trim();
  if (user) filter.user = user;
  if (code) filter.case = code;
  if (action) filter.action = action;
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (before !== undefined) filter.before = before;
  return filter;
}

/** The filter for the page after `lines` (older entries), or null when there is none. */
export function nextPageFilter(filter: AuditFilter, lines: ReadonlyArray<{ seq: number }>): AuditFilter | null {
  if (!lines.length) return null;
  return { ...filter, before: lines[lines.length - 1].seq };
}

/** "Case identity read" for "case.read"; an unknown word stands for itself. */
export function actionLabel(word: string): string {
  const key = `audit.action.${word}`;
  return hasKey(key) ? t(key) : word;
}

/** "OK" for "ok"; a failure's word as the core wrote it. */
export function outcomeLabel(outcome: string): string {
  const key = `audit.outcome.${outcome}`;
  return hasKey(key) ? t(key) : outcome;
}

// ---- Chain heads and verification --------------------------------------------------------

/** "SEQ:MAC", as the core parses it back. */
export function formatHead(head: Head): string {
  return `${head.seq}:${head.mac}`;
}

/** The sequence number of a typed head "SEQ:MAC", or null when it does not start with one. */
export function headSeq(typed: string): number | null {
  const m = /^\s*(\d+)\s*:/.exec(typed);
  return m ? Number(m[1]) : null;
}

export type VerifyState = "intact" | "broken" | "truncated";

export function verifyState(v: Verification): VerifyState {
  if (v.first_broken !== null) return "broken";
  if (v.truncated) return "truncated";
  return "intact";
}

/** The sentences that say what `verify` found (`kept`: the head the admin typed, if any). */
export function verifyMessages(v: Verification, kept: string | null = null): string[] {
  const messages: string[] = [];
  if (v.first_broken !== null) messages.push(t("audit.broken", { seq: v.first_broken }));
  if (v.truncated) {
    messages.push(t("audit.truncated", { seq: v.head?.seq ?? 0 }));
    const keptSeq = kept === null ? null : headSeq(kept);
    if (keptSeq !== null) messages.push(t("audit.truncatedKept", { seq: keptSeq }));
  }
  if (!messages.length) messages.push(tn("audit.intact", v.entries));
  return messages;
}

// ---- Dates ---------------------------------------------------------------------------------

function parsed(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2 January 2026" (the day in this computer's time zone unless `timeZone` is given). */
export function formatDay(iso: string, timeZone?: string): string {
  const d = parsed(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(intlLocale(), { day: "numeric", month: "long", year: "numeric", timeZone }).format(d);
}

/** "2 Jan 2026, 14:05:09", for the audit log. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const d = parsed(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(intlLocale(), {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(d);
}

/** A whole number within the bounds, or null. */
export function parseMinCell(raw: string, lowest = MIN_CELL_LOWEST, highest = MIN_CELL_HIGHEST): number | null {
  const s = raw.trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= lowest && n <= highest ? n : null;
}

/** Whole minutes within the auto-lock bounds, or null. */
export function parseAutoLock(raw: string): number | null {
  return parseMinCell(raw, AUTO_LOCK_LOWEST, AUTO_LOCK_HIGHEST);
}
