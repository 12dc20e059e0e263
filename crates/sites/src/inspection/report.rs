//! The national check of a site (国办秘函〔2019〕19号, reports.md §3; WEB-INSPECT, WEB-FRESH):
//! the single-veto indicators, each pass or fail with its evidence — 站点无法访问 (the
//! probes' share over the window), 首页长时间未更新 (the crawl's stale home page), 栏目不更新
//! and 空白栏目 (the site group's freshness report), 严重错误表述 and 暗链/违规外链 and 泄露隐私
//! (the crawl's open findings), 互动回应差 (messages unanswered over 3 months, counted by the
//! caller from e-participation) — and the quarterly inspection report's figures, with the
//! deduction points of the indicators ([`super::deductions`], table `inspect_deductions`,
//! editable data per jurisdiction).

use std::collections::BTreeMap;

use calendar::{Calendar, Instant};
use platform::Result;
use platform::db::Db;
use platform::profile::RuleProfile;

use super::deductions::Deductions;
use super::jobs::{self, Target};
use super::manual::{self, Entry};
use super::points::{self, Measure, Verdict};
use super::store;

/// One single-veto indicator of a site: passed or failed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub name: &'static str,
    pub pass: bool,
    pub evidence: String,
}

/// The messages of a site left unanswered over 3 months within the past year (互动回应差):
/// how many, and the oldest one's number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unanswered {
    pub count: i64,
    pub oldest: Option<String>,
}

/// The open (or awaiting re-check) findings of `site` per kind, with the first page of each.
async fn open_by_kind(db: &Db, target: &Target) -> Result<BTreeMap<String, (i64, String)>> {
    let mut by_kind: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for stored in store::of_site(db, target.site, true, 10_000).await? {
        let entry = by_kind
            .entry(stored.finding.kind.clone())
            .or_insert((0, String::new()));
        entry.0 += 1;
        if entry.1.is_empty() {
            entry.1 = format!("{}：{}", stored.finding.url, stored.finding.detail);
        }
    }
    Ok(by_kind)
}

fn kinds_evidence(
    by_kind: &BTreeMap<String, (i64, String)>,
    kinds: &[(&str, &str)],
) -> (bool, String) {
    let mut parts = Vec::new();
    let mut example = String::new();
    for (kind, label) in kinds {
        if let Some((n, first)) = by_kind.get(*kind) {
            parts.push(format!("{label}{n}处"));
            if example.is_empty() {
                example = first.clone();
            }
        }
    }
    if parts.is_empty() {
        (true, "巡检未发现".into())
    } else {
        (false, format!("{}（如 {example}）", parts.join("，")))
    }
}

/// 国办秘函〔2019〕19号 single veto: the indicators of `target` at `now`.
pub async fn indicators(
    db: &Db,
    profile: &RuleProfile,
    calendar: &Calendar,
    target: &Target,
    now: Instant,
    unanswered: &Unanswered,
) -> Result<Vec<Indicator>> {
    let mut items = Vec::new();
    // 站点无法访问: ≥ 5 % of the week's probes unanswered within 15 s.
    let share = jobs::availability(db, profile, target.site, now).await?;
    items.push(Indicator {
        name: "站点无法访问",
        pass: !share.red,
        evidence: if share.probes == 0 {
            "尚无探测记录".into()
        } else {
            format!(
                "近{}天探测{}次，{}次未在{}秒内响应（{}，{}%即单项否决）",
                profile.website.availability_window_days,
                share.probes,
                share.unanswered,
                profile.website.broken_link_timeout_seconds,
                share.share(),
                profile.website.availability_red_percent
            )
        },
    });
    let by_kind = open_by_kind(db, target).await?;
    let (pass, evidence) = kinds_evidence(&by_kind, &[("stale-home", "首页未更新")]);
    items.push(Indicator {
        name: "首页长时间未更新",
        pass,
        evidence: if pass {
            let last = store::last_run(db, target.site).await?;
            match last {
                Some(run) => format!("最近一次巡检（{}个页面）首页有近期信息", run.pages),
                None => "尚未巡检".into(),
            }
        } else {
            evidence
        },
    });
    // 栏目不更新 / 空白栏目: the site group's freshness (WEB-FRESH).
    let columns =
        crate::jobs::freshness::report(db, Some(target.site), now, profile, calendar).await?;
    let count = crate::jobs::freshness::tally(&columns);
    let stale_fail = count.stale_core >= 5 || count.stale >= 10;
    items.push(Indicator {
        name: "栏目不更新",
        pass: !stale_fail,
        evidence: format!(
            "动态、通知公告、政策文件类栏目未按期更新{}个（5个即否决），应更新未更新栏目共{}个（10个即否决）",
            count.stale_core, count.stale
        ),
    });
    items.push(Indicator {
        name: "空白栏目",
        pass: count.blank < 5,
        evidence: format!("空白栏目{}个（5个即否决）", count.blank),
    });
    let (pass, evidence) = kinds_evidence(
        &by_kind,
        &[("wrong-word", "错误表述"), ("sensitive-word", "敏感词")],
    );
    items.push(Indicator {
        name: "严重错误表述",
        pass,
        evidence,
    });
    let (pass, evidence) = kinds_evidence(
        &by_kind,
        &[("hidden-link", "暗链"), ("blocked-link", "违规外链")],
    );
    items.push(Indicator {
        name: "暗链或违规链接",
        pass,
        evidence,
    });
    let (pass, evidence) = kinds_evidence(
        &by_kind,
        &[
            ("privacy-id-number", "身份证号"),
            ("privacy-phone", "手机号"),
            ("privacy-bank-card", "银行卡号"),
        ],
    );
    items.push(Indicator {
        name: "泄露隐私",
        pass,
        evidence,
    });
    items.push(Indicator {
        name: "互动回应差",
        pass: unanswered.count == 0,
        evidence: match &unanswered.oldest {
            Some(number) if unanswered.count > 0 => format!(
                "近一年有{}件留言超过3个月未答复（最早：{number}）",
                unanswered.count
            ),
            _ => "近一年无超过3个月未答复的留言".into(),
        },
    });
    Ok(items)
}

