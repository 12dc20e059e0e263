//! The schedule text format (`2027-01-01 holiday 元旦`, `2027-02-07 makeup`) and its parser,
//! used for the shipped data and for a year an administrator imports (CAL-WD).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

/// Whether a schedule entry is a day off or a make-up working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// 放假: a statutory holiday (including weekend days inside the break).
    Holiday,
    /// 调休上班: a make-up working day, usually a Saturday or Sunday.
    Makeup,
}

impl EntryKind {
    /// The code in the text format: `holiday` or `makeup`.
    pub const fn code(self) -> &'static str {
        match self {
            EntryKind::Holiday => "holiday",
            EntryKind::Makeup => "makeup",
        }
    }
}

/// One date of a holiday schedule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScheduleEntry {
    /// The date.
    pub date: NaiveDate,
    /// Holiday or make-up working day.
    pub kind: EntryKind,
    /// The festival, e.g. `春节`; required for holidays, optional for make-up days.
    pub name: Option<String>,
}

impl ScheduleEntry {
    /// The entry as one line of the text format.
    pub fn to_line(&self) -> String {
        match &self.name {
            Some(name) => format!("{} {} {name}", self.date, self.kind.code()),
            None => format!("{} {}", self.date, self.kind.code()),
        }
    }
}

/// A schedule line that is wrong; every variant names the line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The first word is not a date.
    #[error("第{line}行：日期“{text}”无效，应为 YYYY-MM-DD，如 2027-01-01")]
    BadDate {
        /// Line number.
        line: usize,
        /// The word given.
        text: String,
    },
    /// The date has no kind after it.
    #[error("第{line}行：日期后缺少类别，应为 holiday 或 makeup")]
    MissingKind {
        /// Line number.
        line: usize,
    },
    /// The second word is not `holiday` or `makeup`.
    #[error("第{line}行：未知的类别“{text}”，应为 holiday 或 makeup")]
    UnknownKind {
        /// Line number.
        line: usize,
        /// The word given.
        text: String,
    },
    /// A holiday line without the festival's name.
    #[error("第{line}行：节假日缺少名称，如 2027-01-01 holiday 元旦")]
    MissingName {
        /// Line number.
        line: usize,
    },
    /// The date is outside the year being imported.
    #[error("第{line}行：日期 {date} 不在 {year} 年内")]
    OutsideYear {
        /// Line number.
        line: usize,
        /// The date.
        date: NaiveDate,
        /// The year being imported.
        year: i32,
    },
    /// The date appears twice with the same kind.
    #[error("第{line}行：日期 {date} 与第{first_line}行重复")]
    Duplicate {
        /// Line number.
        line: usize,
        /// The date.
        date: NaiveDate,
        /// The line that has it first.
        first_line: usize,
    },
    /// The date is both a holiday and a make-up working day.
    #[error(
        "第{line}行：日期 {date} 在第{first_line}行已登记为{first_kind}，不能同时是节假日和调休上班日"
    )]
    HolidayAndMakeup {
        /// Line number.
        line: usize,
        /// The date.
        date: NaiveDate,
        /// The line that has it first.
        first_line: usize,
        /// 节假日 or 调休上班日, what the first line says.
        first_kind: &'static str,
    },
    /// The text has no entry at all.
    #[error("没有任何日期：每行应为 YYYY-MM-DD holiday 名称 或 YYYY-MM-DD makeup")]
    Empty,
}

