//! The survivor's data lifecycle (lifecycle.md), as signed-in users act on it: consents and
//! their withdrawal, referrals through the consent gate (and its override), erasure and
//! partial purge, retention, the register of erasures, the lifecycle settings. Each method
//! checks who may, then hands the work to `crate::lifecycle`.

use super::Session;
use crate::audit::{Action, Note};
use crate::cases::operations::Amend;
use crate::lifecycle::erasure::{
    self, ErasureKind, ErasurePreview, ErasureRecord, ErasureRegister, ErasureSummary,
};
use crate::lifecycle::gate::{self, Override};
use crate::lifecycle::{consent, retention, settings};
use crate::lifecycle::{ConsentAlert, ConsentView, DueCase, LifecycleSettings};
use crate::records::interchange::{ConsentRecord, ReferralRecord};
use crate::records::CivilDate;
use crate::roles::Permission;
use crate::store;
use crate::users::{UserName, UserSummary};
use crate::{Error, Result};

impl Session {
    /// Records a consent. One to referrals needs its expiry date, at most 12 months after it
    /// was given (up to 36 where the administrator allows).
    pub fn add_consent(&mut self, code: &str, consent: ConsentRecord) -> Result<i64> {
        self.require(Permission::RecordServices)?;
        let max = settings::read(self.conn())?.referral_consent_max_months;
        self.write(Action::CaseChange, |tx, note| {
            consent::record(Amend { tx, note, code }, consent, max)
        })
    }

    /// Records that the person withdrew a consent on `on`. From that day it covers nothing;
    /// what waits to be sent under it is cancelled.
    pub fn withdraw_consent(&mut self, code: &str, consent: i64, on: CivilDate) -> Result<()> {
        self.require(Permission::RecordServices)?;
        self.write(Action::CaseChange, |tx, note| {
            consent::withdraw(Amend { tx, note, code }, consent, on)
        })
    }

    /// A case's consents with their state today (codes and dates: no identity).
    pub fn consents(&self, code: &str) -> Result<Vec<ConsentView>> {
        self.require(Permission::ReadCaseData)?;
        let case = store::cases::case_id_by_code(self.conn(), code)?.ok_or(Error::NoSuchCase)?;
        consent::views(self.conn(), case, CivilDate::today())
    }

    /// The consents of open cases that need attention: expiring within 30 days, expired (to
    /// referrals), withdrawn. Codes and dates only.
    pub fn consent_alerts(&self) -> Result<Vec<ConsentAlert>> {
        self.require(Permission::ReadCaseData)?;
        consent::alerts(self.conn(), CivilDate::today(), 50)
    }

    /// Refers the person to an organization. A referral to another organization than the
    /// vault's own needs a valid consent to referrals covering it on the referral's date:
    /// without one, [`Error::ConsentRequired`] and nothing is written.
    pub fn add_referral(&mut self, code: &str, referral: ReferralRecord) -> Result<i64> {
        self.require(Permission::ManageIntake)?;
        self.write(Action::CaseChange, |tx, note| {
            gate::refer(Amend { tx, note, code }, referral, None)
        })
    }

    /// Refers the person without a valid consent, for the reason given (danger to life, a
    /// court order): administrators and users granted the override. The reason is sealed in
    /// the vault like a note; the audit log records the override, never the reason. Where a
    /// consent does cover the referral, it is recorded as an ordinary one.
    pub fn add_referral_with_override(
        &mut self,
        code: &str,
        referral: ReferralRecord,
        reason: &str,
    ) -> Result<i64> {
        self.require(Permission::ManageIntake)?;
        self.require(Permission::ConsentOverride)?;
        let reason = gate::check_reason(reason)?;
        let case = store::cases::case_id_by_code(self.conn(), code)?.ok_or(Error::NoSuchCase)?;
        if gate::cover(self.conn(), case, &referral.to, referral.date)?.is_some() {
            return self.add_referral(code, referral);
        }
        let user = self.user().id.to_string();
        self.write(Action::ConsentOverride, |tx, note| {
            let over = Override {
                reason: &reason,
                user: &user,
            };
            let row = gate::refer(Amend { tx, note, code }, referral, Some(over))?;
            note.detail = Some("referral without consent".to_owned());
            Ok(row)
        })
    }

    /// Whether the signed-in user may erase the case: administrators, and the case's own
    /// caseworker.
    fn require_eraser(&self, code: &str) -> Result<()> {
        if self.may(Permission::Administer) {
            return Ok(());
        }
        let case = store::cases::case_id_by_code(self.conn(), code)?.ok_or(Error::NoSuchCase)?;
        let own = self.may(Permission::RecordServices)
            && store::cases::caseworker_of(self.conn(), case)?.as_deref()
                == Some(self.user().name.as_str());
        if own {
            Ok(())
        } else {
            Err(Error::Forbidden {
                action: "erase this case (administrators and the case's caseworker may)",
            })
        }
    }

    /// What erasing the case as `kind` would remove, and what it keeps.
    pub fn erasure_preview(&self, code: &str, kind: ErasureKind) -> Result<ErasurePreview> {
        self.require_eraser(code)?;
        erasure::preview(self.conn(), code, kind)
    }

