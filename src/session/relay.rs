//! The relay, as signed-in users use it (exchange.md, the relay): the site's connection, and
//! the push and pull that carry the outbox and the inbox through PostgreSQL.
//!
//! Nothing is lost and nothing is received twice, whenever the process stops:
//! - a push commits a batch on the relay first, then marks it sent in the vault; stopped
//!   between, the batch is still waiting and goes again, and the relay keeps one copy (packet
//!   ids are its primary key);
//! - a pull commits each receipt in the vault first, then deletes the envelope from the relay;
//!   stopped between, the next pull meets the packet again, the vault refuses it as received
//!   before, and the envelope is deleted then.

use uuid::Uuid;

use super::Session;
use crate::audit::Action;
use crate::exchange::agency;
use crate::exchange::relay::{self as settings, Pulled, Pushed, RelayProgress, RelayView};
use crate::packet::file::{PacketKind, Sealed};
use crate::relay::envelopes::{self, Outgoing};
use crate::roles::Permission;
use crate::store::exchange as packets;
use crate::{Error, Result};

/// Packets per relay transaction on a push, and per fetch on a pull.
const BATCH: usize = 200;

impl Session {
    /// The relay as the screens show it (everyone who sees the outbox).
    pub fn relay(&self) -> Result<RelayView> {
        self.require_exchange()?;
        settings::view(self.conn())
    }

    /// (admin) Connects this site to a relay: the address and password are tried, then kept
    /// inside the vault. Nothing is kept if the relay cannot be reached or refuses them.
    pub fn connect_relay(&mut self, url: &str, password: Option<&str>) -> Result<RelayView> {
        self.require(Permission::Administer)?;
        agency::keys(self.conn())?;
        crate::relay::check_url(url)?;
        let relay = crate::relay::Connection {
            url: url.trim().to_owned(),
            password: password.map(|p| zeroize::Zeroizing::new(p.to_owned())),
        };
        let mut client = relay.open()?;
        let own = self.own_fingerprint()?;
        envelopes::waiting_for(&mut client, &own)?;
        self.write(Action::RelayConnect, |tx, note| {
            settings::keep(tx, &relay)?;
            settings::touched(tx)?;
            note.detail = Some("connected".into());
            Ok(())
        })?;
        self.relay()
    }

    /// (admin) Forgets the relay connection.
    pub fn forget_relay(&mut self) -> Result<()> {
        self.require(Permission::Administer)?;
        self.write(Action::RelayConnect, |tx, note| {
            settings::forget(tx)?;
            note.detail = Some("forgotten".into());
            Ok(())
        })
    }

    /// Hands every packet waiting in the outbox to the relay, in batches; each batch is marked
    /// sent once the relay committed it. `progress` hears after every batch.
    pub fn push(&mut self, progress: &mut dyn FnMut(RelayProgress)) -> Result<Pushed> {
        self.require_exchange()?;
        let relay = self.relay_connection()?;
        let own = self.own_fingerprint()?;
        let total = packets::waiting_count(self.conn())?;
        progress(RelayProgress { done: 0, total });
        let mut client = relay.open()?;
        let mut sent = 0u64;
        let mut after = String::new();
        loop {
            let batch = packets::waiting_packets(self.conn(), &after, BATCH)?;
            let Some(last) = batch.last() else { break };
            after = last.id.clone();
            let ids: Vec<Uuid> = batch
                .iter()
                .map(|p| Uuid::parse_str(&p.id).map_err(|_| Error::Damaged))
                .collect::<Result<_>>()?;
            let outgoing: Vec<Outgoing<'_>> = batch
                .iter()
                .zip(&ids)
                .map(|(p, &id)| Outgoing {
                    id,
                    recipient: &p.recipient,
                    sender: &own,
                    kind: &p.kind,
                    bytes: &p.bytes,
                })
                .collect();
            envelopes::put(&mut client, &outgoing)?;
            self.write(Action::RelayPush, |tx, note| {
                for p in &batch {
                    crate::exchange::outbox::mark_sent(tx, &p.id)?;
                }
                settings::touched(tx)?;
                note.detail = Some(format!("pushed {}", batch.len()));
                Ok(())
            })?;
            sent += batch.len() as u64;
            progress(RelayProgress {
                done: sent,
                total: total.max(sent),
            });
        }
        if sent == 0 {
            self.write(Action::RelayPush, |tx, note| {
                settings::touched(tx)?;
                note.detail = Some("pushed 0".into());
                Ok(())
            })?;
        }
        Ok(Pushed { sent })
    }

