//! What a signed-in user does with case records: each method checks the permission, then runs
//! the domain's operation (`crate::cases`) in the write helper, or logs the read of identifying
//! data before handing it out.

use std::io::{BufRead, Write};

use super::Session;
use crate::audit::{Action, LogLine, Note};
use crate::cases::operations::{self as op, Amend, NewEntry};
use crate::cases::{
    self, board, documents, Admission, CaseFilter, CaseListItem, CaseView, DashboardFigures,
    DocumentInfo, DocumentKind, ExportSummary, Identification, ImportSummary, ShelterBoard,
};
use crate::records::interchange::*;
use crate::records::vocab::ReferralStatus;
use crate::records::{CaseRecord, CivilDate};
use crate::roles::Permission;
use crate::store;
use crate::{Error, Result};

impl Session {
    /// Imports an interchange file: all of it in one transaction, or nothing. Every problem is
    /// reported (up to [`cases::MAX_REPORTED_PROBLEMS`]) with its line and field. `progress` is
    /// told the number of lines read now and then.
    pub fn import(
        &mut self,
        input: &mut dyn BufRead,
        dry_run: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportSummary> {
        self.require(Permission::ImportInterchange)?;
        self.transaction(!dry_run, Action::Import, |tx, note| {
            cases::import(tx, note, input, dry_run, progress)
        })
    }

    /// Writes every case (and first every organization) in the interchange format, identities
    /// included. Callers ask the user to confirm first: the file is not encrypted.
    pub fn export(&self, out: &mut dyn Write) -> Result<ExportSummary> {
        self.require(Permission::ExportInterchange)?;
        let summary = cases::export(self.conn(), out)?;
        self.audit_read(
            Action::Export,
            Note {
                case: None,
                detail: Some(format!("cases={}", summary.cases)),
            },
        )?;
        Ok(summary)
    }

    /// [`Session::export`] into a new file at `path` (never over an existing one), whole or
    /// not at all.
    pub fn export_to_file(&self, path: &std::path::Path) -> Result<ExportSummary> {
        self.require(Permission::ExportInterchange)?;
        crate::files::write_new(path, |out| self.export(out))
    }

    /// Lists cases, newest first, or the best matches of a search. Names are shown (and
    /// searched) only for users who may read identities; others search codes.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseListItem>> {
        self.require(Permission::ReadCaseData)?;
        let identity = self.may(Permission::ReadIdentity);
        let rows = cases::list(self.conn(), filter, identity)?;
        if identity && !rows.is_empty() {
            // Names are about to be shown: log that a list or search showed this many (the
            // search words themselves are not logged; they may be a name).
            self.audit_read(Action::CaseSearch, cases::list_note(filter, rows.len()))?;
        }
        Ok(rows)
    }

    /// Opens the case with `code`: the whole record for users who may read identities, the
    /// non-identifying part for others.
    pub fn show_case(&self, code: &str) -> Result<CaseView> {
        self.require(Permission::ReadCaseData)?;
        let identity = self.may(Permission::ReadIdentity);
        let (id, view) = cases::show(self.conn(), code, identity)?;
        if identity {
            self.audit_read(
                Action::CaseRead,
                Note {
                    case: Some(id),
                    detail: None,
                },
            )?;
        }
        Ok(view)
    }

    /// Number of cases in the vault.
    pub fn case_count(&self) -> Result<u64> {
        self.require(Permission::ReadCaseData)?;
        store::cases::count(self.conn(), None)
    }

    /// The intake form: creates the person, the case and (optionally) the first referral in one
    /// step. Returns the new case code.
    pub fn create_case(&mut self, record: CaseRecord) -> Result<String> {
        self.require(Permission::ManageIntake)?;
        if op::records_services(&record) {
            self.require(Permission::RecordServices)?;
        }
        // Consents recorded at intake are new consents: the same rules as the consent tab's.
        if !record.consents.is_empty() {
            let max = crate::lifecycle::settings::read(self.conn())?.referral_consent_max_months;
            for c in &record.consents {
                crate::lifecycle::consent::check_new(c, max)?;
            }
        }
        self.write(Action::CaseCreate, |tx, note| op::create(tx, note, &record))
    }

    /// Replaces the person's details (names, aliases, birth date, contacts …).
    pub fn edit_person(&mut self, code: &str, person: PersonRecord) -> Result<()> {
        self.change(Permission::ManageIntake, code, |a| {
            op::edit_person(a, person)
        })
    }

