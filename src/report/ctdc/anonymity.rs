//! k-anonymity over the quasi-identifiers: every combination of them that appears in the file
//! appears at least k times. Reached first by generalizing — whole columns, for every row, one
//! step of a fixed ladder at a time — and only when the top of the ladder is not enough, by
//! leaving out the rows whose combination is still rarer than k.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::m49;
use super::rows::{age_band, majority, CtdcRow, Person};

/// How much of the age a file shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgeDetail {
    /// CTDC's age bands (`ageBroad`) and `majorityStatus`.
    Bands,
    /// `majorityStatus` only; `ageBroad` is left empty.
    MajorityOnly,
}

/// How much of a country a file shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceDetail {
    /// The ISO 3166-1 alpha-2 code.
    Country,
    /// The UN M49 sub-region (`Western Asia`).
    M49SubRegion,
    /// The UN M49 region (`Asia`).
    M49Region,
}

/// One step of the ladder: the detail of each generalized column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Level {
    pub(crate) age: AgeDetail,
    pub(crate) citizenship: PlaceDetail,
    pub(crate) country: PlaceDetail,
}

/// The ladder, from no generalization to the most: the age bands first, then citizenship and
/// the country of exploitation to their sub-region, then to their region.
pub(crate) const LADDER: [Level; 6] = [
    Level {
        age: AgeDetail::Bands,
        citizenship: PlaceDetail::Country,
        country: PlaceDetail::Country,
    },
    Level {
        age: AgeDetail::MajorityOnly,
        citizenship: PlaceDetail::Country,
        country: PlaceDetail::Country,
    },
    Level {
        age: AgeDetail::MajorityOnly,
        citizenship: PlaceDetail::M49SubRegion,
        country: PlaceDetail::Country,
    },
    Level {
        age: AgeDetail::MajorityOnly,
        citizenship: PlaceDetail::M49SubRegion,
        country: PlaceDetail::M49SubRegion,
    },
    Level {
        age: AgeDetail::MajorityOnly,
        citizenship: PlaceDetail::M49Region,
        country: PlaceDetail::M49SubRegion,
    },
    Level {
        age: AgeDetail::MajorityOnly,
        citizenship: PlaceDetail::M49Region,
        country: PlaceDetail::M49Region,
    },
];

/// One column a file shows with less detail than Haven holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "CtdcGeneralization")]
pub struct Generalization {
    /// The CTDC column: `ageBroad`, `citizenship` or `CountryOfExploitation`.
    pub column: String,
    /// What it shows instead: `majority_status_only`, `m49_sub_region` or `m49_region`.
    pub to: String,
}

impl Level {
    /// The generalizations this step applies, in column order (none at the first step).
    pub(crate) fn generalizations(&self) -> Vec<Generalization> {
        let mut out = Vec::new();
        if self.age == AgeDetail::MajorityOnly {
            out.push(Generalization {
                column: "ageBroad".into(),
                to: "majority_status_only".into(),
            });
        }
        for (column, detail) in [
            ("citizenship", self.citizenship),
            ("CountryOfExploitation", self.country),
        ] {
            let to = match detail {
                PlaceDetail::Country => continue,
                PlaceDetail::M49SubRegion => "m49_sub_region",
                PlaceDetail::M49Region => "m49_region",
            };
            out.push(Generalization {
                column: column.into(),
                to: to.into(),
            });
        }
        out
    }

    /// A person's row at this step.
    pub(crate) fn row(&self, p: &Person) -> CtdcRow {
        CtdcRow {
            year: p.year,
            gender: p.gender,
            age_broad: match self.age {
                AgeDetail::Bands => p.age.and_then(age_band),
                AgeDetail::MajorityOnly => None,
            },
            majority: p.age.map(majority),
            citizenship: place(p.citizenship.as_deref(), self.citizenship),
            country: place(p.country.as_deref(), self.country),
            flags: p.flags,
        }
    }
}

/// A country at a detail. A code the region table lacks is withheld rather than shown whole.
fn place(code: Option<&str>, detail: PlaceDetail) -> Option<String> {
    let code = code?;
    match detail {
        PlaceDetail::Country => Some(code.to_owned()),
        PlaceDetail::M49SubRegion => m49::regions_of(code).map(|(sub, _)| sub.to_owned()),
        PlaceDetail::M49Region => m49::regions_of(code).map(|(_, region)| region.to_owned()),
    }
}

/// What k-anonymity left of a set of people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anonymized {
    /// The step of [`LADDER`] reached (0: nothing generalized).
    pub(crate) step: usize,
    /// The rows kept, sorted by their values.
    pub(crate) rows: Vec<CtdcRow>,
    /// How many rows were left out.
    pub(crate) suppressed: u64,
}

impl Anonymized {
    /// The step reached.
    pub(crate) fn level(&self) -> Level {
        LADDER[self.step]
    }
}

/// The rows of `people` made k-anonymous: the first step of the ladder at which every
/// combination of quasi-identifiers occurs at least `k` times; when even the last step leaves
/// rarer combinations, their rows are left out at that step. So a row is suppressed only when
/// no generalization could keep it.
pub(crate) fn anonymize(people: &[Person], k: u32) -> Anonymized {
    let last = LADDER.len() - 1;
    for (step, level) in LADDER.iter().enumerate() {
        let rows: Vec<CtdcRow> = people.iter().map(|p| level.row(p)).collect();
        let sizes = class_sizes(&rows);
        let rare = |r: &CtdcRow| sizes[&r.quasi_identifier()] < u64::from(k);
        let suppressed = rows.iter().filter(|r| rare(r)).count() as u64;
        if suppressed == 0 || step == last {
            let mut kept: Vec<CtdcRow> = rows.iter().filter(|r| !rare(r)).cloned().collect();
            kept.sort();
            return Anonymized {
                step,
                rows: kept,
                suppressed,
            };
        }
    }
    unreachable!("the ladder's last step always returns")
}

