//! A throw-away PostgreSQL for the relay's tests: `tests/pg-cluster.sh` makes a cluster in a
//! temporary folder, on 127.0.0.1 and a free port, and it is stopped when the value is dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

use haven::relay::Connection;

/// The superuser's password the script sets.
pub const OPERATOR_PASSWORD: &str = "operator-secret";

pub struct Postgres {
    dir: tempfile::TempDir,
    pub port: u16,
}

/// The script, from the core's tests or the CLI's (one folder down).
fn script() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("tests/pg-cluster.sh"),
        here.join("../tests/pg-cluster.sh"),
    ]
    .into_iter()
    .find(|p| p.exists())
    .expect("tests/pg-cluster.sh")
}

impl Postgres {
    /// Starts a new cluster; panics with the script's message when PostgreSQL is missing.
    pub fn start() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("haven-pg-")
            .tempdir()
            .unwrap();
        let out = Command::new(script())
            .arg("start")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the test PostgreSQL did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        Postgres { dir, port }
    }

    /// The address of the `haven` database as `user`.
    pub fn url(&self, user: &str) -> String {
        format!("postgresql://{user}@127.0.0.1:{}/haven", self.port)
    }

    /// The operator's connection (the superuser).
    pub fn operator(&self) -> Connection {
        Connection {
            url: self.url("postgres"),
            password: Some(OPERATOR_PASSWORD.to_owned().into()),
        }
    }

    /// The cluster's data folder.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The cluster's folder (data, socket, logs).
    pub fn folder(&self) -> &Path {
        self.dir.path()
    }

    /// Stops the server (a checkpoint first: every page is on disk).
    pub fn stop(&self) {
        let _ = Command::new(script())
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }

    /// Starts the stopped server again, on the same port, with what it held.
    pub fn start_again(&self) {
        let status = Command::new(script())
            .arg("resume")
            .arg(self.dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "the test PostgreSQL did not start again");
    }

    /// A client of the server's own, as `user` with `password` (for tests that look at rows).
    pub fn client(&self, user: &str, password: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .dbname("haven")
            .user(user)
            .password(password)
            .connect(postgres::NoTls)
            .unwrap()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // A failing test shows what the server said (its log names no person: only roles).
        if std::thread::panicking() {
            let log =
                std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default();
            eprintln!("--- the test PostgreSQL's log ---\n{log}");
        }
        self.stop();
    }
}
