// Pure helpers of the vault check (admin): what a check of the whole vault found, as findings
// built from the report's fields (most serious first, in the core's order), and the words the
// screen shows for them. Never built from the core's English sentences. Unit-tested.
import type { IntegrityReport } from "./bindings/IntegrityReport";
import { t, tn } from "./i18n";

/** One thing the check found wrong. */
export type Finding =
  | { kind: "changesMissing" }
  | { kind: "anchorMissing" }
  | { kind: "anchorUnreadable" }
  | { kind: "damagedPages"; count: number }
  | { kind: "brokenStructure" }
  | { kind: "brokenChain"; seq: number }
  | { kind: "trailingBytes"; count: number }
  | { kind: "keyFileChanged" };

/** What is wrong, most serious first; empty when the vault is intact. */
export function findings(report: IntegrityReport): Finding[] {
  const out: Finding[] = [];
  switch (report.anchor) {
    case "reached":
      break;
    case "notReached":
      out.push({ kind: "changesMissing" });
      break;
    case "missing":
      out.push({ kind: "anchorMissing" });
      break;
    case "unreadable":
      out.push({ kind: "anchorUnreadable" });
      break;
  }
  if (report.damagedPages > 0) out.push({ kind: "damagedPages", count: report.damagedPages });
  if (!report.structureIntact) out.push({ kind: "brokenStructure" });
  if (report.chain.first_broken !== null) out.push({ kind: "brokenChain", seq: report.chain.first_broken });
  // A log cut off before the anchor's head: saved changes are missing (said once).
  else if (report.chain.truncated && report.anchor === "reached") out.push({ kind: "changesMissing" });
  if (report.trailingBytes > 0) out.push({ kind: "trailingBytes", count: report.trailingBytes });
  if (report.keyFile === "changed") out.push({ kind: "keyFileChanged" });
  return out;
}

/**
 * "intact": nothing found; "keyFile": only the key file was changed (an administrator repairs
 * it here); "damaged": anything else (the way forward is the last backup).
 */
export type CheckState = "intact" | "keyFile" | "damaged";

export function checkState(found: readonly Finding[]): CheckState {
  if (!found.length) return "intact";
  return found.every((f) => f.kind === "keyFileChanged") ? "keyFile" : "damaged";
}

/** Whether the check offers "Repair the key file". */
export function canRepair(found: readonly Finding[]): boolean {
  return found.some((f) => f.kind === "keyFileChanged");
}

/** The sentence of one finding, in the language in use. */
export function findingText(f: Finding): string {
  switch (f.kind) {
    case "changesMissing":
      return t("check.finding.changesMissing");
    case "anchorMissing":
      return t("check.finding.anchorMissing");
    case "anchorUnreadable":
      return t("check.finding.anchorUnreadable");
    case "damagedPages":
      return tn("check.finding.damagedPages", f.count);
    case "brokenStructure":
      return t("check.finding.brokenStructure");
    case "brokenChain":
      return t("check.finding.brokenChain", { seq: f.seq });
    case "trailingBytes":
      return tn("check.finding.trailingBytes", f.count);
    case "keyFileChanged":
      return t("check.finding.keyFileChanged");
  }
}

/** What the result says: a headline, its lines (what was checked, or each finding), advice. */
export interface CheckSummary {
  state: CheckState;
  headline: string;
  /** The kinds of `lines` when they are findings (for the screen's data attributes). */
  kinds: Finding["kind"][];
  lines: string[];
  /** What to do next, or null when nothing is to be done. */
  advice: string | null;
}

export function checkSummary(report: IntegrityReport): CheckSummary {
  const found = findings(report);
  const state = checkState(found);
  if (state === "intact") {
    return {
      state,
      headline: t("check.intact"),
      kinds: [],
      lines: [tn("check.intact.pages", report.pages), tn("check.intact.chain", report.chain.entries), t("check.intact.keyFile")],
      advice: null,
    };
  }
  return {
    state,
    headline: tn("check.found", found.length),
    kinds: found.map((f) => f.kind),
    lines: found.map(findingText),
    advice: state === "damaged" ? t("check.adviceDamaged") : null,
  };
}

/** What the screen announces after "Repair the key file" and the check run after it. */
export function repairText(repaired: boolean, after: IntegrityReport): string {
  if (findings(after).some((f) => f.kind === "keyFileChanged")) return t("check.repairStill");
  return repaired ? t("check.repaired") : t("check.nothingToRepair");
}
