// The indicator report as the screen shows it: cells grouped into tables, category labels,
// numbers formatted for people. Pure (no DOM).
import type { Breakdown } from "./bindings/Breakdown";
import type { Cell } from "./bindings/Cell";
import type { CellValue } from "./bindings/CellValue";
import type { Indicator } from "./bindings/Indicator";
import type { IndicatorReport } from "./bindings/IndicatorReport";
import { hasKey, intlLocale, t, tn } from "./i18n";

/** The indicators in the order of the spec's table. */
export const INDICATORS: readonly Indicator[] = [
  "victims_identified",
  "referred_to_shelter",
  "sheltered",
  "received_legal_support",
  "received_medical_support",
  "received_psychological_support",
  "allowance_recipients",
  "allowance_amount",
  "vocational_training",
  "job_placements",
  "referred_to_ngo",
  "referred_to_assistance_center",
];

/** The breakdown keys, in the order used for `data-breakdown` and group ids. */
export const DIMENSIONS = ["sex", "age_group", "exploitation", "recognition", "sector", "currency"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The category order of each dimension (currencies keep the core's order). */
const CATEGORY_ORDER: Record<Dimension, readonly string[]> = {
  sex: ["female", "male", "other", "unknown"],
  age_group: ["child", "adult", "unknown"],
  exploitation: [
    "sexual", "forced_labour", "domestic_servitude", "forced_begging",
    "forced_criminality", "forced_marriage", "organ_removal", "other",
  ],
  recognition: ["potential", "recognized"],
  sector: ["state", "ngo", "international", "private"],
  currency: [],
};

/** Groups of a report, in the order they are shown. */
const GROUP_ORDER = ["total", "sex", "age_group", "sex,age_group", "exploitation", "recognition", "sector", "currency"];

/** Dimensions in which one person may count in several categories (no sum rule). */
export const MULTI_VALUED: readonly Dimension[] = ["exploitation", "sector"];

/** The dimensions present in a breakdown, in canonical order. */
export function dimensionsOf(breakdown: Breakdown): Dimension[] {
  return DIMENSIONS.filter((d) => breakdown[d] !== undefined && breakdown[d] !== null);
}

/**
 * A cell's breakdown as one string: `key=value` pairs in the order sex, age_group,
 * exploitation, recognition, sector, currency, joined by `,`; `total` when empty.
 */
export function breakdownKey(breakdown: Breakdown): string {
  const dims = dimensionsOf(breakdown);
  if (!dims.length) return "total";
  return dims.map((d) => `${d}=${breakdown[d]}`).join(",");
}

/** The group a breakdown belongs to: `total`, `sex`, `sex,age_group`… */
export function groupId(breakdown: Breakdown): string {
  const dims = dimensionsOf(breakdown);
  return dims.length ? dims.join(",") : "total";
}

export function isAmount(indicator: Indicator): boolean {
  return indicator === "allowance_amount";
}

export function indicatorTitle(indicator: string): string {
  const key = `report.indicator.${indicator}`;
  return hasKey(key) ? t(key) : indicator.replace(/_/g, " ");
}

/** A category for people: "Female", "Child (under 18)", "Forced labour"; currencies as they are. */
export function categoryLabel(dimension: Dimension, value: string): string {
  if (dimension === "currency") return value;
  const key = `report.${dimension}.${value}`;
  if (hasKey(key)) return t(key);
  const words = value.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function dimensionLabel(dimension: Dimension | "total"): string {
  return t(`report.dim.${dimension}`);
}

export function groupTitle(id: string): string {
  const key = `report.group.${id}`;
  if (hasKey(key)) return t(key);
  return id.split(",").map((d) => dimensionLabel(d as Dimension)).join(" × ");
}

export interface Group {
  /** `total`, `sex`, `sex,age_group`… */
  id: string;
  dimensions: Dimension[];
  cells: Cell[];
}

export interface IndicatorSection {
  indicator: Indicator;
  groups: Group[];
}

function categoryRank(dimension: Dimension, value: string): number {
  const i = CATEGORY_ORDER[dimension].indexOf(value);
  return i === -1 ? Number.MAX_SAFE_INTEGER : i;
}

/** The distinct values of `dimension` among `cells`, known categories first in their order. */
export function categories(cells: Cell[], dimension: Dimension): string[] {
  const seen: string[] = [];
  for (const c of cells) {
    const v = c.breakdown[dimension];
    if (v !== undefined && v !== null && !seen.includes(v)) seen.push(v);
  }
  // Stable sort: unknown categories keep the core's order, after the known ones.
  return seen
    .map((v, i) => ({ v, i }))
    .sort((a, b) => categoryRank(dimension, a.v) - categoryRank(dimension, b.v) || a.i - b.i)
    .map((x) => x.v);
}

/** Every indicator of the spec (and any other the report holds), each with its groups in display order. */
export function sections(report: IndicatorReport): IndicatorSection[] {
  const byIndicator = new Map<Indicator, Map<string, Cell[]>>();
  for (const indicator of INDICATORS) byIndicator.set(indicator, new Map());
  for (const cell of report.cells) {
    let groups = byIndicator.get(cell.indicator);
    if (!groups) {
      groups = new Map();
      byIndicator.set(cell.indicator, groups);
    }
    const id = groupId(cell.breakdown);
    const list = groups.get(id) ?? [];
    list.push(cell);
    groups.set(id, list);
  }
  const rank = (id: string) => {
    const i = GROUP_ORDER.indexOf(id);
    return i === -1 ? GROUP_ORDER.length : i;
  };
  return [...byIndicator].map(([indicator, groups]) => ({
    indicator,
    groups: [...groups]
      .map(([id, cells]) => ({ id, dimensions: id === "total" ? [] : (id.split(",") as Dimension[]), cells }))
      .sort((a, b) => rank(a.id) - rank(b.id)),
  }));
}

export function isSuppressed(cell: Cell): boolean {
  return cell.suppressed === true || cell.value === null || cell.value === undefined;
}

/** The value as a plain number (for the chart); null when suppressed. */
export function numericValue(cell: Cell): number | null {
  if (isSuppressed(cell)) return null;
  const n = Number(cell.value);
  return Number.isFinite(n) ? n : null;
}

/**
 * A published value for people: counts with thousands separators, amounts (decimal
 * strings) with their decimals kept exactly, digit for digit.
 */
export function formatValue(value: CellValue, locale = intlLocale()): string {
  if (typeof value === "string") return formatDecimal(value, locale);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(value);
}

function formatDecimal(text: string, locale: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return text;
  const [, sign, whole, fraction] = m;
  const grouped = new Intl.NumberFormat(locale).format(BigInt(whole));
  if (!fraction) return `${sign}${grouped}`;
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  return `${sign}${grouped}${decimal}${fraction}`;
}

/** The last part of a path (either separator), for "Saved <name>". */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length ? parts[parts.length - 1] : path;
}

/** A file size for people: "512 bytes", "12.3 KB", "1.2 MB". */
export function formatBytes(bytes: number, locale = intlLocale()): string {
  if (bytes < 1024) return tn("report.size.bytes", bytes);
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes < 1024 * 1024) return t("report.size.kb", { size: one.format(bytes / 1024) });
  return t("report.size.mb", { size: one.format(bytes / (1024 * 1024)) });
}
