//! Synthetic, clearly fake case records for training and benchmarks (`haven demo --cases N`).
//!
//! The output is Haven's interchange format (JSON Lines, see interchange.md): organizations
//! first, then cases with whole histories. Nothing here can pass for a real record: every
//! organization is named "Demo …", every person carries the alias "DEMO", family names are
//! built from invented syllables and notes are bland placeholders.
//!
//! Invariants: no I/O, no clock, no global state. Cases come lazily, in order of identification,
//! each drawn from its own generator seeded by (seed, case index); the only memory carried from
//! case to case is a small bed board, so that no shelter ever holds more residents than beds
//! (with many cases, most find the shelters full). The same [`DemoOptions`] always give
//! byte-identical output. The generator is for fake data only, never for secrets. No date lies
//! after December 31 of `last_year`, the demo's "today".

use serde_json::{json, Value};
use tables::*;

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
    let organizations = ORGANIZATIONS.iter().map(|&(name, kind, sector, beds)| {
        let mut line =
            json!({ "type": "organization", "name": name, "kind": kind, "sector": sector });
        if let Some(beds) = beds {
            line["capacity"] = beds.into();
        }
        line.to_string()
    });
    let first = options.first_year.min(options.last_year).clamp(1900, 9999);
    let last = options.first_year.max(options.last_year).clamp(1900, 9999);
    let (first_day, today) = (days_from_civil(first, 1, 1), days_from_civil(last, 12, 31));
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
        let year = civil_from_days(identified).0;
        if numbering.0 != year {
            numbering = (year, 0);
        }
        numbering.1 += 1;
        let reference = format!("DEMO-{year}-{:06}", numbering.1);
        beds.move_to(identified);
        case_line(&mut rng, &mut beds, &reference, identified, today)
    });
    organizations.chain(cases)
}

/// The data the cases are drawn from: organizations, names, and weighted categories.
#[rustfmt::skip]
mod tables {
    pub const STATE_SHELTER: &str = "Demo State Shelter";
    pub const SHELTER_LANKARAN: &str = "Demo Shelter Lənkəran";
    pub const SHELTER_GANJA: &str = "Demo Shelter Gəncə";
    pub const ASSISTANCE_CENTER: &str = "Demo Victim Assistance Center";
    pub const NGOS: [&str; 4] = [
        "Demo Women's Support Union", "Demo Migrant Rights Network", "Demo Children First",
        "Demo Hope Hotline",
    ];
    pub const CLINIC: &str = "Demo City Clinic";
    pub const LEGAL_AID: &str = "Demo Legal Aid Bureau";
    pub const EMPLOYERS: [&str; 2] = ["Demo Textile Factory", "Demo Seaside Hotel"];
    pub const TRAINING_CENTER: &str = "Demo Vocational Training Centre";

    /// (name, kind, sector, beds) of every organization the cases refer to.
    pub const ORGANIZATIONS: [(&str, &str, &str, Option<i64>); 14] = [
        (STATE_SHELTER, "shelter", "state", Some(SHELTERS[0].1 as i64)),
        (ASSISTANCE_CENTER, "assistance_center", "state", None),
        (SHELTER_GANJA, "shelter", "ngo", Some(SHELTERS[1].1 as i64)),
        (SHELTER_LANKARAN, "shelter", "ngo", Some(SHELTERS[2].1 as i64)),
        (NGOS[0], "ngo", "ngo", None), (NGOS[1], "ngo", "ngo", None),
        (NGOS[2], "ngo", "ngo", None), (NGOS[3], "ngo", "ngo", None),
        ("Demo Police Anti-Trafficking Unit", "police", "state", None),
        (CLINIC, "health", "state", None),
        (LEGAL_AID, "legal", "state", None),
        (EMPLOYERS[0], "employer", "private", None), (EMPLOYERS[1], "employer", "private", None),
        (TRAINING_CENTER, "training_provider", "ngo", None),
    ];

