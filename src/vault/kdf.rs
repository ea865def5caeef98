//! Argon2id: from a passphrase (or the recovery key) to the key that unwraps a key slot.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The cost of one Argon2id derivation. Stored in each key slot and bound to it as associated
/// data, so lowering it in the file makes the slot fail to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub passes: u32,
    /// Lanes (degree of parallelism).
    pub lanes: u32,
}

impl KdfParams {
    /// RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes. Every new vault uses it.
    pub const PRODUCTION: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        passes: 3,
        lanes: 4,
    };

    /// OWASP's minimum for Argon2id: 19 MiB, 2 passes. A slot below it is refused at unlock.
    /// Tests create vaults at exactly this cost to stay fast.
    pub const FLOOR: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        passes: 2,
        lanes: 1,
    };

    /// Upper bounds, so that an edited key file cannot make Haven allocate without limit.
    const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
    const MAX_PASSES: u32 = 64;
    const MAX_LANES: u32 = 64;

    /// Refuses parameters below the floor or absurdly above what Haven writes.
    pub fn check(&self) -> Result<()> {
        let below = self.memory_kib < Self::FLOOR.memory_kib || self.passes < Self::FLOOR.passes;
        let absurd = self.memory_kib > Self::MAX_MEMORY_KIB
            || self.passes > Self::MAX_PASSES
            || self.lanes == 0
            || self.lanes > Self::MAX_LANES
            || self.memory_kib < 8 * self.lanes;
        if below || absurd {
            return Err(Error::WeakKeySlot);
        }
        Ok(())
    }

    /// Derives a 32-byte key from `secret` and `salt` with these parameters (checked first).
    pub fn derive(&self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        self.check()?;
        let params = argon2::Params::new(self.memory_kib, self.passes, self.lanes, Some(32))
            .map_err(|_| Error::WeakKeySlot)?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(|_| Error::WeakKeySlot)?;
        Ok(out)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::PRODUCTION
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_and_production_are_accepted() {
        KdfParams::FLOOR.check().unwrap();
        KdfParams::PRODUCTION.check().unwrap();
    }

    #[test]
    fn below_the_floor_is_refused() {
        for p in [
            KdfParams {
                memory_kib: 19 * 1024 - 1,
                ..KdfParams::FLOOR
            },
            KdfParams {
                passes: 1,
                ..KdfParams::FLOOR
            },
            KdfParams {
                lanes: 0,
                ..KdfParams::FLOOR
            },
            KdfParams {
                memory_kib: 8 * 1024 * 1024,
                ..KdfParams::FLOOR
            },
        ] {
            assert!(matches!(p.check(), Err(Error::WeakKeySlot)), "{p:?}");
            assert!(
                matches!(p.derive(b"x", &[0; 16]), Err(Error::WeakKeySlot)),
                "{p:?}"
            );
        }
    }
}
