// Test fixture: the permissions the core grants each role, as the core itself wrote them
// (tests/ui_fixtures.rs writes bindings/permissions.json from src/roles.rs), so that fake
// sessions carry `permissions` consistent with their `roles` without a copy of the matrix.
import type { Permission } from "../bindings/Permission";
import type { Role } from "../bindings/Role";
import matrix from "../bindings/permissions.json";

const ORDER = matrix.order as Permission[];
const GRANTS = matrix.roles as Record<Role, Permission[]>;

/** Every permission `roles` grant, in the core's order. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return ORDER.filter((p) => roles.some((r) => GRANTS[r].includes(p)));
}
