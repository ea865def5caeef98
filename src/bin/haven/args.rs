//! The command line's grammar, as cli.md fixes it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Haven: the encrypted case-record vault, from the command line.
#[derive(Debug, Parser)]
#[command(name = "haven", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub who: Who,
    #[command(subcommand)]
    pub command: Command,
}

/// Who acts, and on which vault.
#[derive(Debug, Args)]
pub struct Who {
    /// The vault directory [default: ~/.local/share/haven/vault]
    #[arg(long, global = true, env = "HAVEN_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Your user name (asked on the terminal when not given)
    #[arg(long, global = true, env = "HAVEN_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// A file whose first line is your passphrase (or set HAVEN_PASSPHRASE)
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// A file whose first line is the new passphrase (or set HAVEN_NEW_PASSPHRASE)
    #[arg(long, global = true, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the vault; --user becomes its first admin. Prints the recovery key once.
    Init,
    /// Change your own passphrase.
    Passwd,
    /// Manage users and their roles (admin).
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with one or more roles; asks for their first passphrase.
    Add {
        /// The new user's name.
        name: String,
        /// intake, caseworker, supervisor or admin (repeat for several).
        #[arg(long = "role", required = true, value_name = "ROLE")]
        roles: Vec<String>,
    },
    /// List the users and their roles.
    List,
    /// Remove a user; their passphrase stops opening the vault.
    Remove {
        /// The user to remove.
        name: String,
    },
    /// Replace a user's roles.
    Roles {
        /// The user whose roles change.
        name: String,
        /// intake, caseworker, supervisor or admin (repeat for several).
        #[arg(long = "role", required = true, value_name = "ROLE")]
        roles: Vec<String>,
    },
}