    /// Erases the case's identity and narratives (`Identity`) or its notes and documents only
    /// (`Narratives`), for `reason`. The case's key goes first, then the rows; the log file is
    /// emptied after the commit. The reports stay the same.
    pub fn erase(&mut self, code: &str, kind: ErasureKind, reason: &str) -> Result<ErasureSummary> {
        self.require_eraser(code)?;
        let reason = erasure::check_reason(reason)?;
        let user = self.user().id.to_string();
        let mut summary = self.write(Action::Erasure, |tx, note| {
            erasure::erase(tx, note, code, kind, &reason, &user)
        })?;
        summary.log_truncated = erasure::finish_shredding(self.conn())?;
        Ok(summary)
    }

    /// (admin) The closed cases past the retention period.
    pub fn retention_due(&self) -> Result<Vec<DueCase>> {
        self.require(Permission::Administer)?;
        let years = settings::read(self.conn())?.retention_years;
        retention::due(self.conn(), CivilDate::today(), years)
    }

    /// (admin) Purges the cases of `confirmed` — the list of [`Session::retention_due`] the
    /// administrator confirmed — each erased whole. All or none.
    pub fn purge_due(&mut self, confirmed: &[String]) -> Result<Vec<ErasureSummary>> {
        self.require(Permission::Administer)?;
        let years = settings::read(self.conn())?.retention_years;
        let user = self.user().id.to_string();
        let mut out = self.write_each(Action::Erasure, |tx, notes| {
            retention::purge(tx, notes, confirmed, CivilDate::today(), years, &user)
        })?;
        let mut truncated = erasure::finish_shredding(self.conn())?;
        if truncated && !out.is_empty() {
            // Many cases went at once: rebuild the file without its (zeroed) free pages, so
            // the vault also shrinks. About 1.6 s over 100,000 cases (docs/benchmarks.md).
            truncated = erasure::compact(self.conn())?;
        }
        for s in &mut out {
            s.log_truncated = truncated;
        }
        Ok(out)
    }

    /// (admin) The register of erasures with the reasons given.
    pub fn erasures(&self) -> Result<Vec<ErasureRecord>> {
        self.require(Permission::Administer)?;
        erasure::records(self.conn())
    }

    /// (admin) The register of erasures as its file holds it: codes, uuids, dates and kinds.
    pub fn erasure_register(&self) -> Result<ErasureRegister> {
        self.require(Permission::Administer)?;
        let vault_id =
            crate::vault::database::meta(self.conn(), "vault_id")?.ok_or(Error::Damaged)?;
        erasure::register(self.conn(), &vault_id)
    }

    /// (admin) Writes the register of erasures to a new file at `path`. Its number of lines.
    pub fn export_erasures(&self, path: &std::path::Path) -> Result<usize> {
        let register = self.erasure_register()?;
        let mut json = serde_json::to_vec_pretty(&register).map_err(|_| Error::Damaged)?;
        json.push(b'\n');
        crate::files::write_new(path, |out| Ok(std::io::Write::write_all(out, &json)?))?;
        self.audit_read(
            Action::Export,
            Note {
                case: None,
                detail: Some(format!(
                    "erasure register lines={}",
                    register.erasures.len()
                )),
            },
        )?;
        Ok(register.erasures.len())
    }

    /// The vault's lifecycle settings (everyone: the screens explain the rules with them).
    pub fn lifecycle_settings(&self) -> Result<LifecycleSettings> {
        settings::read(self.conn())
    }

    /// (admin) Changes the lifecycle settings.
    pub fn set_lifecycle_settings(&mut self, new: &LifecycleSettings) -> Result<()> {
        self.require(Permission::Administer)?;
        self.write(Action::Settings, |tx, note| {
            let changed = settings::write(tx, new)?;
            note.detail = Some(changed);
            Ok(())
        })
    }

    /// (admin) Grants a user a permission beyond their roles (`ConsentOverride`), or takes
    /// it back.
    pub fn set_user_grant(
        &mut self,
        name: &str,
        permission: Permission,
        granted: bool,
    ) -> Result<UserSummary> {
        self.require(Permission::Administer)?;
        let word = permission.grant_word().ok_or_else(|| {
            Error::invalid("permission", "This permission comes with roles only.")
        })?;
        let name = UserName::find(name, "userName")?;
        let target = store::users::find_active(self.conn(), &name)?.ok_or(Error::NoSuchUser)?;
        self.write(Action::UserRoles, |tx, note| {
            store::users::set_grant(tx, target.id, permission, granted)?;
            note.detail = Some(format!(
                "{} {word}",
                if granted { "grant" } else { "revoke" }
            ));
            Ok(())
        })?;
        let found = store::users::find_active(self.conn(), &name)?.ok_or(Error::NoSuchUser)?;
        Ok(UserSummary {
            name: found.name,
            roles: found.roles,
            grants: found.grants,
            created_at: store::users::created_at(self.conn(), found.id)?,
        })
    }
}
