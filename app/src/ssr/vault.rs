//! The personal-data vault: emails, names, addresses and free text written by people are sealed
//! with XChaCha20-Poly1305 before they reach the database, and looked up through a keyed hash
//! (HMAC-SHA256 of the normalised value). A stolen dump without the keys reveals neither.
//!
//! A sealed value is text, `v1.<key id>.<base64url(nonce ‖ ciphertext)>`: each value names the
//! key that sealed it, so keys can be rotated (new values use the newest key; old ones stay
//! readable while their key is configured) without a separate key-id column. The value's purpose
//! (such as `emails.sealed`) is bound in as associated data, so a ciphertext copied into another
//! column does not open.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const DATA_KEY_PREFIX: &str = "data-key-";
const LOOKUP_KEY_FILE: &str = "lookup-key";

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("cannot read key file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write key file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("key file {0} does not hold a base64 key of 32 bytes")]
    BadKey(PathBuf),
    #[error("no keys in {0}")]
    NoKeys(PathBuf),
    #[error("sealed value is malformed")]
    Malformed,
    #[error("sealed value uses key {0}, which is not configured")]
    UnknownKey(u32),
    #[error("sealed value does not open with its key (tampered, or sealed for another purpose)")]
    Tampered,
}

#[derive(Clone)]
pub struct Vault {
    inner: Arc<Keys>,
}

struct Keys {
    data: BTreeMap<u32, XChaCha20Poly1305>,
    current: u32,
    lookup: [u8; 32],
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault")
            .field("current_key", &self.inner.current)
            .finish_non_exhaustive()
    }
}

/// What [`Vault::open_dir`] found.
pub struct Opened {
    pub vault: Vault,
    /// True when the keys were generated now, because the folder had none.
    pub generated: bool,
}

impl Vault {
    /// A vault from raw keys; the highest data-key id seals new values.
    pub fn from_keys(data_keys: BTreeMap<u32, [u8; 32]>, lookup: [u8; 32]) -> Option<Vault> {
        let current = *data_keys.keys().next_back()?;
        let data = data_keys
            .into_iter()
            .map(|(id, k)| (id, XChaCha20Poly1305::new(&k.into())))
            .collect();
        Some(Vault {
            inner: Arc::new(Keys {
                data,
                current,
                lookup,
            }),
        })
    }

    /// A vault with fresh random keys, for tests.
    pub fn generate() -> Vault {
        let mut keys = BTreeMap::new();
        keys.insert(1, random_key());
        Vault::from_keys(keys, random_key()).unwrap_or_else(|| unreachable!("one key was inserted"))
    }

    /// Loads `data-key-<id>` files and `lookup-key` from `dir`. With `create`, a folder without
    /// keys gets new ones (files of mode 0600); without it, missing keys are an error.
    pub fn open_dir(dir: &Path, create: bool) -> Result<Opened, VaultError> {
        let mut generated = false;
        let has_keys = dir.join(LOOKUP_KEY_FILE).exists();
        if !has_keys {
            if !create {
                return Err(VaultError::NoKeys(dir.to_owned()));
            }
            crate::ssr::private::create_dir(dir).map_err(|source| VaultError::Write {
                path: dir.to_owned(),
                source,
            })?;
            write_key(&dir.join(format!("{DATA_KEY_PREFIX}1")), &random_key())?;
            write_key(&dir.join(LOOKUP_KEY_FILE), &random_key())?;
            generated = true;
        }
        let lookup = read_key(&dir.join(LOOKUP_KEY_FILE))?;
        let mut data = BTreeMap::new();
        let entries = std::fs::read_dir(dir).map_err(|source| VaultError::Read {
            path: dir.to_owned(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| VaultError::Read {
                path: dir.to_owned(),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(id) = name
                .strip_prefix(DATA_KEY_PREFIX)
                .and_then(|id| id.parse::<u32>().ok())
            {
                data.insert(id, read_key(&entry.path())?);
            }
        }
        let vault =
            Vault::from_keys(data, lookup).ok_or_else(|| VaultError::NoKeys(dir.to_owned()))?;
        Ok(Opened { vault, generated })
    }

    /// Seals `plaintext` for `purpose` (such as `emails.sealed`).
    pub fn seal(&self, purpose: &str, plaintext: &[u8]) -> String {
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        let cipher = &self.inner.data[&self.inner.current];
        // Encryption with a valid key and nonce cannot fail for in-memory buffers.
        let ciphertext = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: purpose.as_bytes(),
                },
            )
            .unwrap_or_default();
        let mut blob = Vec::with_capacity(24 + ciphertext.len());
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&ciphertext);
        format!("v1.{}.{}", self.inner.current, B64.encode(blob))
    }

    pub fn seal_str(&self, purpose: &str, plaintext: &str) -> String {
        self.seal(purpose, plaintext.as_bytes())
    }

