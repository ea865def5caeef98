//! Case records in the database: writing a validated record, reading it back whole.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::date::CivilDate;
use super::interchange::*;
use super::money::{self, Money};
use super::validate::{org_key, Directory, OrgRef};
use super::vocab::*;
use crate::{Error, Result};

/// Words of a vocabulary stored in one column, space-separated.
fn join_words<T: Copy + std::fmt::Display>(words: &[T]) -> String {
    words
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn split_words<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>> {
    text.split_whitespace()
        .map(|w| parse(w).ok_or(Error::Damaged))
        .collect()
}

fn word<T>(text: String, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(&text).ok_or(Error::Damaged)
}

/// Every organization, by name.
pub(crate) fn load_directory(conn: &Connection) -> Result<Directory> {
    let mut dir = Directory::default();
    let mut stmt = conn.prepare("SELECT id, name, kind, sector FROM organizations")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (id, name, kind, sector) = row?;
        let org = OrgRef {
            id,
            kind: word(kind, OrganizationKind::parse)?,
            sector: word(sector, Sector::parse)?,
        };
        dir.insert(&name, org);
    }
    Ok(dir)
}

/// Writes a validated organization.
pub(crate) fn insert_organization(
    tx: &Transaction<'_>,
    rec: &OrganizationRecord,
) -> Result<OrgRef> {
    tx.prepare_cached("INSERT INTO organizations (name, name_key, kind, sector, capacity) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![rec.name.trim(), org_key(&rec.name), rec.kind.as_str(), rec.sector.as_str(), rec.capacity])?;
    Ok(OrgRef {
        id: tx.last_insert_rowid(),
        kind: rec.kind,
        sector: rec.sector,
    })
}

/// Every organization, in the order they were added.
pub(crate) fn organizations(conn: &Connection) -> Result<Vec<OrganizationRecord>> {
    let mut stmt =
        conn.prepare("SELECT name, kind, sector, capacity FROM organizations ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
        ))
    })?;
    rows.map(|row| {
        let (name, kind, sector, capacity) = row?;
        Ok(OrganizationRecord {
            name,
            kind: word(kind, OrganizationKind::parse)?,
            sector: word(sector, Sector::parse)?,
            capacity,
        })
    })
    .collect()
}

/// Writes a validated case under `code`; returns its row id.
pub(crate) fn insert_case(
    tx: &Transaction<'_>,
    rec: &CaseRecord,
    dir: &Directory,
    code: &str,
) -> Result<i64> {
    let p = &rec.person;
    tx.prepare_cached(
        "INSERT INTO persons (given_name, family_name, sex, birth_date, age_at_identification, citizenship, languages, phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        p.given_name,
        p.family_name,
        p.sex.as_str(),
        p.birth_date,
        p.age_at_identification,
        p.citizenship,
        p.languages.join(" "),
        p.phone
    ])?;
    let person = tx.last_insert_rowid();
    let mut alias = tx.prepare_cached(
        "INSERT INTO person_aliases (person_id, position, alias) VALUES (?1, ?2, ?3)",
    )?;
    for (i, a) in rec.person.aliases.iter().enumerate() {
        alias.execute(params![person, i as i64, a])?;
    }
    let now = crate::clock::now_utc();
    tx.prepare_cached(
        "INSERT INTO cases (uuid, code, source_ref, person_id, identified_on, identified_by, recognition, exploitation,
                            country_of_exploitation, status, closed_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        uuid::Uuid::now_v7().to_string(),
        code,
        rec.source_ref,
        person,
        rec.identified_on,
        rec.identified_by.map(|v| v.as_str()),
        rec.recognition.as_str(),
        join_words(&rec.exploitation),
        rec.country_of_exploitation,
        rec.status.as_str(),
        rec.closed_on,
        now
    ])?;
    let case = tx.last_insert_rowid();
    for c in &rec.consents {
        insert_consent(tx, case, c)?;
    }
    for r in &rec.referrals {
        insert_referral(tx, case, r, dir)?;
    }
    for stay in &rec.shelter_stays {
        insert_shelter_stay(tx, case, stay, dir, None)?;
    }
    for service in &rec.services {
        insert_service(tx, case, service, dir)?;
    }
    for a in &rec.allowances {
        insert_allowance(tx, case, a)?;
    }
    for t in &rec.trainings {
        insert_training(tx, case, t)?;
    }
    for e in &rec.employments {
        insert_employment(tx, case, e)?;
    }
    for n in &rec.notes {
        insert_note(tx, case, n, None)?;
    }
    crate::search::index_case(tx, case, rec, code)?;
    Ok(case)
}

