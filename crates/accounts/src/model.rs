//! The pure rules of accounts (issue 23), without storage: the kinds of account, the
//! 统一社会信用代码 with its GB 32100 check character, who may act for an enterprise, the
//! business an account can hold, and what a deletion erases and what it keeps.

use platform::{Error, Result};

/// A natural person (自然人) or a legal person (法人).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Kind {
    Person,
    Enterprise,
}

impl Kind {
    pub const fn code(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Enterprise => "enterprise",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "person" => Some(Kind::Person),
            "enterprise" => Some(Kind::Enterprise),
            _ => None,
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Kind::Person => "个人",
            Kind::Enterprise => "法人",
        }
    }
}

/// Registered here with a phone and password, or known from the unified identity provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Origin {
    Local,
    Oidc,
}

impl Origin {
    pub const fn code(self) -> &'static str {
        match self {
            Origin::Local => "local",
            Origin::Oidc => "oidc",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "local" => Some(Origin::Local),
            "oidc" => Some(Origin::Oidc),
            _ => None,
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Origin::Local => "本站注册",
            Origin::Oidc => "统一身份认证",
        }
    }
}

/// A 统一社会信用代码 (GB 32100-2015): 18 characters of the code's alphabet, the last its
/// check character.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Uscc(String);

impl Uscc {
    const ALPHABET: &'static [u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];

    pub fn parse(text: &str) -> Result<Self> {
        let upper = text.trim().to_ascii_uppercase();
        let invalid = || Error::invalid("统一社会信用代码不正确：应为 18 位，且校验码正确");
        let values: Option<Vec<u32>> = upper
            .bytes()
            .map(|b| {
                Self::ALPHABET
                    .iter()
                    .position(|a| *a == b)
                    .and_then(|p| u32::try_from(p).ok())
            })
            .collect();
        let values = values.ok_or_else(invalid)?;
        if values.len() != 18 {
            return Err(invalid());
        }
        let (body, check) = values.split_at(17);
        let sum: u32 = body.iter().zip(Self::WEIGHTS).map(|(v, w)| v * w).sum();
        let expected = (31 - sum % 31) % 31;
        if check.first().copied() != Some(expected) {
            return Err(invalid());
        }
        Ok(Self(upper))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password of a local account: at least 8 characters with letters and digits.
pub fn check_password(password: &str) -> Result<()> {
    let long_enough = password.chars().count() >= 8;
    let letters = password.chars().any(|c| c.is_ascii_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    if long_enough && letters && digits && password.chars().count() <= 128 {
        Ok(())
    } else {
        Err(Error::invalid("密码应为 8 至 128 位，且同时包含字母和数字"))
    }
}

/// Who asks to act for an enterprise, and what the enterprise's records say of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acting {
    /// The person is the enterprise's legal representative.
    pub is_representative: bool,
    /// The person holds an authorisation of the representative that is not revoked.
    pub has_live_authorisation: bool,
}

/// Issue 23 item 2: only the legal representative and the agents (经办人) the representative
/// authorised, and whose authorisation is not revoked, act for an enterprise.
pub fn may_act_for(acting: Acting) -> Result<()> {
    if acting.is_representative || acting.has_live_authorisation {
        Ok(())
    } else {
        Err(Error::invalid(
            "您未获得该企业法定代表人的授权，不能以该企业名义办理",
        ))
    }
}

/// Only the legal representative authorises or revokes agents.
pub fn may_authorise(is_representative: bool) -> Result<()> {
    if is_representative {
        Ok(())
    } else {
        Err(Error::invalid("只有企业的法定代表人可以授权或撤销经办人"))
    }
}

/// The business an account holds in 我的空间.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ItemKind {
    /// A 12345 appeal (诉求).
    Appeal,
    /// A service case (办件).
    Case,
    /// A disclosure application (依申请公开).
    Application,
    /// An e-participation message (留言).
    Message,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Appeal,
        ItemKind::Case,
        ItemKind::Application,
        ItemKind::Message,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ItemKind::Appeal => "appeal",
            ItemKind::Case => "case",
            ItemKind::Application => "application",
            ItemKind::Message => "message",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            ItemKind::Appeal => "12345 诉求",
            ItemKind::Case => "政务服务办件",
            ItemKind::Application => "政府信息公开申请",
            ItemKind::Message => "政民互动留言",
        }
    }
}

