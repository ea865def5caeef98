//! The schema, as the list of steps that built it. A step is never edited once released: a
//! change is a new step at the end, so a vault made by any older build opens in a newer one.

/// Step `i` takes a vault from schema version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the vault itself, its users and their roles.
    "CREATE TABLE vault_meta (
         key   TEXT PRIMARY KEY,
         value TEXT NOT NULL
     ) STRICT;
     CREATE TABLE users (
         id          TEXT PRIMARY KEY,
         name        TEXT NOT NULL,
         name_key    TEXT NOT NULL,
         created_at  TEXT NOT NULL,
         removed_at  TEXT
     ) STRICT;
     CREATE UNIQUE INDEX users_active_name ON users(name_key) WHERE removed_at IS NULL;
     CREATE TABLE user_roles (
         user_id TEXT NOT NULL REFERENCES users(id),
         role    TEXT NOT NULL CHECK (role IN ('intake', 'caseworker', 'supervisor', 'admin')),
         PRIMARY KEY (user_id, role)
     ) STRICT, WITHOUT ROWID;",
    // 2: case records (docs/formats/interchange.md) and their search index.
    "CREATE TABLE organizations (
         id        INTEGER PRIMARY KEY,
         name      TEXT NOT NULL,
         name_key  TEXT NOT NULL UNIQUE,
         kind      TEXT NOT NULL,
         sector    TEXT NOT NULL,
         capacity  INTEGER CHECK (capacity IS NULL OR capacity >= 1)
     ) STRICT;
     CREATE TABLE persons (
         id                     INTEGER PRIMARY KEY,
         given_name             TEXT,
         family_name            TEXT,
         sex                    TEXT NOT NULL,
         birth_date             TEXT,
         age_at_identification  INTEGER,
         citizenship            TEXT,
         languages              TEXT NOT NULL,
         phone                  TEXT
     ) STRICT;
     CREATE TABLE person_aliases (
         person_id  INTEGER NOT NULL REFERENCES persons(id),
         position   INTEGER NOT NULL,
         alias      TEXT NOT NULL,
         PRIMARY KEY (person_id, position)
     ) STRICT, WITHOUT ROWID;
     CREATE TABLE cases (
         id                       INTEGER PRIMARY KEY,
         uuid                     TEXT NOT NULL UNIQUE,
         code                     TEXT NOT NULL UNIQUE,
         source_ref               TEXT UNIQUE,
         person_id                INTEGER NOT NULL REFERENCES persons(id),
         identified_on            TEXT NOT NULL,
         identified_by            TEXT,
         recognition              TEXT NOT NULL,
         exploitation             TEXT NOT NULL,
         country_of_exploitation  TEXT,
         status                   TEXT NOT NULL CHECK (status IN ('open', 'closed')),
         closed_on                TEXT,
         caseworker_id            TEXT REFERENCES users(id),
         created_at               TEXT NOT NULL,
         updated_at               TEXT NOT NULL
     ) STRICT;
     CREATE INDEX cases_person ON cases(person_id);
     CREATE INDEX cases_identified ON cases(identified_on);
     CREATE TABLE case_code_sequences (year INTEGER PRIMARY KEY, last INTEGER NOT NULL) STRICT;
     CREATE TABLE consents (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         scope TEXT NOT NULL, given_on TEXT NOT NULL, expires_on TEXT
     ) STRICT;
     CREATE INDEX consents_case ON consents(case_id);
     CREATE TABLE referrals (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         date TEXT NOT NULL, organization_id INTEGER NOT NULL REFERENCES organizations(id), status TEXT NOT NULL
     ) STRICT;
     CREATE INDEX referrals_case ON referrals(case_id);
     CREATE TABLE shelter_stays (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         shelter_id INTEGER NOT NULL REFERENCES organizations(id),
         admitted_on TEXT NOT NULL, discharged_on TEXT, bed TEXT
     ) STRICT;
     CREATE INDEX shelter_stays_case ON shelter_stays(case_id);
     CREATE INDEX shelter_stays_shelter ON shelter_stays(shelter_id, discharged_on);
     CREATE TABLE services (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         kind TEXT NOT NULL, date TEXT NOT NULL, provider_id INTEGER REFERENCES organizations(id)
     ) STRICT;
     CREATE INDEX services_case ON services(case_id);
     CREATE TABLE allowances (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         date TEXT NOT NULL, amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
         currency TEXT NOT NULL, kind TEXT NOT NULL
     ) STRICT;
     CREATE INDEX allowances_case ON allowances(case_id);
     CREATE TABLE trainings (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         course TEXT NOT NULL, provider TEXT, started_on TEXT NOT NULL, ended_on TEXT, outcome TEXT NOT NULL
     ) STRICT;
     CREATE INDEX trainings_case ON trainings(case_id);
     CREATE TABLE employments (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         employer TEXT NOT NULL, started_on TEXT NOT NULL, ended_on TEXT
     ) STRICT;
     CREATE INDEX employments_case ON employments(case_id);
     CREATE TABLE notes (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         date TEXT NOT NULL, text TEXT NOT NULL, author_id TEXT REFERENCES users(id)
     ) STRICT;
     CREATE INDEX notes_case ON notes(case_id);
     CREATE TABLE documents (
         id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
         kind TEXT NOT NULL, file_name TEXT NOT NULL, size INTEGER NOT NULL,
         content BLOB NOT NULL, added_at TEXT NOT NULL, added_by TEXT REFERENCES users(id)
     ) STRICT;
     CREATE INDEX documents_case ON documents(case_id);
     -- rowid = cases.id. names: folded names, aliases and the source ref (identity readers);
     -- codes: the folded case code (everyone who may read cases).
     CREATE VIRTUAL TABLE case_search USING fts5(names, codes, tokenize = 'unicode61 remove_diacritics 0');",
    // 3: the audit log, append-only, each entry chained to the one before by an HMAC.
    "CREATE TABLE audit_log (
         seq        INTEGER PRIMARY KEY,
         at         TEXT NOT NULL,
         user_id    TEXT,
         action     TEXT NOT NULL,
         case_uuid  TEXT,
         outcome    TEXT NOT NULL,
         detail     TEXT,
         mac        BLOB NOT NULL
     ) STRICT;
     CREATE INDEX audit_log_case ON audit_log(case_uuid);
     CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
     CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    // 4: what each user chose for themself (their language).
    "CREATE TABLE user_preferences (
         user_id   TEXT PRIMARY KEY REFERENCES users(id),
         language  TEXT NOT NULL CHECK (language IN ('az', 'ru', 'en'))
     ) STRICT, WITHOUT ROWID;",
    // 5: the survivor's data lifecycle (lifecycle.md): consents that name organizations and
    // are withdrawn; the consent a referral was made under, and overrides with their sealed
    // reason; each case's key, which notes and documents are sealed under (erasing destroys
    // it); erased cases and the register of erasures (with the reason the administrator gave,
    // which stays in the vault); permissions granted to one user beyond
    // their roles. The search index removes a deleted row's terms at once.
    "ALTER TABLE consents ADD COLUMN withdrawn_on TEXT;
     CREATE TABLE consent_organizations (
         consent_id       INTEGER NOT NULL REFERENCES consents(id),
         organization_id  INTEGER NOT NULL REFERENCES organizations(id),
         PRIMARY KEY (consent_id, organization_id)
     ) STRICT, WITHOUT ROWID;
     ALTER TABLE referrals ADD COLUMN consent_id INTEGER REFERENCES consents(id);
     CREATE TABLE consent_overrides (
         id           INTEGER PRIMARY KEY,
         case_id      INTEGER NOT NULL REFERENCES cases(id),
         referral_id  INTEGER NOT NULL REFERENCES referrals(id),
         reason       BLOB NOT NULL,
         user_id      TEXT REFERENCES users(id),
         at           TEXT NOT NULL
     ) STRICT;
     CREATE INDEX consent_overrides_case ON consent_overrides(case_id);
     CREATE TABLE case_keys (
         case_id  INTEGER PRIMARY KEY REFERENCES cases(id),
         key      BLOB NOT NULL
     ) STRICT;
     ALTER TABLE notes ADD COLUMN sealed BLOB;
     ALTER TABLE documents ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE cases ADD COLUMN erased TEXT CHECK (erased IS NULL OR erased IN ('narratives', 'identity'));
     CREATE TABLE erasures (
         id         INTEGER PRIMARY KEY,
         case_uuid  TEXT NOT NULL,
         case_code  TEXT NOT NULL,
         kind       TEXT NOT NULL CHECK (kind IN ('narratives', 'identity')),
         erased_on  TEXT NOT NULL,
         at         TEXT NOT NULL,
         user_id    TEXT REFERENCES users(id),
         reason     TEXT NOT NULL
     ) STRICT;
     CREATE TABLE user_permissions (
         user_id     TEXT NOT NULL REFERENCES users(id),
         permission  TEXT NOT NULL CHECK (permission IN ('consent_override')),
         PRIMARY KEY (user_id, permission)
     ) STRICT, WITHOUT ROWID;
     INSERT INTO case_search(case_search, rank) VALUES ('secure-delete', 1);",
    // 6: referral packets between agencies (exchange.md): this vault's agency identity, with
    // its secret keys (here only, inside the encryption); its partners' public keys, each
    // linked to an organization; every packet sent and received, kept by id so that none is
    // received twice; a case referred in, with the partner it came from and the agency that
    // identified the person when that was not this one (its identification is counted there).
    "CREATE TABLE agency (
         id                 INTEGER PRIMARY KEY CHECK (id = 1),
         organization_id    INTEGER NOT NULL REFERENCES organizations(id),
         country            TEXT,
         encryption_secret  TEXT NOT NULL,
         signing_secret     BLOB NOT NULL,
         created_at         TEXT NOT NULL
     ) STRICT;
     CREATE TABLE partners (
         fingerprint      TEXT PRIMARY KEY,
         organization_id  INTEGER NOT NULL REFERENCES organizations(id),
         encryption_key   TEXT NOT NULL,
         signing_key      TEXT NOT NULL,
         country          TEXT,
         added_at         TEXT NOT NULL,
         removed_at       TEXT
     ) STRICT, WITHOUT ROWID;
     CREATE UNIQUE INDEX partners_active_organization ON partners(organization_id) WHERE removed_at IS NULL;
     CREATE TABLE packets (
         id            TEXT PRIMARY KEY,
         direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
         kind          TEXT NOT NULL CHECK (kind IN ('referral', 'ack')),
         partner       TEXT NOT NULL REFERENCES partners(fingerprint),
         case_id       INTEGER REFERENCES cases(id),
         referral_id   INTEGER REFERENCES referrals(id),
         answers       TEXT REFERENCES packets(id),
         status        TEXT NOT NULL CHECK (status IN ('waiting', 'sent', 'cancelled', 'received', 'accepted', 'declined')),
         services      TEXT NOT NULL DEFAULT '',
         created_on    TEXT NOT NULL,
         at            TEXT NOT NULL,
         bytes         BLOB
     ) STRICT, WITHOUT ROWID;
     CREATE INDEX packets_case ON packets(case_id);
     CREATE INDEX packets_answers ON packets(answers);
     ALTER TABLE cases ADD COLUMN referred_in_from INTEGER REFERENCES organizations(id);
     ALTER TABLE cases ADD COLUMN identified_elsewhere TEXT;",
    // 7: consolidated counts and the relay (exchange.md, last two parts). A packet may be a
    // contribution now: the table is rebuilt with the wider kind (SQLite cannot alter a
    // CHECK), its self-reference named after the new table so that the rename carries it over.
    // A contribution received is kept with its exact cells until a correction replaces it;
    // the relay's connection and last contact live in `meta`, inside the encrypted vault.
    "CREATE TABLE packets_v7 (
         id            TEXT PRIMARY KEY,
         direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
         kind          TEXT NOT NULL CHECK (kind IN ('referral', 'ack', 'contribution')),
         partner       TEXT NOT NULL REFERENCES partners(fingerprint),
         case_id       INTEGER REFERENCES cases(id),
         referral_id   INTEGER REFERENCES referrals(id),
         answers       TEXT REFERENCES packets_v7(id),
         status        TEXT NOT NULL CHECK (status IN ('waiting', 'sent', 'cancelled', 'received', 'accepted', 'declined')),
         services      TEXT NOT NULL DEFAULT '',
         created_on    TEXT NOT NULL,
         at            TEXT NOT NULL,
         bytes         BLOB
     ) STRICT, WITHOUT ROWID;
     INSERT INTO packets_v7 SELECT id, direction, kind, partner, case_id, referral_id, answers,
         status, services, created_on, at, bytes FROM packets;
     DROP TABLE packets;
     ALTER TABLE packets_v7 RENAME TO packets;
     CREATE INDEX packets_case ON packets(case_id);
     CREATE INDEX packets_answers ON packets(answers);
     CREATE INDEX packets_waiting ON packets(status) WHERE status = 'waiting';
     CREATE TABLE contributions (
         packet       TEXT PRIMARY KEY REFERENCES packets(id),
         site         TEXT NOT NULL REFERENCES partners(fingerprint),
         period_from  TEXT NOT NULL,
         period_to    TEXT NOT NULL,
         correction   INTEGER NOT NULL CHECK (correction IN (0, 1)),
         replaced_by  TEXT,
         cells        TEXT NOT NULL,
         at           TEXT NOT NULL
     ) STRICT, WITHOUT ROWID;
     CREATE UNIQUE INDEX contributions_current ON contributions(site, period_from, period_to)
         WHERE replaced_by IS NULL;",
    // 8: the release ledger (indicators.md, "Releases"): every report that left the machine,
    // with its period, k and the cells it published, so that the next release is checked
    // jointly with all of them. Counts only: nothing in it names or singles out a person.
    // A retired release stays, with who retired it, when and why, and no longer binds.
    "CREATE TABLE releases (
         id             INTEGER PRIMARY KEY,
         kind           TEXT NOT NULL CHECK (kind IN ('indicators', 'consolidated', 'ctdc')),
         period_from    TEXT NOT NULL,
         period_to      TEXT NOT NULL,
         min_cell       INTEGER NOT NULL CHECK (min_cell BETWEEN 1 AND 100),
         format         TEXT NOT NULL,
         published      TEXT NOT NULL,
         protected      INTEGER NOT NULL DEFAULT 0,
         released_at    TEXT NOT NULL,
         released_by    TEXT NOT NULL REFERENCES users(id),
         retired_at     TEXT,
         retired_by     TEXT REFERENCES users(id),
         retired_reason TEXT
     ) STRICT;
     CREATE INDEX releases_binding ON releases(kind) WHERE retired_at IS NULL;",
];
