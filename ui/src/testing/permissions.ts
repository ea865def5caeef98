// Test fixture: the permissions the core grants each role (src/roles.rs, product.md's
// matrix), so that fake sessions carry `permissions` consistent with their `roles`.
import type { Permission } from "../bindings/Permission";
import type { Role } from "../bindings/Role";

const ALL: readonly Permission[] = [
  "manageIntake", "readIdentity", "recordServices", "readCaseData", "produceReport", "exportInterchange", "importInterchange", "administer",
];

const GRANTS: Record<Role, readonly Permission[]> = {
  intake: ["manageIntake", "readIdentity", "readCaseData"],
  caseworker: ["manageIntake", "readIdentity", "recordServices", "readCaseData", "exportInterchange", "importInterchange"],
  supervisor: ["readCaseData", "produceReport"],
  admin: ["importInterchange", "administer"],
};

/** Every permission `roles` grant, in the core's order. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return ALL.filter((p) => roles.some((r) => GRANTS[r].includes(p)));
}
