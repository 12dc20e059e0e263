//! The data key (SEC-AUDIT, HL-PRIVACY; issue 12 finding 14): SM4-GCM sealing of personal
//! data under a key derived for sealing, bound to the value's column and row; blind indexes
//! and tokens as HMAC-SM3 under keys derived per purpose; values and indexes made before
//! issue 12 still recognised.

use std::fmt;
use std::path::Path;

use aes_gcm::AesGcm;
use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use anyhow::{Context as _, anyhow};
use sm3::{Digest, Sm3};
use sm4::Sm4;

use crate::error::{Error, Result};

type Sm4Gcm = AesGcm<Sm4, U12>;
type HmacSm3 = hmac::Hmac<Sm3>;

/// HMAC-SM3 over the concatenated `parts`, with a key of at most SM3's 64-byte block (HMAC
/// pads a shorter key with zeros, as done here).
fn hmac_sm3(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::Mac as _;
    use hmac::digest::KeyInit as _;
    let mut block = [0u8; 64];
    let len = key.len().min(block.len());
    block[..len].copy_from_slice(&key[..len]);
    let mut mac = HmacSm3::new(&block.into());
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Sealed before issue 12: the data key itself, no associated data.
const SEALED_LEGACY: u8 = 1;
/// Sealed since issue 12 finding 14: a key derived for sealing, bound to its place.
const SEALED_BOUND: u8 = 2;
const NONCE_LEN: usize = 12;

/// The SM4 key for personal data. Never logged: `Debug` prints nothing of it.
#[derive(Clone)]
pub struct DataKey {
    key: [u8; 16],
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    pub fn from_hex(text: &str) -> Result<Self> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| Error::invalid("个人数据密钥必须是 32 位十六进制字符"))?;
        let key: [u8; 16] = bytes
            .try_into()
            .map_err(|_| Error::invalid("个人数据密钥必须是 16 字节（32 位十六进制字符）"))?;
        Ok(Self { key })
    }

    pub fn generate() -> Self {
        Self {
            key: rand::random(),
        }
    }

    /// Uses the configured key, or the key file in the data directory, creating it once.
    pub fn load_or_create(configured_hex: Option<&str>, data_dir: &Path) -> Result<Self> {
        if let Some(text) = configured_hex {
            return Self::from_hex(text);
        }
        let path = data_dir.join("data.key");
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("读取密钥文件 {} 失败", path.display()))?;
            return Self::from_hex(&text);
        }
        let key = Self::generate();
        std::fs::create_dir_all(data_dir).context("创建数据目录失败")?;
        // Issue 12 finding 10: created 0600, never readable by others even for a moment.
        write_private(&path, hex::encode(key.key).as_bytes())
            .with_context(|| format!("写入密钥文件 {} 失败", path.display()))?;
        tracing::warn!(path = %path.display(), "generated a personal-data key; set ZHENGWU_DATA_KEY in production");
        Ok(key)
    }

    /// HMAC-SM3 of `message` under the key derived from the data key for `purpose` alone,
    /// hex-encoded (issue 12 finding 14: the sealing key is not also the key of every MAC):
    /// tokens bound to a secret, such as the CSRF token of a session.
    pub fn mac(&self, purpose: &str, message: &[u8]) -> String {
        let derived = hmac_sm3(&self.key, &[b"zhengwu-derive-v1:", purpose.as_bytes()]);
        hex::encode(hmac_sm3(&derived, &[message]))
    }

    /// The SM4 key of sealed values of format 2, derived from the data key for sealing alone.
    fn sealing_key(&self) -> [u8; 16] {
        let derived = hmac_sm3(&self.key, &[b"zhengwu-derive-v1:seal"]);
        let mut key = [0u8; 16];
        key.copy_from_slice(&derived[..16]);
        key
    }

    /// Encrypts with no column bound: version byte, 12-byte random nonce, ciphertext with GCM
    /// tag. Prefer [`DataKey::seal_for`] where the value has a column and a row.
    pub fn seal(&self, clear: &str) -> Result<Vec<u8>> {
        self.seal_bytes(clear.as_bytes())
    }

    /// Encrypts bytes (an attachment's content) the same way as [`DataKey::seal`].
    pub fn seal_bytes(&self, clear: &[u8]) -> Result<Vec<u8>> {
        self.seal_bytes_for(clear, "")
    }

    /// Encrypts `clear` bound to `aad`, the value's place (see [`aad`]): a sealed value
    /// copied into another row or column no longer opens there (issue 12 finding 14).
    pub fn seal_for(&self, clear: &str, aad: &str) -> Result<Vec<u8>> {
        self.seal_bytes_for(clear.as_bytes(), aad)
    }

    /// Format 2: version byte 2, nonce, SM4-GCM under the derived sealing key with `aad` as
    /// associated data.
    pub fn seal_bytes_for(&self, clear: &[u8], aad: &str) -> Result<Vec<u8>> {
        let cipher = Sm4Gcm::new(&self.sealing_key().into());
        let nonce: [u8; NONCE_LEN] = rand::random();
        let ciphertext = cipher
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: clear,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| anyhow!("sm4-gcm encryption failed"))?;
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(SEALED_BOUND);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    pub fn open(&self, sealed: &[u8]) -> Result<String> {
        self.open_for(sealed, "")
    }

    /// Decrypts what [`DataKey::seal_for`] sealed with the same `aad`.
    pub fn open_for(&self, sealed: &[u8], aad: &str) -> Result<String> {
        let clear = self.open_bytes_for(sealed, aad)?;
        Ok(String::from_utf8(clear).map_err(|_| anyhow!("sealed value is not UTF-8"))?)
    }

    /// Decrypts what [`DataKey::seal_bytes`] sealed.
    pub fn open_bytes(&self, sealed: &[u8]) -> Result<Vec<u8>> {
        self.open_bytes_for(sealed, "")
    }

    /// Decrypts either format: 2 (derived key, bound to `aad`), or 1 (sealed before issue 12
    /// with the data key itself and bound to nothing; opened whatever `aad` says, until
    /// rewritten).
    pub fn open_bytes_for(&self, sealed: &[u8], aad: &str) -> Result<Vec<u8>> {
        let (version, rest) = sealed
            .split_first()
            .ok_or_else(|| anyhow!("sealed value is empty"))?;
        if !matches!(*version, SEALED_LEGACY | SEALED_BOUND) || rest.len() < NONCE_LEN {
            return Err(anyhow!("sealed value has an unknown format").into());
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce
            .try_into()
            .map_err(|_| anyhow!("sealed nonce has a wrong length"))?;
        let opened = if *version == SEALED_LEGACY {
            Sm4Gcm::new(&self.key.into()).decrypt(&nonce.into(), ciphertext)
        } else {
            Sm4Gcm::new(&self.sealing_key().into()).decrypt(
                &nonce.into(),
                Payload {
                    msg: ciphertext,
                    aad: aad.as_bytes(),
                },
            )
        };
        Ok(opened.map_err(|_| {
            anyhow!("sm4-gcm decryption failed: wrong key, tampered value or another place")
        })?)
    }

    /// A blind index of a normalised value, so that equal values (the same phone) can be
    /// found without decrypting: HMAC-SM3 under a key derived for lookups alone (issue 12
    /// finding 14), hex-encoded.
    pub fn lookup_hash(&self, normalised: &str) -> String {
        self.mac("lookup", normalised.as_bytes())
    }

    /// The blind index as it was computed before issue 12 (a keyed SM3 digest under the data
    /// key itself): only to recognise values stored then that cannot be computed again, such
    /// as query codes and API keys given out before.
    pub fn legacy_lookup_hash(&self, normalised: &str) -> String {
        let mut hasher = Sm3::new();
        hasher.update(b"zhengwu-lookup-v1");
        hasher.update(self.key);
        hasher.update(normalised.as_bytes());
        hex::encode(hasher.finalize())
    }

    /// Whether `stored` is the blind index of `normalised`, computed now or before issue 12.
    pub fn lookup_matches(&self, stored: &str, normalised: &str) -> bool {
        let equal = |a: &str, b: &str| {
            a.len() == b.len()
                && a.bytes()
                    .zip(b.bytes())
                    .fold(0u8, |acc, (x, y)| acc | (x ^ y))
                    == 0
        };
        equal(stored, &self.lookup_hash(normalised))
            | equal(stored, &self.legacy_lookup_hash(normalised))
    }
}

