//! Time as Haven records it: UTC, RFC 3339, to the second.

/// Now, as an RFC 3339 UTC timestamp (`2026-11-28T12:00:00Z`).
pub(crate) fn now_utc() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
