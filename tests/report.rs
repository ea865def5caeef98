//! The indicator report through the core API: every indicator and breakdown exact on a fixture
//! with known answers, the period edges, disclosure control checked exactly, nothing
//! identifying in any output format, the XLSX read back by an independent reader, roles and the
//! audit log.
#![forbid(unsafe_code)]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use common::feasible::{has_second_value, Equation};
use common::*;
use haven::report::disclosure::{protect, Table};
use haven::report::formats::{self, ReportFormat};
use haven::report::{
    Breakdown, Cell, CellValue, Indicator, IndicatorReport, ReportRequest, BREAKDOWN_KEYS,
};
use haven::{Error, ErrorKind, Role, Session, Vault};
use serde_json::{json, Value};

const PERIOD: (&str, &str) = ("2014-01-01", "2014-12-31");

/// Names, codes and free text of the fixture: none may appear in any output.
struct Secrets {
    words: Vec<String>,
}

/// The fixture: organizations and seven cases, each placed on an edge of the 2014 period.
fn fixture(secrets: &mut Secrets) -> String {
    let words = std::cell::RefCell::new(Vec::new());
    let name = |label: &str| {
        let m = marker(label);
        words.borrow_mut().push(m.clone());
        m
    };
    let org = |n: &str, kind: &str, sector: &str, cap: Option<u32>| {
        let mut o = json!({"type": "organization", "name": n, "kind": kind, "sector": sector});
        if let Some(c) = cap {
            o["capacity"] = c.into();
        }
        o
    };
    let (state_shelter, ngo_shelter, centre, legal_ngo, clinic) = (
        name("StateShelter"),
        name("NgoShelter"),
        name("Centre"),
        name("LegalNgo"),
        name("Clinic"),
    );
    let person = |given: String, sex: &str, birth: Option<&str>, age: Option<u32>| {
        json!({"given_name": given, "family_name": "Fixture", "aliases": [],
               "sex": sex, "birth_date": birth, "age_at_identification": age,
               "citizenship": "AZ", "languages": ["az"], "phone": null})
    };
    let case = |n: u32, p: Value, on: &str, rec: &str, ex: &[&str]| {
        json!({"type": "case", "ref": name(&format!("ref{n}")), "code": format!("2014-{:04}", 9000 + n),
               "person": p, "identified_on": on, "identified_by": "police", "recognition": rec,
               "exploitation": ex, "country_of_exploitation": "TR",
               "notes": [{"date": on, "text": name(&format!("note{n}"))}]})
    };
    let mut lines = vec![
        org(&state_shelter, "shelter", "state", Some(50)),
        org(&ngo_shelter, "shelter", "ngo", Some(10)),
        org(&centre, "assistance_center", "state", None),
        org(&legal_ngo, "legal", "ngo", None),
        org(&clinic, "health", "state", None),
    ];
    // 1: identified on the first day; events on the first and the last day.
    let mut c1 = case(
        1,
        person(name("Given1"), "female", Some("1990-05-01"), None),
        "2014-01-01",
        "recognized",
        &["sexual", "forced_labour"],
    );
    c1["referrals"] = json!([{"date": "2014-01-01", "to": state_shelter, "status": "accepted"}]);
    c1["shelter_stays"] = json!([{"shelter": state_shelter, "admitted_on": "2014-01-02", "discharged_on": "2014-03-01"}]);
    c1["services"] = json!([{"kind": "legal", "date": "2014-02-01", "provider": legal_ngo},
                            {"kind": "medical", "date": "2014-02-01", "provider": clinic}]);
    c1["allowances"] =
        json!([{"date": "2014-03-01", "amount": "400.00", "currency": "AZN", "kind": "one_time"}]);
    c1["trainings"] = json!([{"course": name("course1"), "provider": null,
                             "started_on": "2014-04-01", "ended_on": null, "outcome": "enrolled"}]);
    c1["employments"] =
        json!([{"employer": name("employer1"), "started_on": "2014-12-31", "ended_on": null}]);
    // 2: identified on the last day, on the 18th birthday: an adult. Referred to a shelter run
    // by an NGO: counts for the shelter and for the NGO indicators.
    let mut c2 = case(
        2,
        person(name("Given2"), "female", Some("1996-12-31"), None),
        "2014-12-31",
        "potential",
        &["sexual"],
    );
    c2["referrals"] = json!([{"date": "2014-12-31", "to": ngo_shelter, "status": "pending"}]);
    // 3: identified the day before the period (not counted as identified), with a stay that
    // spans the whole period, and an allowance after it.
    let mut c3 = case(
        3,
        person(name("Given3"), "female", None, Some(16)),
        "2013-12-31",
        "recognized",
        &["domestic_servitude"],
    );
    c3["shelter_stays"] =
        json!([{"shelter": state_shelter, "admitted_on": "2013-06-01", "discharged_on": null}]);
    c3["services"] = json!([{"kind": "psychological", "date": "2014-06-01", "provider": null}]);
    c3["allowances"] = json!([
        {"date": "2014-06-01", "amount": "200.00", "currency": "AZN", "kind": "one_time"},
        {"date": "2015-01-01", "amount": "999.00", "currency": "AZN", "kind": "one_time"}]);
    // 4: a boy; sheltered by two sectors (once in the total), the last stay starting on the
    // last day; referred to the assistance centre and to an NGO; paid in dollars.
    let mut c4 = case(
        4,
        person(name("Given4"), "male", Some("2000-01-01"), None),
        "2014-06-01",
        "recognized",
        &["forced_labour", "forced_begging"],
    );
    c4["referrals"] = json!([{"date": "2014-06-02", "to": centre, "status": "accepted"},
                             {"date": "2014-06-03", "to": legal_ngo, "status": "completed"}]);
    c4["shelter_stays"] = json!([
        {"shelter": state_shelter, "admitted_on": "2014-06-01", "discharged_on": "2014-06-10"},
        {"shelter": ngo_shelter, "admitted_on": "2014-12-31", "discharged_on": "2015-01-10"}]);
    c4["allowances"] =
        json!([{"date": "2014-07-01", "amount": "50.00", "currency": "USD", "kind": "one_time"}]);
    // 5: age unknown; a stay that ends the day before; a job on the first day; a service and a
    // training outside the period.
    let mut c5 = case(
        5,
        person(name("Given5"), "male", None, None),
        "2014-03-03",
        "potential",
        &["other"],
    );
    c5["shelter_stays"] = json!([{"shelter": state_shelter, "admitted_on": "2013-01-01", "discharged_on": "2013-12-31"}]);
    c5["services"] = json!([{"kind": "legal", "date": "2015-01-01", "provider": null}]);
    c5["trainings"] = json!([{"course": name("course5"), "provider": null,
                             "started_on": "2013-12-31", "ended_on": null, "outcome": "completed"}]);
    c5["employments"] =
        json!([{"employer": name("employer5"), "started_on": "2014-01-01", "ended_on": null}]);
    // 6: two legal services and two allowances in the period: one case, one recipient.
    let mut c6 = case(
        6,
        person(name("Given6"), "other", Some("1980-01-01"), None),
        "2014-08-08",
        "recognized",
        &["domestic_servitude", "sexual"],
    );
    c6["services"] = json!([{"kind": "legal", "date": "2014-08-09", "provider": null},
                            {"kind": "legal", "date": "2014-09-09", "provider": null}]);
    c6["allowances"] = json!([
        {"date": "2014-08-10", "amount": "400.00", "currency": "AZN", "kind": "one_time"},
        {"date": "2014-09-10", "amount": "400.00", "currency": "AZN", "kind": "one_time"}]);
    // 7: identified the day after the period, referred to a shelter within it.
    let mut c7 = case(
        7,
        person(name("Given7"), "female", Some("2010-02-02"), None),
        "2015-01-01",
        "potential",
        &["forced_begging"],
    );
    c7["referrals"] = json!([{"date": "2014-05-05", "to": state_shelter, "status": "declined"}]);
    lines.extend([c1, c2, c3, c4, c5, c6, c7]);
    secrets.words.extend(words.into_inner());
    lines
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect::<String>()
}

