//! The 19号 point table's record-scored indicators and the verdict, pure (WEB-INSPECT,
//! WEB-FRESH; 国办秘函〔2019〕19号, reports.md §3), table-driven: what lapses against a window at
//! an instant (from the last update, else from the start; past due strictly after it), the
//! evidence in Chinese, which indicators score from records and which are manual, the 办事统计
//! column by its name, and the verdict — 100 less the deductions, below 60 fails, the bonus
//! (at most 30) counted only above 80, a single veto fails whatever the score.

use calendar::{Limit, LimitUnit};
use sites::inspection::points::{self, Dated, Measure};

use crate::{CAL, at};

fn days(amount: u32) -> Limit {
    Limit {
        amount,
        unit: LimitUnit::Days,
    }
}

fn item(name: &str, since: &str, last: Option<&str>) -> Dated {
    Dated {
        name: name.into(),
        since: at(since),
        last: last.map(at),
    }
}

/// WEB-INSPECT, WEB-FRESH (19号 政策文件类一级栏目6个月未更新, 办事统计3个月未更新,
/// 留言答复2个月未更新): a thing lapses when the check comes after its last update (else its
/// start) plus the window.
#[test]
fn web_inspect_record_scored_indicators_lapse_after_their_window() {
    // (case, item, check, window in days, lapsed)
    let cases = [
        (
            "updated within the window",
            item("政策文件", "2025-01-01T09:00", Some("2025-03-01T09:00")),
            "2025-08-31T09:00",
            183,
            false,
        ),
        (
            "past the window since the last update",
            item("政策文件", "2025-01-01T09:00", Some("2025-03-01T09:00")),
            "2025-09-01T10:00",
            183,
            true,
        ),
        (
            "never updated: counted from its start",
            item("领导信箱", "2025-05-01T09:00", None),
            "2025-07-03T09:00",
            62,
            true,
        ),
        (
            "never updated, started within the window",
            item("领导信箱", "2025-06-01T09:00", None),
            "2025-07-03T09:00",
            62,
            false,
        ),
        (
            "the due instant itself is not past due",
            item("办事统计", "2025-01-01T09:00", Some("2025-01-01T09:00")),
            "2025-04-03T09:00",
            92,
            false,
        ),
        (
            "started after the check: not counted",
            item("办事统计", "2025-06-01T09:00", None),
            "2025-05-01T09:00",
            92,
            false,
        ),
    ];
    for (case, dated, check, window, expected) in cases {
        let lapses = points::lapsed(std::slice::from_ref(&dated), at(check), days(window), &CAL);
        assert_eq!(!lapses.is_empty(), expected, "{case}");
    }
}

/// WEB-INSPECT: the measure counts each lapsed thing and says which, when it was last updated
/// and by when it was due; none checked is said so (no record: entered by hand).
#[test]
fn web_inspect_measures_give_their_evidence_in_chinese() {
    let items = [
        item("政策文件", "2025-01-01T09:00", Some("2025-01-02T09:00")),
        item("规范性文件", "2025-01-01T09:00", Some("2025-06-01T09:00")),
    ];
    let check = at("2025-07-10T09:00");
    let measure = Measure::of(
        points::POLICY_COLUMN_STALE,
        "政策文件类一级栏目",
        &items,
        check,
        days(183),
        &CAL,
    );
    assert_eq!((measure.checked, measure.occurrences()), (2, 1));
    assert_eq!(
        measure.evidence,
        "政策文件类一级栏目2个中1个逾期：「政策文件」最近更新2025-01-02，应于2025-07-05前更新"
    );
    let none = Measure::of(
        points::SERVICE_STATS_STALE,
        "办事统计栏目",
        &[],
        check,
        days(92),
        &CAL,
    );
    assert_eq!(none.occurrences(), 0);
    assert!(
        none.evidence.contains("没有办事统计栏目"),
        "{}",
        none.evidence
    );
    let fresh = Measure::of(
        points::REPLIES_STALE,
        "互动栏目",
        &[item(
            "我要咨询",
            "2025-01-01T09:00",
            Some("2025-07-01T09:00"),
        )],
        check,
        days(62),
        &CAL,
    );
    assert_eq!(fresh.evidence, "互动栏目1个均按期更新");
}

/// WEB-INSPECT (19号): the crawl's kinds and the five record indicators score from records;
/// every other indicator of the point table is entered by hand. The 办事统计 column is known
/// by its name.
#[test]
fn web_inspect_which_indicators_score_from_records() {
    let cases = [
        ("wrong-word", "巡检问题", true),
        ("policy-column-stale", "发布解读", true),
        ("service-stats-stale", "办事服务", true),
        ("replies-stale", "互动交流", true),
        ("site-error-open", "互动交流", true),
        ("site-error-late", "互动交流", true),
        ("design-manual", "功能设计", false),
        ("bonus-manual", "加分", false),
        ("publish-manual", "发布解读", false),
    ];
    for (indicator, section, recorded) in cases {
        assert_eq!(
            points::from_records(indicator, section),
            recorded,
            "{indicator}"
        );
    }
    for (name, stats) in [
        ("办事统计", true),
        ("办件统计公示", true),
        ("统计信息", false),
        ("政策文件", false),
    ] {
        assert_eq!(points::is_service_stats_column(name), stats, "{name}");
    }
}

/// WEB-INSPECT (19号, reports.md §3): the deduction part's score, the bonus above 80 (at most
/// 30), below 60 fails, a single veto fails.
#[test]
fn web_inspect_the_verdict_of_the_point_table() {
    // (deducted, bonus, vetoed) → (score, bonus counted, total, pass)
    let cases = [
        ((0, 0, false), (100, 0, 100, true)),
        ((19, 12, false), (81, 12, 93, true)),
        ((20, 12, false), (80, 0, 80, true)),
        ((5, 45, false), (95, 30, 125, true)),
        ((40, 0, false), (60, 0, 60, true)),
        ((41, 0, false), (59, 0, 59, false)),
        ((130, 0, false), (0, 0, 0, false)),
        ((0, 10, true), (100, 10, 110, false)),
    ];
    for ((deducted, bonus, vetoed), (score, counted, total, pass)) in cases {
        let verdict = points::verdict(deducted, bonus, vetoed);
        assert_eq!(
            (verdict.score, verdict.bonus, verdict.total, verdict.pass),
            (score, counted, total, pass),
            "{deducted} {bonus} {vetoed}"
        );
    }
}
