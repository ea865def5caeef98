//! Unlock time at the production Argon2id cost (64 MiB, 3 passes, 4 lanes): the time from a
//! typed passphrase to an open session, and its parts. Run with `cargo bench --bench unlock`.
#![forbid(unsafe_code)]

use std::time::{Duration, Instant};

use haven::{KdfParams, Passphrase, Vault};

const RUNS: usize = 15;

fn stats(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (p(0.0), p(0.5), p(0.95))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::at(dir.path().join("vault"));
    let passphrase = Passphrase::from("lantern quietly orbit mustard");
    let t = Instant::now();
    vault.create("bench.admin", &passphrase).unwrap();
    let create = t.elapsed();

    let mut derive = Vec::new();
    let mut unlock = Vec::new();
    let mut wrong = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        KdfParams::PRODUCTION
            .derive(passphrase.expose().as_bytes(), &[7u8; 16])
            .unwrap();
        derive.push(t.elapsed());
        let t = Instant::now();
        let s = vault.unlock("bench.admin", &passphrase).unwrap();
        unlock.push(t.elapsed());
        drop(s);
        let t = Instant::now();
        let _ = vault.unlock(
            "bench.admin",
            &Passphrase::from("not the passphrase at all"),
        );
        wrong.push(t.elapsed());
    }
    println!("Haven unlock benchmark ({RUNS} runs, Argon2id 64 MiB / 3 passes / 4 lanes)");
    println!("{:<34} {:>10} {:>10} {:>10}", "", "min", "median", "p95");
    for (name, v) in [
        ("Argon2id derivation alone", derive),
        ("unlock (derive + open + migrate)", unlock),
        ("wrong passphrase (full cost)", wrong),
    ] {
        let (min, med, p95) = stats(v);
        println!("{name:<34} {:>10} {:>10} {:>10}", ms(min), ms(med), ms(p95));
    }
    println!("{:<34} {:>10}", "create vault (2 slots)", ms(create));
}
