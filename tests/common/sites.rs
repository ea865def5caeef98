//! Sites for the tests between agencies: vaults with an agency identity, partners of each
//! other, and people with a consent to referrals.

use std::path::Path;

use super::*;
use haven::exchange::NewAgency;
use haven::records::vocab::{OrganizationKind, Sector};
use haven::records::CaseRecord;
use haven::{Role, Session, Vault};

/// A vault with an agency identity, its admin also caseworker.
pub struct Site {
    pub _dir: tempfile::TempDir,
    pub vault: Vault,
    pub name: &'static str,
}

impl Site {
    pub fn new(name: &'static str, kind: OrganizationKind) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vault = floor_vault(&dir.path().join("vault"));
        let mut s = admin(&vault);
        s.set_roles(ADMIN, &[Role::Admin, Role::Caseworker])
            .unwrap();
        s.add_user("sup", &[Role::Supervisor], &pass(OTHER_PASSPHRASE))
            .unwrap();
        drop(s);
        let mut s = admin(&vault);
        s.init_agency(&NewAgency {
            name: name.into(),
            kind,
            sector: Sector::Ngo,
            country: Some("AZ".into()),
        })
        .unwrap();
        Site {
            _dir: dir,
            vault,
            name,
        }
    }

    pub fn session(&self) -> Session {
        admin(&self.vault)
    }

    pub fn card(&self) -> (Vec<u8>, String) {
        let card = self.session().agency_card().unwrap();
        (card.to_bytes(), card.fingerprint)
    }

    pub fn folder(&self) -> &Path {
        self._dir.path()
    }
}

/// Each site adds the other's card.
pub fn partners(a: &Site, b: &Site) {
    let (card, fp) = b.card();
    a.session().add_partner_card(&card, &fp).unwrap();
    let (card, fp) = a.card();
    b.session().add_partner_card(&card, &fp).unwrap();
}

pub struct Person {
    pub given: String,
    pub family: String,
    pub phone: String,
    pub note: String,
}

impl Person {
    pub fn new() -> Self {
        Person {
            given: marker("given"),
            family: marker("family"),
            phone: format!("+99450{}", digits(7)),
            note: marker("note"),
        }
    }

    pub fn markers(&self) -> Vec<String> {
        vec![self.given.clone(), self.family.clone(), self.note.clone()]
    }
}

/// `n` random digits.
pub fn digits(n: usize) -> String {
    marker("d")
        .bytes()
        .rev()
        .take(n)
        .map(|b| char::from(b'0' + b % 10))
        .collect()
}

/// A case with a consent to referrals naming `to` (or any organization), and a note.
pub fn case_for(s: &mut Session, p: &Person, to: Option<&str>) -> String {
    let record: CaseRecord = serde_json::from_value(serde_json::json!({
        "person": {"given_name": p.given, "family_name": p.family, "sex": "female",
                   "birth_date": "1994-05-06", "citizenship": "AZ", "languages": ["az", "ru"],
                   "phone": p.phone},
        "identified_on": "2026-10-01",
        "identified_by": "police",
        "recognition": "recognized",
        "exploitation": ["forced_labour"],
    }))
    .unwrap();
    let code = s.create_case(record).unwrap();
    let today = haven::records::CivilDate::today();
    s.add_consent(
        &code,
        serde_json::from_value(serde_json::json!({
            "scope": "referrals",
            "given_on": today.add_days(-3).unwrap(),
            "expires_on": today.add_months(6).unwrap(),
            "organizations": to.map(|o| vec![o]).unwrap_or_default(),
        }))
        .unwrap(),
    )
    .unwrap();
    s.add_note(
        &code,
        serde_json::from_value(serde_json::json!({"date": today, "text": p.note})).unwrap(),
    )
    .unwrap();
    code
}