    /// The shelters with their beds; the state shelter takes most residents.
    pub const SHELTERS: [(&str, u16); 3] =
        [(STATE_SHELTER, 50), (SHELTER_GANJA, 20), (SHELTER_LANKARAN, 12)];
    pub const SHELTER_CHOICE: [(usize, u64); 3] = [(0, 70), (1, 18), (2, 12)];
    pub const STAYS: [(i64, u64); 3] = [(0, 35), (1, 50), (2, 15)];
    pub const REFERRAL_TARGETS: [(&str, u64); 10] = [
        (ASSISTANCE_CENTER, 30), (STATE_SHELTER, 12), (SHELTER_GANJA, 4), (NGOS[0], 9),
        (NGOS[1], 8), (NGOS[2], 5), (NGOS[3], 3), (CLINIC, 12), (LEGAL_AID, 12),
        (TRAINING_CENTER, 5),
    ];
    pub const REFERRAL_STATUSES: [(&str, u64); 4] =
        [("completed", 55), ("accepted", 25), ("pending", 10), ("declined", 10)];
    pub const SERVICE_KINDS: [(&str, u64); 6] = [
        ("legal", 22), ("medical", 25), ("psychological", 25), ("social", 18), ("education", 7),
        ("other", 3),
    ];
    pub const TRAININGS: [(i64, u64); 3] = [(0, 62), (1, 30), (2, 8)];
    pub const SEXES: [(&str, u64); 4] =
        [("female", 850), ("male", 120), ("other", 15), ("unknown", 15)];
    pub const IDENTIFIED_BY: [(&str, u64); 7] = [
        ("police", 35), ("ngo", 20), ("hotline", 15), ("self", 8), ("labour_inspection", 6),
        ("border_guard", 11), ("other", 5),
    ];
    pub const EXPLOITATION: [(&str, u64); 8] = [
        ("sexual", 45), ("forced_labour", 33), ("domestic_servitude", 9), ("forced_begging", 4),
        ("forced_criminality", 3), ("forced_marriage", 4), ("organ_removal", 1), ("other", 1),
    ];
    pub const EXPLOITATION_OF_MEN: [(&str, u64); 5] = [
        ("forced_labour", 75), ("sexual", 8), ("forced_criminality", 7), ("forced_begging", 6),
        ("other", 4),
    ];
    pub const COUNTRIES: [(Option<&str>, u64); 8] = [
        (Some("TR"), 30), (Some("AE"), 20), (Some("RU"), 20), (Some("AZ"), 15), (Some("KZ"), 7),
        (Some("GE"), 2), (Some("IR"), 2), (None, 4),
    ];
    /// Citizenship with the languages spoken.
    pub const CITIZENSHIPS: [((Option<&str>, &str), u64); 11] = [
        ((Some("AZ"), "az"), 43), ((Some("AZ"), "az ru"), 29), ((Some("UZ"), "uz ru"), 5),
        ((Some("TJ"), "tg ru"), 4), ((Some("KG"), "ky ru"), 3), ((Some("RU"), "ru"), 5),
        ((Some("UA"), "uk ru"), 3), ((Some("GE"), "ka ru"), 3), ((Some("NP"), "ne en"), 2),
        ((Some("PH"), "tl en"), 2), ((None, "ru"), 1),
    ];
    /// Who gives a service of each kind, with weights; None when not recorded.
    pub fn providers(kind: &str, ngo: &'static str) -> [(Option<&'static str>, u64); 3] {
        match kind {
            "legal" => [(Some(LEGAL_AID), 60), (Some(ASSISTANCE_CENTER), 25), (None, 15)],
            "medical" => [(Some(CLINIC), 70), (Some(ASSISTANCE_CENTER), 15), (None, 15)],
            "psychological" => [(Some(ASSISTANCE_CENTER), 50), (Some(ngo), 35), (None, 15)],
            "social" => [(Some(ASSISTANCE_CENTER), 40), (Some(ngo), 40), (None, 20)],
            "education" => [(Some(TRAINING_CENTER), 60), (Some(ngo), 20), (None, 20)],
            _ => [(Some(ngo), 50), (None, 50), (None, 0)],
        }
    }
    pub const AMOUNTS: &str = "75.00|100.00|120.50|150.00";
    pub const COURSES: &str = "Sewing|Hairdressing|Computer basics|Cooking|Manicure|\
        English language|Accounting basics|Carpet weaving";
    pub const NOTES: &str = "Demo note: follow-up call scheduled.|\
        Demo note: documents requested from the registry office.|\
        Demo note: care plan reviewed with the caseworker.|\
        Demo note: allowance paperwork completed.|\
        Demo note: accompanied to a scheduled appointment.|Demo note: training progress checked.|\
        Demo note: contact details updated.|Demo note: referral letter sent.";

    // A small list of common given names, spelled with or without Azerbaijani letters; family
    // names are invented from the syllables below, so no real person is named.
    pub const FEMALE_AZ: &str =
        "Günay|Ləman|Nərmin|Səbinə|Şəbnəm|Gülnar|Xəyalə|Könül|Ülviyyə|Zəhra|İlahə|Aygün";
    pub const FEMALE_PLAIN: &str =
        "Aysel|Aynur|Leyla|Nigar|Olga|Natalya|Irina|Svetlana|Yelena|Anna|Tatyana|Samira";
    pub const MALE_AZ: &str = "Elçin|Rəşad|Orxan|İlqar|Səmid|Vüqar";
    pub const MALE_PLAIN: &str = "Tural|Kamran|Emil|Sergey|Dmitriy|Aleksey|Ivan|Ruslan";
    pub const FEMALE_CYRILLIC: &str = "Ольга|Наталья|Ирина|Светлана|Елена|Айсель|Гюльнара";
    pub const MALE_CYRILLIC: &str = "Сергей|Дмитрий|Эльчин|Руслан";
    pub const HEADS_AZ: &str = "Zəl|Şil|Bəx|Möz|Çub|Pər|Rüv|Qar|Xan|Gıl";
    pub const HEADS_PLAIN: &str = "Tum|Vel|Nor|Kiv|Dor|Lat|Sab|Hoz|Bor|Mit";
    pub const MIDDLES: &str = "ran|vel|tis|mur|neb|mir|zor|lek|das|gav";
    pub const SUFFIXES_AZ: &str = "lı|zadə|lı|zadə|nəva";
    pub const HEADS_CYRILLIC: &str = "Кар|Зел|Тум|Век|Нор|Шил|Бах|Кив|Дор|Лат";
    pub const MIDDLES_CYRILLIC: &str = "ран|вел|тис|кул|неб|мир|зор";
    /// Real-looking aliases of women, then of men.
    pub const NICKNAMES: [&str; 2] = ["Ayka|Lena|Sveta|Gülü|Nika|Zara", "Dima|Rəşo|Tura"];
}

