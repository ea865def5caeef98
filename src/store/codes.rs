//! Case codes: short, human, unique, and derived from nothing about the person — the year of
//! identification and a running number (`2014-0007`).

use rusqlite::{params, Transaction};

use super::cases as store;
use crate::Result;

/// The next free code for a case identified in `year`.
pub(crate) fn next(tx: &Transaction<'_>, year: i32) -> Result<String> {
    loop {
        let n: i64 = tx
            .prepare_cached(
                "INSERT INTO case_code_sequences (year, last) VALUES (?1, 1)
                 ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
            )?
            .query_row([year], |r| r.get(0))?;
        let code = format!("{year}-{n:04}");
        // A code given by an import may have taken this number already.
        if !store::code_exists(tx, &code)? {
            return Ok(code);
        }
    }
}

/// Notes a code given by an import, so generated codes continue after it.
pub(crate) fn note_given(tx: &Transaction<'_>, code: &str) -> Result<()> {
    let Some((year, n)) = code.split_once('-') else {
        return Ok(());
    };
    let (Ok(year), Ok(n)) = (year.parse::<i32>(), n.parse::<i64>()) else {
        return Ok(());
    };
    if year.to_string().len() == 4 {
        tx.prepare_cached(
            "INSERT INTO case_code_sequences (year, last) VALUES (?1, ?2)
             ON CONFLICT(year) DO UPDATE SET last = max(last, excluded.last)",
        )?
        .execute(params![year, n])?;
    }
    Ok(())
}
