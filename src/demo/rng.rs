//! The demo's generator: a seeded ChaCha8 with one stream per case, so that every case is
//! drawn independently of the others and the same seed always gives the same cases. For fake
//! data only, never for secrets (the vault's keys come from the operating system).

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Thin helpers over [`ChaCha8Rng`] in the shapes the demo draws.
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// The generator of case `stream` under `seed`.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Rng(rng)
    }

    /// Uniform in `0..n` (0 when `n` is 0), by multiply-and-shift: a bias below 2^-40 for the
    /// small ranges drawn here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.0.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with a chance of `chance` in 100.
    pub fn percent(&mut self, chance: u64) -> bool {
        self.below(100) < chance
    }

    /// One of `items`, uniformly.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One of the `|`-separated words of `list`.
    pub fn word<'a>(&mut self, list: &'a str) -> &'a str {
        let n = self.below(list.split('|').count() as u64) as usize;
        list.split('|').nth(n).unwrap_or(list)
    }

    /// One of `items`, each as likely as its weight.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let mut x = self.below(items.iter().map(|i| i.1).sum());
        for &(item, weight) in items {
            if x < weight {
                return item;
            }
            x -= weight;
        }
        items[items.len() - 1].0
    }
}
