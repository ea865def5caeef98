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

  "account.change": "Change my passphrase",
  "account.title": "Change my passphrase",
  "account.back": "Back to cases",
  "account.intro": "Choose a new passphrase for signing in. Your current one stops working as soon as the new one is saved.",
  "account.current": "Current passphrase",
  "account.new": "New passphrase",
  "account.newHint": "At least 12 characters; a few unrelated words work well.",
  "account.again": "New passphrase again",
  "account.save": "Change passphrase",
  "account.busy": "Changing…",
  "account.saved": "Your passphrase was changed. Use the new one from your next unlock.",

  "passphrase.mismatch": "The passphrases do not match.",

  "admin.dashboard.title": "Administration",
  "admin.dashboard.intro": "Who can unlock Haven and with which roles, the audit log, and the vault's settings.",
  "admin.openUsers": "Users and roles",
  "admin.openAudit": "Audit log",
  "admin.openSettings": "Settings",
  "admin.back": "Back to cases",
  "admin.cancel": "Cancel",
  "admin.none": "—",

  "users.title": "Users and roles",
  "users.intro": "Everyone who can unlock Haven, with the roles that decide what they may see and do.",
  "users.listTitle": "Users",
  "users.caption": "Users who can unlock Haven",
  "users.col.name": "User name",
  "users.col.roles": "Roles",
  "users.col.added": "Added on",
  "users.col.actions": "Actions",
  "users.you": "you",
  "users.loading": "Loading users…",
  "users.changeRoles": "Change roles",
  "users.changeRolesFor": "Change roles: {name}",
  "users.remove": "Remove",
  "users.removeFor": "Remove: {name}",
  "users.reset": "Reset passphrase",
  "users.resetFor": "Reset passphrase: {name}",
  "users.rolesLegend": "Roles of {name}",
  "users.rolesRequired": "Choose at least one role.",
  "users.saveRoles": "Save roles",
  "users.savingRoles": "Saving…",
  "users.rolesSaved": "The roles of {name} were saved.",
  "users.removeConfirm": "Remove {name}? {name}'s passphrase will open nothing any more. Their entries in the audit log stay.",
  "users.removeConfirmButton": "Remove {name}",
  "users.removing": "Removing…",
  "users.removed": "{name} was removed.",
  "users.resetIntro": "For a user who forgot their passphrase: type the recovery key and a new passphrase for {name}, then hand it over in person.",
  "users.recoveryKey": "Recovery key",
  "users.recoveryKeyHint": "8 groups of 4 letters and digits, as printed when it was made.",
  "users.resetPassphrase": "New passphrase for {name}",
  "users.resetPassphraseAgain": "New passphrase again",
  "users.resetSave": "Reset passphrase",
  "users.resetting": "Resetting…",
  "users.resetDone": "The passphrase of {name} was reset. Hand it over in person; they can change it after unlocking.",
  "users.addTitle": "Add a user",
  "users.newName": "User name",
  "users.newNameHint": "The name they type to sign in.",
  "users.newRoles": "Roles",
  "users.newPassphrase": "First passphrase",
  "users.newPassphraseHint": "Hand it over in person; they can change it after unlocking.",
  "users.newPassphraseAgain": "First passphrase again",
  "users.add": "Add user",
  "users.adding": "Adding…",
  "users.added": "{name} was added. Hand the passphrase over in person.",
  "users.recoveryTitle": "Recovery key",
  "users.recoveryIntro":
    "With the recovery key, an administrator can reset any passphrase. Replace it when it may have been seen by someone who should not have it, or when an administrator leaves.",
  "users.replaceRecovery": "Replace the recovery key",
  "users.replaceConfirm": "The current recovery key will stop working. The new one is shown only once, so be ready to print it or write it down.",
  "users.replaceConfirmButton": "Replace it now",
  "users.replacing": "Replacing…",
  "users.replacedTitle": "Your new recovery key",
  "users.replacedIntro":
    "The previous recovery key opens nothing any more. This key is shown only once. Anyone who has it can take over an administrator account, so keep it offline and locked away.",
  "users.replacedContinue": "Back to users",
  "users.dataKeyTitle": "Data key",
  "users.dataKeyIntro":
    "Re-encrypt the vault under a new key after a user leaves, or when a copy of the vault may be in the wrong hands. Every other user gets a temporary passphrase, and a new recovery key replaces the current one.",
  "users.rotate": "Re-encrypt under a new key",
  "users.rotateConfirm":
    "This re-encrypts the vault under a new key. Afterwards everyone, you included, unlocks again: you with your own passphrase, the others with a temporary passphrase you hand over in person.",
  "users.rotatePassphrase": "Your passphrase",
  "users.rotatePassphraseHint": "To confirm that it is you.",
  "users.rotateConfirmButton": "Re-encrypt and lock",

  "admin.rotating.title": "Re-encrypting the vault",
  "admin.rotating.intro": "Haven is re-encrypting every record under a new key. This can take a while; do not close Haven.",
  "admin.rotated.title": "The vault has a new key",
  "admin.rotated.intro":
    "Haven is locked now. Everyone, you included, unlocks again. This page is shown only once: store the new recovery key and note the temporary passphrases before you go on.",
  "admin.rotated.keyTitle": "New recovery key",
  "admin.rotated.keyNote": "The previous recovery key opens nothing any more.",
  "admin.rotated.tempTitle": "Temporary passphrases",
  "admin.rotated.tempIntro": "Hand each over in person; they change it after unlocking. You unlock with your own passphrase.",
  "admin.rotated.tempCaption": "Temporary passphrase of each user",
  "admin.rotated.col.user": "User name",
  "admin.rotated.col.passphrase": "Temporary passphrase",
  "admin.rotated.noOthers": "There are no other users.",
  "admin.rotated.print": "Print",
  "admin.rotated.stored": "I have stored the recovery key and noted the temporary passphrases",
  "admin.rotated.continue": "Go to the unlock screen",
  "admin.rotateFailed": "The vault was not re-encrypted: {message} Haven is locked; unlock again.",

  "audit.title": "Audit log",
  "audit.intro":
    "Who did what and when, for every read of an identity and every change. Entries cannot be edited; “Verify” checks that none was changed or removed.",
  "audit.filterTitle": "Find entries",
  "audit.user": "User name",
  "audit.case": "Case code",
  "audit.action": "Action",
  "audit.allActions": "All actions",
  "audit.from": "From (day)",
  "audit.to": "To (day)",
  "audit.daysHint": "Days are counted in UTC; times below are shown in this computer's time zone.",
  "audit.apply": "Show entries",
  "audit.applying": "Searching…",
  "audit.clear": "Clear",
  "audit.entriesTitle": "Entries, newest first",
  "audit.caption": "Audit log entries, newest first",
  "audit.col.seq": "No.",
  "audit.col.time": "Time",
  "audit.col.user": "User",
  "audit.col.action": "Action",
  "audit.col.case": "Case",
  "audit.col.outcome": "Outcome",
  "audit.col.detail": "Detail",
  "audit.empty": "No entries match.",
  "audit.count.one": "{count} entry shown.",
  "audit.count.other": "{count} entries shown.",
  "audit.countMore.one": "{count} entry shown; older ones match too.",
  "audit.countMore.other": "{count} entries shown; older ones match too.",
  "audit.more": "Load older entries",
  "audit.loadingMore": "Loading…",
  "audit.outcome.ok": "OK",
  "audit.verifyTitle": "Verify the log",
  "audit.verifyIntro":
    "Haven recomputes the chain that links every entry to the one before it. A changed or deleted entry breaks the chain.",
  "audit.head": "Kept head (optional)",
  "audit.headHint": "A head you kept earlier, written SEQ:MAC. With it, Haven also notices entries cut off at the end.",
  "audit.verify": "Verify",
  "audit.verifying": "Verifying…",
  "audit.verifyBusy": "Checking every entry…",
  "audit.intact.one": "The log is intact: {count} entry verified.",
  "audit.intact.other": "The log is intact: {count} entries verified.",
  "audit.currentHead": "Current head",
  "audit.headCopyHint": "Select and copy it, and keep it somewhere else to detect a cut-off tail later.",
  "audit.broken": "The log was changed: entry #{seq} is the first that does not fit.",
  "audit.truncated": "Entries after #{seq} are missing (the log was cut).",
  "audit.truncatedKept": "The kept head is entry #{seq}.",
  "audit.action.login": "Signed in",
  "audit.action.login.failed": "Failed sign-in",
  "audit.action.lock": "Locked",
  "audit.action.case.create": "Case created",
  "audit.action.case.change": "Case changed",
  "audit.action.case.read": "Case identity read",
  "audit.action.case.search": "Cases searched",
  "audit.action.document.add": "Document added",
  "audit.action.document.read": "Document read",
  "audit.action.import": "Import",
  "audit.action.export": "Export",
  "audit.action.organization": "Organization changed",
  "audit.action.report": "Indicator report made",
  "audit.action.user.add": "User added",
  "audit.action.user.remove": "User removed",
  "audit.action.user.roles": "Roles changed",
  "audit.action.user.passphrase_reset": "Passphrase reset",
  "audit.action.recovery_key.replace": "Recovery key replaced",
  "audit.action.key.rotate": "Data key rotated",
  "audit.action.settings": "Settings changed",

  "settings.title": "Settings",
  "settings.intro": "Settings that apply to everyone who uses this vault.",
  "settings.reportsTitle": "Indicator reports",
  "settings.minCell": "Default minimum cell size (k)",
  "settings.minCellHint": "Reports start with this value: counts smaller than it are hidden. A whole number from {lowest} to {highest}.",
  "settings.minCellInvalid": "Enter a whole number from {lowest} to {highest}.",
  "settings.save": "Save",
  "settings.saving": "Saving…",
  "settings.saved": "Saved. New reports start with k = {k}.",
  "settings.sessionTitle": "Locking",
  "settings.autoLock": "Automatic lock",
  "settings.autoLock.one": "After {count} minute without keyboard or mouse activity",
  "settings.autoLock.other": "After {count} minutes without keyboard or mouse activity",
  "settings.autoLockOff": "Off",
  "settings.autoLockNote": "Shown for information; it cannot be changed here.",
  "settings.languageTitle": "Language",
  "settings.languageNote": "Haven is in English for now. Azerbaijani and Russian, and a switch between them, come in a later version.",

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
