//! Referral packets as a vault makes and takes them (exchange.md): sending a case to a
//! partner through the consent gate, receiving a partner's packet — every check before
//! anything is written — and answering a referral received.

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::outbox::PacketStatus;
use super::{agency, partners};
use crate::audit::Note;
use crate::cases::operations::{self as op, Amend};
use crate::lifecycle::gate::{self, Cover};
use crate::packet::body::SharedConsent;
use crate::packet::file::{seal, Header, PacketKind, Sealed};
use crate::packet::{
    AckBody, Answer, ContributionBody, Fingerprint, ReferralBody, Refusal, SiteRef, VALID_DAYS,
};
use crate::records::interchange::{CaseRecord, ConsentRecord, ReferralRecord};
use crate::records::validate::org_key;
use crate::records::vocab::{CaseStatus, ConsentScope, ReferralStatus, ServiceKind};
use crate::records::CivilDate;
use crate::store::exchange::{self as store, PacketRow};
use crate::store::{cases, entries, lifecycle as consents};
use crate::{Error, Result};

/// A referral to make.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SendReferral {
    /// The partner's organization name.
    pub to: String,
    /// The services the partner is asked for.
    #[serde(default)]
    pub services: Vec<ServiceKind>,
    /// Whether the case's notes go too (only where the consent names the partner).
    #[serde(default)]
    pub include_notes: bool,
}

/// A packet made: its bytes are for a file (or wait in the outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Sent {
    /// The packet's id.
    pub id: String,
    /// The partner it is for.
    pub partner: String,
    /// The case.
    pub case: String,
    /// Whether the notes went with it.
    pub notes: u32,
    /// The packet file's bytes.
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
}

/// What receiving a packet did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Received {
    /// A referral or an answer.
    pub kind: PacketKind,
    /// The packet's id.
    pub id: String,
    /// The partner it came from.
    pub partner: String,
    /// The case made (a referral) or answered (an answer).
    pub case: Option<String>,
    /// The answer an acknowledgement carried.
    pub answer: Option<Answer>,
    /// The notes that came with a referral.
    pub notes: u32,
}

