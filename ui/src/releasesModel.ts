// Pure helpers of the release ledger and the CTDC export (indicators.md, "Releases" and
// "CTDC"): the note of cells withheld to protect earlier releases, a release's kind, counts and
// state in words, the CTDC numbers and generalizations, and these commands' errors in the
// user's language (by the error's field).
import type { CtdcGeneralization } from "./bindings/CtdcGeneralization";
import type { DisclosureControl } from "./bindings/DisclosureControl";
import type { IpcError } from "./bindings/IpcError";
import type { ReleaseKind } from "./bindings/ReleaseKind";
import type { ReleaseView } from "./bindings/ReleaseView";
import { formatDateTime } from "./adminModel";
import { errorMessage } from "./errors";
import { hasKey, language, t, tn } from "./i18n";
import { dateInWords } from "./period";

/** The kinds of release, in the order the ledger's filter names them. */
export const RELEASE_KINDS: readonly ReleaseKind[] = ["indicators", "consolidated", "ctdc"];

/** The longest reason for retiring a release (the core's limit). */
export const RETIRE_REASON_MAX = 500;

/**
 * "3 cells withheld to protect the 2 earlier releases: …", or null when the joint check withheld
 * nothing beyond the report's own suppression.
 */
export function earlierReleasesNote(dc: DisclosureControl): string | null {
  const cells = dc.suppressed_for_earlier_releases ?? 0;
  if (cells <= 0) return null;
  // The core counts the releases it checked against; never fewer than one when it withheld.
  const releases = Math.max(1, dc.earlier_releases ?? 0);
  return t("releases.note", { cells: tn("releases.note.cells", cells), releases: tn("releases.note.releases", releases) });
}

export function kindLabel(kind: ReleaseKind): string {
  return t(`releases.kind.${kind}`);
}

/** "1 January 2025 – 31 December 2025". */
export function periodDays(from: string, to: string): string {
  return `${dateInWords(from)} – ${dateInWords(to)}`;
}

/** What a release published: cells of a report, rows of a CTDC file. */
export function publishedText(r: ReleaseView): string {
  return tn(r.kind === "ctdc" ? "releases.rows" : "releases.cells", r.published);
}

/** What it withheld; "—" for a CTDC file, which leaves rows out instead. */
export function withheldText(r: ReleaseView): string {
  return r.kind === "ctdc" ? t("caseFile.none") : tn("releases.cells", r.suppressed);
}

/** How many of those the joint check withheld only to protect earlier releases, if any. */
export function withheldForEarlierText(r: ReleaseView): string | null {
  return r.kind !== "ctdc" && r.suppressedForEarlierReleases > 0 ? t("releases.withheldEarlier", { earlier: r.suppressedForEarlierReleases }) : null;
}

/** Whether the next reports are still checked against it. */
export const isBinding = (r: ReleaseView): boolean => !r.retiredAt;

/** "In the check", or when, by whom and why it was retired. */
export function stateText(r: ReleaseView): string {
  if (isBinding(r)) return t("releases.binding");
  return t("releases.retiredState", { time: formatDateTime(r.retiredAt!), user: r.retiredBy ?? "", reason: r.retiredReason ?? "" });
}

/** The releases of `kinds`, newest first (the core's order). */
export function releasesOf(all: readonly ReleaseView[], kinds: readonly ReleaseKind[]): ReleaseView[] {
  return all.filter((r) => kinds.includes(r.kind));
}

// ---- CTDC ------------------------------------------------------------------------------------

/** "Citizenship: UN region instead of the country", or the column and word when new. */
export function generalizationText(g: CtdcGeneralization): string {
  const key = `ctdc.gen.${g.column}.${g.to}`;
  return hasKey(key) ? t(key) : t("ctdc.gen.other", { column: g.column, to: g.to });
}

/** The CTDC file's name the save dialog proposes. */
export function ctdcFileName(from: string, to: string): string {
  return `haven-ctdc-${from}-to-${to}.csv`;
}

// ---- Errors ----------------------------------------------------------------------------------

/** The fields of these commands whose errors have their own words in every language. */
const FIELD_WORDS = ["reason", "release", "report", "minK", "from", "to"] as const;

/**
 * An error of the ledger's or the CTDC export's commands: in English the core's own words; in
 * another language the field's (never an English sentence on a translated screen).
 */
export function releaseMessage(error: IpcError): string {
  const own = error.message.trim();
  if (error.kind !== "invalid" || !error.field || !(FIELD_WORDS as readonly string[]).includes(error.field) || (own && language() === "en")) {
    return errorMessage(error);
  }
  return t(`releases.error.${error.field as (typeof FIELD_WORDS)[number]}`);
}
