//! Contributions (exchange.md, consolidated counts): a site's exact counts for a period, sealed
//! to the agency that consolidates them; and, on the consolidator's side, the contributions
//! kept — one current per site and period, a correction replacing the one before.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::outbox::PacketStatus;
use super::{agency, partners, Sent};
use crate::audit::Note;
use crate::packet::file::{seal, Header, PacketKind};
use crate::packet::{ContributionBody, ExactCell, Fingerprint, Refusal};
use crate::records::CivilDate;
use crate::report::consolidate::{self, SiteCells};
use crate::report::Period;
use crate::store::contributions::{self as store, ContributionRow};
use crate::store::exchange::{self as packets, PacketRow, PartnerRow};
use crate::{Error, Result};

/// A contribution to make.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Contribute {
    /// First day of the period, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    /// The consolidating partner's organization name.
    pub to_partner: String,
    /// Whether it replaces a contribution sent before for the same period.
    #[serde(default)]
    pub correction: bool,
}

/// A contribution this vault holds (the consolidator's side): the site, the period, whether
/// it is current. Counts stay inside until a consolidated report adds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContributionView {
    /// The packet's id.
    pub id: String,
    /// The contributing site's organization name.
    pub site: String,
    /// The period's first day.
    pub from: String,
    /// The period's last day.
    pub to: String,
    /// Whether it was sent as a correction.
    pub correction: bool,
    /// Whether a later correction replaced it.
    pub replaced: bool,
    /// When it was received (UTC, RFC 3339).
    pub at: String,
}

/// Makes the contribution packet for `request`: the vault's exact cells for the period, sealed
/// to the partner. `waiting` in the outbox, or `sent` when `to_file`.
pub(crate) fn make(
    tx: &Transaction<'_>,
    note: &mut Note,
    request: &Contribute,
    today: CivilDate,
    to_file: bool,
) -> Result<Sent> {
    let period = Period::parse(&request.from, &request.to)?;
    let (_, keys) = agency::keys(tx)?;
    let (partner, partner_keys) = partners::recipient(tx, &request.to_partner)?;
    let recipient = Fingerprint::parse(&partner.fingerprint).ok_or(Error::Damaged)?;
    let header = Header::new(
        PacketKind::Contribution,
        keys.public().fingerprint(),
        recipient,
        today,
    );
    let body = ContributionBody {
        packet: header.id,
        sender: header.sender.clone(),
        from: period.from,
        to: period.to,
        correction: request.correction,
        generator: crate::report::generator(),
        cells: consolidate::exact_cells(tx, period)?,
    };
    let plain = serde_json::to_vec(&body).map_err(|_| Error::Damaged)?;
    let bytes = seal(&header, &plain, &partner_keys, &keys);
    let id = header.id.to_string();
    packets::insert_packet(
        tx,
        &PacketRow {
            id: id.clone(),
            direction: "out",
            kind: PacketKind::Contribution.as_str(),
            partner: partner.fingerprint.clone(),
            case_id: None,
            referral_id: None,
            answers: None,
            status: PacketStatus::made(to_file).as_str(),
            services: String::new(),
            created_on: today,
            at: crate::clock::now_utc(),
            bytes: Some(bytes.clone()),
        },
    )?;
    note.detail = Some(format!(
        "contribution packet={id} {}..{}{}",
        period.from,
        period.to,
        if request.correction {
            " correction"
        } else {
            ""
        }
    ));
    Ok(Sent {
        id,
        partner: partner.name,
        case: String::new(),
        notes: 0,
        bytes,
    })
}

/// Takes in a contribution received (checked, opened and bound to its header by the caller).
/// A second one from the same site for the same period is refused unless it is a correction,
/// which replaces the one before.
pub(crate) fn take(
    tx: &Transaction<'_>,
    note: &mut Note,
    body: ContributionBody,
    partner: &PartnerRow,
    created: CivilDate,
) -> Result<super::Received> {
    let period = Period {
        from: body.from,
        to: body.to,
    };
    if period.from > period.to {
        return Err(Error::PacketRefused(Refusal::Changed));
    }
    consolidate::check(tx, period, &body.cells)?;
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let earlier = store::current(tx, &partner.fingerprint, &from, &to)?;
    if earlier.is_some() && !body.correction {
        return Err(Error::PacketRefused(Refusal::SecondContribution));
    }
    let id = body.packet.to_string();
    packets::insert_packet(
        tx,
        &PacketRow {
            id: id.clone(),
            direction: "in",
            kind: PacketKind::Contribution.as_str(),
            partner: partner.fingerprint.clone(),
            case_id: None,
            referral_id: None,
            answers: None,
            status: PacketStatus::Received.as_str(),
            services: String::new(),
            created_on: created,
            at: crate::clock::now_utc(),
            bytes: None,
        },
    )?;
    let cells = serde_json::to_string(&body.cells).map_err(|_| Error::Damaged)?;
    store::insert(
        tx,
        &ContributionRow {
            packet: id.clone(),
            site: partner.fingerprint.clone(),
            period_from: from.clone(),
            period_to: to.clone(),
            correction: body.correction,
            replaced_by: None,
            cells,
            at: crate::clock::now_utc(),
        },
        earlier.as_ref().map(|e| e.packet.as_str()),
    )?;
    note.detail = Some(format!(
        "contribution packet={id} {from}..{to}{}",
        if earlier.is_some() {
            " correction replaces an earlier one"
        } else {
            ""
        }
    ));
    Ok(super::Received {
        kind: PacketKind::Contribution,
        id,
        partner: partner.name.clone(),
        case: None,
        answer: None,
        notes: 0,
    })
}

/// The current contributions for exactly `period`, as the merge takes them.
pub(crate) fn for_period(conn: &Connection, period: Period) -> Result<Vec<SiteCells>> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    store::current_for(conn, &from, &to)?
        .into_iter()
        .map(|row| {
            let cells: Vec<ExactCell> =
                serde_json::from_str(&row.cells).map_err(|_| Error::Damaged)?;
            Ok(SiteCells {
                correction: row.correction,
                cells,
            })
        })
        .collect()
}

/// Every contribution held, newest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<ContributionView>> {
    store::all(conn)?
        .into_iter()
        .map(|row| {
            let site = packets::partner(conn, &row.site)?
                .map(|p| p.name)
                .ok_or(Error::Damaged)?;
            Ok(ContributionView {
                id: row.packet,
                site,
                from: row.period_from,
                to: row.period_to,
                correction: row.correction,
                replaced: row.replaced_by.is_some(),
                at: row.at,
            })
        })
        .collect()
}