/// Makes the referral packet of case `code` for a partner: the consent gate first (a valid
/// consent to referrals covering the partner today; no override for a packet), notes only when
/// that consent names the partner. Records the referral and the packet, `waiting` in the
/// outbox or `sent` when `to_file`.
pub(crate) fn send(
    a: Amend<'_, '_>,
    request: &SendReferral,
    today: CivilDate,
    to_file: bool,
) -> Result<Sent> {
    let (tx, code) = (a.tx, a.code);
    let (own, keys) = agency::keys(tx)?;
    let (partner, partner_keys) = partners::recipient(tx, &request.to)?;
    let case = cases::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
    op::refuse_erased(tx, case)?;
    let consent = match gate::cover(tx, case, &partner.name, today)? {
        Some(Cover::Consent(id)) => id,
        _ => {
            return Err(Error::ConsentRequired {
                organization: partner.name.clone(),
                date: today,
            })
        }
    };
    let consent = consents::consents_of(tx, case)?
        .into_iter()
        .find(|c| c.id == consent)
        .ok_or(Error::Damaged)?
        .record;
    let names_partner = consent
        .organizations
        .iter()
        .any(|o| org_key(o) == org_key(&partner.name));
    if request.include_notes && !names_partner {
        return Err(Error::invalid(
            "includeNotes",
            "The person's consent to this referral does not name this partner, so the notes cannot go with it. Send it without notes, or record a consent that names the partner.",
        ));
    }
    let record = cases::read_case(tx, case)?;
    let (_, elsewhere) = store::referred_in(tx, case)?;
    let own_fp = keys.public().fingerprint();
    let identified_at = match elsewhere {
        Some(fp) => SiteRef {
            name: store::partner(tx, &fp)?.map(|p| p.name).unwrap_or_default(),
            fingerprint: fp,
        },
        None => SiteRef {
            name: own.name.clone(),
            fingerprint: own_fp.to_string(),
        },
    };
    let recipient = Fingerprint::parse(&partner.fingerprint).ok_or(Error::Damaged)?;
    let header = Header::new(PacketKind::Referral, own_fp, recipient, today);
    let mut services = request.services.clone();
    services.sort();
    services.dedup();
    let notes = if request.include_notes {
        record.notes.clone()
    } else {
        Vec::new()
    };
    let body = ReferralBody {
        packet: header.id,
        sender: header.sender.clone(),
        date: today,
        person: record.person,
        identified_on: record.identified_on,
        identified_by: record.identified_by,
        identified_at,
        recognition: record.recognition,
        exploitation: record.exploitation,
        country_of_exploitation: record.country_of_exploitation,
        services: services.clone(),
        consent: SharedConsent {
            given_on: consent.given_on,
            expires_on: consent.expires_on.ok_or(Error::Damaged)?,
        },
        notes,
    };
    let plain = zeroize::Zeroizing::new(serde_json::to_vec(&body).map_err(|_| Error::Damaged)?);
    let bytes = seal(&header, &plain, &partner_keys, &keys);
    let referral = gate::refer(
        a,
        ReferralRecord {
            date: today,
            to: partner.name.clone(),
            status: ReferralStatus::Pending,
        },
        None,
    )?;
    let id = header.id.to_string();
    store::insert_packet(
        tx,
        &PacketRow {
            id: id.clone(),
            direction: "out",
            kind: "referral",
            partner: partner.fingerprint.clone(),
            case_id: Some(case),
            referral_id: Some(referral),
            answers: None,
            status: PacketStatus::made(to_file).as_str(),
            services: crate::store::join_words(&services),
            created_on: today,
            at: crate::clock::now_utc(),
            bytes: Some(bytes.clone()),
        },
    )?;
    Ok(Sent {
        id,
        partner: partner.name,
        case: code.trim().to_owned(),
        notes: body.notes.len() as u32,
        bytes,
    })
}

/// Receives a packet file. Every check comes before any write, in this order: the shape, the
/// recipient, the sender (a partner, not removed), the signature, replay, the date, the
/// decryption, the body. A referral makes an intake case `referred in` with the consent it was
/// made under; an answer moves the referral it answers to accepted or declined.
pub(crate) fn receive(
    tx: &Transaction<'_>,
    note: &mut Note,
    file: &[u8],
    today: CivilDate,
) -> Result<Received> {
    let refuse = Error::PacketRefused;
    let sealed = Sealed::read(file).map_err(refuse)?;
    let (own, keys) = agency::keys(tx)?;
    let own_fp = keys.public().fingerprint();
    if sealed.header.recipient() != own_fp {
        return Err(refuse(Refusal::AnotherRecipient));
    }
    let sender_fp = sealed.header.sender();
    let (partner, partner_keys) = partners::sender(tx, &sender_fp)?;
    sealed.verify(&partner_keys).map_err(refuse)?;
    let id = sealed.header.id.to_string();
    if store::packet_known(tx, &id)? {
        return Err(refuse(Refusal::Replay));
    }
    let created = sealed.header.created;
    if created.add_days(VALID_DAYS).is_none_or(|last| last < today) {
        return Err(refuse(Refusal::Expired));
    }
    if today.add_days(1).is_some_and(|tomorrow| created > tomorrow) {
        return Err(refuse(Refusal::FromTheFuture));
    }
    let plain = zeroize::Zeroizing::new(sealed.open(&keys).map_err(refuse)?);
    match sealed.header.kind {
        PacketKind::Referral => {
            let body: ReferralBody =
                serde_json::from_slice(&plain).map_err(|_| refuse(Refusal::Changed))?;
            if body.packet != sealed.header.id || body.sender != sealed.header.sender {
                return Err(refuse(Refusal::Changed));
            }
            take_in(tx, note, body, &own, &own_fp, &partner, created)
        }
        PacketKind::Ack => {
            let body: AckBody =
                serde_json::from_slice(&plain).map_err(|_| refuse(Refusal::Changed))?;
            if body.packet != sealed.header.id || body.sender != sealed.header.sender {
                return Err(refuse(Refusal::Changed));
            }
            take_answer(tx, note, body, &partner, created)
        }
        PacketKind::Contribution => {
            let body: ContributionBody =
                serde_json::from_slice(&plain).map_err(|_| refuse(Refusal::Changed))?;
            if body.packet != sealed.header.id || body.sender != sealed.header.sender {
                return Err(refuse(Refusal::Changed));
            }
            super::contribution::take(tx, note, body, &partner, created)
        }
    }
}