/// A person's identity as JSON, with the sex and the age on the day of identification.
fn person(rng: &mut Rng, identified: i64) -> (Value, &'static str, Option<i64>) {
    let sex = rng.weighted(&SEXES);
    let male = sex == "male" || (sex != "female" && rng.percent(50));
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
    let (given, family) = match rng.below(100) {
        0..=1 => (None, Some(family)),
        2..=5 => (Some(given), None),
        _ => (Some(given), Some(family)),
    };
    let mut aliases = vec!["DEMO"];
    if rng.percent(30) {
        aliases.push(rng.word(NICKNAMES[usize::from(male)]));
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
    let languages: Vec<&str> = languages.split(' ').collect();
    let phone = format!("+994 00 000 00 {:02}", rng.below(100));
    let phone = rng.percent(35).then_some(phone);
    let mut json = json!({
        "aliases": aliases, "sex": sex, "birth_date": birth_date,
        "age_at_identification": age_at_identification, "citizenship": citizenship,
        "languages": languages, "phone": phone,
    });
    // A missing name is left out, not null.
    if let Some(given) = given {
        json["given_name"] = given.into();
    }
    if let Some(family) = family {
        json["family_name"] = family.into();
    }
    (json, sex, age)
}

/// One case with its history, every date from `identified` to at most `today`.
fn case_line(
    rng: &mut Rng,
    beds: &mut Beds,
    reference: &str,
    identified: i64,
    today: i64,
) -> String {
    let (person, sex, age) = person(rng, identified);
    let identified_by = rng.weighted(&IDENTIFIED_BY);
    let recognition = rng.weighted(&[("recognized", 85), ("potential", 15)]);
    let by_sex = if sex == "male" {
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
            referral = (date, stay.0, "completed");
        }
        // A referral still pending is recent; older ones were answered long ago.
        if referral.2 == "pending" && today - date > 90 {
            referral.2 = "accepted";
        }
        referrals.push(referral);
    }
    let count = rng.between(0, 5);
    let mut services = Vec::new();
    for date in days_after(rng, identified, count, 180, today) {
        let kind = rng.weighted(&SERVICE_KINDS);
        services.push((kind, date, provider_for(rng, kind)));
    }
    let mut allowances = Vec::new();
    if rng.percent(85) {
        allowances.push((identified + rng.between(3, 45), "400.00", "one_time"));
    }
    if rng.percent(15) {
        let (amount, start) = (rng.word(AMOUNTS), identified + rng.between(30, 60));
        let months = 0..rng.between(2, 6);
        allowances.extend(months.map(|month| (start + 30 * month, amount, "recurring")));
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
            (false, _) => "enrolled",
            (true, true) => "dropped_out",
            (true, false) => "completed",
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
    for (scope, chance) in [("data_storage", 100), ("referrals", 60), ("statistics", 40)] {
        let years = rng.weighted(&[(0, 4), (1, 3), (2, 3)]);
        let expires = Some(add_years(identified, years)).filter(|&d| years > 0 && d <= today);
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
        || referrals.iter().any(|r| r.2 == "pending");
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
    let status = if closed_on.is_some() {
        "closed"
    } else {
        "open"
    };

    json!({
        "type": "case", "ref": reference, "person": person,
        "identified_on": date(identified), "identified_by": identified_by,
        "recognition": recognition, "exploitation": exploitation,
        "country_of_exploitation": country, "status": status, "closed_on": closed_on.map(date),
        "consents": list(&consents, |(scope, expires)| json!({
            "scope": scope, "given_on": date(identified), "expires_on": expires.map(date),
        })),
        "referrals": list(&referrals, |(on, to, status)| json!({
            "date": date(on), "to": to, "status": status,
        })),
        "shelter_stays": list(&stays, |(shelter, admitted, discharged)| json!({
            "shelter": shelter, "admitted_on": date(admitted),
            "discharged_on": discharged.map(date),
        })),
        "services": list(&services, |(kind, on, provider)| json!({
            "kind": kind, "date": date(on), "provider": provider,
        })),
        "allowances": list(&allowances, |(on, amount, kind)| json!({
            "date": date(on), "amount": amount, "currency": "AZN", "kind": kind,
        })),
        "trainings": list(&trainings, |(course, provider, started, ended, outcome)| json!({
            "course": course, "provider": provider, "started_on": date(started),
            "ended_on": ended.map(date), "outcome": outcome,
        })),
        "employments": list(&employments, |(employer, started, ended)| json!({
            "employer": employer, "started_on": date(started), "ended_on": ended.map(date),
        })),
        "notes": list(&notes, |(on, text)| json!({ "date": date(on), "text": text })),
    })
    .to_string()
}

/// The events of one kind as a JSON array.
fn list<T: Copy>(events: &[T], to_json: impl Fn(T) -> Value) -> Value {
    Value::Array(events.iter().map(|&event| to_json(event)).collect())
}

/// A civil date, as days since 1970-01-01, in `YYYY-MM-DD` form.
fn date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Who gives a service of this kind: mostly the matching organization, sometimes unknown.
fn provider_for(rng: &mut Rng, kind: &str) -> Option<&'static str> {
    let ngo = *rng.pick(&NGOS);
    rng.weighted(&providers(kind, ngo))
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

/// `count` sorted days within `window` days after `from`, none after `today`.
fn days_after(rng: &mut Rng, from: i64, count: i64, window: i64, today: i64) -> Vec<i64> {
    let window = window.min(today - from);
    let mut days: Vec<i64> = (0..count).map(|_| from + rng.between(0, window)).collect();
    days.sort_unstable();
    days
}

/// SplitMix64: small, fast and deterministic; for fake data only, never for secrets.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Self {
        Rng(seed ^ Rng(stream).next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn percent(&mut self, chance: u64) -> bool {
        self.below(100) < chance
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One of the `|`-separated words of `list`.
    fn word<'a>(&mut self, list: &'a str) -> &'a str {
        let n = self.below(list.split('|').count() as u64) as usize;
        list.split('|').nth(n).unwrap_or(list)
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let mut x = self.below(items.iter().map(|i| i.1).sum());
        for &(item, weight) in items {
            if x < weight {
                return item;
            }
            x -= weight;
        }
        items[items.len() - 1].0
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((i64::from(month) + 9) % 12) + 2) / 5 + i64::from(day) - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32, day as u32)
}

