//! The agency identity, the partner directory and the packets sent and received
//! (exchange.md). The secret keys are columns of the encrypted database like any other.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::word;
use crate::records::vocab::{OrganizationKind, Sector};
use crate::records::CivilDate;
use crate::Result;

/// The vault's agency identity.
pub(crate) struct AgencyRow {
    pub(crate) name: String,
    pub(crate) kind: OrganizationKind,
    pub(crate) sector: Sector,
    pub(crate) country: Option<String>,
    pub(crate) encryption_secret: zeroize::Zeroizing<String>,
    pub(crate) signing_secret: zeroize::Zeroizing<Vec<u8>>,
    pub(crate) created_at: String,
}

/// The agency identity, if one was made.
pub(crate) fn agency(conn: &Connection) -> Result<Option<AgencyRow>> {
    let row = conn
        .prepare_cached(
            "SELECT o.name, o.kind, o.sector, a.country, a.encryption_secret,
                    a.signing_secret, a.created_at
             FROM agency a JOIN organizations o ON o.id = a.organization_id WHERE a.id = 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Vec<u8>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .optional()?;
    let Some((name, kind, sector, country, enc, sign, created_at)) = row else {
        return Ok(None);
    };
    Ok(Some(AgencyRow {
        name,
        kind: word(kind, OrganizationKind::parse)?,
        sector: word(sector, Sector::parse)?,
        country,
        encryption_secret: zeroize::Zeroizing::new(enc),
        signing_secret: zeroize::Zeroizing::new(sign),
        created_at,
    }))
}

/// Writes the agency identity (once: the table holds one row).
pub(crate) fn insert_agency(
    tx: &Transaction<'_>,
    organization: i64,
    country: Option<&str>,
    encryption_secret: &str,
    signing_secret: &[u8],
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO agency (id, organization_id, country, encryption_secret, signing_secret, created_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![organization, country, encryption_secret, signing_secret, at])?;
    Ok(())
}

/// A partner as the directory keeps it.
#[derive(Debug, Clone)]
pub(crate) struct PartnerRow {
    pub(crate) fingerprint: String,
    pub(crate) organization_id: i64,
    pub(crate) name: String,
    pub(crate) kind: OrganizationKind,
    pub(crate) sector: Sector,
    pub(crate) encryption_key: String,
    pub(crate) signing_key: String,
    pub(crate) country: Option<String>,
    pub(crate) added_at: String,
    pub(crate) removed_at: Option<String>,
}

const PARTNER: &str = "SELECT p.fingerprint, p.organization_id, o.name, o.kind, o.sector,
        p.encryption_key, p.signing_key, p.country, p.added_at, p.removed_at
     FROM partners p JOIN organizations o ON o.id = p.organization_id";

fn partner_rows(
    conn: &Connection,
    sql: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<Vec<PartnerRow>> {
    let rows = conn
        .prepare_cached(sql)?
        .query_map(values, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(
                fingerprint,
                organization_id,
                name,
                kind,
                sector,
                enc,
                sign,
                country,
                added_at,
                removed_at,
            )| {
                Ok(PartnerRow {
                    fingerprint,
                    organization_id,
                    name,
                    kind: word(kind, OrganizationKind::parse)?,
                    sector: word(sector, Sector::parse)?,
                    encryption_key: enc,
                    signing_key: sign,
                    country,
                    added_at,
                    removed_at,
                })
            },
        )
        .collect()
}

/// The partner with this fingerprint (removed or not).
pub(crate) fn partner(conn: &Connection, fingerprint: &str) -> Result<Option<PartnerRow>> {
    let sql = format!("{PARTNER} WHERE p.fingerprint = ?1");
    Ok(partner_rows(conn, &sql, params![fingerprint])?.pop())
}

/// The active partner linked to organization `organization`.
pub(crate) fn active_partner_of(
    conn: &Connection,
    organization: i64,
) -> Result<Option<PartnerRow>> {
    let sql = format!("{PARTNER} WHERE p.organization_id = ?1 AND p.removed_at IS NULL");
    Ok(partner_rows(conn, &sql, params![organization])?.pop())
}

/// Every partner, active first, then by name.
pub(crate) fn partners(conn: &Connection) -> Result<Vec<PartnerRow>> {
    let sql = format!("{PARTNER} ORDER BY p.removed_at IS NOT NULL, o.name_key");
    partner_rows(conn, &sql, &[])
}

/// Adds a partner, or takes back one removed (with its card's keys as given now).
pub(crate) fn upsert_partner(tx: &Transaction<'_>, p: &PartnerRow) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO partners (fingerprint, organization_id, encryption_key, signing_key, country, added_at, removed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL)
         ON CONFLICT (fingerprint) DO UPDATE SET organization_id = excluded.organization_id,
             country = excluded.country, added_at = excluded.added_at, removed_at = NULL",
    )?
    .execute(params![p.fingerprint, p.organization_id, p.encryption_key, p.signing_key, p.country, p.added_at])?;
    Ok(())
}

/// Marks a partner removed.
pub(crate) fn remove_partner(tx: &Transaction<'_>, fingerprint: &str, at: &str) -> Result<()> {
    tx.prepare_cached("UPDATE partners SET removed_at = ?2 WHERE fingerprint = ?1")?
        .execute(params![fingerprint, at])?;
    Ok(())
}

/// A packet sent or received.
#[derive(Debug, Clone)]
pub(crate) struct PacketRow {
    pub(crate) id: String,
    pub(crate) direction: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) partner: String,
    pub(crate) case_id: Option<i64>,
    pub(crate) referral_id: Option<i64>,
    pub(crate) answers: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) services: String,
    pub(crate) created_on: CivilDate,
    pub(crate) at: String,
    pub(crate) bytes: Option<Vec<u8>>,
}

