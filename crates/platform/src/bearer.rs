//! Bearer codes shown once and kept only as their SM3 hash (DATA-CALL, issue 22): the
//! data-sharing gateway's authorization codes and the integration API's system keys. Each
//! use hashes under its own domain, so a code of one kind is never a code of the other.

use rand::Rng as _;
use sm3::{Digest, Sm3};

/// Characters of a code: no look-alikes (0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz";
/// Characters of a new code.
pub const CODE_LENGTH: usize = 32;

/// The SM3 hash under which a code of `domain` is stored and looked up (hex).
pub fn code_hash(domain: &str, code: &str) -> String {
    let mut hasher = Sm3::new();
    hasher.update(domain.as_bytes());
    hasher.update(b"\0");
    hasher.update(code.trim().as_bytes());
    hex::encode(hasher.finalize())
}

/// A new random code of [`CODE_LENGTH`] characters.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LENGTH)
        .map(|_| {
            let index = rng.random_range(0..ALPHABET.len());
            char::from(ALPHABET.get(index).copied().unwrap_or(b'x'))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_and_hashed_per_domain() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LENGTH);
        assert_ne!(code, new_code());
        assert_eq!(code_hash("a", &code), code_hash("a", &format!(" {code} ")));
        assert_ne!(code_hash("a", &code), code_hash("b", &code));
    }
}