/// The fixture's expected counts with k = 1: `indicator|key=value,…` → value. Every other cell
/// of the report must be zero.
fn expected() -> BTreeMap<String, Value> {
    let mut e = BTreeMap::new();
    let mut put = |k: &str, v: Value| {
        e.insert(k.to_owned(), v);
    };
    // Identified: 1, 2, 4, 5, 6 (3 the day before, 7 the day after).
    put("victims_identified|total", json!(5));
    put("victims_identified|sex=female", json!(2));
    put("victims_identified|sex=male", json!(2));
    put("victims_identified|sex=other", json!(1));
    put("victims_identified|age_group=child", json!(1));
    put("victims_identified|age_group=adult", json!(3));
    put("victims_identified|age_group=unknown", json!(1));
    put("victims_identified|sex=female,age_group=adult", json!(2));
    put("victims_identified|sex=male,age_group=child", json!(1));
    put("victims_identified|sex=male,age_group=unknown", json!(1));
    put("victims_identified|sex=other,age_group=adult", json!(1));
    put("victims_identified|exploitation=sexual", json!(3));
    put("victims_identified|exploitation=forced_labour", json!(2));
    put(
        "victims_identified|exploitation=domestic_servitude",
        json!(1),
    );
    put("victims_identified|exploitation=forced_begging", json!(1));
    put("victims_identified|exploitation=other", json!(1));
    put("victims_identified|recognition=potential", json!(2));
    put("victims_identified|recognition=recognized", json!(3));
    // Referred to a shelter: 1 (state), 2 (ngo), 7 (state).
    put("referred_to_shelter|total", json!(3));
    put("referred_to_shelter|sex=female", json!(3));
    put("referred_to_shelter|sector=state", json!(2));
    put("referred_to_shelter|sector=ngo", json!(1));
    // Sheltered: 1, 3 (whole period), 4 (state and ngo, once in the total); not 5.
    put("sheltered|total", json!(3));
    put("sheltered|sex=female", json!(2));
    put("sheltered|sex=male", json!(1));
    put("sheltered|sector=state", json!(3));
    put("sheltered|sector=ngo", json!(1));
    put("received_legal_support|total", json!(2));
    put("received_legal_support|sex=female", json!(1));
    put("received_legal_support|sex=other", json!(1));
    put("received_medical_support|total", json!(1));
    put("received_medical_support|sex=female", json!(1));
    put("received_psychological_support|total", json!(1));
    put("received_psychological_support|sex=female", json!(1));
    put("allowance_recipients|total", json!(4));
    put("allowance_recipients|sex=female", json!(2));
    put("allowance_recipients|sex=male", json!(1));
    put("allowance_recipients|sex=other", json!(1));
    // 400 + 200 + 400 + 400; the 2015 payment is outside.
    put("allowance_amount|currency=AZN", json!("1400.00"));
    put("allowance_amount|currency=USD", json!("50.00"));
    put("vocational_training|total", json!(1));
    put("vocational_training|sex=female", json!(1));
    put("job_placements|total", json!(2));
    put("job_placements|sex=female", json!(1));
    put("job_placements|sex=male", json!(1));
    put("referred_to_ngo|total", json!(2));
    put("referred_to_ngo|sex=female", json!(1));
    put("referred_to_ngo|sex=male", json!(1));
    put("referred_to_assistance_center|total", json!(1));
    put("referred_to_assistance_center|sex=male", json!(1));
    e
}

