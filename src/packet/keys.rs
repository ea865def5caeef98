//! An agency's two key pairs — X25519 for the `age` encryption of packet bodies, Ed25519 for
//! their signatures — and a partner's public halves. The secret halves live only inside the
//! encrypted vault; they never appear in a message, a log or a `Debug`.

use std::str::FromStr;

use age::secrecy::ExposeSecret;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use super::card::Fingerprint;

/// An agency's secret keys.
pub struct AgencyKeys {
    encryption: age::x25519::Identity,
    signing: SigningKey,
}

impl std::fmt::Debug for AgencyKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AgencyKeys(…)")
    }
}

impl AgencyKeys {
    /// New keys from the operating system's randomness.
    pub fn generate() -> Self {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(seed.as_mut()).expect("the OS random generator works");
        Self {
            encryption: age::x25519::Identity::generate(),
            signing: SigningKey::from_bytes(&seed),
        }
    }

    /// The keys as the vault keeps them: the `age` secret key (`AGE-SECRET-KEY-1…`) and the
    /// Ed25519 seed. `None` when either is not one.
    pub fn from_secrets(encryption: &str, signing: &[u8]) -> Option<Self> {
        let encryption = age::x25519::Identity::from_str(encryption).ok()?;
        let seed: &[u8; 32] = signing.try_into().ok()?;
        Some(Self {
            encryption,
            signing: SigningKey::from_bytes(seed),
        })
    }

    /// The `age` secret key, to keep in the vault.
    pub fn encryption_secret(&self) -> Zeroizing<String> {
        Zeroizing::new(self.encryption.to_string().expose_secret().to_owned())
    }

    /// The Ed25519 seed, to keep in the vault.
    pub fn signing_secret(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing.to_bytes())
    }

    /// The public halves.
    pub fn public(&self) -> PublicKeys {
        PublicKeys {
            encryption: self.encryption.to_public(),
            signing: self.signing.verifying_key(),
        }
    }

    /// Signs `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// The identity that decrypts bodies sent to this agency.
    pub(crate) fn identity(&self) -> &age::x25519::Identity {
        &self.encryption
    }
}

/// An agency's public keys, read from its card.
#[derive(Clone)]
pub struct PublicKeys {
    encryption: age::x25519::Recipient,
    signing: VerifyingKey,
}

impl PartialEq for PublicKeys {
    fn eq(&self, other: &Self) -> bool {
        self.encryption.to_string() == other.encryption.to_string() && self.signing == other.signing
    }
}

impl Eq for PublicKeys {}

impl std::fmt::Debug for PublicKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKeys({})", self.fingerprint())
    }
}

impl PublicKeys {
    /// The keys as a card (or the vault) writes them: the `age` recipient (`age1…`) and the
    /// Ed25519 key in standard base64. `None` when either is not one.
    pub fn from_card(encryption: &str, signing: &str) -> Option<Self> {
        let encryption = age::x25519::Recipient::from_str(encryption).ok()?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(signing)
            .ok()?;
        let bytes: [u8; 32] = bytes.try_into().ok()?;
        let signing = VerifyingKey::from_bytes(&bytes).ok()?;
        if signing.is_weak() {
            return None;
        }
        Some(Self {
            encryption,
            signing,
        })
    }

    /// The `age` recipient, `age1…`.
    pub fn encryption_key(&self) -> String {
        self.encryption.to_string()
    }

    /// The Ed25519 key in standard base64.
    pub fn signing_key(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.signing.as_bytes())
    }

    /// The X25519 key's 32 bytes, from its `age1…` (Bech32) form.
    fn encryption_bytes(&self) -> [u8; 32] {
        use bech32::FromBase32;
        let (_, data, _) = bech32::decode(&self.encryption.to_string()).expect("age writes Bech32");
        Vec::<u8>::from_base32(&data)
            .expect("age writes whole bytes")
            .try_into()
            .expect("an X25519 key is 32 bytes")
    }

    /// The fingerprint read aloud to check a card.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.encryption_bytes(), self.signing.as_bytes())
    }

    /// The recipient bodies for this agency are encrypted to.
    pub(crate) fn recipient(&self) -> &age::x25519::Recipient {
        &self.encryption
    }

    /// Whether `signature` is this agency's over `message` (strict Ed25519 verification).
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.signing
            .verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_survive_the_vault_round_trip() {
        let keys = AgencyKeys::generate();
        let again =
            AgencyKeys::from_secrets(&keys.encryption_secret(), keys.signing_secret().as_ref())
                .unwrap();
        assert_eq!(again.public(), keys.public());
        let sig = again.sign(b"message");
        assert!(keys.public().verifies(b"message", &sig));
        assert!(!keys.public().verifies(b"messagE", &sig));
        let public = keys.public();
        let read = PublicKeys::from_card(&public.encryption_key(), &public.signing_key()).unwrap();
        assert_eq!(read, public);
        assert!(format!("{keys:?}").len() < 20);
    }
}
