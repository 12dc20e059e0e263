//! The 19号 point table from the stored records, on both backends (WEB-INSPECT, WEB-FRESH;
//! migration 0087): 政策文件类一级栏目6个月未更新 and 办事统计3个月未更新 measured from the
//! site's columns and their publications as they stood at the check, scored in the quarterly
//! report with the deduction points; the manual indicators entered with a reason (audited,
//! replacing an earlier entry), the bonus counted above 80; bad entries refused in Chinese,
//! nothing written.

use calendar::Instant;
use platform::Error;
use sites::column::ColumnKind;
use sites::inspection::deductions;
use sites::inspection::manual::{self, Input};
use sites::inspection::report::{self, Measured};
use sites::inspection::sources;

use crate::world::{news_content, policy, t0, worlds};
use crate::{CAL, PROFILE};

const DAY: i64 = 86_400_000;

fn later(days: i64) -> Instant {
    Instant::from_millis(t0().millis() + days * DAY)
}

fn input<'a>(indicator: &'a str, points: &'a str, reason: &'a str) -> Input<'a> {
    Input {
        indicator,
        points,
        reason,
    }
}

/// WEB-INSPECT, WEB-FRESH (19号 政策文件类一级栏目6个月未更新 −5, 办事统计3个月未更新 −2): the
/// columns' last publications up to the check; a blank column is the single veto's, not
/// deducted again.
#[tokio::test]
async fn web_inspect_policy_and_service_statistics_columns_score_from_their_publications() {
    for w in worlds().await {
        let db = &w.platform.db;
        let stats = w.column(w.dept, "办事统计", ColumnKind::Other).await;
        // Before anything is published, both columns are blank: nothing to deduct.
        let [policy_now, stats_now] = sources::column_measures(db, w.dept, t0(), &PROFILE, &CAL)
            .await
            .unwrap();
        assert_eq!((policy_now.checked, stats_now.checked), (0, 0));
        w.published(w.policy, policy()).await;
        w.published(stats, news_content("2025年2月办件统计")).await;

        // 100 days on: the statistics are past 3 months, the policy column within 6.
        let [p, s] = sources::column_measures(db, w.dept, later(100), &PROFILE, &CAL)
            .await
            .unwrap();
        assert_eq!(
            (p.occurrences(), s.occurrences()),
            (0, 1),
            "{}: {} / {}",
            w.backend(),
            p.evidence,
            s.evidence
        );
        assert!(
            s.evidence.contains("「办事统计」最近更新2025-03-03"),
            "{}",
            s.evidence
        );
        // 200 days on: both.
        let measures = sources::column_measures(db, w.dept, later(200), &PROFILE, &CAL)
            .await
            .unwrap();
        assert_eq!(
            measures.each_ref().map(|m| m.occurrences()),
            [1, 1],
            "{}",
            w.backend()
        );
        // Read as they stood: a check before the publications finds the columns blank.
        let [p, _] = sources::column_measures(db, w.dept, later(-1), &PROFILE, &CAL)
            .await
            .unwrap();
        assert_eq!(p.checked, 0);

        // Scored in the report: 5 + 2 = 7 off.
        let table = deductions::load(db).await.unwrap();
        let measured: Vec<Measured> = measures.iter().map(Measured::of).collect();
        let quarter = (t0().millis(), later(300).millis());
        let scored = report::quarterly(db, &table, w.dept, quarter, &measured, &[])
            .await
            .unwrap();
        assert_eq!((scored.deducted, scored.score), (7, 93), "{}", w.backend());
        let line = scored
            .lines
            .iter()
            .find(|line| line.kind == "policy-column-stale")
            .unwrap();
        assert_eq!((line.found, line.deducted), (1, 5));
        assert!(line.evidence.contains("「政策文件」"), "{}", line.evidence);
    }
}

/// WEB-INSPECT (19号): a manual indicator's points are entered with a reason, audited; the
/// report deducts them, counts the bonus above 80; bad entries change nothing.
#[tokio::test]
async fn web_inspect_manual_indicators_are_entered_with_a_reason_and_audited() {
    for w in worlds().await {
        let db = &w.platform.db;
        let context = w.context(&w.publisher, t0());
        let entries = || manual::of_site(db, w.dept, "2025Q1");
        let audited = || {
            w.scalar("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inspect.manual.enter'")
        };

        // Bad input: refused in Chinese, nothing written.
        for (quarter, bad, reason) in [
            (
                "2025Q1",
                input("policy-column-stale", "5", "已查"),
                "按平台记录计分",
            ),
            ("2025Q1", input("no-such", "5", "已查"), "没有指标"),
            (
                "2025Q1",
                input("design-manual", "101", "已查"),
                "应为0至100的整数",
            ),
            (
                "2025Q1",
                input("design-manual", "两分", "已查"),
                "应为0至100的整数",
            ),
            (
                "2025Q1",
                input("bonus-manual", "31", "已查"),
                "应为0至30的整数",
            ),
            ("2025Q1", input("design-manual", "2", "  "), "请填写依据"),
            ("2025Q5", input("design-manual", "2", "已查"), "季度应写作"),
        ] {
            let refused = manual::enter(db, &context, w.dept, quarter, &bad).await;
            match refused {
                Err(Error::Invalid(message)) => {
                    assert!(message.contains(reason), "{message} / {reason}")
                }
                other => panic!("{reason}: {other:?}"),
            }
        }
        assert!(entries().await.unwrap().is_empty());
        assert_eq!(audited().await, 0);

        let reason = "网站未支持IPv6访问（AAAA记录缺失）";
        manual::enter(
            db,
            &context,
            w.dept,
            "2025Q1",
            &input("design-manual", "3", reason),
        )
        .await
        .unwrap();
        manual::enter(
            db,
            &context,
            w.dept,
            "2025Q1",
            &input("bonus-manual", "12", "政策解读形式多样"),
        )
        .await
        .unwrap();
        // Entering again replaces the entry; the audit keeps both.
        manual::enter(
            db,
            &context,
            w.dept,
            "2025Q1",
            &input("design-manual", "4", reason),
        )
        .await
        .unwrap();
        let stored = entries().await.unwrap();
        assert_eq!(stored.len(), 2, "{}", w.backend());
        let design = stored
            .iter()
            .find(|e| e.indicator == "design-manual")
            .unwrap();
        assert_eq!((design.points, design.reason.as_str()), (4, reason));
        assert_eq!(audited().await, 3);
        let detail = w
            .scalar(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inspect.manual.enter' \
                 AND detail LIKE '%3分改为4分%'",
            )
            .await;
        assert_eq!(detail, 1, "the old value audited");

        // The report: 4 off → 96, above 80, so the bonus 12 counts: 108.
        let table = deductions::load(db).await.unwrap();
        let quarter = (t0().millis() - DAY, t0().millis() + DAY);
        let scored = report::quarterly(db, &table, w.dept, quarter, &[], &stored)
            .await
            .unwrap();
        assert_eq!(
            (scored.deducted, scored.verdict.bonus, scored.verdict.total),
            (4, 12, 108),
            "{}",
            w.backend()
        );
        assert!(
            scored
                .lines
                .iter()
                .any(|l| l.manual && l.evidence == reason)
        );
        assert_eq!(scored.bonus_lines.len(), 1);
        // Another quarter has none.
        assert!(
            manual::of_site(db, w.dept, "2025Q2")
                .await
                .unwrap()
                .is_empty()
        );
    }
}
