//! What of an appeal may be published (HL-PRIVACY, issue 12 finding 12): only an appeal whose
//! appellant agreed (同意公开诉求内容（不含个人信息）), never a complaint or report (投诉举报)
//! nor an appeal asked to be kept private, and only its text with what looks like personal
//! data masked. Pure functions, no IO.
//!
//! [`redact`] is pattern matching, not understanding: it masks mobile and landline numbers,
//! ID-card numbers, bank card numbers, e-mail addresses and the appellant's name when known.
//! The content-safety privacy checker (a platform service that would also find addresses,
//! plate numbers and names of third persons) does not exist yet; when it does, publication
//! runs through it as well.

use crate::appeal::Category;

/// HL-PRIVACY: whether an appeal may be published at all.
pub fn publishable(category: Category, is_private: bool, consent: bool) -> bool {
    consent && !is_private && category != Category::ComplaintReport
}

const MOBILE: &str = "〔手机号〕";
const LANDLINE: &str = "〔电话号码〕";
const ID_CARD: &str = "〔身份证号〕";
const BANK_CARD: &str = "〔银行卡号〕";
const EMAIL: &str = "〔邮箱〕";
const NAME: &str = "〔姓名〕";

/// `text` with what looks like personal data masked, each by a bracketed word saying what
/// was there (〔手机号〕, 〔身份证号〕, 〔银行卡号〕, 〔电话号码〕, 〔邮箱〕, 〔姓名〕).
pub fn redact(text: &str, name: Option<&str>) -> String {
    let text = mask_emails(text);
    let text = match name.map(str::trim) {
        Some(name) if name.chars().count() >= 2 => text.replace(name, NAME),
        _ => text,
    };
    mask_numbers(&text)
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_email_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn mask_emails(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for (at, c) in chars.iter().enumerate() {
        if *c != '@' || at < done {
            continue;
        }
        let mut start = at;
        while start > done && chars.get(start - 1).copied().is_some_and(is_email_local) {
            start -= 1;
        }
        let mut end = at + 1;
        while chars.get(end).copied().is_some_and(is_email_domain) {
            end += 1;
        }
        while end > at + 1 && matches!(chars.get(end - 1), Some('.' | '-')) {
            end -= 1;
        }
        let domain: String = chars.get(at + 1..end).unwrap_or_default().iter().collect();
        let dotted = domain.split('.').filter(|part| !part.is_empty()).count() >= 2;
        if start == at || !dotted {
            continue;
        }
        out.extend(chars.get(done..start).unwrap_or_default());
        out.push_str(EMAIL);
        done = end;
    }
    out.extend(chars.get(done..).unwrap_or_default());
    out
}

/// An ASCII or full-width digit's value.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
        _ => None,
    }
}

/// A run of adjacent digits (with an X right after it, which ends an ID number).
#[derive(Debug)]
struct Run {
    start: usize,
    end: usize,
    digits: String,
    /// An X follows the digits (within `end`): the check character of an ID-card number.
    x: bool,
}

fn runs(chars: &[char]) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let Some(first) = chars.get(at).copied().and_then(digit) else {
            at += 1;
            continue;
        };
        let start = at;
        let mut digits = String::from(first);
        at += 1;
        while let Some(next) = chars.get(at).copied().and_then(digit) {
            digits.push(next);
            at += 1;
        }
        // An ID number's final X, when no other letter follows it.
        let x = matches!(chars.get(at), Some('X' | 'x' | 'Ｘ' | 'ｘ'))
            && !chars.get(at + 1).is_some_and(char::is_ascii_alphabetic);
        if x {
            at += 1;
        }
        runs.push(Run {
            start,
            end: at,
            digits,
            x,
        });
    }
    runs
}

/// Whether one space or dash (half or full width) is all that stands between two runs.
fn joined(chars: &[char], left: &Run, right: &Run) -> bool {
    right.start == left.end + 1
        && matches!(chars.get(left.end), Some(' ' | '-' | '－' | '\u{3000}'))
}

fn is_mobile(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    bytes.len() == 11 && bytes.first() == Some(&b'1') && matches!(bytes.get(1), Some(b'3'..=b'9'))
}

/// A plausible birth date `yyyymmdd` (18-digit ID) or `yymmdd` (15-digit ID).
fn is_birth_date(date: &str) -> bool {
    let (year_ok, rest) = match date.len() {
        8 => (
            matches!(date.get(..2), Some("18" | "19" | "20")),
            date.get(4..),
        ),
        6 => (true, date.get(2..)),
        _ => (false, None),
    };
    let Some(rest) = rest else { return false };
    let month: u32 = rest.get(..2).and_then(|m| m.parse().ok()).unwrap_or(0);
    let day: u32 = rest.get(2..4).and_then(|d| d.parse().ok()).unwrap_or(0);
    year_ok && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// What a number of `digits` (with an ID's X when `x`) looks like, if it is personal.
fn classify(digits: &str, x: bool) -> Option<&'static str> {
    let n = digits.len();
    let starts = |prefix: &str| digits.starts_with(prefix);
    match n {
        17 if x => Some(ID_CARD),
        _ if x => None,
        11 if is_mobile(digits) => Some(MOBILE),
        13 if starts("86") && is_mobile(digits.get(2..).unwrap_or_default()) => Some(MOBILE),
        10..=12 if starts("0") => Some(LANDLINE),
        18 if is_birth_date(digits.get(6..14).unwrap_or_default()) => Some(ID_CARD),
        15 if is_birth_date(digits.get(6..12).unwrap_or_default()) => Some(ID_CARD),
        15..=19 => Some(BANK_CARD),
        _ => None,
    }
}

