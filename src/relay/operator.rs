//! The relay operator's side: the schema with its row-level security, and a role per site.
//! Run with the database owner's (or a superuser's) rights; no vault is needed.
//!
//! One table, `haven.envelopes`: the packet id, the two fingerprints, the kind, the packet's
//! bytes (its header in clear, its body ciphertext) and when the relay got it. Every site's
//! role is a member of `haven_site` and is named `haven_site_` followed by its fingerprint's
//! digits; the policies compare that name with an envelope's fingerprints, so a site inserts
//! only as itself and reads and deletes only what is addressed to it. No role but the owner's
//! may update a row.

use postgres::Client;
use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

use super::{classify, Connection, Refused};
use crate::packet::Fingerprint;
use crate::{Error, Result};

/// The group role every site's role belongs to.
pub const SITE_GROUP: &str = "haven_site";

/// The schema, idempotent: every statement may run again over what it made before.
const SCHEMA: &str = r"
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'haven_site') THEN
        CREATE ROLE haven_site NOLOGIN;
    END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS haven;
REVOKE ALL ON SCHEMA haven FROM PUBLIC;
GRANT USAGE ON SCHEMA haven TO haven_site;
CREATE TABLE IF NOT EXISTS haven.envelopes (
    packet_id    uuid PRIMARY KEY,
    recipient    text NOT NULL CHECK (recipient ~ '^[0-9]{5}( [0-9]{5}){5}$'),
    sender       text NOT NULL CHECK (sender ~ '^[0-9]{5}( [0-9]{5}){5}$'),
    kind         text NOT NULL CHECK (kind IN ('referral', 'ack', 'contribution')),
    packet       bytea NOT NULL CHECK (octet_length(packet) <= 16777216),
    received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS envelopes_recipient ON haven.envelopes (recipient, received_at);
REVOKE ALL ON haven.envelopes FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON haven.envelopes TO haven_site;
ALTER TABLE haven.envelopes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS site_sends ON haven.envelopes;
CREATE POLICY site_sends ON haven.envelopes FOR INSERT TO haven_site
    WITH CHECK (current_user = 'haven_site_' || replace(sender, ' ', ''));
DROP POLICY IF EXISTS site_reads ON haven.envelopes;
CREATE POLICY site_reads ON haven.envelopes FOR SELECT TO haven_site
    USING (current_user = 'haven_site_' || replace(recipient, ' ', ''));
DROP POLICY IF EXISTS site_takes ON haven.envelopes;
CREATE POLICY site_takes ON haven.envelopes FOR DELETE TO haven_site
    USING (current_user = 'haven_site_' || replace(recipient, ' ', ''));
";

/// A site's role, made for its card.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SiteRole {
    /// The role's name: the user name of the site's connection.
    pub role: String,
    /// The site's fingerprint.
    pub fingerprint: String,
    /// The password, shown once.
    #[serde(skip)]
    #[ts(skip)]
    pub password: Zeroizing<String>,
}

/// The role name of a site.
pub fn role_of(fingerprint: &Fingerprint) -> String {
    format!("{SITE_GROUP}_{}", fingerprint.digits())
}

fn connect(at: &Connection) -> Result<Client> {
    at.open()
}

/// Makes (or brings up to date) the schema and its policies.
pub fn setup(at: &Connection) -> Result<()> {
    let mut client = connect(at)?;
    client.batch_execute(SCHEMA).map_err(classify)
}

/// Makes the role of the site whose card is `card`, with a new random password.
pub fn add_site(at: &Connection, card: &[u8]) -> Result<SiteRole> {
    let (_, keys) = crate::packet::AgencyCard::read(card).map_err(Error::PacketRefused)?;
    let fingerprint = keys.fingerprint();
    let role = role_of(&fingerprint);
    let mut client = connect(at)?;
    let exists = client
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role])
        .map_err(classify)?
        .is_some();
    if exists {
        return Err(Error::invalid(
            "card",
            "This site already has a role on the relay. To give it a new password, remove the site first, then add it again.",
        ));
    }
    let has_group = client
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&SITE_GROUP])
        .map_err(classify)?
        .is_some();
    if !has_group {
        return Err(Error::RelayRefused(Refused::NotSetUp));
    }
    let password = new_password()?;
    // Role names and passwords cannot be parameters; both are made here of digits and of
    // base64url characters only, so neither can end a literal.
    let statement = Zeroizing::new(format!(
        "CREATE ROLE {role} LOGIN PASSWORD '{}' IN ROLE {SITE_GROUP}",
        password.as_str()
    ));
    client.batch_execute(&statement).map_err(classify)?;
    Ok(SiteRole {
        role,
        fingerprint: fingerprint.to_string(),
        password,
    })
}

/// Removes a site's role, and every envelope still addressed to it. How many envelopes went.
pub fn remove_site(at: &Connection, fingerprint: &str) -> Result<u64> {
    let fingerprint = Fingerprint::parse(fingerprint).ok_or_else(|| {
        Error::invalid(
            "fingerprint",
            "Write the fingerprint as its six groups of five digits, as the site's card shows it.",
        )
    })?;
    let role = role_of(&fingerprint);
    let mut client = connect(at)?;
    let exists = client
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role])
        .map_err(classify)?
        .is_some();
    if !exists {
        return Err(Error::invalid(
            "fingerprint",
            "No site with this fingerprint has a role on the relay.",
        ));
    }
    let mut tx = client.transaction().map_err(classify)?;
    let dropped = tx
        .execute(
            "DELETE FROM haven.envelopes WHERE recipient = $1",
            &[&fingerprint.to_string()],
        )
        .map_err(classify)?;
    tx.batch_execute(&format!("DROP ROLE {role}"))
        .map_err(classify)?;
    tx.commit().map_err(classify)?;
    Ok(dropped)
}

/// 24 random bytes as base64url: 32 characters, none that needs quoting.
fn new_password() -> Result<Zeroizing<String>> {
    use base64::Engine;
    let bytes = Zeroizing::new(crate::random::bytes::<24>()?);
    Ok(Zeroizing::new(
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes.as_slice()),
    ))
}
