//! Synthetic, clearly fake case records for training and benchmarks (`haven demo --cases N`).
//!
//! The output is Haven's interchange format (JSON Lines, see interchange.md): organizations
//! first, then cases with whole histories, each a typed [`Line`] written as export writes it.
//! Nothing here can pass for a real record: every organization is named "Demo …", every
//! person carries the alias "DEMO", family names are built from invented syllables and notes
//! are bland placeholders.
//!
//! Invariants: no I/O, no clock, no global state. Cases come lazily, in order of identification,
//! each drawn from its own generator seeded by (seed, case index); the only memory carried from
//! case to case is a small bed board, so that no shelter ever holds more residents than beds
//! (with many cases, most find the shelters full). The same [`DemoOptions`] always give
//! byte-identical output. The generator is for fake data only, never for secrets. No date lies
//! after December 31 of `last_year`, the demo's "today".
//!
//! Days are counted as Julian day numbers (`time::Date::to_julian_day`) while a history is
//! drawn, and become [`CivilDate`]s in the record.

mod history;
mod rng;
#[rustfmt::skip]
mod tables;
#[cfg(test)]
mod tests;

use time::{Date, Month};

use crate::records::interchange::{Line, OrganizationRecord};
use crate::records::CivilDate;
use rng::Rng;
use tables::{ORGANIZATIONS, SHELTERS};

/// Options for the synthetic data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many cases to generate.
    pub cases: usize,
    /// Seed of the generator; the same options give byte-identical output.
    pub seed: u64,
    /// First year in which cases are identified.
    pub first_year: i32,
    /// Last year in which cases are identified; no generated date lies after its December 31.
    pub last_year: i32,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            cases: 1000,
            seed: 2014,
            first_year: 2014,
            last_year: 2025,
        }
    }
}

/// The interchange lines of a synthetic vault: organizations first, then `cases` cases.
/// Lazily generated (memory flat for millions of cases); each item is one JSON object
/// serialized on one line, without the trailing newline.
pub fn lines(options: &DemoOptions) -> impl Iterator<Item = String> {
    let organizations = ORGANIZATIONS.iter().map(|&(name, kind, sector, capacity)| {
        let name = name.to_owned();
        Line::Organization(OrganizationRecord {
            name,
            kind,
            sector,
            capacity,
        })
        .to_json()
    });
    let first = options.first_year.min(options.last_year).clamp(1900, 9999);
    let last = options.first_year.max(options.last_year).clamp(1900, 9999);
    let (first_day, today) = (
        julian(first, Month::January, 1),
        julian(last, Month::December, 31),
    );
    let (cases, seed, mut numbering) = (options.cases, options.seed, (0, 0));
    let mut beds = Beds {
        day: first_day,
        taken: Default::default(),
    };
    let cases = (0..cases).map(move |index| {
        let mut rng = Rng::new(seed, index as u64);
        // Case i falls in the i-th equal slice of the period: uniform over the years and in
        // date order, so refs are numbered per year without looking ahead.
        let span = (today - first_day + 1) as u128;
        let at = index as u128 * span + u128::from(rng.below(span as u64));
        let identified = first_day + (at / cases as u128) as i64;
        let year = date(identified).year();
        if numbering.0 != year {
            numbering = (year, 0);
        }
        numbering.1 += 1;
        let reference = format!("DEMO-{year}-{:06}", numbering.1);
        beds.move_to(identified);
        let case = history::case(&mut rng, &mut beds, reference, identified, today);
        Line::Case(Box::new(case)).to_json()
    });
    organizations.chain(cases)
}

/// The Julian day of a calendar date (years 1900-9999, the demo's range).
fn julian(year: i32, month: Month, day: u8) -> i64 {
    let date = Date::from_calendar_date(year, month, day).expect("a date of the demo's range");
    i64::from(date.to_julian_day())
}

/// The calendar date of a Julian day.
fn calendar(day: i64) -> Date {
    let day = i32::try_from(day).ok();
    day.and_then(|d| Date::from_julian_day(d).ok())
        .expect("a day of the demo's range")
}

/// A Julian day as the records' civil date.
fn date(day: i64) -> CivilDate {
    let d = calendar(day);
    CivilDate::from_ymd(d.year(), d.month().into(), d.day()).expect("a valid date")
}

/// The same calendar day `years` later (February 29 becomes February 28); None past 9999.
fn add_years(day: i64, years: i32) -> Option<i64> {
    let date = calendar(day);
    let year = date.year().checked_add(years)?;
    let later = date.replace_year(year).or_else(|_| {
        let date = date.replace_day(28)?;
        date.replace_year(year)
    });
    later.ok().map(|d| i64::from(d.to_julian_day()))
}

/// Age in whole years on `day` of someone born on `birth`.
fn age_on(birth: i64, day: i64) -> i64 {
    i64::from(date(day).years_since(date(birth)))
}

/// Each shelter's beds taken, day by day from the current case's day of identification on, so
/// that no shelter ever holds more residents than it has beds, however many cases there are.
struct Beds {
    day: i64,
    taken: [std::collections::VecDeque<u16>; 3],
}

impl Beds {
    /// Forgets the days before `day` (cases come in date order).
    fn move_to(&mut self, day: i64) {
        let past = (day - self.day).max(0) as usize;
        for taken in &mut self.taken {
            taken.drain(..past.min(taken.len()));
        }
        self.day += past as i64;
    }

    /// Takes a bed of `shelter` from `admitted` to `until` (both included) when one is free.
    fn book(&mut self, shelter: usize, admitted: i64, until: i64) -> bool {
        let (from, to) = ((admitted - self.day) as usize, (until - self.day) as usize);
        let taken = &mut self.taken[shelter];
        if taken.len() <= to {
            taken.resize(to + 1, 0);
        }
        let free = taken.range(from..=to).all(|&n| n < SHELTERS[shelter].1);
        if free {
            taken.range_mut(from..=to).for_each(|n| *n += 1);
        }
        free
    }
}