/// The grouped ways these numbers are written: `138 1234 5678`, `0931-8881234`,
/// `6222 0212 3456 7890 123`, `110101 19900307 123X`. Group lengths, in order.
const GROUPED: &[&[usize]] = &[
    &[3, 4, 4],
    &[4, 4, 4, 4, 3],
    &[4, 4, 4, 4, 2],
    &[4, 4, 4, 4, 1],
    &[4, 4, 4, 4],
    &[6, 8, 4],
    &[3, 7],
    &[3, 8],
    &[4, 7],
    &[4, 8],
];

fn mask_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let runs = runs(&chars);
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    let mut index = 0;
    while let Some(run) = runs.get(index) {
        let grouped = GROUPED.iter().find_map(|groups| {
            let taken = runs.get(index..index + groups.len())?;
            // Each group as long as its place says (an X counts as the last digit).
            let shape_fits = taken
                .iter()
                .zip(groups.iter())
                .all(|(run, len)| run.digits.len() + usize::from(run.x) == *len);
            // One space or dash between groups, and an X only at the end.
            let linked = taken.windows(2).all(|pair| match pair {
                [left, right] => !left.x && joined(&chars, left, right),
                _ => false,
            });
            if !shape_fits || !linked {
                return None;
            }
            let digits: String = taken.iter().map(|run| run.digits.as_str()).collect();
            let x = taken.last().is_some_and(|run| run.x);
            Some((classify(&digits, x)?, taken.len(), taken.last()?.end))
        });
        // Alone; an X that ends no ID number stays outside the mask.
        let single = || {
            classify(&run.digits, run.x)
                .map(|kind| (kind, 1, run.end))
                .or_else(|| {
                    let kind = classify(&run.digits, false).filter(|_| run.x)?;
                    Some((kind, 1, run.end - 1))
                })
        };
        let Some((kind, taken, end)) = grouped.or_else(single) else {
            index += 1;
            continue;
        };
        out.extend(chars.get(done..run.start).unwrap_or_default());
        out.push_str(kind);
        done = end;
        index += taken;
    }
    out.extend(chars.get(done..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hl_privacy_what_looks_like_personal_data_is_masked() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            // Mobile numbers, plain, grouped, with the country code, full width.
            ("电话13812345678，请回复", None, "电话〔手机号〕，请回复"),
            ("电话 138 1234 5678。", None, "电话 〔手机号〕。"),
            ("电话138-1234-5678", None, "电话〔手机号〕"),
            ("+86 13812345678", None, "+86 〔手机号〕"),
            ("8613812345678", None, "〔手机号〕"),
            ("手机１３８１２３４５６７８", None, "手机〔手机号〕"),
            // Landlines.
            ("座机0931-8881234", None, "座机〔电话号码〕"),
            ("座机09318881234", None, "座机〔电话号码〕"),
            // ID-card numbers: 18 with X or a birth date, 15 old ones, grouped.
            ("身份证62010219900307123X号", None, "身份证〔身份证号〕号"),
            ("身份证620102199003071234", None, "身份证〔身份证号〕"),
            ("身份证 620102 19900307 123x", None, "身份证 〔身份证号〕"),
            ("老证620102900307123", None, "老证〔身份证号〕"),
            // Bank cards, plain and in groups of four.
            ("卡号6222021234567890123", None, "卡号〔银行卡号〕"),
            ("卡号 6222 0212 3456 7890", None, "卡号 〔银行卡号〕"),
            (
                "卡号 6222 0212 3456 7890 123 已冻结",
                None,
                "卡号 〔银行卡号〕 已冻结",
            ),
            // E-mail addresses, a phone in one too.
            ("邮箱 zhang.san+x@example.com.cn。", None, "邮箱 〔邮箱〕。"),
            ("13812345678@163.com", None, "〔邮箱〕"),
            ("at 符号 @ 单独出现", None, "at 符号 @ 单独出现"),
            ("user@localhost", None, "user@localhost"),
            // The appellant's name, when known and of two characters or more.
            (
                "我是张三，张三的邻居",
                Some("张三"),
                "我是〔姓名〕，〔姓名〕的邻居",
            ),
            ("我是张三", Some(" 张 "), "我是张三"),
            ("我是张三", None, "我是张三"),
            // What is not personal stays: dates, amounts, numbers of appeals, short numbers.
            (
                "2025年3月3日起，GZ20250303000001号，欠薪 12000 元，门牌 3-501",
                None,
                "2025年3月3日起，GZ20250303000001号，欠薪 12000 元，门牌 3-501",
            ),
            ("报警110，急救120", None, "报警110，急救120"),
            ("20250303", None, "20250303"),
        ];
        for (text, name, expected) in cases {
            assert_eq!(redact(text, *name), *expected, "{text}");
        }
    }

    #[test]
    fn hl_privacy_complaints_private_appeals_and_appeals_without_consent_are_never_published() {
        for category in Category::ALL {
            for is_private in [false, true] {
                for consent in [false, true] {
                    let expected = consent && !is_private && category != Category::ComplaintReport;
                    assert_eq!(
                        publishable(category, is_private, consent),
                        expected,
                        "{category:?} private {is_private} consent {consent}"
                    );
                }
            }
        }
    }
}
