//! The privacy checker (WEB-INSPECT): full personal numbers published in page text or an
//! attachment — 18-digit resident ID numbers with a valid GB 11643 check character and a
//! plausible birth date (not merely 18 digits), mobile numbers (1[3-9] and 9 more digits) and
//! bank card numbers (16–19 digits passing Luhn, not an ID number). A number counts only as a
//! whole run of digits: digits inside a longer run, next to a Latin letter, or partly masked
//! (`620702********1234`, `139****5678`) are not leaks. The usual groupings (`139 1234 5678`,
//! `6222 0212 3456 7890`, `110101 19900307 123X`) are read as one number. Each finding keeps
//! its span in the original text and a masked form to show. Pure: no IO.

use crate::checker::Span;

/// What kind of personal number a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrivacyKind {
    /// 居民身份证号码 (GB 11643).
    IdNumber,
    /// 手机号码.
    Mobile,
    /// 银行卡号 (Luhn).
    BankCard,
}

impl PrivacyKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            PrivacyKind::IdNumber => "身份证号码",
            PrivacyKind::Mobile => "手机号码",
            PrivacyKind::BankCard => "银行卡号",
        }
    }
}

/// One full personal number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyFinding {
    pub kind: PrivacyKind,
    /// Byte offsets in the original text (grouping spaces or dashes included).
    pub bytes: Span,
    /// Character offsets in the original text.
    pub chars: Span,
    /// The number with most of it masked (`1101**********123X`, `139****5678`,
    /// `6222********0123`): what a report or a log may show.
    pub masked: String,
}

/// The weights of the 17 body digits of an ID number (GB 11643: 2^(17−i) mod 11).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder mod 11.
const ID_CHECK: &[u8; 11] = b"10X98765432";
/// The first two digits of an ID number: the provinces' codes (GB/T 2260).
const PROVINCES: &[u32] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
];
/// Birth years taken as plausible.
const BIRTH_YEARS: std::ops::RangeInclusive<u32> = 1900..=2099;

/// Whether `yyyymmdd` is a real date of a plausible birth year.
fn plausible_birth_date(date: &[u8]) -> bool {
    let Some(number) = digits_value(date) else {
        return false;
    };
    let (year, month, day) = (number / 10_000, number / 100 % 100, number % 100);
    BIRTH_YEARS.contains(&year)
        && chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_some()
}

fn digits_value(digits: &[u8]) -> Option<u32> {
    if digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0, |value, digit| value * 10 + u32::from(digit - b'0')),
    )
}

/// Whether 18 ASCII digits open with a province's code and hold a plausible birth date (an
/// ID number, whatever its check character).
fn id_shaped(number: &str) -> bool {
    let bytes = number.as_bytes();
    bytes.len() == 18
        && bytes
            .get(..2)
            .and_then(digits_value)
            .is_some_and(|p| PROVINCES.contains(&p))
        && bytes.get(6..14).is_some_and(plausible_birth_date)
}

/// Whether `number` (17 ASCII digits and a digit or X) is a valid resident ID number: a
/// province's code, a plausible birth date and the GB 11643 check character.
pub fn is_valid_id_number(number: &str) -> bool {
    let bytes = number.as_bytes();
    let (Some(body), Some(&check)) = (bytes.get(..17), bytes.get(17)) else {
        return false;
    };
    if bytes.len() != 18 || !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if !id_shaped(number) {
        return false;
    }
    let sum: u32 = body
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    ID_CHECK.get((sum % 11) as usize) == Some(&check.to_ascii_uppercase())
}

/// Whether `digits` (ASCII digits) pass the Luhn check.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (index, digit) in digits.bytes().rev().enumerate() {
        if !digit.is_ascii_digit() {
            return false;
        }
        let mut value = u32::from(digit - b'0');
        if index % 2 == 1 {
            value *= 2;
            if value > 9 {
                value -= 9;
            }
        }
        sum += value;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// Whether `digits` is a mainland mobile number: 11 digits, 1 then 3–9.
pub fn is_mobile(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    bytes.len() == 11
        && bytes.iter().all(u8::is_ascii_digit)
        && bytes.first() == Some(&b'1')
        && matches!(bytes.get(1), Some(b'3'..=b'9'))
}

