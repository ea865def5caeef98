//! Process hardening at start: no core dumps, and (on Linux) not dumpable, so no key or record
//! ends up in a crash dump and other processes of the same user cannot attach to read memory.

/// How long a copy of an identifying field stays on the clipboard before the app clears it.
pub const CLIPBOARD_CLEAR_AFTER: std::time::Duration = std::time::Duration::from_secs(30);

/// Turns off core dumps and marks the process not dumpable. Call first thing in `main`.
pub fn harden_process() -> std::io::Result<()> {
    crate::system::forbid_core_dumps()
}

/// Whether core dumps are off and (on Linux) the process is not dumpable.
pub fn is_hardened() -> bool {
    crate::system::core_dumps_forbidden()
}

/// Replaces the panic message with one that carries no data. A panic's payload can hold a value
/// (an `unwrap` on something read from a record); it must reach neither the terminal nor a log.
/// The source location stays, so a report can still find the line.
pub fn install_quiet_panic_hook(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "{program}: internal error{at}. Nothing more was written; please report this line."
        );
    }));
}
