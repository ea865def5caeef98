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
    pub async fn case_history(state: State<'_, AppState>, code: String) -> CommandResult<Vec<LogLine>> {
        with_session(&state, |s| s.case_history(&code))
    }
}

command! {
    /// A page of the case list: a search, a status filter, an offset and a limit.
    pub async fn cases_list(
        state: State<'_, AppState>,
        filter: CaseFilter,
    ) -> CommandResult<Vec<CaseListItem>> {
        with_session(&state, |s| s.list_cases(&filter))
    }
}

command! {
    /// A case file, identity fields left out for users who may not read them.
    pub async fn case_show(state: State<'_, AppState>, code: String) -> CommandResult<CaseView> {
        with_session(&state, |s| s.show_case(&code))
    }
}

command! {
    /// The intake form: person, case and first referral in one step. Returns the new case code.
    pub async fn case_create(state: State<'_, AppState>, record: CaseRecord) -> CommandResult<String> {
        with_session(&state, |s| s.create_case(record))
    }
}

command! {
    /// Edits the person of a case.
    pub async fn case_edit_person(
        state: State<'_, AppState>,
        code: String,
        person: PersonRecord,
    ) -> CommandResult<()> {
        with_session(&state, |s| s.edit_person(&code, person))
    }
}

command! {
    /// Edits how and when the person was identified.
    pub async fn case_edit_identification(
        state: State<'_, AppState>,
        code: String,
        identification: Identification,
    ) -> CommandResult<()> {
        with_session(&state, |s| s.edit_identification(&code, identification))
    }
}

command! {
    /// Closes a case.
    pub async fn case_close(
        state: State<'_, AppState>,
        code: String,
        closed_on: CivilDate,
    ) -> CommandResult<()> {
        with_session(&state, |s| s.close_case(&code, closed_on))
    }
}

command! {
    /// Reopens a closed case.
    pub async fn case_reopen(state: State<'_, AppState>, code: String) -> CommandResult<()> {
        with_session(&state, |s| s.reopen_case(&code))
    }
}

command! {
    /// Records a consent.
    pub async fn case_add_consent(
        state: State<'_, AppState>,
        code: String,
        consent: ConsentRecord,
    ) -> CommandResult<i64> {
        with_session(&state, |s| s.add_consent(&code, consent))
    }
}

command! {
    /// Refers the person to an organization.
    pub async fn case_add_referral(
        state: State<'_, AppState>,
        code: String,
        referral: ReferralRecord,
    ) -> CommandResult<i64> {
        with_session(&state, |s| s.add_referral(&code, referral))
    }
}

command! {
    /// Changes where a referral stands.
    pub async fn case_set_referral_status(
        state: State<'_, AppState>,
        code: String,
        referral: i64,
        status: ReferralStatus,
    ) -> CommandResult<()> {
        with_session(&state, |s| s.set_referral_status(&code, referral, status))
    }
}

command! {
    /// Admits the person to a shelter (the capacity is checked; `overCapacity` confirms).
    pub async fn case_admit(
        state: State<'_, AppState>,
        code: String,
        admission: Admission,
    ) -> CommandResult<i64> {
        with_session(&state, |s| s.admit(&code, admission))
    }
}

command! {
    /// Ends a shelter stay.
    pub async fn case_discharge(
        state: State<'_, AppState>,
        code: String,
        stay: i64,
        discharged_on: CivilDate,
    ) -> CommandResult<()> {
        with_session(&state, |s| s.discharge(&code, stay, discharged_on))
    }
}

command! {
    /// Records a service received.
    pub async fn case_record_service(
        state: State<'_, AppState>,
        code: String,
        service: ServiceRecord,
    ) -> CommandResult<i64> {
        with_session(&state, |s| s.record_service(&code, service))
    }
}

command! {
    /// Records an allowance paid.
    pub async fn case_record_allowance(
        state: State<'_, AppState>,
        code: String,
        allowance: AllowanceRecord,
    ) -> CommandResult<i64> {
        with_session(&state, |s| s.record_allowance(&code, allowance))
    }
}

command! {
    /// Records a vocational training.
    pub async fn case_record_training(
        state: State<'_, AppState>,
        code: String,
        training: TrainingRecord,
    ) -> CommandResult<i64> {
        with_session(&state, |s| s.record_training(&code, training))
    }
}

command! {
    /// Records a job placement.
    pub async fn case_record_employment(
        state: State<'_, AppState>,
        code: String,
        employment: EmploymentRecord,
    ) -> CommandResult<i64> {
        with_session(&state, |s| s.record_employment(&code, employment))
    }
}

command! {
    /// Adds a dated note.
    pub async fn case_add_note(
        state: State<'_, AppState>,
        code: String,
        note: NoteRecord,
    ) -> CommandResult<i64> {
        with_session(&state, |s| s.add_note(&code, note))
    }
}

command! {
    /// The organizations a form may name (shelters, NGOs, the assistance centre, …).
    pub async fn organizations_list(
        state: State<'_, AppState>,
    ) -> CommandResult<Vec<OrganizationRecord>> {
        with_session(&state, |s| s.list_organizations())
    }
}

command! {
    /// Every shelter and who is in it today.
    pub async fn shelter_board(state: State<'_, AppState>) -> CommandResult<ShelterBoard> {
        with_session(&state, |s| s.shelter_board())
    }
}

command! {
    /// The dashboard's figures (counts and codes only).
    pub async fn dashboard_figures(state: State<'_, AppState>) -> CommandResult<DashboardFigures> {
        with_session(&state, |s| s.dashboard_figures())
    }
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
    pub async fn caseworkers_list(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
        with_session(&state, |s| s.caseworkers())
    }
}

command! {
    /// The latest changes to cases, newest first (the dashboard's recent activity).
    pub async fn recent_activity(state: State<'_, AppState>) -> CommandResult<Vec<LogLine>> {
        with_session(&state, |s| s.recent_activity(10))
    }
}

command! {
    /// The documents of a case.
    pub async fn case_documents(
        state: State<'_, AppState>,
        code: String,
    ) -> CommandResult<Vec<DocumentInfo>> {
        with_session(&state, |s| s.list_documents(&code))
    }
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
