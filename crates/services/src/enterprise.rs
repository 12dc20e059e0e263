//! An enterprise applying (issue 14 item 4; SVC-ITEM-TYPES: an item serves natural persons,
//! legal persons, or both): its name and its 统一社会信用代码 (unified social credit code,
//! GB 32100-2015), checked by the code's own check character, and whether an item asks for
//! them. The application is then made by an agent (经办人) for the enterprise, and the case,
//! the materials on file and the e-licences are keyed on the enterprise (SVC-NO-RESUBMIT,
//! SVC-ELICENCE; `usecase::enterprise_lookup`). Pure: no IO.

use crate::ServiceError;
use crate::item::Target;

/// The 31 characters of a credit code (GB 32100-2015 §4.2): the digits and the capital
/// letters without I, O, Z, S and V; a character's value is its place here.
const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights of the first seventeen characters (GB 32100-2015 §5.2: 3^(i-1) mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character of the first seventeen characters of a credit code, already
/// normalised: `31 - (Σ value × weight mod 31)`, a result of 31 being `0`. `None` when
/// `body` is not seventeen characters of the code's character set.
pub fn check_character(body: &str) -> Option<char> {
    let bytes = body.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (byte, weight) in bytes.iter().zip(WEIGHTS) {
        let value = CHARSET.iter().position(|c| c == byte)?;
        sum += u32::try_from(value).ok()? * weight;
    }
    let check = (31 - sum % 31) % 31;
    CHARSET
        .get(usize::try_from(check).ok()?)
        .map(|&c| char::from(c))
}

/// A 统一社会信用代码: eighteen characters whose last is the check character of the others
/// (GB 32100-2015). Read with spaces removed and letters made capital.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

impl CreditCode {
    /// Normalises `text` (spaces, including the full-width one, dropped; lowercase letters
    /// capitalised) and checks the length, the characters and the check character; each
    /// refusal says which in Chinese.
    pub fn parse(text: &str) -> Result<Self, ServiceError> {
        let code: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.is_empty() {
            return Err(ServiceError::invalid("请填写统一社会信用代码"));
        }
        if code.chars().count() != 18 {
            return Err(ServiceError::invalid(format!(
                "统一社会信用代码应为 18 位，您填写了 {} 位",
                code.chars().count()
            )));
        }
        let allowed = |c: &char| u8::try_from(*c).is_ok_and(|byte| CHARSET.contains(&byte));
        if let Some(bad) = code.chars().find(|c| !allowed(c)) {
            return Err(ServiceError::invalid(format!(
                "统一社会信用代码不能含有“{bad}”：只由数字和除 I、O、Z、S、V 以外的大写字母组成"
            )));
        }
        let (body, check) = code.split_at(17);
        if check_character(body).map(String::from).as_deref() != Some(check) {
            return Err(ServiceError::invalid(
                "统一社会信用代码校验位不正确，请对照营业执照核对后重新填写",
            ));
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CreditCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An enterprise's (or another legal person's) name as registered: 2 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseName(String);

impl EnterpriseName {
    pub fn parse(text: &str) -> Result<Self, ServiceError> {
        let trimmed = text.trim();
        let count = trimmed.chars().count();
        if count == 0 {
            return Err(ServiceError::invalid("请填写单位名称"));
        }
        if !(2..=100).contains(&count) || trimmed.chars().any(char::is_control) {
            return Err(ServiceError::invalid(
                "单位名称应为 2 至 100 个字符，与营业执照上的名称一致",
            ));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The enterprise an application is made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enterprise {
    pub name: EnterpriseName,
    pub credit_code: CreditCode,
}

/// Whether an item's form asks for an enterprise (SVC-ITEM-TYPES: its targets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseAsked {
    /// Legal persons only: every application is an enterprise's.
    Required,
    /// Both: an enterprise may apply, or a person for themself.
    Optional,
    /// Natural persons only: no enterprise.
    No,
}

impl EnterpriseAsked {
    /// From the item's targets (an item naming none serves persons).
    pub fn of(targets: &[Target]) -> Self {
        let legal = targets.contains(&Target::LegalPerson);
        let natural = targets.contains(&Target::NaturalPerson);
        match (legal, natural) {
            (true, false) => Self::Required,
            (true, true) => Self::Optional,
            (false, _) => Self::No,
        }
    }

    /// Whether `given` fits: refused with the reason in Chinese.
    pub fn check(self, given: Option<&Enterprise>) -> Result<(), ServiceError> {
        match (self, given) {
            (Self::Required, None) => Err(ServiceError::invalid(
                "本事项的服务对象是法人，请填写单位名称和统一社会信用代码",
            )),
            (Self::No, Some(_)) => Err(ServiceError::invalid(
                "本事项的服务对象是自然人，不能以单位名义申请",
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Real codes (published on licences) and codes of 甘州区's format whose check character
    /// was computed by GB 32100-2015 §5.2, including one whose check comes out as 31 → `0`.
    const VALID: &[&str] = &[
        "91350100M000100Y43",
        "914403001922038216",
        "9144030071526726XG",
        "91330100716105852F",
        "91110108551385082Q",
        "91620702MA71ABCD1P",
        "126207000139256706",
        "52620702MA73XYH0QG",
        "92620702MA7K8H2N1F",
        "91620702710897263E",
        "916207027108900390",
    ];

    #[test]
    fn gb_32100_valid_codes_pass_and_keep_their_form() {
        for code in VALID {
            let parsed = CreditCode::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(parsed.as_str(), *code);
            assert_eq!(
                check_character(&code[..17]).map(String::from).as_deref(),
                Some(&code[17..]),
                "{code}"
            );
        }
    }

    #[test]
    fn gb_32100_lowercase_and_spaces_are_normalised() {
        let cases = [
            ("91620702ma71abcd1p", "91620702MA71ABCD1P"),
            (" 9162 0702 MA71 ABCD 1P ", "91620702MA71ABCD1P"),
            ("91620702\u{3000}MA71ABCD1P", "91620702MA71ABCD1P"),
            ("\t9144030071526726xg\n", "9144030071526726XG"),
        ];
        for (typed, read) in cases {
            assert_eq!(
                CreditCode::parse(typed).unwrap().as_str(),
                read,
                "{typed:?}"
            );
        }
    }

    #[test]
    fn gb_32100_invalid_codes_are_refused_with_the_reason() {
        let cases = [
            ("", "请填写"),
            ("   ", "请填写"),
            ("91620702MA71ABCD1", "18 位，您填写了 17 位"),
            ("91620702MA71ABCD1PP", "18 位，您填写了 19 位"),
            // One character changed, the check character kept: the check fails.
            ("91620702MA71ABCD2P", "校验位不正确"),
            ("91350100M000100Y44", "校验位不正确"),
            ("914403001922038217", "校验位不正确"),
            // Two neighbours swapped: weights differ, so the check catches it.
            ("19620702MA71ABCD1P", "校验位不正确"),
            // Letters the standard leaves out, and characters outside it.
            ("91620702MA71ABCDIP", "不能含有“I”"),
            ("91620702MA71ABCDOP", "不能含有“O”"),
            ("91620702MA71SBCD1P", "不能含有“S”"),
            ("91620702MA71VBCD1P", "不能含有“V”"),
            ("91620702MA71ZBCD1P", "不能含有“Z”"),
            ("91620702MA71-BCD1P", "不能含有“-”"),
            ("９1620702MA71ABCD1P", "不能含有“９”"),
        ];
        for (typed, reason) in cases {
            let error = CreditCode::parse(typed).unwrap_err().to_string();
            assert!(error.contains(reason), "{typed:?}: {error}");
            assert!(error.contains("统一社会信用代码"), "{typed:?}: {error}");
        }
    }

    #[test]
    fn check_character_needs_seventeen_characters_of_the_set() {
        assert_eq!(check_character("9162070271089003"), None);
        assert_eq!(check_character("91620702710890O39"), None);
        assert_eq!(check_character("91620702710890039"), Some('0'));
    }

    #[test]
    fn enterprise_names_are_two_to_a_hundred_characters() {
        assert!(EnterpriseName::parse(" 张掖市甘州区示例商贸有限公司 ").is_ok());
        assert!(EnterpriseName::parse("").is_err());
        assert!(EnterpriseName::parse("甲").is_err());
        assert!(EnterpriseName::parse(&"公".repeat(101)).is_err());
        assert!(EnterpriseName::parse("示例\u{7}公司").is_err());
    }

    #[test]
    fn svc_item_types_the_targets_decide_whether_an_enterprise_applies() {
        use Target::{LegalPerson as L, NaturalPerson as N};
        let enterprise = Enterprise {
            name: EnterpriseName::parse("张掖市甘州区示例商贸有限公司").unwrap(),
            credit_code: CreditCode::parse("91620702MA71ABCD1P").unwrap(),
        };
        let cases: &[(&[Target], EnterpriseAsked, bool, bool)] = &[
            (&[L], EnterpriseAsked::Required, false, true),
            (&[L, N], EnterpriseAsked::Optional, true, true),
            (&[N, L], EnterpriseAsked::Optional, true, true),
            (&[N], EnterpriseAsked::No, true, false),
            (&[], EnterpriseAsked::No, true, false),
        ];
        for (targets, asked, without, with) in cases {
            let of = EnterpriseAsked::of(targets);
            assert_eq!(of, *asked, "{targets:?}");
            assert_eq!(of.check(None).is_ok(), *without, "{targets:?} without");
            assert_eq!(
                of.check(Some(&enterprise)).is_ok(),
                *with,
                "{targets:?} with"
            );
        }
    }
}