/// The row id of the organization called `name` (validated to exist before).
fn org_id(dir: &Directory, name: &str) -> Result<i64> {
    dir.find(name).map(|o| o.id).ok_or(Error::Damaged)
}

/// Writes one validated consent of case `case`; returns its row id.
pub(crate) fn insert_consent(tx: &Transaction<'_>, case: i64, c: &ConsentRecord) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO consents (case_id, scope, given_on, expires_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![case, c.scope.as_str(), c.given_on, c.expires_on])?;
    Ok(tx.last_insert_rowid())
}

/// Writes one validated referral.
pub(crate) fn insert_referral(
    tx: &Transaction<'_>,
    case: i64,
    r: &ReferralRecord,
    dir: &Directory,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO referrals (case_id, date, organization_id, status) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        case,
        r.date,
        org_id(dir, &r.to)?,
        r.status.as_str()
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Writes one validated shelter stay, with its bed if labelled.
pub(crate) fn insert_shelter_stay(
    tx: &Transaction<'_>,
    case: i64,
    s: &ShelterStayRecord,
    dir: &Directory,
    bed: Option<&str>,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO shelter_stays (case_id, shelter_id, admitted_on, discharged_on, bed) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![case, org_id(dir, &s.shelter)?, s.admitted_on, s.discharged_on, bed])?;
    Ok(tx.last_insert_rowid())
}

