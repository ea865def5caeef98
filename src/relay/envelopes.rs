//! What a site's own role does on the relay: put packets in, fetch those addressed to it,
//! delete them once received. Row-level security holds the site to its own fingerprint; the
//! statements name it too, so the recipient index is used.
//!
//! Idempotent by packet id: putting a packet the relay holds already changes nothing, so a
//! push cut short may simply run again.

use postgres::Client;
use uuid::Uuid;

use super::classify;
use crate::Result;

/// A packet to hand over.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    /// Its id.
    pub id: Uuid,
    /// The recipient's fingerprint.
    pub recipient: &'a str,
    /// The sender's (this site's) fingerprint.
    pub sender: &'a str,
    /// `referral`, `ack` or `contribution`.
    pub kind: &'a str,
    /// The packet file's bytes.
    pub bytes: &'a [u8],
}

/// An envelope addressed to this site.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// The packet id the envelope gives.
    pub id: Uuid,
    /// The packet file's bytes.
    pub bytes: Vec<u8>,
}

/// Puts `packets` on the relay in one transaction: all of them, or (on any failure) none.
///
/// `ON CONFLICT DO NOTHING` names no conflict target on purpose: with one, PostgreSQL checks
/// the new row against the SELECT policy too, which a packet for another site never passes.
/// The packet id is the only unique key, so the two mean the same here.
pub fn put(client: &mut Client, packets: &[Outgoing<'_>]) -> Result<()> {
    let mut tx = client.transaction().map_err(classify)?;
    let insert = tx
        .prepare(
            "INSERT INTO haven.envelopes (packet_id, recipient, sender, kind, packet)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .map_err(classify)?;
    for p in packets {
        tx.execute(
            &insert,
            &[&p.id, &p.recipient, &p.sender, &p.kind, &p.bytes],
        )
        .map_err(classify)?;
    }
    tx.commit().map_err(classify)
}

/// Up to `limit` envelopes addressed to `me`, oldest first, leaving out the ids in `skip`
/// (those this pull already left on the relay).
pub fn fetch(client: &mut Client, me: &str, skip: &[Uuid], limit: i64) -> Result<Vec<Incoming>> {
    let rows = client
        .query(
            "SELECT packet_id, packet FROM haven.envelopes
             WHERE recipient = $1 AND NOT (packet_id = ANY($2))
             ORDER BY received_at, packet_id LIMIT $3",
            &[&me, &skip, &limit],
        )
        .map_err(classify)?;
    Ok(rows
        .into_iter()
        .map(|r| Incoming {
            id: r.get(0),
            bytes: r.get(1),
        })
        .collect())
}

/// How many envelopes wait for `me`.
pub fn waiting_for(client: &mut Client, me: &str) -> Result<u64> {
    let row = client
        .query_one(
            "SELECT count(*) FROM haven.envelopes WHERE recipient = $1",
            &[&me],
        )
        .map_err(classify)?;
    Ok(row.get::<_, i64>(0) as u64)
}

/// Deletes the envelopes `ids` (addressed to `me`; the policy allows no other).
pub fn delete(client: &mut Client, me: &str, ids: &[Uuid]) -> Result<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    client
        .execute(
            "DELETE FROM haven.envelopes WHERE recipient = $1 AND packet_id = ANY($2)",
            &[&me, &ids],
        )
        .map_err(classify)
}
