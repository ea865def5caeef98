//! The commands the page may call — one line of shell around the core each. Each is defined
//! once, with `command!` (registry.rs), and listed once, below; the capability file
//! (capabilities/main.json) grants exactly these, and a test checks that it does and writes
//! ui/src/commands.ts from the list. This module: the vault and the session; `report`: the
//! indicator report; `admin`: users, the audit log and settings; `backup`: backup, restore and
//! the clipboard; `cases`: case files; `lifecycle`: consents, the consent gate's override,
//! erasure, retention; `exchange`: the agency identity, partners, referral packets; `relay`:
//! the PostgreSQL relay and consolidated counts; `releases`: the release ledger and CTDC
//! microdata.

pub mod admin;
pub mod backup;
pub mod cases;
pub mod exchange;
pub mod lifecycle;
pub mod registry;
pub mod relay;
pub mod releases;
pub mod report;

registry::commands![
    vault_state,
    passphrase_strength,
    vocabularies,
    create_vault,
    unlock,
    lock,
    touch,
    watch_lock,
    report::report_settings,
    report::report_preview,
    report::report_save,
    releases::report_releases,
    releases::release_retire,
    releases::ctdc_preview,
    releases::ctdc_export,
    admin::users_list,
    admin::user_add,
    admin::user_remove,
    admin::user_set_roles,
    admin::user_reset_passphrase,
    admin::recovery_key_replace,
    admin::rotate_data_key,
    admin::change_own_passphrase,
    admin::audit_actions,
    admin::audit_search,
    admin::audit_verify,
    admin::vault_check,
    admin::key_file_repair,
    admin::settings_get,
    admin::settings_set_min_cell,
    admin::settings_set_auto_lock,
    admin::set_language,
    backup::backup_status,
    backup::backup_to_folder,
    backup::restore_backup,
    backup::clipboard_copy,
    cases::dashboard_figures,
    cases::shelter_board,
    cases::cases_list,
    cases::case_show,
    cases::case_history,
    cases::case_create,
    cases::case_edit_person,
    cases::case_edit_identification,
    cases::case_add_referral,
    cases::case_set_referral_status,
    cases::case_admit,
    cases::case_discharge,
    cases::case_record_service,
    cases::case_record_allowance,
    cases::case_record_training,
    cases::case_record_employment,
    cases::case_add_consent,
    cases::case_add_note,
    cases::case_close,
    cases::case_reopen,
    cases::organizations_list,
    cases::case_assign_caseworker,
    cases::caseworkers_list,
    cases::recent_activity,
    cases::case_documents,
    cases::case_document_add,
    cases::case_document_save,
    lifecycle::case_consents,
    lifecycle::case_withdraw_consent,
    lifecycle::case_add_referral_override,
    lifecycle::consent_alerts,
    lifecycle::erasure_preview,
    lifecycle::case_erase,
    lifecycle::retention_due,
    lifecycle::purge_due,
    lifecycle::erasures_list,
    lifecycle::erasures_export,
    lifecycle::lifecycle_settings,
    lifecycle::lifecycle_settings_set,
    lifecycle::user_set_grant,
    exchange::agency_get,
    exchange::agency_init,
    exchange::agency_card_save,
    exchange::partner_card_preview,
    exchange::partner_add,
    exchange::partners_list,
    exchange::partner_remove,
    exchange::referral_send,
    exchange::referral_receive,
    exchange::referral_answer,
    exchange::packets_list,
    exchange::case_packets,
    exchange::packet_save,
    relay::relay_get,
    relay::relay_connect,
    relay::relay_forget,
    relay::relay_push,
    relay::relay_pull,
    relay::contribute,
    relay::contributions_list,
    relay::consolidate_preview,
];

#[cfg(test)]
mod generate;

use std::time::Instant;

use haven::auto_lock::IdleTimer;
use haven::passphrase_policy::{self, Strength};
use haven::records::vocab::Vocabularies;
use haven::{Passphrase, SessionInfo};
use tauri::ipc::Channel;
use tauri::State;

use self::registry::command;
use crate::error::{CommandResult, IpcError};
use crate::ipc::{CreatedVault, LockEvent, LockReason, VaultState};
use crate::state::AppState;

command! {
    /// Whether there is a vault, and whether it is unlocked.
    pub fn vault_state(state: State<'_, AppState>) -> VaultState {
        let inner = state.guard();
        match &inner.session {
            Some(s) => VaultState::Unlocked { session: s.info() },
            None if state.vault.exists() => VaultState::Locked,
            None => VaultState::Missing,
        }
    }
}

command! {
    /// The strength of a passphrase being typed, for the meter.
    pub fn passphrase_strength(passphrase: String, user_name: String) -> Strength {
        passphrase_policy::estimate(&Passphrase::new(passphrase), &[&user_name])
    }
}

command! {
    /// Every closed word list the screens offer, with the translation keys of their labels.
    pub fn vocabularies() -> CommandResult<Vocabularies> {
        Ok(Vocabularies::all())
    }
}

command! {
    /// Creates the vault with its first administrator; returns the recovery key to show once.
    pub async fn create_vault(
        state: State<'_, AppState>,
        admin_name: String,
        passphrase: String,
        passphrase_again: String,
    ) -> CommandResult<CreatedVault> {
        let again = Passphrase::new(passphrase_again);
        let passphrase = passphrase_policy::confirm(
            Passphrase::new(passphrase),
            &again,
            &[&admin_name],
            "passphrase",
            "passphraseAgain",
        )?;
        let recovery = state.vault.create(&admin_name, &passphrase)?;
        Ok(CreatedVault {
            recovery_key: recovery.grouped().to_string(),
        })
    }
}

command! {
    /// Unlocks the vault as a user.
    pub async fn unlock(
        state: State<'_, AppState>,
        user_name: String,
        passphrase: String,
    ) -> CommandResult<SessionInfo> {
        let session = state
            .vault
            .unlock(&user_name, &Passphrase::new(passphrase))?;
        let info = session.info();
        let mut inner = state.guard();
        inner.session = Some(session);
        inner.idle =
            Some(IdleTimer::new(info.auto_lock_minutes, Instant::now()).map_err(IpcError::from)?);
        Ok(info)
    }
}

command! {
    /// Locks the vault at once (the lock button, Ctrl+L).
    pub fn lock(state: State<'_, AppState>) {
        state.guard().lock(LockReason::Manual);
    }
}

command! {
    /// Records that the user is active, postponing auto-lock.
    pub fn touch(state: State<'_, AppState>) -> CommandResult<()> {
        let mut inner = state.guard();
        if inner.session.is_none() {
            return Err(IpcError::locked());
        }
        if let Some(t) = inner.idle.as_mut() {
            t.touch(Instant::now());
        }
        Ok(())
    }
}

command! {
    /// Gives the shell a channel on which it announces every lock.
    pub fn watch_lock(state: State<'_, AppState>, on_lock: Channel<LockEvent>) {
        state.guard().on_lock = Some(on_lock);
    }
}