/// How a business came to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum How {
    /// Filed while logged in.
    Filed,
    /// Claimed later with its number and query code.
    Claimed,
}

impl How {
    pub const fn code(self) -> &'static str {
        match self {
            How::Filed => "filed",
            How::Claimed => "claimed",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            How::Filed => "登录后提交",
            How::Claimed => "凭编号和查询码认领",
        }
    }
}

/// Issue 23 item 4 (Personal Information Protection Law §47; SEC-AUDIT; the case-file
/// rules of each domain): what a deletion of an account erases and what it keeps, in the
/// words of the answer.
pub struct DeletionPlan {
    pub erased: &'static [&'static str],
    pub kept: &'static [&'static str],
}

/// The one plan: the account's own data goes; business filed with the government and the
/// audit log stay, as the law requires.
pub const DELETION_PLAN: DeletionPlan = DeletionPlan {
    erased: &[
        "账号的姓名、身份证号码、手机号码和密码",
        "登录会话和统一身份认证的登录凭据",
        "经办人授权关系",
        "我的空间中与诉求、办件、申请、留言的关联",
        "栏目订阅和平台消息",
    ],
    kept: &[
        "已提交的 12345 诉求、政务服务办件、信息公开申请和留言本身（按档案和办件管理规定保存）",
        "审计日志（网络安全法要求至少保存六个月，SEC-AUDIT）",
        "账号编号和注销时间（用于审计日志的引用）",
    ],
};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn uscc_check_character_follows_gb_32100() {
        let valid = with_check("91360702MA35G0XK0");
        assert_eq!(valid.len(), 18);
        assert!(Uscc::parse(&valid).is_ok(), "{valid}");
        // The same code with any other check character, a short one, a letter outside the
        // code's alphabet (I): refused.
        let body = &valid[..17];
        for c in Uscc::ALPHABET.iter().map(|c| *c as char) {
            let other = format!("{body}{c}");
            if other != valid {
                assert!(Uscc::parse(&other).is_err(), "{other}");
            }
        }
        assert!(Uscc::parse("123").is_err());
        assert!(Uscc::parse("91360702MA35G0XKI0").is_err());
        assert!(Uscc::parse(&valid.to_lowercase()).is_ok());
    }

    /// The code `body` completed with its check character.
    pub(crate) fn with_check(body: &str) -> String {
        for c in Uscc::ALPHABET.iter() {
            let candidate = format!("{body}{}", *c as char);
            if Uscc::parse(&candidate).is_ok() {
                return candidate;
            }
        }
        String::new()
    }

    #[test]
    fn only_the_representative_and_live_agents_act_for_an_enterprise() {
        let table = [
            (true, false, true),
            (false, true, true),
            (false, false, false),
            (true, true, true),
        ];
        for (is_representative, has_live_authorisation, ok) in table {
            let acting = Acting {
                is_representative,
                has_live_authorisation,
            };
            assert_eq!(may_act_for(acting).is_ok(), ok, "{acting:?}");
        }
        assert!(may_authorise(true).is_ok());
        assert!(may_authorise(false).is_err());
    }

    #[test]
    fn passwords_need_letters_digits_and_eight_characters() {
        for (password, ok) in [
            ("abc12345", true),
            ("abcdefgh", false),
            ("12345678", false),
            ("ab1", false),
        ] {
            assert_eq!(check_password(password).is_ok(), ok, "{password}");
        }
    }

    #[test]
    fn item_kinds_round_trip_their_codes() {
        for kind in ItemKind::ALL {
            assert_eq!(ItemKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ItemKind::from_code("other"), None);
    }
}
