// Every user-facing string lives here. To add a language, add a table with the
// same keys (the type checker enforces completeness) and register it in `tables`.

const en = {
  "app.name": "Haven",
  "app.tagline": "Encrypted case records, kept on this computer only.",
  "app.startFailed": "Haven could not open the vault.",
  "app.retry": "Try again",

  "field.required": "This field is required.",
  "busy.working": "Please wait…",

  "firstRun.title": "Set up Haven",
  "firstRun.intro":
    "No vault exists on this computer yet. Create one and its first administrator. Everything you store in Haven is encrypted with keys derived from passphrases.",
  "firstRun.adminName": "Administrator user name",
  "firstRun.adminNameHint": "The name this administrator types to sign in.",
  "firstRun.passphrase": "Passphrase",
  "firstRun.passphraseAgain": "Passphrase again",
  "firstRun.passphraseHint": "At least 12 characters; a few unrelated words work well.",
  "firstRun.mismatch": "The passphrases do not match.",
  "firstRun.create": "Create vault",
  "firstRun.creating": "Creating vault…",

  "strength.label": "Passphrase strength",
  "strength.empty": "Not entered yet",
  "strength.0": "Very weak",
  "strength.1": "Weak",
  "strength.2": "Fair",
  "strength.3": "Good",
  "strength.4": "Strong",

  "recovery.title": "Your recovery key",
  "recovery.intro":
    "This key is shown only once. With it, an administrator can reset any passphrase, including their own. Anyone who has it can take over an administrator account, so keep it offline and locked away.",
  "recovery.keyLabel": "Recovery key",
  "recovery.print": "Print",
  "recovery.printNote": "Write it down or print it, then store it in a safe place. Haven does not keep a readable copy.",
  "recovery.stored": "I have stored the recovery key in a safe place",
  "recovery.continue": "Continue",

  "unlock.title": "Unlock Haven",
  "unlock.intro": "Sign in with your user name and passphrase.",
  "unlock.userName": "User name",
  "unlock.passphrase": "Passphrase",
  "unlock.submit": "Unlock",
  "unlock.busy": "Unlocking…",
  "unlock.lockedIdle": "Haven locked itself after a period of inactivity.",
  "unlock.lockedManual": "Haven is locked.",

  "dashboard.signedInAs": "Signed in as",
  "dashboard.roles": "Roles",
  "dashboard.lock": "Lock",
  "dashboard.lockShortcut": "Ctrl+L",
  "dashboard.casesTitle": "Cases",
  "dashboard.empty": "No cases yet. Case records arrive in a later version.",
  "dashboard.autoLock.one": "Haven locks after {count} minute without keyboard or mouse activity.",
  "dashboard.autoLock.other": "Haven locks after {count} minutes without keyboard or mouse activity.",

  "dashboard.reportsTitle": "Reports",
  "dashboard.reportsIntro": "Anonymized counts for a ministry or a donor, with small numbers hidden.",
  "dashboard.openReport": "Indicator report",

  "report.title": "Indicator report",
  "report.back": "Back to cases",
  "report.intro":
    "Counts of distinct victims for a period. No names, codes or dates finer than the period leave this computer, and small counts are hidden so that nobody can be recognized.",
  "report.formTitle": "What to report",
  "report.period": "Period",
  "report.preset": "Period type",
  "report.preset.calendar-year": "Calendar year",
  "report.preset.april-march": "April – March",
  "report.preset.custom": "Custom range",
  "report.year": "Year",
  "report.yearAprilMarch": "Year the period starts in",
  "report.yearOption.april-march": "April {start} – March {end}",
  "report.from": "First day",
  "report.to": "Last day",
  "report.periodWords": "{from} to {to}, both days included",
  "report.periodIncomplete": "Choose the first and the last day of the period.",
  "report.periodReversed": "The last day is before the first day.",
  "report.dateInvalid": "Enter a date as year-month-day, for example 2024-01-31.",
  "report.minCell": "Minimum cell size (k)",
  "report.minCellHint": "Counts smaller than this are hidden in the report.",
  "report.minCellBounds": "Counts smaller than this are hidden in the report. Allowed: {lowest} to {highest}; the vault's default is {default}.",
  "report.minCellInvalid": "Enter a whole number from {lowest} to {highest}.",
  "report.smallCountsWarning":
    "With a minimum cell size below {limit}, the report holds exact small counts. It is marked as such, and making or saving it is recorded in the audit log.",
  "report.preview": "Show preview",
  "report.previewBusy": "Making the preview…",
  "report.exportTitle": "Save the report",
  "report.exportHint": "Show the preview first. A saved file holds exactly what the preview shows.",
  "report.exportReady": "The file will hold exactly the preview below.",
  "report.resultsStale": "The figures below belong to the last preview, not to the inputs above. Show the preview again to update them.",
  "report.stale": "The period or the minimum cell size has changed. Show the preview again before saving.",
  "report.save.json": "Save as JSON",
  "report.save.csv": "Save as CSV",
  "report.save.xlsx": "Save as Excel (XLSX)",
  "report.filter.json": "JSON report",
  "report.filter.csv": "CSV table",
  "report.filter.xlsx": "Excel workbook",
  "report.saved": "Saved {name} ({size})",
  "report.size.bytes.one": "{count} byte",
  "report.size.bytes.other": "{count} bytes",
  "report.size.kb": "{size} KB",
  "report.size.mb": "{size} MB",
  "report.summary": "Period: {period}. Minimum cell size k = {k}.",
  "report.exactSmallCounts": "This report holds exact small counts and is marked as such.",

  "report.legend.title": "How small counts are protected",
  "report.legend.marker": "marks a hidden (suppressed) number.",
  "report.legend.none": "No count is hidden for being small, because the minimum cell size is 1.",
  "report.legend.one": "A count of 1 is hidden, because such a small number could point to a person.",
  "report.legend.range": "Counts from 1 to {max} are hidden, because such small numbers could point to a person.",
  "report.legend.secondary": "Some larger counts are hidden too, so that a hidden count cannot be worked out from a total and the other numbers.",
  "report.legend.table": "When a table's total is below {k}, the whole table is hidden.",
  "report.legend.zero": "Zero is always shown.",
  "report.legend.amounts": "An amount is shown only when at least {k} people were paid in that currency.",

  "report.suppressed": "suppressed",
  "report.suppressedMarker": "c",
  "report.suppressedTitle": "Hidden to protect the people counted (suppressed)",
  "report.multiValued": "One person can count in several rows, so the rows may add up to more than the total.",
  "report.noAmounts": "No allowance was paid in this period.",
  "report.noCells": "Nothing to show for this period.",
  "report.chartLabel": "Bar chart, {title}, {group}: {items}.",
  "report.chartItem": "{label} {value}",

  "report.col.count": "Victims",
  "report.col.amount": "Amount",
  "report.group.total": "Total",
  "report.group.sex": "By sex",
  "report.group.age_group": "By age group",
  "report.group.sex,age_group": "By sex and age group",
  "report.group.exploitation": "By form of exploitation",
  "report.group.recognition": "By recognition",
  "report.group.sector": "By sector of the receiving organization",
  "report.group.currency": "By currency",
  "report.dim.total": "Total",
  "report.dim.sex": "Sex",
  "report.dim.age_group": "Age group",
  "report.dim.exploitation": "Form of exploitation",
  "report.dim.recognition": "Recognition",
  "report.dim.sector": "Sector",
  "report.dim.currency": "Currency",
  "report.rowTotal": "All",

  "report.indicator.victims_identified": "Victims identified",
  "report.indicator.referred_to_shelter": "Referred to a shelter",
  "report.indicator.sheltered": "Sheltered",
  "report.indicator.received_legal_support": "Received legal support",
  "report.indicator.received_medical_support": "Received medical support",
  "report.indicator.received_psychological_support": "Received psychological support",
  "report.indicator.allowance_recipients": "Received the allowance",
  "report.indicator.allowance_amount": "Allowance paid (amount)",
  "report.indicator.vocational_training": "Started vocational training",
  "report.indicator.job_placements": "Placed in a job",
  "report.indicator.referred_to_ngo": "Referred to an NGO",
  "report.indicator.referred_to_assistance_center": "Referred to the Victim Assistance Center",

  "report.sex.female": "Female",
  "report.sex.male": "Male",
  "report.sex.other": "Other",
  "report.sex.unknown": "Unknown",
  "report.age_group.child": "Child (under 18)",
  "report.age_group.adult": "Adult",
  "report.age_group.unknown": "Unknown",
  "report.exploitation.sexual": "Sexual exploitation",
  "report.exploitation.forced_labour": "Forced labour",
  "report.exploitation.domestic_servitude": "Domestic servitude",
  "report.exploitation.forced_begging": "Forced begging",
  "report.exploitation.forced_criminality": "Forced criminality",
  "report.exploitation.forced_marriage": "Forced marriage",
  "report.exploitation.organ_removal": "Organ removal",
  "report.exploitation.other": "Other",
  "report.recognition.potential": "Potential",
  "report.recognition.recognized": "Recognized",
  "report.sector.state": "State",
  "report.sector.ngo": "NGO",
  "report.sector.international": "International",
  "report.sector.private": "Private",

  "role.intake": "Intake",
  "role.caseworker": "Caseworker",
  "role.supervisor": "Supervisor",
  "role.admin": "Admin",

  // Fallbacks only: the core's own messages are already written for users.
  "error.wrongCredentials": "The user name or passphrase is wrong.",
  "error.noVault": "There is no vault on this computer.",
  "error.vaultExists": "A vault already exists on this computer.",
  "error.damaged": "The vault is damaged and cannot be opened.",
  "error.forbidden": "You are not allowed to do this.",
  "error.invalid": "Please check this value.",
  "error.weakPassphrase": "This passphrase is too easy to guess.",
  "error.locked": "Haven is locked.",
  "error.notFound": "That record was not found.",
  "error.storage": "Haven could not read or write its files.",
  "error.internal": "Something went wrong inside Haven.",
} as const;

export type MessageKey = keyof typeof en;
export type Table = Record<MessageKey, string>;

const tables: Record<string, Table> = { en };
let current: Table = en;
let currentLang = "en";

/** Switch language; unknown languages fall back to English. Returns the language in use. */
export function setLanguage(lang: string): string {
  const table = tables[lang];
  current = table ?? en;
  currentLang = table ? lang : "en";
  return currentLang;
}

export function language(): string {
  return currentLang;
}

/** The locale for dates and numbers (Intl): English uses day-month-year, not the US order. */
const intlLocales: Record<string, string> = { en: "en-GB" };
export function intlLocale(): string {
  return intlLocales[currentLang] ?? currentLang;
}

/** Look up a string; `{name}` placeholders are replaced from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = current[key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * Plural forms: looks up `${base}.${category}` (Intl.PluralRules categories:
 * one, few, many, other…) and falls back to `${base}.other`. `{count}` is filled in.
 */
export function tn(base: string, count: number): string {
  const category = new Intl.PluralRules(currentLang).select(count);
  const key = [`${base}.${category}`, `${base}.other`].find(hasKey);
  return key ? t(key, { count }) : base;
}

/** Keys whose name is built at run time (error kinds, roles, strength scores). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
