//! SEC-INCIDENT and SEC-DRILL on both backends: the incident register (levels, handling steps,
//! reports upward, closure — a leak only after a report upward) and the drill records (a year
//! meets the rule with one drill held); refused input writes nothing, not even an audit row.

use chrono::NaiveDate;
use platform::Platform;
use platform::db::now_ms;
use platform::security::drills::{self, Held, NewDrill};
use platform::security::incidents::{self, Kind, Level, NewIncident, NewReport, StatusFilter};
use platform::testing::each_backend;

use crate::{backend, count, new_unit, system};

const HOUR: i64 = 3_600_000;

async fn n_audit(platform: &Platform) -> i64 {
    count(&platform.db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await
}

fn leak(found_at: i64, units: Vec<i64>) -> NewIncident {
    NewIncident {
        found_at,
        level: Level::General,
        kind: Kind::Leak,
        title: "来电人信息外泄".into(),
        description: "一份含来电人电话的工单截图出现在群聊中".into(),
        units,
    }
}

async fn write<T>(
    platform: &Platform,
    change: impl for<'t> FnOnce(
        &'t mut platform::db::Tx,
    ) -> platform::db::BoxFuture<'t, platform::Result<T>>,
) -> platform::Result<T> {
    platform.db.write(change).await
}

/// SEC-INCIDENT: a leak cannot be closed before it is reported upward (refused with the
/// reason, nothing written); once reported it closes, and a closed incident takes no more
/// steps.
#[tokio::test]
async fn sec_incident_a_leak_is_closed_only_after_it_is_reported_upward() {
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        let now = now_ms();
        let found = now - 5 * HOUR;
        let new = leak(found, vec![unit]);
        let id = write(&platform, |tx| {
            Box::pin(async move { incidents::record(tx, &system(), &new, now).await })
        })
        .await
        .unwrap();
        let step = (found + HOUR, "删除截图，通知群成员");
        write(&platform, |tx| {
            Box::pin(async move { incidents::add_step(tx, &system(), id, step, now).await })
        })
        .await
        .unwrap();

        let before = n_audit(&platform).await;
        let refused = write(&platform, |tx| {
            Box::pin(async move { incidents::close(tx, &system(), id, "已处置完毕", now).await })
        })
        .await;
        assert!(
            matches!(&refused, Err(platform::Error::Invalid(text)) if text.contains("须先向上级报告")),
            "{}: {refused:?}",
            backend(&platform)
        );
        assert!(!incidents::get(&platform.db, id).await.unwrap().is_closed());
        assert_eq!(n_audit(&platform).await, before, "{}", backend(&platform));

        let report = NewReport {
            reported_at: found + 2 * HOUR,
            reported_to: "区信息化工作办公室".into(),
            summary: "初报".into(),
        };
        write(&platform, |tx| {
            Box::pin(async move { incidents::report(tx, &system(), id, &report, now).await })
        })
        .await
        .unwrap();
        write(&platform, |tx| {
            Box::pin(async move { incidents::close(tx, &system(), id, "已处置完毕", now).await })
        })
        .await
        .unwrap();

        let incident = incidents::get(&platform.db, id).await.unwrap();
        assert!(incident.is_closed() && incident.n_reports == 1);
        assert_eq!(incident.units.len(), 1);
        assert_eq!(incidents::steps(&platform.db, id).await.unwrap().len(), 1);
        let reports = incidents::reports(&platform.db, id).await.unwrap();
        assert_eq!(reports[0].reported_to, "区信息化工作办公室");
        let sql = "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'security_incident'";
        assert_eq!(
            count(&platform.db, sql, &[]).await,
            4,
            "{}",
            backend(&platform)
        );

        let late = (now, "补充");
        let closed = write(&platform, |tx| {
            Box::pin(async move { incidents::add_step(tx, &system(), id, late, now).await })
        })
        .await;
        assert!(
            matches!(closed, Err(platform::Error::InvalidTransition { .. })),
            "{closed:?}"
        );
    }
}

