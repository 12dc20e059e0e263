//! The services e-supervision job and view on both backends (SVC-PROMISE, OPS-ESUPERVISE,
//! CAL-LIGHT): an overdue case is flagged 超期办件 once through the one command path, each
//! yellow clock is reminded of once (in-app and SMS), and the per-unit view counts cases.

use calendar::Instant;
use platform::Platform;
use platform::workflow::{Registry, esupervision};
use services::case::Command;
use services::{supervision, usecase};
use sqlx::Row as _;

use crate::store::{admin, market_item, publish, scalar, seeded, submit, unit};
use crate::{CAL, PROFILE, at};

/// Cases alone: the services crate does not know the hotline (OPS-ESUPERVISE reads the
/// registry the application builds).
fn registry() -> Registry {
    Registry::new([services::SUBJECT])
}

/// A case of gz-market submitted Monday 2025-03-03 09:00, accepted 09:10 (promised 10 WD).
async fn accepted(p: &Platform) -> services::CaseId {
    publish(p, "SP-FOOD-001", market_item(p).await).await;
    let submission = submit(
        p,
        "SP-FOOD-001",
        &["id_card", "form"],
        at("2025-03-03T09:00"),
    )
    .await;
    let market = unit(p, "gz-market").await;
    usecase::execute_case(
        &p.db,
        &platform::workflow::Context::new(&p.key, &admin(), &CAL, &PROFILE, at("2025-03-03T09:10")),
        submission.case_id,
        Command::Accept { by: market },
        Some(submission.version),
    )
    .await
    .unwrap();
    submission.case_id
}

async fn scan(p: &Platform, now: Instant) -> supervision::ScanReport {
    supervision::scan(&p.db, &p.key, &CAL, &PROFILE, now, 2)
        .await
        .unwrap()
}

#[tokio::test]
async fn svc_promise_scan_flags_an_overdue_case_exactly_once() {
    for p in seeded().await {
        let id = accepted(&p).await;
        // Before the promised due time: nothing.
        let early = scan(&p, at("2025-03-04T10:00")).await;
        assert_eq!(early.n_flagged, 0);
        let late = at("2025-04-30T10:00");
        assert_eq!(scan(&p, late).await.n_flagged, 1);
        assert_eq!(
            scan(&p, late).await.n_flagged,
            0,
            "a second run flags nothing"
        );
        assert_eq!(scan(&p, at("2025-05-06T10:00")).await.n_flagged, 0);
        let stored = services::store::cases::get(&p.db, id).await.unwrap();
        assert_eq!(stored.case.overdue_flagged, Some(late));
        let n_overdue = scalar(
            &p,
            &format!(
                "SELECT COUNT(*) AS n FROM svc_case_events WHERE case_id = {} AND kind = 'overdue'",
                id.0
            ),
        )
        .await;
        assert_eq!(n_overdue, 1);
        let audited = scalar(
            &p,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'services.flag_overdue'",
        )
        .await;
        assert_eq!(audited, 1);
    }
}

/// SVC-PROMISE: an instant case (即办件, 0 WD) accepted Monday 09:10 is due at 18:00 that day
/// on the shared clock row; neither the scan, the light sweep nor e-supervision marks it
/// before then, and the scan flags it once the day has closed undecided.
#[tokio::test]
async fn svc_promise_scan_does_not_flag_an_instant_case_during_its_acceptance_day() {
    for p in seeded().await {
        let mut item = market_item(&p).await;
        item.basic.case_type = services::item::CaseType::Instant;
        item.basic.promised_limit = crate::limit("0wd");
        item.process.stages.clear();
        item.process.special.clear();
        publish(&p, "SP-INSTANT-001", item).await;
        let submission = submit(
            &p,
            "SP-INSTANT-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let market = unit(&p, "gz-market").await;
        usecase::execute_case(
            &p.db,
            &platform::workflow::Context::new(
                &p.key,
                &admin(),
                &CAL,
                &PROFILE,
                at("2025-03-03T09:10"),
            ),
            submission.case_id,
            Command::Accept { by: market },
            Some(submission.version),
        )
        .await
        .unwrap();
        let due_at = scalar(
            &p,
            &format!(
                "SELECT due_at AS n FROM clocks WHERE subject_type = 'case' AND subject_id = '{}' \
                 AND rule_id = 'SVC-PROMISE'",
                submission.case_id
            ),
        )
        .await;
        assert_eq!(due_at, at("2025-03-03T18:00").millis());
        let evening = at("2025-03-03T17:59");
        assert_eq!(scan(&p, evening).await.n_flagged, 0);
        let changes = platform::clocks::refresh_lights(&p.db, &CAL, &PROFILE, evening, 100)
            .await
            .unwrap();
        assert!(
            changes.iter().all(|c| c.to != calendar::Light::Red),
            "{changes:?}"
        );
        let line = esupervision::by_unit(&p.db, &registry(), evening, Some(market.0))
            .await
            .unwrap();
        assert_eq!((line[0].counts(0).red, line[0].counts(0).overdue), (0, 0));
        assert_eq!(scan(&p, at("2025-03-03T18:01")).await.n_flagged, 1);
    }
}

#[tokio::test]
async fn svc_promise_scan_reminds_once_per_yellow_clock_in_app_and_by_sms() {
    for p in seeded().await {
        let id = accepted(&p).await;
        let handler = platform::users::id_by_username(&p.db, "handler")
            .await
            .unwrap()
            .unwrap();
        sqlx::query("UPDATE users SET phone_sealed = $1 WHERE id = $2")
            .bind(p.key.seal("13800138000").unwrap())
            .bind(handler)
            .execute(&p.db.pool)
            .await
            .unwrap();
        // The promised clock's yellow instant (10 WD, yellow at the last working day).
        let row = sqlx::query(
            "SELECT yellow_at FROM clocks WHERE subject_type = 'case' AND subject_id = $1 \
             AND rule_id = 'SVC-PROMISE' AND limit_text = '10wd'",
        )
        .bind(id.to_string())
        .fetch_one(&p.db.pool)
        .await
        .unwrap();
        let yellow_at: i64 = row.try_get("yellow_at").unwrap();
        let now = Instant::from_millis(yellow_at + 60_000);
        let expected = scalar(
            &p,
            &format!(
                "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'case' AND status = 'running' \
                 AND yellow_at <= {} AND yellow_at > {}",
                now.millis(),
                now.millis() - supervision::REMIND_LOOKBACK_MS
            ),
        )
        .await;
        assert!(expected >= 1);
        let first = scan(&p, now).await;
        assert_eq!(first.n_reminders as i64, expected);
        let second = scan(&p, now).await;
        assert_eq!(second.n_reminders, 0, "a second run reminds nobody");
        assert_eq!(second.n_messages, 0);
        let inbox = scalar(
            &p,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox WHERE channel = 'inbox' \
                 AND recipient_user_id = {handler} AND subject LIKE '%催办提醒%'"
            ),
        )
        .await;
        let sms = scalar(
            &p,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' \
                 AND recipient_user_id = {handler}"
            ),
        )
        .await;
        assert_eq!(inbox, expected, "one in-app reminder per yellow clock");
        assert_eq!(sms, expected, "one SMS per yellow clock");
    }
}