/// How many rows share each combination of quasi-identifiers.
pub(crate) fn class_sizes(rows: &[CtdcRow]) -> HashMap<super::rows::QuasiIdentifier<'_>, u64> {
    let mut sizes = HashMap::new();
    for r in rows {
        *sizes.entry(r.quasi_identifier()).or_insert(0) += 1;
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(age: i64, citizenship: &str, country: &str) -> Person {
        Person {
            year: 2014,
            gender: Some("Female"),
            age: Some(age),
            citizenship: Some(citizenship.into()),
            country: Some(country.into()),
            flags: [true, false, false, false, false, false],
        }
    }

    fn is_k_anonymous(rows: &[CtdcRow], k: u64) -> bool {
        class_sizes(rows).values().all(|&n| n >= k)
    }

    #[test]
    fn nothing_is_generalized_when_every_combination_is_common() {
        let people: Vec<Person> = (0..6).map(|_| person(25, "AZ", "TR")).collect();
        let a = anonymize(&people, 3);
        assert_eq!((a.step, a.suppressed, a.rows.len()), (0, 0, 6));
        assert!(a.level().generalizations().is_empty());
        assert_eq!(a.rows[0].age_broad, Some("24--26"));
    }

    #[test]
    fn the_age_bands_go_before_any_country() {
        let mut people: Vec<Person> = (0..3).map(|_| person(25, "AZ", "TR")).collect();
        people.extend((0..3).map(|_| person(31, "AZ", "TR")));
        let a = anonymize(&people, 6);
        assert_eq!((a.step, a.suppressed), (1, 0));
        assert!(a.rows.iter().all(|r| r.age_broad.is_none()
            && r.majority == Some("Adult")
            && r.citizenship.as_deref() == Some("AZ")));
        assert!(is_k_anonymous(&a.rows, 6));
    }

    #[test]
    fn countries_become_sub_regions_then_regions() {
        // Azerbaijan and Georgia share Western Asia; Russia is elsewhere in Europe.
        let mut people: Vec<Person> = (0..2).map(|_| person(25, "AZ", "TR")).collect();
        people.extend((0..2).map(|_| person(25, "GE", "TR")));
        let a = anonymize(&people, 4);
        assert_eq!((a.step, a.suppressed), (2, 0));
        assert!(a
            .rows
            .iter()
            .all(|r| r.citizenship.as_deref() == Some("Western Asia")
                && r.country.as_deref() == Some("TR")));

        // China is in Eastern Asia: citizenship goes to the region, Turkey stays in its
        // sub-region.
        let mut people: Vec<Person> = (0..2).map(|_| person(25, "AZ", "TR")).collect();
        people.extend((0..2).map(|_| person(25, "CN", "TR")));
        let a = anonymize(&people, 4);
        assert_eq!((a.step, a.suppressed), (4, 0));
        assert!(a
            .rows
            .iter()
            .all(|r| r.citizenship.as_deref() == Some("Asia")
                && r.country.as_deref() == Some("Western Asia")));
        let g = a.level().generalizations();
        assert_eq!(g.len(), 3);
        assert_eq!(
            (g[1].to.as_str(), g[2].to.as_str()),
            ("m49_region", "m49_sub_region")
        );

        // Iran is in Southern Asia: the country of exploitation goes to its region too.
        let mut people: Vec<Person> = (0..2).map(|_| person(25, "AZ", "TR")).collect();
        people.extend((0..2).map(|_| person(25, "CN", "IR")));
        let a = anonymize(&people, 4);
        assert_eq!((a.step, a.suppressed), (5, 0));
        assert!(a.rows.iter().all(|r| r.country.as_deref() == Some("Asia")));
    }

    #[test]
    fn rows_are_left_out_only_at_the_top_of_the_ladder() {
        let mut people: Vec<Person> = (0..5).map(|_| person(25, "AZ", "TR")).collect();
        people.push(person(25, "US", "TR"));
        let a = anonymize(&people, 5);
        assert_eq!(
            (a.step, a.suppressed, a.rows.len()),
            (LADDER.len() - 1, 1, 5)
        );
        assert!(is_k_anonymous(&a.rows, 5));
        // Fewer people than k: nothing can be published.
        let a = anonymize(&people[..3], 5);
        assert_eq!((a.suppressed, a.rows.len()), (3, 0));
    }

    #[test]
    fn unknown_values_are_a_combination_like_any_other() {
        let mut people: Vec<Person> = (0..3).map(|_| person(25, "AZ", "TR")).collect();
        for p in &mut people {
            p.age = None;
            p.citizenship = None;
        }
        let a = anonymize(&people, 3);
        assert_eq!((a.step, a.suppressed), (0, 0));
        assert!(a
            .rows
            .iter()
            .all(|r| r.majority.is_none() && r.citizenship.is_none()));
        assert_eq!(anonymize(&[], 11).rows.len(), 0);
    }
}
