//! Counting: which distinct cases each indicator counts in a period, and in which categories.
//!
//! One pass over each table of events, keeping only case ids (and the sector of the receiving
//! organization where a breakdown needs it); a case's sex is looked up once. Dates are stored
//! as `YYYY-MM-DD`, so comparing the text compares the days.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection};

use super::disclosure::{DraftCell, Table};
use super::{AgeGroup, Breakdown, Indicator, Period};
use crate::records::date::CivilDate;
use crate::records::money;
use crate::records::vocab::{Exploitation, OrganizationKind, Recognition, Sector, Sex};
use crate::{Error, Result};

/// The tables of every indicator, counted but not yet protected.
pub(super) fn count(conn: &Connection, period: Period) -> Result<Vec<Table>> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let sexes = case_sexes(conn)?;
    let orgs = organizations(conn)?;
    let sex_of = |case: i64| sexes.get(&case).copied().ok_or(Error::Damaged);

    let identified = identified(conn, &from, &to)?;

    // Referrals: one pass feeds three indicators.
    let mut to_shelter = Counted::default();
    let mut to_ngo = Counted::default();
    let mut to_center = Counted::default();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT case_id, organization_id FROM referrals WHERE date BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let (case, org): (i64, i64) = (r.get(0)?, r.get(1)?);
            let &(kind, sector) = orgs.get(&org).ok_or(Error::Damaged)?;
            if kind == OrganizationKind::Shelter {
                to_shelter.add(case, Some(sector));
            }
            if sector == Sector::Ngo {
                to_ngo.add(case, None);
            }
            if kind == OrganizationKind::AssistanceCenter {
                to_center.add(case, None);
            }
        }
    }

    // Stays overlapping the period.
    let mut sheltered = Counted::default();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT case_id, shelter_id FROM shelter_stays
             WHERE admitted_on <= ?2 AND (discharged_on IS NULL OR discharged_on >= ?1)",
        )?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let (case, shelter): (i64, i64) = (r.get(0)?, r.get(1)?);
            let &(_, sector) = orgs.get(&shelter).ok_or(Error::Damaged)?;
            sheltered.add(case, Some(sector));
        }
    }

    let (mut legal, mut medical, mut psychological) =
        (Counted::default(), Counted::default(), Counted::default());
    {
        let mut stmt = conn.prepare_cached(
            "SELECT case_id, kind FROM services
             WHERE date BETWEEN ?1 AND ?2 AND kind IN ('legal', 'medical', 'psychological')",
        )?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let case: i64 = r.get(0)?;
            match text(r, 1)? {
                "legal" => legal.add(case, None),
                "medical" => medical.add(case, None),
                _ => psychological.add(case, None),
            }
        }
    }

    // Allowances: recipients, and per currency the sum and the distinct recipients.
    let mut recipients = Counted::default();
    let mut by_currency: BTreeMap<String, (i64, Counted)> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT DISTINCT currency FROM allowances")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            by_currency.insert(r.get(0)?, (0, Counted::default()));
        }
        let mut stmt = conn.prepare_cached(
            "SELECT case_id, amount_minor, currency FROM allowances WHERE date BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let (case, minor): (i64, i64) = (r.get(0)?, r.get(1)?);
            let currency = text(r, 2)?;
            recipients.add(case, None);
            let entry = by_currency.get_mut(currency).ok_or(Error::Damaged)?;
            entry.0 = entry.0.checked_add(minor).ok_or(Error::Damaged)?;
            entry.1.add(case, None);
        }
    }

    let started = |table: &str| -> Result<Counted> {
        let mut out = Counted::default();
        let sql = format!("SELECT case_id FROM {table} WHERE started_on BETWEEN ?1 AND ?2");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            out.add(r.get(0)?, None);
        }
        Ok(out)
    };
    let training = started("trainings")?;
    let jobs = started("employments")?;

    let by_sex = |indicator: Indicator, counted: &Counted, sectors: bool| -> Result<Table> {
        let mut sex = [0u64; 4];
        let mut sector = [0u64; 4];
        for (&case, &mask) in &counted.cases {
            sex[sex_index(sex_of(case)?)] += 1;
            for (i, n) in sector.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *n += 1;
                }
            }
        }
        let mut t = Table::new(indicator, counted.cases.len() as u64);
        let parts = sex_cells(&mut t, sex);
        t.add_sum(0, parts);
        if sectors {
            for (i, &s) in Sector::ALL.iter().enumerate() {
                t.push(
                    Breakdown {
                        sector: Some(s),
                        ..Breakdown::default()
                    },
                    sector[i],
                );
            }
        }
        Ok(t)
    };

    let mut amounts = Table::new_amounts(Indicator::AllowanceAmount);
    for (code, (minor, payees)) in &by_currency {
        let currency = money::currency(code).ok_or(Error::Damaged)?;
        amounts.cells.push(DraftCell {
            breakdown: Breakdown {
                currency: Some(code.clone()),
                ..Breakdown::default()
            },
            count: payees.cases.len() as u64,
            amount: Some(money::format_minor(*minor, currency)),
            suppressed: false,
        });
    }

    Ok(vec![
        identified,
        by_sex(Indicator::ReferredToShelter, &to_shelter, true)?,
        by_sex(Indicator::Sheltered, &sheltered, true)?,
        by_sex(Indicator::ReceivedLegalSupport, &legal, false)?,
        by_sex(Indicator::ReceivedMedicalSupport, &medical, false)?,
        by_sex(
            Indicator::ReceivedPsychologicalSupport,
            &psychological,
            false,
        )?,
        by_sex(Indicator::AllowanceRecipients, &recipients, false)?,
        amounts,
        by_sex(Indicator::VocationalTraining, &training, false)?,
        by_sex(Indicator::JobPlacements, &jobs, false)?,
        by_sex(Indicator::ReferredToNgo, &to_ngo, false)?,
        by_sex(Indicator::ReferredToAssistanceCenter, &to_center, false)?,
    ])
}

