//! Civil dates (no time, no zone), written `YYYY-MM-DD`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::macros::format_description;

/// A calendar date as people record it: no time of day, no time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
#[ts(export)]
pub struct CivilDate(#[ts(type = "string")] time::Date);

const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

impl CivilDate {
    /// Reads `YYYY-MM-DD` (a real date, years 1900-2999).
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() != 10 {
            return None;
        }
        let d = time::Date::parse(text, FORMAT).ok()?;
        (1900..=2999).contains(&d.year()).then_some(Self(d))
    }

    /// The date from its parts.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Self)
    }

    /// Today, in UTC.
    pub fn today() -> Self {
        Self(time::OffsetDateTime::now_utc().date())
    }

    /// The day's number in a continuous count (the Julian day): consecutive days differ by one.
    pub fn day_number(self) -> i32 {
        self.0.to_julian_day()
    }

    /// The day after, if there is one.
    pub fn next_day(self) -> Option<Self> {
        self.0.next_day().map(Self)
    }

    /// The same day `months` months later (the month's last day when it is shorter).
    pub fn add_months(self, months: u32) -> Option<Self> {
        let index = self.0.year() * 12 + i32::from(self.0.month() as u8 - 1) + months as i32;
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        let month = time::Month::try_from(month).ok()?;
        let day = self.0.day().min(month.length(year));
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Self)
    }

    /// The same day `years` years later (28 February for 29 February).
    pub fn add_years(self, years: u32) -> Option<Self> {
        self.add_months(years.checked_mul(12)?)
    }

    /// The same day `years` years earlier (28 February for 29 February).
    pub fn sub_years(self, years: u32) -> Option<Self> {
        let year = self.0.year() - years as i32;
        let day = self.0.day().min(self.0.month().length(year));
        time::Date::from_calendar_date(year, self.0.month(), day)
            .ok()
            .map(Self)
    }

    /// `days` days later.
    pub fn add_days(self, days: i64) -> Option<Self> {
        self.0.checked_add(time::Duration::days(days)).map(Self)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// Whole years from `birth` to `self` (an age on this date).
    pub fn years_since(self, birth: CivilDate) -> i32 {
        let mut years = self.0.year() - birth.0.year();
        if (self.0.month() as u8, self.0.day()) < (birth.0.month() as u8, birth.0.day()) {
            years -= 1;
        }
        years
    }
}

impl std::fmt::Display for CivilDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.0.format(FORMAT).map_err(|_| std::fmt::Error)?;
        f.write_str(&s)
    }
}

impl Serialize for CivilDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CivilDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CivilDate::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("expected a date written YYYY-MM-DD"))
    }
}

impl rusqlite::ToSql for CivilDate {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.to_string()))
    }
}

impl rusqlite::types::FromSql for CivilDate {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        CivilDate::parse(s).ok_or(rusqlite::types::FromSqlError::InvalidType)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_dates_in_the_one_format_are_read() {
        assert_eq!(
            CivilDate::parse("2014-03-05").unwrap().to_string(),
            "2014-03-05"
        );
        for bad in [
            "2014-3-5",
            "2014-02-30",
            "05.03.2014",
            "2014-03-05T00:00",
            "1899-12-31",
            "",
        ] {
            assert!(CivilDate::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn age_counts_whole_years_to_the_birthday() {
        let birth = CivilDate::parse("2000-06-15").unwrap();
        assert_eq!(
            CivilDate::parse("2018-06-14").unwrap().years_since(birth),
            17
        );
        assert_eq!(
            CivilDate::parse("2018-06-15").unwrap().years_since(birth),
            18
        );
    }
}
