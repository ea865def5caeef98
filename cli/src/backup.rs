//! `haven backup FILE` and `haven restore FILE --vault DIR`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use haven::backup::{self, Progress, RestoreWith, Stage};
use haven::Vault;

use crate::args::Who;
use crate::commands::unlock;
use crate::{secrets, Failure};

/// Writes a backup of the whole vault to `file` (which must not exist yet).
pub fn backup(vault: &Vault, who: &Who, file: &Path) -> Result<(), Failure> {
    let mut session = unlock(vault, who)?;
    let mut bar = ProgressLine::new();
    let summary = session.backup_with_progress(file, &mut |p| bar.show(p));
    bar.finish();
    let summary = summary?;
    eprintln!(
        "Backed up the vault to {} ({}). Keep it somewhere safe, away from this computer;",
        summary.path,
        human_size(summary.bytes)
    );
    eprintln!("it opens with any user's passphrase or the recovery key as they are today.");
    Ok(())
}

/// Restores `file` into the vault folder, which must not hold a vault yet.
pub fn restore(
    vault: &Vault,
    who: &Who,
    file: &Path,
    with_recovery_key: bool,
    erasures: Option<&Path>,
) -> Result<(), Failure> {
    // Say so before asking for anything.
    if vault.exists() {
        return Err(haven::Error::RestoreTargetNotEmpty.into());
    }
    backup::check_file(file)?;
    let register = erasures
        .map(|p| {
            std::fs::read(p)
                .map_err(|_| Failure::Usage("could not read the register of erasures".into()))
        })
        .transpose()?;
    let mut bar = ProgressLine::new();
    let summary = if with_recovery_key {
        let key = secrets::recovery_key()?;
        backup::restore_with_erasures(
            file,
            vault,
            RestoreWith::RecoveryKey(&key),
            register.as_deref(),
            &mut |p| bar.show(p),
        )
    } else {
        let user = secrets::user_name(who)?;
        let passphrase = secrets::passphrase(who)?;
        backup::restore_with_erasures(
            file,
            vault,
            RestoreWith::Passphrase {
                user: &user,
                passphrase: &passphrase,
            },
            register.as_deref(),
            &mut |p| bar.show(p),
        )
    };
    bar.finish();
    let summary = summary?;
    eprintln!(
        "Restored the vault into {}. Every user unlocks it with the passphrase they had when",
        summary.vault
    );
    eprintln!("the backup was taken.");
    if !summary.audit_intact {
        eprintln!("Warning: the restored audit log does not verify; run `haven audit verify`.");
    }
    if erasures.is_some() {
        eprintln!(
            "{} erasures of the register were made again before the vault first opened.",
            summary.erasures_reapplied
        );
    }
    Ok(())
}

/// "Checking… 42%" on standard error, redrawn in place, when it is a terminal.
struct ProgressLine {
    on: bool,
    last: Option<(Stage, u64)>,
}

impl ProgressLine {
    fn new() -> Self {
        Self {
            on: std::io::stderr().is_terminal(),
            last: None,
        }
    }

    fn show(&mut self, p: Progress) {
        if !self.on || p.total == 0 {
            return;
        }
        let percent = p.done.saturating_mul(100) / p.total;
        if self.last == Some((p.stage, percent)) {
            return;
        }
        self.last = Some((p.stage, percent));
        let what = match p.stage {
            Stage::VaultCheck => "Checking the vault",
            Stage::Snapshot => "Taking a snapshot",
            Stage::Writing => "Writing the backup",
            Stage::Checking => "Checking the backup",
            Stage::Restoring => "Restoring",
        };
        let mut err = std::io::stderr();
        let _ = write!(err, "\r{what}… {percent:>3}%   ");
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.on && self.last.is_some() {
            eprintln!();
        }
    }
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}
