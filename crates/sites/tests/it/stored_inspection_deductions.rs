//! The 19号 indicators' deduction points as stored data (WEB-INSPECT, migration 0067), on both
//! backends: the starting values seeded from reports.md §3; the jurisdiction's own value takes
//! the starting one's place, audited; a cap bounds an indicator's deduction in the quarterly
//! report; a bad change refuses the whole batch and writes nothing.

use platform::Error;
use sites::inspection::deductions::{self, Change};
use sites::inspection::report::{self, Measured};
use sites::inspection::usecase;

use crate::world::{t0, worlds};

fn change<'a>(indicator: &'a str, points: &'a str, cap: &'a str) -> Change<'a> {
    Change {
        indicator,
        points,
        cap,
    }
}

/// WEB-INSPECT (19号, reports.md §3): deduction points are data per jurisdiction, read by the
/// quarterly report, at most an indicator's cap.
#[tokio::test]
async fn web_inspect_deduction_points_are_stored_per_jurisdiction_and_bound_by_their_cap() {
    for w in worlds().await {
        let db = &w.platform.db;
        let start = deductions::load(db).await.unwrap();
        let national = |code: &str| start.get(code).map(|item| (item.points, item.own));
        assert_eq!(national("policy-column-stale"), Some((5, false)));
        assert_eq!(national("service-stats-stale"), Some((2, false)));
        assert_eq!(national("replies-stale"), Some((3, false)));
        assert_eq!(national("site-error-open"), Some((3, false)));
        assert_eq!(national("site-error-late"), Some((2, false)));
        assert_eq!(national("wrong-word"), Some((2, false)));

        // A crawl with three wrong expressions and a 找错 message not closed.
        let context = w.context(&w.publisher, t0());
        let crawl: Vec<usecase::Seen> = (0..3)
            .map(|n| usecase::Seen {
                kind: "wrong-word".into(),
                url: format!("http://www.gsgz.gov.cn/{n}.html"),
                detail: "错误表述“国土资源部”，应为“自然资源部”".into(),
            })
            .collect();
        usecase::record_crawl(db, &context, w.portal, w.office, &crawl, true)
            .await
            .unwrap();
        let quarter = (t0().millis() - 86_400_000, t0().millis() + 86_400_000);
        let measured = [Measured {
            indicator: "site-error-open",
            found: 1,
            closed: 0,
            evidence: String::new(),
        }];
        let scored = report::quarterly(db, &start, w.portal, quarter, &measured, &[])
            .await
            .unwrap();
        assert_eq!((scored.deducted, scored.score), (6 + 3, 91));

        // The jurisdiction's own value, with a cap: 3 × 4 = 12, at most 10.
        let changed = deductions::update(db, &context, &[change("wrong-word", "4", "10")])
            .await
            .unwrap();
        assert_eq!(changed, 1);
        let own = deductions::load(db).await.unwrap();
        let item = own.get("wrong-word").unwrap();
        assert_eq!((item.points, item.cap, item.own), (4, 10, true));
        let scored = report::quarterly(db, &own, w.portal, quarter, &measured, &[])
            .await
            .unwrap();
        assert_eq!((scored.deducted, scored.score), (10 + 3, 87));
        let audited = w
            .scalar("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inspect.deduction.update'")
            .await;
        assert_eq!(audited, 1);

        // One bad value refuses the whole change: nothing written, nothing audited.
        for bad in [
            vec![
                change("site-error-open", "1", ""),
                change("wrong-word", "七", ""),
            ],
            vec![change("site-error-open", "1", ""), change("nope", "1", "")],
            vec![
                change("site-error-open", "1", ""),
                change("wrong-word", "200", ""),
            ],
            vec![
                change("site-error-open", "1", ""),
                change("wrong-word", "4", "2"),
            ],
        ] {
            let refused = deductions::update(db, &context, &bad).await;
            assert!(matches!(refused, Err(Error::Invalid(_))), "{refused:?}");
        }
        let after = deductions::load(db).await.unwrap();
        assert_eq!(after, own, "refused changes write nothing");
        let audited = w
            .scalar("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inspect.deduction.update'")
            .await;
        assert_eq!(audited, 1);
        // The same value again changes nothing and records nothing.
        let same = deductions::update(db, &context, &[change("wrong-word", "4", "10")])
            .await
            .unwrap();
        assert_eq!(same, 0);
    }
}
