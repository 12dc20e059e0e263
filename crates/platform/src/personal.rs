//! Personal data (SEC-AUDIT, HL-PRIVACY): typed values that validate on parse, are sealed
//! with SM4-GCM at rest, and are shown masked unless the viewer's role needs the clear value.
//! Unmasking is audited by the caller through `audit::record` with action `unmask`.

use std::fmt;
use std::path::Path;

use aes_gcm::AesGcm;
use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit};
use anyhow::{Context as _, anyhow};
use sm3::{Digest, Sm3};
use sm4::Sm4;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::Tx;
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

const SEALED_VERSION: u8 = 1;
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

    /// Encrypts: version byte, 12-byte random nonce, ciphertext with GCM tag.
    pub fn seal(&self, clear: &str) -> Result<Vec<u8>> {
        self.seal_bytes(clear.as_bytes())
    }

    /// Encrypts bytes (an attachment's content) the same way as [`DataKey::seal`].
    pub fn seal_bytes(&self, clear: &[u8]) -> Result<Vec<u8>> {
        let cipher = Sm4Gcm::new(&self.key.into());
        let nonce: [u8; NONCE_LEN] = rand::random();
        let ciphertext = cipher
            .encrypt(&nonce.into(), clear)
            .map_err(|_| anyhow!("sm4-gcm encryption failed"))?;
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(SEALED_VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    pub fn open(&self, sealed: &[u8]) -> Result<String> {
        let clear = self.open_bytes(sealed)?;
        Ok(String::from_utf8(clear).map_err(|_| anyhow!("sealed value is not UTF-8"))?)
    }

    /// Decrypts what [`DataKey::seal_bytes`] sealed.
    pub fn open_bytes(&self, sealed: &[u8]) -> Result<Vec<u8>> {
        let (version, rest) = sealed
            .split_first()
            .ok_or_else(|| anyhow!("sealed value is empty"))?;
        if *version != SEALED_VERSION || rest.len() < NONCE_LEN {
            return Err(anyhow!("sealed value has an unknown format").into());
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce
            .try_into()
            .map_err(|_| anyhow!("sealed nonce has a wrong length"))?;
        let cipher = Sm4Gcm::new(&self.key.into());
        Ok(cipher
            .decrypt(&nonce.into(), ciphertext)
            .map_err(|_| anyhow!("sm4-gcm decryption failed: wrong key or tampered value"))?)
    }

    /// A keyed SM3 digest of a normalised value, so that equal values (the same phone) can
    /// be found without decrypting: a blind index.
    pub fn lookup_hash(&self, normalised: &str) -> String {
        let mut hasher = Sm3::new();
        hasher.update(b"zhengwu-lookup-v1");
        hasher.update(self.key);
        hasher.update(normalised.as_bytes());
        hex::encode(hasher.finalize())
    }
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

/// Issue 12 finding 10: the SQLite database (and its journal files, which SQLite creates
/// with the database's mode) readable by the owner only: created 0600 when missing, narrowed
/// to 0600 when found wider.
#[cfg(unix)]
pub fn private_database_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    if !path.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// Elsewhere the operating system's defaults apply.
#[cfg(not(unix))]
pub fn private_database_file(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Which personal field of which object is being unmasked.
#[derive(Debug, Clone)]
pub struct UnmaskTarget<'a> {
    pub object_type: &'a str,
    pub object_id: &'a str,
    /// `name`, `phone`, `id_number`, `address`…
    pub field: &'a str,
    /// Why the viewer needs the clear value (HL-PRIVACY: a unit's reveal states it); empty
    /// where the role itself is the reason.
    pub reason: &'a str,
}

/// Opens a sealed value for a viewer whose role needs the clear value, and writes the
/// `unmask` audit row in the same transaction (SEC-AUDIT, HL-PRIVACY). The audit row names
/// the field and the object, never the value. The caller decides by policy who may call it.
pub async fn unmask(
    tx: &mut Tx,
    key: &DataKey,
    actor: &AuditActor,
    sealed: &[u8],
    target: &UnmaskTarget<'_>,
    now: i64,
) -> Result<String> {
    let clear = key.open(sealed)?;
    let detail = if target.reason.is_empty() {
        format!("查看明文：{}", target.field)
    } else {
        format!("查看明文：{}（事由：{}）", target.field, target.reason)
    };
    let event = AuditEvent::new("unmask", target.object_type, target.object_id).detail(detail);
    audit::record(tx, actor, event, now).await?;
    Ok(clear)
}

/// A mainland phone number: an 11-digit mobile (1[3-9]…) or a landline with area code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(text: &str) -> Result<Self> {
        let compact: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let compact = compact
            .strip_prefix("+86")
            .map(str::to_owned)
            .unwrap_or(compact);
        let all_digits = !compact.is_empty() && compact.bytes().all(|b| b.is_ascii_digit());
        let bytes = compact.as_bytes();
        let is_mobile = all_digits
            && bytes.len() == 11
            && bytes.first() == Some(&b'1')
            && matches!(bytes.get(1), Some(b'3'..=b'9'));
        let is_landline =
            all_digits && bytes.first() == Some(&b'0') && (10..=12).contains(&bytes.len());
        if is_mobile || is_landline {
            Ok(Self(compact))
        } else {
            Err(Error::invalid(
                "电话号码格式不正确：应为 11 位手机号或带区号的固定电话",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 138****1234 for a mobile; area code and last four digits for a landline.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 3, 4)
    }
}

/// A resident identity card number (GB 11643-1999): 17 digits and a check character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenIdNo(String);

impl CitizenIdNo {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK_CHARS: [u8; 11] = *b"10X98765432";

    pub fn parse(text: &str) -> Result<Self> {
        let upper = text.trim().to_ascii_uppercase();
        let bytes = upper.as_bytes();
        let invalid = || Error::invalid("身份证号码不正确：应为 18 位，且校验码正确");
        if bytes.len() != 18 {
            return Err(invalid());
        }
        let (body, check) = bytes.split_at(17);
        if !body.iter().all(u8::is_ascii_digit) {
            return Err(invalid());
        }
        let sum: u32 = body
            .iter()
            .zip(Self::WEIGHTS)
            .map(|(digit, weight)| u32::from(digit - b'0') * weight)
            .sum();
        let expected = Self::CHECK_CHARS.get((sum % 11) as usize).copied();
        if check.first().copied() != expected {
            return Err(invalid());
        }
        let birth = upper.get(6..14).unwrap_or_default();
        if chrono::NaiveDate::parse_from_str(birth, "%Y%m%d").is_err() {
            return Err(Error::invalid("身份证号码中的出生日期不正确"));
        }
        Ok(Self(upper))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 620702********1234: region kept, birth date hidden.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 6, 4)
    }
}

/// A person's name: 1 to 50 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(text: &str) -> Result<Self> {
        let trimmed = text.trim();
        let n_chars = trimmed.chars().count();
        if n_chars == 0 || n_chars > 50 || trimmed.chars().any(char::is_control) {
            return Err(Error::invalid("姓名应为 1 至 50 个字符"));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 张** : the family name only.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 1, 0)
    }
}

