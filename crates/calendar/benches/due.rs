//! Benchmark: due computations per second for `wd` and `wh` over random starts in 2004–2026
//! (`cargo bench -p calendar`). Plain `main`, no framework.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Instant as WallClock;

use calendar::{Calendar, Instant, Limit, LimitUnit};

const FROM_2004: u64 = 1_072_886_400_000; // 2004-01-01T00:00:00+08:00
const SPAN: u64 = 1_798_732_800_000 - FROM_2004; // to 2027-01-01
const CALLS: usize = 5_000_000;

/// xorshift64*: a small deterministic RNG.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn inputs(max_n: u32, seed: u64) -> Vec<(Instant, u32)> {
    let mut rng = XorShift(seed);
    (0..CALLS)
        .map(|_| {
            let start = Instant::from_millis((FROM_2004 + rng.next() % SPAN) as i64);
            let n = 1 + (rng.next() % u64::from(max_n)) as u32;
            (start, n)
        })
        .collect()
}

fn run(calendar: &Calendar, unit: LimitUnit, max_n: u32, seed: u64) {
    let inputs = inputs(max_n, seed);
    let began = WallClock::now();
    let mut checksum = 0i64;
    for (start, n) in &inputs {
        let due = calendar.due(black_box(*start), black_box(Limit::new(*n, unit)));
        checksum = checksum.wrapping_add(due.at.millis());
    }
    let seconds = began.elapsed().as_secs_f64();
    black_box(checksum);
    println!(
        "{:>2} (N in 1..={max_n:<2}): {:>6.1} M due computations/s ({CALLS} calls in {:.3} s, {:.0} ns/call)",
        unit.code(),
        CALLS as f64 / seconds / 1e6,
        seconds,
        seconds * 1e9 / CALLS as f64,
    );
}

fn main() {
    let calendar = Calendar::try_national().unwrap();
    println!("calendar due benchmark, one thread, random starts 2004-01-01..2026-12-31");
    run(&calendar, LimitUnit::WorkingDays, 30, 0x9E37_79B9_7F4A_7C15);
    run(
        &calendar,
        LimitUnit::WorkingHours,
        40,
        0xD1B5_4A32_D192_ED03,
    );
}