fn key(cell: &Cell) -> String {
    let dims: Vec<String> = cell
        .breakdown
        .dimensions()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let b = if dims.is_empty() {
        "total".to_owned()
    } else {
        dims.join(",")
    };
    format!("{}|{b}", cell.indicator.as_str())
}

fn value_json(cell: &Cell) -> Value {
    match &cell.value {
        Some(CellValue::Count(n)) => json!(n),
        Some(CellValue::Amount(a)) => json!(a),
        None => Value::Null,
    }
}

fn with_user(vault: &Vault, name: &str, roles: &[Role]) -> Session {
    let mut a = admin(vault);
    a.add_user(name, roles, &pass(OTHER_PASSPHRASE)).unwrap();
    drop(a);
    vault.unlock(name, &pass(OTHER_PASSPHRASE)).unwrap()
}

/// A vault holding `jsonl`, with a supervisor signed in.
fn supervised(dir: &Path, jsonl: &str) -> (Vault, Session) {
    let vault = floor_vault(dir);
    let mut cw = with_user(&vault, "case.worker", &[Role::Caseworker]);
    cw.import(&mut jsonl.as_bytes(), false, &mut |_| {})
        .expect("the fixture imports");
    drop(cw);
    let sv = with_user(&vault, "super.visor", &[Role::Supervisor]);
    (vault, sv)
}

fn request(k: u32) -> ReportRequest {
    ReportRequest {
        from: PERIOD.0.into(),
        to: PERIOD.1.into(),
        min_cell: Some(k),
    }
}

#[test]
fn every_indicator_and_breakdown_is_exact_with_k_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (_v, sv) = supervised(dir.path(), &fixture(&mut secrets));
    let report = sv.indicator_report(&request(1)).unwrap();
    let mut expected = expected();
    for cell in &report.cells {
        assert!(!cell.suppressed, "{} suppressed with k = 1", key(cell));
        let want = expected.remove(&key(cell)).unwrap_or(json!(0));
        assert_eq!(value_json(cell), want, "{}", key(cell));
    }
    assert!(
        expected.is_empty(),
        "cells missing from the report: {expected:?}"
    );

    // Every category of every breakdown is there, zeros included.
    let n = |i: Indicator| report.cells_of(i).count();
    assert_eq!(n(Indicator::VictimsIdentified), 1 + 4 + 3 + 12 + 8 + 2);
    assert_eq!(n(Indicator::ReferredToShelter), 1 + 4 + 4);
    assert_eq!(n(Indicator::Sheltered), 1 + 4 + 4);
    assert_eq!(n(Indicator::JobPlacements), 1 + 4);
    assert_eq!(n(Indicator::AllowanceAmount), 2);
    let order: Vec<Indicator> = report.cells.iter().map(|c| c.indicator).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "cells follow the spec's order of indicators");

    assert_eq!(report.report, "indicators");
    assert_eq!(
        (report.period.from.as_str(), report.period.to.as_str()),
        PERIOD
    );
    assert_eq!(report.disclosure_control.method, "small-cell suppression");
    assert!(
        report.exact_small_counts(),
        "k = 1 holds exact small counts"
    );
    assert!(report.generator.starts_with("haven "));
}

