//! Between agencies: the agency identity and its card, partners, referral packets sent,
//! received and answered (the save and open dialogs give the paths), the outbox and inbox.

use std::path::Path;

use haven::exchange::{
    AgencyView, CardPreview, NewAgency, PacketView, PartnerView, Received, SendReferral, Sent,
};
use haven::packet::{AgencyCard, Answer};
use tauri::State;

use super::admin::with_session;
use super::registry::command;
use crate::error::CommandResult;
use crate::state::AppState;

command! {
    /// The vault's agency identity, if one was made.
    pub async fn agency_get(session) -> Option<AgencyView> => |s| s.agency()
}

command! {
    /// Makes the vault's agency identity (admin).
    pub async fn agency_init(session, agency: NewAgency) -> AgencyView => |s| s.init_agency(&agency)
}

command! {
    /// Writes the public agency card to the file chosen in the save dialog.
    pub async fn agency_card_save(session, path: String) -> AgencyCard
        => |s| s.save_agency_card(Path::new(&path))
}

command! {
    /// Reads a partner's card chosen in the open dialog, storing nothing (admin).
    pub async fn partner_card_preview(session, path: String) -> CardPreview
        => |s| s.preview_partner_card(Path::new(&path))
}

command! {
    /// Adds the partner whose card is at `path`, if `fingerprint` is the card's (admin).
    pub async fn partner_add(session, path: String, fingerprint: String) -> PartnerView
        => |s| s.add_partner(Path::new(&path), &fingerprint)
}

command! {
    /// The partners, active first.
    pub async fn partners_list(session) -> Vec<PartnerView> => |s| s.partners()
}

command! {
    /// Removes a partner (admin).
    pub async fn partner_remove(session, name: String) -> () => |s| s.remove_partner(&name)
}

command! {
    /// Makes a case's referral packet for a partner and writes it to the file chosen.
    pub async fn referral_send(session, code: String, referral: SendReferral, path: String) -> Sent
        => |s| s.send_referral(&code, &referral, Some(Path::new(&path)))
}

command! {
    /// Receives the packet file chosen in the open dialog.
    pub async fn referral_receive(session, path: String) -> Received
        => |s| s.receive_packet(Path::new(&path))
}

command! {
    /// Answers the referral that made a case, writing the answer to the file chosen.
    pub async fn referral_answer(session, code: String, answer: Answer, path: String) -> Sent
        => |s| s.answer_referral(&code, answer, Some(Path::new(&path)))
}

command! {
    /// The outbox and the inbox.
    pub async fn packets_list(session) -> Vec<PacketView> => |s| s.packets()
}

command! {
    /// The packets of one case.
    pub async fn case_packets(session, code: String) -> Vec<PacketView> => |s| s.case_packets(&code)
}

command! {
    /// Writes a packet of the outbox to the file chosen (again).
    pub async fn packet_save(session, id: String, path: String) -> ()
        => |s| s.save_packet(&id, Path::new(&path))
}
