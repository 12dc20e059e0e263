//! What of an appeal may be published (HL-PRIVACY, issue 12 finding 12): only an appeal whose
//! appellant agreed (同意公开诉求内容（不含个人信息）), never a complaint or report (投诉举报)
//! nor an appeal asked to be kept private, and only its text with what looks like personal
//! data masked. Pure functions, no IO.
//!
//! [`redact`] is [`platform::privacy::redact`], pattern matching, not understanding: it masks
//! mobile and landline numbers, ID-card numbers, bank card numbers, e-mail addresses and the
//! appellant's name when known.

use crate::appeal::Category;

/// HL-PRIVACY: whether an appeal may be published at all.
pub fn publishable(category: Category, is_private: bool, consent: bool) -> bool {
    consent && !is_private && category != Category::ComplaintReport
}

/// `text` with what looks like personal data masked, each by a bracketed word saying what
/// was there (〔手机号〕, 〔身份证号〕, 〔银行卡号〕, 〔电话号码〕, 〔邮箱〕, 〔姓名〕): the
/// platform's detectors ([`platform::privacy`]), shared with the websites' content check.
pub use platform::privacy::redact;

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
