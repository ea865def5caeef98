//! A case in CTDC's words, and a row of the file: Haven's vocabulary mapped onto the columns
//! and values of CTDC's global victim of trafficking dataset (docs/formats/ctdc.md has the
//! table).

use crate::records::vocab::{Exploitation, Sex};
use crate::store::ctdc::CtdcCase;

/// The columns of the file, in the order of CTDC's dataset: only those Haven can fill.
pub const COLUMNS: [&str; 12] = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isOrganRemoval",
    "CountryOfExploitation",
];

/// The columns a reader could link to a person from outside the file, over which the file is
/// k-anonymous. `majorityStatus` is among them because, once the age bands are withheld, it is
/// what is left of the age.
pub const QUASI_IDENTIFIERS: [&str; 6] = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
];

/// The exploitation flags, in [`COLUMNS`] order.
const FLAGS: [&str; 6] = [
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isOrganRemoval",
];
const FORCED_LABOUR: usize = 0;
const SEXUAL: usize = 1;
const OTHER: usize = 2;
const SEX_AND_LABOUR: usize = 3;
const FORCED_MARRIAGE: usize = 4;
const ORGAN_REMOVAL: usize = 5;

/// CTDC's age bands (`ageBroad`), each with its first year of age; the last has no end.
const AGE_BANDS: [(i64, &str); 9] = [
    (0, "0--8"),
    (9, "9--17"),
    (18, "18--20"),
    (21, "21--23"),
    (24, "24--26"),
    (27, "27--29"),
    (30, "30--38"),
    (39, "39--47"),
    (48, "48+"),
];

/// The age from which a person is an adult (`majorityStatus`).
const ADULT_AT: i64 = 18;

/// One case as CTDC sees it, before any generalization: a year, a gender, an age in years,
/// two countries and the exploitation flags. Nothing else of the case is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub(crate) year: i32,
    pub(crate) gender: Option<&'static str>,
    pub(crate) age: Option<i64>,
    pub(crate) citizenship: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) flags: [bool; 6],
}

impl Person {
    /// The CTDC view of a case.
    pub(crate) fn of(case: &CtdcCase) -> Self {
        let age = match (case.birth_date, case.age_at_identification) {
            (Some(born), _) => Some(i64::from(case.identified_on.years_since(born))),
            (None, age) => age,
        };
        Person {
            year: case.identified_on.year(),
            gender: gender(case.sex),
            age: age.filter(|a| *a >= 0),
            citizenship: case.citizenship.clone(),
            country: case.country_of_exploitation.clone(),
            flags: flags(&case.exploitation),
        }
    }
}

/// CTDC's `gender` for a recorded sex: `Female`, `Male`, `Transgender/NonConforming` (CTDC's
/// one category for people recorded as neither), empty when unknown.
pub(crate) fn gender(sex: Sex) -> Option<&'static str> {
    match sex {
        Sex::Female => Some("Female"),
        Sex::Male => Some("Male"),
        Sex::Other => Some("Transgender/NonConforming"),
        Sex::Unknown => None,
    }
}

/// CTDC's `ageBroad` band of an age in years.
pub(crate) fn age_band(age: i64) -> Option<&'static str> {
    AGE_BANDS
        .iter()
        .rev()
        .find(|(first, _)| age >= *first)
        .map(|(_, band)| *band)
}

/// CTDC's `majorityStatus` of an age in years: `Adult` from 18, else `Minor`.
pub(crate) fn majority(age: i64) -> &'static str {
    if age >= ADULT_AT {
        "Adult"
    } else {
        "Minor"
    }
}

/// The exploitation flags of a case's forms of exploitation. Domestic servitude, forced
/// begging and forced criminality are forms of forced labour in CTDC's scheme.
pub(crate) fn flags(forms: &[Exploitation]) -> [bool; 6] {
    let mut f = [false; 6];
    for form in forms {
        let i = match form {
            Exploitation::Sexual => SEXUAL,
            Exploitation::ForcedLabour
            | Exploitation::DomesticServitude
            | Exploitation::ForcedBegging
            | Exploitation::ForcedCriminality => FORCED_LABOUR,
            Exploitation::ForcedMarriage => FORCED_MARRIAGE,
            Exploitation::OrganRemoval => ORGAN_REMOVAL,
            Exploitation::Other => OTHER,
        };
        f[i] = true;
    }
    f[SEX_AND_LABOUR] = f[SEXUAL] && f[FORCED_LABOUR];
    f
}

