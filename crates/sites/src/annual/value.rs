//! A value of the annual report and how it is read from the host unit's text: whole numbers
//! (no sign, no separators), decimals with up to two places, 是/否, texts of at most 200
//! characters, dates `YYYY-MM-DD` and phone numbers (`platform::personal::PhoneNumber`).

use chrono::NaiveDate;
use platform::personal::PhoneNumber;

use super::fields::{Field, Kind};

/// The most characters of a text value.
pub const TEXT_MAX_CHARS: usize = 200;

/// A value of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Count(i64),
    /// Hundredths: 250 is 2.50.
    Decimal(i64),
    YesNo(bool),
    Date(NaiveDate),
}

impl Value {
    /// The value as the form shows it (and as it is stored).
    pub fn text(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Count(n) => n.to_string(),
            Value::Decimal(hundredths) => {
                format!("{}.{:02}", hundredths / 100, hundredths % 100)
            }
            Value::YesNo(true) => "是".to_owned(),
            Value::YesNo(false) => "否".to_owned(),
            Value::Date(date) => date.format("%Y-%m-%d").to_string(),
        }
    }

    /// The whole number, if it is one.
    pub fn count(&self) -> Option<i64> {
        match self {
            Value::Count(n) => Some(*n),
            _ => None,
        }
    }
}

fn decimal(text: &str) -> Option<i64> {
    let (whole, part) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || part.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !part.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let part: i64 = format!("{part:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(part)
}

/// `text` read as a value of `field` (trimmed; empty is no value), or the message naming the
/// field's label.
pub fn parse(field: &Field, text: &str) -> Result<Option<Value>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let label = field.full_label();
    let value = match field.kind {
        Kind::Text => {
            if text.chars().count() > TEXT_MAX_CHARS {
                return Err(format!("{label}不能超过 {TEXT_MAX_CHARS} 个字"));
            }
            if text.chars().any(char::is_control) {
                return Err(format!("{label}含有不可见的控制字符"));
            }
            Value::Text(text.to_owned())
        }
        Kind::Count => match text.parse::<i64>() {
            Ok(n) if n >= 0 && text.bytes().all(|b| b.is_ascii_digit()) => Value::Count(n),
            _ => return Err(format!("{label}应填写不小于 0 的整数")),
        },
        Kind::Decimal => match decimal(text) {
            Some(hundredths) => Value::Decimal(hundredths),
            None => return Err(format!("{label}应填写数字，最多两位小数")),
        },
        Kind::YesNo => match text {
            "是" => Value::YesNo(true),
            "否" => Value::YesNo(false),
            _ => return Err(format!("{label}应填写“是”或“否”")),
        },
        Kind::Date => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Value::Date(date),
            Err(_) => return Err(format!("{label}应为日期，如 2026-01-20")),
        },
        Kind::Phone => match PhoneNumber::parse(text) {
            Ok(phone) => Value::Text(phone.as_str().to_owned()),
            Err(_) => {
                return Err(format!(
                    "{label}格式不正确：应为 11 位手机号或带区号的固定电话"
                ));
            }
        },
    };
    Ok(Some(value))
}
