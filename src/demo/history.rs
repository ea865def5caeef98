//! One synthetic case: the person and a whole history, as a typed interchange record.

use super::rng::Rng;
use super::tables::*;
use super::{add_years, age_on, date, Beds};
use crate::records::interchange::{
    AllowanceRecord, CaseRecord, ConsentRecord, EmploymentRecord, NoteRecord, PersonRecord,
    ReferralRecord, ServiceRecord, ShelterStayRecord, TrainingRecord,
};
use crate::records::vocab::{
    AllowanceKind, CaseStatus, ConsentScope, Recognition, ReferralStatus, Sex, TrainingOutcome,
};

/// A person's identity, with the age on the day of identification (days are Julian days).
fn person(rng: &mut Rng, identified: i64) -> (PersonRecord, Option<i64>) {
    let sex = rng.weighted(&SEXES);
    let male = sex == Sex::Male || (sex != Sex::Female && rng.percent(50));
    // About half the Latin names carry Azerbaijani letters; ~15% of family names are Cyrillic.
    let (cyrillic, azerbaijani) = (rng.percent(15), rng.percent(50));
    let given = match (male, cyrillic && rng.percent(50), azerbaijani) {
        (false, true, _) => FEMALE_CYRILLIC,
        (true, true, _) => MALE_CYRILLIC,
        (false, false, true) => FEMALE_AZ,
        (false, false, false) => FEMALE_PLAIN,
        (true, false, true) => MALE_AZ,
        (true, false, false) => MALE_PLAIN,
    };
    let given = rng.word(given);
    let heads = if azerbaijani { HEADS_AZ } else { HEADS_PLAIN };
    let (head, middle, suffix) = match (cyrillic, azerbaijani && rng.percent(50), male) {
        (true, _, true) => (HEADS_CYRILLIC, MIDDLES_CYRILLIC, "ов|ев"),
        (true, _, false) => (HEADS_CYRILLIC, MIDDLES_CYRILLIC, "ова|ева"),
        (false, true, _) => (heads, MIDDLES, SUFFIXES_AZ),
        (false, false, true) => (heads, MIDDLES, "ov|yev"),
        (false, false, false) => (heads, MIDDLES, "ova|yeva"),
    };
    let family = [head, middle, suffix].map(|list| rng.word(list)).concat();
    // A few records lack one of the two names, as paper files do.
    let (given_name, family_name) = match rng.below(100) {
        0..=1 => (None, Some(family)),
        2..=5 => (Some(given.to_owned()), None),
        _ => (Some(given.to_owned()), Some(family)),
    };
    let mut aliases = vec!["DEMO".to_owned()];
    if rng.percent(30) {
        aliases.push(rng.word(NICKNAMES[usize::from(male)]).to_owned());
    }
    let years = match rng.below(100) {
        0..=9 => rng.between(11, 16),
        10..=45 => rng.between(18, 24),
        46..=81 => rng.between(25, 34),
        _ => rng.between(35, 55),
    };
    // 365.25 days a year, plus up to 364 more: never crosses 18 in either direction.
    let birth = identified - years * 36525 / 100 - rng.between(1, 364);
    let age = age_on(birth, identified);
    let (birth_date, age_at_identification, age) = match rng.below(100) {
        0..=1 => (None, None, None),
        2..=11 => (None, Some(age), Some(age)),
        _ => (Some(date(birth)), None, Some(age)),
    };
    let (citizenship, languages) = rng.weighted(&CITIZENSHIPS);
    let phone = format!("+994 00 000 00 {:02}", rng.below(100));
    let person = PersonRecord {
        given_name,
        family_name,
        aliases,
        sex,
        birth_date,
        age_at_identification,
        citizenship: citizenship.map(str::to_owned),
        languages: languages.split(' ').map(str::to_owned).collect(),
        phone: rng.percent(35).then_some(phone),
    };
    (person, age)
}

