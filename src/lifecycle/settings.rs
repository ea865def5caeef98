//! The vault's lifecycle settings, kept in `vault_meta`: how long identities are kept after a
//! case closes, whether the report counts only cases that consented to statistics, how long a
//! consent to referrals may run, and which organization is the vault's own.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::organizations;
use crate::vault::database;
use crate::{Error, Result};

const RETENTION: &str = "retention_years_after_closure";
const STATISTICS: &str = "statistics_requires_consent";
const REFERRAL_MONTHS: &str = "referral_consent_max_months";
const OWN: &str = "own_organization";

/// Years identities and narratives are kept after a case closes, unless changed.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;
/// The retention period an administrator may choose.
pub const RETENTION_RANGE: std::ops::RangeInclusive<u32> = 1..=50;
/// How long a consent to referrals may run, in months, unless changed (lifecycle.md: 12; the
/// administrator may allow up to 36).
pub const DEFAULT_REFERRAL_MONTHS: u32 = 12;
/// The longest a consent to referrals may be allowed to run.
pub const REFERRAL_MONTHS_RANGE: std::ops::RangeInclusive<u32> = 12..=36;

/// The lifecycle settings of a vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LifecycleSettings {
    /// Years after closure before a case's identity and narratives are due to be purged.
    pub retention_years: u32,
    /// Whether the indicator report counts only cases with a consent to statistics.
    pub statistics_requires_consent: bool,
    /// The longest a consent to referrals may run, in months (12 to 36).
    pub referral_consent_max_months: u32,
    /// The vault's own organization: referrals to it need no consent.
    pub own_organization: Option<String>,
}

fn number(
    conn: &Connection,
    key: &str,
    default: u32,
    range: &std::ops::RangeInclusive<u32>,
) -> Result<u32> {
    match database::meta(conn, key)? {
        None => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or(Error::Damaged),
    }
}

/// The settings as they stand.
pub fn read(conn: &Connection) -> Result<LifecycleSettings> {
    let own = match database::meta(conn, OWN)? {
        None => None,
        Some(id) => {
            let id = id.parse::<i64>().map_err(|_| Error::Damaged)?;
            organizations::name_of(conn, id)?
        }
    };
    Ok(LifecycleSettings {
        retention_years: number(conn, RETENTION, DEFAULT_RETENTION_YEARS, &RETENTION_RANGE)?,
        statistics_requires_consent: database::meta(conn, STATISTICS)?.as_deref() == Some("1"),
        referral_consent_max_months: number(
            conn,
            REFERRAL_MONTHS,
            DEFAULT_REFERRAL_MONTHS,
            &REFERRAL_MONTHS_RANGE,
        )?,
        own_organization: own,
    })
}

/// The row id of the vault's own organization, if one is set.
pub(crate) fn own_organization(conn: &Connection) -> Result<Option<i64>> {
    database::meta(conn, OWN)?
        .map(|id| id.parse::<i64>().map_err(|_| Error::Damaged))
        .transpose()
}

/// Makes `organization` the vault's own unless one is set already (the agency identity's).
pub(crate) fn set_own_if_unset(tx: &Transaction<'_>, organization: i64) -> Result<bool> {
    if own_organization(tx)?.is_some() {
        return Ok(false);
    }
    database::set_meta(tx, OWN, &organization.to_string())?;
    Ok(true)
}

/// Writes `new` (checked first); the audit detail lists what changed, by setting name.
pub(crate) fn write(tx: &Transaction<'_>, new: &LifecycleSettings) -> Result<String> {
    if !RETENTION_RANGE.contains(&new.retention_years) {
        return Err(Error::invalid(
            "retentionYears",
            format!(
                "Choose from {} to {} years.",
                RETENTION_RANGE.start(),
                RETENTION_RANGE.end()
            ),
        ));
    }
    if !REFERRAL_MONTHS_RANGE.contains(&new.referral_consent_max_months) {
        return Err(Error::invalid(
            "referralConsentMaxMonths",
            "A consent to referrals may run for 12 to 36 months.",
        ));
    }
    let own = match new.own_organization.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => {
            let dir = organizations::load_directory(tx)?;
            Some(
                dir.find(name)
                    .ok_or_else(|| {
                        Error::invalid("ownOrganization", "There is no organization by this name.")
                    })?
                    .id,
            )
        }
    };
    let old = read(tx)?;
    let mut changed = Vec::new();
    if old.retention_years != new.retention_years {
        database::set_meta(tx, RETENTION, &new.retention_years.to_string())?;
        changed.push(format!("retention_years={}", new.retention_years));
    }
    if old.statistics_requires_consent != new.statistics_requires_consent {
        let v = if new.statistics_requires_consent {
            "1"
        } else {
            "0"
        };
        database::set_meta(tx, STATISTICS, v)?;
        changed.push(format!("statistics_requires_consent={v}"));
    }
    if old.referral_consent_max_months != new.referral_consent_max_months {
        database::set_meta(
            tx,
            REFERRAL_MONTHS,
            &new.referral_consent_max_months.to_string(),
        )?;
        changed.push(format!(
            "referral_consent_max_months={}",
            new.referral_consent_max_months
        ));
    }
    if own_organization(tx)? != own {
        match own {
            Some(id) => database::set_meta(tx, OWN, &id.to_string())?,
            None => database::delete_meta(tx, OWN)?,
        }
        changed.push("own_organization".to_owned());
    }
    Ok(changed.join(" "))
}