#[test]
fn the_json_has_the_contracts_shape() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (_v, sv) = supervised(dir.path(), &fixture(&mut secrets));
    let report = sv.indicator_report(&request(11)).unwrap();
    let v: Value = serde_json::from_slice(&formats::to_json(&report)).unwrap();
    let top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "report",
        "period",
        "disclosure_control",
        "generated_at",
        "generator",
        "cells",
    ] {
        assert!(top.contains(&k), "{k} missing");
    }
    assert_eq!(top.len(), 6);
    assert_eq!(
        v["disclosure_control"],
        json!({"method": "small-cell suppression", "min_cell": 11})
    );
    let at = v["generated_at"].as_str().unwrap();
    assert!(
        at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T',
        "{at}"
    );
    for c in v["cells"].as_array().unwrap() {
        let o = c.as_object().unwrap();
        assert!(o["breakdown"].is_object());
        for k in o["breakdown"].as_object().unwrap().keys() {
            assert!(BREAKDOWN_KEYS.contains(&k.as_str()), "{k}");
        }
        if o.get("suppressed") == Some(&json!(true)) {
            assert!(o["value"].is_null());
            assert_eq!(o.len(), 4);
        } else {
            assert!(o["value"].is_u64() || o["value"].is_string(), "{c}");
            assert_eq!(o.len(), 3, "{c}");
        }
    }
    // The report reads back as the same report.
    let back: IndicatorReport = serde_json::from_value(v).unwrap();
    assert_eq!(back, report);
}

#[test]
fn a_table_whose_total_is_below_k_is_suppressed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (_v, sv) = supervised(dir.path(), &fixture(&mut secrets));
    // Every total of the fixture is from 1 to 5.
    let report = sv.indicator_report(&request(11)).unwrap();
    for cell in report.cells.iter().filter(|c| !c.indicator.is_amount()) {
        assert!(cell.suppressed && cell.value.is_none(), "{}", key(cell));
    }
    // With k = 3 the identified table (total 5) is published, zero cells included, and its small
    // cells are hidden.
    let report = sv.indicator_report(&request(3)).unwrap();
    let get = |k: &str| report.cells.iter().find(|c| key(c) == k).unwrap().clone();
    assert_eq!(
        get("victims_identified|total").value,
        Some(CellValue::Count(5))
    );
    assert_eq!(
        get("victims_identified|sex=unknown").value,
        Some(CellValue::Count(0))
    );
    assert!(get("victims_identified|sex=other").suppressed);
    assert!(get("victims_identified|exploitation=forced_begging").suppressed);
    assert!(get("referred_to_assistance_center|total").suppressed);
}

#[test]
fn an_amount_is_published_only_when_k_cases_were_paid_in_its_currency() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (_v, sv) = supervised(dir.path(), &fixture(&mut secrets));
    let amounts = |k: u32| -> Vec<(String, Option<CellValue>)> {
        sv.indicator_report(&request(k))
            .unwrap()
            .cells_of(Indicator::AllowanceAmount)
            .map(|c| (c.breakdown.currency.clone().unwrap(), c.value.clone()))
            .collect()
    };
    // Three cases were paid in AZN, one in USD.
    assert_eq!(
        amounts(3),
        vec![
            ("AZN".into(), Some(CellValue::Amount("1400.00".into()))),
            ("USD".into(), None)
        ]
    );
    assert_eq!(amounts(4), vec![("AZN".into(), None), ("USD".into(), None)]);
}

/// The sums a reader knows hold between the cells of one indicator, from the spec alone.
fn sums_of(indicator: Indicator) -> Vec<(String, Vec<String>)> {
    let id = indicator.as_str();
    let k = |b: &str| format!("{id}|{b}");
    let sexes = ["female", "male", "other", "unknown"];
    let ages = ["child", "adult", "unknown"];
    let mut sums = vec![(
        k("total"),
        sexes.iter().map(|s| k(&format!("sex={s}"))).collect(),
    )];
    if indicator == Indicator::VictimsIdentified {
        sums.push((
            k("total"),
            ages.iter().map(|a| k(&format!("age_group={a}"))).collect(),
        ));
        sums.push((
            k("total"),
            ["potential", "recognized"]
                .iter()
                .map(|r| k(&format!("recognition={r}")))
                .collect(),
        ));
        for s in sexes {
            sums.push((
                k(&format!("sex={s}")),
                ages.iter()
                    .map(|a| k(&format!("sex={s},age_group={a}")))
                    .collect(),
            ));
        }
        for a in ages {
            sums.push((
                k(&format!("age_group={a}")),
                sexes
                    .iter()
                    .map(|s| k(&format!("sex={s},age_group={a}")))
                    .collect(),
            ));
        }
    }
    sums
}

