//! A referral packet (`.havenpacket`, docs/formats/packet.md): arbitrary bytes through the
//! reading a receiving vault does before it trusts anything — `Sealed::read`, the signature
//! check against the test vector's sender, the age decryption with the vector's recipient
//! key — and the two body parsers on the raw bytes.
//!
//! Nothing may panic. A packet that passes the signature check must be the vector's own (no
//! other bytes carry the sender's signature), and then opens to its body.

#![no_main]

use haven::packet::file::Sealed;
use haven::packet::{AckBody, AgencyCard, AgencyKeys, ReferralBody};
use libfuzzer_sys::fuzz_target;

const SENDER: &[u8] = include_bytes!("../../tests/fixtures/packet/sender.card.json");
const SECRET: &str = include_str!("../../tests/fixtures/packet/recipient.secret.txt");
const VECTOR: &[u8] = include_bytes!("../../tests/fixtures/packet/referral.havenpacket");

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<ReferralBody>(data);
    let _ = serde_json::from_slice::<AckBody>(data);
    let Ok(sealed) = Sealed::read(data) else {
        return;
    };
    let _ = sealed.header.sender();
    let _ = sealed.header.recipient();
    let (_, sender) = AgencyCard::read(SENDER).expect("the vector's card");
    let keys = AgencyKeys::from_secrets(SECRET.trim(), &[7; 32]).expect("the vector's key");
    let opened = sealed.open(&keys);
    if sealed.verify(&sender).is_ok() {
        assert_eq!(data, VECTOR, "a signature held over other bytes");
        let body = opened.expect("the vector opens");
        serde_json::from_slice::<ReferralBody>(&body).expect("the vector's body");
    }
});
