// What the signed-in user may do, as the core computed it from their roles
// (SessionInfo.permissions). No role name decides anything here; the core checks again.
import type { Permission } from "./bindings/Permission";
import type { SessionInfo } from "./bindings/SessionInfo";

export const may = (s: SessionInfo, permission: Permission): boolean => s.permissions.includes(permission);

/** Case list, case files, dashboard figures, shelter board. */
export const canSeeCases = (s: SessionInfo) => may(s, "readCaseData");
/** Names, birth date, contacts, notes, history, documents. */
export const canReadIdentity = (s: SessionInfo) => may(s, "readIdentity");
/** Create cases and referrals, manage shelter stays. */
export const canManage = (s: SessionInfo) => may(s, "manageIntake");
/** Services, allowances, training, jobs, consent, notes; close a case. */
export const canRecord = (s: SessionInfo) => may(s, "recordServices");
/** The indicator report. */
export const canReport = (s: SessionInfo) => may(s, "produceReport");
/** Users, audit log, settings, backups. */
export const isAdmin = (s: SessionInfo) => may(s, "administer");
/** Adding organizations: intake staff and administrators. */
export const canAddOrganizations = (s: SessionInfo) => may(s, "manageIntake") || may(s, "administer");
/** Refer without a valid consent, for a typed reason (admins, and users granted it). */
export const canOverrideConsent = (s: SessionInfo) => may(s, "consentOverride");