/// Distinct cases, each with the sectors it was counted under (a bit per [`Sector::ALL`]).
#[derive(Default)]
struct Counted {
    cases: HashMap<i64, u8>,
}

impl Counted {
    fn add(&mut self, case: i64, sector: Option<Sector>) {
        let bit = sector.map_or(0, |s| 1u8 << sector_index(s));
        *self.cases.entry(case).or_insert(0) |= bit;
    }
}

fn sex_index(sex: Sex) -> usize {
    Sex::ALL.iter().position(|&s| s == sex).unwrap_or(3)
}

fn sector_index(sector: Sector) -> usize {
    Sector::ALL.iter().position(|&s| s == sector).unwrap_or(0)
}

fn age_index(group: AgeGroup) -> usize {
    AgeGroup::ALL.iter().position(|&g| g == group).unwrap_or(2)
}

/// Pushes one cell per sex; returns their indices.
fn sex_cells(t: &mut Table, counts: [u64; 4]) -> Vec<usize> {
    Sex::ALL
        .iter()
        .zip(counts)
        .map(|(&s, n)| {
            t.push(
                Breakdown {
                    sex: Some(s),
                    ..Breakdown::default()
                },
                n,
            )
        })
        .collect()
}

/// Column `i` of a row as text.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|_| Error::Damaged)
}

/// Every case's sex, by case id.
fn case_sexes(conn: &Connection) -> Result<HashMap<i64, Sex>> {
    let mut stmt = conn
        .prepare_cached("SELECT c.id, p.sex FROM cases c JOIN persons p ON p.id = c.person_id")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let sex = Sex::parse(text(r, 1)?).ok_or(Error::Damaged)?;
        out.insert(r.get(0)?, sex);
    }
    Ok(out)
}

/// Every organization's kind and sector, by id.
fn organizations(conn: &Connection) -> Result<HashMap<i64, (OrganizationKind, Sector)>> {
    let mut stmt = conn.prepare_cached("SELECT id, kind, sector FROM organizations")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let kind = OrganizationKind::parse(text(r, 1)?).ok_or(Error::Damaged)?;
        let sector = Sector::parse(text(r, 2)?).ok_or(Error::Damaged)?;
        out.insert(r.get(0)?, (kind, sector));
    }
    Ok(out)
}

/// The age group on the identification date: from the birth date, else the recorded age.
pub(super) fn age_group(
    identified_on: CivilDate,
    birth_date: Option<CivilDate>,
    age_at_identification: Option<i64>,
) -> AgeGroup {
    let age = match (birth_date, age_at_identification) {
        (Some(born), _) => Some(i64::from(identified_on.years_since(born))),
        (None, age) => age,
    };
    match age {
        Some(a) if a < 18 => AgeGroup::Child,
        Some(_) => AgeGroup::Adult,
        None => AgeGroup::Unknown,
    }
}

