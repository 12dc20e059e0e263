//! Personal data in free text (HL-PRIVACY, WEB-INSPECT): detectors of what looks like a
//! mobile or landline number, an ID-card number, a bank card number or an e-mail address,
//! used to mask it before an appeal is published ([`redact`]) and to stop an article that
//! carries it before it is submitted ([`find`]). Pure functions, no IO.
//!
//! It is pattern matching, not understanding. The content-safety privacy checker (a platform
//! service that would also find addresses, plate numbers and names of third persons) does not
//! exist yet; when it does, publication runs through it as well.

const NAME: &str = "〔姓名〕";

/// A kind of personal data the detectors recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Personal {
    Mobile,
    Landline,
    IdCard,
    BankCard,
    Email,
}

impl Personal {
    /// The bracketed word that masks it (〔手机号〕 …).
    pub const fn mask(self) -> &'static str {
        match self {
            Personal::Mobile => "〔手机号〕",
            Personal::Landline => "〔电话号码〕",
            Personal::IdCard => "〔身份证号〕",
            Personal::BankCard => "〔银行卡号〕",
            Personal::Email => "〔邮箱〕",
        }
    }

    /// Its name in a message (手机号码 …).
    pub const fn label_zh(self) -> &'static str {
        match self {
            Personal::Mobile => "手机号码",
            Personal::Landline => "固定电话号码",
            Personal::IdCard => "身份证号码",
            Personal::BankCard => "银行卡号",
            Personal::Email => "电子邮箱地址",
        }
    }
}

/// Something in a text that looks like personal data: its kind and the characters found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Personal,
    pub text: String,
}

/// What in `text` looks like personal data, in order (e-mail addresses first, then numbers).
pub fn find(text: &str) -> Vec<Found> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<Found> = email_spans(&chars)
        .into_iter()
        .map(|(start, end)| Found {
            kind: Personal::Email,
            text: chars[start..end].iter().collect(),
        })
        .collect();
    let without_emails: Vec<char> = mask_emails(text).chars().collect();
    found.extend(
        number_spans(&without_emails)
            .into_iter()
            .map(|(start, end, kind)| Found {
                kind,
                text: without_emails[start..end].iter().collect(),
            }),
    );
    found
}

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

/// Where e-mail addresses are in `chars`, as (start, end) character indexes.
fn email_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
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
        spans.push((start, end));
        done = end;
    }
    spans
}

/// `chars` with each span replaced by its mask.
fn replace_spans(chars: &[char], spans: &[(usize, usize, &str)]) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut done = 0;
    for (start, end, mask) in spans {
        out.extend(chars.get(done..*start).unwrap_or_default());
        out.push_str(mask);
        done = *end;
    }
    out.extend(chars.get(done..).unwrap_or_default());
    out
}

fn mask_emails(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let spans: Vec<(usize, usize, &str)> = email_spans(&chars)
        .into_iter()
        .map(|(start, end)| (start, end, Personal::Email.mask()))
        .collect();
    replace_spans(&chars, &spans)
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
fn classify(digits: &str, x: bool) -> Option<Personal> {
    let n = digits.len();
    let starts = |prefix: &str| digits.starts_with(prefix);
    match n {
        17 if x => Some(Personal::IdCard),
        _ if x => None,
        11 if is_mobile(digits) => Some(Personal::Mobile),
        13 if starts("86") && is_mobile(digits.get(2..).unwrap_or_default()) => {
            Some(Personal::Mobile)
        }
        10..=12 if starts("0") => Some(Personal::Landline),
        18 if is_birth_date(digits.get(6..14).unwrap_or_default()) => Some(Personal::IdCard),
        15 if is_birth_date(digits.get(6..12).unwrap_or_default()) => Some(Personal::IdCard),
        15..=19 => Some(Personal::BankCard),
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

/// Where numbers that look personal are in `chars`: (start, end, kind).
fn number_spans(chars: &[char]) -> Vec<(usize, usize, Personal)> {
    let runs = runs(chars);
    let mut spans = Vec::new();
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
                [left, right] => !left.x && joined(chars, left, right),
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
        spans.push((run.start, end, kind));
        index += taken;
    }
    spans
}

fn mask_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let spans: Vec<(usize, usize, &str)> = number_spans(&chars)
        .into_iter()
        .map(|(start, end, kind)| (start, end, kind.mask()))
        .collect();
    replace_spans(&chars, &spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WEB-INSPECT, HL-PRIVACY: each kind is found with the characters that carry it, and
    /// what is not personal (dates, amounts, short numbers) is not.
    #[test]
    fn web_inspect_personal_data_is_found_by_kind() {
        let cases: &[(&str, &[(Personal, &str)])] = &[
            (
                "电话13812345678，请回复",
                &[(Personal::Mobile, "13812345678")],
            ),
            ("座机0931-8881234", &[(Personal::Landline, "0931-8881234")]),
            (
                "身份证62010219900307123X号",
                &[(Personal::IdCard, "62010219900307123X")],
            ),
            (
                "卡号 6222 0212 3456 7890",
                &[(Personal::BankCard, "6222 0212 3456 7890")],
            ),
            (
                "邮箱 zhang@example.com.cn",
                &[(Personal::Email, "zhang@example.com.cn")],
            ),
            (
                "13812345678@163.com 与 13912345678",
                &[
                    (Personal::Email, "13812345678@163.com"),
                    (Personal::Mobile, "13912345678"),
                ],
            ),
            ("2025年3月3日，欠薪 12000 元，报警110", &[]),
        ];
        for (text, expected) in cases {
            let found: Vec<(Personal, String)> =
                find(text).into_iter().map(|f| (f.kind, f.text)).collect();
            let expected: Vec<(Personal, String)> = expected
                .iter()
                .map(|(k, t)| (*k, (*t).to_owned()))
                .collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn hl_privacy_redact_masks_what_find_finds() {
        assert_eq!(
            redact("张三 13812345678 zhang@example.com", Some("张三")),
            "〔姓名〕 〔手机号〕 〔邮箱〕"
        );
    }
}
