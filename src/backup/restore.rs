//! Restoring a backup into a folder without a vault: everything checked before the key file —
//! the last file written — makes the folder a vault.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use hmac::Mac;
use uuid::Uuid;

use super::file::{
    check_file_with_progress, open_backup, remove_leftovers, stream, MacKey, TempFile,
};
use super::{Progress, RestoreSummary, RestoreWith, Stage, HEADER_LEN};
use crate::audit::{self, Action, AuditKey, Note};
use crate::lifecycle::erasure;
use crate::secret::DataKey;
use crate::store::users;
use crate::users::UserName;
use crate::vault::anchor::Anchor;
use crate::vault::keyfile::{self, KeyFile, SlotKind};
use crate::vault::{database, Vault};
use crate::{Error, Result};

/// Restores the backup `file` into `vault`, whose folder must not hold a vault yet (nothing is
/// ever overwritten). `with` opens it: any user's passphrase or the recovery key of the
/// backed-up vault. Afterwards every user unlocks the restored vault as before.
pub fn restore(file: &Path, vault: &Vault, with: RestoreWith<'_>) -> Result<RestoreSummary> {
    restore_with_progress(file, vault, with, &mut |_| {})
}

/// [`restore`], telling `progress` how far it has come.
pub fn restore_with_progress(
    file: &Path,
    vault: &Vault,
    with: RestoreWith<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<RestoreSummary> {
    restore_with_erasures(file, vault, with, None, progress)
}

/// [`restore_with_progress`], re-applying every erasure of the register `erasures` (the bytes
/// of a file `haven erasures export` wrote, for the same vault) before the restored vault is
/// first opened: a backup made before an erasure then keeps no trace of what was erased.
pub fn restore_with_erasures(
    file: &Path,
    vault: &Vault,
    with: RestoreWith<'_>,
    erasures: Option<&[u8]>,
    progress: &mut dyn FnMut(Progress),
) -> Result<RestoreSummary> {
    check_target(vault)?;
    let header = check_file_with_progress(file, progress)?;

    let mut f = open_backup(file)?;
    f.seek(SeekFrom::Start(HEADER_LEN))?;
    let mut kf_bytes = vec![0u8; header.key_file_len as usize];
    f.read_exact(&mut kf_bytes)
        .map_err(|_| Error::BackupTruncated)?;
    let mut kf = KeyFile::parse(&kf_bytes).map_err(|_| Error::BackupDamaged)?;
    if !keyfile::is_database_name(&kf.database) {
        return Err(Error::BackupDamaged);
    }
    let (key, user) = open_with(&kf, with)?;

    // The MAC over the whole body, then the database bytes into a file of the new vault.
    let mac_key = MacKey::derive(&key, &kf.vault_id);
    let mut mac = mac_key.hmac();
    mac.update(&header.to_bytes());
    mac.update(&kf_bytes);

    crate::vault::create_private_dir(vault.dir())?;
    let _guard = vault.lock_for_key_file()?;
    check_target(vault)?;
    let restoring = TempFile(Some(
        vault
            .dir()
            .join(format!("restore-{}.partial", Uuid::now_v7().simple())),
    ));
    remove_leftovers(vault.dir(), "restore-", ".partial", restoring.path());
    {
        let mut out = BufWriter::with_capacity(1 << 20, keyfile::create_private(restoring.path())?);
        let whole = stream(
            &mut f,
            header.database_len,
            Stage::Restoring,
            progress,
            |chunk| {
                mac.update(chunk);
                out.write_all(chunk)
            },
        )?;
        if !whole {
            return Err(Error::BackupTruncated);
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    }
    let mut trailer = [0u8; 64];
    f.read_exact(&mut trailer)
        .map_err(|_| Error::BackupTruncated)?;
    mac.update(&trailer[..32]);
    if mac.verify_slice(&trailer[32..]).is_err() {
        return Err(Error::BackupDamaged);
    }

    // The database must open under the key, be whole, belong to this key file and be of a
    // schema this build knows.
    let register = erasures
        .map(|bytes| erasure::parse_register(bytes, &kf.vault_id.to_string()))
        .transpose()?;
    let mut reapplied = 0;
    let audit_intact = {
        let mut conn = database::open(restoring.path(), &key, false).map_err(damaged)?;
        let vault_id = database::meta(&conn, "vault_id").map_err(|_| Error::BackupDamaged)?;
        if vault_id.as_deref() != Some(kf.vault_id.to_string().as_str()) {
            return Err(Error::BackupDamaged);
        }
        if database::schema_version(&conn)? > database::SCHEMA_VERSION {
            return Err(Error::TooNew);
        }
        database::check_integrity(&conn, restoring.path()).map_err(damaged)?;
        let audit_key = AuditKey::derive(&key, &kf.vault_id.to_string());
        let intact = audit::verify(&conn, &audit_key, None)?.is_intact();
        if let Some(register) = &register {
            database::migrate(&mut conn)?;
            let tx = conn.transaction()?;
            reapplied = erasure::reapply(&tx, register)?;
            tx.commit()?;
            // The restored file is rebuilt without free pages, then its log emptied.
            database::vacuum(&conn)?;
            erasure::finish_shredding(&conn)?;
        }
        let user_id = match &user {
            Some(name) => users::find_active(&conn, name)?.map(|u| u.id.to_string()),
            None => None,
        };
        let tx = conn.unchecked_transaction()?;
        audit::append(
            &tx,
            &audit_key,
            user_id.as_deref(),
            Action::Restore,
            &Note {
                case: None,
                detail: Some(format!(
                    "{}{}",
                    if intact {
                        "restored from a backup"
                    } else {
                        "restored from a backup; its audit log does not verify"
                    },
                    if register.is_some() {
                        format!("; erasures re-applied={reapplied}")
                    } else {
                        String::new()
                    }
                )),
            },
        )?;
        tx.commit()?;
        // The restored database's anchor, before the key file makes the folder a vault.
        let anchor = Anchor::new(vault.dir(), &kf.database, &key, &kf.vault_id.to_string());
        audit::integrity::start(&conn, &anchor)?;
        database::checkpoint(&conn)?;
        intact
    };
    // The database goes in under its name, then the key file: the key file is what makes the
    // folder a vault, so it comes last.
    let db_path = vault.dir().join(&kf.database);
    let placed = File::open(restoring.path())
        .and_then(|f| f.sync_all())
        .and_then(|()| fs::rename(restoring.path(), &db_path));
    if let Err(e) = placed {
        vault.remove_database_files(&kf.database);
        return Err(e.into());
    }
    restoring.keep();
    if let Err(e) = kf.save(&vault.key_file_path(), &key, &mut |_| Ok(())) {
        vault.remove_database_files(&kf.database);
        return Err(e);
    }
    Ok(RestoreSummary {
        vault: vault.dir().to_string_lossy().into_owned(),
        bytes: header.database_len,
        audit_intact,
        erasures_reapplied: reapplied,
    })
}

/// A restore goes into a folder without a vault, so it never overwrites one.
fn check_target(vault: &Vault) -> Result<()> {
    if vault.exists()
        || vault
            .check_exists()
            .is_err_and(|e| matches!(e, Error::KeyFileMissing))
    {
        return Err(Error::RestoreTargetNotEmpty);
    }
    Ok(())
}

/// A database that fails to open under a key its slot gave is damaged, whatever SQLite says.
fn damaged(e: Error) -> Error {
    match e {
        Error::Damaged | Error::Database(_) => Error::BackupDamaged,
        e => e,
    }
}

/// Opens a slot of the backup's key file: the data key, and the user name when a user's
/// passphrase opened it.
fn open_with(kf: &KeyFile, with: RestoreWith<'_>) -> Result<(DataKey, Option<UserName>)> {
    match with {
        RestoreWith::Passphrase { user, passphrase } => {
            let name = UserName::parse(user, "userName").ok();
            if let Some(name) = name {
                let lookup = kf.user_lookup(name.key());
                for slot in kf
                    .slots_for(&lookup)
                    .filter(|s| s.kind == SlotKind::Passphrase)
                {
                    if let Some(key) = kf.open_slot(slot, passphrase.expose().as_bytes())? {
                        return Ok((key, Some(name)));
                    }
                }
            }
            Err(Error::WrongCredentials)
        }
        RestoreWith::RecoveryKey(recovery) => {
            for slot in kf.slots.iter().filter(|s| s.kind == SlotKind::Recovery) {
                if let Some(key) = kf.open_slot(slot, recovery.secret())? {
                    return Ok((key, None));
                }
            }
            Err(Error::WrongRecoveryKey)
        }
    }
}
