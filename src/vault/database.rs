//! The encrypted database: opening SQLCipher safely and bringing its schema up to date.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::migrations::MIGRATIONS;
use crate::secret::DataKey;
use crate::{Error, Result};

/// SQLCipher page size. Fixed for the life of a vault (it is not stored in the clear), chosen
/// for throughput on large case lists.
pub(crate) const CIPHER_PAGE_SIZE: u32 = 16 * 1024;
/// Page cache: 256 MiB at most (negative means KiB); it grows only as pages are read.
const CACHE_KIB: i64 = 256 * 1024;

/// Opens (or with `create`, makes) the database at `path` keyed with `key`, applies the
/// pragmas every connection needs and checks that the key opens it.
pub(crate) fn open(path: &Path, key: &DataKey, create: bool) -> Result<Connection> {
    open_inner(path, Some(key), create)
}

/// An unencrypted database with the same settings, for the benchmarks' comparison only. Not in
/// any build of Haven that users run.
#[cfg(feature = "test-support")]
pub(crate) fn open_unencrypted(path: &Path) -> Result<Connection> {
    open_inner(path, None, true)
}

/// [`open_unencrypted`] for the benchmarks outside a session (their plain "unlock", backup
/// and restore), so the twin is opened exactly as Haven opens its database.
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub fn open_unencrypted_for_benchmark(path: &Path, create: bool) -> Result<Connection> {
    open_inner(path, None, create)
}

fn open_inner(path: &Path, key: Option<&DataKey>, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(Error::NoVault);
    }
    let mut conn = Connection::open_with_flags(path, flags)?;
    // First of all: another process (the app, the command line, a backup) may be writing, and
    // every statement below, the first read included, waits for it rather than failing.
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Transactions take the write lock when they begin. A deferred one reads first and then
    // upgrades, and SQLite answers an upgrade that meets another writer with "busy" at once,
    // without waiting: two processes writing at the same moment would fail.
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    // SQLCipher's own log goes to stderr; Haven reports failures itself, in the user's terms.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    #[cfg(unix)]
    if create {
        // SQLite creates files 0644; the directory is private already, this is belt and braces.
        // The WAL and shared-memory files take the database file's mode.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    match key {
        Some(key) => {
            conn.execute_batch(&key_statement(key))?;
            // Fail closed: a plain SQLite library would ignore the key and write plaintext.
            let cipher_version: Option<String> = conn
                .query_row("PRAGMA cipher_version", [], |r| r.get(0))
                .optional()?;
            if cipher_version.is_none_or(|v| v.trim().is_empty()) {
                return Err(Error::EncryptionUnavailable);
            }
            conn.execute_batch(&format!("PRAGMA cipher_page_size = {CIPHER_PAGE_SIZE};"))?;
        }
        None => conn.execute_batch(&format!("PRAGMA page_size = {CIPHER_PAGE_SIZE};"))?,
    }
    // The first read checks the key and page 1's HMAC.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA trusted_schema = OFF;
         PRAGMA cache_size = -{CACHE_KIB};"
    ))?;
    // Extension loading stays off: SQLite's default, and this build never links the API that
    // turns it on (rusqlite's `load_extension` feature). Defensive mode forbids writes that
    // could corrupt the schema.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    // An import cycles through some twenty statements per case; the default cache (16) would
    // re-prepare them all the time.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The SQLCipher `PRAGMA key` statement that passes `key` raw (no SQLCipher KDF), wiped from
/// memory when dropped.
fn key_statement(key: &DataKey) -> zeroize::Zeroizing<String> {
    let mut s = zeroize::Zeroizing::new(String::with_capacity(80));
    s.push_str("PRAGMA key = \"x'");
    s.push_str(&key.raw_hex());
    s.push_str("'\";");
    s
}

/// A value of the `vault_meta` table (settings and marks of the vault), if it is set.
pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM vault_meta WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Sets a value of the `vault_meta` table (in the caller's transaction).
pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO vault_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Removes a value from `vault_meta`.
pub(crate) fn delete_meta(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM vault_meta WHERE key = ?1", [key])?;
    Ok(())
}

/// Tries to move every change from the log file into the database and empty the log
/// (`wal_checkpoint(TRUNCATE)`): after an erasure, no older copy of a page may stay in the log.
/// Whether it completed (another connection reading holds it back).
pub(crate) fn truncate_log(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// Rebuilds the database file without free pages (`VACUUM`), then empties the log.
pub(crate) fn vacuum(conn: &Connection) -> Result<()> {
    conn.execute_batch("VACUUM;")?;
    truncate_log(conn)?;
    Ok(())
}

/// Brings the schema from whatever version the vault has to [`SCHEMA_VERSION`], one migration
/// per transaction, recording each in `PRAGMA user_version`.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Migrates up to `target` only (tests make "older" vaults with it).
#[doc(hidden)]
pub fn migrate_to(conn: &mut Connection, target: u32) -> Result<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(Error::TooNew);
    }
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
    }
    Ok(())
}

/// What reading every page of a database found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageCheck {
    /// Pages the database uses.
    pub(crate) pages: u64,
    /// Pages that fail their HMAC or have the wrong size.
    pub(crate) damaged: u64,
    /// Whether SQLite's `integrity_check` passed.
    pub(crate) structure_intact: bool,
    /// Bytes of the file past the pages the database uses.
    pub(crate) trailing_bytes: u64,
}