#[tokio::test]
async fn ops_esupervise_counts_cases_per_unit_with_red_and_overdue() {
    for p in seeded().await {
        accepted(&p).await;
        let market = unit(&p, "gz-market").await;
        let on_time = esupervision::by_unit(&p.db, &registry(), at("2025-03-03T10:00"), None)
            .await
            .unwrap();
        let line = on_time.iter().find(|l| l.unit_id == market.0).unwrap();
        assert!(line.counts(0).running >= 2, "{line:?}");
        assert_eq!((line.counts(0).red, line.counts(0).overdue), (0, 0));
        let not_flagged =
            esupervision::by_unit(&p.db, &registry(), at("2025-04-30T10:00"), Some(market.0))
                .await
                .unwrap();
        assert_eq!(
            not_flagged[0].counts(0).overdue,
            0,
            "超期办件 is the job's mark"
        );
        scan(&p, at("2025-04-30T10:00")).await;
        let late =
            esupervision::by_unit(&p.db, &registry(), at("2025-04-30T10:00"), Some(market.0))
                .await
                .unwrap();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].counts(0).overdue, 1);
        assert_eq!(late[0].counts(0).red, late[0].counts(0).running);
        let clocks =
            esupervision::unit_clocks(&p.db, &registry(), at("2025-04-30T10:00"), market.0, 100)
                .await
                .unwrap();
        assert!(
            !clocks.is_empty()
                && clocks
                    .iter()
                    .all(|c| c.overdue && c.light == calendar::Light::Red)
        );
        assert!(clocks.iter().all(|c| c.number.starts_with("SV")));
    }
}

#[tokio::test]
async fn svc_window_desk_and_case_scope_on_both_backends() {
    for p in seeded().await {
        let id = accepted(&p).await;
        let now = at("2025-03-03T10:00");
        let service = unit(&p, "gz-service").await;
        let market = unit(&p, "gz-market").await;
        for desk_unit in [service, market] {
            let rows = services::backoffice::desk_of_unit(&p.db, desk_unit, None, now, 50)
                .await
                .unwrap();
            assert_eq!(
                rows.iter().map(|r| r.case.case_id).collect::<Vec<_>>(),
                vec![id]
            );
        }
        let in_review = services::case::Status::InReview;
        let filtered = services::backoffice::desk_of_unit(&p.db, service, Some(in_review), now, 50)
            .await
            .unwrap();
        assert_eq!(filtered.len(), 1);
        let other = unit(&p, "gz-hrss").await;
        assert!(
            services::backoffice::desk_of_unit(&p.db, other, None, now, 50)
                .await
                .unwrap()
                .is_empty()
        );
        let office = services::backoffice::office_case(&p.db, &p.key, id)
            .await
            .unwrap();
        assert!(office.involved.contains(&service.0) && office.involved.contains(&market.0));
        assert!(!office.involved.contains(&other.0));
        assert_eq!(office.applicant.name, "张**");
        let mut tx = p.db.begin().await.unwrap();
        let clear = services::backoffice::reveal_applicant(&mut tx, &p.key, &admin(), id, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(clear.id_no, crate::store::ID_NO);
        let audited = scalar(
            &p,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask'",
        )
        .await;
        assert_eq!(audited, 3, "one audit row per field");
    }
}
