//! The applicant's e-mail address (SVC-STATUS: progress can be checked by web, phone, SMS or
//! e-mail): optional, trimmed and in lower case, at most 254 characters (64 before the `@`),
//! refused in Chinese when it is no address. Sealed on the case like the phone and masked
//! wherever staff see it.

use platform::{Error, Result};

/// The longest address taken (RFC 5321's path limit).
pub const MAX_LEN: usize = 254;

/// An applicant's e-mail address, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantEmail(String);

impl ApplicantEmail {
    /// Reads an address as the forms give it.
    pub fn parse(text: &str) -> Result<ApplicantEmail> {
        let email = text.trim().to_lowercase();
        let invalid = || Error::invalid("电子邮箱格式不正确，例如 name@example.com");
        if email.chars().count() > MAX_LEN {
            return Err(Error::invalid(format!("电子邮箱不能超过 {MAX_LEN} 个字符")));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(invalid());
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if local_ok && domain_ok {
            Ok(ApplicantEmail(email))
        } else {
            Err(invalid())
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address for staff: the first character before the `@` and the domain.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks a stored address: `z***@example.com`.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svc_status_email_is_checked_and_masked() {
        let email = ApplicantEmail::parse(" Zhang.San@Example.com ").unwrap();
        assert_eq!(email.as_str(), "zhang.san@example.com");
        assert_eq!(email.masked(), "z***@example.com");
        for bad in [
            "", "zhang", "a@b", "a@@b.cn", "a b@c.cn", ".a@b.cn", "a@-b.cn",
        ] {
            assert!(ApplicantEmail::parse(bad).is_err(), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(
            ApplicantEmail::parse(&long)
                .unwrap_err()
                .to_string()
                .contains("不能超过")
        );
    }
}
