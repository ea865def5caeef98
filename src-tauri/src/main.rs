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
        .invoke_handler(commands::handler())
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
