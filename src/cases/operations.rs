//! One operation for each thing users record in a case: create it (the intake form), edit the
//! person or the identification, close and reopen, consents, referrals and their status,
//! shelter stays (admit, discharge, move bed), services, allowances, trainings, jobs, notes.
//!
//! Every operation applies its change to the whole record and checks the record with the same
//! rules as an import (`records::validate`), so a rule is written once; then it writes only the
//! change, in one transaction. A refused change writes nothing.

use rusqlite::{params, Transaction};

use crate::audit::Action;
use crate::error::Problem;
use crate::records::interchange::*;
use crate::records::validate::{self, Directory};
use crate::records::vocab::{CaseStatus, Exploitation, IdentifiedBy, Recognition, ReferralStatus};
use crate::records::{codes, store, CaseRecord, CivilDate};
use crate::roles::Permission;
use crate::session::Session;
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

impl Session {
    /// The intake form: creates the person, the case and (optionally) the first referral in one
    /// step. Returns the new case code.
    pub fn create_case(&mut self, record: CaseRecord) -> Result<String> {
        self.require(Permission::ManageIntake)?;
        let records_services = !record.consents.is_empty()
            || !record.services.is_empty()
            || !record.allowances.is_empty()
            || !record.trainings.is_empty()
            || !record.employments.is_empty()
            || !record.notes.is_empty();
        if records_services {
            self.require(Permission::RecordServices)?;
        }
        self.write(Action::CaseCreate, |tx, note| {
            let dir = store::load_directory(tx)?;
            let mut problems = validate::case(&record, &dir, None, CivilDate::today());
            if let Some(r) = &record.source_ref {
                if store::ref_exists(tx, r)? {
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
            note.case = Some(store::insert_case(tx, &record, &dir, &code)?);
            Ok(code)
        })
    }

    /// Applies `change` to the case with `code`, checks the whole record, and runs `write`.
    fn amend<T>(
        &mut self,
        code: &str,
        permission: Permission,
        change: impl FnOnce(&mut CaseRecord, &Transaction<'_>, i64) -> Result<Touched>,
        write: impl FnOnce(&Transaction<'_>, i64, &CaseRecord, &Directory) -> Result<T>,
    ) -> Result<T> {
        self.require(permission)?;
        self.write(Action::CaseChange, |tx, note| {
            let id = store::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
            note.case = Some(id);
            let mut record = store::read_case(tx, id)?;
            let touched = change(&mut record, tx, id)?;
            let dir = store::load_directory(tx)?;
            let problems = validate::case(&record, &dir, None, CivilDate::today());
            if !problems.is_empty() {
                return Err(Error::Problems(touched.relative(problems)));
            }
            let out = write(tx, id, &record, &dir)?;
            tx.prepare_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1")?
                .execute(params![id, crate::clock::now_utc()])?;
            Ok(out)
        })
    }

    /// Replaces the person's details (names, aliases, birth date, contacts …).
    pub fn edit_person(&mut self, code: &str, person: PersonRecord) -> Result<()> {
        self.amend(
            code,
            Permission::ManageIntake,
            |r, _, _| {
                r.person = person;
                Ok(Touched::Whole)
            },
            |tx, id, r, _| {
                let p = &r.person;
                let person_id: i64 = tx.query_row("SELECT person_id FROM cases WHERE id = ?1", [id], |row| row.get(0))?;
                tx.execute(
                    "UPDATE persons SET given_name = ?2, family_name = ?3, sex = ?4, birth_date = ?5,
                     age_at_identification = ?6, citizenship = ?7, languages = ?8, phone = ?9 WHERE id = ?1",
                    params![person_id, p.given_name, p.family_name, p.sex.as_str(), p.birth_date, p.age_at_identification, p.citizenship, p.languages.join(" "), p.phone],
                )?;
                tx.execute("DELETE FROM person_aliases WHERE person_id = ?1", [person_id])?;
                for (i, a) in p.aliases.iter().enumerate() {
                    tx.execute("INSERT INTO person_aliases (person_id, position, alias) VALUES (?1, ?2, ?3)", params![person_id, i as i64, a])?;
                }
                crate::search::index_case(tx, id, r, r.code.as_deref().unwrap_or_default())
            },
        )
    }

    /// Replaces the identification details of a case.
    pub fn edit_identification(&mut self, code: &str, ident: Identification) -> Result<()> {
        self.amend(
            code,
            Permission::ManageIntake,
            |r, _, _| {
                r.identified_on = ident.identified_on;
                r.identified_by = ident.identified_by;
                r.recognition = ident.recognition;
                r.exploitation = ident.exploitation;
                r.country_of_exploitation = ident.country_of_exploitation;
                Ok(Touched::Whole)
            },
            |tx, id, r, _| {
                tx.execute(
                    "UPDATE cases SET identified_on = ?2, identified_by = ?3, recognition = ?4, exploitation = ?5,
                     country_of_exploitation = ?6 WHERE id = ?1",
                    params![
                        id,
                        r.identified_on,
                        r.identified_by.map(|v| v.as_str()),
                        r.recognition.as_str(),
                        r.exploitation.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(" "),
                        r.country_of_exploitation
                    ],
                )?;
                Ok(())
            },
        )
    }

    /// Closes a case on `closed_on`.
    pub fn close_case(&mut self, code: &str, closed_on: CivilDate) -> Result<()> {
        self.amend(
            code,
            Permission::RecordServices,
            |r, _, _| {
                if r.status == CaseStatus::Closed {
                    return Err(Error::invalid("status", "The case is closed already."));
                }
                r.status = CaseStatus::Closed;
                r.closed_on = Some(closed_on);
                Ok(Touched::Whole)
            },
            |tx, id, _, _| {
                tx.execute(
                    "UPDATE cases SET status = 'closed', closed_on = ?2 WHERE id = ?1",
                    params![id, closed_on],
                )?;
                Ok(())
            },
        )
    }

    /// Reopens a closed case.
    pub fn reopen_case(&mut self, code: &str) -> Result<()> {
        self.amend(
            code,
            Permission::RecordServices,
            |r, _, _| {
                if r.status == CaseStatus::Open {
                    return Err(Error::invalid("status", "The case is open already."));
                }
                r.status = CaseStatus::Open;
                r.closed_on = None;
                Ok(Touched::Whole)
            },
            |tx, id, _, _| {
                tx.execute(
                    "UPDATE cases SET status = 'open', closed_on = NULL WHERE id = ?1",
                    [id],
                )?;
                Ok(())
            },
        )
    }

    /// Records a consent.
    pub fn add_consent(&mut self, code: &str, consent: ConsentRecord) -> Result<i64> {
        let c = consent.clone();
        self.amend(
            code,
            Permission::RecordServices,
            |r, _, _| Ok(push(&mut r.consents, consent, "consents")),
            |tx, id, _, _| store::insert_consent(tx, id, &c),
        )
    }

    /// Refers the person to an organization.
    pub fn add_referral(&mut self, code: &str, referral: ReferralRecord) -> Result<i64> {
        let rf = referral.clone();
        self.amend(
            code,
            Permission::ManageIntake,
            |r, _, _| Ok(push(&mut r.referrals, referral, "referrals")),
            |tx, id, _, dir| store::insert_referral(tx, id, &rf, dir),
        )
    }

    /// Changes where a referral stands.
    pub fn set_referral_status(
        &mut self,
        code: &str,
        referral: i64,
        status: ReferralStatus,
    ) -> Result<()> {
        self.amend(
            code,
            Permission::ManageIntake,
            |r, tx, id| {
                let i = position(tx, "referrals", id, referral)?;
                r.referrals[i].status = status;
                Ok(Touched::Item("referrals", i))
            },
            |tx, _, _, _| {
                tx.execute(
                    "UPDATE referrals SET status = ?2 WHERE id = ?1",
                    params![referral, status.as_str()],
                )?;
                Ok(())
            },
        )
    }

    /// Admits the person to a shelter. A full shelter refuses unless `over_capacity` is set.
    pub fn admit(&mut self, code: &str, admission: Admission) -> Result<i64> {
        let stay = ShelterStayRecord {
            shelter: admission.shelter.clone(),
            admitted_on: admission.admitted_on,
            discharged_on: None,
        };
        let stay_row = stay.clone();
        self.amend(
            code,
            Permission::ManageIntake,
            |r, _, _| Ok(push(&mut r.shelter_stays, stay, "shelter_stays")),
            |tx, id, _, dir| {
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
                store::insert_shelter_stay(tx, id, &stay_row, dir, bed)
            },
        )
    }

    /// Discharges the person from a stay on `discharged_on`.
    pub fn discharge(&mut self, code: &str, stay: i64, discharged_on: CivilDate) -> Result<()> {
        self.amend(
            code,
            Permission::ManageIntake,
            |r, tx, id| {
                let i = position(tx, "shelter_stays", id, stay)?;
                if r.shelter_stays[i].discharged_on.is_some() {
                    return Err(Error::invalid(
                        "discharged_on",
                        "This stay has ended already.",
                    ));
                }
                r.shelter_stays[i].discharged_on = Some(discharged_on);
                Ok(Touched::Item("shelter_stays", i))
            },
            |tx, _, _, _| {
                tx.execute(
                    "UPDATE shelter_stays SET discharged_on = ?2 WHERE id = ?1",
                    params![stay, discharged_on],
                )?;
                Ok(())
            },
        )
    }

    /// Moves the person to another bed of the same shelter.
    pub fn move_bed(&mut self, code: &str, stay: i64, bed: &str) -> Result<()> {
        let bed = bed.trim().to_owned();
        if bed.is_empty() || bed.chars().count() > 20 {
            return Err(Error::invalid(
                "bed",
                "Give the bed as a short label (at most 20 characters).",
            ));
        }
        self.amend(
            code,
            Permission::ManageIntake,
            |r, tx, id| {
                let i = position(tx, "shelter_stays", id, stay)?;
                if r.shelter_stays[i].discharged_on.is_some() {
                    return Err(Error::invalid(
                        "bed",
                        "This stay has ended; only a current stay changes bed.",
                    ));
                }
                Ok(Touched::Item("shelter_stays", i))
            },
            |tx, _, _, _| {
                let shelter: i64 = tx.query_row(
                    "SELECT shelter_id FROM shelter_stays WHERE id = ?1",
                    [stay],
                    |r| r.get(0),
                )?;
                check_bed_free(tx, shelter, &bed, Some(stay))?;
                tx.execute(
                    "UPDATE shelter_stays SET bed = ?2 WHERE id = ?1",
                    params![stay, bed],
                )?;
                Ok(())
            },
        )
    }

    /// Records a service received (legal, medical, psychological …).
    pub fn record_service(&mut self, code: &str, service: ServiceRecord) -> Result<i64> {
        let s = service.clone();
        self.amend(
            code,
            Permission::RecordServices,
            |r, _, _| Ok(push(&mut r.services, service, "services")),
            |tx, id, _, dir| store::insert_service(tx, id, &s, dir),
        )
    }

    /// Records a cash allowance.
    pub fn record_allowance(&mut self, code: &str, allowance: AllowanceRecord) -> Result<i64> {
        let a = allowance.clone();
        self.amend(
            code,
            Permission::RecordServices,
            |r, _, _| Ok(push(&mut r.allowances, allowance, "allowances")),
            |tx, id, _, _| store::insert_allowance(tx, id, &a),
        )
    }

    /// Records a vocational training.
    pub fn record_training(&mut self, code: &str, training: TrainingRecord) -> Result<i64> {
        let t = training.clone();
        self.amend(
            code,
            Permission::RecordServices,
            |r, _, _| Ok(push(&mut r.trainings, training, "trainings")),
            |tx, id, _, _| store::insert_training(tx, id, &t),
        )
    }

    /// Records a job placement.
    pub fn record_employment(&mut self, code: &str, employment: EmploymentRecord) -> Result<i64> {
        let e = employment.clone();
        self.amend(
            code,
            Permission::RecordServices,
            |r, _, _| Ok(push(&mut r.employments, employment, "employments")),
            |tx, id, _, _| store::insert_employment(tx, id, &e),
        )
    }

    /// Adds a dated note.
    pub fn add_note(&mut self, code: &str, note: NoteRecord) -> Result<i64> {
        let n = note.clone();
        let author = self.user().id.to_string();
        self.amend(
            code,
            Permission::RecordServices,
            |r, _, _| Ok(push(&mut r.notes, note, "notes")),
            |tx, id, _, _| store::insert_note(tx, id, &n, Some(&author)),
        )
    }
}

/// Appends `item`; the change touched its new index.
fn push<T>(list: &mut Vec<T>, item: T, collection: &'static str) -> Touched {
    list.push(item);
    Touched::Item(collection, list.len() - 1)
}

/// Where the row `row` of `table` stands among the case's rows (the record's array index).
fn position(tx: &Transaction<'_>, table: &'static str, case: i64, row: i64) -> Result<usize> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE case_id = ?1 ORDER BY id"
    ))?;
    let ids = stmt
        .query_map([case], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.iter()
        .position(|&id| id == row)
        .ok_or_else(|| Error::invalid("id", "That entry does not belong to this case."))
}

/// Refuses an admission that would put the shelter over its capacity on any day from
/// `from` on, counting the stays that are open or end after `from`.
fn check_capacity(tx: &Transaction<'_>, shelter: i64, from: CivilDate) -> Result<()> {
    let capacity: Option<i64> = tx.query_row(
        "SELECT capacity FROM organizations WHERE id = ?1",
        [shelter],
        |r| r.get(0),
    )?;
    let Some(capacity) = capacity else {
        return Ok(());
    };
    let mut stmt = tx.prepare_cached(
        "SELECT admitted_on, discharged_on FROM shelter_stays
         WHERE shelter_id = ?1 AND (discharged_on IS NULL OR discharged_on > ?2)",
    )?;
    let stays = stmt
        .query_map(params![shelter, from], |r| {
            Ok((r.get::<_, CivilDate>(0)?, r.get::<_, Option<CivilDate>>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
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
    let taken: i64 = tx.query_row(
        "SELECT count(*) FROM shelter_stays WHERE shelter_id = ?1 AND bed = ?2 AND discharged_on IS NULL AND id IS NOT ?3",
        params![shelter, bed, except],
        |r| r.get(0),
    )?;
    if taken > 0 {
        return Err(Error::invalid("bed", "Someone else is in that bed."));
    }
    Ok(())
}

impl Session {
    /// Adds an organization (a shelter with its capacity, an NGO, a clinic …). For shelter
    /// staff, caseworkers and administrators.
    pub fn add_organization(&mut self, org: OrganizationRecord) -> Result<()> {
        if !self.may(Permission::ManageIntake) {
            self.require(Permission::Administer)?;
        }
        self.write(Action::Organization, |tx, _| {
            let dir = store::load_directory(tx)?;
            let problems = validate::organization(&org, &dir, None);
            if !problems.is_empty() {
                return Err(Error::Problems(problems));
            }
            store::insert_organization(tx, &org)?;
            Ok(())
        })
    }

    /// Changes the number of beds of a shelter.
    pub fn set_shelter_capacity(&mut self, shelter: &str, capacity: i64) -> Result<()> {
        if !self.may(Permission::ManageIntake) {
            self.require(Permission::Administer)?;
        }
        if capacity < 1 {
            return Err(Error::invalid("capacity", "A shelter has at least 1 bed."));
        }
        self.write(Action::Organization, |tx, _| {
            let dir = store::load_directory(tx)?;
            let org = dir.find(shelter).ok_or_else(|| {
                Error::invalid("shelter", "There is no organization by this name.")
            })?;
            if org.kind != crate::records::vocab::OrganizationKind::Shelter {
                return Err(Error::invalid("shelter", "Only shelters have a capacity."));
            }
            tx.execute(
                "UPDATE organizations SET capacity = ?2 WHERE id = ?1",
                params![org.id, capacity],
            )?;
            Ok(())
        })
    }

    /// Every organization, in the order they were added.
    pub fn list_organizations(&self) -> Result<Vec<OrganizationRecord>> {
        if !self.may(Permission::ReadCaseData) {
            self.require(Permission::Administer)?;
        }
        store::organizations(self.conn())
    }
}

impl Session {
    /// Assigns the case to a caseworker (a user holding the caseworker role), or to nobody.
    pub fn assign_caseworker(&mut self, code: &str, caseworker: Option<&str>) -> Result<()> {
        self.require(Permission::ManageIntake)?;
        let key = match caseworker.map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(name) => Some(
                crate::users::UserName::parse(name, "caseworker")?
                    .key()
                    .to_owned(),
            ),
        };
        self.write(Action::CaseChange, |tx, note| {
            let case = store::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
            note.case = Some(case);
            note.detail = Some("caseworker".to_owned());
            let user: Option<String> = match &key {
                None => None,
                Some(k) => Some(
                    tx.query_row(
                        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
                         WHERE u.name_key = ?1 AND u.removed_at IS NULL AND r.role = 'caseworker'",
                        [k],
                        |r| r.get(0),
                    )
                    .map_err(|_| {
                        Error::invalid("caseworker", "Choose a user who holds the caseworker role.")
                    })?,
                ),
            };
            tx.execute(
                "UPDATE cases SET caseworker_id = ?2 WHERE id = ?1",
                params![case, user],
            )?;
            Ok(())
        })
    }

    /// The user names of the caseworkers, for the assignment and the list's filter.
    pub fn caseworkers(&self) -> Result<Vec<String>> {
        self.require(Permission::ReadCaseData)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT u.name FROM users u JOIN user_roles r ON r.user_id = u.id
             WHERE r.role = 'caseworker' AND u.removed_at IS NULL ORDER BY u.name_key",
        )?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(names)
    }
}
