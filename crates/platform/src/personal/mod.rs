//! Personal data (SEC-AUDIT, HL-PRIVACY): typed values that validate on parse, are sealed
//! with SM4-GCM at rest, and are shown masked unless the viewer's role needs the clear value.
//! Unmasking is audited by the caller through `audit::record` with action `unmask`.

use std::path::Path;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::Tx;
use crate::error::{Error, Result};

mod key;
pub mod reindex;

pub use key::{DataKey, aad};

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
    /// Where the value is sealed ([`aad`]), or empty for a value bound to no place.
    pub place: &'a str,
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
    let clear = key.open_for(sealed, target.place)?;
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
}
