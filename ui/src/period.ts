// Report periods: the presets of the period picker, ISO dates and the period in words.
// Pure: dates are civil dates (YYYY-MM-DD), computed in UTC so no time zone shifts a day.
import { intlLocale, t } from "./i18n";

export const PRESETS = ["calendar-year", "april-march", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

export interface Period {
  /** First day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  to: string;
}

export function isPreset(value: string): value is Preset {
  return (PRESETS as readonly string[]).includes(value);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The period of a preset: `calendar-year` is 1 January to 31 December of `year`;
 * `april-march` starts on 1 April of `year` and ends on 31 March of the next year.
 */
export function presetPeriod(preset: Exclude<Preset, "custom">, year: number): Period {
  if (preset === "calendar-year") return { from: isoDate(year, 1, 1), to: isoDate(year, 12, 31) };
  return { from: isoDate(year, 4, 1), to: isoDate(year + 1, 3, 31) };
}

/** The years the picker offers: this year and the nine before it, newest first. */
export function yearChoices(today: Date, count = 10): number[] {
  const year = today.getFullYear();
  return Array.from({ length: count }, (_, i) => year - i);
}

/** The year selected at first: the last complete calendar year. */
export function defaultYear(today: Date): number {
  return today.getFullYear() - 1;
}

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function toUtcDate(value: string): Date {
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date;
}

/** A civil date for people, e.g. "1 January 2024" (in English). */
export function dateInWords(value: string, locale = intlLocale()): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(toUtcDate(value));
}

export type PeriodCheck =
  | { ok: true; period: Period }
  | { ok: false; reason: "incomplete" | "reversed" };

/** Checks a period typed by hand (ISO strings from date inputs). */
export function checkPeriod(from: string, to: string): PeriodCheck {
  if (!isIsoDate(from) || !isIsoDate(to)) return { ok: false, reason: "incomplete" };
  // ISO dates of four-digit years compare as strings.
  if (from > to) return { ok: false, reason: "reversed" };
  return { ok: true, period: { from, to } };
}

/** The period in words, or what is missing, for the line next to the picker. */
export function periodInWords(from: string, to: string, locale = intlLocale()): string {
  const check = checkPeriod(from, to);
  if (!check.ok) return t(check.reason === "incomplete" ? "report.periodIncomplete" : "report.periodReversed");
  return t("report.periodWords", { from: dateInWords(from, locale), to: dateInWords(to, locale) });
}

/** The file name the save dialog proposes. */
export function defaultFileName(period: Period, extension: string): string {
  return `haven-indicators-${period.from}-to-${period.to}.${extension}`;
}
