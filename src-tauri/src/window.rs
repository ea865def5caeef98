//! The main window. Made in code rather than in tauri.conf.json so that its privacy setting is
//! decided (and tested) in one place.

use tauri::{App, WebviewUrl, WebviewWindowBuilder};

/// The window's label; the capability file grants its commands to this label only.
pub const MAIN: &str = "main";

/// Whether the webview runs incognito: always, except under tauri-driver
/// (`TAURI_WEBVIEW_AUTOMATION=true`), because WebKitGTK's ephemeral context cannot be
/// automated (wry replaces the automation-enabled context with a fresh one). The end-to-end
/// tests then scan WebKit's data folders in their throw-away home for any typed value, which is
/// the stricter check: the incognito window writes none of them at all.
pub fn incognito(automation_env: Option<&str>) -> bool {
    automation_env != Some("true")
}

/// Opens the main window: titled "Haven" only (never a name), incognito, no file drops.
pub fn open_main(app: &mut App) -> tauri::Result<()> {
    let automation = std::env::var("TAURI_WEBVIEW_AUTOMATION").ok();
    WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Haven")
        .inner_size(1280.0, 800.0)
        .min_inner_size(900.0, 600.0)
        .incognito(incognito(automation.as_deref()))
        .disable_drag_drop_handler()
        .build()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_incognito_unless_driven_by_the_test_driver() {
        assert!(incognito(None));
        assert!(incognito(Some("")));
        assert!(incognito(Some("1")));
        assert!(incognito(Some("false")));
        assert!(!incognito(Some("true")));
    }
}
