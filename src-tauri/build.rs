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
        ]),
    ))
    .expect("tauri build script");
}