/// Records a packet.
pub(crate) fn insert_packet(tx: &Transaction<'_>, p: &PacketRow) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO packets (id, direction, kind, partner, case_id, referral_id, answers, status,
                              services, created_on, at, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        p.id,
        p.direction,
        p.kind,
        p.partner,
        p.case_id,
        p.referral_id,
        p.answers,
        p.status,
        p.services,
        p.created_on,
        p.at,
        p.bytes
    ])?;
    Ok(())
}

/// Whether a packet with this id was sent or received here.
pub(crate) fn packet_known(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM packets WHERE id = ?1")?
        .exists([id])?)
}

/// One packet as listed: the partner's name and the case's code joined in.
#[derive(Debug, Clone)]
pub(crate) struct PacketLine {
    pub(crate) id: String,
    pub(crate) direction: String,
    pub(crate) kind: String,
    pub(crate) partner: String,
    pub(crate) partner_name: String,
    pub(crate) case_code: Option<String>,
    pub(crate) referral_id: Option<i64>,
    pub(crate) answers: Option<String>,
    pub(crate) status: String,
    pub(crate) services: String,
    pub(crate) created_on: CivilDate,
    pub(crate) at: String,
    pub(crate) has_bytes: bool,
}

const LINE: &str = "SELECT k.id, k.direction, k.kind, k.partner, o.name, c.code, k.referral_id,
        k.answers, k.status, k.services, k.created_on, k.at, k.bytes IS NOT NULL
     FROM packets k JOIN partners p ON p.fingerprint = k.partner
     JOIN organizations o ON o.id = p.organization_id
     LEFT JOIN cases c ON c.id = k.case_id";

