//! Counting: which distinct cases each indicator counts in a period, and in which categories.
//!
//! One pass over each table of events, keeping only case ids (and the sector of the receiving
//! organization where a breakdown needs it); a case's sex is looked up once. Dates are stored
//! as `YYYY-MM-DD`, so comparing the text compares the days.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::Connection;

use super::disclosure::{DraftCell, Table};
use super::{AgeGroup, Breakdown, Indicator, Period};
use crate::records::date::CivilDate;
use crate::records::money;
use crate::records::vocab::{Exploitation, OrganizationKind, Recognition, Sector, Sex};
use crate::store::events::{self, Pairs, Started};
use crate::{Error, Result};

/// The tables of every indicator, counted but not yet protected.
///
/// With `only`, a case is counted only if it is in the set (the vault's setting that counts
/// only cases with a consent to statistics).
pub(super) fn count(
    conn: &Connection,
    period: Period,
    only: Option<&HashSet<i64>>,
) -> Result<Vec<Table>> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let keep = |case: i64| only.is_none_or(|set| set.contains(&case));
    let sexes = events::case_sexes(conn)?;
    let orgs = crate::store::organizations::kinds(conn)?;
    let sex_of = |case: i64| sexes.get(&case).copied().ok_or(Error::Damaged);

    let identified = identified(conn, &from, &to, &keep)?;

    // Referrals: one pass feeds three indicators.
    let mut to_shelter = Counted::default();
    let mut to_ngo = Counted::default();
    let mut to_center = Counted::default();
    events::pairs_of(conn, Pairs::Referrals, &from, &to, &mut |case, org| {
        if !keep(case) {
            return Ok(());
        }
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
        Ok(())
    })?;

    // Stays overlapping the period.
    let mut sheltered = Counted::default();
    events::pairs_of(conn, Pairs::Stays, &from, &to, &mut |case, shelter| {
        if !keep(case) {
            return Ok(());
        }
        let &(_, sector) = orgs.get(&shelter).ok_or(Error::Damaged)?;
        sheltered.add(case, Some(sector));
        Ok(())
    })?;

    let (mut legal, mut medical, mut psychological) =
        (Counted::default(), Counted::default(), Counted::default());
    events::support_services(conn, &from, &to, &mut |case, kind| {
        if !keep(case) {
            return Ok(());
        }
        match kind {
            "legal" => legal.add(case, None),
            "medical" => medical.add(case, None),
            _ => psychological.add(case, None),
        }
        Ok(())
    })?;

    // Allowances: recipients, and per currency the sum and the distinct recipients.
    let mut recipients = Counted::default();
    let mut by_currency: BTreeMap<String, (i64, Counted)> = BTreeMap::new();
    for currency in events::allowance_currencies(conn)? {
        by_currency.insert(currency, (0, Counted::default()));
    }
    events::allowances(conn, &from, &to, &mut |case, minor, currency| {
        if !keep(case) {
            return Ok(());
        }
        recipients.add(case, None);
        let entry = by_currency.get_mut(currency).ok_or(Error::Damaged)?;
        entry.0 = entry.0.checked_add(minor).ok_or(Error::Damaged)?;
        entry.1.add(case, None);
        Ok(())
    })?;

    let started = |kind: Started| -> Result<Counted> {
        let mut out = Counted::default();
        events::started(conn, kind, &from, &to, &mut |case| {
            if keep(case) {
                out.add(case, None)
            }
        })?;
        Ok(out)
    };
    let training = started(Started::Trainings)?;
    let jobs = started(Started::Employments)?;

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

/// The tables of every indicator with nothing counted: the shape every report has — the same
/// cells in the same order, the same sums between them — for adding contributions into. The
/// amounts table is left empty (its currencies are the contributions').
pub(super) fn skeleton(conn: &Connection, period: Period) -> Result<Vec<Table>> {
    let mut tables = count(conn, period, Some(&HashSet::new()))?;
    for t in &mut tables {
        if t.indicator.is_amount() {
            t.cells.clear();
        }
    }
    Ok(tables)
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
pub(super) fn sex_cells(t: &mut Table, counts: [u64; 4]) -> Vec<usize> {
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
fn identified(
    conn: &Connection,
    from: &str,
    to: &str,
    keep: &dyn Fn(i64) -> bool,
) -> Result<Table> {
    let mut sex_age = [[0u64; 3]; 4];
    let mut exploitation = vec![0u64; Exploitation::ALL.len()];
    let mut recognition = vec![0u64; Recognition::ALL.len()];
    let mut total = 0u64;
    events::identified(conn, from, to, &mut |c| {
        if !keep(c.case) {
            return Ok(());
        }
        total += 1;
        let group = age_group(c.identified_on, c.birth_date, c.age_at_identification);
        sex_age[sex_index(c.sex)][age_index(group)] += 1;
        let rec = c.recognition;
        recognition[Recognition::ALL.iter().position(|&x| x == rec).unwrap_or(0)] += 1;
        // A case counts once under each of its forms of exploitation.
        let mut seen = 0u16;
        for word in c.exploitation.split_whitespace() {
            let e = Exploitation::parse(word).ok_or(Error::Damaged)?;
            let i = Exploitation::ALL.iter().position(|&x| x == e).unwrap_or(0);
            if seen & (1 << i) == 0 {
                seen |= 1 << i;
                exploitation[i] += 1;
            }
        }
        Ok(())
    })?;

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
