//! The few system calls the core makes beyond std: no core dumps, not dumpable, and an
//! exclusive advisory lock. All through safe interfaces (std and `rustix`), so the whole crate
//! forbids `unsafe`.

use std::fs::File;

/// Waits for and takes an exclusive advisory lock (`flock`) on `file`, held until the file is
/// closed.
pub(crate) fn lock_exclusive(file: &File) -> std::io::Result<()> {
    file.lock()
}

/// Turns off core dumps and, on Linux, marks the process not dumpable (no core file, no
/// `ptrace` attach by other processes of the same user).
pub(crate) fn forbid_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        setrlimit(Resource::Core, none)?;
        #[cfg(target_os = "linux")]
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    }
    Ok(())
}

/// Whether core dumps are off and, on Linux, the process is not dumpable.
pub(crate) fn core_dumps_forbidden() -> bool {
    #[cfg(unix)]
    {
        use rustix::process::{getrlimit, Resource};
        let ok = getrlimit(Resource::Core).current == Some(0);
        #[cfg(target_os = "linux")]
        let ok = ok
            && rustix::process::dumpable_behavior()
                .is_ok_and(|b| b == rustix::process::DumpableBehavior::NotDumpable);
        ok
    }
    #[cfg(not(unix))]
    false
}
