//! The shelter board's and the dashboard's queries: shelters, who is in them on a day, and the
//! counts that need attention.

use rusqlite::{params, Connection};

use super::word;
use crate::records::vocab::Sector;
use crate::records::CivilDate;
use crate::Result;

/// A shelter as the board lists it.
pub(crate) struct Shelter {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) sector: Sector,
    pub(crate) capacity: Option<i64>,
}

/// Every shelter, by name.
pub(crate) fn shelters(conn: &Connection) -> Result<Vec<Shelter>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, sector, capacity FROM organizations WHERE kind = 'shelter'
         ORDER BY name_key",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Shelter {
            id: r.get(0)?,
            name: r.get(1)?,
            sector: word(r.get(2)?, Sector::parse)?,
            capacity: r.get(3)?,
        });
    }
    Ok(out)
}

/// A person in a shelter on a day.
pub(crate) struct ResidentRow {
    pub(crate) shelter: i64,
    pub(crate) stay: i64,
    pub(crate) admitted_on: CivilDate,
    pub(crate) bed: Option<String>,
    pub(crate) code: String,
    pub(crate) given_name: Option<String>,
    pub(crate) family_name: Option<String>,
    /// The stay's position among the case's stays.
    pub(crate) stay_index: i64,
}

/// Everyone in a shelter on `day`, earliest admission first.
pub(crate) fn residents(conn: &Connection, day: CivilDate) -> Result<Vec<ResidentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.shelter_id, s.id, s.admitted_on, s.bed, c.code, p.given_name, p.family_name,
                (SELECT COUNT(*) FROM shelter_stays e WHERE e.case_id = s.case_id AND e.id < s.id)
         FROM shelter_stays s JOIN cases c ON c.id = s.case_id JOIN persons p ON p.id = c.person_id
         WHERE s.admitted_on <= ?1 AND (s.discharged_on IS NULL OR s.discharged_on > ?1)
         ORDER BY s.admitted_on, s.id",
    )?;
    let rows = stmt.query_map(params![day], |r| {
        Ok(ResidentRow {
            shelter: r.get(0)?,
            stay: r.get(1)?,
            admitted_on: r.get(2)?,
            bed: r.get(3)?,
            code: r.get(4)?,
            given_name: r.get(5)?,
            family_name: r.get(6)?,
            stay_index: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Each shelter's (name, beds, beds taken on `day`), by name.
pub(crate) fn occupancy(
    conn: &Connection,
    day: CivilDate,
) -> Result<Vec<(String, Option<i64>, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.name, o.capacity,
                (SELECT COUNT(*) FROM shelter_stays s WHERE s.shelter_id = o.id
                   AND s.admitted_on <= ?1 AND (s.discharged_on IS NULL OR s.discharged_on > ?1))
         FROM organizations o WHERE o.kind = 'shelter' ORDER BY o.name_key",
    )?;
    let rows = stmt.query_map(params![day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Referrals still pending.
pub(crate) fn pending_referrals(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM referrals WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

/// Consents of open cases whose last day is from `from` to `until`: (code, scope, last day),
/// soonest first, at most 50.
pub(crate) fn expiring_consents(
    conn: &Connection,
    from: CivilDate,
    until: CivilDate,
) -> Result<Vec<(String, String, CivilDate)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.code, k.scope, k.expires_on FROM consents k JOIN cases c ON c.id = k.case_id
         WHERE c.status = 'open' AND k.expires_on BETWEEN ?1 AND ?2
         ORDER BY k.expires_on, c.code LIMIT 50",
    )?;
    let rows = stmt.query_map(params![from, until], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