/// One case with its history, every date from `identified` to at most `today`.
pub fn case(
    rng: &mut Rng,
    beds: &mut Beds,
    reference: String,
    identified: i64,
    today: i64,
) -> CaseRecord {
    let (person, age) = person(rng, identified);
    let identified_by = rng.weighted(&IDENTIFIED_BY);
    let recognition = rng.weighted(&[(Recognition::Recognized, 85), (Recognition::Potential, 15)]);
    let by_sex = if person.sex == Sex::Male {
        &EXPLOITATION_OF_MEN[..]
    } else {
        &EXPLOITATION
    };
    let mut exploitation = vec![rng.weighted(by_sex)];
    let second = rng.weighted(&EXPLOITATION);
    if rng.percent(20) && second != exploitation[0] {
        exploitation.push(second);
    }
    let country = rng.weighted(&COUNTRIES);

    // Histories run forward from identification. What would end after `today` is still going
    // on (no discharge, training enrolled, job held); what would start after it is left out.
    let mut stays = Vec::new();
    let mut admitted = identified + rng.between(0, 7);
    for _ in 0..rng.weighted(&STAYS) {
        let wanted = rng.weighted(&SHELTER_CHOICE);
        let discharged = admitted + rng.between(20, 100);
        if admitted > today {
            break;
        }
        // A full shelter sends the person on to the next one with a free bed, if any.
        let mut shelters = (0..3).map(|k| (wanted + k) % 3);
        let until = discharged.min(today);
        let Some(shelter) = shelters.find(|&s| beds.book(s, admitted, until)) else {
            break;
        };
        let discharged_on = Some(discharged).filter(|&d| d <= today);
        stays.push((SHELTERS[shelter].0, admitted, discharged_on));
        admitted = discharged + rng.between(30, 365);
    }
    // The first referral is the intake itself, to the shelter when there is a stay.
    let onward = rng.between(0, 2);
    let onward = days_after(rng, identified, onward, 45, today);
    let mut referrals = Vec::new();
    for (k, date) in [identified].into_iter().chain(onward).enumerate() {
        let to = rng.weighted(&REFERRAL_TARGETS);
        let mut referral = (date, to, rng.weighted(&REFERRAL_STATUSES));
        if let (0, Some(stay)) = (k, stays.first()) {
            referral = (date, stay.0, ReferralStatus::Completed);
        }
        // A referral still pending is recent; older ones were answered long ago.
        if referral.2 == ReferralStatus::Pending && today - date > 90 {
            referral.2 = ReferralStatus::Accepted;
        }
        referrals.push(referral);
    }
    let count = rng.between(0, 5);
    let mut services = Vec::new();
    for date in days_after(rng, identified, count, 180, today) {
        let kind = rng.weighted(&SERVICE_KINDS);
        let ngo = *rng.pick(&NGOS);
        services.push((kind, date, rng.weighted(&providers(kind, ngo))));
    }
    let mut allowances = Vec::new();
    if rng.percent(85) {
        let on = identified + rng.between(3, 45);
        allowances.push((on, "400.00", AllowanceKind::OneTime));
    }
    if rng.percent(15) {
        let (amount, start) = (rng.word(AMOUNTS), identified + rng.between(30, 60));
        let months = 0..rng.between(2, 6);
        let each = months.map(|month| (start + 30 * month, amount, AllowanceKind::Recurring));
        allowances.extend(each);
    }
    allowances.retain(|a| a.0 <= today);
    allowances.sort_by_key(|a| a.0);
    let mut trainings = Vec::new();
    let mut started = identified + rng.between(30, 200);
    for _ in 0..rng.weighted(&TRAININGS) {
        let (course, ngo, dropped) = (rng.word(COURSES), *rng.pick(&NGOS), rng.percent(15));
        let provider = rng.weighted(&[(TRAINING_CENTER, 80), (ngo, 20)]);
        let ended = started + rng.between(30, 120) / if dropped { 3 } else { 1 };
        if started > today {
            break;
        }
        let outcome = match (ended <= today, dropped) {
            (false, _) => TrainingOutcome::Enrolled,
            (true, true) => TrainingOutcome::DroppedOut,
            (true, false) => TrainingOutcome::Completed,
        };
        let ended_on = Some(ended).filter(|&d| d <= today);
        trainings.push((course, provider, started, ended_on, outcome));
        started = ended + rng.between(14, 180);
    }
    // A job placement, for adults, once the last training is over.
    let mut employments = Vec::new();
    let ready = trainings.last().map_or(Some(identified), |t| t.3);
    if let (Some(ready), true) = (ready, age.is_none_or(|a| a >= 18) && rng.percent(30)) {
        let (employer, started) = (*rng.pick(&EMPLOYERS), ready + rng.between(14, 240));
        let ended = started + rng.between(60, 900);
        let ended = Some(ended).filter(|&d| d <= today && rng.percent(45));
        if started <= today {
            employments.push((employer, started, ended));
        }
    }
    let count = rng.between(1, 3);
    let mut notes = Vec::new();
    for date in days_after(rng, identified, count, 365, today) {
        notes.push((date, rng.word(NOTES)));
    }
    let mut consents = Vec::new();
    let scopes = [
        (ConsentScope::DataStorage, 100),
        (ConsentScope::Referrals, 60),
        (ConsentScope::Statistics, 40),
    ];
    for (scope, chance) in scopes {
        let years = rng.weighted(&[(0, 4), (1, 3), (2, 3)]);
        let expires = add_years(identified, years).filter(|&d| years > 0 && d <= today);
        if rng.percent(chance) {
            consents.push((scope, expires));
        }
    }

    // Old cases are mostly closed, after their last event; a stay, a training or a referral
    // still going on keeps a case open.
    let close_chance = match today - identified {
        731.. => 92,
        366..=730 => 60,
        121..=365 => 25,
        _ => 0,
    };
    let ongoing = stays.iter().any(|s| s.2.is_none())
        || trainings.iter().any(|t| t.3.is_none())
        || referrals.iter().any(|r| r.2 == ReferralStatus::Pending);
    let last_event = (referrals.iter().map(|r| r.0))
        .chain(stays.iter().map(|s| s.2.unwrap_or(s.1)))
        .chain(services.iter().map(|s| s.1))
        .chain(allowances.iter().map(|a| a.0))
        .chain(trainings.iter().map(|t| t.3.unwrap_or(t.2)))
        .chain(employments.iter().map(|e| e.2.unwrap_or(e.1)))
        .chain(notes.iter().map(|n| n.0))
        .fold(identified, i64::max);
    let closing = last_event + rng.between(0, 60);
    let closed_on = (!ongoing && rng.percent(close_chance) && closing <= today).then_some(closing);

    CaseRecord {
        source_ref: Some(reference),
        code: None,
        person,
        identified_on: date(identified),
        identified_by: Some(identified_by),
        recognition,
        exploitation,
        country_of_exploitation: country.map(str::to_owned),
        status: match closed_on {
            Some(_) => CaseStatus::Closed,
            None => CaseStatus::Open,
        },
        closed_on: closed_on.map(date),
        consents: (consents.into_iter())
            .map(|(scope, expires)| ConsentRecord {
                scope,
                given_on: date(identified),
                expires_on: expires.map(date),
                organizations: Vec::new(),
                withdrawn_on: None,
            })
            .collect(),
        referrals: (referrals.into_iter())
            .map(|(on, to, status)| ReferralRecord {
                date: date(on),
                to: to.to_owned(),
                status,
            })
            .collect(),
        shelter_stays: (stays.into_iter())
            .map(|(shelter, admitted, discharged)| ShelterStayRecord {
                shelter: shelter.to_owned(),
                admitted_on: date(admitted),
                discharged_on: discharged.map(date),
            })
            .collect(),
        services: (services.into_iter())
            .map(|(kind, on, provider)| ServiceRecord {
                kind,
                date: date(on),
                provider: provider.map(str::to_owned),
            })
            .collect(),
        allowances: (allowances.into_iter())
            .map(|(on, amount, kind)| AllowanceRecord {
                date: date(on),
                amount: amount.to_owned(),
                currency: "AZN".to_owned(),
                kind,
            })
            .collect(),
        trainings: (trainings.into_iter())
            .map(
                |(course, provider, started, ended, outcome)| TrainingRecord {
                    course: course.to_owned(),
                    provider: Some(provider.to_owned()),
                    started_on: date(started),
                    ended_on: ended.map(date),
                    outcome,
                },
            )
            .collect(),
        employments: (employments.into_iter())
            .map(|(employer, started, ended)| EmploymentRecord {
                employer: employer.to_owned(),
                started_on: date(started),
                ended_on: ended.map(date),
            })
            .collect(),
        notes: (notes.into_iter())
            .map(|(on, text)| NoteRecord {
                date: date(on),
                text: text.to_owned(),
            })
            .collect(),
    }
}

/// `count` sorted days within `window` days after `from`, none after `today`.
fn days_after(rng: &mut Rng, from: i64, count: i64, window: i64, today: i64) -> Vec<i64> {
    let window = window.min(today - from);
    let mut days: Vec<i64> = (0..count).map(|_| from + rng.between(0, window)).collect();
    days.sort_unstable();
    days
}
