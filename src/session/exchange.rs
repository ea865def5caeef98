//! Between agencies, as signed-in users act (exchange.md): the agency identity and its card,
//! partners, referral packets sent, received and answered, the outbox and inbox. Each method
//! checks who may, then hands the work to `crate::exchange`. A refused packet writes nothing,
//! not even an audit entry: the write helper's transaction is given up whole.

use std::path::Path;

use super::Session;
use crate::audit::Action;
use crate::cases::operations::Amend;
use crate::exchange::{agency, outbox, partners, referral};
use crate::exchange::{AgencyView, CardPreview, NewAgency, PacketView, PartnerView};
use crate::exchange::{Received, SendReferral, Sent};
use crate::packet::{AgencyCard, Answer, MAX_CARD_BYTES, MAX_PACKET_BYTES};
use crate::records::CivilDate;
use crate::roles::Permission;
use crate::{Error, Result};

/// Reads a file the user chose, refusing one far larger than a packet or card can be.
fn read_small(path: &Path, max: usize) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > max as u64 {
        return Err(Error::PacketRefused(crate::packet::Refusal::NotAPacket));
    }
    Ok(std::fs::read(path)?)
}

/// Writes a packet or card file whole.
fn save(bytes: &[u8], path: &Path) -> Result<()> {
    crate::files::save_whole(bytes, path, Error::PacketNotSaved)
}

impl Session {
    /// The vault's agency identity, if one was made (everyone: the screens show it).
    pub fn agency(&self) -> Result<Option<AgencyView>> {
        agency::view(self.conn())
    }

    /// (admin) Makes the vault's agency identity: its keys, kept inside the vault.
    pub fn init_agency(&mut self, new: &NewAgency) -> Result<AgencyView> {
        self.require(Permission::Administer)?;
        self.write(Action::AgencyInit, |tx, note| agency::init(tx, note, new))
    }

    /// The public agency card, for partners.
    pub fn agency_card(&self) -> Result<AgencyCard> {
        agency::card(self.conn())
    }

    /// Writes the public agency card to `path`.
    pub fn save_agency_card(&self, path: &Path) -> Result<AgencyCard> {
        let card = self.agency_card()?;
        save(&card.to_bytes(), path)?;
        Ok(card)
    }

    /// (admin) Reads a partner's card file for the screen: nothing is stored.
    pub fn preview_partner_card(&self, path: &Path) -> Result<CardPreview> {
        self.require(Permission::Administer)?;
        partners::preview(self.conn(), &read_small(path, MAX_CARD_BYTES)?)
    }

    /// (admin) Adds the partner whose card is at `path`, if `fingerprint` — as its people
    /// read it aloud — is the card's; otherwise nothing is stored.
    pub fn add_partner(&mut self, path: &Path, fingerprint: &str) -> Result<PartnerView> {
        self.require(Permission::Administer)?;
        let bytes = read_small(path, MAX_CARD_BYTES)?;
        self.add_partner_card(&bytes, fingerprint)
    }

    /// (admin) [`Session::add_partner`] from the card's bytes.
    pub fn add_partner_card(&mut self, card: &[u8], fingerprint: &str) -> Result<PartnerView> {
        self.require(Permission::Administer)?;
        self.write(Action::PartnerAdd, |tx, note| {
            partners::add(tx, note, card, fingerprint)
        })
    }

    /// The name of the partner whose card file is at `path` (one not a partner is refused).
    pub fn partner_of_card(&self, path: &Path) -> Result<String> {
        self.require_either(Permission::ReadCaseData, Permission::Administer)?;
        partners::name_of_card(self.conn(), &read_small(path, MAX_CARD_BYTES)?)
    }

    /// The partners (everyone who refers needs the list).
    pub fn partners(&self) -> Result<Vec<PartnerView>> {
        self.require_either(Permission::ReadCaseData, Permission::Administer)?;
        partners::list(self.conn())
    }

    /// (admin) Removes a partner: its packets are refused from now on.
    pub fn remove_partner(&mut self, name: &str) -> Result<()> {
        self.require(Permission::Administer)?;
        self.write(Action::PartnerRemove, |tx, note| {
            partners::remove(tx, note, name)
        })
    }

