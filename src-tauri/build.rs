// Declares the app's own commands, so the capability file can grant exactly these and nothing
// else (no core plugin, no fs, shell or http).
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "vault_state",
            "passphrase_strength",
            "create_vault",
            "unlock",
            "lock",
            "touch",
            "watch_lock",
            "report_settings",
            "report_preview",
            "report_save",
            "users_list",
            "user_add",
            "user_remove",
            "user_set_roles",
            "user_reset_passphrase",
            "recovery_key_replace",
            "rotate_data_key",
            "change_own_passphrase",
            "audit_actions",
            "audit_search",
            "audit_verify",
            "case_history",
            "settings_get",
            "settings_set_min_cell",
        ]),
    ))
    .expect("tauri build script");
}
