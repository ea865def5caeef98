//! The public agency card (docs/formats/agency-card.md): who an agency is and its two public
//! keys, with the fingerprint people read to each other on the phone before trusting a card.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::keys::PublicKeys;
use super::{Refusal, MAX_CARD_BYTES};
use crate::records::vocab::{OrganizationKind, Sector};

/// The card format's name and version.
pub const CARD_FORMAT: &str = "haven-agency-card/1";

/// The fingerprint of an agency's two public keys: the first 120 bits of SHA-256 over the
/// X25519 key's 32 bytes followed by the Ed25519 key's 32 bytes, as six groups of five digits
/// (each group: 20 bits, big-endian, modulo 100,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u32; 6]);

impl Fingerprint {
    /// The fingerprint of these two raw public keys.
    pub fn of(encryption: &[u8; 32], signing: &[u8; 32]) -> Self {
        let mut h = Sha256::new();
        h.update(encryption);
        h.update(signing);
        let digest = h.finalize();
        let mut bits = 0u128;
        for b in &digest[..15] {
            bits = (bits << 8) | u128::from(*b);
        }
        let mut groups = [0u32; 6];
        for (i, g) in groups.iter_mut().enumerate() {
            let shift = 100 - 20 * i as u32;
            *g = ((bits >> shift) & 0xF_FFFF) as u32 % 100_000;
        }
        Self(groups)
    }

    /// Reads a fingerprint as people type it: 30 digits, spaces and dashes anywhere.
    pub fn parse(text: &str) -> Option<Self> {
        let digits: Vec<u32> = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()?;
        if digits.len() != 30 {
            return None;
        }
        let mut groups = [0u32; 6];
        for (g, chunk) in groups.iter_mut().zip(digits.chunks(5)) {
            *g = chunk.iter().fold(0, |n, d| n * 10 + d);
        }
        Some(Self(groups))
    }

    /// The 30 digits without spaces, as packet headers carry them.
    pub fn digits(&self) -> String {
        self.0.iter().map(|g| format!("{g:05}")).collect()
    }
}

impl std::fmt::Display for Fingerprint {
    /// Six groups of five digits with a space between: `12345 67890 …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let groups: Vec<String> = self.0.iter().map(|g| format!("{g:05}")).collect();
        f.write_str(&groups.join(" "))
    }
}

/// An agency's public card, as its file holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AgencyCard {
    /// Always [`CARD_FORMAT`].
    pub format: String,
    /// The agency's name, as its partners' organization lists show it.
    pub name: String,
    /// What the agency is.
    pub kind: OrganizationKind,
    /// Who runs it.
    pub sector: Sector,
    /// ISO 3166-1 alpha-2, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub country: Option<String>,
    /// The X25519 public key packets are encrypted to, as an `age` recipient (`age1…`).
    pub encryption_key: String,
    /// The Ed25519 public key packets are signed with, 32 bytes in standard base64.
    pub signing_key: String,
    /// The fingerprint of the two keys, six groups of five digits.
    pub fingerprint: String,
}