/// The intake case of a referral received.
fn take_in(
    tx: &Transaction<'_>,
    note: &mut Note,
    body: ReferralBody,
    own: &store::AgencyRow,
    own_fp: &Fingerprint,
    partner: &store::PartnerRow,
    created: CivilDate,
) -> Result<Received> {
    let notes = body.notes.len() as u32;
    let record = CaseRecord {
        source_ref: None,
        code: None,
        person: body.person,
        identified_on: body.identified_on,
        identified_by: body.identified_by,
        recognition: body.recognition,
        exploitation: body.exploitation,
        country_of_exploitation: body.country_of_exploitation,
        status: CaseStatus::Open,
        closed_on: None,
        consents: vec![ConsentRecord {
            scope: ConsentScope::Referrals,
            given_on: body.consent.given_on,
            expires_on: Some(body.consent.expires_on),
            organizations: vec![own.name.clone()],
            withdrawn_on: None,
        }],
        referrals: Vec::new(),
        shelter_stays: Vec::new(),
        services: Vec::new(),
        allowances: Vec::new(),
        trainings: Vec::new(),
        employments: Vec::new(),
        notes: body.notes,
    };
    let code = op::create(tx, note, &record)?;
    let case = note.case.ok_or(Error::Damaged)?;
    let identified_here = Fingerprint::parse(&body.identified_at.fingerprint) == Some(*own_fp);
    let elsewhere = (!identified_here).then_some(body.identified_at.fingerprint.as_str());
    store::set_referred_in(tx, case, partner.organization_id, elsewhere)?;
    let mut services = body.services;
    services.sort();
    services.dedup();
    store::insert_packet(
        tx,
        &PacketRow {
            id: body.packet.to_string(),
            direction: "in",
            kind: "referral",
            partner: partner.fingerprint.clone(),
            case_id: Some(case),
            referral_id: None,
            answers: None,
            status: PacketStatus::Received.as_str(),
            services: crate::store::join_words(&services),
            created_on: created,
            at: crate::clock::now_utc(),
            bytes: None,
        },
    )?;
    note.detail = Some(format!("referral packet={} notes={notes}", body.packet));
    Ok(Received {
        kind: PacketKind::Referral,
        id: body.packet.to_string(),
        partner: partner.name.clone(),
        case: Some(code),
        answer: None,
        notes,
    })
}