/// A row of the file, its quasi-identifiers first (the order rows are sorted in, so the file's
/// order says nothing of when a case was recorded).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct CtdcRow {
    pub(crate) year: i32,
    pub(crate) gender: Option<&'static str>,
    pub(crate) age_broad: Option<&'static str>,
    pub(crate) majority: Option<&'static str>,
    pub(crate) citizenship: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) flags: [bool; 6],
}

/// A row's quasi-identifiers, borrowed: what k-anonymity counts.
pub(crate) type QuasiIdentifier<'r> = (
    i32,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'r str>,
    Option<&'r str>,
);

impl CtdcRow {
    /// The row's quasi-identifiers.
    pub(crate) fn quasi_identifier(&self) -> QuasiIdentifier<'_> {
        (
            self.year,
            self.gender,
            self.age_broad,
            self.majority,
            self.citizenship.as_deref(),
            self.country.as_deref(),
        )
    }

    /// The row's values in [`COLUMNS`] order, an unknown value empty, a flag `1` or `0`.
    pub(crate) fn values(&self) -> Vec<String> {
        let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
        let mut out = vec![
            self.year.to_string(),
            text(self.gender),
            text(self.age_broad),
            text(self.majority),
            text(self.citizenship.as_deref()),
        ];
        out.extend(self.flags.iter().map(|&f| u8::from(f).to_string()));
        out.push(text(self.country.as_deref()));
        out
    }

    /// The row as a JSON object keyed by the CTDC column names: the year and the flags as
    /// numbers, an unknown value null.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let mut o = serde_json::Map::new();
        o.insert(COLUMNS[0].into(), self.year.into());
        for (column, value) in [
            (COLUMNS[1], self.gender),
            (COLUMNS[2], self.age_broad),
            (COLUMNS[3], self.majority),
            (COLUMNS[4], self.citizenship.as_deref()),
        ] {
            o.insert(column.into(), value.into());
        }
        for (column, &flag) in FLAGS.iter().zip(&self.flags) {
            o.insert((*column).into(), u8::from(flag).into());
        }
        o.insert(COLUMNS[11].into(), self.country.as_deref().into());
        serde_json::Value::Object(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_ctdcs_bands_at_their_edges() {
        let cases = [
            (0, "0--8"),
            (8, "0--8"),
            (9, "9--17"),
            (17, "9--17"),
            (18, "18--20"),
            (20, "18--20"),
            (21, "21--23"),
            (26, "24--26"),
            (27, "27--29"),
            (29, "27--29"),
            (30, "30--38"),
            (38, "30--38"),
            (39, "39--47"),
            (47, "39--47"),
            (48, "48+"),
            (120, "48+"),
        ];
        for (age, band) in cases {
            assert_eq!(age_band(age), Some(band), "{age}");
        }
        assert_eq!(age_band(-1), None);
        assert_eq!(majority(17), "Minor");
        assert_eq!(majority(18), "Adult");
    }

    #[test]
    fn every_form_of_exploitation_sets_its_flag_and_both_set_sex_and_labour() {
        let f = flags(&[Exploitation::Sexual]);
        assert_eq!(f, [false, true, false, false, false, false]);
        let f = flags(&[Exploitation::DomesticServitude, Exploitation::Sexual]);
        assert_eq!(f, [true, true, false, true, false, false]);
        let f = flags(&[
            Exploitation::ForcedBegging,
            Exploitation::ForcedCriminality,
            Exploitation::ForcedMarriage,
            Exploitation::OrganRemoval,
            Exploitation::Other,
        ]);
        assert_eq!(f, [true, false, true, false, true, true]);
    }

    #[test]
    fn a_row_has_a_value_for_every_column() {
        let row = CtdcRow {
            year: 2014,
            gender: Some("Female"),
            age_broad: None,
            majority: Some("Minor"),
            citizenship: Some("AZ".into()),
            country: None,
            flags: [true, false, false, false, false, false],
        };
        let values = row.values();
        assert_eq!(values.len(), COLUMNS.len());
        assert_eq!(
            values,
            ["2014", "Female", "", "Minor", "AZ", "1", "0", "0", "0", "0", "0", ""]
        );
        let json = row.to_json();
        assert_eq!(json.as_object().unwrap().len(), COLUMNS.len());
        assert_eq!(json["ageBroad"], serde_json::Value::Null);
        assert_eq!(json["isForcedLabour"], 1);
        assert_eq!(json["yearOfRegistration"], 2014);
    }
}
