//! Haven's desktop shell. Thin adapters only: every command calls the `haven` core, which
//! enforces every rule; this crate adds the window, the session held between commands and the
//! auto-lock clock.

#![forbid(unsafe_code)]
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clipboard;
mod commands;
mod error;
mod ipc;
mod state;
mod window;

use std::time::Duration;

use tauri::Manager;

/// How often the auto-lock clock looks at the idle time.
const AUTO_LOCK_TICK: Duration = Duration::from_secs(5);

fn main() {
    haven::hardening::install_quiet_panic_hook("haven-desktop");
    if haven::hardening::harden_process().is_err() {
        eprintln!("haven-desktop: warning: could not turn off core dumps");
    }
    let Some(vault) = state::vault_location() else {
        eprintln!("haven-desktop: no home folder to keep the vault in; set HAVEN_VAULT");
        std::process::exit(1);
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::new(vault))
        .invoke_handler(tauri::generate_handler![
            commands::vault_state,
            commands::passphrase_strength,
            commands::create_vault,
            commands::unlock,
            commands::lock,
            commands::touch,
            commands::watch_lock,
            commands::report::report_settings,
            commands::report::report_preview,
            commands::report::report_save,
            commands::admin::users_list,
            commands::admin::user_add,
            commands::admin::user_remove,
            commands::admin::user_set_roles,
            commands::admin::user_reset_passphrase,
            commands::admin::recovery_key_replace,
            commands::admin::rotate_data_key,
            commands::admin::change_own_passphrase,
            commands::admin::audit_actions,
            commands::admin::audit_search,
            commands::admin::audit_verify,
            commands::cases::case_history,
            commands::cases::cases_list,
            commands::cases::case_show,
            commands::cases::case_create,
            commands::cases::case_edit_person,
            commands::cases::case_edit_identification,
            commands::cases::case_close,
            commands::cases::case_reopen,
            commands::cases::case_add_consent,
            commands::cases::case_add_referral,
            commands::cases::case_set_referral_status,
            commands::cases::case_admit,
            commands::cases::case_discharge,
            commands::cases::case_record_service,
            commands::cases::case_record_allowance,
            commands::cases::case_record_training,
            commands::cases::case_record_employment,
            commands::cases::case_add_note,
            commands::cases::organizations_list,
            commands::cases::shelter_board,
            commands::cases::dashboard_figures,
            commands::cases::case_assign_caseworker,
            commands::cases::caseworkers_list,
            commands::cases::recent_activity,
            commands::cases::case_documents,
            commands::cases::case_document_add,
            commands::cases::case_document_save,
            commands::admin::settings_get,
            commands::admin::settings_set_min_cell,
            commands::admin::settings_set_auto_lock,
            commands::admin::set_language,
            commands::backup::backup_status,
            commands::backup::backup_to_folder,
            commands::backup::restore_backup,
            commands::backup::clipboard_copy,
        ])
        .setup(|app| {
            window::open_main(app)?;
            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("auto-lock".into())
                .spawn(move || loop {
                    std::thread::sleep(AUTO_LOCK_TICK);
                    handle.state::<state::AppState>().lock_if_idle();
                })?;
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|_| {
            eprintln!("haven-desktop: the window could not be started");
            std::process::exit(1);
        })
        .run(|_, event| {
            if let tauri::RunEvent::Exit = event {
                // A copied name must not outlive the app on the clipboard.
                clipboard::clear(None);
            }
        });
}