    /// Fetches what the relay holds for this agency and receives each packet as a file would
    /// be received; an envelope is deleted from the relay only after its receipt is committed
    /// here. Packets this user's roles may not receive, and those that may be received later
    /// (an unknown sender, say), stay on the relay.
    pub fn pull(&mut self, progress: &mut dyn FnMut(RelayProgress)) -> Result<Pulled> {
        self.require_either(Permission::ManageIntake, Permission::ProduceReport)?;
        let relay = self.relay_connection()?;
        let own = self.own_fingerprint()?;
        let mut client = relay.open()?;
        let total = envelopes::waiting_for(&mut client, &own)?;
        progress(RelayProgress { done: 0, total });
        let mut pulled = Pulled::default();
        let mut left: Vec<Uuid> = Vec::new();
        let mut done = 0u64;
        loop {
            let batch = envelopes::fetch(&mut client, &own, &left, BATCH as i64)?;
            if batch.is_empty() {
                break;
            }
            let mut taken = Vec::with_capacity(batch.len());
            for envelope in batch {
                done += 1;
                match self.receive_from_relay(&envelope.bytes, &mut pulled)? {
                    true => taken.push(envelope.id),
                    false => left.push(envelope.id),
                }
            }
            envelopes::delete(&mut client, &own, &taken)?;
            progress(RelayProgress {
                done,
                total: total.max(done),
            });
        }
        let detail = format!(
            "pulled {} already {} discarded {} left {}",
            pulled.received(),
            pulled.already_received,
            pulled.discarded,
            left.len()
        );
        self.write(Action::RelayPull, |tx, note| {
            settings::touched(tx)?;
            note.detail = Some(detail);
            Ok(())
        })?;
        Ok(pulled)
    }

    /// Receives one packet from the relay; whether its envelope may be deleted.
    fn receive_from_relay(&mut self, bytes: &[u8], pulled: &mut Pulled) -> Result<bool> {
        let kind = Sealed::read(bytes).map(|s| s.header.kind);
        let allowed = match kind {
            Ok(PacketKind::Contribution) => self.may(Permission::ProduceReport),
            Ok(_) => self.may(Permission::ManageIntake),
            Err(_) => true,
        };
        if !allowed {
            pulled.leave("notAllowed");
            return Ok(false);
        }
        match self.receive_packet_bytes(bytes) {
            Ok(received) => {
                match received.kind {
                    PacketKind::Referral => pulled.referrals += 1,
                    PacketKind::Ack => pulled.answers += 1,
                    PacketKind::Contribution => pulled.contributions += 1,
                }
                Ok(true)
            }
            Err(Error::PacketRefused(crate::packet::Refusal::Replay)) => {
                pulled.already_received += 1;
                Ok(true)
            }
            Err(Error::PacketRefused(refusal)) if settings::discard_refused(refusal) => {
                pulled.discarded += 1;
                Ok(true)
            }
            Err(Error::PacketRefused(refusal)) => {
                pulled.leave(refusal.as_str());
                Ok(false)
            }
            // A body this vault's rules refuse (a sender's bug): kept for a look, not received.
            Err(e) if e.kind() == crate::ErrorKind::Invalid => {
                pulled.leave("invalid");
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// The stored relay connection, or the error saying to connect first.
    fn relay_connection(&self) -> Result<crate::relay::Connection> {
        settings::connection(self.conn())?.ok_or_else(|| {
            Error::invalid(
                "relay",
                "This site is not connected to a relay. An administrator connects it first (Administration, Relay, or `haven relay connect`).",
            )
        })
    }

    /// This agency's fingerprint, as the relay knows it.
    fn own_fingerprint(&self) -> Result<String> {
        let (_, keys) = agency::keys(self.conn())?;
        Ok(keys.public().fingerprint().to_string())
    }

    /// Anyone who makes or receives packets.
    fn require_exchange(&self) -> Result<()> {
        if self.may(Permission::RecordServices)
            || self.may(Permission::ManageIntake)
            || self.may(Permission::ProduceReport)
        {
            Ok(())
        } else {
            self.require(Permission::Administer)
        }
    }
}
