//! One operation for each thing users record in a case: create it (the intake form), edit the
//! person or the identification, close and reopen, consents, referrals and their status,
//! shelter stays (admit, discharge, move bed), services, allowances, trainings, jobs, notes.
//!
//! Every operation applies its change to the whole record and checks the record with the same
//! rules as an import (`records::validate`), so a rule is written once; then it writes only the
//! change. Each runs inside the transaction of the session's write helper, which checked the
//! user's roles and appends the audit entry: a refused change writes nothing.

use rusqlite::Transaction;

use crate::audit::Note;
use crate::error::Problem;
use crate::records::interchange::*;
use crate::records::text::{self, Kind};
use crate::records::validate::{self, Directory};
use crate::records::vocab::{CaseStatus, Exploitation, IdentifiedBy, Recognition, ReferralStatus};
use crate::records::{CaseRecord, CivilDate};
use crate::store::entries::{self, Entries};
use crate::store::{cases, codes, organizations};
use crate::{Error, Result};

/// The identification part of a case, as the intake form edits it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Identification {
    /// When the person was identified.
    pub identified_on: CivilDate,
    /// Who identified them.
    pub identified_by: Option<IdentifiedBy>,
    /// Potential or recognized.
    pub recognition: Recognition,
    /// Forms of exploitation.
    pub exploitation: Vec<Exploitation>,
    /// ISO 3166-1 alpha-2.
    pub country_of_exploitation: Option<String>,
}

/// An admission to a shelter.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Admission {
    /// The shelter's name.
    pub shelter: String,
    /// The day of admission.
    pub admitted_on: CivilDate,
    /// The bed, if beds are labelled.
    pub bed: Option<String>,
    /// Admit even though the shelter is full (the user confirmed it).
    #[serde(default)]
    pub over_capacity: bool,
}

/// One entry added to a case by [`add_entry`].
#[derive(Debug, Clone)]
pub(crate) enum NewEntry {
    /// A consent.
    Consent(ConsentRecord),
    /// A referral.
    Referral(ReferralRecord),
    /// A service received.
    Service(ServiceRecord),
    /// A cash allowance.
    Allowance(AllowanceRecord),
    /// A vocational training.
    Training(TrainingRecord),
    /// A job placement.
    Employment(EmploymentRecord),
    /// A dated note, with its author's user id.
    Note(NoteRecord, String),
}

