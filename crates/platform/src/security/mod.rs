//! The security administrator's records that 等保 and the seeds ask for beyond code:
//! the incident register (`incidents`, SEC-INCIDENT) and the emergency drills (`drills`,
//! SEC-DRILL). Both are jurisdiction-wide (the platform's own security, not a unit's work),
//! every change is audited, and refused input changes nothing. This module holds what they
//! share: bounded texts, local dates and minutes read from forms, the units named.

pub mod drills;
pub mod incidents;

use chrono::{Datelike as _, NaiveDate, Timelike as _};
use sqlx::Row as _;

use crate::db::Tx;
use crate::error::{Error, Result};

/// The earliest and latest years a record's date may fall in (a typo like 0202 or 20260 is
/// refused instead of stored).
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A required text, trimmed, of at most `max` characters and without control characters
/// other than line breaks and tabs.
pub(crate) fn required_text(label: &str, text: &str, max: usize) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(format!("请填写{label}")));
    }
    optional_text(label, trimmed, max)
}

/// [`required_text`] that may be empty.
pub(crate) fn optional_text(label: &str, text: &str, max: usize) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.chars().count() > max {
        return Err(Error::invalid(format!("{label}不能超过 {max} 个字")));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Error::invalid(format!("{label}含有不可见的控制字符")));
    }
    Ok(trimmed.to_owned())
}

/// A local date as a form writes it (`2026-03-15`), within 2000–2100.
pub fn parse_date(label: &str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(format!("请填写{label}")));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::invalid(format!("{label}格式不正确，应如 2026-03-15")))?;
    if !YEARS.contains(&date.year()) {
        return Err(Error::invalid(format!("{label}应在 2000 至 2100 年之间")));
    }
    Ok(date)
}

/// A local minute as a form writes it (`2026-03-15T09:30`, Asia/Shanghai), as epoch ms.
pub fn parse_minute(label: &str, text: &str) -> Result<i64> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(format!("请填写{label}")));
    }
    let at = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .map_err(|_| Error::invalid(format!("{label}格式不正确，应如 2026-03-15T09:30")))?;
    if !YEARS.contains(&at.year()) {
        return Err(Error::invalid(format!("{label}应在 2000 至 2100 年之间")));
    }
    let minute = at.hour() * 60 + at.minute();
    Ok(calendar::Instant::from_local(at.date(), minute).millis())
}

/// The local date of an instant (Asia/Shanghai).
pub fn local_date(epoch_ms: i64) -> NaiveDate {
    calendar::Instant::from_millis(epoch_ms).local_date()
}

/// The epoch ms range `[start, end)` of a local calendar year.
pub fn year_range(year: i32) -> (i64, i64) {
    let start = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .map_or(0, |date| calendar::Instant::from_local(date, 0).millis())
    };
    (start(year), start(year.saturating_add(1)))
}

/// A year as a filter writes it, within 2000–2100.
pub fn parse_year(text: &str) -> Result<i32> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|year| YEARS.contains(year))
        .ok_or_else(|| Error::invalid("年份应为 2000 至 2100 之间的四位数字"))
}

/// Unit ids and names, in the order given, each once: every id must name a unit.
pub(crate) async fn named_units(tx: &mut Tx, unit_ids: &[i64]) -> Result<Vec<(i64, String)>> {
    let mut named: Vec<(i64, String)> = Vec::with_capacity(unit_ids.len());
    for &unit_id in unit_ids {
        if named.iter().any(|(id, _)| *id == unit_id) {
            continue;
        }
        let row = sqlx::query("SELECT name FROM units WHERE id = $1")
            .bind(unit_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| Error::invalid("所选单位不存在"))?;
        named.push((unit_id, row.try_get("name")?));
    }
    Ok(named)
}

/// The names of `ids`, joined for an audit row or a page.
pub(crate) fn joined_names(units: &[(i64, String)]) -> String {
    if units.is_empty() {
        return "（未指定）".into();
    }
    units
        .iter()
        .map(|(_, name)| name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// The units linked to a record by a link table (`security_incident_units` …): id and name,
/// in tree order.
pub(crate) async fn linked_units<'e, E>(
    executor: E,
    select: &'static str,
    record_id: i64,
) -> Result<Vec<(i64, String)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(sqlx::AssertSqlSafe(select))
        .bind(record_id)
        .fetch_all(executor)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_minutes_out_of_range_or_malformed_are_refused_in_chinese() {
        for bad in ["", "2026-02-30", "99999-99-99", "1999-12-31", "2026/03/15"] {
            let error = parse_date("培训日期", bad).unwrap_err().to_string();
            assert!(error.contains("培训日期"), "{bad}: {error}");
        }
        assert_eq!(
            parse_date("培训日期", " 2026-03-15 ").unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
        );
        assert!(parse_minute("发现时间", "2026-03-15 09:30").is_err());
        let at = parse_minute("发现时间", "2026-03-15T09:30").unwrap();
        assert_eq!(
            calendar::Instant::from_millis(at).to_rfc3339(),
            "2026-03-15T09:30:00+08:00"
        );
    }

    #[test]
    fn texts_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(required_text("标题", "  a ", 5).unwrap(), "a");
        assert!(required_text("标题", " \t ", 5).is_err());
        assert!(required_text("标题", "abcdef", 5).is_err());
        assert!(required_text("标题", "a\u{0}b", 5).is_err());
        assert_eq!(optional_text("备注", "", 5).unwrap(), "");
        assert_eq!(optional_text("备注", "a\nb", 5).unwrap(), "a\nb");
    }

    #[test]
    fn a_year_is_read_within_bounds_and_its_range_is_local() {
        assert!(parse_year("abc").is_err() && parse_year("1999").is_err());
        assert_eq!(parse_year("2026").unwrap(), 2026);
        let (start, end) = year_range(2026);
        assert_eq!(
            calendar::Instant::from_millis(start).to_rfc3339(),
            "2026-01-01T00:00:00+08:00"
        );
        assert_eq!(
            calendar::Instant::from_millis(end).to_rfc3339(),
            "2027-01-01T00:00:00+08:00"
        );
    }
}
