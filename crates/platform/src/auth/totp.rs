//! TOTP second factor (SEC-ACCOUNTS): enrolment with a QR code, and codes accepted once only
//! (the last accepted step is stored; totp-rs itself does not stop reuse).

use qrcode::QrCode;
use qrcode::render::svg;
use totp_rs::{Builder, Secret, Totp};

use crate::error::{Error, Result};

pub const ISSUER: &str = "zhengwu";

pub fn generate_secret() -> Vec<u8> {
    rand::random::<[u8; 20]>().to_vec()
}

fn totp(secret: &[u8]) -> Result<Totp> {
    Builder::new()
        .with_secret(Secret::from(secret.to_vec()))
        .build()
        .map_err(|e| anyhow::anyhow!("totp setup failed: {e:?}").into())
}

pub fn secret_base32(secret: &[u8]) -> String {
    Secret::from(secret.to_vec()).to_base32()
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn provisioning_uri(secret: &[u8], username: &str) -> String {
    format!(
        "otpauth://totp/{ISSUER}:{username}?secret={}&issuer={ISSUER}&algorithm=SHA1&digits=6&period=30",
        secret_base32(secret)
    )
}

/// The QR code of the provisioning URI as an inline SVG document.
pub fn qr_svg(secret: &[u8], username: &str) -> Result<String> {
    let code = QrCode::new(provisioning_uri(secret, username).as_bytes())
        .map_err(|e| anyhow::anyhow!("qr encoding failed: {e}"))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build())
}

/// Checks `code` at `unix_seconds` (one step of skew either way). Returns the accepted step
/// when it is newer than `last_step`, so that a code is never accepted twice.
pub fn accept(secret: &[u8], code: &str, unix_seconds: u64, last_step: Option<i64>) -> Result<i64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid("动态口令应为 6 位数字"));
    }
    let step = totp(secret)?
        .check(code, unix_seconds)
        .ok_or_else(|| Error::invalid("动态口令不正确或已过期"))?;
    let step = i64::try_from(step).map_err(anyhow::Error::from)?;
    if last_step.is_some_and(|last| step <= last) {
        return Err(Error::invalid("该动态口令已使用过，请等待下一个口令"));
    }
    Ok(step)
}

/// The code for `unix_seconds` (used by tests and the enrolment check).
pub fn code_at(secret: &[u8], unix_seconds: u64) -> Result<String> {
    Ok(totp(secret)?.generate(unix_seconds).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec_accounts_totp_code_is_accepted_once_only() {
        let secret = generate_secret();
        let now = 1_790_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = accept(&secret, &code, now, None).unwrap();
        assert!(
            accept(&secret, &code, now, Some(step)).is_err(),
            "replayed code"
        );
        assert!(
            accept(&secret, &code, now + 120, None).is_err(),
            "expired code"
        );
        assert!(accept(&secret, "12a456", now, None).is_err());
    }

    #[test]
    fn enrolment_qr_is_an_svg_with_the_otpauth_uri() {
        let secret = generate_secret();
        assert!(qr_svg(&secret, "clerk").unwrap().contains("<svg"));
        assert!(
            provisioning_uri(&secret, "clerk").starts_with("otpauth://totp/zhengwu:clerk?secret=")
        );
    }
}
