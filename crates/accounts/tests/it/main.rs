//! The accounts crate's integration tests (issue 23): the unified identity login against a
//! real OpenID provider, local accounts and enterprises, 我的空间 and the data rights, on
//! SQLite and (when configured) PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod local;
mod oidc;
