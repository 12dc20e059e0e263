//! Integration tests of the zhengwu binary: one test binary for the crate (style.md), with the
//! administrator's commands (`cli`), `zhengwu inspect` over a planted site (`inspect`), the benchmarks on small data sets (`bench`) and the
//! process-level battery of issue 12 (`processes`: crash, backup drills, two nodes) as modules.
//! Each runs the built binary (`CARGO_BIN_EXE_zhengwu`) in a fresh data folder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bench;
mod cli;
mod inspect;
mod processes;