/// A postal address: 2 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address(String);

impl Address {
    pub fn parse(text: &str) -> Result<Self> {
        let trimmed = text.trim();
        let n_chars = trimmed.chars().count();
        if !(2..=200).contains(&n_chars) || trimmed.chars().any(char::is_control) {
            return Err(Error::invalid("地址应为 2 至 200 个字符"));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first six characters (district, street) and stars for the rest.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 6, 0)
    }
}

/// Keeps `keep_start` leading and `keep_end` trailing characters, stars in between (at
/// least two stars, so that a short value does not leak its length exactly).
pub fn mask_middle(clear: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = clear.chars().collect();
    if chars.len() <= keep_start + keep_end {
        return "*".repeat(chars.len().max(2));
    }
    let n_hidden = chars.len() - keep_start - keep_end;
    let start: String = chars.iter().take(keep_start).collect();
    let end: String = chars.iter().skip(keep_start + n_hidden).collect();
    format!("{start}{}{end}", "*".repeat(n_hidden.max(2)))
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

    #[test]
    fn citizen_id_checksum_follows_gb_11643() {
        for valid in [
            "11010519491231002X",
            "440524188001010014",
            "110105194912310029",
        ] {
            let parsed = CitizenIdNo::parse(valid);
            assert_eq!(parsed.is_ok(), valid != "110105194912310029", "{valid}");
        }
        assert!(
            CitizenIdNo::parse("11010519491231002x").is_ok(),
            "lower-case x"
        );
        assert!(CitizenIdNo::parse("1101051949123100").is_err(), "too short");
        assert!(
            CitizenIdNo::parse("11010519491331002X").is_err(),
            "month 13"
        );
        assert_eq!(
            CitizenIdNo::parse("11010519491231002X").unwrap().masked(),
            "110105********002X"
        );
    }

    #[test]
    fn phone_accepts_mainland_mobiles_and_landlines_only() {
        let cases = [
            ("13812341234", true),
            ("+86 138-1234-1234", true),
            ("0936-8211234", true),
            ("12812341234", false),
            ("1381234123", false),
            ("abc", false),
            ("", false),
        ];
        for (text, ok) in cases {
            assert_eq!(PhoneNumber::parse(text).is_ok(), ok, "{text}");
        }
        assert_eq!(
            PhoneNumber::parse("13812341234").unwrap().masked(),
            "138****1234"
        );
    }

    #[test]
    fn names_and_addresses_are_masked() {
        assert_eq!(PersonName::parse("张三丰").unwrap().masked(), "张**");
        assert_eq!(PersonName::parse("李四").unwrap().masked(), "李**");
        assert_eq!(
            Address::parse("甘州区青年东街12号3单元").unwrap().masked(),
            "甘州区青年东*******"
        );
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
