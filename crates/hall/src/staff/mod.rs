//! The window staff (窗口工作人员, HALL-STAFF; 000 中心 §4(二)(四), §27, §30, §32): the
//! centre's register of the people the units post to the hall, with their eligibility; the
//! day's attendance; the units' leave and replacement requests that need the centre's
//! approval; the centre's periodic and annual assessment and its written notice to the unit.
//!
//! - [`register`]: a member of the window staff (an office account, its unit, the dates) and
//!   the eligibility check of §27 (years in the unit, age, years on the window, both
//!   approvals), its reasons in Chinese; the values are the profile's (`hall.staff_*`).
//! - [`attendance`]: a day's sign-in and sign-out and the mark (到岗, 迟到, 早退, 缺勤, 请假).
//! - [`requests`]: leave (请假) and replacement (调换、临时顶岗, §30) requests with their
//!   transition table: requested → approved or refused, by the centre only.
//! - [`assessment`]: the periods (monthly or quarterly by the profile, and the year), the
//!   grades, and the written notice of the results to the unit (§4(二)).
//!
//! The pure core: no clock, no database; "today" is a parameter.

pub mod assessment;
pub mod attendance;
pub mod register;
pub mod requests;

/// Whole years from `from` to `to` (an anniversary counts on its day; 29 February's on
/// 28 February of a common year); 0 when `to` is before `from`.
pub fn full_years(from: chrono::NaiveDate, to: chrono::NaiveDate) -> u32 {
    use chrono::Datelike as _;
    if to < from {
        return 0;
    }
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    // 29 February: the anniversary of a common year is 28 February.
    if from.month() == 2 && from.day() == 29 && to.month() == 2 && to.day() == 28 {
        let leap = chrono::NaiveDate::from_ymd_opt(to.year(), 2, 29).is_some();
        if !leap {
            years += 1;
        }
    }
    u32::try_from(years.max(0)).unwrap_or(0)
}

/// Parses a date of a form (`2026-03-02`), with a Chinese message naming the field.
pub fn parse_day(text: &str, field: &str) -> Result<chrono::NaiveDate, crate::HallError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| crate::HallError::Invalid(format!("{field}应为日期（如 2026-03-02）")))
}