fn lines(conn: &Connection, sql: &str, values: &[&dyn rusqlite::ToSql]) -> Result<Vec<PacketLine>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map(values, |r| {
            Ok(PacketLine {
                id: r.get(0)?,
                direction: r.get(1)?,
                kind: r.get(2)?,
                partner: r.get(3)?,
                partner_name: r.get(4)?,
                case_code: r.get(5)?,
                referral_id: r.get(6)?,
                answers: r.get(7)?,
                status: r.get(8)?,
                services: r.get(9)?,
                created_on: r.get(10)?,
                at: r.get(11)?,
                has_bytes: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every packet, newest first (ids are UUID v7: they sort by time).
pub(crate) fn packet_lines(conn: &Connection) -> Result<Vec<PacketLine>> {
    lines(conn, &format!("{LINE} ORDER BY k.id DESC"), &[])
}

/// The packet with this id.
pub(crate) fn packet_line(conn: &Connection, id: &str) -> Result<Option<PacketLine>> {
    Ok(lines(conn, &format!("{LINE} WHERE k.id = ?1"), params![id])?.pop())
}

/// The packets of a case, newest first.
pub(crate) fn packet_lines_of_case(conn: &Connection, case: i64) -> Result<Vec<PacketLine>> {
    lines(
        conn,
        &format!("{LINE} WHERE k.case_id = ?1 ORDER BY k.id DESC"),
        params![case],
    )
}

/// A packet's bytes, while the vault keeps them.
pub(crate) fn packet_bytes(conn: &Connection, id: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT bytes FROM packets WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<Vec<u8>>>(0))
        .optional()?
        .flatten())
}

/// Moves a packet to `status`; `drop_bytes` lets go of its bytes (nothing more to send).
pub(crate) fn set_packet_status(
    tx: &Transaction<'_>,
    id: &str,
    status: &str,
    drop_bytes: bool,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE packets SET status = ?2, bytes = CASE WHEN ?3 THEN NULL ELSE bytes END WHERE id = ?1",
    )?
    .execute(params![id, status, drop_bytes])?;
    Ok(())
}

/// Cancels the referral packets still waiting in the outbox that were made under `consent`;
/// how many.
pub(crate) fn cancel_waiting_under(tx: &Transaction<'_>, consent: i64) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE packets SET status = 'cancelled', bytes = NULL
             WHERE status = 'waiting' AND kind = 'referral'
               AND referral_id IN (SELECT id FROM referrals WHERE consent_id = ?1)",
        )?
        .execute([consent])?)
}

/// Lets go of every packet's bytes of a case (erasure).
pub(crate) fn drop_case_packets(tx: &Transaction<'_>, case: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE packets SET bytes = NULL,
             status = CASE WHEN status = 'waiting' THEN 'cancelled' ELSE status END
         WHERE case_id = ?1",
    )?
    .execute([case])?;
    Ok(())
}

/// Marks a case referred in from organization `from`, identified at the agency with
/// fingerprint `elsewhere` when that is not this one.
pub(crate) fn set_referred_in(
    tx: &Transaction<'_>,
    case: i64,
    from: i64,
    elsewhere: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE cases SET referred_in_from = ?2, identified_elsewhere = ?3 WHERE id = ?1",
    )?
    .execute(params![case, from, elsewhere])?;
    Ok(())
}

/// Where a case came from: the referring organization's name and the fingerprint of the
/// agency that identified the person (when not this one).
pub(crate) fn referred_in(
    conn: &Connection,
    case: i64,
) -> Result<(Option<String>, Option<String>)> {
    Ok(conn
        .prepare_cached(
            "SELECT o.name, c.identified_elsewhere FROM cases c
             LEFT JOIN organizations o ON o.id = c.referred_in_from WHERE c.id = ?1",
        )?
        .query_row([case], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((None, None)))
}

/// A packet waiting in the outbox, as the relay carries it.
#[derive(Debug, Clone)]
pub(crate) struct WaitingPacket {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) recipient: String,
    pub(crate) bytes: Vec<u8>,
}

/// Up to `limit` packets waiting in the outbox with bytes to send, oldest first, after the
/// packet `after` (an id; the ids are UUID v7, so in the order they were made).
pub(crate) fn waiting_packets(
    conn: &Connection,
    after: &str,
    limit: usize,
) -> Result<Vec<WaitingPacket>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, partner, bytes FROM packets
         WHERE status = 'waiting' AND direction = 'out' AND bytes IS NOT NULL AND id > ?1
         ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit as i64], |r| {
        Ok(WaitingPacket {
            id: r.get(0)?,
            kind: r.get(1)?,
            recipient: r.get(2)?,
            bytes: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many packets wait in the outbox.
pub(crate) fn waiting_count(conn: &Connection) -> Result<u64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM packets
             WHERE status = 'waiting' AND direction = 'out' AND bytes IS NOT NULL",
        )?
        .query_row([], |r| r.get::<_, i64>(0))? as u64)
}