    pub fn open(&self, purpose: &str, sealed: &str) -> Result<Vec<u8>, VaultError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some("v1"), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(VaultError::Malformed);
        };
        let id: u32 = id.parse().map_err(|_| VaultError::Malformed)?;
        let blob = B64.decode(body).map_err(|_| VaultError::Malformed)?;
        if blob.len() < 24 + 16 {
            return Err(VaultError::Malformed);
        }
        let cipher = self.inner.data.get(&id).ok_or(VaultError::UnknownKey(id))?;
        let (nonce, ciphertext) = blob.split_at(24);
        cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Tampered)
    }

    pub fn open_str(&self, purpose: &str, sealed: &str) -> Result<String, VaultError> {
        String::from_utf8(self.open(purpose, sealed)?).map_err(|_| VaultError::Tampered)
    }

    /// The keyed hash used to find or de-duplicate a value without storing it: HMAC-SHA256 over
    /// `purpose` and the already-normalised value, base64url.
    pub fn lookup_hash(&self, purpose: &str, normalised: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.inner.lookup)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(normalised.as_bytes());
        B64.encode(mac.finalize().into_bytes())
    }
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    key
}

fn read_key(path: &Path) -> Result<[u8; 32], VaultError> {
    let text = std::fs::read_to_string(path).map_err(|source| VaultError::Read {
        path: path.to_owned(),
        source,
    })?;
    let bytes = B64
        .decode(text.trim())
        .map_err(|_| VaultError::BadKey(path.to_owned()))?;
    bytes
        .try_into()
        .map_err(|_| VaultError::BadKey(path.to_owned()))
}

fn write_key(path: &Path, key: &[u8; 32]) -> Result<(), VaultError> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).map_err(|source| VaultError::Write {
        path: path.to_owned(),
        source,
    })?;
    writeln!(file, "{}", B64.encode(key)).map_err(|source| VaultError::Write {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_and_hides_the_plaintext() {
        let vault = Vault::generate();
        let sealed = vault.seal_str("test.field", "Анна Петрова <anna@example.org>");
        assert!(!sealed.contains("anna") && !sealed.contains("Анна"));
        assert_eq!(
            vault.open_str("test.field", &sealed).expect("opens"),
            "Анна Петрова <anna@example.org>"
        );
        // The same value sealed twice differs (random nonce).
        assert_ne!(
            sealed,
            vault.seal_str("test.field", "Анна Петрова <anna@example.org>")
        );
    }

    #[test]
    fn purpose_is_bound_and_tampering_detected() {
        let vault = Vault::generate();
        let sealed = vault.seal_str("emails.sealed", "x");
        assert!(matches!(
            vault.open("other.column", &sealed),
            Err(VaultError::Tampered)
        ));
        let mut bad = sealed.clone();
        bad.pop();
        bad.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(vault.open("emails.sealed", &bad).is_err());
        assert!(matches!(
            vault.open("emails.sealed", "plain"),
            Err(VaultError::Malformed)
        ));
    }

    #[test]
    fn rotation_keeps_old_values_readable() {
        let (k1, k2, lookup) = (random_key(), random_key(), random_key());
        let old = Vault::from_keys(BTreeMap::from([(1, k1)]), lookup).expect("vault");
        let sealed_old = old.seal_str("p", "old value");
        let new = Vault::from_keys(BTreeMap::from([(1, k1), (2, k2)]), lookup).expect("vault");
        assert!(new.seal_str("p", "new").starts_with("v1.2."));
        assert_eq!(
            new.open_str("p", &sealed_old).expect("old key still there"),
            "old value"
        );
        let only_new = Vault::from_keys(BTreeMap::from([(2, k2)]), lookup).expect("vault");
        assert!(matches!(
            only_new.open("p", &sealed_old),
            Err(VaultError::UnknownKey(1))
        ));
    }

    #[test]
    fn lookup_hash_is_keyed_and_stable() {
        let a = Vault::generate();
        let b = Vault::generate();
        assert_eq!(
            a.lookup_hash("email", "x@y.org"),
            a.lookup_hash("email", "x@y.org")
        );
        assert_ne!(
            a.lookup_hash("email", "x@y.org"),
            b.lookup_hash("email", "x@y.org")
        );
        assert_ne!(
            a.lookup_hash("email", "x@y.org"),
            a.lookup_hash("name", "x@y.org")
        );
    }

    #[test]
    fn key_files_are_created_private_and_reloaded() {
        let dir = std::env::temp_dir().join(format!("petrel-vault-{}", rand::rng().next_u64()));
        let first = Vault::open_dir(&dir, true).expect("created");
        assert!(first.generated);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("data-key-1"))
                .expect("file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let sealed = first.vault.seal_str("p", "v");
        let again = Vault::open_dir(&dir, false).expect("reloaded");
        assert!(!again.generated);
        assert_eq!(again.vault.open_str("p", &sealed).expect("opens"), "v");
        std::fs::write(dir.join("lookup-key"), "not a key").expect("write");
        assert!(matches!(
            Vault::open_dir(&dir, false),
            Err(VaultError::BadKey(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(
            Vault::open_dir(&dir, false),
            Err(VaultError::NoKeys(_))
        ));
    }
}
