// The release ledger (every report saved and CTDC file written, checked together with the
// next ones) and the CTDC microdata export.
export const releases = {
  // The note beside a report's tables.
  "releases.note":
    "{cells} withheld to protect {releases}: together with the reports already released, these figures would let someone work out small counts. They are marked c like the other hidden numbers.",
  "releases.note.cells.one": "{count} cell",
  "releases.note.cells.few": "{count} cells",
  "releases.note.cells.many": "{count} cells",
  "releases.note.cells.other": "{count} cells",
  "releases.note.releases.one": "the {count} earlier release",
  "releases.note.releases.few": "the {count} earlier releases",
  "releases.note.releases.many": "the {count} earlier releases",
  "releases.note.releases.other": "the {count} earlier releases",

  // The ledger.
  "releases.title": "Earlier releases",
  "releases.intro":
    "Every report saved and every CTDC file written is a release: it has left this computer. Each new report is checked together with these, and cells that would let someone work out a small count by comparing reports are withheld. A preview is not a release.",
  "releases.introConsolidated":
    "Every consolidated report saved is a release. Each new consolidated report is checked together with these, and cells that would let someone work out a small count by comparing them are withheld. A preview is not a release.",
  "releases.loading": "Reading the releases…",
  "releases.loadFailed": "The releases could not be read: {message}",
  "releases.empty": "Nothing has been released yet: no report has been saved and no CTDC file written.",
  "releases.emptyConsolidated": "No consolidated report has been saved yet.",
  "releases.caption": "Releases, newest first",
  "releases.col.id": "No.",
  "releases.col.period": "Period",
  "releases.col.kind": "What",
  "releases.col.k": "k",
  "releases.col.published": "Published",
  "releases.col.withheld": "Withheld",
  "releases.col.released": "Released",
  "releases.col.state": "Check",
  "releases.col.actions": "Actions",
  "releases.kind.indicators": "Indicator report",
  "releases.kind.consolidated": "Consolidated report",
  "releases.kind.ctdc": "CTDC microdata",
  "releases.kindFormat": "{kind}, {format}",
  "releases.cells.one": "{count} cell",
  "releases.cells.few": "{count} cells",
  "releases.cells.many": "{count} cells",
  "releases.cells.other": "{count} cells",
  "releases.rows.one": "{count} row",
  "releases.rows.few": "{count} rows",
  "releases.rows.many": "{count} rows",
  "releases.rows.other": "{count} rows",
  "releases.withheldEarlier": "{earlier} of them to protect earlier releases",
  "releases.releasedBy": "by {user}",
  "releases.binding": "In the check",
  "releases.retiredShort": "Retired",
  "releases.retiredState": "On {time} by {user}: {reason}",

  // Retiring a release (administrators).
  "releases.retire": "Retire",
  "releases.retireFor": "Retire release {id}",
  "releases.retireQuestion":
    "Retire release {id} ({period}) from the check? New reports are then no longer checked against it, so together with it they may reveal small counts. Do this only when it never reached anyone or was withdrawn everywhere. It stays listed, with your name and the reason.",
  "releases.reason": "Why it no longer needs protecting",
  "releases.reasonHint": "Required, at most 500 characters; kept in the ledger and shown here. For example: withdrawn before publication.",
  "releases.retireConfirm": "Retire release {id}",
  "releases.retiring": "Retiring…",
  "releases.retired": "Release {id} was retired from the check.",

  // Administration → Releases.
  "releases.open": "Releases",
  "releases.screenTitle": "Releases",
  "releases.screenIntro":
    "The reports and files that left this vault, newest first. Each new report is checked together with them. An administrator may retire a release from the check, with a reason, when it never reached anyone or was withdrawn.",

  // Errors by field, in languages other than English.
  "releases.error.reason": "Say why this release no longer needs protecting, in at most 500 characters.",
  "releases.error.release": "This release cannot be retired: it is not in the ledger, or was retired already.",
  "releases.error.report":
    "Another report was released, or one retired, since this preview. Show the preview again, so that it is checked against every release, then save it.",
  "releases.error.minK": "Enter a whole number from 1 to 100.",
  "releases.error.from": "Enter a date as year-month-day, for example 2024-01-31.",
  "releases.error.to": "Enter a date as year-month-day; the last day must not be before the first.",

  // The CTDC microdata export.
  "ctdc.title": "CTDC microdata",
  "ctdc.intro":
    "One row per case identified here in the period, in the columns of the Counter Trafficking Data Collaborative's global dataset: no name, code, organization, note or date finer than the year. Every combination of year, gender, age, majority status, citizenship and country of exploitation occurs at least k times: details are generalized first, then rows that are still rare are left out.",
  "ctdc.from": "First day",
  "ctdc.to": "Last day",
  "ctdc.minK": "Smallest group (k)",
  "ctdc.minKHint": "Each combination in the file occurs at least k times. Allowed: {lowest} to {highest}; the vault's default is {default}.",
  "ctdc.preview": "Preview the export",
  "ctdc.previewing": "Counting…",
  "ctdc.export": "Export to CSV…",
  "ctdc.exporting": "Writing…",
  "ctdc.exportHint":
    "Preview first. The export writes the CSV file you choose and, beside it, a metadata file (NAME.meta.json) that says how the file was protected. Both are meant to leave this computer: the export is recorded as a release.",
  "ctdc.stale": "The period or k has changed. Preview again before exporting.",
  "ctdc.resultCaption": "What the file would hold",
  "ctdc.rowsCounted": "Cases identified in the period",
  "ctdc.rowsWritten": "Rows written",
  "ctdc.rowsSuppressed": "Rows left out (still too rare once generalized)",
  "ctdc.level": "Generalization reached",
  "ctdc.levelValue": "step {level} of 5",
  "ctdc.generalized": "Shown with less detail",
  "ctdc.noGeneralization": "Nothing: every column keeps its full detail.",
  "ctdc.gen.ageBroad.majority_status_only": "Age: adult or minor only, no age band",
  "ctdc.gen.citizenship.m49_sub_region": "Citizenship: UN sub-region instead of the country",
  "ctdc.gen.citizenship.m49_region": "Citizenship: UN region instead of the country",
  "ctdc.gen.CountryOfExploitation.m49_sub_region": "Country of exploitation: UN sub-region instead of the country",
  "ctdc.gen.CountryOfExploitation.m49_region": "Country of exploitation: UN region instead of the country",
  "ctdc.gen.other": "{column}: {to}",
  "ctdc.nothingWritten": "No combination is common enough at this k: the file would hold the column names only.",
  "ctdc.exactSmallCounts": "With k below 5 the file may single out small groups of people, and its metadata says so.",
  "ctdc.filter": "CSV file",
  "ctdc.exported": "Saved {name} ({rows}) and, beside it, {metadata}. Recorded as release {release}.",

  // The audit log's words for these actions.
  "audit.action.export.ctdc": "CTDC microdata exported",
  "audit.action.report.release.retire": "Release retired from the check",
} as const;
