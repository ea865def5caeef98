//! Backups, for administrators.

use std::path::Path;

use super::Session;
use crate::audit::Action;
use crate::backup::{self, BackupStatus, BackupSummary, Progress, Stage};
use crate::roles::Permission;
use crate::{Error, Result};

impl Session {
    /// (admin) Writes a backup of the whole vault to `path`, which must not exist yet. The app
    /// may be open meanwhile; the snapshot is one consistent state of the vault.
    pub fn backup(&mut self, path: &Path) -> Result<BackupSummary> {
        self.backup_with_progress(path, &mut |_| {})
    }

    /// [`Session::backup`] into `folder`, under a name of the date and time
    /// (`haven-backup-2026-11-28-1405.havenbackup`, with `-2`, `-3`… if taken twice a minute).
    pub fn backup_to_folder(
        &mut self,
        folder: &Path,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<BackupSummary> {
        self.require(Permission::Administer)?;
        let path = backup::folder_target(folder)?;
        self.backup_with_progress(&path, progress)
    }

    /// [`Session::backup`], telling `progress` how far it has come.
    pub fn backup_with_progress(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<BackupSummary> {
        self.require(Permission::Administer)?;
        // A backup must restore to what the vault holds: a damaged vault is refused, with the
        // cause, before any file is made.
        progress(Progress {
            stage: Stage::VaultCheck,
            done: 0,
            total: 1,
        });
        if let Some(finding) = self.check_vault()?.stops_backup() {
            return Err(Error::DamagedNoBackup(finding));
        }
        progress(Progress {
            stage: Stage::VaultCheck,
            done: 1,
            total: 1,
        });
        let summary = backup::take(
            self.conn(),
            self.data_key(),
            self.vault(),
            self.database_name(),
            path,
            progress,
        )?;
        let bytes = summary.bytes;
        self.write(Action::Backup, |tx, note| {
            note.detail = Some(format!("{bytes} bytes"));
            backup::record(tx, &summary)
        })?;
        Ok(summary)
    }

    /// (admin) When the last backup was taken and whether one is due.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        self.require(Permission::Administer)?;
        backup::status(self.conn())
    }
}
