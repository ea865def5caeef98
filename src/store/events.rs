//! The scans the indicator report makes: one pass over each table of events in a period,
//! handing each row's case id (and what the report breaks it down by) to the counting code.
//! Dates are stored as `YYYY-MM-DD`, so comparing the text compares the days.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::text;
use crate::records::vocab::{Recognition, Sex};
use crate::records::CivilDate;
use crate::{Error, Result};

/// Every case's sex, by case id.
pub(crate) fn case_sexes(conn: &Connection) -> Result<HashMap<i64, Sex>> {
    let mut stmt = conn
        .prepare_cached("SELECT c.id, p.sex FROM cases c JOIN persons p ON p.id = c.person_id")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let sex = Sex::parse(text(r, 1)?).ok_or(Error::Damaged)?;
        out.insert(r.get(0)?, sex);
    }
    Ok(out)
}

/// A case identified in the period, with what the report breaks it down by.
pub(crate) struct Identified<'r> {
    pub(crate) case: i64,
    pub(crate) sex: Sex,
    pub(crate) birth_date: Option<CivilDate>,
    pub(crate) age_at_identification: Option<i64>,
    pub(crate) identified_on: CivilDate,
    pub(crate) recognition: Recognition,
    /// The forms of exploitation, space-separated words.
    pub(crate) exploitation: &'r str,
}

/// Every case identified from `from` to `to`.
pub(crate) fn identified(
    conn: &Connection,
    from: &str,
    to: &str,
    each: &mut dyn FnMut(Identified<'_>) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.sex, p.birth_date, p.age_at_identification, c.identified_on, c.recognition,
                c.exploitation, c.id
         FROM cases c JOIN persons p ON p.id = c.person_id
         WHERE c.identified_on BETWEEN ?1 AND ?2 AND c.identified_elsewhere IS NULL",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        each(Identified {
            case: r.get(6)?,
            sex: Sex::parse(text(r, 0)?).ok_or(Error::Damaged)?,
            birth_date: r.get(1)?,
            age_at_identification: r.get(2)?,
            identified_on: r.get(3)?,
            recognition: Recognition::parse(text(r, 4)?).ok_or(Error::Damaged)?,
            exploitation: text(r, 5)?,
        })?;
    }
    Ok(())
}

/// The events the report reads as (case, organization) pairs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pairs {
    /// Every referral dated in the period: (case, receiving organization).
    Referrals,
    /// Every shelter stay overlapping the period: (case, shelter).
    Stays,
}

/// Hands every pair of `kind` in the period to `each`.
pub(crate) fn pairs_of(
    conn: &Connection,
    kind: Pairs,
    from: &str,
    to: &str,
    each: &mut dyn FnMut(i64, i64) -> Result<()>,
) -> Result<()> {
    let sql = match kind {
        Pairs::Referrals => {
            "SELECT case_id, organization_id FROM referrals WHERE date BETWEEN ?1 AND ?2"
        }
        Pairs::Stays => {
            "SELECT case_id, shelter_id FROM shelter_stays
             WHERE admitted_on <= ?2 AND (discharged_on IS NULL OR discharged_on >= ?1)"
        }
    };
    pairs(conn, sql, (from, to), each)
}

/// Hands the two integer columns of every row of `sql` over the period to `each`.
fn pairs(
    conn: &Connection,
    sql: &str,
    (from, to): (&str, &str),
    each: &mut dyn FnMut(i64, i64) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?)?;
    }
    Ok(())
}

/// Every legal, medical or psychological service in the period: (case, kind word).
pub(crate) fn support_services(
    conn: &Connection,
    from: &str,
    to: &str,
    each: &mut dyn FnMut(i64, &str) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT case_id, kind FROM services
         WHERE date BETWEEN ?1 AND ?2 AND kind IN ('legal', 'medical', 'psychological')",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, text(r, 1)?)?;
    }
    Ok(())
}

/// Every currency any allowance was ever paid in.
pub(crate) fn allowance_currencies(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT currency FROM allowances")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every allowance paid in the period: (case, amount in minor units, currency).
pub(crate) fn allowances(
    conn: &Connection,
    from: &str,
    to: &str,
    each: &mut dyn FnMut(i64, i64, &str) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT case_id, amount_minor, currency FROM allowances WHERE date BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?, text(r, 2)?)?;
    }
    Ok(())
}

/// What started in a period: a training or a job.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Started {
    /// Vocational trainings.
    Trainings,
    /// Job placements.
    Employments,
}

/// The case of everything of `kind` started in the period.
pub(crate) fn started(
    conn: &Connection,
    kind: Started,
    from: &str,
    to: &str,
    each: &mut dyn FnMut(i64),
) -> Result<()> {
    let table = match kind {
        Started::Trainings => "trainings",
        Started::Employments => "employments",
    };
    let sql = format!("SELECT case_id FROM {table} WHERE started_on BETWEEN ?1 AND ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?);
    }
    Ok(())
}