    /// Replaces the identification details of a case.
    pub fn edit_identification(&mut self, code: &str, ident: Identification) -> Result<()> {
        self.change(Permission::ManageIntake, code, |a| {
            op::edit_identification(a, ident)
        })
    }

    /// Closes a case on `closed_on`.
    pub fn close_case(&mut self, code: &str, closed_on: CivilDate) -> Result<()> {
        self.change(Permission::RecordServices, code, |a| {
            op::set_closed(a, Some(closed_on))
        })
    }

    /// Reopens a closed case.
    pub fn reopen_case(&mut self, code: &str) -> Result<()> {
        self.change(Permission::RecordServices, code, |a| {
            op::set_closed(a, None)
        })
    }

    /// Changes where a referral stands.
    pub fn set_referral_status(
        &mut self,
        code: &str,
        referral: i64,
        status: ReferralStatus,
    ) -> Result<()> {
        self.change(Permission::ManageIntake, code, |a| {
            op::set_referral_status(a, referral, status)
        })
    }

    /// Admits the person to a shelter. A full shelter refuses unless `over_capacity` is set.
    pub fn admit(&mut self, code: &str, admission: Admission) -> Result<i64> {
        self.change(Permission::ManageIntake, code, |a| op::admit(a, admission))
    }

    /// Discharges the person from a stay on `discharged_on`.
    pub fn discharge(&mut self, code: &str, stay: i64, discharged_on: CivilDate) -> Result<()> {
        self.change(Permission::ManageIntake, code, |a| {
            op::discharge(a, stay, discharged_on)
        })
    }

    /// Moves the person to another bed of the same shelter.
    pub fn move_bed(&mut self, code: &str, stay: i64, bed: &str) -> Result<()> {
        let bed = op::bed_label(bed)?;
        self.change(Permission::ManageIntake, code, |a| {
            op::move_bed(a, stay, &bed)
        })
    }

    /// Records a service received (legal, medical, psychological …).
    pub fn record_service(&mut self, code: &str, service: ServiceRecord) -> Result<i64> {
        self.add_entry(code, Permission::RecordServices, NewEntry::Service(service))
    }

    /// Records a cash allowance.
    pub fn record_allowance(&mut self, code: &str, allowance: AllowanceRecord) -> Result<i64> {
        self.add_entry(
            code,
            Permission::RecordServices,
            NewEntry::Allowance(allowance),
        )
    }

    /// Records a vocational training.
    pub fn record_training(&mut self, code: &str, training: TrainingRecord) -> Result<i64> {
        self.add_entry(
            code,
            Permission::RecordServices,
            NewEntry::Training(training),
        )
    }

    /// Records a job placement.
    pub fn record_employment(&mut self, code: &str, employment: EmploymentRecord) -> Result<i64> {
        self.add_entry(
            code,
            Permission::RecordServices,
            NewEntry::Employment(employment),
        )
    }

    /// Adds a dated note.
    pub fn add_note(&mut self, code: &str, note: NoteRecord) -> Result<i64> {
        let author = self.user().id.to_string();
        self.add_entry(
            code,
            Permission::RecordServices,
            NewEntry::Note(note, author),
        )
    }

