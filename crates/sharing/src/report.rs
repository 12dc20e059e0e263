//! Periodic usage reports (DATA-MAINT: 共享数据使用情况定期报告, 000 共享 §14; DATA-CALL,
//! 000 共享 §12): from the call log, month by month (Beijing calendar months), per provider
//! resource and per consumer unit — calls, refused calls and the records returned — with the
//! total of the period. The months are judged and the figures arranged here (pure); the
//! figures of each month are the call log's usage lines ([`crate::usage::lines`]), so the
//! report agrees with the statistics page. Read-only.

use calendar::Instant;
use chrono::{Datelike, NaiveDate};
use platform::Result;
use platform::db::Db;

use crate::usage::{self, UsageLine};

/// The most months one report covers.
pub const MAX_MONTHS: usize = 24;

/// A calendar month (Beijing time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    /// `YYYY-MM`, or none.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let month = Month {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
        };
        month.first_day().map(|_| month)
    }

    /// The month `at` falls in.
    pub fn of(at: Instant) -> Month {
        let date = at.local_date();
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month >= 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before this one.
    pub fn previous(self) -> Month {
        if self.month <= 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Its first instant (00:00 Beijing time on the 1st), epoch milliseconds.
    pub fn start_ms(self) -> i64 {
        self.first_day()
            .map_or(0, |date| Instant::from_local(date, 0).millis())
    }

    /// `YYYY-MM`.
    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `YYYY年M月`.
    pub fn label_zh(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

/// The months from `from` to `to`, both included, or the problem in Chinese (a reversed
/// period, more than [`MAX_MONTHS`]).
pub fn months(from: Month, to: Month) -> std::result::Result<Vec<Month>, String> {
    if from > to {
        return Err("起始月份不能晚于截止月份".to_owned());
    }
    let mut out = vec![from];
    let mut month = from;
    while month < to {
        month = month.next();
        out.push(month);
        if out.len() > MAX_MONTHS {
            return Err(format!("一份报告至多统计 {MAX_MONTHS} 个月，请缩短期间"));
        }
    }
    Ok(out)
}

/// The figures of one month (or the period).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub calls: i64,
    pub refused: i64,
    /// The records (rows) returned.
    pub rows: i64,
}

impl Figures {
    fn add(&mut self, line: &UsageLine) {
        self.calls += line.calls;
        self.refused += line.refused;
        self.rows += line.rows;
    }
}

/// One line of the report: a resource (with its provider) or a consumer unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    /// The resource key, or the consumer unit (none: calls with an unknown code).
    pub key: Option<i64>,
    /// The resource's name (`目录·资源`); empty for a consumer (the page names the unit).
    pub name: String,
    /// The providing unit of a resource (none when the catalogue no longer has it).
    pub provider: Option<i64>,
    /// One per month of the report, in order.
    pub months: Vec<Figures>,
    pub total: Figures,
}

/// A periodic usage report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub months: Vec<Month>,
    /// Per provider resource, by provider then resource.
    pub by_resource: Vec<ReportLine>,
    /// Per consumer unit, in unit order (unknown codes first).
    pub by_consumer: Vec<ReportLine>,
}

fn line_for(
    lines: &mut Vec<ReportLine>,
    key: Option<i64>,
    width: usize,
    fill: impl FnOnce() -> (String, Option<i64>),
) -> &mut ReportLine {
    let at = match lines.iter().position(|l| l.key == key) {
        Some(at) => at,
        None => {
            let (name, provider) = fill();
            lines.push(ReportLine {
                key,
                name,
                provider,
                months: vec![Figures::default(); width],
                total: Figures::default(),
            });
            lines.len() - 1
        }
    };
    &mut lines[at]
}

/// DATA-MAINT: arranges each month's usage lines (`per_month[i]` of `months[i]`) into the
/// report's lines per resource and per consumer, with their totals.
pub fn arrange(months: &[Month], per_month: &[Vec<UsageLine>]) -> Report {
    let width = months.len();
    let mut by_resource: Vec<ReportLine> = Vec::new();
    let mut by_consumer: Vec<ReportLine> = Vec::new();
    for (at, lines) in per_month.iter().enumerate().take(width) {
        for line in lines {
            let resource = line_for(&mut by_resource, Some(line.resource), width, || {
                (line.resource_name.clone(), line.provider)
            });
            resource.months[at].add(line);
            resource.total.add(line);
            let consumer = line_for(&mut by_consumer, line.consumer, width, || {
                (String::new(), None)
            });
            consumer.months[at].add(line);
            consumer.total.add(line);
        }
    }
    by_resource.sort_by_key(|l| (l.provider, l.key));
    by_consumer.sort_by_key(|l| l.key);
    Report {
        months: months.to_vec(),
        by_resource,
        by_consumer,
    }
}

/// DATA-MAINT: the monthly usage report of `months` from the call log; `unit` keeps only the
/// calls whose provider or consumer it is (a unit's staff), none every call (the
/// administrator).
pub async fn monthly(db: &Db, months: &[Month], unit: Option<i64>) -> Result<Report> {
    let mut per_month = Vec::with_capacity(months.len());
    for month in months {
        let lines = usage::lines(db, month.start_ms(), month.next().start_ms(), unit).await?;
        per_month.push(lines);
    }
    Ok(arrange(months, &per_month))
}