impl PageCheck {
    pub(crate) fn is_intact(&self) -> bool {
        self.damaged == 0 && self.structure_intact && self.trailing_bytes == 0
    }
}

/// Reads every page of the database at `path` open on `conn`: each page's HMAC
/// (`cipher_integrity_check`, which reads the file to its end, so pages added after the last
/// one are found too), SQLite's own structure (`integrity_check`), and the file's length
/// against the pages the database uses.
pub(crate) fn check_pages(conn: &Connection, path: &Path) -> Result<PageCheck> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let pages = u64::try_from(pages).unwrap_or(0);
    let mut damaged = 0;
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let line: String = row.get(0)?;
        // "HMAC verification failed for page 46", "page 45 has an invalid size …": a page
        // past the database's last is an added one, counted with the trailing bytes below.
        let page = line
            .split_whitespace()
            .skip_while(|w| *w != "page")
            .nth(1)
            .and_then(|n| n.parse::<u64>().ok());
        if page.is_none_or(|p| p <= pages) {
            damaged += 1;
        }
    }
    // A malformed page makes `integrity_check` fail outright rather than answer.
    let structure_intact =
        match conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)) {
            Ok(verdict) => verdict == "ok",
            Err(e) => match Error::from(e) {
                Error::Damaged => false,
                other => return Err(other),
            },
        };
    // With the WAL holding new pages the file is shorter than the database, never longer (Haven
    // never shrinks a database): anything past its pages was added, or is a page cut short.
    let used = pages * u64::from(CIPHER_PAGE_SIZE);
    let len = std::fs::metadata(path)?.len();
    let trailing_bytes = if len > used {
        len - used
    } else {
        len % u64::from(CIPHER_PAGE_SIZE)
    };
    Ok(PageCheck {
        pages,
        damaged,
        structure_intact,
        trailing_bytes,
    })
}

/// Reads every page of the database, checking each page's HMAC and SQLite's own structure.
/// [`Error::Damaged`] when anything fails.
pub(crate) fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
    if check_pages(conn, path)?.is_intact() {
        Ok(())
    } else {
        Err(Error::Damaged)
    }
}

/// Folds the WAL into the database file, so the file alone is the whole database.
pub(crate) fn checkpoint(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// Whether commits wait for the disk (`synchronous = FULL`, every change) or only for the WAL
/// write (`NORMAL`, the audit entries of reads: a crash loses none, a power cut the last few).
pub(crate) fn set_durable(conn: &Connection, durable: bool) -> Result<()> {
    conn.execute_batch(if durable {
        "PRAGMA synchronous = FULL;"
    } else {
        "PRAGMA synchronous = NORMAL;"
    })?;
    Ok(())
}

/// Database pages copied per step of the online backup (16 KiB each: 16 MiB a step).
const PAGES_PER_STEP: i32 = 1024;

/// Copies the database open on `conn` into a new file at `path`, keyed with `key`, with
/// SQLite's online backup: one consistent state while other connections go on writing. Tells
/// `progress` (pages done, pages in all) after each step; the file is synced and self-contained
/// (no WAL) when this returns.
pub(crate) fn snapshot(
    conn: &Connection,
    key: &DataKey,
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let mut dest = open(path, key, true)?;
    // The snapshot's pages go straight to its file: no page cache beside the session's.
    dest.execute_batch("PRAGMA cache_size = -2048;")?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut dest)?;
        loop {
            let step = backup.step(PAGES_PER_STEP)?;
            let p = backup.progress();
            let total = u64::try_from(p.pagecount).unwrap_or(0);
            let left = u64::try_from(p.remaining).unwrap_or(0);
            progress(total.saturating_sub(left), total);
            match step {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                // Another connection holds a lock for a moment: wait and go on.
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    dest.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
    drop(dest);
    std::fs::File::open(path)?.sync_all()?;
    Ok(())
}

/// Writes the whole database open on `conn` into a new file at `path` encrypted under `key`
/// (`sqlcipher_export`), with the same page size and schema version.
pub(crate) fn export_rekeyed(conn: &Connection, path: &Path, key: &DataKey) -> Result<()> {
    // The session's connection was opened without the right to create files, and ATTACH
    // inherits that: make the (empty, owner-only) file first.
    drop(super::keyfile::create_private(path)?);
    let attach = zeroize::Zeroizing::new(format!(
        "ATTACH DATABASE '{}' AS rotated KEY \"x'{}'\";",
        path.to_string_lossy().replace('\'', "''"),
        &*key.raw_hex()
    ));
    conn.execute_batch(&attach)?;
    let exported = conn.execute_batch(&format!(
        "PRAGMA rotated.cipher_page_size = {CIPHER_PAGE_SIZE};
         SELECT sqlcipher_export('rotated');
         PRAGMA rotated.user_version = {SCHEMA_VERSION};"
    ));
    let detached = conn.execute_batch("DETACH DATABASE rotated;");
    exported?;
    detached?;
    Ok(())
}

/// The schema version recorded in an open database.
pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}
