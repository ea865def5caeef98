//! The shelter board and the dashboard's figures: who is in which shelter now, how full each
//! one is, and what needs attention (pending referrals, consents about to expire).

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::display_name;
use crate::records::vocab::{CaseStatus, Sector};
use crate::records::CivilDate;
use crate::store::board as store;
use crate::{Error, Result};

/// Days ahead in which a consent counts as about to expire.
pub const CONSENT_WARNING_DAYS: i64 = 30;

/// Every shelter and who is in it today.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShelterBoard {
    /// The shelters, by name.
    pub shelters: Vec<ShelterOccupancy>,
}

/// One shelter on the board.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShelterOccupancy {
    /// The shelter's name.
    pub name: String,
    /// Who runs it.
    pub sector: Sector,
    /// Beds, if known.
    #[ts(type = "number | null")]
    pub capacity: Option<i64>,
    /// Beds taken today.
    pub occupied: u32,
    /// Who is in, earliest admission first.
    pub residents: Vec<Resident>,
}

/// A person in a shelter today.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Resident {
    /// The case code.
    pub code: String,
    /// The person's name, for users who may read identities.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The day of admission.
    pub admitted_on: CivilDate,
    /// The bed, if labelled.
    pub bed: Option<String>,
    /// The stay's id (for the discharge form).
    #[ts(type = "number")]
    pub stay: i64,
    /// The stay's position in the case's list of stays (for the discharge form).
    #[ts(type = "number")]
    pub stay_index: i64,
}

/// The dashboard's figures for the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DashboardFigures {
    /// Open cases.
    #[ts(type = "number")]
    pub open_cases: u64,
    /// Closed cases.
    #[ts(type = "number")]
    pub closed_cases: u64,
    /// Each shelter: name, beds, beds taken.
    pub shelters: Vec<ShelterCount>,
    /// Referrals still pending.
    #[ts(type = "number")]
    pub pending_referrals: u64,
    /// Consents that expire within [`CONSENT_WARNING_DAYS`] days (today included).
    pub expiring_consents: Vec<ExpiringConsent>,
}

/// A shelter's occupancy.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShelterCount {
    /// The shelter's name.
    pub name: String,
    /// Beds, if known.
    #[ts(type = "number | null")]
    pub capacity: Option<i64>,
    /// Beds taken today.
    pub occupied: u32,
}

/// A consent about to expire.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExpiringConsent {
    /// The case code.
    pub code: String,
    /// What the consent covers.
    pub scope: String,
    /// Its last day.
    pub expires_on: CivilDate,
}

/// Every shelter and who is in it today, with names when `identity`; and how many names it
/// shows (the session logs that before handing it out).
pub(crate) fn shelter_board(conn: &Connection, identity: bool) -> Result<(ShelterBoard, usize)> {
    let today = CivilDate::today();
    let mut ids = Vec::new();
    let mut shelters = Vec::new();
    for s in store::shelters(conn)? {
        ids.push(s.id);
        shelters.push(ShelterOccupancy {
            name: s.name,
            sector: s.sector,
            capacity: s.capacity,
            occupied: 0,
            residents: Vec::new(),
        });
    }
    let mut shown = 0;
    for r in store::residents(conn, today)? {
        let Some(i) = ids.iter().position(|&id| id == r.shelter) else {
            return Err(Error::Damaged);
        };
        let name =
            identity.then(|| display_name(r.given_name.as_deref(), r.family_name.as_deref()));
        shown += usize::from(name.is_some());
        shelters[i].occupied += 1;
        shelters[i].residents.push(Resident {
            code: r.code,
            name,
            admitted_on: r.admitted_on,
            bed: r.bed,
            stay: r.stay,
            stay_index: r.stay_index,
        });
    }
    Ok((ShelterBoard { shelters }, shown))
}

/// The dashboard's figures: counts and codes only.
pub(crate) fn dashboard_figures(conn: &Connection) -> Result<DashboardFigures> {
    let today = CivilDate::today();
    let until = (0..CONSENT_WARNING_DAYS).try_fold(today, |d, _| d.next_day().ok_or(()));
    let until = until.unwrap_or(today);
    Ok(DashboardFigures {
        open_cases: crate::store::cases::count(conn, Some(CaseStatus::Open))?,
        closed_cases: crate::store::cases::count(conn, Some(CaseStatus::Closed))?,
        shelters: store::occupancy(conn, today)?
            .into_iter()
            .map(|(name, capacity, occupied)| ShelterCount {
                name,
                capacity,
                occupied,
            })
            .collect(),
        pending_referrals: store::pending_referrals(conn)?,
        expiring_consents: store::expiring_consents(conn, today, until)?
            .into_iter()
            .map(|(code, scope, expires_on)| ExpiringConsent {
                code,
                scope,
                expires_on,
            })
            .collect(),
    })
}
