//! Between agencies (exchange.md): this vault's agency identity and card,
//! the partner directory, and referral packets sent, received and answered. The bytes of a
//! packet are `crate::packet`'s; here is what a vault does with them — which partner, which
//! consent, which case, which status.
//!
//! - `agency` — the identity (keys inside the vault) and its public card.
//! - `partners` — partner cards, checked by the fingerprint read aloud, linked to organizations.
//! - `referral` — sending through the consent gate, receiving (every refusal before anything
//!   is written), answering.
//! - `outbox` — the packets made and received, where each stands.
//! - `relay` — the site's relay connection and last contact, what a push or a pull did.
//! - `contribution` — a site's exact counts sealed for the consolidator, and the contributions
//!   a consolidator keeps (one current per site and period).

pub mod agency;
pub mod contribution;
pub mod outbox;
pub mod partners;
pub mod referral;
pub mod relay;

pub use agency::{AgencyView, NewAgency};
pub use contribution::{Contribute, ContributionView};
pub use outbox::{Direction, PacketStatus, PacketView};
pub use partners::{CardPreview, PartnerView};
pub use referral::{Received, SendReferral, Sent};
pub use relay::{LeftOnRelay, Pulled, Pushed, RelayProgress, RelayView};
