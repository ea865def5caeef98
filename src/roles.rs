//! Roles and what each allows. The matrix is product.md's; it is enforced here, in the core,
//! whatever shell asks.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A user's role. A user holds one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Role {
    /// Shelter staff: intake, referrals, shelter stays, the bed board.
    Intake,
    /// Owns cases and records the services people receive.
    Caseworker,
    /// Sees caseloads and produces the anonymized indicator report.
    Supervisor,
    /// Users, roles, settings, backups, the audit log.
    Admin,
}

impl Role {
    /// Every role, in the order they are listed to users.
    pub const ALL: [Role; 4] = [
        Role::Intake,
        Role::Caseworker,
        Role::Supervisor,
        Role::Admin,
    ];

    /// The name used on the command line and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Intake => "intake",
            Role::Caseworker => "caseworker",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    /// Whether this role grants `permission` (product.md's matrix).
    pub fn grants(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Intake => matches!(permission, ManageIntake | ReadIdentity | ReadCaseData),
            Role::Caseworker => matches!(
                permission,
                ManageIntake
                    | ReadIdentity
                    | RecordServices
                    | ReadCaseData
                    | ExportInterchange
                    | ImportInterchange
            ),
            Role::Supervisor => matches!(permission, ReadCaseData | ProduceReport),
            Role::Admin => matches!(permission, ImportInterchange | Administer | ConsentOverride),
        }
    }
}

impl std::str::FromStr for Role {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Self> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                crate::Error::invalid(
                    "role",
                    "Unknown role; expected one of intake, caseworker, supervisor, admin.",
                )
            })
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a user may be allowed to do. The app asks the core which ones the signed-in user
/// holds ([`crate::SessionInfo`]) instead of keeping its own copy of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Permission {
    /// Create cases and referrals; admit, discharge and move shelter stays.
    ManageIntake,
    /// Read names, birth dates, contacts, notes, documents and employers (an employer names
    /// where the person was).
    ReadIdentity,
    /// Record services, allowances, training, jobs, consent and notes.
    RecordServices,
    /// Read non-identifying case data: codes, categories, dates, events.
    ReadCaseData,
    /// Produce and export the anonymized indicator report.
    ProduceReport,
    /// Export the interchange format, identities included.
    ExportInterchange,
    /// Import the interchange format.
    ImportInterchange,
    /// Users, roles, settings, backups, the audit log.
    Administer,
    /// Refer without a valid consent, giving the reason (danger to life, a court order):
    /// administrators, and users an administrator granted it to (lifecycle.md).
    ConsentOverride,
}

impl Permission {
    /// Every permission, in the order of product.md's matrix.
    pub const ALL: [Permission; 9] = [
        Permission::ManageIntake,
        Permission::ReadIdentity,
        Permission::RecordServices,
        Permission::ReadCaseData,
        Permission::ProduceReport,
        Permission::ExportInterchange,
        Permission::ImportInterchange,
        Permission::Administer,
        Permission::ConsentOverride,
    ];

    /// The permission in words, for "your roles do not allow you to …".
    pub fn describe(self) -> &'static str {
        match self {
            Permission::ManageIntake => "create cases or manage shelter stays",
            Permission::ReadIdentity => "see identifying information",
            Permission::RecordServices => "record services",
            Permission::ReadCaseData => "see case data",
            Permission::ProduceReport => "produce the indicator report",
            Permission::ExportInterchange => "export case records",
            Permission::ImportInterchange => "import case records",
            Permission::Administer => "manage users, settings and backups",
            Permission::ConsentOverride => "refer without a valid consent",
        }
    }

    /// The word of a permission granted to one user (`consent_override`); `None` for those
    /// only roles grant.
    pub fn grant_word(self) -> Option<&'static str> {
        match self {
            Permission::ConsentOverride => Some("consent_override"),
            _ => None,
        }
    }

    /// The permission a grant word names.
    pub fn from_grant_word(word: &str) -> crate::Result<Self> {
        Permission::ALL
            .into_iter()
            .find(|p| p.grant_word() == Some(word.trim()))
            .ok_or_else(|| {
                crate::Error::invalid(
                    "permission",
                    "Unknown permission; the one that can be granted to a user is consent_override.",
                )
            })
    }
}

/// Whether any of `roles` grants `permission`.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|r| r.grants(permission))
}

/// Every permission `roles` and the user's own `grants` give, in [`Permission::ALL`] order.
pub fn granted(roles: &[Role], grants: &[Permission]) -> Vec<Permission> {
    Permission::ALL
        .into_iter()
        .filter(|p| allows(roles, *p) || grants.contains(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    /// product.md's matrix, row by row: (permission, intake, caseworker, supervisor, admin).
    const MATRIX: &[(Permission, [bool; 4])] = &[
        (ManageIntake, [true, true, false, false]),
        (ReadIdentity, [true, true, false, false]),
        (RecordServices, [false, true, false, false]),
        (ReadCaseData, [true, true, true, false]),
        (ProduceReport, [false, false, true, false]),
        (ExportInterchange, [false, true, false, false]),
        (ImportInterchange, [false, true, false, true]),
        (Administer, [false, false, false, true]),
        (ConsentOverride, [false, false, false, true]),
    ];

    #[test]
    fn every_role_grants_exactly_its_cells_of_the_matrix() {
        for (permission, row) in MATRIX {
            for (role, expected) in Role::ALL.iter().zip(row) {
                assert_eq!(role.grants(*permission), *expected, "{role} {permission:?}");
            }
        }
    }

    #[test]
    fn roles_parse_from_their_names() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("root".parse::<Role>().is_err());
    }
}
