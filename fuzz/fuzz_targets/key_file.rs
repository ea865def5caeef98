//! The key file (`vault.keys`): arbitrary bytes through `KeyFile::parse`, the function
//! `KeyFile::load` reads every key file with.
//!
//! Parsing must answer `Error::Damaged` or a file; never panic. On a parsed file, the cheap
//! structural work unlock does is run too: the lookup hashes, finding slots by lookup, and
//! the KDF parameter check that refuses a slot before any Argon2id work (`open_slot` is called
//! only for slots the check refuses, since a real derivation costs tens of milliseconds even
//! at the floor). What parses must also write out (as `save` does) and parse back the same.

#![no_main]

use haven::vault::keyfile::KeyFile;
use haven::Error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = match KeyFile::parse(data) {
        Ok(file) => file,
        Err(Error::Damaged) => return,
        Err(e) => panic!("a malformed key file is damage, not {:?}", e.kind()),
    };

    let recovery = file.recovery_lookup();
    let user = file.user_lookup("fuzz.admin");
    let _ = file.slots_for(&recovery).count();
    let _ = file.slots_for(&user).count();
    for slot in &file.slots {
        assert!(file.slots_for(&slot.lookup).any(|s| s.id == slot.id));
        if slot.kdf.check().is_err() {
            assert!(matches!(
                file.open_slot(slot, b"fuzz"),
                Err(Error::WeakKeySlot)
            ));
        }
    }

    let written = serde_json::to_vec_pretty(&file).expect("a key file serializes");
    let back = KeyFile::parse(&written).expect("a written key file parses");
    assert_eq!(
        serde_json::to_vec(&back).unwrap(),
        serde_json::to_vec(&file).unwrap(),
        "a key file reads back the same"
    );
});