/// Checks `published` against the true values in `exact` (the same data with k = 1): every
/// published count is 0 or at least k, and every suppressed cell admits a second value.
fn assert_protected(published: &IndicatorReport, exact: &IndicatorReport, k: u64) -> usize {
    let truth: HashMap<String, u64> = exact
        .cells
        .iter()
        .filter_map(|c| match c.value {
            Some(CellValue::Count(n)) => Some((key(c), n)),
            _ => None,
        })
        .collect();
    let mut checked = 0;
    for indicator in Indicator::ALL.into_iter().filter(|i| !i.is_amount()) {
        let cells: Vec<&Cell> = published.cells_of(indicator).collect();
        let true_total = truth[&format!("{}|total", indicator.as_str())];
        if true_total >= 1 && true_total < k {
            // Suppressed whole: nothing of the table is published.
            assert!(
                cells.iter().all(|c| c.suppressed),
                "{indicator:?} partly published"
            );
            continue;
        }
        for c in &cells {
            if let Some(CellValue::Count(n)) = c.value {
                assert!(n == 0 || n >= k, "{} = {n} published with k = {k}", key(c));
            }
        }
        let hidden: Vec<String> = cells
            .iter()
            .filter(|c| c.suppressed)
            .map(|c| key(c))
            .collect();
        let index: HashMap<&str, usize> = hidden
            .iter()
            .enumerate()
            .map(|(i, h)| (h.as_str(), i))
            .collect();
        let value_of = |name: &str| -> i64 {
            let c = cells.iter().find(|c| key(c) == name).unwrap();
            match c.value {
                Some(CellValue::Count(n)) => n as i64,
                _ => unreachable!(),
            }
        };
        let equations: Vec<Equation> = sums_of(indicator)
            .into_iter()
            .map(|(whole, parts)| {
                let mut eq = Equation {
                    terms: vec![],
                    rhs: 0,
                };
                for (name, coef) in
                    std::iter::once((whole, 1i64)).chain(parts.into_iter().map(|p| (p, -1)))
                {
                    match index.get(name.as_str()) {
                        Some(&i) => eq.terms.push((i, coef)),
                        None => eq.rhs -= coef * value_of(&name),
                    }
                }
                eq
            })
            .filter(|eq| !eq.terms.is_empty())
            .collect();
        let true_values: Vec<i64> = hidden.iter().map(|h| truth[h] as i64).collect();
        let bound = true_total as i64 + 1;
        for (i, h) in hidden.iter().enumerate() {
            assert!(
                has_second_value(&equations, &true_values, i, bound),
                "{h} can be worked out from the published cells"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn no_suppressed_cell_can_be_worked_out_from_the_published_ones() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = haven::demo::lines(&haven::demo::DemoOptions {
        cases: 400,
        seed: 7,
        first_year: 2014,
        last_year: 2016,
    })
    .map(|l| l + "\n")
    .collect();
    let (_v, sv) = supervised(dir.path(), &lines);
    let mut checked = 0;
    for (from, to) in [
        ("2014-01-01", "2014-12-31"),
        ("2015-04-01", "2016-03-31"),
        ("2014-01-01", "2016-12-31"),
        ("2016-06-01", "2016-06-30"),
    ] {
        let ask = |k| ReportRequest {
            from: from.into(),
            to: to.into(),
            min_cell: Some(k),
        };
        let exact = sv.indicator_report(&ask(1)).unwrap();
        for k in [3, 5, 11, 25] {
            let published = sv.indicator_report(&ask(k)).unwrap();
            checked += assert_protected(&published, &exact, k.into());
        }
    }
    assert!(checked > 50, "only {checked} suppressed cells were checked");
}

/// A small deterministic generator for the random tables below.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[test]
fn random_sex_by_age_tables_are_protected_exactly() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut checked = 0;
    for round in 0..3000 {
        let k = [3u64, 5, 11][round % 3];
        // Counts skewed small, with zeros, so that suppression has work to do.
        let grid: Vec<Vec<u64>> = (0..4)
            .map(|_| {
                (0..3)
                    .map(|_| match rng.next(4) {
                        0 => 0,
                        1 => rng.next(k),
                        _ => rng.next(40),
                    })
                    .collect()
            })
            .collect();
        let total: u64 = grid.iter().flatten().sum();
        let mut t = Table::new(Indicator::VictimsIdentified, total);
        let b = Breakdown::default;
        let rows: Vec<usize> = grid.iter().map(|r| t.push(b(), r.iter().sum())).collect();
        t.add_sum(0, rows.clone());
        let cols: Vec<usize> = (0..3)
            .map(|a| t.push(b(), grid.iter().map(|r| r[a]).sum()))
            .collect();
        t.add_sum(0, cols.clone());
        let mut cells = [[0usize; 3]; 4];
        for s in 0..4 {
            for a in 0..3 {
                cells[s][a] = t.push(b(), grid[s][a]);
            }
            t.add_sum(rows[s], cells[s].to_vec());
        }
        for a in 0..3 {
            t.add_sum(cols[a], cells.iter().map(|r| r[a]).collect());
        }
        let sums = t.sums.clone();
        protect(&mut t, k);

        if total >= 1 && total < k {
            assert!(t.cells.iter().all(|c| c.suppressed), "round {round}");
            continue;
        }
        let hidden: Vec<usize> = (0..t.cells.len())
            .filter(|&i| t.cells[i].suppressed)
            .collect();
        let pos = |cell: usize| hidden.iter().position(|&h| h == cell);
        let equations: Vec<Equation> = sums
            .iter()
            .map(|s| {
                let mut eq = Equation {
                    terms: vec![],
                    rhs: 0,
                };
                for (cell, coef) in
                    std::iter::once((s.whole, 1i64)).chain(s.parts.iter().map(|&p| (p, -1)))
                {
                    match pos(cell) {
                        Some(i) => eq.terms.push((i, coef)),
                        None => eq.rhs -= coef * t.cells[cell].count as i64,
                    }
                }
                eq
            })
            .filter(|eq| !eq.terms.is_empty())
            .collect();
        let truth: Vec<i64> = hidden.iter().map(|&h| t.cells[h].count as i64).collect();
        for (i, &h) in hidden.iter().enumerate() {
            assert!(
                t.cells[h].count > 0,
                "round {round}: a zero was hidden: {grid:?} k={k} hidden={hidden:?}"
            );
            assert!(
                has_second_value(&equations, &truth, i, total as i64),
                "round {round}: cell {h} of {grid:?} with k = {k} can be worked out"
            );
            checked += 1;
        }
        for c in &t.cells {
            assert!(c.suppressed || c.count == 0 || c.count >= k);
        }
    }
    assert!(checked > 500, "only {checked} cells checked");
}

/// Every file of an XLSX (a zip), concatenated, read by Python's zipfile.
fn unzip_all(path: &Path) -> Vec<u8> {
    let out = std::process::Command::new(python())
        .args([
            "-c",
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist():\n    sys.stdout.buffer.write(z.read(n))",
        ])
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The system's Python, which has openpyxl (the Makefile installs python3-openpyxl).
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

#[test]
fn no_name_code_ref_organization_note_or_date_appears_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let jsonl = fixture(&mut secrets);
    let (_v, mut sv) = supervised(dir.path(), &jsonl);
    // The fixture's codes and every date it holds, except the period's own bounds.
    let mut needles = secrets.words.clone();
    needles.extend((1..=7).map(|n| format!("2014-{:04}", 9000 + n)));
    let mut dates: Vec<String> = jsonl
        .match_indices("\"19")
        .chain(jsonl.match_indices("\"20"))
        .map(|(i, _)| jsonl[i + 1..i + 11].to_owned())
        .filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-')
        .filter(|d| *d != PERIOD.0 && *d != PERIOD.1)
        .collect();
    dates.sort();
    dates.dedup();
    assert!(dates.len() > 15, "{dates:?}");
    needles.extend(dates);

    for k in [1, 11] {
        let report = sv.indicator_report(&request(k)).unwrap();
        for format in [ReportFormat::Json, ReportFormat::Csv, ReportFormat::Xlsx] {
            let path = dir
                .path()
                .join(format!("report-{k}.{}", format.extension()));
            sv.save_report(&report, format, &path).unwrap();
            let bytes = if format == ReportFormat::Xlsx {
                unzip_all(&path)
            } else {
                std::fs::read(&path).unwrap()
            };
            let text = String::from_utf8_lossy(&bytes);
            for n in &needles {
                assert!(
                    !text.contains(n.as_str()),
                    "{n} found in the {format:?} report (k = {k})"
                );
            }
            // Folded spellings too: the names in lower case.
            let lower = text.to_lowercase();
            for n in &secrets.words {
                assert!(
                    !lower.contains(&n.to_lowercase()),
                    "{n} found in lower case"
                );
            }
        }
    }
}

#[test]
fn the_xlsx_opens_in_openpyxl_and_holds_the_json_values() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = haven::demo::lines(&haven::demo::DemoOptions {
        cases: 150,
        seed: 3,
        first_year: 2014,
        last_year: 2014,
    })
    .map(|l| l + "\n")
    .collect();
    let (_v, mut sv) = supervised(dir.path(), &lines);
    let report = sv.indicator_report(&request(5)).unwrap();
    assert!(
        report.cells.iter().any(|c| c.suppressed) && report.cells.iter().any(|c| !c.suppressed)
    );
    let path = dir.path().join("report.xlsx");
    sv.save_report(&report, ReportFormat::Xlsx, &path).unwrap();

    // openpyxl prints every indicator sheet as JSON: [sheet, breakdown name, {key: value}, value, flag].
    let script = r#"
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
about = {r[0]: r[1] for r in wb["About"].iter_rows(min_row=3, max_col=2, values_only=True) if r[0]}
out = {"sheets": wb.sheetnames, "about": about, "cells": []}
for name in wb.sheetnames[1:]:
    rows = list(wb[name].iter_rows(values_only=True))
    header = rows[1]
    keys = header[1:-2]
    for r in rows[2:]:
        breakdown = {k: v for k, v in zip(keys, r[1:-2]) if v is not None}
        out["cells"].append([name, r[0], breakdown, r[-2], r[-1]])
print(json.dumps(out, default=str))
"#;
    let out = std::process::Command::new(python())
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "openpyxl could not read the workbook (is python3-openpyxl installed?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sheets: Vec<&str> = read["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let mut want = vec!["About"];
    want.extend(Indicator::ALL.iter().map(|i| i.as_str()));
    assert_eq!(sheets, want);
    assert_eq!(read["about"]["Period from"], json!(PERIOD.0));
    assert_eq!(read["about"]["Period to"], json!(PERIOD.1));
    assert_eq!(read["about"]["Minimum cell size (k)"], json!("5"));
    assert_eq!(read["about"]["Method"], json!("small-cell suppression"));

    let cells = read["cells"].as_array().unwrap();
    assert_eq!(cells.len(), report.cells.len());
    for (row, cell) in cells.iter().zip(&report.cells) {
        assert_eq!(row[0], json!(cell.indicator.as_str()));
        assert_eq!(row[1], json!(cell.breakdown.name()));
        let dims: serde_json::Map<String, Value> = cell
            .breakdown
            .dimensions()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), json!(v)))
            .collect();
        assert_eq!(row[2], Value::Object(dims), "{}", key(cell));
        match &cell.value {
            None => {
                assert!(row[3].is_null(), "{}", key(cell));
                assert_eq!(row[4], json!("c"));
            }
            Some(CellValue::Count(n)) => {
                assert_eq!(row[3].as_f64(), Some(*n as f64), "{}", key(cell));
                assert!(row[4].is_null());
            }
            Some(CellValue::Amount(a)) => {
                let got = row[3].as_f64().unwrap();
                assert!(
                    (got - a.parse::<f64>().unwrap()).abs() < 1e-9,
                    "{}",
                    key(cell)
                );
            }
        }
    }
}