/// SEC-INCIDENT: an incident found in the future, with no title or naming no unit, and a step
/// dated before the finding, are refused and write nothing; a 一般 outage closes without a
/// report; the list filters by year and status.
#[tokio::test]
async fn sec_incident_bad_input_is_refused_and_the_list_filters_by_year_and_status() {
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        let now = now_ms();
        let before = n_audit(&platform).await;
        let bad = [
            leak(now + HOUR, vec![unit]),
            NewIncident {
                title: " ".into(),
                ..leak(now, vec![unit])
            },
            leak(now, vec![unit + 1_000]),
        ];
        for new in bad {
            let refused = write(&platform, |tx| {
                Box::pin(async move { incidents::record(tx, &system(), &new, now).await })
            })
            .await;
            assert!(
                matches!(refused, Err(platform::Error::Invalid(_))),
                "{refused:?}"
            );
        }
        assert_eq!(n_audit(&platform).await, before, "{}", backend(&platform));

        let outage = NewIncident {
            kind: Kind::Outage,
            title: "门户网站中断".into(),
            ..leak(now - HOUR, Vec::new())
        };
        let id = write(&platform, |tx| {
            Box::pin(async move { incidents::record(tx, &system(), &outage, now).await })
        })
        .await
        .unwrap();
        let early = (now - 2 * HOUR, "重启");
        let refused = write(&platform, |tx| {
            Box::pin(async move { incidents::add_step(tx, &system(), id, early, now).await })
        })
        .await;
        assert!(
            matches!(refused, Err(platform::Error::Invalid(_))),
            "{refused:?}"
        );
        write(&platform, |tx| {
            Box::pin(async move { incidents::close(tx, &system(), id, "已恢复", now).await })
        })
        .await
        .unwrap();

        let year = chrono::Datelike::year(&platform::security::local_date(now));
        let list = |status| incidents::list(&platform.db, year, status);
        assert_eq!(list(StatusFilter::All).await.unwrap().len(), 1);
        assert_eq!(list(StatusFilter::Closed).await.unwrap().len(), 1);
        assert!(list(StatusFilter::Open).await.unwrap().is_empty());
        let last_year = incidents::list(&platform.db, year - 1, StatusFilter::All).await;
        assert!(last_year.unwrap().is_empty());
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// SEC-DRILL: a year without a drill, or with one only planned, does not meet the rule; one
/// drill held in it does. A drill counts for the year it was held; it is held once, not in
/// the future, with its findings.
#[tokio::test]
async fn sec_drill_a_year_meets_the_rule_only_with_a_drill_held_in_it() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit = new_unit(&platform).await;
        let now = now_ms();
        let status = drills::year_status(db, 2025).await.unwrap();
        assert!(
            !status.met() && status.n_planned == 0,
            "{}",
            backend(&platform)
        );

        let new = NewDrill {
            planned_on: day("2025-12-20"),
            scenario: "门户网站被篡改".into(),
            units: vec![unit],
        };
        let id = write(&platform, |tx| {
            Box::pin(async move { drills::plan(tx, &system(), &new, now).await })
        })
        .await
        .unwrap();
        let status = drills::year_status(db, 2025).await.unwrap();
        assert!(!status.met() && status.n_planned == 1, "{status:?}");

        let before = n_audit(&platform).await;
        let tomorrow = platform::security::local_date(now).succ_opt().unwrap();
        let refusals = [
            Held {
                held_on: tomorrow,
                findings: "无".into(),
                follow_ups: String::new(),
            },
            Held {
                held_on: day("2026-01-08"),
                findings: " ".into(),
                follow_ups: String::new(),
            },
        ];
        for held in refusals {
            let refused = write(&platform, |tx| {
                Box::pin(async move { drills::record_held(tx, &system(), id, &held, now).await })
            })
            .await;
            assert!(
                matches!(refused, Err(platform::Error::Invalid(_))),
                "{refused:?}"
            );
        }
        assert_eq!(n_audit(&platform).await, before);

        // Held in January 2026: it counts for 2026, and 2025 is still not met.
        let held = Held {
            held_on: day("2026-01-08"),
            findings: "值班电话未及时接通".into(),
            follow_ups: "更新值班表".into(),
        };
        let again = held.clone();
        write(&platform, |tx| {
            Box::pin(async move { drills::record_held(tx, &system(), id, &held, now).await })
        })
        .await
        .unwrap();
        assert!(!drills::year_status(db, 2025).await.unwrap().met());
        let year_2026 = drills::year_status(db, 2026).await.unwrap();
        assert!(year_2026.met() && year_2026.n_held == 1, "{year_2026:?}");
        let drill = drills::get(db, id).await.unwrap();
        assert_eq!(drill.year(), 2026);
        assert_eq!(drill.findings.as_deref(), Some("值班电话未及时接通"));
        assert_eq!(drills::list(db, 2026).await.unwrap().len(), 1);
        assert!(drills::list(db, 2025).await.unwrap().is_empty());
        let years = drills::years(db, 2027).await.unwrap();
        assert_eq!(
            years.iter().map(|s| (s.year, s.met())).collect::<Vec<_>>(),
            [(2027, false), (2026, true)]
        );

        let twice = write(&platform, |tx| {
            Box::pin(async move { drills::record_held(tx, &system(), id, &again, now).await })
        })
        .await;
        assert!(
            matches!(twice, Err(platform::Error::InvalidTransition { .. })),
            "{twice:?}"
        );
        let no_units = NewDrill {
            planned_on: day("2026-06-01"),
            scenario: "断网".into(),
            units: vec![],
        };
        let refused = write(&platform, |tx| {
            Box::pin(async move { drills::plan(tx, &system(), &no_units, now).await })
        })
        .await;
        assert!(
            matches!(refused, Err(platform::Error::Invalid(_))),
            "{refused:?}"
        );
    }
}