impl AgencyCard {
    /// Reads a card file: its format, its keys, and the fingerprint it states, which must be
    /// the keys' own. Returns the card and the keys.
    pub fn read(bytes: &[u8]) -> Result<(AgencyCard, PublicKeys), Refusal> {
        if bytes.len() > MAX_CARD_BYTES {
            return Err(Refusal::NotAPacket);
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| Refusal::NotAPacket)?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(CARD_FORMAT) => {}
            Some(f) if f.starts_with("haven-agency-card/") => return Err(Refusal::UnknownFormat),
            _ => return Err(Refusal::NotAPacket),
        }
        let card: AgencyCard = serde_json::from_value(value).map_err(|_| Refusal::NotAPacket)?;
        if card.name.trim().is_empty() || card.name.chars().count() > 200 {
            return Err(Refusal::NotAPacket);
        }
        if crate::records::text::check(&card.name, crate::records::text::Kind::Line).is_err() {
            return Err(Refusal::NotAPacket);
        }
        if let Some(c) = &card.country {
            if c.len() != 2 || isocountry::CountryCode::for_alpha2(c).is_err() {
                return Err(Refusal::NotAPacket);
            }
        }
        let keys = PublicKeys::from_card(&card.encryption_key, &card.signing_key)
            .ok_or(Refusal::NotAPacket)?;
        let stated = Fingerprint::parse(&card.fingerprint).ok_or(Refusal::NotAPacket)?;
        if stated != keys.fingerprint() {
            return Err(Refusal::Changed);
        }
        Ok((card, keys))
    }

    /// The card file's bytes: pretty JSON and a final line break.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("a card serializes");
        out.push(b'\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::AgencyKeys;

    fn card_of(keys: &AgencyKeys) -> AgencyCard {
        let public = keys.public();
        AgencyCard {
            format: CARD_FORMAT.into(),
            name: "Test Shelter".into(),
            kind: OrganizationKind::Shelter,
            sector: Sector::Ngo,
            country: Some("AZ".into()),
            encryption_key: public.encryption_key(),
            signing_key: public.signing_key(),
            fingerprint: public.fingerprint().to_string(),
        }
    }

    #[test]
    fn a_card_reads_back_with_its_keys() {
        let keys = AgencyKeys::generate();
        let card = card_of(&keys);
        let (read, public) = AgencyCard::read(&card.to_bytes()).unwrap();
        assert_eq!(read, card);
        assert_eq!(public, keys.public());
    }

    #[test]
    fn a_stated_fingerprint_of_other_keys_is_refused() {
        let keys = AgencyKeys::generate();
        let mut card = card_of(&keys);
        card.fingerprint = AgencyKeys::generate().public().fingerprint().to_string();
        assert_eq!(AgencyCard::read(&card.to_bytes()), Err(Refusal::Changed));
        let mut card = card_of(&keys);
        card.signing_key = AgencyKeys::generate().public().signing_key();
        assert_eq!(AgencyCard::read(&card.to_bytes()), Err(Refusal::Changed));
    }

    #[test]
    fn other_files_are_not_cards() {
        assert_eq!(AgencyCard::read(b"hello"), Err(Refusal::NotAPacket));
        assert_eq!(AgencyCard::read(b"{}"), Err(Refusal::NotAPacket));
        assert_eq!(
            AgencyCard::read(br#"{"format":"haven-agency-card/9"}"#),
            Err(Refusal::UnknownFormat)
        );
        let mut card = card_of(&AgencyKeys::generate());
        card.country = Some("XX".into());
        assert_eq!(AgencyCard::read(&card.to_bytes()), Err(Refusal::NotAPacket));
    }

    #[test]
    fn fingerprints_read_as_typed() {
        let fp = AgencyKeys::generate().public().fingerprint();
        let shown = fp.to_string();
        assert_eq!(shown.len(), 35);
        assert_eq!(Fingerprint::parse(&shown), Some(fp));
        assert_eq!(Fingerprint::parse(&shown.replace(' ', "-")), Some(fp));
        assert_eq!(Fingerprint::parse(&fp.digits()), Some(fp));
        assert_eq!(Fingerprint::parse(&shown[..29]), None);
        assert_eq!(Fingerprint::parse("1234a 67890"), None);
    }

    #[test]
    fn the_fingerprint_is_sha256_cut_to_six_groups() {
        // SHA-256 of 64 zero bytes is f5a5fd42d16a2030 2798ef6ed309979b …: its first 120
        // bits, in 20-bit groups, are f5a5f d42d1 6a203 02798 ef6ed 30997.
        let fp = Fingerprint::of(&[0; 32], &[0; 32]);
        let expected = [0xf5a5f, 0xd42d1, 0x6a203, 0x02798, 0xef6ed, 0x30997]
            .map(|g: u32| format!("{:05}", g % 100_000))
            .join(" ");
        assert_eq!(fp.to_string(), expected);
        assert_eq!(fp.to_string(), "06175 69073 34691 10136 80717 99063");
    }
}
