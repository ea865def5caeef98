// Declares the app's own commands, so the capability file can grant exactly these and nothing
// else (no core plugin, no fs, shell or http). The names come from the capability file itself
// (`allow-cases-list` → `cases_list`): the commands are listed once in src/commands/mod.rs, and
// a test there (`cargo test -p haven-desktop`) fails when the capability file disagrees.

use std::path::Path;

const CAPABILITY: &str = "capabilities/main.json";

fn main() {
    println!("cargo:rerun-if-changed={CAPABILITY}");
    // tauri-build keeps the list for the whole (short) run of this script.
    let commands: &'static [&'static str] = Vec::leak(
        command_names(Path::new(CAPABILITY))
            .into_iter()
            .map(|name| &*String::leak(name))
            .collect(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script");
}

/// The app's commands the capability file grants: its `allow-…` permissions without a plugin
/// prefix, in snake case.
fn command_names(capability: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(capability)
        .unwrap_or_else(|e| panic!("{}: {e}", capability.display()));
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", capability.display()));
    let permissions = json["permissions"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no permissions list", capability.display()));
    permissions
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.contains(':'))
        .map(|p| {
            let name = p
                .strip_prefix("allow-")
                .unwrap_or_else(|| panic!("{}: {p} is not `allow-…`", capability.display()));
            name.replace('-', "_")
        })
        .collect()
}
