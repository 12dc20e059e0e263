//! The privacy checker (WEB-INSPECT), table-driven: ID numbers with a valid GB 11643 check
//! character and a plausible birth date are leaks, ID-like numbers with a wrong check, an
//! impossible date or an unknown province are not; mobile numbers; bank cards by Luhn; masked
//! forms and numbers inside longer runs or codes are not leaks.

use inspect::privacy::{luhn, mask};
use inspect::{PrivacyKind, find_personal, is_valid_id_number};

/// (text, expected findings as (kind, masked form)).
type Case = (&'static str, &'static [(PrivacyKind, &'static str)]);

const ID: PrivacyKind = PrivacyKind::IdNumber;
const MOBILE: PrivacyKind = PrivacyKind::Mobile;
const CARD: PrivacyKind = PrivacyKind::BankCard;

const CASES: &[Case] = &[
    // Valid ID numbers: check digit, X check character (upper and lower case), full width.
    (
        "身份证号620702198503121238。",
        &[(ID, "6207**********1238")],
    ),
    ("身份证号11010519491231002X", &[(ID, "1101**********002X")]),
    ("身份证号11010519491231002x", &[(ID, "1101**********002X")]),
    (
        "６２０７０２１９８５０３１２１２３８",
        &[(ID, "6207**********1238")],
    ),
    (
        "2000-02-29生：440304200002294568",
        &[(ID, "4403**********4568")],
    ),
    ("分组：620702 19850312 1238", &[(ID, "6207**********1238")]),
    // ID-like numbers that are not: wrong check digit, wrong X, impossible date (30 Feb, year
    // 1800), unknown province (99).
    ("身份证号620702198503121237", &[]),
    ("身份证号62070219770101004X", &[]),
    ("身份证号110101199002301236", &[]),
    ("身份证号110101180003071233", &[]),
    ("身份证号990101199003071237", &[]),
    // Masked forms are not leaks.
    ("身份证号620702********1238", &[]),
    ("身份证号6207021985****1238", &[]),
    ("电话139****5678", &[]),
    ("电话1391234****", &[]),
    ("卡号6222********0128", &[]),
    // Mobile numbers: alone, grouped, with the country code; not inside a longer run, not in a
    // code with letters, not 12 or 10 digits, not starting 12.
    ("联系电话：13912345678", &[(MOBILE, "139****5678")]),
    ("联系电话：139 1234 5678", &[(MOBILE, "139****5678")]),
    ("联系电话：139-1234-5678", &[(MOBILE, "139****5678")]),
    ("+86 13912345678", &[(MOBILE, "139****5678")]),
    ("8613912345678", &[(MOBILE, "861******5678")]),
    ("编号2139123456789", &[]),
    ("编号139123456780", &[]),
    ("订单A13912345678", &[]),
    ("订单13912345678B", &[]),
    ("号码12912345678", &[]),
    ("座机0931-8881234，邮编730000", &[]),
    // Bank cards: 16 to 19 digits passing Luhn; one digit off fails; grouped by four.
    ("卡号6217001234567893", &[(CARD, "6217********7893")]),
    ("卡号6222021234567890128", &[(CARD, "6222***********0128")]),
    ("卡号6222021234567890127", &[]),
    ("卡号 6217 0012 3456 7893", &[(CARD, "6217********7893")]),
    // Dates, amounts, document numbers are no personal data.
    ("2026年12月1日，补贴12000元，甘政办发〔2026〕12号", &[]),
    // Several in one text, in order.
    (
        "张三，620702198503121238，13912345678；李四，620702********1234，139****5678",
        &[(ID, "6207**********1238"), (MOBILE, "139****5678")],
    ),
];

/// WEB-INSPECT: each case finds exactly the listed numbers, masked.
#[test]
fn web_inspect_privacy_finds_full_numbers_and_passes_masked_and_invalid_ones() {
    for (text, expected) in CASES {
        let found: Vec<(PrivacyKind, String)> = find_personal(text)
            .into_iter()
            .map(|finding| (finding.kind, finding.masked))
            .collect();
        let expected: Vec<(PrivacyKind, String)> = expected
            .iter()
            .map(|(kind, masked)| (*kind, (*masked).to_owned()))
            .collect();
        assert_eq!(found, expected, "{text}");
    }
}

/// Each finding's spans point at the number in the original text (bytes and characters).
#[test]
fn a_finding_spans_the_number_as_written() {
    let text = "领取人：王五，身份证６２０７０２ 19850312 1238，电话13912345678。";
    let found = find_personal(text);
    assert_eq!(found.len(), 2);
    let id = &found[0];
    assert_eq!(
        &text[id.bytes.start..id.bytes.end],
        "６２０７０２ 19850312 1238"
    );
    let chars: Vec<char> = text.chars().collect();
    let by_chars: String = chars[id.chars.start..id.chars.end].iter().collect();
    assert_eq!(by_chars, "６２０７０２ 19850312 1238");
    let phone = &found[1];
    assert_eq!(&text[phone.bytes.start..phone.bytes.end], "13912345678");
}

#[test]
fn the_gb_11643_check_and_luhn_by_hand() {
    // The check character of every sample computed by hand: Σ(aᵢ·Wᵢ) mod 11 → 10X98765432.
    assert!(is_valid_id_number("11010519491231002X"));
    assert!(is_valid_id_number("11010519491231002x"));
    assert!(is_valid_id_number("440304200002294568"));
    assert!(!is_valid_id_number("440304200102294567"));
    assert!(!is_valid_id_number("4403042000022945"));
    assert!(!is_valid_id_number("44030420000229456８"));
    assert!(luhn("6217001234567893"));
    assert!(!luhn("6217001234567894"));
    assert!(!luhn(""));
    assert_eq!(mask(PrivacyKind::Mobile, "13912345678"), "139****5678");
}