/// One kind's line of a quarterly report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindLine {
    /// A finding kind or a national indicator's code.
    pub kind: String,
    /// Its name in the deduction table (empty when it has no row).
    pub name: String,
    pub found: i64,
    pub closed: i64,
    pub open: i64,
    pub deducted: i64,
    /// What the records show (the measured indicators), or the manual entry's reason.
    pub evidence: String,
    /// Entered by hand (a manual indicator of the point table).
    pub manual: bool,
}

/// A site's quarterly inspection report: the findings first seen in the quarter per kind,
/// the availability over the quarter, the deductions and the score (100 less them).
#[derive(Debug, Clone)]
pub struct Quarterly {
    pub lines: Vec<KindLine>,
    /// The bonus part's entries (加分).
    pub bonus_lines: Vec<KindLine>,
    pub probes: i64,
    pub unanswered: i64,
    pub deducted: i64,
    /// 100 less the deductions.
    pub score: i64,
    /// The deduction part's score, the bonus counted and whether it passes (19号).
    pub verdict: Verdict,
}

/// What the caller measured of the site over the quarter for an indicator that is not a
/// crawl finding (如 `site-error-open`: 我为政府网站找错 messages not closed): found, of
/// which closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    pub indicator: &'static str,
    pub found: i64,
    pub closed: i64,
    /// What the records show; a measured indicator with evidence is listed even at 0.
    pub evidence: String,
}

impl Measured {
    /// A measure of [`super::points`] at the check: its lapses, none of them closed.
    pub fn of(measure: &Measure) -> Measured {
        Measured {
            indicator: measure.indicator,
            found: measure.occurrences(),
            closed: 0,
            evidence: measure.evidence.clone(),
        }
    }
}

/// The quarterly report of `site` over `[from, to)`: the findings first seen in the quarter
/// per kind and the `measured` indicators, each deducting its points from `deductions` (at
/// most its cap; 19号, reports.md §3), and the manual `entries` of the quarter: their points
/// deducted, or the bonus counted above 80 ([`points::verdict`]).
pub async fn quarterly(
    db: &Db,
    deductions: &Deductions,
    site: crate::SiteId,
    (from, to): (i64, i64),
    measured: &[Measured],
    entries: &[Entry],
) -> Result<Quarterly> {
    let mut lines: BTreeMap<String, KindLine> = BTreeMap::new();
    let name = |kind: &str| {
        deductions
            .get(kind)
            .map(|item| item.name.clone())
            .unwrap_or_default()
    };
    for (kind, status, n) in store::counts(db, site, from, to).await? {
        let line = lines.entry(kind.clone()).or_insert(KindLine {
            name: name(&kind),
            kind: kind.clone(),
            found: 0,
            closed: 0,
            open: 0,
            deducted: 0,
            evidence: String::new(),
            manual: false,
        });
        if status == "dismissed" {
            continue;
        }
        line.found += n;
        if status == "closed" {
            line.closed += n;
        } else {
            line.open += n;
        }
    }
    for item in measured
        .iter()
        .filter(|item| item.found > 0 || !item.evidence.is_empty())
    {
        let line = lines.entry(item.indicator.to_owned()).or_insert(KindLine {
            kind: item.indicator.to_owned(),
            name: name(item.indicator),
            found: 0,
            closed: 0,
            open: 0,
            deducted: 0,
            evidence: String::new(),
            manual: false,
        });
        line.found += item.found;
        line.closed += item.closed;
        line.open += item.found - item.closed;
        line.evidence.clone_from(&item.evidence);
    }
    let mut deducted = 0;
    for line in lines.values_mut() {
        line.deducted = deductions.deducted(&line.kind, line.found);
        deducted += line.deducted;
    }
    let mut lines: Vec<KindLine> = lines
        .into_values()
        .filter(|line| line.found > 0 || !line.evidence.is_empty())
        .collect();
    let mut bonus_lines = Vec::new();
    let mut bonus = 0;
    for entry in entries {
        let Some(item) = deductions.get(&entry.indicator) else {
            continue;
        };
        let counted = if item.cap > 0 {
            entry.points.min(item.cap)
        } else {
            entry.points
        };
        let line = KindLine {
            kind: entry.indicator.clone(),
            name: item.name.clone(),
            found: 0,
            closed: 0,
            open: 0,
            deducted: counted,
            evidence: entry.reason.clone(),
            manual: true,
        };
        if item.section == manual::BONUS {
            bonus += counted;
            bonus_lines.push(line);
        } else {
            deducted += counted;
            lines.push(line);
        }
    }
    let (probes, unanswered) = store::probe_counts(db, site, from, to).await?;
    // The single veto is the site page's (its indicators are the site as it stands now).
    let verdict = points::verdict(deducted, bonus, false);
    Ok(Quarterly {
        lines,
        bonus_lines,
        probes,
        unanswered,
        deducted,
        score: verdict.score,
        verdict,
    })
}