    /// (caseworker) Makes the referral packet of case `code` for a partner, through the
    /// consent gate. With `out`, the packet file is written there (and the referral is `sent`);
    /// without, it waits in the outbox. A file that cannot be written records nothing.
    pub fn send_referral(
        &mut self,
        code: &str,
        request: &SendReferral,
        out: Option<&Path>,
    ) -> Result<Sent> {
        self.require(Permission::RecordServices)?;
        let today = CivilDate::today();
        self.write(Action::ReferralSend, |tx, note| {
            let sent = referral::send(Amend { tx, note, code }, request, today, out.is_some())?;
            note.detail = Some(format!("referral packet={} notes={}", sent.id, sent.notes));
            if let Some(path) = out {
                save(&sent.bytes, path)?;
            }
            Ok(sent)
        })
    }

    /// (intake) Receives a packet file from a partner: a referral makes an intake case
    /// `referred in`; an answer moves the referral it answers on. Refused —
    /// [`Error::PacketRefused`] — nothing is written. Answering a referral received is
    /// [`Session::answer_referral`], a step of its own: a receipt stands even when the answer
    /// cannot be written.
    pub fn receive_packet(&mut self, path: &Path) -> Result<Received> {
        self.require_either(Permission::ManageIntake, Permission::ProduceReport)?;
        let bytes = read_small(path, MAX_PACKET_BYTES)?;
        self.receive_packet_bytes(&bytes)
    }

    /// [`Session::receive_packet`] from the packet's bytes.
    /// A contribution needs the supervisor's role instead (it holds counts, not a person).
    pub fn receive_packet_bytes(&mut self, bytes: &[u8]) -> Result<Received> {
        match crate::packet::Sealed::read(bytes).map(|s| s.header.kind) {
            Ok(crate::packet::PacketKind::Contribution) => {
                self.require(Permission::ProduceReport)?
            }
            _ => self.require(Permission::ManageIntake)?,
        }
        let today = CivilDate::today();
        self.write(Action::ReferralReceive, |tx, note| {
            referral::receive(tx, note, bytes, today)
        })
    }

    /// (intake) Answers the referral that made case `code`: the acknowledgement is written
    /// to `out`, or waits in the outbox.
    pub fn answer_referral(
        &mut self,
        code: &str,
        answer: Answer,
        out: Option<&Path>,
    ) -> Result<Sent> {
        self.require(Permission::ManageIntake)?;
        let today = CivilDate::today();
        self.write(Action::ReferralAnswer, |tx, note| {
            let sent = referral::answer(tx, note, code, answer, today, out.is_some())?;
            if let Some(path) = out {
                save(&sent.bytes, path)?;
            }
            Ok(sent)
        })
    }

    /// The outbox and the inbox, newest first: codes, dates and organizations.
    pub fn packets(&self) -> Result<Vec<PacketView>> {
        self.require(Permission::ReadCaseData)?;
        outbox::list(self.conn())
    }

    /// The packets of one case.
    pub fn case_packets(&self, code: &str) -> Result<Vec<PacketView>> {
        self.require(Permission::ReadCaseData)?;
        let case =
            crate::store::cases::case_id_by_code(self.conn(), code)?.ok_or(Error::NoSuchCase)?;
        outbox::of_case(self.conn(), case)
    }

    /// Writes a packet of the outbox to `path` (again, if it was written before); a waiting
    /// one is `sent` from then on.
    pub fn save_packet(&mut self, id: &str, path: &Path) -> Result<()> {
        self.require_either(Permission::RecordServices, Permission::ManageIntake)?;
        let bytes = outbox::bytes(self.conn(), id)?;
        save(&bytes, path)?;
        self.write(Action::Export, |tx, note| {
            outbox::mark_sent(tx, id)?;
            note.detail = Some(format!("packet={id}"));
            Ok(())
        })
    }

    /// This vault's agency keys, for tests that play a sender (never in shipped binaries).
    #[cfg(feature = "test-support")]
    pub fn agency_keys_for_test(&self) -> crate::packet::AgencyKeys {
        agency::keys(self.conn()).expect("an agency").1
    }
}
