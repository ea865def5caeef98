//! The key of one case: the narratives of a case (its notes, its documents, the reasons given
//! for consent overrides) are sealed under a random key of their own, kept inside the vault.
//! Erasing the case destroys that key first, so whatever copy of a sealed text a page, a log
//! frame or a backup still holds can no longer be read by anyone, the vault's own key included
//! (crypto-shredding, lifecycle.md).
//!
//! The construction is XChaCha20-Poly1305 (the `chacha20poly1305` crate) with a random 24-byte
//! nonce per text, stored before the ciphertext. The associated data binds a sealed text to its
//! case and its kind, so one cannot be moved to another case or read as another kind.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{Error, Result};

/// The bytes before the ciphertext: the nonce.
const NONCE_LEN: usize = 24;
/// Version of the sealed form, first in the associated data.
const CONTEXT: &[u8] = b"haven case seal v1";

/// What a sealed text is, part of what it is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sealed {
    /// A note's text.
    Note,
    /// A document's content.
    Document,
    /// The reason given for a consent override.
    OverrideReason,
}

impl Sealed {
    fn word(self) -> &'static [u8] {
        match self {
            Sealed::Note => b"note",
            Sealed::Document => b"document",
            Sealed::OverrideReason => b"override reason",
        }
    }
}

/// A case's key: 32 random bytes, wiped when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct CaseKey(Box<[u8; 32]>);

impl std::fmt::Debug for CaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CaseKey(…)")
    }
}

impl CaseKey {
    /// A fresh random key.
    pub(crate) fn generate() -> Result<Self> {
        let mut key = Self(Box::new([0u8; 32]));
        crate::random::fill(&mut key.0[..])?;
        Ok(key)
    }

    /// A key as stored; anything but 32 bytes is damage.
    pub(crate) fn from_stored(bytes: &[u8]) -> Result<Self> {
        if bytes.len() != 32 {
            return Err(Error::Damaged);
        }
        let mut key = Self(Box::new([0u8; 32]));
        key.0.copy_from_slice(bytes);
        Ok(key)
    }

    /// The bytes to store.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0[..]
    }

    fn aad(kind: Sealed, case_uuid: &str) -> Vec<u8> {
        let mut aad = Vec::with_capacity(CONTEXT.len() + 64);
        aad.extend_from_slice(CONTEXT);
        aad.push(0);
        aad.extend_from_slice(kind.word());
        aad.push(0);
        aad.extend_from_slice(case_uuid.as_bytes());
        aad
    }

    /// Seals `plain` as a `kind` of the case `case_uuid`: nonce, then ciphertext and tag.
    pub(crate) fn seal(&self, kind: Sealed, case_uuid: &str, plain: &[u8]) -> Result<Vec<u8>> {
        let cipher = XChaCha20Poly1305::new(self.0.as_ref().into());
        let nonce: [u8; NONCE_LEN] = crate::random::bytes()?;
        let aad = Self::aad(kind, case_uuid);
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Damaged)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens what [`CaseKey::seal`] made; anything else, or another case's or kind's, is damage.
    pub(crate) fn open(&self, kind: Sealed, case_uuid: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        if sealed.len() < NONCE_LEN + 16 {
            return Err(Error::Damaged);
        }
        let cipher = XChaCha20Poly1305::new(self.0.as_ref().into());
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let aad = Self::aad(kind, case_uuid);
        cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Damaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_text_opens_only_for_its_case_and_kind() {
        let key = CaseKey::generate().unwrap();
        let sealed = key.seal(Sealed::Note, "case-a", b"a note").unwrap();
        assert_eq!(
            key.open(Sealed::Note, "case-a", &sealed).unwrap(),
            b"a note"
        );
        assert!(key.open(Sealed::Note, "case-b", &sealed).is_err());
        assert!(key.open(Sealed::Document, "case-a", &sealed).is_err());
        let other = CaseKey::generate().unwrap();
        assert!(other.open(Sealed::Note, "case-a", &sealed).is_err());
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(key.open(Sealed::Note, "case-a", &flipped).is_err());
        assert!(!sealed.windows(6).any(|w| w == b"a note"));
    }
}