#[test]
fn the_csv_is_tidy_with_a_flag_for_suppressed_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (_v, sv) = supervised(dir.path(), &fixture(&mut secrets));
    let report = sv.indicator_report(&request(3)).unwrap();
    let csv = formats::to_csv(&report);
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0].join(","), formats::CSV_HEADER);
    assert_eq!(rows.len() - 1, report.cells.len());
    for (row, cell) in rows[1..].iter().zip(&report.cells) {
        assert_eq!(row.len(), 11);
        assert_eq!((row[0], row[1]), PERIOD);
        assert_eq!(row[2], cell.indicator.as_str());
        if cell.suppressed {
            assert_eq!((row[9], row[10]), ("", "c"));
        } else {
            assert_eq!(row[10], "");
            assert_eq!(
                Some(json!(row[9]).to_string().trim_matches('"').to_owned()),
                match &cell.value {
                    Some(CellValue::Count(n)) => Some(n.to_string()),
                    Some(CellValue::Amount(a)) => Some(a.clone()),
                    None => None,
                }
            );
        }
        for field in row {
            assert!(!field.starts_with(['=', '+', '-', '@']), "{field}");
        }
    }
}

#[test]
fn only_supervisors_make_reports_and_only_admins_set_the_default_k() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (vault, sv) = supervised(dir.path(), &fixture(&mut secrets));
    for role in [Role::Intake, Role::Caseworker, Role::Admin] {
        let mut s = with_user(&vault, &format!("user.{role}"), &[role]);
        let e = s.indicator_report(&request(11)).unwrap_err();
        assert!(matches!(e, Error::Forbidden { .. }), "{role}: {e:?}");
        let report = sv.indicator_report(&request(11)).unwrap();
        let e = s
            .save_report(&report, ReportFormat::Json, &dir.path().join("x.json"))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Forbidden);
    }
    assert!(!dir.path().join("x.json").exists());

    let mut sv = sv;
    assert_eq!(sv.default_min_cell().unwrap(), 11);
    assert_eq!(
        sv.set_default_min_cell(7).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    let mut a = admin(&vault);
    assert_eq!(
        a.set_default_min_cell(0).unwrap_err().field(),
        Some("minCell")
    );
    assert_eq!(
        a.set_default_min_cell(101).unwrap_err().field(),
        Some("minCell")
    );
    a.set_default_min_cell(7).unwrap();
    let report = sv
        .indicator_report(&ReportRequest {
            min_cell: None,
            ..request(1)
        })
        .unwrap();
    assert_eq!(report.disclosure_control.min_cell, 7);
    assert!(!report.exact_small_counts());
}

