//! Case records in the database: writing a validated record, reading it back whole.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::entries::*;
use super::{join_words, split_words, word};
use crate::records::date::CivilDate;
use crate::records::interchange::*;
use crate::records::money;
use crate::records::validate::Directory;
use crate::records::vocab::*;
use crate::{Error, Result};

/// Writes a validated case under `code`; returns its row id.
pub(crate) fn insert_case(
    tx: &Transaction<'_>,
    rec: &CaseRecord,
    dir: &Directory,
    code: &str,
) -> Result<i64> {
    write_person(
        tx,
        "INSERT INTO persons (given_name, family_name, sex, birth_date, age_at_identification, citizenship, languages, phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &rec.person,
        None,
    )?;
    let person = tx.last_insert_rowid();
    write_aliases(tx, person, &rec.person.aliases)?;
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
        insert_consent(tx, case, c, dir)?;
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
    super::search::index_case(tx, case, rec, code)?;
    Ok(case)
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

    let consents = super::lifecycle::consents_of(conn, case)?
        .into_iter()
        .map(|c| c.record)
        .collect();
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
    let notes = notes_of(conn, case)?;

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

/// A case's notes, oldest first, their sealed texts opened with the case's key.
fn notes_of(conn: &Connection, case: i64) -> Result<Vec<NoteRecord>> {
    let mut stmt =
        conn.prepare_cached("SELECT date, text, sealed FROM notes WHERE case_id = ?1 ORDER BY id")?;
    let rows = stmt
        .query_map([case], |r| {
            Ok((
                r.get::<_, CivilDate>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<Vec<u8>>>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let opener = super::case_keys::Opener::of(conn, case)?;
    rows.into_iter()
        .map(|(date, text, sealed)| {
            let text = match sealed {
                Some(sealed) => opener.open_text(crate::case_key::Sealed::Note, &sealed)?,
                None => text,
            };
            Ok(NoteRecord { date, text })
        })
        .collect()
}

/// The row id of a case's person.
fn person_of(conn: &Connection, case: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT person_id FROM cases WHERE id = ?1")?
        .query_row([case], |r| r.get(0))?)
}

/// Replaces the person of a case (names, aliases, birth date, contacts) and re-indexes it.
pub(crate) fn update_person(tx: &Transaction<'_>, case: i64, rec: &CaseRecord) -> Result<()> {
    let person = person_of(tx, case)?;
    write_person(
        tx,
        "UPDATE persons SET given_name = ?1, family_name = ?2, sex = ?3, birth_date = ?4,
         age_at_identification = ?5, citizenship = ?6, languages = ?7, phone = ?8 WHERE id = ?9",
        &rec.person,
        Some(person),
    )?;
    tx.execute("DELETE FROM person_aliases WHERE person_id = ?1", [person])?;
    write_aliases(tx, person, &rec.person.aliases)?;
    super::search::index_case(tx, case, rec, rec.code.as_deref().unwrap_or_default())
}

/// Runs `sql` with the person's columns as ?1…?8 (in the table's order) and, for an update,
/// the row id as ?9.
fn write_person(tx: &Transaction<'_>, sql: &str, p: &PersonRecord, id: Option<i64>) -> Result<()> {
    let languages = p.languages.join(" ");
    let sex = p.sex.as_str();
    let values: [&dyn rusqlite::ToSql; 9] = [
        &p.given_name,
        &p.family_name,
        &sex,
        &p.birth_date,
        &p.age_at_identification,
        &p.citizenship,
        &languages,
        &p.phone,
        &id,
    ];
    let n = if id.is_some() { 9 } else { 8 };
    tx.prepare_cached(sql)?.execute(&values[..n])?;
    Ok(())
}

/// Writes a person's aliases in order.
fn write_aliases(tx: &Transaction<'_>, person: i64, aliases: &[String]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO person_aliases (person_id, position, alias) VALUES (?1, ?2, ?3)",
    )?;
    for (i, a) in aliases.iter().enumerate() {
        stmt.execute(params![person, i as i64, a])?;
    }
    Ok(())
}

/// Replaces how and when the person was identified.
pub(crate) fn update_identification(
    tx: &Transaction<'_>,
    case: i64,
    rec: &CaseRecord,
) -> Result<()> {
    tx.execute(
        "UPDATE cases SET identified_on = ?2, identified_by = ?3, recognition = ?4, exploitation = ?5,
         country_of_exploitation = ?6 WHERE id = ?1",
        params![
            case,
            rec.identified_on,
            rec.identified_by.map(|v| v.as_str()),
            rec.recognition.as_str(),
            join_words(&rec.exploitation),
            rec.country_of_exploitation
        ],
    )?;
    Ok(())
}

/// Closes (with the day) or reopens (`None`) a case.
pub(crate) fn set_closed(
    tx: &Transaction<'_>,
    case: i64,
    closed_on: Option<CivilDate>,
) -> Result<()> {
    let status = if closed_on.is_some() {
        CaseStatus::Closed
    } else {
        CaseStatus::Open
    };
    tx.execute(
        "UPDATE cases SET status = ?2, closed_on = ?3 WHERE id = ?1",
        params![case, status.as_str(), closed_on],
    )?;
    Ok(())
}

/// Stamps a case as changed now.
pub(crate) fn touch(tx: &Transaction<'_>, case: i64) -> Result<()> {
    tx.prepare_cached("UPDATE cases SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![case, crate::clock::now_utc()])?;
    Ok(())
}

/// Assigns a case to a user (by id), or to nobody.
pub(crate) fn set_caseworker(tx: &Transaction<'_>, case: i64, user: Option<&str>) -> Result<()> {
    tx.execute(
        "UPDATE cases SET caseworker_id = ?2 WHERE id = ?1",
        params![case, user],
    )?;
    Ok(())
}

/// The user name of a case's caseworker, if one is assigned.
pub(crate) fn caseworker_of(conn: &Connection, case: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT u.name FROM cases c JOIN users u ON u.id = c.caseworker_id WHERE c.id = ?1",
        )?
        .query_row([case], |r| r.get(0))
        .optional()?)
}

/// The UUID of the case with `code`, as the audit log names cases.
pub(crate) fn uuid_by_code(conn: &Connection, code: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT uuid FROM cases WHERE code = ?1")?
        .query_row([code.trim()], |r| r.get(0))
        .optional()?)
}

/// The UUID of the case with row id `case`.
pub(crate) fn uuid_of(conn: &Connection, case: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT uuid FROM cases WHERE id = ?1")?
        .query_row([case], |r| r.get(0))?)
}

