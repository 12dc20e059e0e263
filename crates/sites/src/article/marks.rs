//! What an article carries besides its content for three rules of the site group: a map's
//! 审图号 (WEB-MAP, 000 网站 §13: 标准地图或依法取得审图号的地图), a repost's 稿源单位 and the
//! instant of the repost notice (WEB-REPOST, 000 网站 §14: 接到转载通知后24小时内转载…转载内容
//! 必须出自互联网新闻信息稿源单位), and the deadlines a publication is judged against — late
//! publication of a policy document (PUB-PROACTIVE), of major information or of a repost is an
//! accountability event of the column's responsible unit (WEB-ACCOUNT, 000 门户 §26).

use calendar::{Calendar, Instant, Limit};

use crate::SiteError;
use crate::article::Article;

/// WEB-MAP: the article shows a map; `approval` is its 审图号, empty while the draft still
/// waits for it (it cannot be submitted then).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MapMark {
    /// 审图号, e.g. `GS(2024)1234号`, `甘S(2023)056号`.
    pub approval: String,
}

/// WEB-REPOST: the article reposts a central or provincial item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Repost {
    /// 稿源单位: one of the profile's licensed news sources.
    pub source: String,
    /// When the repost notice (转载通知) came: the clock starts here.
    #[serde(with = "platform::snapshot::instant")]
    pub notice_at: Instant,
}

/// The marks of an article, set together from the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Marks {
    pub map: Option<MapMark>,
    pub repost: Option<Repost>,
}

impl Marks {
    pub fn is_empty(&self) -> bool {
        self.map.is_none() && self.repost.is_none()
    }
}

/// WEB-MAP: whether `text` reads as a 审图号: `GS`, `GS` and a province's abbreviation, or a
/// province's abbreviation and `S`; the year in brackets (half- or full-width); the number;
/// `号`. E.g. `GS(2024)1234号`, `GS京(2022)1061号`, `甘S(2023)056号`, `粤S（2019）043号`.
pub fn is_map_approval(text: &str) -> bool {
    let chars: Vec<char> = text.trim().chars().collect();
    let is_han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let prefix = match chars.as_slice() {
        ['G', 'S', c, ..] if is_han(*c) => 3,
        ['G', 'S', ..] => 2,
        [c, 'S', ..] if is_han(*c) => 2,
        _ => return false,
    };
    let rest = &chars[prefix..];
    let Some((open, rest)) = rest.split_first() else {
        return false;
    };
    if !matches!(open, '(' | '（') || rest.len() < 4 {
        return false;
    }
    let (year, rest) = rest.split_at(4);
    let year: String = year.iter().collect();
    let year_ok = year
        .parse::<u32>()
        .is_ok_and(|y| (1950..=2100).contains(&y))
        && year.chars().all(|c| c.is_ascii_digit());
    let Some((close, rest)) = rest.split_first() else {
        return false;
    };
    if !year_ok || !matches!(close, ')' | '）') {
        return false;
    }
    let Some((last, digits)) = rest.split_last() else {
        return false;
    };
    *last == '号' && (1..=6).contains(&digits.len()) && digits.iter().all(char::is_ascii_digit)
}

/// WEB-MAP: a 审图号 given must read as one; the message cites the rule.
pub fn check_map_approval(text: &str) -> Result<(), SiteError> {
    if is_map_approval(text) {
        Ok(())
    } else {
        Err(SiteError::invalid(format!(
            "审图号“{}”格式不正确，应如 GS(2024)1234号 或 甘S(2023)056号（WEB-MAP）",
            text.trim()
        )))
    }
}

/// WEB-MAP: an article marked as showing a map carries its 审图号 before it is submitted or
/// published.
pub fn check_map_ready(article: &Article) -> Result<(), SiteError> {
    match &article.map {
        Some(map) if map.approval.trim().is_empty() => Err(SiteError::invalid(
            "稿件含地图，须填写审图号后才能提交审核或签发（WEB-MAP：应使用标准地图或依法取得审图号的地图）",
        )),
        Some(map) => check_map_approval(&map.approval),
        None => Ok(()),
    }
}

