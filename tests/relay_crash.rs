//! The relay under SIGKILL (exchange.md, the relay): a child process pushing the shelter's
//! outbox to a real PostgreSQL, then a child pulling the NGO's inbox from it, each killed at
//! a random moment, again and again. After every kill: the vault unlocks with its audit chain
//! whole; every packet the outbox calls sent is on the relay (nothing lost on a push); every
//! packet made is received at the NGO or still on the relay (nothing lost on a pull); no
//! packet is received twice, and each received referral made exactly one intake case.
//!
//! `HAVEN_RELAY_KILLS` sets the kills per scenario (default 50); `HAVEN_CRASH_SEED` replays
//! the random moments of an earlier run (its seed is printed).
#![forbid(unsafe_code)]

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::postgres::{Postgres, OPERATOR_PASSWORD};
use common::sites::*;
use common::*;
use haven::exchange::{Direction, SendReferral};
use haven::records::vocab::{OrganizationKind, ServiceKind};
use haven::relay::operator;
use haven::{Session, Vault};

const TEST: &str = "a_killed_push_or_pull_loses_nothing_and_receives_nothing_twice";
const PUSHER: &str = "relay.push";
const PULLER: &str = "relay.pull";
const REPORT: &str = "RELAY ";
const DEFAULT_KILLS: usize = 50;
/// The longest a kill waits after the child is ready.
const MAX_WORK: Duration = Duration::from_secs(20);
/// Rounds allowed per scenario, for the rounds whose child finished before its kill.
const MAX_ROUNDS_PER_KILL: usize = 3;

/// SplitMix64: seedable, to replay the moments of a failed run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| v.parse().expect(name))
}

/// The child: opens the vault in `HAVEN_RELAY_VAULT`, says it is ready, pushes or pulls, and
/// says it is done (a killed child never does).
fn child(role: &str) {
    let dir = std::env::var_os("HAVEN_RELAY_VAULT").expect("HAVEN_RELAY_VAULT");
    let mut s = admin(&Vault::at(Path::new(&dir)));
    println!("{REPORT}ready");
    let mut progress = |p: haven::exchange::relay::RelayProgress| {
        println!("{REPORT}progress {} {}", p.done, p.total)
    };
    match role {
        PUSHER => {
            let pushed = s.push(&mut progress).unwrap();
            println!("{REPORT}done {}", pushed.sent);
        }
        PULLER => {
            let pulled = s.pull(&mut progress).unwrap();
            println!("{REPORT}done {}", pulled.received());
        }
        other => panic!("unknown child role {other}"),
    }
}

/// One child run: killed `delay` after it said it was ready, unless it was done first. Whether
/// it was killed before it finished, how long its work took, and the progress lines it said.
fn run(role: &str, vault: &Path, delay: Option<Duration>) -> (bool, Duration, usize) {
    let mut child = spawn_self(TEST, role, &[("HAVEN_RELAY_VAULT", vault)]);
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            // The runner's own "test … " may start the line.
            if let Some(at) = line.find(REPORT) {
                let _ = tx.send(line[at + REPORT.len()..].to_owned());
            }
        }
    });
    let wait = Duration::from_secs(120);
    let said = |rx: &mpsc::Receiver<String>, until: Duration| rx.recv_timeout(until);
    assert_eq!(
        said(&rx, wait).as_deref(),
        Ok("ready"),
        "the {role} child did not start"
    );
    let ready = Instant::now();
    let deadline = delay.map(|d| ready + d);
    let mut lines = 0;
    loop {
        let left = match deadline {
            Some(at) => at.saturating_duration_since(Instant::now()),
            None => wait,
        };
        match said(&rx, left) {
            Ok(line) if line.starts_with("done") => {
                let status = child.wait().unwrap();
                assert!(status.success(), "the {role} child failed: {status:?}");
                return (false, ready.elapsed(), lines);
            }
            Ok(_) => lines += 1,
            Err(mpsc::RecvTimeoutError::Timeout) if deadline.is_some() => {
                // SIGKILL (std's `kill` on Unix).
                child.kill().unwrap();
                child.wait().unwrap();
                return (true, ready.elapsed(), lines);
            }
            Err(e) => {
                let _ = child.kill();
                panic!(
                    "the {role} child went quiet or died: {e:?}: {:?}",
                    child.wait()
                );
            }
        }
    }
}

