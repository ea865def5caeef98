//! The relay (exchange.md, docs/relay.md): where sites are online, packets travel through an
//! existing PostgreSQL that holds nothing but ciphertext envelopes. Haven writes no server:
//! this module is the client side, and every statement Haven sends to PostgreSQL.
//!
//! - `operator` — what the relay's operator runs with owner rights: the schema and its
//!   row-level security (`setup`), a role per site (`add_site`, `remove_site`).
//! - `envelopes` — what a site's own role does: put its packets in, take those addressed to
//!   it, delete them once received.
//!
//! Beside the vault's store, not above it: the relay knows packets as bytes and fingerprints;
//! which packet waits, and what a receipt does, is the session's and `crate::exchange`'s.

pub mod envelopes;
pub mod operator;
pub mod refused;

use std::str::FromStr;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config};
use postgres_openssl::MakeTlsConnector;
use zeroize::Zeroizing;

use crate::{Error, Result};

pub use refused::Refused;

/// How long a connection attempt waits for the relay.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the relay is and who connects: the address (never holding the password) and the
/// password apart, kept inside the vault.
#[derive(Clone)]
pub struct Connection {
    /// The address, as `postgresql://USER@HOST:PORT/DATABASE` or key=value words.
    pub url: String,
    /// The password, if the server asks for one.
    pub password: Option<Zeroizing<String>>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// Reads an address; one that holds a password is refused (the password is kept apart).
pub fn check_url(url: &str) -> Result<Config> {
    let config = Config::from_str(url.trim()).map_err(|_| Error::RelayRefused(Refused::Address))?;
    if config.get_password().is_some() {
        return Err(Error::invalid(
            "url",
            "Leave the password out of the relay's address: Haven asks for it and keeps it encrypted in the vault.",
        ));
    }
    if config.get_user().is_none() {
        return Err(Error::invalid(
            "url",
            "The relay's address names no user: write it as postgresql://USER@HOST:PORT/DATABASE.",
        ));
    }
    Ok(config)
}

impl Connection {
    /// Connects (TLS when the server offers it, as the address's `sslmode` asks).
    pub fn open(&self) -> Result<Client> {
        let mut config = check_url(&self.url)?;
        if let Some(password) = &self.password {
            config.password(password.as_bytes());
        }
        config.connect_timeout(CONNECT_TIMEOUT);
        config.application_name("haven");
        config.connect(tls()?).map_err(classify)
    }
}

/// TLS through OpenSSL, trusting the system's certificate authorities.
fn tls() -> Result<MakeTlsConnector> {
    let mut builder = openssl::ssl::SslConnector::builder(openssl::ssl::SslMethod::tls())
        .map_err(|_| Error::RelayRefused(Refused::Server))?;
    // The vendored OpenSSL looks where it was built to; Debian keeps its bundle here.
    let debian = std::path::Path::new("/etc/ssl/certs/ca-certificates.crt");
    if debian.exists() {
        let _ = builder.set_ca_file(debian);
    } else {
        let _ = builder.set_default_verify_paths();
    }
    Ok(MakeTlsConnector::new(builder.build()))
}

/// A PostgreSQL error in the user's terms: unreachable, or refused and why. The server's own
/// text is left out (it may quote a role or a value).
pub(crate) fn classify(e: postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let why = if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            Refused::Credentials
        } else if *code == SqlState::UNDEFINED_TABLE
            || *code == SqlState::INVALID_SCHEMA_NAME
            || *code == SqlState::UNDEFINED_FUNCTION
            || *code == SqlState::INVALID_CATALOG_NAME
        {
            Refused::NotSetUp
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            Refused::Permission
        } else {
            Refused::Server
        };
        return Error::RelayRefused(why);
    }
    let text = e.to_string();
    let reason = if text.contains("timed out") || text.contains("timeout") {
        "no answer in time"
    } else if text.contains("refused") {
        "the connection was refused"
    } else if text.contains("No such file") || text.contains("not found") {
        "no server at this address"
    } else if text.contains("dns") || text.contains("resolve") || text.contains("lookup") {
        "the host name is unknown"
    } else if text.contains("closed") || text.contains("reset") {
        "the connection was cut"
    } else if text.contains("tls") || text.contains("ssl") || text.contains("certificate") {
        "a secure connection could not be made"
    } else {
        "the network failed"
    };
    Error::RelayUnreachable(reason)
}
