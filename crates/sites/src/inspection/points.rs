//! The 19号 deduction indicators that score from the platform's records (国办秘函〔2019〕19号,
//! reports.md §3; WEB-INSPECT, WEB-FRESH) — pure. Three indicators count things a site keeps
//! updated that went longer than their window without an update at the instant of the check:
//! 政策文件类一级栏目6个月未更新 (each first-level policy-document column past the profile's
//! `website.fresh_notices`), 办事统计3个月未更新 (the site's 办事统计 column past
//! `website.fresh_service_stats`) and 留言答复2个月未更新 (each interaction channel of the site
//! whose latest published reply is older than `website.fresh_replies`). A column that never
//! had an article is a blank column (空白栏目, the single-veto count) and is not deducted
//! again here (reports.md §3). [`RECORDED`] lists the indicators the report scores from
//! records; the others of the point table stay manual ([`super::manual`]).

use calendar::{Calendar, Clock, Instant, Limit};

/// 政策文件类一级栏目6个月未更新 (−5 each).
pub const POLICY_COLUMN_STALE: &str = "policy-column-stale";
/// 办事统计3个月未更新 (−2).
pub const SERVICE_STATS_STALE: &str = "service-stats-stale";
/// 留言答复2个月未更新 (−3 each channel).
pub const REPLIES_STALE: &str = "replies-stale";

/// The indicators of the point table the report scores from the platform's records (besides
/// the crawl's finding kinds): the three above and the 我为政府网站找错 messages.
pub const RECORDED: [&str; 5] = [
    POLICY_COLUMN_STALE,
    SERVICE_STATS_STALE,
    REPLIES_STALE,
    "site-error-open",
    "site-error-late",
];

/// Whether the report scores `indicator` from records (a crawl finding kind or one of
/// [`RECORDED`]); the other indicators of the point table are entered by hand.
pub fn from_records(indicator: &str, section: &str) -> bool {
    section == "巡检问题" || RECORDED.contains(&indicator)
}

/// Whether a column of the site is its 办事统计 column (named so: 办事统计, 办件统计).
pub fn is_service_stats_column(name: &str) -> bool {
    ["办事统计", "办件统计"]
        .iter()
        .any(|word| name.contains(word))
}

/// Something a site keeps updated: a column or an interaction channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub name: String,
    /// When it started to count: the column's opening, the channel's first message.
    pub since: Instant,
    /// Its latest update before the check (publication, published reply); `None` for none.
    pub last: Option<Instant>,
}

/// One thing past its window at the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lapse {
    pub name: String,
    pub last: Option<Instant>,
    /// When it was due for an update: its last update (else `since`) plus the window.
    pub due: Instant,
}

/// WEB-INSPECT: which of `items` went longer than `window` without an update at `at` (the
/// window counted by `calendar` from the last update, or from `since` for one never updated;
/// past due means strictly after the due instant).
pub fn lapsed(items: &[Dated], at: Instant, window: Limit, calendar: &Calendar) -> Vec<Lapse> {
    items
        .iter()
        .filter_map(|item| {
            let from = item.last.unwrap_or(item.since);
            if from > at {
                return None;
            }
            let due = Clock::new(from, window).due(calendar).at;
            (at > due).then(|| Lapse {
                name: item.name.clone(),
                last: item.last,
                due,
            })
        })
        .collect()
}

/// A date as the evidence writes it.
fn date(at: Instant) -> String {
    at.local_date().format("%Y-%m-%d").to_string()
}

/// The evidence of an indicator measured over `checked` things with these `lapses`, in
/// Chinese: 「政策文件」最近更新2025-03-03，应于2025-09-02前更新；…, or that none lapsed.
pub fn evidence_zh(what: &str, checked: usize, lapses: &[Lapse]) -> String {
    if checked == 0 {
        return format!("没有{what}，无记录可计（可人工填报）");
    }
    if lapses.is_empty() {
        return format!("{what}{checked}个均按期更新");
    }
    let items: Vec<String> = lapses
        .iter()
        .map(|lapse| {
            let last = match lapse.last {
                Some(last) => format!("最近更新{}", date(last)),
                None => "从未更新".to_owned(),
            };
            format!("「{}」{last}，应于{}前更新", lapse.name, date(lapse.due))
        })
        .collect();
    format!(
        "{what}{checked}个中{}个逾期：{}",
        lapses.len(),
        items.join("；")
    )
}

/// A site's measure of one indicator at the check: how many things were checked, which lapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub indicator: &'static str,
    pub checked: usize,
    pub lapses: Vec<Lapse>,
    pub evidence: String,
}

impl Measure {
    /// Measures `items` (`what` names them in the evidence) against `window` at `at`.
    pub fn of(
        indicator: &'static str,
        what: &str,
        items: &[Dated],
        at: Instant,
        window: Limit,
        calendar: &Calendar,
    ) -> Measure {
        let lapses = lapsed(items, at, window, calendar);
        Measure {
            indicator,
            checked: items.len(),
            evidence: evidence_zh(what, items.len(), &lapses),
            lapses,
        }
    }

    /// The occurrences the indicator deducts for.
    pub fn occurrences(&self) -> i64 {
        i64::try_from(self.lapses.len()).unwrap_or(i64::MAX)
    }
}

/// The overall verdict of the check (reports.md §3): any single veto fails; else a deduction
/// score below 60 fails; above 80 the bonus points (at most 30) are added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// 100 less the deductions (not below 0).
    pub score: i64,
    /// The bonus counted: the entered bonus points (at most 30) when the score is above 80.
    pub bonus: i64,
    pub total: i64,
    pub pass: bool,
}

/// The most bonus points (19号: the 加分 part counts 30).
pub const MAX_BONUS: i64 = 30;

/// 19号 (reports.md §3): the verdict of a site with `deducted` points off, `bonus` points
/// entered and whether a single-veto indicator failed.
pub fn verdict(deducted: i64, bonus: i64, vetoed: bool) -> Verdict {
    let score = (100 - deducted.max(0)).max(0);
    let bonus = if score > 80 {
        bonus.clamp(0, MAX_BONUS)
    } else {
        0
    };
    Verdict {
        score,
        bonus,
        total: score + bonus,
        pass: !vetoed && score >= 60,
    }
}