/// `digits` with everything but the first `head` and the last `tail` characters masked.
fn mask_middle(digits: &str, head: usize, tail: usize) -> String {
    let count = digits.chars().count();
    digits
        .chars()
        .enumerate()
        .map(|(index, c)| {
            if index < head || index + tail >= count {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// The masked form of a number of `kind`: the first four and the last four characters of an
/// ID or bank card number, the first three and the last four of a mobile number.
pub fn mask(kind: PrivacyKind, digits: &str) -> String {
    match kind {
        PrivacyKind::IdNumber | PrivacyKind::BankCard => mask_middle(digits, 4, 4),
        PrivacyKind::Mobile => mask_middle(digits, 3, 4),
    }
}

/// What a whole number (ASCII digits, an ID's final X upper-cased) is, if personal.
fn classify(number: &str) -> Option<PrivacyKind> {
    if number.len() == 18 && is_valid_id_number(number) {
        return Some(PrivacyKind::IdNumber);
    }
    // An ID-shaped number with a wrong check character is neither an ID number nor a card.
    if number.ends_with('X') || (number.len() == 18 && id_shaped(number)) {
        return None;
    }
    if is_mobile(number) {
        return Some(PrivacyKind::Mobile);
    }
    // +86 / 0086 before a mobile number written without a space.
    for prefix in ["0086", "86"] {
        if let Some(rest) = number.strip_prefix(prefix)
            && is_mobile(rest)
        {
            return Some(PrivacyKind::Mobile);
        }
    }
    if (16..=19).contains(&number.len()) && luhn(number) {
        return Some(PrivacyKind::BankCard);
    }
    None
}

/// An ASCII or full-width digit.
fn digit_of(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        '０'..='９' => Some(b'0' + (u32::from(c) - u32::from('０')) as u8),
        _ => None,
    }
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// A character that makes a neighbouring digit run part of a code or a masked number: a
/// Latin letter, an asterisk or another masking mark.
fn joins(c: char) -> bool {
    let c = crate::normalize::half_width(c);
    c.is_ascii_alphanumeric() || matches!(c, '*' | '×' | '●' | '•' | '_' | '#')
}

/// A run of adjacent digits in the text.
#[derive(Debug, Clone)]
struct Run {
    /// Byte and character offsets of the first digit.
    start: (usize, usize),
    /// Byte and character offsets after the last digit (or the X after it).
    end: (usize, usize),
    digits: String,
    /// An X followed the digits (taken into `end`).
    x: bool,
    /// The run touches a letter or a mask mark on the left or the right.
    joined: bool,
}

fn runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    let mut previous: Option<char> = None;
    for (char_index, (byte_index, c)) in text.char_indices().enumerate() {
        let after = (byte_index + c.len_utf8(), char_index + 1);
        if let Some(run) = current.as_mut() {
            if let Some(digit) = digit_of(c).filter(|_| !run.x) {
                run.digits.push(char::from(digit));
                run.end = after;
                previous = Some(c);
                continue;
            }
            if is_x(c) && !run.x && run.digits.len() == 17 {
                run.x = true;
                run.end = after;
                previous = Some(c);
                continue;
            }
            let mut done = current.take();
            if let Some(run) = done.as_mut() {
                // A letter or a digit after an X, or a mark right after the run.
                run.joined |= joins(c);
                runs.extend(done);
            }
        }
        if let Some(digit) = digit_of(c) {
            current = Some(Run {
                start: (byte_index, char_index),
                end: after,
                digits: char::from(digit).to_string(),
                x: false,
                joined: previous.is_some_and(joins),
            });
        }
        previous = Some(c);
    }
    runs.extend(current);
    runs
}

/// The group lengths of the usual ways these numbers are written with spaces or dashes.
const GROUPED: &[&[usize]] = &[
    &[3, 4, 4],
    &[6, 8, 4],
    &[4, 4, 4, 4, 3],
    &[4, 4, 4, 4, 2],
    &[4, 4, 4, 4, 1],
    &[4, 4, 4, 4],
];

/// Whether `runs` are separated by exactly one space or dash each.
fn linked(text: &str, runs: &[Run]) -> bool {
    runs.windows(2).all(|pair| match pair {
        [left, right] => {
            !left.x
                && right.start.1 == left.end.1 + 1
                && text
                    .get(left.end.0..right.start.0)
                    .is_some_and(|between| matches!(between, " " | "-" | "－" | "\u{3000}"))
        }
        _ => false,
    })
}

/// The digits of `runs` as one number (an X upper-cased at the end).
fn number_of(runs: &[Run]) -> String {
    let mut number: String = runs.iter().map(|run| run.digits.as_str()).collect();
    if runs.last().is_some_and(|run| run.x) {
        number.push('X');
    }
    number
}

/// Every full ID number, mobile number and bank card number in `text`, in order.
pub fn find_personal(text: &str) -> Vec<PrivacyFinding> {
    let runs = runs(text);
    let mut found = Vec::new();
    let mut index = 0;
    while let Some(run) = runs.get(index) {
        let grouped = GROUPED.iter().find_map(|groups| {
            let taken = runs.get(index..index + groups.len())?;
            let shape = taken
                .iter()
                .zip(groups.iter())
                .all(|(run, len)| run.digits.len() + usize::from(run.x) == *len);
            if !shape || !linked(text, taken) {
                return None;
            }
            let first_joined = taken.first().is_some_and(|run| run.joined);
            let last_joined = taken.last().is_some_and(|run| run.joined);
            let number = number_of(taken);
            let kind = classify(&number).filter(|_| !first_joined && !last_joined)?;
            Some((kind, number, taken.len(), taken.last()?.end))
        });
        let single = || {
            if run.joined {
                return None;
            }
            let number = number_of(std::slice::from_ref(run));
            classify(&number).map(|kind| (kind, number, 1, run.end))
        };
        match grouped.or_else(single) {
            Some((kind, number, taken, end)) => {
                found.push(PrivacyFinding {
                    kind,
                    bytes: Span {
                        start: run.start.0,
                        end: end.0,
                    },
                    chars: Span {
                        start: run.start.1,
                        end: end.1,
                    },
                    masked: mask(kind, &number),
                });
                index += taken;
            }
            None => index += 1,
        }
    }
    found
}