/// The kills of one scenario: when the next falls, and how many landed where. The kill falls
/// anywhere in the time the last whole run took, or a little after; a kill before the child
/// reached the relay doubles that time.
struct Kills {
    wanted: usize,
    killed: usize,
    rounds: usize,
    mid_work: usize,
    took: Duration,
}

impl Kills {
    fn new(wanted: usize) -> Self {
        Kills {
            wanted,
            killed: 0,
            rounds: 0,
            mid_work: 0,
            took: Duration::from_millis(50),
        }
    }

    /// Whether another round is owed; panics when too many rounds finished before their kill.
    fn more(&mut self, what: &str) -> bool {
        if self.killed >= self.wanted {
            return false;
        }
        self.rounds += 1;
        assert!(
            self.rounds <= self.wanted * MAX_ROUNDS_PER_KILL,
            "too few {what} were cut short"
        );
        true
    }

    /// Runs the child `role` on `vault`, killed at a random moment.
    fn run(&mut self, role: &str, vault: &Path, rng: &mut Rng) {
        let delay = Duration::from_micros(rng.below(self.took.as_micros() as u64 * 6 / 5));
        let (cut, elapsed, said) = run(role, vault, Some(delay));
        if cut {
            self.killed += 1;
            self.mid_work += usize::from(said > 0);
            if said == 0 {
                self.took = (self.took * 2).min(MAX_WORK);
            }
        } else {
            self.took = elapsed;
        }
    }

    fn summary(&self, what: &str, packets: usize) -> String {
        format!(
            "relay crash: {} {what} killed ({} once connected) in {} rounds, {packets} packets",
            self.killed, self.mid_work, self.rounds
        )
    }
}

