//! The data the cases are drawn from: organizations, names, and weighted categories. The
//! weights are the demo's distributions; tests elsewhere (reports, small-cell suppression)
//! rely on them statistically.

use crate::records::vocab::{
    Exploitation, IdentifiedBy, OrganizationKind, ReferralStatus, Sector, ServiceKind, Sex,
};

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

use OrganizationKind as K;
/// (name, kind, sector, beds) of every organization the cases refer to.
pub const ORGANIZATIONS: [(&str, OrganizationKind, Sector, Option<i64>); 14] = [
    (STATE_SHELTER, K::Shelter, Sector::State, Some(SHELTERS[0].1 as i64)),
    (ASSISTANCE_CENTER, K::AssistanceCenter, Sector::State, None),
    (SHELTER_GANJA, K::Shelter, Sector::Ngo, Some(SHELTERS[1].1 as i64)),
    (SHELTER_LANKARAN, K::Shelter, Sector::Ngo, Some(SHELTERS[2].1 as i64)),
    (NGOS[0], K::Ngo, Sector::Ngo, None), (NGOS[1], K::Ngo, Sector::Ngo, None),
    (NGOS[2], K::Ngo, Sector::Ngo, None), (NGOS[3], K::Ngo, Sector::Ngo, None),
    ("Demo Police Anti-Trafficking Unit", K::Police, Sector::State, None),
    (CLINIC, K::Health, Sector::State, None),
    (LEGAL_AID, K::Legal, Sector::State, None),
    (EMPLOYERS[0], K::Employer, Sector::Private, None),
    (EMPLOYERS[1], K::Employer, Sector::Private, None),
    (TRAINING_CENTER, K::TrainingProvider, Sector::Ngo, None),
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
use ReferralStatus as R;
pub const REFERRAL_STATUSES: [(ReferralStatus, u64); 4] =
    [(R::Completed, 55), (R::Accepted, 25), (R::Pending, 10), (R::Declined, 10)];
use ServiceKind as S;
pub const SERVICE_KINDS: [(ServiceKind, u64); 6] = [
    (S::Legal, 22), (S::Medical, 25), (S::Psychological, 25), (S::Social, 18),
    (S::Education, 7), (S::Other, 3),
];
pub const TRAININGS: [(i64, u64); 3] = [(0, 62), (1, 30), (2, 8)];
pub const SEXES: [(Sex, u64); 4] =
    [(Sex::Female, 850), (Sex::Male, 120), (Sex::Other, 15), (Sex::Unknown, 15)];
use IdentifiedBy as I;
pub const IDENTIFIED_BY: [(IdentifiedBy, u64); 7] = [
    (I::Police, 35), (I::Ngo, 20), (I::Hotline, 15), (I::SelfReferral, 8),
    (I::LabourInspection, 6), (I::BorderGuard, 11), (I::Other, 5),
];
use Exploitation as E;
pub const EXPLOITATION: [(Exploitation, u64); 8] = [
    (E::Sexual, 45), (E::ForcedLabour, 33), (E::DomesticServitude, 9), (E::ForcedBegging, 4),
    (E::ForcedCriminality, 3), (E::ForcedMarriage, 4), (E::OrganRemoval, 1), (E::Other, 1),
];
pub const EXPLOITATION_OF_MEN: [(Exploitation, u64); 5] = [
    (E::ForcedLabour, 75), (E::Sexual, 8), (E::ForcedCriminality, 7), (E::ForcedBegging, 6),
    (E::Other, 4),
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
pub fn providers(kind: ServiceKind, ngo: &'static str) -> [(Option<&'static str>, u64); 3] {
    match kind {
        S::Legal => [(Some(LEGAL_AID), 60), (Some(ASSISTANCE_CENTER), 25), (None, 15)],
        S::Medical => [(Some(CLINIC), 70), (Some(ASSISTANCE_CENTER), 15), (None, 15)],
        S::Psychological => [(Some(ASSISTANCE_CENTER), 50), (Some(ngo), 35), (None, 15)],
        S::Social => [(Some(ASSISTANCE_CENTER), 40), (Some(ngo), 40), (None, 20)],
        S::Education => [(Some(TRAINING_CENTER), 60), (Some(ngo), 20), (None, 20)],
        S::Other => [(Some(ngo), 50), (None, 50), (None, 0)],
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
