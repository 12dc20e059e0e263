//! The centre's assessment of the window staff (HALL-STAFF; 000 中心 §4(二): 定期考核、年度
//! 考核，并将考核结果书面通知入驻单位; §32: the annual one is the year-end result, the unit
//! does not assess again). The periodic assessment is monthly or quarterly by the profile's
//! `hall.staff_assessment_months`; the annual one is the year. An assessment takes in the
//! records' figures (cases handled, 好差评 ratings, attendance) and gives a grade; the
//! results of a unit for a period go to the unit in a written notice (书面通知).

use chrono::{Datelike as _, NaiveDate};

use crate::HallError;

/// An assessment period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year(i32),
}

impl Period {
    /// Parses `2026-03` (a month), `2026-Q1` (a quarter) or `2026` (the year), accepting the
    /// periodic kind the profile sets (`months`: 1 monthly, 3 quarterly) and the year.
    pub fn parse(text: &str, months: u32) -> Result<Period, HallError> {
        let text = text.trim();
        let bad = || {
            HallError::Invalid(format!(
                "考核期间“{text}”无效，应为{}或年度（如 2026）",
                if months == 1 {
                    "月度（如 2026-03）"
                } else {
                    "季度（如 2026-Q1）"
                }
            ))
        };
        let year_of = |y: &str| -> Result<i32, HallError> {
            let year: i32 = y.parse().map_err(|_| bad())?;
            if (2000..=2100).contains(&year) {
                Ok(year)
            } else {
                Err(bad())
            }
        };
        if let Some((y, q)) = text.split_once("-Q") {
            let quarter: u32 = q.parse().map_err(|_| bad())?;
            if months != 3 || !(1..=4).contains(&quarter) {
                return Err(bad());
            }
            return Ok(Period::Quarter {
                year: year_of(y)?,
                quarter,
            });
        }
        if let Some((y, m)) = text.split_once('-') {
            let month: u32 = m.parse().map_err(|_| bad())?;
            if months != 1 || !(1..=12).contains(&month) {
                return Err(bad());
            }
            return Ok(Period::Month {
                year: year_of(y)?,
                month,
            });
        }
        Ok(Period::Year(year_of(text)?))
    }

    /// The stored and form form: `2026-03`, `2026-Q1`, `2026`.
    pub fn code(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::Year(year) => year.to_string(),
        }
    }

    /// 2026年3月, 2026年第一季度, 2026年度.
    pub fn label(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}年{month}月"),
            Period::Quarter { year, quarter } => {
                let n = ["一", "二", "三", "四"]
                    .get(quarter.saturating_sub(1) as usize)
                    .copied()
                    .unwrap_or("");
                format!("{year}年第{n}季度")
            }
            Period::Year(year) => format!("{year}年度"),
        }
    }

    /// 定期考核 or 年度考核.
    pub fn kind_label(self) -> &'static str {
        match self {
            Period::Year(_) => "年度考核",
            _ => "定期考核",
        }
    }

    /// The first and last day.
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        let first_of = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
        let (from, next) = match self {
            Period::Month { year, month } => {
                let next = if month == 12 {
                    first_of(year + 1, 1)
                } else {
                    first_of(year, month + 1)
                };
                (first_of(year, month), next)
            }
            Period::Quarter { year, quarter } => {
                let start = (quarter - 1) * 3 + 1;
                let next = if quarter == 4 {
                    first_of(year + 1, 1)
                } else {
                    first_of(year, start + 3)
                };
                (first_of(year, start), next)
            }
            Period::Year(year) => (first_of(year, 1), first_of(year + 1, 1)),
        };
        (from, next.pred_opt().unwrap_or(next))
    }

    /// The period has ended by `today` (assessing a period still running is refused).
    pub fn ended_by(self, today: NaiveDate) -> bool {
        self.days().1 < today
    }

    /// The current periodic period of `today` (the form's default).
    pub fn periodic_of(today: NaiveDate, months: u32) -> Period {
        if months == 1 {
            Period::Month {
                year: today.year(),
                month: today.month(),
            }
        } else {
            Period::Quarter {
                year: today.year(),
                quarter: (today.month() - 1) / 3 + 1,
            }
        }
    }
}

/// The grade (考核等次).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    Excellent,
    Competent,
    BasicallyCompetent,
    Incompetent,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Excellent,
        Grade::Competent,
        Grade::BasicallyCompetent,
        Grade::Incompetent,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Competent => "competent",
            Grade::BasicallyCompetent => "basic",
            Grade::Incompetent => "incompetent",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Competent => "称职",
            Grade::BasicallyCompetent => "基本称职",
            Grade::Incompetent => "不称职",
        }
    }

    pub fn parse(code: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// The records' figures of a member for a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Tickets the member finished at a window.
    pub handled: i64,
    /// 好差评: good and bad ratings naming the member.
    pub good: i64,
    pub bad: i64,
    /// Attendance: days late or leaving early, days absent.
    pub late: i64,
    pub absent: i64,
    /// HALL-BOX: the supervision box's complaints about the window the member sat at,
    /// upheld (concluded with an outcome of §35 other than 查无实据).
    pub upheld: i64,
}

impl Figures {
    /// One line for the notice and the export.
    pub fn describe(&self) -> String {
        format!(
            "办件 {} 件，好评 {} 条，差评 {} 条，迟到早退 {} 天，缺勤 {} 天，窗口投诉成立 {} 件",
            self.handled, self.good, self.bad, self.late, self.absent, self.upheld
        )
    }
}

/// HALL-STAFF: an assessment may be recorded for `period` on `today` — the period has ended
/// (a year may be assessed from its last month on, §32's year-end) and the comment is short.
pub fn check(period: Period, today: NaiveDate, comment: &str) -> Result<(), HallError> {
    let mut problems = Vec::new();
    let ended = match period {
        Period::Year(year) => today.year() > year || (today.year() == year && today.month() == 12),
        _ => period.ended_by(today),
    };
    if !ended {
        problems.push(format!("{}尚未结束，不能考核", period.label()));
    }
    if comment.chars().count() > 500 {
        problems.push("考核评语不能超过 500 字".to_owned());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(HallError::Invalid(problems.join("；")))
    }
}

/// The number of a written notice: 窗考通〔2026〕3号 (year of sending, its id).
pub fn notice_number(year: i32, id: i64) -> String {
    format!("窗考通〔{year}〕{id}号")
}