/// Every packet id the relay holds, as its operator sees them.
fn on_relay(pg: &Postgres) -> Vec<String> {
    pg.client("postgres", OPERATOR_PASSWORD)
        .query("SELECT packet_id::text FROM haven.envelopes", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// Unlocks the vault and checks it whole: every page, the audit chain.
fn whole(site: &Site, when: &str) -> Session {
    let s = site.session();
    s.check_integrity()
        .unwrap_or_else(|e| panic!("{when}: {e}"));
    let chain = s.verify_audit(None).unwrap();
    assert_eq!(chain.first_broken, None, "{when}: the audit chain broke");
    s
}

fn ids(s: &Session, direction: Direction, waiting: Option<bool>) -> Vec<String> {
    s.packets()
        .unwrap()
        .into_iter()
        .filter(|p| p.direction == direction)
        .filter(|p| {
            waiting.is_none_or(|w| (p.status == haven::exchange::PacketStatus::Waiting) == w)
        })
        .map(|p| p.id)
        .collect()
}

/// The shelter makes `n` more referral packets for the NGO, of a new case (they wait in its
/// outbox).
fn refer(shelter: &Site, n: u64) {
    let mut s = shelter.session();
    let code = case_for(&mut s, &Person::new(), Some("Test Crash NGO"));
    for _ in 0..n {
        s.send_referral(
            &code,
            &SendReferral {
                to: "Test Crash NGO".into(),
                services: vec![ServiceKind::Legal],
                include_notes: false,
            },
            None,
        )
        .unwrap();
    }
}

#[test]
fn a_killed_push_or_pull_loses_nothing_and_receives_nothing_twice() {
    if let Some(role) = child_role() {
        return child(&role);
    }
    let kills = env_number("HAVEN_RELAY_KILLS").unwrap_or(DEFAULT_KILLS as u64) as usize;
    let seed = env_number("HAVEN_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
    });
    println!("relay crash: {kills} kills a scenario, HAVEN_CRASH_SEED={seed}");
    let mut rng = Rng(seed);

    let pg = Postgres::start();
    operator::setup(&pg.operator()).unwrap();
    let shelter = Site::new("Test Crash Shelter", OrganizationKind::Shelter);
    let ngo = Site::new("Test Crash NGO", OrganizationKind::Ngo);
    partners(&shelter, &ngo);
    for site in [&shelter, &ngo] {
        let role = operator::add_site(&pg.operator(), &site.card().0).unwrap();
        site.session()
            .connect_relay(&pg.url(&role.role), Some(&role.password))
            .unwrap();
    }
    let shelter_vault = shelter.folder().join("vault");
    let ngo_vault = ngo.folder().join("vault");

    // Pushes, killed.
    let mut pushes = Kills::new(kills);
    while pushes.more("pushes") {
        let rounds = pushes.rounds;
        refer(&shelter, 5 + rng.below(40));
        pushes.run(PUSHER, &shelter_vault, &mut rng);
        let s = whole(&shelter, &format!("after push {rounds}"));
        let relay: BTreeSet<String> = on_relay(&pg).into_iter().collect();
        for id in ids(&s, Direction::Out, Some(false)) {
            assert!(
                relay.contains(&id),
                "push {rounds}: {id} is marked sent but not on the relay"
            );
        }
        let made: BTreeSet<String> = ids(&s, Direction::Out, None).into_iter().collect();
        assert!(
            relay.is_subset(&made),
            "push {rounds}: the relay holds what was never made"
        );
    }
    let (cut, _, _) = run(PUSHER, &shelter_vault, None);
    assert!(!cut);
    let made: BTreeSet<String> = ids(&shelter.session(), Direction::Out, None)
        .into_iter()
        .collect();
    let relay = on_relay(&pg);
    assert_eq!(relay.len(), made.len(), "one envelope a packet, none twice");
    assert_eq!(relay.into_iter().collect::<BTreeSet<_>>(), made);
    assert!(ids(&shelter.session(), Direction::Out, Some(true)).is_empty());
    println!("{}", pushes.summary("pushes", made.len()));

    // Pulls, killed; the shelter sends a few more before each.
    let mut made = made;
    let mut pulls = Kills::new(kills);
    while pulls.more("pulls") {
        let rounds = pulls.rounds;
        refer(&shelter, rng.below(20));
        shelter.session().push(&mut |_| {}).unwrap();
        made.extend(ids(&shelter.session(), Direction::Out, None));
        pulls.run(PULLER, &ngo_vault, &mut rng);
        check_received(&ngo, &pg, &made, &format!("after pull {rounds}"));
    }
    let (cut, _, _) = run(PULLER, &ngo_vault, None);
    assert!(!cut);
    let received = check_received(&ngo, &pg, &made, "at the end");
    assert_eq!(received, made, "every packet received");
    assert!(on_relay(&pg).is_empty(), "the relay keeps nothing received");
    println!("{}", pulls.summary("pulls", made.len()));
}

/// Checks the NGO after a pull: no packet received twice, one intake case a referral, and
/// every packet made received or still on the relay. The packets received.
fn check_received(
    ngo: &Site,
    pg: &Postgres,
    made: &BTreeSet<String>,
    when: &str,
) -> BTreeSet<String> {
    let s = whole(ngo, when);
    let inbox = ids(&s, Direction::In, None);
    let received: BTreeSet<String> = inbox.iter().cloned().collect();
    assert_eq!(
        received.len(),
        inbox.len(),
        "{when}: a packet was received twice"
    );
    let cases: i64 = s
        .raw_connection()
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        cases as usize,
        received.len(),
        "{when}: a referral made no case, or two"
    );
    let relay: BTreeSet<String> = on_relay(pg).into_iter().collect();
    for id in made {
        assert!(
            received.contains(id) || relay.contains(id),
            "{when}: {id} was neither received nor left on the relay"
        );
    }
    received
}
