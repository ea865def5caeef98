//! The one scan the CTDC microdata export makes: every case identified here in a period, with
//! the few fields a row of the CTDC dataset is made of. Dates are stored as `YYYY-MM-DD`, so
//! comparing the text compares the days.

use rusqlite::{params, Connection};

use super::{split_words, text};
use crate::records::vocab::{Exploitation, Sex};
use crate::records::CivilDate;
use crate::{Error, Result};

/// What a CTDC row is made from: one case, never its name, code, notes or exact dates beyond
/// the identification day (which the domain turns into a year and an age).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CtdcCase {
    /// The case's row id (to apply the consent-to-statistics setting; never written out).
    pub(crate) case: i64,
    pub(crate) sex: Sex,
    pub(crate) birth_date: Option<CivilDate>,
    pub(crate) age_at_identification: Option<i64>,
    /// ISO 3166-1 alpha-2, as validated on the way in.
    pub(crate) citizenship: Option<String>,
    pub(crate) identified_on: CivilDate,
    pub(crate) exploitation: Vec<Exploitation>,
    /// ISO 3166-1 alpha-2, as validated on the way in.
    pub(crate) country_of_exploitation: Option<String>,
}

/// Every case identified from `from` to `to` (both inclusive) by this agency: a case referred
/// in from an agency that identified the person there is left out, as in the indicator
/// report. In row-id order.
pub(crate) fn identified_cases(conn: &Connection, from: &str, to: &str) -> Result<Vec<CtdcCase>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, p.sex, p.birth_date, p.age_at_identification, p.citizenship,
                c.identified_on, c.exploitation, c.country_of_exploitation
         FROM cases c JOIN persons p ON p.id = c.person_id
         WHERE c.identified_on BETWEEN ?1 AND ?2 AND c.identified_elsewhere IS NULL
         ORDER BY c.id",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(CtdcCase {
            case: r.get(0)?,
            sex: Sex::parse(text(r, 1)?).ok_or(Error::Damaged)?,
            birth_date: r.get(2)?,
            age_at_identification: r.get(3)?,
            citizenship: r.get(4)?,
            identified_on: r.get(5)?,
            exploitation: split_words(text(r, 6)?, Exploitation::parse)?,
            country_of_exploitation: r.get(7)?,
        });
    }
    Ok(out)
}
