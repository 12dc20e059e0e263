//! The shipped State Council holiday schedules 2004–2026 (`data/cn_holidays.txt`).

use crate::import::{ImportError, ScheduleEntry, parse_schedule};

/// The shipped schedule text, embedded at build time.
pub const NATIONAL_SCHEDULE: &str = include_str!("../data/cn_holidays.txt");

/// The notice a year's schedule comes from, read from the data file's `# YYYY: …` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The year the notice arranges.
    pub year: i32,
    /// The notice's title and number, e.g. `国务院办公厅关于2025年部分节假日安排的通知 国办发明电〔2024〕12号`.
    pub citation: String,
}

/// The entries of the shipped schedule.
pub fn national_entries() -> Result<Vec<ScheduleEntry>, ImportError> {
    parse_schedule(NATIONAL_SCHEDULE, None)
}

/// The notices cited by the shipped schedule, one per year, in file order.
pub fn national_notices() -> Vec<Notice> {
    NATIONAL_SCHEDULE
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("# ")?;
            let (year, citation) = rest.split_once(": ")?;
            let year = year.parse().ok()?;
            Some(Notice {
                year,
                citation: citation.trim().to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cal_wd_shipped_data_parses_and_cites_a_notice_for_every_year() {
        // CAL-WD: the calendar ships the State Council's schedules, each year citing its notice.
        let entries = national_entries().unwrap();
        assert!(entries.len() > 700);
        let years: Vec<i32> = national_notices().iter().map(|n| n.year).collect();
        assert_eq!(years, (2004..=2026).collect::<Vec<_>>());
        for notice in national_notices() {
            assert!(
                notice.citation.contains(&format!("关于{}年", notice.year)),
                "{notice:?}"
            );
        }
    }
}
