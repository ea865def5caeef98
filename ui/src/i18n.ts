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
