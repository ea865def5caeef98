//! Consents: what state one is in on a day, recording a new one under lifecycle.md's rules,
//! withdrawing one, and the consents the dashboard lists.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::cases::operations::{self as op, Amend, NewEntry};
use crate::records::interchange::ConsentRecord;
use crate::records::vocab::ConsentScope;
use crate::records::CivilDate;
use crate::store::{cases, lifecycle as store};
use crate::{Error, Result};

/// Days before its expiry from which a consent is listed as expiring.
pub const EXPIRING_DAYS: i64 = 30;

/// Where a consent stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsentState {
    /// It covers the day, and does not expire in the next 30 days.
    Valid,
    /// It covers the day and expires within 30 days.
    Expiring,
    /// Its expiry date has passed.
    Expired,
    /// The person withdrew it.
    Withdrawn,
    /// It was recorded as given on a later day.
    NotYetGiven,
}

/// Whether `c` is valid on `day`: given on or before it, not expired before it, and not
/// withdrawn on or before it. A consent to referrals without an expiry date is never valid.
pub fn valid_on(c: &ConsentRecord, day: CivilDate) -> bool {
    if c.scope == ConsentScope::Referrals && c.expires_on.is_none() {
        return false;
    }
    c.given_on <= day
        && c.expires_on.is_none_or(|end| day <= end)
        && c.withdrawn_on.is_none_or(|w| day < w)
}

/// The state of `c` on `today`.
pub fn state_on(c: &ConsentRecord, today: CivilDate) -> ConsentState {
    if c.withdrawn_on.is_some_and(|w| w <= today) {
        return ConsentState::Withdrawn;
    }
    if c.given_on > today {
        return ConsentState::NotYetGiven;
    }
    if !valid_on(c, today) {
        return ConsentState::Expired;
    }
    let soon = today.add_days(EXPIRING_DAYS).unwrap_or(today);
    match c.expires_on {
        Some(end) if end <= soon => ConsentState::Expiring,
        _ => ConsentState::Valid,
    }
}

/// A consent as the case file shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentView {
    /// Its id, for withdrawing it.
    #[ts(type = "number")]
    pub id: i64,
    /// The consent.
    pub consent: ConsentRecord,
    /// Where it stands today.
    pub state: ConsentState,
}

/// A case's consents with their state today.
pub(crate) fn views(conn: &Connection, case: i64, today: CivilDate) -> Result<Vec<ConsentView>> {
    Ok(store::consents_of(conn, case)?
        .into_iter()
        .map(|row| ConsentView {
            id: row.id,
            state: state_on(&row.record, today),
            consent: row.record,
        })
        .collect())
}

/// Checks a consent about to be recorded: one to referrals has an expiry date at most
/// `max_months` after it was given; none is recorded as already withdrawn.
pub(crate) fn check_new(c: &ConsentRecord, max_months: u32) -> Result<()> {
    if c.withdrawn_on.is_some() {
        return Err(Error::invalid(
            "withdrawnOn",
            "Record the consent first; withdraw it afterwards on the day the person withdrew it.",
        ));
    }
    if c.scope == ConsentScope::Referrals {
        let Some(expires) = c.expires_on else {
            return Err(Error::invalid(
                "expiresOn",
                "A consent to referrals needs the day it expires.",
            ));
        };
        let latest = c.given_on.add_months(max_months).unwrap_or(c.given_on);
        if expires > latest {
            return Err(Error::invalid(
                "expiresOn",
                format!("A consent to referrals may run for at most {max_months} months (until {latest})."),
            ));
        }
    }
    Ok(())
}

/// Records a consent on the case (checked by [`check_new`] and the record's rules).
pub(crate) fn record(a: Amend<'_, '_>, c: ConsentRecord, max_months: u32) -> Result<i64> {
    check_new(&c, max_months)?;
    refuse_erased(a.tx, a.code)?;
    op::add_entry(a, NewEntry::Consent(c))
}

/// Records that the person withdrew consent `consent` of the case on `on`; from that day it
/// covers nothing.
pub(crate) fn withdraw(a: Amend<'_, '_>, consent: i64, on: CivilDate) -> Result<()> {
    let case = cases::case_id_by_code(a.tx, a.code)?.ok_or(Error::NoSuchCase)?;
    a.note.case = Some(case);
    refuse_erased(a.tx, a.code)?;
    let row = store::consents_of(a.tx, case)?
        .into_iter()
        .find(|c| c.id == consent)
        .ok_or_else(|| Error::invalid("id", "That consent does not belong to this case."))?;
    if row.record.withdrawn_on.is_some() {
        return Err(Error::invalid(
            "withdrawnOn",
            "This consent was withdrawn already.",
        ));
    }
    if on < row.record.given_on {
        return Err(Error::invalid(
            "withdrawnOn",
            "A consent cannot be withdrawn before the day it was given.",
        ));
    }
    if on > CivilDate::today() {
        return Err(Error::invalid(
            "withdrawnOn",
            "A withdrawal takes effect at once; give today or the day it happened.",
        ));
    }
    store::set_withdrawn(a.tx, consent, on)?;
    let cancelled = crate::store::exchange::cancel_waiting_under(a.tx, consent)?;
    cases::touch(a.tx, case)?;
    a.note.detail = Some(format!(
        "consent withdrawn scope={} packets_cancelled={cancelled}",
        row.record.scope
    ));
    Ok(())
}

