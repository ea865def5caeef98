//! `haven`: the command line for administration, automation and tests (docs: ../shared/spec/cli.md,
//! docs/user-guide.md). A thin shell over the `haven` library: it parses arguments, asks for
//! secrets, calls the core and turns its errors into exit codes.

#![forbid(unsafe_code)]

mod args;
mod backup;
mod commands;
mod consolidation;
mod ctdc;
mod exchange;
mod lifecycle;
mod records;
mod relay;
mod report;
mod secrets;

use std::process::ExitCode;

use clap::Parser;

/// Exit codes of the contract.
mod exit {
    pub const OTHER: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const CREDENTIALS: u8 = 3;
    pub const FORBIDDEN: u8 = 4;
    pub const INVALID: u8 = 5;
    pub const CONSENT_REQUIRED: u8 = 6;
}

/// A failure of the command line: a core error or a usage problem found here.
pub enum Failure {
    Core(haven::Error),
    Usage(String),
    /// The message was printed already; exit with this code.
    Exit(u8),
}

impl From<haven::Error> for Failure {
    fn from(e: haven::Error) -> Self {
        Failure::Core(e)
    }
}

fn main() -> ExitCode {
    haven::hardening::install_quiet_panic_hook("haven");
    if haven::hardening::harden_process().is_err() {
        eprintln!("haven: warning: could not turn off core dumps");
    }
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Exit(code)) => ExitCode::from(code),
        Err(Failure::Usage(msg)) => {
            eprintln!("haven: {msg}");
            ExitCode::from(exit::USAGE)
        }
        Err(Failure::Core(haven::Error::Problems(problems))) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("haven: the input has the problems listed above. Nothing was written.");
            ExitCode::from(exit::INVALID)
        }
        Err(Failure::Core(e)) => {
            eprintln!("haven: {e}");
            ExitCode::from(exit_code(&e))
        }
    }
}

pub(crate) fn exit_code(e: &haven::Error) -> u8 {
    use haven::ErrorKind as K;
    match e.kind() {
        K::WrongCredentials | K::NoVault => exit::CREDENTIALS,
        K::Forbidden => exit::FORBIDDEN,
        K::Invalid | K::WeakPassphrase | K::BadBackup | K::PacketRefused => exit::INVALID,
        K::ConsentRequired => exit::CONSENT_REQUIRED,
        _ => exit::OTHER,
    }
}
