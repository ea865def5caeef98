//! The recovery key: 160 random bits, shown once as eight groups of four characters
//! (Crockford's base32: no I, L, O or U, so it reads aloud and prints without confusion).

use zeroize::{Zeroize, Zeroizing};

use crate::{Error, Result};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BYTES: usize = 20;
const CHARS: usize = BYTES * 8 / 5;

/// A recovery key. Wiped when dropped; `Display` shows it grouped, for the one time it is shown.
#[derive(Clone, Zeroize, zeroize::ZeroizeOnDrop)]
pub struct RecoveryKey([u8; BYTES]);

impl RecoveryKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self> {
        Ok(Self(crate::random::bytes()?))
    }

    /// Reads a key as a person types it: any case, with or without dashes and spaces, with
    /// O for 0 and I or L for 1.
    pub fn parse(typed: &str) -> Result<Self> {
        let mut bits: u64 = 0;
        let mut nbits = 0;
        let mut out = Zeroizing::new(Vec::with_capacity(BYTES));
        let mut count = 0;
        for c in typed.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = ALPHABET
                .iter()
                .position(|&a| a as char == c)
                .ok_or_else(invalid)? as u64;
            count += 1;
            bits = (bits << 5) | v;
            nbits += 5;
            if nbits >= 8 {
                nbits -= 8;
                out.push((bits >> nbits) as u8);
                bits &= (1 << nbits) - 1;
            }
        }
        if count != CHARS {
            return Err(invalid());
        }
        let mut key = [0u8; BYTES];
        key.copy_from_slice(&out);
        Ok(Self(key))
    }

    /// The key's bytes, the secret its slot is derived from.
    pub(crate) fn secret(&self) -> &[u8] {
        &self.0
    }

    /// The key as shown to people: `ABCD-EFGH-…`, eight groups of four.
    pub fn grouped(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(CHARS + 7));
        let mut bits: u64 = 0;
        let mut nbits = 0;
        let mut n = 0;
        for &b in &self.0 {
            bits = (bits << 8) | b as u64;
            nbits += 8;
            while nbits >= 5 {
                nbits -= 5;
                if n > 0 && n % 4 == 0 {
                    s.push('-');
                }
                s.push(ALPHABET[((bits >> nbits) & 31) as usize] as char);
                bits &= (1 << nbits) - 1;
                n += 1;
            }
        }
        s
    }
}

fn invalid() -> Error {
    Error::invalid(
        "recoveryKey",
        "That is not a recovery key: it has 32 letters and digits in 8 groups of 4.",
    )
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_eight_groups_of_four_and_reads_back() {
        let k = RecoveryKey::generate().unwrap();
        let shown = k.grouped();
        let groups: Vec<&str> = shown.split('-').collect();
        assert_eq!(groups.len(), 8);
        assert!(groups.iter().all(|g| g.len() == 4));
        assert_eq!(RecoveryKey::parse(&shown).unwrap().0, k.0);
        let typed = shown
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(RecoveryKey::parse(&typed).unwrap().0, k.0);
    }

    #[test]
    fn a_known_key_has_a_known_form() {
        let k = RecoveryKey([0u8; BYTES]);
        assert_eq!(&*k.grouped(), "0000-0000-0000-0000-0000-0000-0000-0000");
        let k = RecoveryKey([0xff; BYTES]);
        assert_eq!(&*k.grouped(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    }

    #[test]
    fn wrong_lengths_and_letters_are_refused() {
        assert!(RecoveryKey::parse("ABCD").is_err());
        assert!(RecoveryKey::parse(&"U".repeat(32)).is_err());
        assert!(RecoveryKey::parse(&"A".repeat(33)).is_err());
    }
}
