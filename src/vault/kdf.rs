//! Argon2id: from a passphrase (or the recovery key) to the key that unwraps a key slot.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The cost of one Argon2id derivation. Stored in each key slot and bound to it as associated
/// data, so editing it in the file makes the slot fail to open; [`KdfParams::check`] refuses
/// any cost outside [`KdfParams::FLOOR`]..=[`KdfParams::CEILING`] before deriving at all.
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
    /// RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes. Every new vault uses
    /// it. Raising it means raising [`KdfParams::CEILING`] too.
    pub const PRODUCTION: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        passes: 3,
        lanes: 4,
    };

    /// OWASP's minimum for Argon2id: 19 MiB, 2 passes (and one lane). A slot below it is
    /// refused at unlock. Tests create vaults at exactly this cost to stay fast.
    pub const FLOOR: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        passes: 2,
        lanes: 1,
    };

    /// The most a key file may ask for: what vault creation can produce, component by
    /// component (creation writes [`KdfParams::PRODUCTION`]; tests write
    /// [`KdfParams::FLOOR`]). A slot asking for more memory, passes or lanes was not written
    /// by Haven, and deriving with it would only let an edited key file stall the unlock (4 GiB
    /// and 64 passes take minutes), so it is refused before any derivation.
    ///
    /// A later calibration that raises what creation writes must raise this with it (the
    /// `production_and_floor_lie_within_the_ceiling` test fails otherwise); it must never be
    /// lowered, or slots written under the higher ceiling would stop opening.
    pub const CEILING: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        passes: 3,
        lanes: 4,
    };

    /// Refuses parameters Haven never writes: below the floor or above the ceiling (and lanes
    /// of zero, or fewer than 8 KiB of memory per lane, which Argon2 cannot run).
    pub fn check(&self) -> Result<()> {
        let below = self.memory_kib < Self::FLOOR.memory_kib
            || self.passes < Self::FLOOR.passes
            || self.lanes < Self::FLOOR.lanes;
        let above = self.memory_kib > Self::CEILING.memory_kib
            || self.passes > Self::CEILING.passes
            || self.lanes > Self::CEILING.lanes;
        if below || above || self.memory_kib < 8 * self.lanes {
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
        KdfParams::CEILING.check().unwrap();
    }

    #[test]
    fn production_and_floor_lie_within_the_ceiling() {
        // What creation can write is what unlock accepts: a calibration raising PRODUCTION
        // without CEILING would make new vaults that never open.
        for p in [KdfParams::PRODUCTION, KdfParams::FLOOR] {
            assert!(p.memory_kib <= KdfParams::CEILING.memory_kib, "{p:?}");
            assert!(p.passes <= KdfParams::CEILING.passes, "{p:?}");
            assert!(p.lanes <= KdfParams::CEILING.lanes, "{p:?}");
        }
        const { assert!(KdfParams::FLOOR.memory_kib >= 8 * KdfParams::CEILING.lanes) };
    }

    /// Each is refused by `check` and by `derive`, before any work.
    fn assert_refused(p: KdfParams) {
        assert!(matches!(p.check(), Err(Error::WeakKeySlot)), "{p:?}");
        let started = std::time::Instant::now();
        assert!(
            matches!(p.derive(b"x", &[0; 16]), Err(Error::WeakKeySlot)),
            "{p:?}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_millis(500),
            "{p:?} was derived before being refused"
        );
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
        ] {
            assert_refused(p);
        }
    }

    #[test]
    fn above_the_ceiling_is_refused() {
        for p in [
            KdfParams {
                memory_kib: 64 * 1024 + 1,
                ..KdfParams::PRODUCTION
            },
            KdfParams {
                passes: 4,
                ..KdfParams::PRODUCTION
            },
            KdfParams {
                lanes: 5,
                ..KdfParams::PRODUCTION
            },
            KdfParams {
                memory_kib: 4 * 1024 * 1024,
                passes: 64,
                lanes: 4,
            },
            KdfParams {
                memory_kib: 8 * 1024 * 1024,
                ..KdfParams::FLOOR
            },
            KdfParams {
                memory_kib: u32::MAX,
                passes: u32::MAX,
                lanes: u32::MAX,
            },
        ] {
            assert_refused(p);
        }
    }

    #[test]
    fn anything_between_floor_and_ceiling_is_accepted() {
        for memory_kib in [19 * 1024, 32 * 1024, 64 * 1024] {
            for passes in 2..=3 {
                for lanes in 1..=4 {
                    let p = KdfParams {
                        memory_kib,
                        passes,
                        lanes,
                    };
                    p.check().unwrap_or_else(|e| panic!("{p:?}: {e:?}"));
                }
            }
        }
    }
}
