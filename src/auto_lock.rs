//! Auto-lock: the vault locks itself after a number of idle minutes (5 unless set, 1 to 60).

use std::time::{Duration, Instant};

use crate::{Error, Result};

/// Idle minutes before the vault locks itself, unless set otherwise.
pub const DEFAULT_MINUTES: u32 = 5;
/// The range an administrator may choose from.
pub const MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

/// Tracks the last activity and tells when the idle time has run out.
#[derive(Debug, Clone)]
pub struct IdleTimer {
    timeout: Duration,
    last_activity: Instant,
}

impl IdleTimer {
    /// A timer of `minutes` (1 to 60), started at `now`.
    pub fn new(minutes: u32, now: Instant) -> Result<Self> {
        if !MINUTES_RANGE.contains(&minutes) {
            return Err(Error::invalid(
                "autoLockMinutes",
                "Auto-lock takes a number of minutes from 1 to 60.",
            ));
        }
        Ok(Self {
            timeout: Duration::from_secs(u64::from(minutes) * 60),
            last_activity: now,
        })
    }

    /// Records activity at `now`.
    pub fn touch(&mut self, now: Instant) {
        if now > self.last_activity {
            self.last_activity = now;
        }
    }

    /// Whether the vault should lock at `now`.
    pub fn is_due(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.last_activity) >= self.timeout
    }

    /// How long until the vault locks, seen from `now`.
    pub fn remaining(&self, now: Instant) -> Duration {
        self.timeout
            .saturating_sub(now.saturating_duration_since(self.last_activity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_idle_minutes_and_activity_postpones_it() {
        let t0 = Instant::now();
        let mut timer = IdleTimer::new(5, t0).unwrap();
        assert!(!timer.is_due(t0 + Duration::from_secs(299)));
        assert!(timer.is_due(t0 + Duration::from_secs(300)));
        timer.touch(t0 + Duration::from_secs(200));
        assert!(!timer.is_due(t0 + Duration::from_secs(499)));
        assert!(timer.is_due(t0 + Duration::from_secs(500)));
    }

    #[test]
    fn minutes_outside_1_to_60_are_refused() {
        let now = Instant::now();
        assert!(IdleTimer::new(0, now).is_err());
        assert!(IdleTimer::new(61, now).is_err());
        assert!(IdleTimer::new(1, now).is_ok() && IdleTimer::new(60, now).is_ok());
    }
}