#[test]
fn bad_periods_and_cell_sizes_are_refused_at_their_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (_v, sv) = supervised(dir.path(), &fixture(&mut secrets));
    let ask = |from: &str, to: &str, k: Option<u32>| {
        sv.indicator_report(&ReportRequest {
            from: from.into(),
            to: to.into(),
            min_cell: k,
        })
        .unwrap_err()
    };
    assert_eq!(ask("2014-13-01", "2014-12-31", None).field(), Some("from"));
    assert_eq!(ask("2014-01-01", "31.12.2014", None).field(), Some("to"));
    assert_eq!(ask("2014-12-31", "2014-01-01", None).field(), Some("to"));
    assert_eq!(
        ask("2014-01-01", "2014-12-31", Some(0)).field(),
        Some("minCell")
    );
    assert_eq!(
        ask("2014-01-01", "2014-12-31", Some(101)).field(),
        Some("minCell")
    );
    let e = ask("2014-12-31", "2014-01-01", None);
    assert_eq!(e.kind(), ErrorKind::Invalid);
    // A one-day period is a period.
    sv.indicator_report(&ReportRequest {
        from: "2014-06-01".into(),
        to: "2014-06-01".into(),
        min_cell: None,
    })
    .unwrap();
}

#[test]
fn every_report_is_logged_with_its_period_and_k_and_no_count_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (vault, mut sv) = supervised(dir.path(), &fixture(&mut secrets));
    let report = sv.indicator_report(&request(3)).unwrap();
    sv.save_report(&report, ReportFormat::Csv, &dir.path().join("r.csv"))
        .unwrap();
    sv.indicator_report(&request(11)).unwrap();
    drop(sv);
    let a = admin(&vault);
    let log = a.audit_log(None).unwrap();
    let reports: Vec<_> = log.iter().filter(|e| e.action == "report").collect();
    assert_eq!(reports.len(), 3);
    let details: Vec<&str> = reports
        .iter()
        .map(|e| e.detail.as_deref().unwrap())
        .collect();
    assert_eq!(
        details,
        [
            "indicators made 2014-01-01..2014-12-31 min_cell=3 exact_small_counts",
            "indicators saved csv 2014-01-01..2014-12-31 min_cell=3 exact_small_counts",
            "indicators made 2014-01-01..2014-12-31 min_cell=11",
        ]
    );
    for e in &reports {
        assert!(e.case.is_none());
        assert!(e.user.is_some());
    }
    let v = a.verify_audit(None).unwrap();
    assert_eq!(v.first_broken, None);
}

