//! The packet file (docs/formats/packet.md): one line of clear JSON header, then the body as
//! an `age` file encrypted to the recipient's X25519 key, then 64 bytes of Ed25519 signature
//! by the sender over every byte before it. The header says only what a courier needs —
//! format, kind, packet id, the two fingerprints, the day it was made — never a name.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::card::Fingerprint;
use super::keys::{AgencyKeys, PublicKeys};
use super::{Refusal, MAX_PACKET_BYTES};
use crate::records::CivilDate;

/// The packet format's name and version.
pub const PACKET_FORMAT: &str = "haven-packet/1";

/// The longest header line, in bytes.
const MAX_HEADER_BYTES: usize = 1024;

/// The length of the signature at the end of a packet.
const SIGNATURE_BYTES: usize = 64;

/// What a packet carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PacketKind {
    /// A referral of a person (`ReferralBody`).
    Referral,
    /// The answer to a referral (`AckBody`).
    Ack,
    /// A site's exact counts for a period, for the consolidator (`ContributionBody`).
    Contribution,
}

impl PacketKind {
    /// The header's word.
    pub fn as_str(self) -> &'static str {
        match self {
            PacketKind::Referral => "referral",
            PacketKind::Ack => "ack",
            PacketKind::Contribution => "contribution",
        }
    }
}

/// The clear header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always [`PACKET_FORMAT`].
    pub format: String,
    /// What the body is.
    pub kind: PacketKind,
    /// The packet's id (UUID v7), which the receiver remembers to refuse a replay.
    pub id: Uuid,
    /// The sender's fingerprint, six groups of five digits.
    pub sender: String,
    /// The recipient's fingerprint.
    pub recipient: String,
    /// The day the packet was made (UTC).
    pub created: CivilDate,
}

impl Header {
    /// A new header with a fresh id.
    pub fn new(
        kind: PacketKind,
        sender: Fingerprint,
        recipient: Fingerprint,
        created: CivilDate,
    ) -> Self {
        Self {
            format: PACKET_FORMAT.to_owned(),
            kind,
            id: Uuid::now_v7(),
            sender: sender.to_string(),
            recipient: recipient.to_string(),
            created,
        }
    }

    /// The sender's fingerprint (checked to be one when the packet was read).
    pub fn sender(&self) -> Fingerprint {
        Fingerprint::parse(&self.sender).expect("checked by Sealed::read")
    }

    /// The recipient's fingerprint (checked to be one when the packet was read).
    pub fn recipient(&self) -> Fingerprint {
        Fingerprint::parse(&self.recipient).expect("checked by Sealed::read")
    }
}

/// Seals `body` into a packet file: encrypted to `to`, signed by `by`.
pub fn seal(header: &Header, body: &[u8], to: &PublicKeys, by: &AgencyKeys) -> Vec<u8> {
    let mut out = serde_json::to_vec(header).expect("a header serializes");
    out.push(b'\n');
    let ciphertext = age::encrypt(to.recipient(), body).expect("encrypting to memory works");
    out.extend_from_slice(&ciphertext);
    let signature = by.sign(&out);
    out.extend_from_slice(&signature);
    out
}

/// A packet file as read, before anything is trusted but its shape.
#[derive(Debug, Clone)]
pub struct Sealed<'a> {
    /// The clear header.
    pub header: Header,
    signed: &'a [u8],
    ciphertext: &'a [u8],
    signature: [u8; 64],
}

impl<'a> Sealed<'a> {
    /// Reads a packet's shape: header line, ciphertext, signature. Checks nothing else.
    pub fn read(bytes: &'a [u8]) -> Result<Self, Refusal> {
        if bytes.len() > MAX_PACKET_BYTES || bytes.len() < SIGNATURE_BYTES + 2 {
            return Err(Refusal::NotAPacket);
        }
        let end = bytes
            .iter()
            .take(MAX_HEADER_BYTES + 1)
            .position(|b| *b == b'\n')
            .ok_or(Refusal::NotAPacket)?;
        let value: serde_json::Value =
            serde_json::from_slice(&bytes[..end]).map_err(|_| Refusal::NotAPacket)?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(PACKET_FORMAT) => {}
            Some(f) if f.starts_with("haven-packet/") => return Err(Refusal::UnknownFormat),
            _ => return Err(Refusal::NotAPacket),
        }
        let header: Header = serde_json::from_value(value).map_err(|_| Refusal::NotAPacket)?;
        if Fingerprint::parse(&header.sender).is_none()
            || Fingerprint::parse(&header.recipient).is_none()
        {
            return Err(Refusal::NotAPacket);
        }
        let split = bytes.len() - SIGNATURE_BYTES;
        if split <= end + 1 {
            return Err(Refusal::NotAPacket);
        }
        Ok(Self {
            header,
            signed: &bytes[..split],
            ciphertext: &bytes[end + 1..split],
            signature: bytes[split..].try_into().expect("64 bytes"),
        })
    }

    /// Checks the sender's signature over header and ciphertext.
    pub fn verify(&self, sender: &PublicKeys) -> Result<(), Refusal> {
        if sender.verifies(self.signed, &self.signature) {
            Ok(())
        } else {
            Err(Refusal::Changed)
        }
    }

    /// Decrypts the body (after [`Sealed::verify`]).
    pub fn open(&self, keys: &AgencyKeys) -> Result<Vec<u8>, Refusal> {
        age::decrypt(keys.identity(), self.ciphertext).map_err(|_| Refusal::Changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_packet_opens_for_its_recipient_only() {
        let (a, b, c) = (
            AgencyKeys::generate(),
            AgencyKeys::generate(),
            AgencyKeys::generate(),
        );
        let day = CivilDate::parse("2026-12-04").unwrap();
        let header = Header::new(
            PacketKind::Referral,
            a.public().fingerprint(),
            b.public().fingerprint(),
            day,
        );
        let packet = seal(&header, b"the body", &b.public(), &a);
        assert!(!packet.windows(8).any(|w| w == b"the body"));
        let sealed = Sealed::read(&packet).unwrap();
        assert_eq!(sealed.header, header);
        sealed.verify(&a.public()).unwrap();
        assert_eq!(sealed.verify(&c.public()), Err(Refusal::Changed));
        assert_eq!(sealed.open(&b).unwrap(), b"the body");
        assert_eq!(sealed.open(&c), Err(Refusal::Changed));
    }

    #[test]
    fn every_changed_byte_is_refused() {
        let (a, b) = (AgencyKeys::generate(), AgencyKeys::generate());
        let day = CivilDate::parse("2026-12-04").unwrap();
        let header = Header::new(
            PacketKind::Ack,
            a.public().fingerprint(),
            b.public().fingerprint(),
            day,
        );
        let packet = seal(&header, b"{}", &b.public(), &a);
        for i in 0..packet.len() {
            let mut changed = packet.clone();
            changed[i] ^= 0x01;
            let refused = Sealed::read(&changed).and_then(|s| s.verify(&a.public()));
            assert!(refused.is_err(), "a change at byte {i} went through");
        }
        assert!(Sealed::read(&packet[..packet.len() - 1])
            .and_then(|s| s.verify(&a.public()))
            .is_err());
    }
}