/// Writes one validated service.
pub(crate) fn insert_service(
    tx: &Transaction<'_>,
    case: i64,
    s: &ServiceRecord,
    dir: &Directory,
) -> Result<i64> {
    let provider = s.provider.as_deref().map(|p| org_id(dir, p)).transpose()?;
    tx.prepare_cached(
        "INSERT INTO services (case_id, kind, date, provider_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![case, s.kind.as_str(), s.date, provider])?;
    Ok(tx.last_insert_rowid())
}

/// Writes one validated allowance, its amount as integer minor units.
pub(crate) fn insert_allowance(
    tx: &Transaction<'_>,
    case: i64,
    a: &AllowanceRecord,
) -> Result<i64> {
    let currency = money::currency(&a.currency).ok_or(Error::Damaged)?;
    let amount = Money::parse(&a.amount, currency).ok_or(Error::Damaged)?;
    tx.prepare_cached("INSERT INTO allowances (case_id, date, amount_minor, currency, kind) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![case, a.date, amount.minor, a.currency, a.kind.as_str()])?;
    Ok(tx.last_insert_rowid())
}

/// Writes one validated training.
pub(crate) fn insert_training(tx: &Transaction<'_>, case: i64, t: &TrainingRecord) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO trainings (case_id, course, provider, started_on, ended_on, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![case, t.course, t.provider, t.started_on, t.ended_on, t.outcome.as_str()])?;
    Ok(tx.last_insert_rowid())
}

/// Writes one validated job placement.
pub(crate) fn insert_employment(
    tx: &Transaction<'_>,
    case: i64,
    e: &EmploymentRecord,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO employments (case_id, employer, started_on, ended_on) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![case, e.employer, e.started_on, e.ended_on])?;
    Ok(tx.last_insert_rowid())
}

/// Writes one validated note, with its author when written in Haven.
pub(crate) fn insert_note(
    tx: &Transaction<'_>,
    case: i64,
    n: &NoteRecord,
    author: Option<&str>,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO notes (case_id, date, text, author_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![case, n.date, n.text, author])?;
    Ok(tx.last_insert_rowid())
}

/// Whether a case with this source reference exists.
pub(crate) fn ref_exists(conn: &Connection, source_ref: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM cases WHERE source_ref = ?1")?
        .query_row([source_ref], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether a case with this code exists.
pub(crate) fn code_exists(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM cases WHERE code = ?1")?
        .query_row([code], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The row id of the case with `code`.
pub(crate) fn case_id_by_code(conn: &Connection, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cases WHERE code = ?1")?
        .query_row([code.trim()], |r| r.get(0))
        .optional()?)
}

/// Reads a whole case back as a record.
pub(crate) fn read_case(conn: &Connection, case: i64) -> Result<CaseRecord> {
    type Row = (
        Option<String>,
        String,
        i64,
        CivilDate,
        Option<String>,
        String,
        String,
        Option<String>,
        String,
        Option<CivilDate>,
    );
    let row: Row = conn.prepare_cached(
        "SELECT source_ref, code, person_id, identified_on, identified_by, recognition, exploitation,
                country_of_exploitation, status, closed_on FROM cases WHERE id = ?1",
    )?
    .query_row([case], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
    })?;
    let (
        source_ref,
        code,
        person_id,
        identified_on,
        identified_by,
        recognition,
        exploitation,
        country,
        status,
        closed_on,
    ) = row;

    let person = conn
        .prepare_cached(
            "SELECT given_name, family_name, sex, birth_date, age_at_identification, citizenship, languages, phone
             FROM persons WHERE id = ?1",
        )?
        .query_row([person_id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get::<_, String>(6)?, r.get(7)?))
        })?;
    let aliases = conn
        .prepare_cached("SELECT alias FROM person_aliases WHERE person_id = ?1 ORDER BY position")?
        .query_map([person_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let person = PersonRecord {
        given_name: person.0,
        family_name: person.1,
        aliases,
        sex: word(person.2, Sex::parse)?,
        birth_date: person.3,
        age_at_identification: person.4,
        citizenship: person.5,
        languages: person.6.split_whitespace().map(str::to_owned).collect(),
        phone: person.7,
    };

    let consents = conn
        .prepare_cached(
            "SELECT scope, given_on, expires_on FROM consents WHERE case_id = ?1 ORDER BY id",
        )?
        .query_map([case], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
        })?
        .map(|row| {
            let (scope, given_on, expires_on) = row?;
            Ok(ConsentRecord {
                scope: word(scope, ConsentScope::parse)?,
                given_on,
                expires_on,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let referrals = conn
        .prepare_cached(
            "SELECT r.date, o.name, r.status FROM referrals r JOIN organizations o ON o.id = r.organization_id
             WHERE r.case_id = ?1 ORDER BY r.id",
        )?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))?
        .map(|row| {
            let (date, to, status) = row?;
            Ok(ReferralRecord { date, to, status: word(status, ReferralStatus::parse)? })
        })
        .collect::<Result<Vec<_>>>()?;
    let shelter_stays = conn
        .prepare_cached(
            "SELECT o.name, s.admitted_on, s.discharged_on FROM shelter_stays s JOIN organizations o ON o.id = s.shelter_id
             WHERE s.case_id = ?1 ORDER BY s.id",
        )?
        .query_map([case], |r| Ok(ShelterStayRecord { shelter: r.get(0)?, admitted_on: r.get(1)?, discharged_on: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let services = conn
        .prepare_cached(
            "SELECT s.kind, s.date, o.name FROM services s LEFT JOIN organizations o ON o.id = s.provider_id
             WHERE s.case_id = ?1 ORDER BY s.id",
        )?
        .query_map([case], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        .map(|row| {
            let (kind, date, provider) = row?;
            Ok(ServiceRecord { kind: word(kind, ServiceKind::parse)?, date, provider })
        })
        .collect::<Result<Vec<_>>>()?;
    let allowances = conn
        .prepare_cached("SELECT date, amount_minor, currency, kind FROM allowances WHERE case_id = ?1 ORDER BY id")?
        .query_map([case], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?
        .map(|row| {
            let (date, minor, currency, kind) = row?;
            let cur = money::currency(&currency).ok_or(Error::Damaged)?;
            Ok(AllowanceRecord {
                date,
                amount: money::format_minor(minor, cur),
                currency,
                kind: word(kind, AllowanceKind::parse)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let trainings = conn
        .prepare_cached(
            "SELECT course, provider, started_on, ended_on, outcome FROM trainings WHERE case_id = ?1 ORDER BY id",
        )?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?)))?
        .map(|row| {
            let (course, provider, started_on, ended_on, outcome) = row?;
            Ok(TrainingRecord { course, provider, started_on, ended_on, outcome: word(outcome, TrainingOutcome::parse)? })
        })
        .collect::<Result<Vec<_>>>()?;
    let employments = conn
        .prepare_cached(
            "SELECT employer, started_on, ended_on FROM employments WHERE case_id = ?1 ORDER BY id",
        )?
        .query_map([case], |r| {
            Ok(EmploymentRecord {
                employer: r.get(0)?,
                started_on: r.get(1)?,
                ended_on: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let notes = conn
        .prepare_cached("SELECT date, text FROM notes WHERE case_id = ?1 ORDER BY id")?
        .query_map([case], |r| {
            Ok(NoteRecord {
                date: r.get(0)?,
                text: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    Ok(CaseRecord {
        source_ref,
        code: Some(code),
        person,
        identified_on,
        identified_by: identified_by
            .map(|w| word(w, IdentifiedBy::parse))
            .transpose()?,
        recognition: word(recognition, Recognition::parse)?,
        exploitation: split_words(&exploitation, Exploitation::parse)?,
        country_of_exploitation: country,
        status: word(status, CaseStatus::parse)?,
        closed_on,
        consents,
        referrals,
        shelter_stays,
        services,
        allowances,
        trainings,
        employments,
        notes,
    })
}
