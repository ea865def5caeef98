// Pure helpers of the case screens: the list filter, dates and amounts for the language, and where a problem's path belongs.
import { formatDay } from "./adminModel";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { IpcError } from "./bindings/IpcError";
import type { PersonRecord } from "./bindings/PersonRecord";
import type { Sex } from "./bindings/Sex";
import { errorMessage, problemMessage } from "./errors";
import { intlLocale } from "./i18n";
import { isWord } from "./vocab";

/** One page of the case list. */
export const PAGE_SIZE = 50;
/** How long the search waits after the last keystroke. */
export const SEARCH_DEBOUNCE_MS = 250;

// ---- List filter ---------------------------------------------------------------------------

/** The list's optional filters; "" means all. */
export interface CaseFilterExtra {
  caseworker?: string;
  shelter?: string;
}

/** The filter for one page: the four fields (empty ones as null), and the optional ones when chosen. */
export function caseFilter(query: string, status: string, offset = 0, limit = PAGE_SIZE, extra: CaseFilterExtra = {}): CaseFilter {
  const q = query.trim();
  const s = isWord("status", status) ? (status as CaseStatus) : null;
  const filter: CaseFilter = { query: q || null, status: s, limit, offset };
  if (extra.caseworker) filter.caseworker = extra.caseworker;
  if (extra.shelter) filter.shelter = extra.shelter;
  return filter;
}

/** "12 KB", "1.5 MB" as the language writes numbers. */
export function formatSize(bytes: number): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let n = Math.max(0, bytes);
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  try {
    return new Intl.NumberFormat(intlLocale(), { style: "unit", unit: units[i], unitDisplay: i === 0 ? "long" : "short", maximumFractionDigits: i === 0 ? 0 : 1 }).format(n);
  } catch {
    return `${Math.round(n * 10) / 10} ${["B", "KB", "MB", "GB"][i]}`;
  }
}

// ---- Dates, names, amounts -----------------------------------------------------------------

/** Today on this computer's calendar, "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A civil date ("2026-01-02") for the language: no time zone may shift its day. */
export function formatCivil(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? formatDay(date, "UTC") : date;
}

/** "AZN 400.00" (as the language writes it); the decimal string is never turned into a sum. */
export function formatAmount(amount: string, currency: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(intlLocale(), { style: "currency", currency, currencyDisplay: "code" }).format(n);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A count as the language writes it (read at render time: the language may change). */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 0 }).format(n);
}

/** A decimal amount as the core takes it ("400", "400.5" → "400.50"), or null. */
export function parseAmount(raw: string): string | null {
  const s = raw.trim().replace(",", ".");
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return `${m[1]}.${(m[2] ?? "").padEnd(2, "0")}`;
}

/** "Given Family", or null when the record holds no name (identity hidden). */
export function personName(person: PersonRecord): string | null {
  const name = [person.given_name, person.family_name].filter((p) => p && p.trim()).join(" ");
  return name || null;
}

/** "Aysel, Ayka ,," → ["Aysel", "Ayka"]. */
export function splitAliases(raw: string): string[] {
  return raw.split(",").map((a) => a.trim()).filter(Boolean);
}

/** Trimmed text, or null when empty. */
export function orNull(raw: string): string | null {
  const s = raw.trim();
  return s ? s : null;
}

/** "az, RU ,," → ["az", "ru"] (ISO 639-1 codes are lower case). */
export function splitLanguages(raw: string): string[] {
  return splitAliases(raw).map((l) => l.toLowerCase());
}

/** A two-letter code (country or language), either case. */
export const isTwoLetters = (raw: string) => /^[A-Za-z]{2}$/.test(raw.trim());

/** An age in whole years from 0 to 120 (empty is fine: the age is optional). */
export const isAge = (raw: string) => !raw.trim() || (/^\d{1,3}$/.test(raw.trim()) && Number(raw.trim()) <= 120);

/** What the person form holds, as typed. */
export interface PersonInput {
  givenName: string;
  familyName: string;
  aliases: string;
  sex: Sex;
  birthDate: string;
  age: string;
  citizenship: string;
  languages: string;
  phone: string;
}

/** The person form as the core takes it: empty optional fields as null, lists split. */
export function personRecord(x: PersonInput): PersonRecord {
  const age = x.age.trim();
  return {
    given_name: orNull(x.givenName),
    family_name: orNull(x.familyName),
    aliases: splitAliases(x.aliases),
    sex: x.sex,
    birth_date: orNull(x.birthDate),
    age_at_identification: age ? Number(age) : null,
    citizenship: orNull(x.citizenship)?.toUpperCase() ?? null,
    languages: splitLanguages(x.languages),
    phone: orNull(x.phone),
  };
}

/** The forms checked, those of `before` first in their order (an unchanged list stays as it was). */
export function keepOrder<T>(before: readonly T[], checked: readonly T[]): T[] {
  return [...before.filter((x) => checked.includes(x)), ...checked.filter((x) => !before.includes(x))];
}

// ---- Problems ------------------------------------------------------------------------------

export interface PathMessage {
  path: string;
  message: string;
}

/** Every problem of an error with its field path; a single-field error counts as one. */
export function problemsOf(error: IpcError): PathMessage[] {
  if (error.problems.length) return error.problems.map((p) => ({ path: p.path, message: problemMessage(p.message) }));
  return [{ path: error.field ?? "", message: errorMessage(error) }];
}

/**
 * An invalid-input error of an edit of one part of the case ("person"), its paths made
 * relative to that part ("person.birth_date" → "birth_date"). A problem with no path, or at
 * the part itself ("give at least a name"), is put at `part`. Other errors are left alone.
 */
export function relativeTo(error: IpcError, part: string): IpcError {
  if (error.kind !== "invalid") return error;
  const fix = (path: string) => {
    const p = path.trim();
    if (!p || p === part) return part;
    return p.startsWith(`${part}.`) ? p.slice(part.length + 1) : p;
  };
  return {
    ...error,
    field: error.field === null ? null : fix(error.field),
    problems: error.problems.map((p) => ({ ...p, path: fix(p.path) })),
  };
}

/**
 * The nearest path a form knows: "person.aliases[1]" falls back to "person.aliases", then
 * "person"; null when nothing matches (the problem then goes to the form's alert).
 */
export function resolvePath(path: string, known: (p: string) => boolean): string | null {
  let p = path.trim();
  while (p) {
    if (known(p)) return p;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return null;
}