/// `victims_identified`: total; sex; age group; sex × age group; exploitation; recognition.
fn identified(conn: &Connection, from: &str, to: &str) -> Result<Table> {
    let mut sex_age = [[0u64; 3]; 4];
    let mut exploitation = vec![0u64; Exploitation::ALL.len()];
    let mut recognition = vec![0u64; Recognition::ALL.len()];
    let mut total = 0u64;
    let mut stmt = conn.prepare_cached(
        "SELECT p.sex, p.birth_date, p.age_at_identification, c.identified_on, c.recognition,
                c.exploitation
         FROM cases c JOIN persons p ON p.id = c.person_id
         WHERE c.identified_on BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        total += 1;
        let sex = Sex::parse(text(r, 0)?).ok_or(Error::Damaged)?;
        let birth: Option<CivilDate> = r.get(1)?;
        let age: Option<i64> = r.get(2)?;
        let on: CivilDate = r.get(3)?;
        let group = age_group(on, birth, age);
        sex_age[sex_index(sex)][age_index(group)] += 1;
        let rec = Recognition::parse(text(r, 4)?).ok_or(Error::Damaged)?;
        recognition[Recognition::ALL.iter().position(|&x| x == rec).unwrap_or(0)] += 1;
        // A case counts once under each of its forms of exploitation.
        let mut seen = 0u16;
        for word in text(r, 5)?.split_whitespace() {
            let e = Exploitation::parse(word).ok_or(Error::Damaged)?;
            let i = Exploitation::ALL.iter().position(|&x| x == e).unwrap_or(0);
            if seen & (1 << i) == 0 {
                seen |= 1 << i;
                exploitation[i] += 1;
            }
        }
    }

    let mut t = Table::new(Indicator::VictimsIdentified, total);
    let sex_totals = sex_age.map(|row| row.iter().sum::<u64>());
    let sexes = sex_cells(&mut t, sex_totals);
    t.add_sum(0, sexes.clone());
    let ages: Vec<usize> = AgeGroup::ALL
        .iter()
        .enumerate()
        .map(|(a, &g)| {
            t.push(
                Breakdown {
                    age_group: Some(g),
                    ..Breakdown::default()
                },
                sex_age.iter().map(|row| row[a]).sum(),
            )
        })
        .collect();
    t.add_sum(0, ages.clone());
    // sex × age group: each row sums to its sex, each column to its age group.
    let mut grid = [[0usize; 3]; 4];
    for (s, &sex) in Sex::ALL.iter().enumerate() {
        for (a, &group) in AgeGroup::ALL.iter().enumerate() {
            grid[s][a] = t.push(
                Breakdown {
                    sex: Some(sex),
                    age_group: Some(group),
                    ..Breakdown::default()
                },
                sex_age[s][a],
            );
        }
        t.add_sum(sexes[s], grid[s].to_vec());
    }
    for (a, &age) in ages.iter().enumerate() {
        t.add_sum(age, grid.iter().map(|row| row[a]).collect());
    }
    for (i, &e) in Exploitation::ALL.iter().enumerate() {
        t.push(
            Breakdown {
                exploitation: Some(e),
                ..Breakdown::default()
            },
            exploitation[i],
        );
    }
    let recognitions: Vec<usize> = Recognition::ALL
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            t.push(
                Breakdown {
                    recognition: Some(r),
                    ..Breakdown::default()
                },
                recognition[i],
            )
        })
        .collect();
    t.add_sum(0, recognitions);
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CivilDate {
        CivilDate::parse(s).unwrap()
    }

    #[test]
    fn the_18th_birthday_on_the_identification_date_makes_an_adult() {
        let on = d("2014-06-15");
        assert_eq!(age_group(on, Some(d("1996-06-15")), None), AgeGroup::Adult);
        assert_eq!(age_group(on, Some(d("1996-06-16")), None), AgeGroup::Child);
    }

    #[test]
    fn the_recorded_age_is_used_only_without_a_birth_date() {
        let on = d("2014-06-15");
        assert_eq!(age_group(on, None, Some(17)), AgeGroup::Child);
        assert_eq!(age_group(on, None, Some(18)), AgeGroup::Adult);
        assert_eq!(
            age_group(on, Some(d("2000-01-01")), Some(30)),
            AgeGroup::Child
        );
        assert_eq!(age_group(on, None, None), AgeGroup::Unknown);
    }
}