/// Parses a holiday schedule.
///
/// Format, one entry a line: `YYYY-MM-DD holiday NAME` or `YYYY-MM-DD makeup [NAME]`;
/// everything after `#` is a comment; blank lines are skipped. With `year` given, every date
/// must lie in that year. A date may appear once: never twice, never as both kinds.
pub fn parse_schedule(text: &str, year: Option<i32>) -> Result<Vec<ScheduleEntry>, ImportError> {
    let mut entries = Vec::new();
    let mut seen: HashMap<NaiveDate, (usize, EntryKind)> = HashMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.split('#').next().unwrap_or_default().trim();
        if content.is_empty() {
            continue;
        }
        let entry = parse_line(line, content)?;
        if let Some(year) = year
            && entry.date.year() != year
        {
            return Err(ImportError::OutsideYear {
                line,
                date: entry.date,
                year,
            });
        }
        if let Some(&(first_line, first_kind)) = seen.get(&entry.date) {
            return Err(if first_kind == entry.kind {
                ImportError::Duplicate {
                    line,
                    date: entry.date,
                    first_line,
                }
            } else {
                ImportError::HolidayAndMakeup {
                    line,
                    date: entry.date,
                    first_line,
                    first_kind: match first_kind {
                        EntryKind::Holiday => "节假日",
                        EntryKind::Makeup => "调休上班日",
                    },
                }
            });
        }
        seen.insert(entry.date, (line, entry.kind));
        entries.push(entry);
    }
    if entries.is_empty() {
        return Err(ImportError::Empty);
    }
    entries.sort_by_key(|entry| entry.date);
    Ok(entries)
}

fn parse_line(line: usize, content: &str) -> Result<ScheduleEntry, ImportError> {
    let mut words = content.split_whitespace();
    let date_text = words.next().unwrap_or_default();
    let date = parse_date(date_text).ok_or_else(|| ImportError::BadDate {
        line,
        text: date_text.to_owned(),
    })?;
    let kind = match words.next() {
        None => return Err(ImportError::MissingKind { line }),
        Some(word) if word.eq_ignore_ascii_case("holiday") => EntryKind::Holiday,
        Some(word) if word.eq_ignore_ascii_case("makeup") => EntryKind::Makeup,
        Some(word) => {
            return Err(ImportError::UnknownKind {
                line,
                text: word.to_owned(),
            });
        }
    };
    let name = words.collect::<Vec<_>>().join(" ");
    let name = (!name.is_empty()).then_some(name);
    if kind == EntryKind::Holiday && name.is_none() {
        return Err(ImportError::MissingName { line });
    }
    Ok(ScheduleEntry { date, kind, name })
}

/// A strict `YYYY-MM-DD` date.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cal_wd_parses_the_documented_import_format() {
        // CAL-WD: a year's schedule is imported as text.
        let text = "# 2027 (example)\n2027-01-01 holiday 元旦\n\n2027-02-07 makeup\n2027-02-06 holiday 春节 # trailing comment\n";
        let entries = parse_schedule(text, Some(2027)).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].to_line(), "2027-01-01 holiday 元旦");
        assert_eq!(entries[1].to_line(), "2027-02-06 holiday 春节");
        assert_eq!(entries[2].to_line(), "2027-02-07 makeup");
    }

    #[test]
    fn bad_lines_are_named_by_number_in_chinese() {
        let cases: &[(&str, &str)] = &[
            (
                "2027-02-30 holiday 春节",
                "第1行：日期“2027-02-30”无效，应为 YYYY-MM-DD，如 2027-01-01",
            ),
            (
                "2027-1-1 holiday 元旦",
                "第1行：日期“2027-1-1”无效，应为 YYYY-MM-DD，如 2027-01-01",
            ),
            (
                "\n2027-01-01 rest 元旦",
                "第2行：未知的类别“rest”，应为 holiday 或 makeup",
            ),
            (
                "2027-01-01",
                "第1行：日期后缺少类别，应为 holiday 或 makeup",
            ),
            (
                "2027-01-01 holiday",
                "第1行：节假日缺少名称，如 2027-01-01 holiday 元旦",
            ),
            (
                "2026-12-31 holiday 元旦",
                "第1行：日期 2026-12-31 不在 2027 年内",
            ),
            (
                "2027-01-01 holiday 元旦\n2027-01-01 holiday 元旦",
                "第2行：日期 2027-01-01 与第1行重复",
            ),
            (
                "2027-02-07 makeup\n2027-02-07 holiday 春节",
                "第2行：日期 2027-02-07 在第1行已登记为调休上班日，不能同时是节假日和调休上班日",
            ),
            (
                "# nothing",
                "没有任何日期：每行应为 YYYY-MM-DD holiday 名称 或 YYYY-MM-DD makeup",
            ),
        ];
        for (text, message) in cases {
            let error = parse_schedule(text, Some(2027)).unwrap_err();
            assert_eq!(error.to_string(), *message, "{text}");
        }
    }
}