/// Every case's row id, oldest first.
pub(crate) fn all_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM cases ORDER BY id")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// Number of cases, or of those with `status`.
pub(crate) fn count(conn: &Connection, status: Option<CaseStatus>) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM cases WHERE ?1 IS NULL OR status = ?1")?
        .query_row([status.map(|s| s.as_str())], |r| r.get(0))?;
    Ok(n as u64)
}

/// What a list narrows to; `None` everywhere lists every case.
pub(crate) struct ListQuery<'a> {
    /// An FTS5 query over the search index (best matches first), else newest first.
    pub(crate) search: Option<&'a str>,
    /// Open or closed only.
    pub(crate) status: Option<CaseStatus>,
    /// The caseworker's name key.
    pub(crate) caseworker: Option<&'a str>,
    /// The name key of a shelter the person is in on `today`.
    pub(crate) shelter: Option<&'a str>,
    /// The day for `shelter`.
    pub(crate) today: CivilDate,
    /// At most this many.
    pub(crate) limit: i64,
    /// Skip this many.
    pub(crate) offset: i64,
}

/// One case of a list: code, status, identified on, sex, recognition, given and family name,
/// caseworker's user name.
pub(crate) struct ListRow {
    pub(crate) code: String,
    pub(crate) status: CaseStatus,
    pub(crate) identified_on: CivilDate,
    pub(crate) sex: Sex,
    pub(crate) recognition: Recognition,
    pub(crate) given_name: Option<String>,
    pub(crate) family_name: Option<String>,
    pub(crate) caseworker: Option<String>,
}

/// A page of cases: the best matches of a search, or the newest first.
pub(crate) fn list(conn: &Connection, q: &ListQuery<'_>) -> Result<Vec<ListRow>> {
    let columns =
        "c.code, c.status, c.identified_on, p.sex, c.recognition, p.given_name, p.family_name,
             (SELECT name FROM users u WHERE u.id = c.caseworker_id)";
    // Both narrowings are conditions on the case, shared by the list and the search.
    let narrow = "(?5 IS NULL OR c.caseworker_id IN (SELECT id FROM users WHERE name_key = ?5))
             AND (?6 IS NULL OR c.id IN (SELECT s.case_id FROM shelter_stays s JOIN organizations o ON o.id = s.shelter_id
                  WHERE o.name_key = ?6 AND s.admitted_on <= ?7 AND (s.discharged_on IS NULL OR s.discharged_on > ?7)))";
    // ?1 is the search (unused without one); SQLite numbers parameters up to the highest.
    let sql = match q.search {
        Some(_) => format!(
            "SELECT {columns} FROM case_search s JOIN cases c ON c.id = s.rowid JOIN persons p ON p.id = c.person_id
             WHERE case_search MATCH ?1 AND (?2 IS NULL OR c.status = ?2) AND {narrow}
             ORDER BY bm25(case_search, 1.0, 2.0) LIMIT ?3 OFFSET ?4"
        ),
        None => format!(
            "SELECT {columns} FROM cases c JOIN persons p ON p.id = c.person_id
             WHERE (?2 IS NULL OR c.status = ?2) AND {narrow}
             ORDER BY c.identified_on DESC, c.id DESC LIMIT ?3 OFFSET ?4"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![
        q.search,
        q.status.map(|s| s.as_str()),
        q.limit,
        q.offset,
        q.caseworker,
        q.shelter,
        q.today
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(ListRow {
            code: r.get(0)?,
            status: word(r.get(1)?, CaseStatus::parse)?,
            identified_on: r.get(2)?,
            sex: word(r.get(3)?, Sex::parse)?,
            recognition: word(r.get(4)?, Recognition::parse)?,
            given_name: r.get(5)?,
            family_name: r.get(6)?,
            caseworker: r.get(7)?,
        });
    }
    Ok(out)
}
