//! The dates a page shows (WEB-INSPECT, WEB-FRESH: a home page with no dated item in the
//! last two weeks fails the national check outright): `2026-12-01`, `2026/12/01`,
//! `2026.12.01`, `2026年12月1日`, and the list form `[12-01]` without a year (this year, or
//! last year when that day is still to come). Pure: "today" is a parameter.

use chrono::{Datelike as _, Days, NaiveDate};

/// The separators that may stand between year, month and day, and what may end the day.
const SEPARATORS: &[(char, char, Option<char>)] = &[
    ('-', '-', None),
    ('/', '/', None),
    ('.', '.', None),
    ('年', '月', Some('日')),
];

/// The brackets of the list form `[12-01]`.
const BRACKETS: &[(char, char)] = &[('[', ']'), ('【', '】'), ('(', ')'), ('（', '）')];

/// Reads 1..=`max` ASCII digits at `chars[at..]`: (value, digits read).
fn number(chars: &[char], at: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut value = 0;
    let mut count = 0;
    while count < max {
        let Some(digit) = chars.get(at + count).and_then(|c| c.to_digit(10)) else {
            break;
        };
        value = value * 10 + digit;
        count += 1;
    }
    let followed_by_digit = chars.get(at + count).is_some_and(char::is_ascii_digit);
    (count >= min && !followed_by_digit).then_some((value, count))
}

/// A full date `yyyy?m?d` starting at `at` (a year of four digits not preceded by a digit).
fn full_date(chars: &[char], at: usize) -> Option<NaiveDate> {
    let (year, read) = number(chars, at, 4, 4)?;
    let mut next = at + read;
    let separator = *chars.get(next)?;
    let &(_, second, _) = SEPARATORS.iter().find(|(first, ..)| *first == separator)?;
    next += 1;
    // Chinese dates may carry a space after 年 and 月.
    let skip_space = |next: &mut usize| {
        while chars.get(*next).is_some_and(|c| *c == ' ') && separator == '年' {
            *next += 1;
        }
    };
    skip_space(&mut next);
    let (month, read) = number(chars, next, 1, 2)?;
    next += read;
    if *chars.get(next)? != second {
        return None;
    }
    next += 1;
    skip_space(&mut next);
    let (day, _) = number(chars, next, 1, 2)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A list date `[mm-dd]` starting at `at` (the opening bracket), in the year that makes it
/// not after `today`.
fn list_date(chars: &[char], at: usize, today: NaiveDate) -> Option<NaiveDate> {
    let open = *chars.get(at)?;
    let &(_, close) = BRACKETS.iter().find(|(first, _)| *first == open)?;
    let (month, read) = number(chars, at + 1, 2, 2)?;
    let dash = at + 1 + read;
    if *chars.get(dash)? != '-' {
        return None;
    }
    let (day, read) = number(chars, dash + 1, 2, 2)?;
    if *chars.get(dash + 1 + read)? != close {
        return None;
    }
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(date) if date <= today => Some(date),
        _ => NaiveDate::from_ymd_opt(today.year() - 1, month, day),
    }
}

/// Every date written in `text`, in order.
pub fn dates_in(text: &str, today: NaiveDate) -> Vec<NaiveDate> {
    let chars: Vec<char> = text.chars().collect();
    let mut dates = Vec::new();
    for at in 0..chars.len() {
        let after_digit = at > 0 && chars.get(at - 1).is_some_and(char::is_ascii_digit);
        let date = if after_digit {
            None
        } else {
            full_date(&chars, at).or_else(|| list_date(&chars, at, today))
        };
        dates.extend(date);
    }
    dates
}

/// The latest date in `text` within the `days` before `today` (today included), if any: a
/// home page without one is stale (WEB-FRESH).
pub fn latest_within(text: &str, today: NaiveDate, days: u32) -> Option<NaiveDate> {
    let earliest = today.checked_sub_days(Days::new(u64::from(days)))?;
    dates_in(text, today)
        .into_iter()
        .filter(|date| (earliest..=today).contains(date))
        .max()
}