/// WEB-REPOST: a repost's 稿源单位 is one of `licensed` (the profile's
/// `website.licensed_news_sources`), compared trimmed.
pub fn check_licensed(source: &str, licensed: &[&str]) -> Result<(), SiteError> {
    let source = source.trim();
    if source.is_empty() {
        return Err(SiteError::invalid("转载稿件请填写稿源单位（WEB-REPOST）"));
    }
    if licensed.contains(&source) {
        return Ok(());
    }
    Err(SiteError::invalid(format!(
        "稿源单位“{source}”不在互联网新闻信息稿源单位名单内，不能转载（WEB-REPOST）；可转载的稿源单位：{}",
        licensed.join("、")
    )))
}

/// The checks of the marks themselves when they are set at `now`: a 审图号 given reads as
/// one (WEB-MAP); a repost names a source and a notice not later than now (WEB-REPOST).
pub fn check_marks(marks: &Marks, now: Instant) -> Result<(), SiteError> {
    if let Some(map) = &marks.map
        && !map.approval.trim().is_empty()
    {
        check_map_approval(&map.approval)?;
    }
    if let Some(repost) = &marks.repost {
        if repost.source.trim().is_empty() {
            return Err(SiteError::invalid("转载稿件请填写稿源单位（WEB-REPOST）"));
        }
        if repost.notice_at > now {
            return Err(SiteError::invalid("转载通知时间不能晚于现在（WEB-REPOST）"));
        }
    }
    Ok(())
}

/// Why a unit is held to account (WEB-ACCOUNT, 000 门户 §26).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AccountKind {
    /// A policy document published after the policy window from its 成文日期 (PUB-PROACTIVE).
    LatePolicy,
    /// 重大信息 published after its window (发布延误).
    LateMajor,
    /// A repost published after the repost window from its notice (WEB-REPOST).
    LateRepost,
    /// A published article withdrawn for an error (纠错撤稿, 错敏).
    Error,
}

impl AccountKind {
    pub const ALL: [AccountKind; 4] = [
        AccountKind::LatePolicy,
        AccountKind::LateMajor,
        AccountKind::LateRepost,
        AccountKind::Error,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            AccountKind::LatePolicy => "late_policy",
            AccountKind::LateMajor => "late_major",
            AccountKind::LateRepost => "late_repost",
            AccountKind::Error => "error",
        }
    }

    pub fn of_code(code: &str) -> Option<AccountKind> {
        AccountKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            AccountKind::LatePolicy => "政策文件未在规定时限公开",
            AccountKind::LateMajor => "重大信息发布延误",
            AccountKind::LateRepost => "转载超过时限",
            AccountKind::Error => "内容差错撤稿",
        }
    }

    /// The rule the record cites.
    pub const fn rule(self) -> &'static str {
        match self {
            AccountKind::LatePolicy => "PUB-PROACTIVE",
            AccountKind::LateMajor | AccountKind::Error => "WEB-ACCOUNT",
            AccountKind::LateRepost => "WEB-REPOST",
        }
    }
}

/// The windows publications are judged by, from the profile: a policy document's from its
/// 成文日期 (`openness.policy_document`), major information's from its drafting
/// (`openness.proactive`), a repost's from its notice (`openness.repost`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    pub policy: Limit,
    pub major: Limit,
    pub repost: Limit,
}

/// The deadlines `article` is published against, by kind (PUB-PROACTIVE, WEB-REPOST,
/// WEB-ACCOUNT); none for an ordinary article.
pub fn deadlines(
    article: &Article,
    windows: &Windows,
    calendar: &Calendar,
) -> Vec<(AccountKind, Instant)> {
    let mut due = Vec::new();
    if let Some(policy) = &article.content.policy {
        let issued = Instant::from_local(policy.written_on, 0);
        due.push((
            AccountKind::LatePolicy,
            calendar.due(issued, windows.policy).at,
        ));
    }
    if article.major {
        due.push((
            AccountKind::LateMajor,
            calendar.due(article.created_at, windows.major).at,
        ));
    }
    if let Some(repost) = &article.repost {
        due.push((
            AccountKind::LateRepost,
            calendar.due(repost.notice_at, windows.repost).at,
        ));
    }
    due
}

/// WEB-ACCOUNT: the deadlines a published `article` missed (published after them); none
/// before publication.
pub fn missed(
    article: &Article,
    windows: &Windows,
    calendar: &Calendar,
) -> Vec<(AccountKind, Instant)> {
    let Some(published) = article.published_at else {
        return Vec::new();
    };
    deadlines(article, windows, calendar)
        .into_iter()
        .filter(|(_, due)| published > *due)
        .collect()
}