#[test]
fn a_saved_report_replaces_a_file_whole_and_a_failed_save_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut secrets = Secrets { words: vec![] };
    let (_v, mut sv) = supervised(dir.path(), &fixture(&mut secrets));
    let report = sv.indicator_report(&request(1)).unwrap();
    let path = dir.path().join("report.json");
    std::fs::write(&path, "old").unwrap();
    let n = sv.save_report(&report, ReportFormat::Json, &path).unwrap();
    let written = std::fs::read(&path).unwrap();
    assert_eq!(written.len() as u64, n);
    assert_eq!(written, formats::to_json(&report));
    // Only the report the session made last leaves it: an edited one is refused, and the
    // shell's "save" writes exactly the last one made.
    let mut edited = report.clone();
    edited.cells[0].value = Some(CellValue::Count(999_999));
    let e = sv
        .save_report(&edited, ReportFormat::Json, &dir.path().join("edited.json"))
        .unwrap_err();
    assert_eq!(e.field(), Some("report"));
    assert!(!dir.path().join("edited.json").exists());
    let last = dir.path().join("last.json");
    sv.save_last_report(ReportFormat::Json, &last).unwrap();
    assert_eq!(std::fs::read(&last).unwrap(), formats::to_json(&report));
    let e = sv
        .save_report(
            &report,
            ReportFormat::Json,
            &dir.path().join("no-such-dir/r.json"),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Storage);
    assert!(e.to_string().contains("report could not be saved"), "{e}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}
