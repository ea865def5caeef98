//! The administrator's commands: users and roles, recovery, data-key rotation, the audit log
//! and the vault's settings. Each is one call into the core, which checks the roles; the
//! caller's own passphrase change and language choice are here too.

use haven::audit::{AuditFilter, AuditPage, Head, Verification};
use haven::integrity::IntegrityReport;
use haven::passphrase_policy;
use haven::preferences::Language;
use haven::{Passphrase, RecoveryKey, Role, UserSummary};
use tauri::State;

use super::registry::command;

use crate::error::{CommandResult, IpcError};
use crate::ipc::{NewRecoveryKey, Rotated, TemporaryPassphrase, VaultSettings};
use crate::state::AppState;

/// Runs `f` on the open session, or answers that the vault is locked.
pub(crate) fn with_session<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut haven::Session) -> haven::Result<T>,
) -> CommandResult<T> {
    let mut inner = state.guard();
    let session = inner.session.as_mut().ok_or_else(IpcError::locked)?;
    Ok(f(session)?)
}

/// Checks a new passphrase typed twice against the policy.
fn confirmed(passphrase: String, again: String, user_name: &str) -> CommandResult<Passphrase> {
    Ok(passphrase_policy::confirm(
        Passphrase::new(passphrase),
        &Passphrase::new(again),
        &[user_name],
        "passphrase",
        "passphraseAgain",
    )?)
}

command! {
    /// Every user (admin).
    pub fn users_list(session) -> Vec<UserSummary> => |s| s.list_users()
}

command! {
    /// Adds a user with their first passphrase, which they change after their first unlock.
    pub async fn user_add(
        state: State<'_, AppState>,
        user_name: String,
        roles: Vec<Role>,
        passphrase: String,
        passphrase_again: String,
    ) -> CommandResult<UserSummary> {
        let passphrase = confirmed(passphrase, passphrase_again, &user_name)?;
        with_session(&state, |s| s.add_user(&user_name, &roles, &passphrase))
    }
}

command! {
    /// Removes a user: their passphrase opens nothing from now on.
    pub async fn user_remove(session, user_name: String) -> () => |s| s.remove_user(&user_name)
}

command! {
    /// Replaces a user's roles.
    pub fn user_set_roles(session, user_name: String, roles: Vec<Role>) -> UserSummary
        => |s| s.set_roles(&user_name, &roles)
}

command! {
    /// Sets a new passphrase for a user who forgot theirs, with the recovery key.
    pub async fn user_reset_passphrase(
        state: State<'_, AppState>,
        user_name: String,
        recovery_key: String,
        passphrase: String,
        passphrase_again: String,
    ) -> CommandResult<()> {
        let key = RecoveryKey::parse(&recovery_key)?;
        let passphrase = confirmed(passphrase, passphrase_again, &user_name)?;
        Ok(state
            .vault
            .reset_passphrase(&key, &user_name, &passphrase)?)
    }
}

command! {
    /// Replaces the recovery key; the old one stops working. The new one is shown once.
    pub async fn recovery_key_replace(state: State<'_, AppState>) -> CommandResult<NewRecoveryKey> {
        let key = with_session(&state, |s| s.replace_recovery_key())?;
        Ok(NewRecoveryKey {
            recovery_key: key.grouped().to_string(),
        })
    }
}

command! {
    /// Re-encrypts the vault under a new data key. The session ends with it (everyone unlocks
    /// again, the administrator too), whether or not it succeeded.
    pub async fn rotate_data_key(
        state: State<'_, AppState>,
        passphrase: String,
    ) -> CommandResult<Rotated> {
        let mut inner = state.guard();
        let session = inner.session.take().ok_or_else(IpcError::locked)?;
        inner.idle = None;
        let rotation = session.rotate_data_key(&Passphrase::new(passphrase))?;
        Ok(Rotated {
            recovery_key: rotation.recovery_key.grouped().to_string(),
            temporary_passphrases: rotation
                .temporary_passphrases
                .iter()
                .map(|(name, p)| TemporaryPassphrase {
                    user_name: name.clone(),
                    passphrase: p.expose().to_owned(),
                })
                .collect(),
        })
    }
}

command! {
    /// Changes the signed-in user's own passphrase.
    pub async fn change_own_passphrase(
        state: State<'_, AppState>,
        current: String,
        passphrase: String,
        passphrase_again: String,
    ) -> CommandResult<()> {
        let user = {
            let inner = state.guard();
            let session = inner.session.as_ref().ok_or_else(IpcError::locked)?;
            session.user().name.clone()
        };
        let new = confirmed(passphrase, passphrase_again, &user)?;
        Ok(state
            .vault
            .change_passphrase(&user, &Passphrase::new(current), &new)?)
    }
}

command! {
    /// The action words the audit screen offers as a filter.
    pub fn audit_actions() -> Vec<&'static str> {
        haven::audit::action_words()
    }
}

command! {
    /// One page of the audit log, newest first (admin). The next page is the same filter with
    /// `before` set to the last line's `seq`.
    pub async fn audit_search(session, filter: AuditFilter) -> AuditPage
        => |s| s.audit_search(&filter)
}

command! {
    /// Recomputes the chain (admin); with a kept head (`"SEQ:MAC"`, or null), also detects a
    /// cut-off tail.
    pub async fn audit_verify(
        state: State<'_, AppState>,
        head: Option<String>,
    ) -> CommandResult<Verification> {
        let kept = match head.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
            Some(h) => Some(h.parse::<Head>()?),
            None => None,
        };
        with_session(&state, |s| s.verify_audit(kept.as_ref()))
    }
}

command! {
    /// Checks the whole vault (admin): every page's authentication, the database's structure,
    /// bytes after its end, the audit chain against the integrity anchor, the key file's seal.
    pub async fn vault_check(session) -> IntegrityReport => |s| s.check()
}

command! {
    /// Repairs a key file changed outside Haven (admin): its events key put back, sealed anew.
    /// Whether there was anything to repair.
    pub async fn key_file_repair(session) -> bool => |s| s.repair_key_file()
}

/// The vault's settings as they stand.
fn settings_of(s: &haven::Session) -> haven::Result<VaultSettings> {
    Ok(VaultSettings {
        default_min_cell: s.default_min_cell()?,
        auto_lock_minutes: s.auto_lock_minutes()?,
    })
}

command! {
    /// The vault's settings.
    pub fn settings_get(session) -> VaultSettings => |s| settings_of(s)
}

command! {
    /// Sets the vault's auto-lock time (admin), from the next unlock on.
    pub fn settings_set_auto_lock(
        state: State<'_, AppState>,
        minutes: u32,
    ) -> CommandResult<VaultSettings> {
        with_session(&state, |s| {
            s.set_auto_lock_minutes(minutes)?;
            settings_of(s)
        })
    }
}

command! {
    /// Remembers the signed-in user's language.
    pub fn set_language(session, language: Language) -> () => |s| s.set_language(language)
}

command! {
    /// Sets the default minimum cell size of indicator reports (admin).
    pub fn settings_set_min_cell(
        state: State<'_, AppState>,
        min_cell: u32,
    ) -> CommandResult<VaultSettings> {
        with_session(&state, |s| {
            s.set_default_min_cell(min_cell)?;
            settings_of(s)
        })
    }
}
