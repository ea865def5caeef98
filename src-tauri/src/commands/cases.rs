//! Case files: what the case screens ask of the core.

use haven::audit::LogLine;
use haven::cases::{
    Admission, CaseFilter, CaseListItem, CaseView, DashboardFigures, DocumentInfo, DocumentKind,
    Identification, ShelterBoard, MAX_DOCUMENT_BYTES,
};
use haven::records::interchange::{
    AllowanceRecord, CaseRecord, ConsentRecord, EmploymentRecord, NoteRecord, OrganizationRecord,
    PersonRecord, ReferralRecord, ServiceRecord, TrainingRecord,
};
use haven::records::vocab::ReferralStatus;
use haven::records::CivilDate;
use tauri::State;

use super::admin::with_session;
use super::registry::command;
use crate::error::{CommandResult, IpcError};
use crate::state::AppState;

command! {
    /// The history of one case: who did what, when.
    pub async fn case_history(session, code: String) -> Vec<LogLine> => |s| s.case_history(&code)
}

command! {
    /// A page of the case list: a search, a status filter, an offset and a limit.
    pub async fn cases_list(session, filter: CaseFilter) -> Vec<CaseListItem>
        => |s| s.list_cases(&filter)
}

command! {
    /// A case file, identity fields left out for users who may not read them.
    pub async fn case_show(session, code: String) -> CaseView => |s| s.show_case(&code)
}

command! {
    /// The intake form: person, case and first referral in one step. Returns the new case code.
    pub async fn case_create(session, record: CaseRecord) -> String => |s| s.create_case(record)
}

command! {
    /// Edits the person of a case.
    pub async fn case_edit_person(session, code: String, person: PersonRecord) -> ()
        => |s| s.edit_person(&code, person)
}

command! {
    /// Edits how and when the person was identified.
    pub async fn case_edit_identification(
        session, code: String, identification: Identification,
    ) -> ()
        => |s| s.edit_identification(&code, identification)
}

command! {
    /// Closes a case.
    pub async fn case_close(session, code: String, closed_on: CivilDate) -> ()
        => |s| s.close_case(&code, closed_on)
}

command! {
    /// Reopens a closed case.
    pub async fn case_reopen(session, code: String) -> () => |s| s.reopen_case(&code)
}

command! {
    /// Records a consent.
    pub async fn case_add_consent(session, code: String, consent: ConsentRecord) -> i64
        => |s| s.add_consent(&code, consent)
}

command! {
    /// Refers the person to an organization.
    pub async fn case_add_referral(session, code: String, referral: ReferralRecord) -> i64
        => |s| s.add_referral(&code, referral)
}

command! {
    /// Changes where a referral stands.
    pub async fn case_set_referral_status(
        session, code: String, referral: i64, status: ReferralStatus,
    ) -> ()
        => |s| s.set_referral_status(&code, referral, status)
}

command! {
    /// Admits the person to a shelter (the capacity is checked; `overCapacity` confirms).
    pub async fn case_admit(session, code: String, admission: Admission) -> i64
        => |s| s.admit(&code, admission)
}

command! {
    /// Ends a shelter stay.
    pub async fn case_discharge(session, code: String, stay: i64, discharged_on: CivilDate) -> ()
        => |s| s.discharge(&code, stay, discharged_on)
}

command! {
    /// Records a service received.
    pub async fn case_record_service(session, code: String, service: ServiceRecord) -> i64
        => |s| s.record_service(&code, service)
}

command! {
    /// Records an allowance paid.
    pub async fn case_record_allowance(session, code: String, allowance: AllowanceRecord) -> i64
        => |s| s.record_allowance(&code, allowance)
}

command! {
    /// Records a vocational training.
    pub async fn case_record_training(session, code: String, training: TrainingRecord) -> i64
        => |s| s.record_training(&code, training)
}

command! {
    /// Records a job placement.
    pub async fn case_record_employment(session, code: String, employment: EmploymentRecord) -> i64
        => |s| s.record_employment(&code, employment)
}

command! {
    /// Adds a dated note.
    pub async fn case_add_note(session, code: String, note: NoteRecord) -> i64
        => |s| s.add_note(&code, note)
}

command! {
    /// The organizations a form may name (shelters, NGOs, the assistance centre, …).
    pub async fn organizations_list(session) -> Vec<OrganizationRecord>
        => |s| s.list_organizations()
}

command! {
    /// Every shelter and who is in it today.
    pub async fn shelter_board(session) -> ShelterBoard => |s| s.shelter_board()
}

command! {
    /// The dashboard's figures (counts and codes only).
    pub async fn dashboard_figures(session) -> DashboardFigures => |s| s.dashboard_figures()
}

command! {
    /// Assigns the case to a caseworker, or to nobody.
    pub async fn case_assign_caseworker(
        state: State<'_, AppState>,
        code: String,
        caseworker: Option<String>,
    ) -> CommandResult<()> {
        with_session(&state, |s| {
            s.assign_caseworker(&code, caseworker.as_deref())
        })
    }
}

command! {
    /// The caseworkers' user names.
    pub async fn caseworkers_list(session) -> Vec<String> => |s| s.caseworkers()
}

command! {
    /// The latest changes to cases, newest first (the dashboard's recent activity).
    pub async fn recent_activity(session) -> Vec<LogLine> => |s| s.recent_activity(10)
}

command! {
    /// The documents of a case.
    pub async fn case_documents(session, code: String) -> Vec<DocumentInfo>
        => |s| s.list_documents(&code)
}

command! {
    /// Adds the file the user chose (in the open dialog) to the case, inside the vault.
    pub async fn case_document_add(
        state: State<'_, AppState>,
        code: String,
        kind: DocumentKind,
        path: String,
    ) -> CommandResult<DocumentInfo> {
        let path = std::path::Path::new(&path);
        let too_big = || {
            IpcError::from(haven::Error::invalid(
                "content",
                "A document can be at most 25 MB.",
            ))
        };
        // Refuse a large file before reading it into memory.
        let size = std::fs::metadata(path).map_err(haven::Error::from)?.len();
        if size > MAX_DOCUMENT_BYTES as u64 {
            return Err(too_big());
        }
        let content = zeroize::Zeroizing::new(std::fs::read(path).map_err(haven::Error::from)?);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        with_session(&state, |s| {
            s.add_document(&code, kind, &file_name, &content)
        })
    }
}

command! {
    /// Writes a copy of a document where the user chose (the save dialog): it leaves the vault,
    /// unencrypted, by the user's explicit choice.
    pub async fn case_document_save(
        state: State<'_, AppState>,
        code: String,
        document: i64,
        path: String,
    ) -> CommandResult<()> {
        with_session(&state, |s| {
            s.save_document_copy(&code, document, std::path::Path::new(&path))
        })
    }
}
