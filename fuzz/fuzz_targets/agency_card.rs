//! An agency card (docs/formats/agency-card.md): arbitrary bytes through `AgencyCard::read`,
//! what `partner add` and the app's card preview call first, and the fingerprint as typed.
//!
//! Nothing may panic. A card that reads must state its keys' own fingerprint, write out and
//! read back the same, and its fingerprint must read back from its own display.

#![no_main]

use haven::packet::{AgencyCard, Fingerprint};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(fp) = Fingerprint::parse(text) {
            assert_eq!(Fingerprint::parse(&fp.to_string()), Some(fp));
        }
    }
    let Ok((card, keys)) = AgencyCard::read(data) else {
        return;
    };
    assert_eq!(card.fingerprint.replace(['-', ' '], ""), keys.fingerprint().digits());
    let (again, keys_again) = AgencyCard::read(&card.to_bytes()).expect("a card read back");
    assert_eq!(again, card);
    assert_eq!(keys_again, keys);
});
