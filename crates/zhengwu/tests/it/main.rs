//! Integration tests of the zhengwu binary: one test binary for the crate (style.md), with the
//! administrator's commands (`cli`) and the benchmarks on small data sets (`bench`) as modules.
//! Each runs the built binary (`CARGO_BIN_EXE_zhengwu`) in a fresh data folder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bench;
mod cli;
