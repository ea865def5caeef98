//! Organizations: shelters with their beds, NGOs, clinics — the directory every record refers
//! to by name.

use rusqlite::{params, Connection, Transaction};

use super::word;
use crate::records::interchange::OrganizationRecord;
use crate::records::validate::{org_key, Directory, OrgRef};
use crate::records::vocab::{OrganizationKind, Sector};
use crate::records::CivilDate;
use crate::Result;

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

/// Changes the number of beds of a shelter.
pub(crate) fn set_capacity(tx: &Transaction<'_>, org: i64, capacity: i64) -> Result<()> {
    tx.execute(
        "UPDATE organizations SET capacity = ?2 WHERE id = ?1",
        params![org, capacity],
    )?;
    Ok(())
}

/// The number of beds of a shelter, if known.
pub(crate) fn capacity(conn: &Connection, org: i64) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT capacity FROM organizations WHERE id = ?1",
        [org],
        |r| r.get(0),
    )?)
}

/// The stays of a shelter that are open or end after `from`: (admitted, discharged).
pub(crate) fn stays_from(
    conn: &Connection,
    shelter: i64,
    from: CivilDate,
) -> Result<Vec<(CivilDate, Option<CivilDate>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT admitted_on, discharged_on FROM shelter_stays
         WHERE shelter_id = ?1 AND (discharged_on IS NULL OR discharged_on > ?2)",
    )?;
    let stays = stmt
        .query_map(params![shelter, from], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(stays)
}

/// How many current residents of the shelter have `bed`, the stay `except` left out.
pub(crate) fn bed_taken(
    conn: &Connection,
    shelter: i64,
    bed: &str,
    except: Option<i64>,
) -> Result<bool> {
    let taken: i64 = conn.query_row(
        "SELECT count(*) FROM shelter_stays WHERE shelter_id = ?1 AND bed = ?2 AND discharged_on IS NULL AND id IS NOT ?3",
        params![shelter, bed, except],
        |r| r.get(0),
    )?;
    Ok(taken > 0)
}

/// Every organization's kind and sector, by row id.
pub(crate) fn kinds(
    conn: &Connection,
) -> Result<std::collections::HashMap<i64, (OrganizationKind, Sector)>> {
    let mut stmt = conn.prepare_cached("SELECT id, kind, sector FROM organizations")?;
    let mut rows = stmt.query([])?;
    let mut out = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let kind = word(r.get(1)?, OrganizationKind::parse)?;
        let sector = word(r.get(2)?, Sector::parse)?;
        out.insert(r.get(0)?, (kind, sector));
    }
    Ok(out)
}

/// The name of organization `id`, if it exists.
pub(crate) fn name_of(conn: &Connection, id: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT name FROM organizations WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}
