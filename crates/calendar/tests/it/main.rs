//! Integration tests of the calendar crate, built as one binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod calendar;
mod clock;
mod cross_check;
mod due;
mod properties;

use std::sync::LazyLock;

/// The national calendar, built once for all tests.
pub static NATIONAL: LazyLock<::calendar::Calendar> =
    LazyLock::new(|| ::calendar::Calendar::try_national().unwrap());

/// Parses `2025-09-30T17:59` (Asia/Shanghai) or full RFC 3339.
pub fn at(text: &str) -> ::calendar::Instant {
    let full = if text.len() == 16 {
        format!("{text}:00+08:00")
    } else {
        text.to_owned()
    };
    ::calendar::Instant::parse_rfc3339(&full).unwrap()
}
