//! The queue figures (HALL-QUEUE: queue length and waiting time are recorded): per window,
//! item, hour of the day and day — tickets taken, called, no-shows, average and p90 wait,
//! average handling time — and the peak hours. Pure: the samples come from the tickets.

use std::collections::BTreeMap;

use chrono::NaiveDate;

/// One ticket as the figures see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub day: NaiveDate,
    /// The local hour it was queued (0–23).
    pub hour: u32,
    /// The window that called it last, if any.
    pub window: Option<u16>,
    /// The item's name, if taken for an item.
    pub item: Option<String>,
    pub wait_ms: Option<i64>,
    pub handling_ms: Option<i64>,
    pub no_show: bool,
}

/// What the rows are per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Window,
    Item,
    Hour,
    Day,
}

impl By {
    pub const ALL: [By; 4] = [By::Window, By::Item, By::Hour, By::Day];

    pub fn code(self) -> &'static str {
        match self {
            By::Window => "window",
            By::Item => "item",
            By::Hour => "hour",
            By::Day => "day",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            By::Window => "按窗口",
            By::Item => "按事项",
            By::Hour => "按时段",
            By::Day => "按日",
        }
    }

    pub fn parse(code: &str) -> Option<By> {
        By::ALL.into_iter().find(|by| by.code() == code)
    }
}

/// One row of figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The window (`3 号窗口`), the item, the hour (`09:00-10:00`) or the day.
    pub key: String,
    pub tickets: usize,
    pub called: usize,
    pub no_show: usize,
    /// Seconds, over the called tickets.
    pub avg_wait_s: Option<i64>,
    pub p90_wait_s: Option<i64>,
    /// Seconds, over the finished tickets.
    pub avg_handling_s: Option<i64>,
}

/// The nearest-rank percentile `p` (0–100) of `values` (sorted here), or `None` if empty.
pub fn percentile(values: &mut [i64], p: usize) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (values.len() * p).div_ceil(100).max(1);
    values.get(rank - 1).copied()
}

fn average(values: &[i64]) -> Option<i64> {
    let n = i64::try_from(values.len()).ok().filter(|n| *n > 0)?;
    Some(values.iter().sum::<i64>() / n)
}

fn key_of(sample: &Sample, by: By) -> String {
    match by {
        By::Window => match sample.window {
            Some(window) => format!("{window:03} 号窗口"),
            None => "（未叫号）".into(),
        },
        By::Item => sample
            .item
            .clone()
            .unwrap_or_else(|| "（按窗口类型取号）".into()),
        By::Hour => format!("{:02}:00-{:02}:00", sample.hour, sample.hour + 1),
        By::Day => sample.day.format("%Y-%m-%d").to_string(),
    }
}

/// The rows per `by`, in the order of their keys, and the total as the last row.
pub fn table(samples: &[Sample], by: By) -> Vec<Row> {
    let mut groups: BTreeMap<String, Vec<&Sample>> = BTreeMap::new();
    for sample in samples {
        groups.entry(key_of(sample, by)).or_default().push(sample);
    }
    let mut rows: Vec<Row> = groups
        .into_iter()
        .map(|(key, group)| row(key, &group))
        .collect();
    let all: Vec<&Sample> = samples.iter().collect();
    rows.push(row("合计".into(), &all));
    rows
}

fn row(key: String, group: &[&Sample]) -> Row {
    let mut waits: Vec<i64> = group
        .iter()
        .filter_map(|s| s.wait_ms)
        .map(|ms| ms / 1000)
        .collect();
    let handling: Vec<i64> = group
        .iter()
        .filter_map(|s| s.handling_ms)
        .map(|ms| ms / 1000)
        .collect();
    Row {
        key,
        tickets: group.len(),
        called: waits.len(),
        no_show: group.iter().filter(|s| s.no_show).count(),
        avg_wait_s: average(&waits),
        p90_wait_s: percentile(&mut waits, 90),
        avg_handling_s: average(&handling),
    }
}

/// The peaks: the `n` busiest (day, hour) by tickets queued, busiest first.
pub fn peaks(samples: &[Sample], n: usize) -> Vec<(NaiveDate, u32, usize)> {
    let mut counts: BTreeMap<(NaiveDate, u32), usize> = BTreeMap::new();
    for sample in samples {
        *counts.entry((sample.day, sample.hour)).or_default() += 1;
    }
    let mut peaks: Vec<(NaiveDate, u32, usize)> =
        counts.into_iter().map(|((d, h), c)| (d, h, c)).collect();
    peaks.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    peaks.truncate(n);
    peaks
}

/// `1 分 05 秒` of seconds, for pages and the export.
pub fn duration_zh(seconds: Option<i64>) -> String {
    match seconds {
        None => "—".into(),
        Some(s) if s < 60 => format!("{s} 秒"),
        Some(s) => format!("{} 分 {:02} 秒", s / 60, s % 60),
    }
}
