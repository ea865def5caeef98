//! Known-answer tests: the primitives Haven links compute what their specifications say.
#![forbid(unsafe_code)]

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use haven::KdfParams;

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.split_whitespace().collect::<String>()).unwrap()
}

/// RFC 9106, section 5.3: Argon2id with secret and associated data.
#[test]
fn argon2id_matches_rfc_9106() {
    let params = argon2::ParamsBuilder::new()
        .m_cost(32)
        .t_cost(3)
        .p_cost(4)
        .data(argon2::AssociatedData::new(&[0x04; 12]).unwrap())
        .output_len(32)
        .build()
        .unwrap();
    let argon = argon2::Argon2::new_with_secret(
        &[0x03; 8],
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        params,
    )
    .unwrap();
    let mut tag = [0u8; 32];
    argon
        .hash_password_into(&[0x01; 32], &[0x02; 16], &mut tag)
        .unwrap();
    assert_eq!(
        tag.to_vec(),
        unhex("0d 64 0d f5 8d 78 76 6c 08 c0 37 a3 4a 8b 53 c9 d0 1e f0 45 2d 75 b6 5e b5 25 20 e9 6b 01 e6 59")
    );
}

/// Haven's own derivation against an independent implementation (the reference `argon2`
/// command: `echo -n "correct horse battery staple" | argon2 havensaltsixteen -id -t T -k M -p P -l 32 -r`),
/// so the parameters reach the library in the right places.
#[test]
fn havens_derivation_matches_the_reference_implementation() {
    let secret = b"correct horse battery staple";
    let salt = b"havensaltsixteen";
    let floor = KdfParams::FLOOR.derive(secret, salt).unwrap();
    assert_eq!(
        floor.to_vec(),
        unhex("5b89ccd992fdec9bce14a7fa50e844cba93c0e168e3f402124a76615d30433d3")
    );
    // The production parameters (64 MiB, 3 passes, 4 lanes) — the one test that runs them.
    let production = KdfParams::PRODUCTION.derive(secret, salt).unwrap();
    assert_eq!(
        production.to_vec(),
        unhex("34893396f36dae2d862c7e3a320ce6cabe360ec38fd3c0533e23748e0a374e64")
    );
}

/// draft-irtf-cfrg-xchacha-03, appendix A.3.1.
#[test]
fn xchacha20poly1305_matches_the_draft_vector() {
    let key: Vec<u8> = (0x80..=0x9f).collect();
    let nonce: Vec<u8> = (0x40..=0x57).collect();
    let aad = unhex("50 51 52 53 c0 c1 c2 c3 c4 c5 c6 c7");
    let plaintext = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
    let expected = unhex(
        "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
         731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
         2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
         21f9664c97637da9768812f615c68b13b52e
         c0875924c1c7987947deafd8780acf49",
    );
    let cipher = XChaCha20Poly1305::new(key.as_slice().into());
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .unwrap();
    assert_eq!(sealed, expected);
    let opened = cipher
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &sealed,
                aad: &aad,
            },
        )
        .unwrap();
    assert_eq!(opened, plaintext);
}
