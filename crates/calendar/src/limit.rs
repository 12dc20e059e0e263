//! Time limits (时限): an amount and a unit — working days, working hours, hours or days.

use std::fmt;
use std::str::FromStr;

/// The largest amount a parsed limit may carry (about 27 years of days); larger numbers are
/// typing errors, not deadlines.
pub const MAX_LIMIT_AMOUNT: u32 = 10_000;

/// The unit of a time limit (rules CAL-DUE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LimitUnit {
    /// 工作日: working days of the statutory calendar, `wd`.
    WorkingDays,
    /// 工作小时: hours counted only inside working periods of working days, `wh`.
    WorkingHours,
    /// 小时: natural hours, `h`.
    Hours,
    /// 天: natural days, `d`.
    Days,
}

impl LimitUnit {
    /// Every unit, in the order of their codes in error messages.
    pub const ALL: [LimitUnit; 4] = [
        LimitUnit::WorkingDays,
        LimitUnit::WorkingHours,
        LimitUnit::Hours,
        LimitUnit::Days,
    ];

    /// The compact code: `wd`, `wh`, `h` or `d`.
    pub const fn code(self) -> &'static str {
        match self {
            LimitUnit::WorkingDays => "wd",
            LimitUnit::WorkingHours => "wh",
            LimitUnit::Hours => "h",
            LimitUnit::Days => "d",
        }
    }

    /// The Chinese label shown after the number: 个工作日, 个工作小时, 小时, 天.
    pub const fn label_zh(self) -> &'static str {
        match self {
            LimitUnit::WorkingDays => "个工作日",
            LimitUnit::WorkingHours => "个工作小时",
            LimitUnit::Hours => "小时",
            LimitUnit::Days => "天",
        }
    }

    /// True for the units counted on the working calendar (`wd`, `wh`).
    pub const fn counts_working_time(self) -> bool {
        matches!(self, LimitUnit::WorkingDays | LimitUnit::WorkingHours)
    }
}

impl fmt::Display for LimitUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for LimitUnit {
    type Err = LimitError;
    fn from_str(text: &str) -> Result<LimitUnit, LimitError> {
        let code = text.trim();
        LimitUnit::ALL
            .into_iter()
            .find(|unit| unit.code().eq_ignore_ascii_case(code))
            .ok_or_else(|| LimitError::UnknownUnit {
                unit: code.to_owned(),
            })
    }
}

/// A time limit such as `3wd` (3个工作日).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limit {
    /// How many units; 0 means "at once" (due = start).
    pub amount: u32,
    /// The unit.
    pub unit: LimitUnit,
}

/// A time limit or unit that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// Nothing was given.
    #[error("时限为空，应为数字加单位，如 3wd")]
    Empty,
    /// A minus sign before the number.
    #[error("时限“{text}”不能为负数")]
    Negative {
        /// The whole text given.
        text: String,
    },
    /// No number before the unit, or not a whole number.
    #[error("时限“{text}”缺少整数数值，应为数字加单位，如 3wd")]
    BadAmount {
        /// The whole text given.
        text: String,
    },
    /// The number is larger than [`MAX_LIMIT_AMOUNT`].
    #[error("时限“{text}”的数值过大，最大为 {MAX_LIMIT_AMOUNT}")]
    TooLarge {
        /// The whole text given.
        text: String,
    },
    /// The unit is not one of the four codes.
    #[error("未知的时限单位“{unit}”，应为 wd、wh、h 或 d")]
    UnknownUnit {
        /// The unit text given.
        unit: String,
    },
}

impl Limit {
    /// A limit of `amount` units.
    pub const fn new(amount: u32, unit: LimitUnit) -> Limit {
        Limit { amount, unit }
    }

    /// The Chinese label, e.g. `3个工作日`.
    pub fn label_zh(&self) -> String {
        format!("{}{}", self.amount, self.unit.label_zh())
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.code())
    }
}

impl FromStr for Limit {
    type Err = LimitError;

    /// Parses `3wd`, `3 wd`, `1wh`, `12h`, `30d`.
    fn from_str(text: &str) -> Result<Limit, LimitError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(LimitError::Empty);
        }
        if trimmed.starts_with('-') {
            return Err(LimitError::Negative {
                text: trimmed.to_owned(),
            });
        }
        let digits_end = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (digits, rest) = trimmed.split_at(digits_end);
        if digits.is_empty() || rest.starts_with('.') {
            return Err(LimitError::BadAmount {
                text: trimmed.to_owned(),
            });
        }
        let amount = match digits.parse::<u32>() {
            Ok(amount) if amount <= MAX_LIMIT_AMOUNT => amount,
            _ => {
                return Err(LimitError::TooLarge {
                    text: trimmed.to_owned(),
                });
            }
        };
        let unit = rest.trim().parse::<LimitUnit>()?;
        Ok(Limit { amount, unit })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_compact_and_spaced_forms() {
        for (text, amount, unit) in [
            ("3wd", 3, LimitUnit::WorkingDays),
            ("3 wd", 3, LimitUnit::WorkingDays),
            ("1wh", 1, LimitUnit::WorkingHours),
            ("12h", 12, LimitUnit::Hours),
            (" 30d ", 30, LimitUnit::Days),
            ("5WD", 5, LimitUnit::WorkingDays),
        ] {
            assert_eq!(
                text.parse::<Limit>().unwrap(),
                Limit::new(amount, unit),
                "{text}"
            );
        }
    }

    #[test]
    fn prints_compact_code_and_chinese_label() {
        let limit: Limit = "3 wd".parse().unwrap();
        assert_eq!(limit.to_string(), "3wd");
        assert_eq!(limit.label_zh(), "3个工作日");
        assert_eq!(
            Limit::new(1, LimitUnit::WorkingHours).label_zh(),
            "1个工作小时"
        );
        assert_eq!(Limit::new(12, LimitUnit::Hours).label_zh(), "12小时");
        assert_eq!(Limit::new(30, LimitUnit::Days).label_zh(), "30天");
    }

    #[test]
    fn bad_limits_get_chinese_errors_naming_the_argument() {
        let cases = [
            ("3x", "未知的时限单位“x”，应为 wd、wh、h 或 d"),
            ("-3wd", "时限“-3wd”不能为负数"),
            ("wd", "时限“wd”缺少整数数值，应为数字加单位，如 3wd"),
            ("1.5h", "时限“1.5h”缺少整数数值，应为数字加单位，如 3wd"),
            ("", "时限为空，应为数字加单位，如 3wd"),
            (
                "99999999999wd",
                "时限“99999999999wd”的数值过大，最大为 10000",
            ),
            ("3", "未知的时限单位“”，应为 wd、wh、h 或 d"),
        ];
        for (text, message) in cases {
            assert_eq!(
                text.parse::<Limit>().unwrap_err().to_string(),
                message,
                "{text}"
            );
        }
    }
}