/// Which element of a record an operation changed, so its problems name the form's field.
#[derive(Clone, Copy)]
enum Touched {
    Whole,
    Item(&'static str, usize),
}

impl Touched {
    /// Problem paths relative to the changed element (`shelter_stays[2].discharged_on` is the
    /// discharge form's `discharged_on`).
    fn relative(self, mut problems: Vec<Problem>) -> Vec<Problem> {
        if let Touched::Item(collection, index) = self {
            let prefix = format!("{collection}[{index}].");
            for p in &mut problems {
                if let Some(rest) = p.path.strip_prefix(&prefix) {
                    p.path = rest.to_owned();
                }
            }
        }
        problems
    }
}

/// Whether the intake form also records services (which needs the caseworker's permission).
pub(crate) fn records_services(record: &CaseRecord) -> bool {
    !record.consents.is_empty()
        || !record.services.is_empty()
        || !record.allowances.is_empty()
        || !record.trainings.is_empty()
        || !record.employments.is_empty()
        || !record.notes.is_empty()
}

/// The intake form: creates the person, the case and (optionally) the first referral in one
/// step. Returns the new case code.
pub(crate) fn create(tx: &Transaction<'_>, note: &mut Note, record: &CaseRecord) -> Result<String> {
    let dir = organizations::load_directory(tx)?;
    let mut problems = validate::case(record, &dir, None, CivilDate::today());
    if let Some(r) = &record.source_ref {
        if cases::ref_exists(tx, r)? {
            problems.push(Problem::field("ref", "a case with this ref already exists"));
        }
    }
    if record.code.is_some() {
        problems.push(Problem::field("code", "codes are given by Haven"));
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    let code = codes::next(tx, record.identified_on.year())?;
    let case = cases::insert_case(tx, record, &dir, &code)?;
    note.case = Some(case);
    crate::lifecycle::gate::check_created(tx, case)?;
    Ok(code)
}

/// The case a change is made to, inside the write helper's transaction, with the note its
/// audit entry is made from.
pub(crate) struct Amend<'a, 't> {
    /// The user action's transaction.
    pub(crate) tx: &'a Transaction<'t>,
    /// The audit entry's note (the case is filled in).
    pub(crate) note: &'a mut Note,
    /// The case's code.
    pub(crate) code: &'a str,
}

/// Refuses a change to a case whose identity was erased: it keeps only what the reports
/// count, and stays as it is.
pub(crate) fn refuse_erased(conn: &rusqlite::Connection, case: i64) -> Result<()> {
    if crate::store::lifecycle::erased(conn, case)?.as_deref() == Some("identity") {
        return Err(Error::CaseErased);
    }
    Ok(())
}

/// Applies `change` to the case, checks the whole record, and runs `write`. A case whose
/// identity was erased is refused.
fn amend<T>(
    a: Amend<'_, '_>,
    change: impl FnOnce(&mut CaseRecord, i64) -> Result<Touched>,
    write: impl FnOnce(i64, &CaseRecord, &Directory) -> Result<T>,
) -> Result<T> {
    amend_inner(a, false, change, write)
}

/// [`amend`] that also serves an erased case: closing it and ending its shelter stays stay
/// possible (the work with the person ends), checked with the rules that do not need a name.
fn amend_even_erased<T>(
    a: Amend<'_, '_>,
    change: impl FnOnce(&mut CaseRecord, i64) -> Result<Touched>,
    write: impl FnOnce(i64, &CaseRecord, &Directory) -> Result<T>,
) -> Result<T> {
    amend_inner(a, true, change, write)
}

fn amend_inner<T>(
    Amend { tx, note, code }: Amend<'_, '_>,
    even_erased: bool,
    change: impl FnOnce(&mut CaseRecord, i64) -> Result<Touched>,
    write: impl FnOnce(i64, &CaseRecord, &Directory) -> Result<T>,
) -> Result<T> {
    let id = cases::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
    note.case = Some(id);
    let erased = refuse_erased(tx, id).is_err();
    if erased && !even_erased {
        return Err(Error::CaseErased);
    }
    let mut record = cases::read_case(tx, id)?;
    if erased {
        // The name is gone for good; the rule that a case has one is not this change's to
        // check. The stand-in exists only in memory: the writes below touch their own columns.
        record.person.given_name = Some("erased".to_owned());
        for job in &mut record.employments {
            job.employer = "erased".to_owned();
        }
    }
    let touched = change(&mut record, id)?;
    let dir = organizations::load_directory(tx)?;
    let problems = validate::case(&record, &dir, None, CivilDate::today());
    if !problems.is_empty() {
        return Err(Error::Problems(touched.relative(problems)));
    }
    let out = write(id, &record, &dir)?;
    cases::touch(tx, id)?;
    Ok(out)
}

/// Replaces the person's details (names, aliases, birth date, contacts …).
pub(crate) fn edit_person(a: Amend<'_, '_>, person: PersonRecord) -> Result<()> {
    let tx = a.tx;
    amend(
        a,
        |r, _| {
            r.person = person;
            Ok(Touched::Whole)
        },
        |id, r, _| cases::update_person(tx, id, r),
    )
}

/// Replaces the identification details of a case.
pub(crate) fn edit_identification(a: Amend<'_, '_>, ident: Identification) -> Result<()> {
    let tx = a.tx;
    amend(
        a,
        |r, _| {
            r.identified_on = ident.identified_on;
            r.identified_by = ident.identified_by;
            r.recognition = ident.recognition;
            r.exploitation = ident.exploitation;
            r.country_of_exploitation = ident.country_of_exploitation;
            Ok(Touched::Whole)
        },
        |id, r, _| cases::update_identification(tx, id, r),
    )
}

/// Closes a case on `closed_on` (`Some`) or reopens it (`None`).
pub(crate) fn set_closed(a: Amend<'_, '_>, closed_on: Option<CivilDate>) -> Result<()> {
    let tx = a.tx;
    amend_even_erased(
        a,
        |r, _| {
            let (wanted, already) = match closed_on {
                Some(_) => (CaseStatus::Closed, "The case is closed already."),
                None => (CaseStatus::Open, "The case is open already."),
            };
            if r.status == wanted {
                return Err(Error::invalid("status", already));
            }
            r.status = wanted;
            r.closed_on = closed_on;
            Ok(Touched::Whole)
        },
        |id, _, _| cases::set_closed(tx, id, closed_on),
    )
}

/// Adds one entry (a consent, a referral, a service …) to a case; returns its row id.
pub(crate) fn add_entry(a: Amend<'_, '_>, entry: NewEntry) -> Result<i64> {
    let row = entry.clone();
    let tx = a.tx;
    amend(
        a,
        |r, _| {
            Ok(match entry {
                NewEntry::Consent(c) => push(&mut r.consents, c, "consents"),
                NewEntry::Referral(x) => push(&mut r.referrals, x, "referrals"),
                NewEntry::Service(x) => push(&mut r.services, x, "services"),
                NewEntry::Allowance(x) => push(&mut r.allowances, x, "allowances"),
                NewEntry::Training(x) => push(&mut r.trainings, x, "trainings"),
                NewEntry::Employment(x) => push(&mut r.employments, x, "employments"),
                NewEntry::Note(x, _) => push(&mut r.notes, x, "notes"),
            })
        },
        |id, _, dir| match &row {
            NewEntry::Consent(c) => entries::insert_consent(tx, id, c, dir),
            NewEntry::Referral(x) => entries::insert_referral(tx, id, x, dir),
            NewEntry::Service(x) => entries::insert_service(tx, id, x, dir),
            NewEntry::Allowance(x) => entries::insert_allowance(tx, id, x),
            NewEntry::Training(x) => entries::insert_training(tx, id, x),
            NewEntry::Employment(x) => entries::insert_employment(tx, id, x),
            NewEntry::Note(x, author) => entries::insert_note(tx, id, x, Some(author)),
        },
    )
}

/// Changes where a referral stands.
pub(crate) fn set_referral_status(
    a: Amend<'_, '_>,
    referral: i64,
    status: ReferralStatus,
) -> Result<()> {
    let tx = a.tx;
    amend(
        a,
        |r, id| {
            let i = position(tx, Entries::Referrals, id, referral)?;
            r.referrals[i].status = status;
            Ok(Touched::Item("referrals", i))
        },
        |_, _, _| entries::set_referral_status(tx, referral, status),
    )
}

/// Admits the person to a shelter. A full shelter refuses unless `over_capacity` is set.
pub(crate) fn admit(a: Amend<'_, '_>, admission: Admission) -> Result<i64> {
    let stay = ShelterStayRecord {
        shelter: admission.shelter.clone(),
        admitted_on: admission.admitted_on,
        discharged_on: None,
    };
    let stay_row = stay.clone();
    let tx = a.tx;
    amend(
        a,
        |r, _| Ok(push(&mut r.shelter_stays, stay, "shelter_stays")),
        |id, _, dir| {
            let org = dir.find(&admission.shelter).ok_or(Error::Damaged)?;
            if !admission.over_capacity {
                check_capacity(tx, org.id, admission.admitted_on)?;
            }
            let bed = admission
                .bed
                .as_deref()
                .map(str::trim)
                .filter(|b| !b.is_empty());
            if let Some(bed) = bed {
                check_bed_free(tx, org.id, bed, None)?;
            }
            entries::insert_shelter_stay(tx, id, &stay_row, dir, bed)
        },
    )
}

/// Discharges the person from a stay on `discharged_on`.
pub(crate) fn discharge(a: Amend<'_, '_>, stay: i64, discharged_on: CivilDate) -> Result<()> {
    let tx = a.tx;
    amend_even_erased(
        a,
        |r, id| {
            let i = current_stay(
                tx,
                r,
                id,
                stay,
                "discharged_on",
                "This stay has ended already.",
            )?;
            r.shelter_stays[i].discharged_on = Some(discharged_on);
            Ok(Touched::Item("shelter_stays", i))
        },
        |_, _, _| entries::discharge(tx, stay, discharged_on),
    )
}

/// Checks a bed label as typed: a short label.
pub(crate) fn bed_label(bed: &str) -> Result<String> {
    let bed = bed.trim().to_owned();
    if bed.is_empty() || bed.chars().count() > 20 {
        return Err(Error::invalid(
            "bed",
            "Give the bed as a short label (at most 20 characters).",
        ));
    }
    if let Err(refused) = text::check(&bed, Kind::Line) {
        return Err(Error::invalid(
            "bed",
            format!("In a bed label, {}.", refused.message(Kind::Line)),
        ));
    }
    Ok(bed)
}

/// Moves the person to another bed of the same shelter.
pub(crate) fn move_bed(a: Amend<'_, '_>, stay: i64, bed: &str) -> Result<()> {
    let tx = a.tx;
    amend(
        a,
        |r, id| {
            let ended = "This stay has ended; only a current stay changes bed.";
            let i = current_stay(tx, r, id, stay, "bed", ended)?;
            Ok(Touched::Item("shelter_stays", i))
        },
        |_, _, _| {
            let shelter = entries::shelter_of(tx, stay)?;
            check_bed_free(tx, shelter, bed, Some(stay))?;
            entries::set_bed(tx, stay, bed)
        },
    )
}

/// Appends `item`; the change touched its new index.
fn push<T>(list: &mut Vec<T>, item: T, collection: &'static str) -> Touched {
    list.push(item);
    Touched::Item(collection, list.len() - 1)
}

/// Where the stay `stay` stands among the case's stays, refused at `field` with `ended` when
/// it has ended.
fn current_stay(
    tx: &Transaction<'_>,
    r: &CaseRecord,
    case: i64,
    stay: i64,
    field: &'static str,
    ended: &str,
) -> Result<usize> {
    let i = position(tx, Entries::ShelterStays, case, stay)?;
    if r.shelter_stays[i].discharged_on.is_some() {
        return Err(Error::invalid(field, ended));
    }
    Ok(i)
}

/// Where the row `row` stands among the case's entries (the record's array index).
fn position(tx: &Transaction<'_>, kind: Entries, case: i64, row: i64) -> Result<usize> {
    entries::ids(tx, kind, case)?
        .iter()
        .position(|&id| id == row)
        .ok_or_else(|| Error::invalid("id", "That entry does not belong to this case."))
}

/// Refuses an admission that would put the shelter over its capacity on any day from
/// `from` on, counting the stays that are open or end after `from`.
fn check_capacity(tx: &Transaction<'_>, shelter: i64, from: CivilDate) -> Result<()> {
    let Some(capacity) = organizations::capacity(tx, shelter)? else {
        return Ok(());
    };
    let stays = organizations::stays_from(tx, shelter, from)?;
    // Occupancy changes only on admissions; the peak from `from` on is at `from` or at a later
    // admission.
    let mut moments: Vec<CivilDate> = stays.iter().map(|s| s.0).filter(|d| *d > from).collect();
    moments.push(from);
    let peak = moments
        .iter()
        .map(|day| {
            stays
                .iter()
                .filter(|(a, d)| a <= day && d.is_none_or(|d| d > *day))
                .count()
        })
        .max()
        .unwrap_or(0);
    if peak as i64 >= capacity {
        return Err(Error::invalid(
            "shelter",
            format!("The shelter is full on that date ({peak} of {capacity} beds taken). Admit anyway only if a bed is really free."),
        ));
    }
    Ok(())
}

/// Refuses a bed another current resident of the shelter has.
fn check_bed_free(
    tx: &Transaction<'_>,
    shelter: i64,
    bed: &str,
    except: Option<i64>,
) -> Result<()> {
    if organizations::bed_taken(tx, shelter, bed, except)? {
        return Err(Error::invalid("bed", "Someone else is in that bed."));
    }
    Ok(())
}

/// Adds an organization (a shelter with its capacity, an NGO, a clinic …).
pub(crate) fn add_organization(tx: &Transaction<'_>, org: &OrganizationRecord) -> Result<()> {
    let dir = organizations::load_directory(tx)?;
    let problems = validate::organization(org, &dir, None);
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    organizations::insert_organization(tx, org)?;
    Ok(())
}

/// Checks a shelter's number of beds as typed.
pub(crate) fn check_capacity_value(capacity: i64) -> Result<()> {
    if capacity < 1 {
        return Err(Error::invalid("capacity", "A shelter has at least 1 bed."));
    }
    Ok(())
}

/// Changes the number of beds of a shelter.
pub(crate) fn set_shelter_capacity(
    tx: &Transaction<'_>,
    shelter: &str,
    capacity: i64,
) -> Result<()> {
    let dir = organizations::load_directory(tx)?;
    let org = dir
        .find(shelter)
        .ok_or_else(|| Error::invalid("shelter", "There is no organization by this name."))?;
    if org.kind != crate::records::vocab::OrganizationKind::Shelter {
        return Err(Error::invalid("shelter", "Only shelters have a capacity."));
    }
    organizations::set_capacity(tx, org.id, capacity)
}

/// Assigns the case to a caseworker (by name key; a user holding the caseworker role), or to
/// nobody.
pub(crate) fn assign_caseworker(
    Amend { tx, note, code }: Amend<'_, '_>,
    key: Option<&str>,
) -> Result<()> {
    let case = cases::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
    note.case = Some(case);
    note.detail = Some("caseworker".to_owned());
    refuse_erased(tx, case)?;
    let user = match key {
        None => None,
        Some(k) => Some(crate::store::users::caseworker_id(tx, k)?.ok_or_else(|| {
            Error::invalid("caseworker", "Choose a user who holds the caseworker role.")
        })?),
    };
    cases::set_caseworker(tx, case, user.as_deref())
}