/// The associated data of a sealed value: its column and the natural key of its row, such
/// as `aad("hotline_appeals.phone", number)`.
pub fn aad(column: &str, row: impl fmt::Display) -> String {
    format!("{column}#{row}")
}

#[cfg(unix)]
fn write_private(path: &Path, content: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(content)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, content)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use sm4::cipher::BlockCipherEncrypt;

    #[test]
    fn sm4_matches_the_gb_t_32907_test_vector() {
        let key = hex::decode("0123456789abcdeffedcba9876543210").unwrap();
        let cipher = Sm4::new_from_slice(&key).unwrap();
        let mut block: [u8; 16] = key.clone().try_into().unwrap();
        cipher.encrypt_block((&mut block).into());
        assert_eq!(hex::encode(block), "681edf34d206965e86b3e94f536e4246");
    }

    #[test]
    fn sm3_matches_the_gb_t_32905_test_vector() {
        let digest = Sm3::digest(b"abc");
        assert_eq!(
            hex::encode(digest),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn sealed_value_round_trips_and_hides_the_clear_text() {
        let key = DataKey::generate();
        let sealed = key.seal("13812341234").unwrap();
        assert!(!sealed.windows(11).any(|w| w == b"13812341234"));
        assert_eq!(key.open(&sealed).unwrap(), "13812341234");
        assert_ne!(sealed, key.seal("13812341234").unwrap(), "nonce is random");
    }

    #[test]
    fn tampered_or_foreign_key_sealed_value_is_refused() {
        let key = DataKey::generate();
        let mut sealed = key.seal("张三").unwrap();
        assert!(DataKey::generate().open(&sealed).is_err());
        if let Some(last) = sealed.last_mut() {
            *last ^= 1;
        }
        assert!(key.open(&sealed).is_err());
    }

    /// Issue 12 finding 14: MACs are HMAC-SM3 under a key derived per purpose.
    #[test]
    fn macs_are_hmac_sm3_under_a_key_per_purpose() {
        use hmac::Mac as _;
        use hmac::digest::KeyInit as _;
        let key = DataKey::from_hex("00112233445566778899aabbccddeeff").unwrap();
        // The zero-padded block key is HMAC's own padding of a short key.
        let mut reference = HmacSm3::new_from_slice(&key.key).unwrap();
        reference.update(b"message");
        let reference: [u8; 32] = reference.finalize().into_bytes().into();
        assert_eq!(hmac_sm3(&key.key, &[b"mess", b"age"]), reference);
        let token = key.mac("csrf", b"session-1");
        assert_eq!(token.len(), 64);
        assert_eq!(token, key.mac("csrf", b"session-1"));
        assert_ne!(token, key.mac("csrf", b"session-2"));
        assert_ne!(token, key.mac("other", b"session-1"));
        assert_ne!(token, DataKey::generate().mac("csrf", b"session-1"));
    }

    /// A value sealed before issue 12: format 1, the data key itself, no associated data.
    fn legacy_seal(key: &DataKey, clear: &str) -> Vec<u8> {
        let nonce = [7u8; NONCE_LEN];
        let mut sealed = vec![SEALED_LEGACY];
        sealed.extend_from_slice(&nonce);
        sealed.extend(
            Sm4Gcm::new(&key.key.into())
                .encrypt(&nonce.into(), clear.as_bytes())
                .unwrap(),
        );
        sealed
    }

    /// Issue 12 finding 14: sealed values are bound to their place under a key derived for
    /// sealing; values sealed before still open; blind indexes are HMAC-SM3 under their own
    /// key and the old ones are still recognised.
    #[test]
    fn sealed_values_open_only_in_their_place_and_old_ones_still_open() {
        let key = DataKey::generate();
        let here = aad("hotline_appeals.phone", "GZ20261206000001");
        let there = aad("hotline_appeals.phone", "GZ20261206000002");
        let sealed = key.seal_for("13812345678", &here).unwrap();
        assert_eq!(sealed[0], SEALED_BOUND);
        assert_eq!(key.open_for(&sealed, &here).unwrap(), "13812345678");
        assert!(
            key.open_for(&sealed, &there).is_err(),
            "moved to another row"
        );
        assert!(
            key.open_for(&sealed, &aad("svc_cases.phone", "GZ20261206000001"))
                .is_err(),
            "moved to another column"
        );
        assert!(key.open(&sealed).is_err(), "opened without its place");
        // The sealing key is not the data key: format 2 does not open as format 1 would.
        let mut as_legacy = sealed.clone();
        as_legacy[0] = SEALED_LEGACY;
        assert!(key.open_for(&as_legacy, &here).is_err());
        // Values sealed before issue 12 open wherever they are, until rewritten.
        let old = legacy_seal(&key, "张三");
        assert_eq!(key.open(&old).unwrap(), "张三");
        assert_eq!(key.open_for(&old, &here).unwrap(), "张三");
        // Blind indexes: the new one differs from the old, and both are recognised.
        let new = key.lookup_hash("138");
        let legacy = key.legacy_lookup_hash("138");
        assert_ne!(new, legacy);
        assert_eq!(new, key.mac("lookup", b"138"));
        assert!(key.lookup_matches(&new, "138") && key.lookup_matches(&legacy, "138"));
        assert!(!key.lookup_matches(&new, "139"));
    }

    #[test]
    fn lookup_hash_is_stable_and_keyed() {
        let key = DataKey::generate();
        assert_eq!(key.lookup_hash("138"), key.lookup_hash("138"));
        assert_ne!(
            key.lookup_hash("138"),
            DataKey::generate().lookup_hash("138")
        );
    }
}
