//! Secrets in memory: every one is wiped when dropped and none can be printed by accident.

use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

/// The 256-bit key the database is encrypted with. Random, never derived from a passphrase.
///
/// Kept on the heap, in one place for its whole life: moving a key (or a session holding it)
/// then moves a pointer, and leaves no copy of the key behind on a stack.
#[derive(Clone, Zeroize, zeroize::ZeroizeOnDrop)]
pub struct DataKey(Box<[u8; 32]>);

impl DataKey {
    /// A fresh random key from the operating system's generator.
    pub fn generate() -> crate::Result<Self> {
        let mut key = Self(Box::new([0u8; 32]));
        crate::random::fill(&mut key.0[..])?;
        Ok(key)
    }

    /// A key copied from `bytes` (which the caller wipes).
    pub(crate) fn from_slice(bytes: &[u8]) -> Self {
        let mut key = Self(Box::new([0u8; 32]));
        key.0.copy_from_slice(bytes);
        key
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as 64 hex digits, for SQLCipher's raw key syntax.
    pub(crate) fn raw_hex(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(64));
        for &b in self.0.iter() {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        s
    }
}

/// Overwrites a stretch of the stack below the caller. Key derivation and hashing leave copies
/// of what they worked on in their stack frames, which stay in memory until something else is
/// written there; the core calls this on its way out of the functions that handle keys
/// (unlock, lock, backup, restore), on the thread that did the work.
#[inline(never)]
pub(crate) fn wipe_stack() {
    let mut area = [0u8; 64 * 1024];
    area.zeroize();
    std::hint::black_box(&area);
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

/// A passphrase as typed. Normalised to Unicode NFC so that the same words typed on another
/// keyboard layout or system derive the same key.
#[derive(Clone, Zeroize, zeroize::ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    /// Wraps a passphrase; the given string is consumed and wiped.
    pub fn new(mut typed: String) -> Self {
        let normalized: String = typed.nfc().collect();
        typed.zeroize();
        Self(normalized)
    }

    /// The passphrase's text (for the key derivation and the strength estimate only).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Number of characters (Unicode scalar values).
    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

impl From<&str> for Passphrase {
    fn from(s: &str) -> Self {
        Self::new(s.to_owned())
    }
}

impl From<String> for Passphrase {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

impl PartialEq for Passphrase {
    fn eq(&self, other: &Self) -> bool {
        use subtle_eq::ct_eq;
        ct_eq(self.0.as_bytes(), other.0.as_bytes())
    }
}

mod subtle_eq {
    /// Compares without an early exit on the first differing byte.
    pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}