/// The same calendar day `years` later (February 29 becomes February 28).
fn add_years(day: i64, years: i32) -> i64 {
    let (y, m, d) = civil_from_days(day);
    days_from_civil(y + years, m, if m == 2 && d == 29 { 28 } else { d })
}

/// Age in whole years on `day` of someone born on `birth`.
fn age_on(birth: i64, day: i64) -> i64 {
    let ((by, bm, bd), (y, m, d)) = (civil_from_days(birth), civil_from_days(day));
    i64::from(y - by) - i64::from((m, d) < (bm, bd))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};
    use std::sync::OnceLock;

    /// The documented fields of every object (interchange.md), with the values of the
    /// enumerations after `=`; any other field or value fails an import.
    #[rustfmt::skip]
    const FIELDS: [(&str, &str); 11] = [
        ("organization", "type name sector=state|ngo|international|private capacity \
            kind=shelter|ngo|assistance_center|police|health|legal|government|employer|\
            training_provider|other"),
        ("case", "type ref code person identified_on closed_on country_of_exploitation \
            identified_by=police|ngo|hotline|self|labour_inspection|border_guard|other \
            recognition=potential|recognized status=open|closed \
            exploitation=sexual|forced_labour|domestic_servitude|forced_begging|\
            forced_criminality|forced_marriage|organ_removal|other \
            consents referrals shelter_stays services allowances trainings employments notes"),
        ("person", "given_name family_name aliases sex=female|male|other|unknown birth_date \
            age_at_identification citizenship languages phone"),
        ("consents", "scope=data_storage|referrals|statistics given_on expires_on"),
        ("referrals", "date to status=pending|accepted|declined|completed"),
        ("shelter_stays", "shelter admitted_on discharged_on"),
        ("services", "kind=legal|medical|psychological|social|education|other date provider"),
        ("allowances", "date amount currency kind=one_time|recurring"),
        ("trainings", "course provider started_on ended_on outcome=enrolled|completed|dropped_out"),
        ("employments", "employer started_on ended_on"),
        ("notes", "date text"),
    ];
    const DATES: &str = "date given_on admitted_on discharged_on started_on ended_on";

    fn generate(cases: usize, seed: u64) -> Vec<String> {
        let options = DemoOptions {
            cases,
            seed,
            ..DemoOptions::default()
        };
        lines(&options).collect()
    }

    /// The organizations by name and the cases; organizations must come first.
    fn parse(lines: &[String]) -> (HashMap<String, Value>, Vec<Value>) {
        let (mut organizations, mut cases) = (HashMap::new(), Vec::new());
        for line in lines {
            let value: Value = serde_json::from_str(line).expect("one JSON object a line");
            if value["type"] == "organization" {
                assert!(cases.is_empty(), "organizations come first");
                organizations.insert(text(&value["name"]).to_owned(), value);
            } else {
                assert_eq!(value["type"], "case");
                cases.push(value);
            }
        }
        (organizations, cases)
    }

    /// 5,000 cases, generated and parsed once for the tests that only read them.
    fn sample() -> &'static (HashMap<String, Value>, Vec<Value>) {
        static SAMPLE: OnceLock<(HashMap<String, Value>, Vec<Value>)> = OnceLock::new();
        SAMPLE.get_or_init(|| parse(&generate(5000, 2014)))
    }

    fn text(value: &Value) -> &str {
        value.as_str().unwrap_or_default()
    }

    fn items<'a>(case: &'a Value, list: &str) -> &'a [Value] {
        case[list].as_array().map_or(&[], Vec::as_slice)
    }

    /// A `YYYY-MM-DD` date as days since 1970-01-01, or None for null.
    fn day(value: &Value) -> Option<i64> {
        let s = value.as_str()?;
        let part = |at: usize, len: usize| s[at..at + len].parse::<u32>().expect("a date");
        assert!(s.len() == 10 && &s[4..5] == "-" && &s[7..8] == "-", "{s}");
        Some(days_from_civil(part(0, 4) as i32, part(5, 2), part(8, 2)))
    }

    /// Checks the fields of `object`, of kind `kind`, against the documented names and values.
    fn check_fields(kind: &str, object: &Value) {
        let documented = FIELDS.iter().find(|f| f.0 == kind).expect("documented").1;
        for (field, value) in object.as_object().expect("an object") {
            let mut specs = documented.split_whitespace();
            let spec = specs.find(|f| f.split('=').next() == Some(field));
            let spec = spec.unwrap_or_else(|| panic!("undocumented field {kind}.{field}"));
            if let Some((_, values)) = spec.split_once('=') {
                let values: Vec<&str> = values.split('|').collect();
                for value in value.as_array().map_or(vec![value], |a| a.iter().collect()) {
                    assert!(values.contains(&text(value)), "{kind}.{field}: {value}");
                }
            }
        }
    }

    #[test]
    fn only_documented_fields_and_values_appear() {
        let (organizations, cases) = sample();
        for organization in organizations.values() {
            check_fields("organization", organization);
        }
        for case in cases {
            check_fields("case", case);
            check_fields("person", &case["person"]);
            assert!(case.get("code").is_none(), "Haven generates the code");
            assert!(!items(case, "exploitation").is_empty());
            for (list, _) in &FIELDS[3..] {
                assert!(case[list].is_array(), "{list} is an array");
                for item in items(case, list) {
                    check_fields(list, item);
                }
            }
        }
    }

    #[test]
    fn organizations_come_first_and_every_reference_names_one() {
        let (organizations, cases) = sample();
        assert_eq!(organizations.len(), ORGANIZATIONS.len());
        assert!(organizations.keys().all(|name| name.starts_with("Demo ")));
        assert_eq!(organizations[STATE_SHELTER]["capacity"], 50);
        let kind_of = |name: &Value| match organizations.get(text(name)) {
            Some(organization) => text(&organization["kind"]),
            None => panic!("unknown organization {name}"),
        };
        let named = "referrals.to trainings.provider employments.employer services.provider";
        for case in cases {
            for (list, field) in named.split(' ').filter_map(|n| n.split_once('.')) {
                let named = items(case, list).iter().map(|item| &item[field]);
                named
                    .filter(|name| !name.is_null())
                    .for_each(|name| _ = kind_of(name));
            }
            for stay in items(case, "shelter_stays") {
                assert_eq!(kind_of(&stay["shelter"]), "shelter");
            }
        }
    }

    #[test]
    fn histories_are_in_order_and_never_after_the_last_year() {
        let today = days_from_civil(2025, 12, 31);
        let (mut stays, mut stay_days, mut old, mut old_closed) = (0, 0, 0, 0);
        for case in &sample().1 {
            let identified = day(&case["identified_on"]).expect("identified");
            let closed_on = day(&case["closed_on"]);
            assert_eq!(closed_on.is_some(), case["status"] == "closed");
            let end = closed_on.unwrap_or(today);
            for (list, _) in &FIELDS[3..] {
                for (field, value) in items(case, list)
                    .iter()
                    .flat_map(|i| i.as_object())
                    .flatten()
                {
                    let event = DATES.split(' ').any(|d| d == field).then(|| day(value));
                    let in_order = event.flatten().is_none_or(|d| identified <= d && d <= end);
                    assert!(in_order, "{list}.{field} out of order: {case}");
                }
            }
            for consent in items(case, "consents") {
                let expires = day(&consent["expires_on"]);
                assert!(expires.is_none_or(|e| identified < e && e <= today));
            }
            let mut free_from = i64::MIN;
            for stay in items(case, "shelter_stays") {
                let admitted = day(&stay["admitted_on"]).expect("admitted");
                assert!(admitted > free_from, "stays overlap: {case}");
                free_from = day(&stay["discharged_on"]).unwrap_or(i64::MAX);
                assert!(free_from >= admitted);
                if free_from == i64::MAX {
                    assert!(closed_on.is_none() && today - admitted <= 100);
                } else {
                    (stays, stay_days) = (stays + 1, stay_days + free_from - admitted);
                }
            }
            let trainings = items(case, "trainings").iter();
            for item in trainings.chain(items(case, "employments")) {
                let ended = day(&item["ended_on"]).unwrap_or(i64::MAX);
                assert!(ended >= day(&item["started_on"]).expect("started"));
                if item.get("outcome").is_some() {
                    assert_eq!(ended == i64::MAX, item["outcome"] == "enrolled");
                }
            }
            let birth = day(&case["person"]["birth_date"]);
            assert!(birth.is_none_or(|birth| birth < identified));
            assert!(
                closed_on.is_none() || today - identified > 120,
                "closed too soon"
            );
            if today - identified > 3 * 365 {
                (old, old_closed) = (old + 1, old_closed + usize::from(closed_on.is_some()));
            }
        }
        let average_stay = stay_days / stays;
        assert!((30..=90).contains(&average_stay), "{average_stay} days");
        assert!(old_closed * 10 >= old * 8, "{old_closed} of {old} closed");
    }

    #[test]
    fn no_shelter_ever_holds_more_residents_than_beds() {
        let default = parse(&lines(&DemoOptions::default()).collect::<Vec<_>>()).1;
        // 8,000 cases in one year: far more people than beds.
        let crowded = DemoOptions {
            cases: 8_000,
            first_year: 2025,
            ..DemoOptions::default()
        };
        let crowded = parse(&lines(&crowded).collect::<Vec<_>>()).1;
        for (cases, fullest) in [(default, 5..=50), (crowded, 50..=50)] {
            let mut taken: HashMap<(&str, i64), u16> = HashMap::new();
            for stay in cases.iter().flat_map(|case| items(case, "shelter_stays")) {
                let admitted = day(&stay["admitted_on"]).expect("admitted");
                let until = day(&stay["discharged_on"]).unwrap_or(days_from_civil(2025, 12, 31));
                for d in admitted..=until {
                    *taken.entry((text(&stay["shelter"]), d)).or_default() += 1;
                }
            }
            let most = |name| taken.iter().filter(|t| t.0 .0 == name).map(|t| *t.1).max();
            for (shelter, beds) in SHELTERS {
                assert!(most(shelter).unwrap_or(0) <= beds, "{shelter} overfilled");
            }
            assert!(fullest.contains(&most(STATE_SHELTER).unwrap_or(0)));
        }
    }

    #[test]
    fn allowances_are_exact_amounts_in_manat() {
        let cases = &sample().1;
        let mut one_time = 0;
        for allowance in cases.iter().flat_map(|case| items(case, "allowances")) {
            let amount = text(&allowance["amount"]);
            let (units, cents) = amount.split_once('.').unwrap_or_default();
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            assert!(digits(units) && digits(cents) && cents.len() == 2);
            assert_eq!(allowance["currency"], "AZN");
            if allowance["kind"] == "one_time" {
                assert_eq!(amount, "400.00");
                one_time += 1;
            }
        }
        assert!(one_time * 100 >= cases.len() * 75, "{one_time} one-time");
    }

    #[test]
    fn refs_are_unique_and_every_person_is_named_and_marked_demo() {
        let mut refs = HashSet::new();
        for case in &sample().1 {
            let (reference, year) = (text(&case["ref"]), &text(&case["identified_on"])[..4]);
            assert!(reference.starts_with(&format!("DEMO-{year}-")));
            assert!(refs.insert(reference), "duplicate ref {reference}");
            let person = &case["person"];
            assert!(person["given_name"].is_string() || person["family_name"].is_string());
            assert_eq!(person["aliases"][0], "DEMO");
        }
    }

    #[test]
    fn the_same_options_give_the_same_bytes() {
        assert_eq!(generate(500, 7), generate(500, 7));
        assert_ne!(generate(500, 7), generate(500, 8));
    }

    #[test]
    fn persons_look_like_the_programme_and_exercise_search() {
        let cases = &sample().1;
        let percent = |test: &dyn Fn(&Value, &str) -> bool| {
            let name = |p: &Value| [&p["given_name"], &p["family_name"]].map(text).join(" ");
            let hits = cases
                .iter()
                .map(|c| &c["person"])
                .filter(|p| test(p, &name(p)));
            hits.count() * 100 / cases.len()
        };
        let minor = |case: &Value| {
            let (person, on) = (&case["person"], day(&case["identified_on"]));
            let age = day(&person["birth_date"]).map(|birth| age_on(birth, on.unwrap_or(0)));
            age.or(person["age_at_identification"].as_i64())
                .is_some_and(|a| a < 18)
        };
        let minors = cases.iter().filter(|case| minor(case)).count() * 100 / cases.len();
        assert!((7..=13).contains(&minors), "{minors}% minors");
        assert!((80..=90).contains(&percent(&|p, _| p["sex"] == "female")));
        let cyrillic = |name: &str| name.chars().any(|c| ('а'..='я').contains(&c));
        let in_cyrillic = percent(&|_, name| cyrillic(name));
        assert!((10..=20).contains(&in_cyrillic), "{in_cyrillic}% Cyrillic");
        assert!(percent(&|_, name| name.contains('ə')) >= 20, "names with ə");
        assert!(percent(&|_, name| name.contains('İ')) >= 1, "names with İ");
        let marked = |name: &str| name.chars().any(|c| "əıİşçğöüxqŞÇĞÖÜXQƏ".contains(c));
        let latin_marked = percent(&|_, name| !cyrillic(name) && marked(name));
        let share = latin_marked * 100 / (100 - in_cyrillic);
        assert!((40..=65).contains(&share), "{share}% with ə ş ç …");
        assert!(percent(&|p, _| p["citizenship"] == "AZ") >= 60);
        assert!(percent(&|p, _| !p["age_at_identification"].is_null()) >= 5);
    }

    #[test]
    fn generation_is_lazy() {
        let endless = DemoOptions {
            cases: usize::MAX,
            ..DemoOptions::default()
        };
        let first: Vec<String> = lines(&endless).take(ORGANIZATIONS.len() + 2).collect();
        assert!(first[ORGANIZATIONS.len()].contains("\"ref\":\"DEMO-2014-000001\""));
        let none = DemoOptions {
            cases: 0,
            ..endless
        };
        assert_eq!(lines(&none).count(), ORGANIZATIONS.len());
    }

    #[test]
    fn civil_dates_round_trip() {
        let day = |y, m, d| days_from_civil(y, m, d);
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(civil_from_days(day(2000, 3, 1) - 1), (2000, 2, 29));
        for d in day(1899, 1, 1)..day(2101, 1, 1) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(add_years(day(2024, 2, 29), 1), day(2025, 2, 28));
        let ages = [day(2018, 6, 1), day(2018, 6, 2)].map(|on| age_on(day(2000, 6, 2), on));
        assert_eq!(ages, [17, 18]);
    }
}