    /// A change to a case, in the write helper, by a user holding `permission`.
    fn change<T>(
        &mut self,
        permission: Permission,
        code: &str,
        f: impl FnOnce(Amend<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        self.require(permission)?;
        self.write(Action::CaseChange, |tx, note| f(Amend { tx, note, code }))
    }

    fn add_entry(&mut self, code: &str, permission: Permission, entry: NewEntry) -> Result<i64> {
        self.change(permission, code, |a| op::add_entry(a, entry))
    }

    /// Adds an organization (a shelter with its capacity, an NGO, a clinic …). For shelter
    /// staff, caseworkers and administrators.
    pub fn add_organization(&mut self, org: OrganizationRecord) -> Result<()> {
        self.require_either(Permission::ManageIntake, Permission::Administer)?;
        self.write(Action::Organization, |tx, _| op::add_organization(tx, &org))
    }

    /// Changes the number of beds of a shelter.
    pub fn set_shelter_capacity(&mut self, shelter: &str, capacity: i64) -> Result<()> {
        self.require_either(Permission::ManageIntake, Permission::Administer)?;
        op::check_capacity_value(capacity)?;
        self.write(Action::Organization, |tx, _| {
            op::set_shelter_capacity(tx, shelter, capacity)
        })
    }

    /// Every organization, in the order they were added.
    pub fn list_organizations(&self) -> Result<Vec<OrganizationRecord>> {
        self.require_either(Permission::ReadCaseData, Permission::Administer)?;
        store::organizations::organizations(self.conn())
    }

    /// Assigns the case to a caseworker (a user holding the caseworker role), or to nobody.
    pub fn assign_caseworker(&mut self, code: &str, caseworker: Option<&str>) -> Result<()> {
        self.require(Permission::ManageIntake)?;
        let key = crate::users::UserName::optional_key(caseworker, "caseworker")?;
        self.change(Permission::ManageIntake, code, |a| {
            op::assign_caseworker(a, key.as_deref())
        })
    }

    /// The user names of the caseworkers, for the assignment and the list's filter.
    pub fn caseworkers(&self) -> Result<Vec<String>> {
        self.require(Permission::ReadCaseData)?;
        store::users::caseworkers(self.conn())
    }

    /// Adds a document to a case.
    pub fn add_document(
        &mut self,
        code: &str,
        kind: DocumentKind,
        file_name: &str,
        content: &[u8],
    ) -> Result<DocumentInfo> {
        self.require(Permission::ReadIdentity)?;
        if !self.may(Permission::ManageIntake) && !self.may(Permission::RecordServices) {
            return Err(Error::Forbidden {
                action: Permission::RecordServices.describe(),
            });
        }
        let file_name = file_name.trim();
        documents::check(file_name, content)?;
        let author = self.user().id.to_string();
        self.write(Action::DocumentAdd, |tx, note| {
            documents::add(tx, note, code, kind, file_name, content, &author)
        })
    }

    /// The documents of a case, oldest first.
    pub fn list_documents(&self, code: &str) -> Result<Vec<DocumentInfo>> {
        self.require(Permission::ReadIdentity)?;
        documents::list(self.conn(), code)
    }

    /// The content of a document of a case.
    pub fn read_document(&self, code: &str, document: i64) -> Result<Vec<u8>> {
        self.require(Permission::ReadIdentity)?;
        let (case, content) = documents::read(self.conn(), code, document)?;
        self.audit_read(
            Action::DocumentRead,
            Note {
                case: Some(case),
                detail: None,
            },
        )?;
        Ok(content)
    }

    /// Writes a copy of a document to `path`, outside the vault and unencrypted, at the user's
    /// explicit request (the read is logged like any other).
    pub fn save_document_copy(
        &self,
        code: &str,
        document: i64,
        path: &std::path::Path,
    ) -> Result<()> {
        let content = zeroize::Zeroizing::new(self.read_document(code, document)?);
        crate::files::save_whole(&content, path, Error::CopyNotSaved)
    }

    /// Every shelter and who is in it today. Names only for users who may read identities
    /// (and then the board's showing them is logged).
    pub fn shelter_board(&self) -> Result<ShelterBoard> {
        self.require(Permission::ReadCaseData)?;
        let (board, shown) = board::shelter_board(self.conn(), self.may(Permission::ReadIdentity))?;
        if shown > 0 {
            self.audit_read(
                Action::CaseSearch,
                Note {
                    case: None,
                    detail: Some(format!("board results={shown}")),
                },
            )?;
        }
        Ok(board)
    }

    /// The dashboard's figures: counts and codes only, for every role that reads cases.
    pub fn dashboard_figures(&self) -> Result<DashboardFigures> {
        self.require(Permission::ReadCaseData)?;
        board::dashboard_figures(self.conn())
    }

    /// The latest changes to cases (who did what to which case), newest first: the dashboard's
    /// recent activity, for everyone who reads cases. Staff names and case codes only.
    pub fn recent_activity(&self, limit: u32) -> Result<Vec<LogLine>> {
        self.require(Permission::ReadCaseData)?;
        store::audit_log::recent_case_changes(self.conn(), i64::from(limit.clamp(1, 50)))
    }

    /// The history of a case (who did what, when), for those who work on it.
    pub fn case_history(&self, case_code: &str) -> Result<Vec<LogLine>> {
        self.require(Permission::ReadIdentity)?;
        crate::audit::lines(self.conn(), Some(case_code))
    }
}