/// Refuses a change to a case whose identity was erased.
pub(crate) fn refuse_erased(conn: &Connection, code: &str) -> Result<()> {
    let case = cases::case_id_by_code(conn, code)?.ok_or(Error::NoSuchCase)?;
    if store::erased(conn, case)?.as_deref() == Some("identity") {
        return Err(Error::CaseErased);
    }
    Ok(())
}

/// A consent the dashboard lists: of an open case, expiring within 30 days, expired (to
/// referrals, with no newer one covering), or withdrawn. Codes and dates only.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentAlert {
    /// The case's code.
    pub code: String,
    /// The consent's id.
    #[ts(type = "number")]
    pub consent: i64,
    /// What it covers.
    pub scope: ConsentScope,
    /// Where it stands today.
    pub state: ConsentState,
    /// When it expires.
    pub expires_on: Option<CivilDate>,
    /// When it was withdrawn.
    pub withdrawn_on: Option<CivilDate>,
}

/// The consents that need attention, most recent first (at most `limit`).
pub(crate) fn alerts(
    conn: &Connection,
    today: CivilDate,
    limit: usize,
) -> Result<Vec<ConsentAlert>> {
    let until = today.add_days(EXPIRING_DAYS).unwrap_or(today);
    let rows = store::alert_rows(conn, today, until, (limit as i64).saturating_mul(4))?;
    let mut out = Vec::new();
    let mut covered: std::collections::HashMap<String, bool> = Default::default();
    for (code, id, scope, given_on, expires_on, withdrawn_on) in rows {
        let scope = ConsentScope::parse(&scope).ok_or(Error::Damaged)?;
        let record = ConsentRecord {
            scope,
            given_on,
            expires_on,
            organizations: Vec::new(),
            withdrawn_on,
        };
        let state = state_on(&record, today);
        if state == ConsentState::Expired {
            // An expired consent to referrals matters only when no other one covers today.
            let has_valid = match covered.get(&code) {
                Some(v) => *v,
                None => {
                    let case = cases::case_id_by_code(conn, &code)?.ok_or(Error::Damaged)?;
                    let v = store::consents_of(conn, case)?.iter().any(|c| {
                        c.record.scope == ConsentScope::Referrals && valid_on(&c.record, today)
                    });
                    covered.insert(code.clone(), v);
                    v
                }
            };
            if has_valid {
                continue;
            }
        }
        if matches!(state, ConsentState::Valid | ConsentState::NotYetGiven) {
            continue;
        }
        out.push(ConsentAlert {
            code,
            consent: id,
            scope,
            state,
            expires_on,
            withdrawn_on,
        });
        if out.len() == limit {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CivilDate {
        CivilDate::parse(s).unwrap()
    }

    fn referrals(given: &str, expires: &str) -> ConsentRecord {
        ConsentRecord {
            scope: ConsentScope::Referrals,
            given_on: d(given),
            expires_on: Some(d(expires)),
            organizations: Vec::new(),
            withdrawn_on: None,
        }
    }

    #[test]
    fn a_consent_is_valid_from_the_day_given_to_the_day_it_expires() {
        let c = referrals("2026-01-10", "2026-06-30");
        assert!(!valid_on(&c, d("2026-01-09")));
        assert!(valid_on(&c, d("2026-01-10")));
        assert!(valid_on(&c, d("2026-06-30")));
        assert!(!valid_on(&c, d("2026-07-01")), "the day after expiry");
        let mut w = c.clone();
        w.withdrawn_on = Some(d("2026-03-01"));
        assert!(valid_on(&w, d("2026-02-28")));
        assert!(!valid_on(&w, d("2026-03-01")), "withdrawn on the day");
        let mut open = c;
        open.expires_on = None;
        assert!(
            !valid_on(&open, d("2026-02-01")),
            "referrals need an expiry"
        );
    }

    #[test]
    fn states_on_a_day() {
        let c = referrals("2026-01-10", "2026-06-30");
        assert_eq!(state_on(&c, d("2026-02-01")), ConsentState::Valid);
        assert_eq!(state_on(&c, d("2026-06-01")), ConsentState::Expiring);
        assert_eq!(state_on(&c, d("2026-07-01")), ConsentState::Expired);
        assert_eq!(state_on(&c, d("2026-01-01")), ConsentState::NotYetGiven);
    }

    #[test]
    fn a_consent_to_referrals_runs_at_most_the_allowed_months() {
        assert!(check_new(&referrals("2026-01-31", "2027-01-31"), 12).is_ok());
        assert!(check_new(&referrals("2026-01-31", "2027-02-01"), 12).is_err());
        assert!(check_new(&referrals("2026-01-31", "2028-01-31"), 36).is_ok());
        let mut none = referrals("2026-01-31", "2027-01-31");
        none.expires_on = None;
        assert_eq!(check_new(&none, 12).unwrap_err().field(), Some("expiresOn"));
    }
}