/// An answer to a referral sent from here.
fn take_answer(
    tx: &Transaction<'_>,
    note: &mut Note,
    body: AckBody,
    partner: &store::PartnerRow,
    created: CivilDate,
) -> Result<Received> {
    let answered = store::packet_line(tx, &body.answers.to_string())?
        .filter(|l| {
            l.direction == "out" && l.kind == "referral" && l.partner == partner.fingerprint
        })
        .ok_or(Error::PacketRefused(Refusal::UnknownReferral))?;
    let status = PacketStatus::of(body.answer);
    store::set_packet_status(tx, &answered.id, status.as_str(), true)?;
    if let Some(referral) = answered.referral_id {
        let status = match body.answer {
            Answer::Accepted => ReferralStatus::Accepted,
            Answer::Declined => ReferralStatus::Declined,
        };
        entries::set_referral_status(tx, referral, status)?;
    }
    let case = match &answered.case_code {
        Some(code) => cases::case_id_by_code(tx, code)?,
        None => None,
    };
    if let Some(case) = case {
        cases::touch(tx, case)?;
    }
    note.case = case;
    store::insert_packet(
        tx,
        &PacketRow {
            id: body.packet.to_string(),
            direction: "in",
            kind: "ack",
            partner: partner.fingerprint.clone(),
            case_id: case,
            referral_id: answered.referral_id,
            answers: Some(answered.id.clone()),
            status: status.as_str(),
            services: String::new(),
            created_on: created,
            at: crate::clock::now_utc(),
            bytes: None,
        },
    )?;
    note.detail = Some(format!(
        "answer packet={} answers={} {}",
        body.packet,
        answered.id,
        body.answer.as_str()
    ));
    Ok(Received {
        kind: PacketKind::Ack,
        id: body.packet.to_string(),
        partner: partner.name.clone(),
        case: answered.case_code,
        answer: Some(body.answer),
        notes: 0,
    })
}

/// Answers the referral that made case `code`: an acknowledgement packet for the partner
/// that sent it, `waiting` in the outbox or `sent` when `to_file`.
pub(crate) fn answer(
    tx: &Transaction<'_>,
    note: &mut Note,
    code: &str,
    answer: Answer,
    today: CivilDate,
    to_file: bool,
) -> Result<Sent> {
    let (_, keys) = agency::keys(tx)?;
    let case = cases::case_id_by_code(tx, code)?.ok_or(Error::NoSuchCase)?;
    note.case = Some(case);
    let incoming = store::packet_lines_of_case(tx, case)?
        .into_iter()
        .find(|l| l.direction == "in" && l.kind == "referral")
        .ok_or_else(|| {
            Error::invalid(
                "code",
                "This case was not referred in by a partner, so there is no referral to answer.",
            )
        })?;
    if incoming.status != PacketStatus::Received.as_str() {
        return Err(Error::invalid(
            "answer",
            "This referral was answered already.",
        ));
    }
    let fp = Fingerprint::parse(&incoming.partner).ok_or(Error::Damaged)?;
    let (partner, partner_keys) = partners::sender(tx, &fp).map_err(|e| match e {
        Error::PacketRefused(_) => Error::invalid(
            "code",
            "The agency that referred this person is no longer one of your partners; add its card again to answer.",
        ),
        other => other,
    })?;
    let header = Header::new(PacketKind::Ack, keys.public().fingerprint(), fp, today);
    let body = AckBody {
        packet: header.id,
        sender: header.sender.clone(),
        answers: Uuid::parse_str(&incoming.id).map_err(|_| Error::Damaged)?,
        answer,
        date: today,
    };
    let plain = serde_json::to_vec(&body).map_err(|_| Error::Damaged)?;
    let bytes = seal(&header, &plain, &partner_keys, &keys);
    store::set_packet_status(tx, &incoming.id, PacketStatus::of(answer).as_str(), false)?;
    let id = header.id.to_string();
    store::insert_packet(
        tx,
        &PacketRow {
            id: id.clone(),
            direction: "out",
            kind: "ack",
            partner: partner.fingerprint.clone(),
            case_id: Some(case),
            referral_id: None,
            answers: Some(incoming.id.clone()),
            status: PacketStatus::made(to_file).as_str(),
            services: String::new(),
            created_on: today,
            at: crate::clock::now_utc(),
            bytes: Some(bytes.clone()),
        },
    )?;
    cases::touch(tx, case)?;
    note.detail = Some(format!("answer packet={id} {}", answer.as_str()));
    Ok(Sent {
        id,
        partner: partner.name,
        case: code.trim().to_owned(),
        notes: 0,
        bytes,
    })
}
