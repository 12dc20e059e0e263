//! Authentication: passwords, TOTP, sessions and the login flow (SEC-ACCOUNTS).

pub mod backoff;
pub mod login;
pub mod password;
pub mod session;
pub mod totp;
