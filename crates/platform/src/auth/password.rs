//! Passwords (SEC-ACCOUNTS): argon2id hashes, a complexity rule, generated first passwords.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use rand::Rng as _;

use crate::error::{Error, Result};

pub fn hash(password: &str) -> Result<String> {
    let hash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored hash (a malformed hash never matches).
pub fn verify(stored_hash: &str, password: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, computed once, checked against when the account does not
/// exist so that a wrong user name takes as long as a wrong password (one argon2 run each).
pub fn dummy_hash() -> Result<&'static str> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let computed = hash(&generate())?;
    Ok(DUMMY.get_or_init(|| computed))
}

/// SEC-ACCOUNTS complexity: at least `min_length` characters, three of the four classes
/// (upper, lower, digit, symbol), and not containing the user name.
pub fn check_complexity(password: &str, min_length: u32, username: &str) -> Result<()> {
    let n_chars = password.chars().count();
    if n_chars < min_length as usize {
        return Err(Error::invalid(format!("密码至少需要 {min_length} 个字符")));
    }
    if n_chars > 128 {
        return Err(Error::invalid("密码不能超过 128 个字符"));
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|present| **present).count() < 3 {
        return Err(Error::invalid(
            "密码需包含大写字母、小写字母、数字、符号中的至少三类",
        ));
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(Error::invalid("密码不能包含用户名"));
    }
    Ok(())
}

/// A first-login password: 14 characters from every class, without look-alike characters.
pub fn generate() -> String {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    const SYMBOL: &[u8] = b"#%+=@";
    let mut rng = rand::rng();
    let mut pick = |set: &[u8]| char::from(set[rng.random_range(0..set.len())]);
    let mut out = String::with_capacity(14);
    for i in 0..14 {
        out.push(match i % 7 {
            0 => pick(UPPER),
            3 => pick(DIGIT),
            6 => pick(SYMBOL),
            _ => pick(LOWER),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec_accounts_password_is_hashed_with_argon2id_and_verifies() {
        let stored = hash("Gz#2024-secure").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify(&stored, "Gz#2024-secure"));
        assert!(!verify(&stored, "Gz#2024-Secure"));
        assert!(!verify("not a hash", "anything"));
    }

    #[test]
    fn sec_accounts_complexity_rule() {
        let cases = [
            ("Short#1a", false),
            ("alllowercase1", false),
            ("Abcdefghij1", true),
            ("abcdefghij1#", true),
            ("Zhangsan#2024", false),
        ];
        for (password, ok) in cases {
            assert_eq!(
                check_complexity(password, 10, "zhangsan").is_ok(),
                ok,
                "{password}"
            );
        }
    }

    #[test]
    fn generated_passwords_pass_the_complexity_rule() {
        for _ in 0..50 {
            check_complexity(&generate(), 12, "admin").unwrap();
        }
    }
}
