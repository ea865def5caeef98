//! The shelter board and the dashboard's figures: who is in which shelter now, how full each
//! one is, and what needs attention (pending referrals, consents about to expire).

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::display_name;
use crate::audit::{Action, Note};
use crate::records::vocab::Sector;
use crate::records::CivilDate;
use crate::roles::Permission;
use crate::session::Session;
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

impl Session {
    /// Every shelter and who is in it today. Names only for users who may read identities
    /// (and then the board's showing them is logged).
    pub fn shelter_board(&self) -> Result<ShelterBoard> {
        self.require(Permission::ReadCaseData)?;
        let identity = self.may(Permission::ReadIdentity);
        let today = CivilDate::today();
        let conn = self.conn();
        let mut shelters = Vec::new();
        let mut ids = Vec::new();
        {
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, sector, capacity FROM organizations WHERE kind = 'shelter'
                 ORDER BY name_key",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let sector: String = r.get(2)?;
                ids.push(r.get::<_, i64>(0)?);
                shelters.push(ShelterOccupancy {
                    name: r.get(1)?,
                    sector: Sector::parse(&sector).ok_or(Error::Damaged)?,
                    capacity: r.get(3)?,
                    occupied: 0,
                    residents: Vec::new(),
                });
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT s.shelter_id, s.id, s.admitted_on, s.bed, c.code, p.given_name, p.family_name,
                    (SELECT COUNT(*) FROM shelter_stays e WHERE e.case_id = s.case_id AND e.id < s.id)
             FROM shelter_stays s JOIN cases c ON c.id = s.case_id JOIN persons p ON p.id = c.person_id
             WHERE s.admitted_on <= ?1 AND (s.discharged_on IS NULL OR s.discharged_on > ?1)
             ORDER BY s.admitted_on, s.id",
        )?;
        let mut rows = stmt.query(params![today])?;
        let mut shown = 0;
        while let Some(r) = rows.next()? {
            let shelter: i64 = r.get(0)?;
            let Some(i) = ids.iter().position(|&id| id == shelter) else {
                return Err(Error::Damaged);
            };
            let given: Option<String> = r.get(5)?;
            let family: Option<String> = r.get(6)?;
            let name = identity.then(|| display_name(given.as_deref(), family.as_deref()));
            shown += usize::from(name.is_some());
            shelters[i].occupied += 1;
            shelters[i].residents.push(Resident {
                code: r.get(4)?,
                name,
                admitted_on: r.get(2)?,
                bed: r.get(3)?,
                stay: r.get(1)?,
                stay_index: r.get(7)?,
            });
        }
        if shown > 0 {
            self.audit_read(
                Action::CaseSearch,
                Note {
                    case: None,
                    detail: Some(format!("board results={shown}")),
                },
            )?;
        }
        Ok(ShelterBoard { shelters })
    }

    /// The dashboard's figures: counts and codes only, for every role that reads cases.
    pub fn dashboard_figures(&self) -> Result<DashboardFigures> {
        self.require(Permission::ReadCaseData)?;
        let conn = self.conn();
        let today = CivilDate::today();
        let count = |sql: &str| -> Result<u64> {
            Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let open_cases = count("SELECT COUNT(*) FROM cases WHERE status = 'open'")?;
        let closed_cases = count("SELECT COUNT(*) FROM cases WHERE status = 'closed'")?;
        let pending_referrals = count("SELECT COUNT(*) FROM referrals WHERE status = 'pending'")?;
        let mut stmt = conn.prepare_cached(
            "SELECT o.name, o.capacity,
                    (SELECT COUNT(*) FROM shelter_stays s WHERE s.shelter_id = o.id
                       AND s.admitted_on <= ?1 AND (s.discharged_on IS NULL OR s.discharged_on > ?1))
             FROM organizations o WHERE o.kind = 'shelter' ORDER BY o.name_key",
        )?;
        let shelters = stmt
            .query_map(params![today], |r| {
                Ok(ShelterCount {
                    name: r.get(0)?,
                    capacity: r.get(1)?,
                    occupied: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let until = (0..CONSENT_WARNING_DAYS).try_fold(today, |d, _| d.next_day().ok_or(()));
        let until = until.unwrap_or(today);
        let mut stmt = conn.prepare_cached(
            "SELECT c.code, k.scope, k.expires_on FROM consents k JOIN cases c ON c.id = k.case_id
             WHERE c.status = 'open' AND k.expires_on BETWEEN ?1 AND ?2
             ORDER BY k.expires_on, c.code LIMIT 50",
        )?;
        let expiring_consents = stmt
            .query_map(params![today, until], |r| {
                Ok(ExpiringConsent {
                    code: r.get(0)?,
                    scope: r.get(1)?,
                    expires_on: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(DashboardFigures {
            open_cases,
            closed_cases,
            shelters,
            pending_referrals,
            expiring_consents,
        })
    }
}
