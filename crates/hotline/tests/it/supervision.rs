//! The supervision scan on both backends (HL-REMIND, HL-SUPERVISE, HL-ACCOUNT): written
//! supervision 10 minutes before the signing deadline, once however often the scan runs; the
//! 催办 on an overdue handling clock through the one command path; the accountability event
//! 2 WD after it; escalation only upward; no record or message names the appellant.

use calendar::Instant;
use hotline::account::AccountKind;
use hotline::order::Command;
use hotline::supervise::SupervisionLevel;
use hotline::supervision::{self, ScanReport};
use hotline::usecase::Appellant;
use platform::Platform;
use platform::audit::AuditActor;
use platform::clocks;
use platform::personal::{PersonName, PhoneNumber};
use sqlx::Row as _;

use crate::store::{at, backend, seeded};
use crate::usecase::{dispatched, run, scalar};
use crate::{CAL, PROFILE};

async fn scan(platform: &Platform, now: Instant) -> ScanReport {
    supervision::scan(&platform.db, &platform.key, &CAL, &PROFILE, now, 2)
        .await
        .unwrap()
}

async fn due_of(platform: &Platform, order: i64, rule: &str) -> Instant {
    clocks::by_subject(&platform.db, "order", &order.to_string())
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|clock| clock.rule_id == rule && clock.status.is_open())
        .unwrap_or_else(|| panic!("no open {rule} clock"))
        .due_at
}

async fn user(platform: &Platform, name: &str) -> i64 {
    platform::users::id_by_username(&platform.db, name)
        .await
        .unwrap()
        .unwrap()
}

fn plus_minutes(instant: Instant, minutes: i64) -> Instant {
    Instant::from_millis(instant.millis() + minutes * 60_000)
}

/// Signs for both units and returns the order, its lead, and the handling clock's due time.
async fn signed(platform: &Platform, appellant: Appellant) -> (i64, i64, Instant) {
    let (id, lead, assisting) = dispatched(platform, appellant).await;
    let nine_thirty = at("2025-03-03T09:30:00+08:00");
    for unit in [lead, assisting] {
        run(platform, id, Command::Sign { unit }, nine_thirty)
            .await
            .unwrap();
    }
    let due = due_of(platform, id.0, "HL-LIMITS").await;
    (id.0, lead.0, due)
}

#[tokio::test]
async fn hl_supervise_unsigned_ten_minutes_before_the_signing_deadline_opens_written_supervision_once()
 {
    for platform in seeded().await {
        let (id, lead, _) = dispatched(&platform, Appellant::default()).await;
        // HL-SIGN: dispatched Monday 09:00, sign due 10:00; 09:50 is 10 minutes before.
        let now = at("2025-03-03T09:50:00+08:00");
        // One second before the 10 minutes, no written supervision is due yet.
        scan(&platform, at("2025-03-03T09:49:59+08:00")).await;
        let early = scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM hotline_supervisions WHERE trigger = 'unsigned_before_sign_due'",
        )
        .await;
        assert_eq!(early, 0, "{}", backend(&platform));
        let first = scan(&platform, now).await;
        assert!(
            first.n_supervisions >= 2,
            "{first:?} {}",
            backend(&platform)
        );
        let written = |platform: &Platform| {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM hotline_supervisions WHERE order_id = {} AND unit_id = {} \
                 AND trigger = 'unsigned_before_sign_due' AND level = 'written' AND clock_id IS NOT NULL",
                id.0, lead.0
            );
            let platform = platform.clone();
            async move { scalar(&platform, &sql).await }
        };
        assert_eq!(written(&platform).await, 1);
        let leader = user(&platform, "leader").await;
        let supervisor = user(&platform, "supervisor").await;
        let messages = |platform: &Platform| {
            let sql = "SELECT COUNT(*) AS n FROM outbox WHERE subject LIKE '12345督办%'".to_owned();
            let platform = platform.clone();
            async move { scalar(&platform, &sql).await }
        };
        let n_messages = messages(&platform).await;
        for recipient in [leader, supervisor] {
            let n = scalar(
                &platform,
                &format!(
                    "SELECT COUNT(*) AS n FROM outbox WHERE subject LIKE '12345督办%' \
                     AND recipient_user_id = {recipient}"
                ),
            )
            .await;
            assert!(n >= 1, "recipient {recipient} told");
        }
        // The scan is idempotent: a second run at the same `now` does nothing twice.
        let second = scan(&platform, now).await;
        assert_eq!(second.n_supervisions, 0, "{second:?}");
        assert_eq!(second.n_messages, 0);
        assert_eq!(written(&platform).await, 1);
        assert_eq!(messages(&platform).await, n_messages);
        let open = supervision::open_supervisions(&platform.db, Some(lead.0))
            .await
            .unwrap();
        assert!(open.iter().any(|s| s.trigger == "unsigned_before_sign_due"
            && s.level == SupervisionLevel::Written
            && s.number.starts_with("GZ")));
        // Signing concludes the clock; the next scan closes its supervisions.
        run(
            &platform,
            id,
            Command::Sign { unit: lead },
            plus_minutes(now, 1),
        )
        .await
        .unwrap();
        let closed = scan(&platform, plus_minutes(now, 2)).await;
        assert!(closed.n_closed >= 1, "{closed:?}");
    }
}

#[tokio::test]
async fn hl_remind_an_overdue_handling_clock_gets_the_urge_and_two_wd_later_an_accountability_event()
 {
    for platform in seeded().await {
        let (id, lead, due) = signed(&platform, Appellant::default()).await;
        let overdue = plus_minutes(due, 30);
        let report = scan(&platform, overdue).await;
        assert_eq!(report.n_urges, 1, "{report:?} {}", backend(&platform));
        // HL-REMIND: the urge went through the one command path and started the 2 WD clock.
        let urges = scalar(
            &platform,
            &format!(
                "SELECT COUNT(*) AS n FROM hotline_events WHERE order_id = {id} AND command = 'urge'"
            ),
        )
        .await;
        assert!(urges >= 1);
        let urge_due = due_of(&platform, id, "HL-REMIND").await;
        let leader = user(&platform, "leader").await;
        let told = scalar(
            &platform,
            &format!(
                "SELECT COUNT(*) AS n FROM outbox WHERE recipient_user_id = {leader} \
                 AND body LIKE '%逾期未反馈%'"
            ),
        )
        .await;
        assert!(told >= 1, "the unit leader got the 催办");
        let overdue_rows = format!(
            "SELECT COUNT(*) AS n FROM hotline_supervisions WHERE order_id = {id} AND trigger = 'overdue'"
        );
        assert_eq!(scalar(&platform, &overdue_rows).await, 1);
        // Again at the same instant: no second urge.
        let again = scan(&platform, overdue).await;
        assert_eq!(again.n_urges, 0, "{again:?}");
        assert_eq!(scalar(&platform, &overdue_rows).await, 1);
        // HL-ACCOUNT: 2 WD after the urge, no feedback → one accountability event.
        let late = plus_minutes(urge_due, 1);
        let report = scan(&platform, late).await;
        assert_eq!(report.n_accountability, 1, "{report:?}");
        let again = scan(&platform, late).await;
        assert_eq!(again.n_accountability, 0);
        let events = format!(
            "SELECT COUNT(*) AS n FROM hotline_accountability WHERE order_id = {id} AND unit_id = {lead} \
             AND kind = 'no_feedback_after_supervision' AND recorded_by IS NULL"
        );
        assert_eq!(scalar(&platform, &events).await, 1);
        let by_unit = supervision::accountability_by_unit(
            &platform.db,
            at("2025-01-01T00:00:00+08:00"),
            at("2026-01-01T00:00:00+08:00"),
        )
        .await
        .unwrap();
        assert!(by_unit.iter().any(|count| count.unit_id == lead
            && count.kind == AccountKind::NoFeedbackAfterSupervision
            && count.n == 1));
        // The supervisor's view lists the order's running clocks, red.
        let running = supervision::running_order_clocks(&platform.db, late, Some(lead), 100)
            .await
            .unwrap();
        assert!(running.iter().any(|clock| clock.order_id.0 == id
            && clock.light == calendar::Light::Red
            && clock.number.starts_with("GZ")));
    }
}

#[tokio::test]
async fn hl_supervise_escalation_goes_up_one_level_at_a_time_and_a_supervisor_records_accountability()
 {
    for platform in seeded().await {
        let (id, lead, _) = dispatched(&platform, Appellant::default()).await;
        scan(&platform, at("2025-03-03T09:50:00+08:00")).await;
        let row = sqlx::query(
            "SELECT id FROM hotline_supervisions WHERE order_id = $1 AND unit_id = $2 \
             AND trigger = 'unsigned_before_sign_due'",
        )
        .bind(id.0)
        .bind(lead.0)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap();
        let supervision_id: i64 = row.try_get("id").unwrap();
        let actor = AuditActor::system("test-supervisor");
        let now = at("2025-03-03T11:00:00+08:00");
        let escalate = |level: SupervisionLevel| {
            let platform = platform.clone();
            let actor = actor.clone();
            async move {
                supervision::escalate(
                    &platform.db,
                    &platform.key,
                    &actor,
                    supervision_id,
                    level,
                    "仍未签收，升级督办",
                    now,
                )
                .await
            }
        };
        // Not sideways, not skipping a level, not down.
        assert!(escalate(SupervisionLevel::Written).await.is_err());
        assert!(escalate(SupervisionLevel::Meeting).await.is_err());
        assert!(escalate(SupervisionLevel::RealTime).await.is_err());
        escalate(SupervisionLevel::Notice).await.unwrap();
        assert!(escalate(SupervisionLevel::Written).await.is_err());
        escalate(SupervisionLevel::Meeting).await.unwrap();
        let level: String = sqlx::query("SELECT level FROM hotline_supervisions WHERE id = $1")
            .bind(supervision_id)
            .fetch_one(&platform.db.pool)
            .await
            .unwrap()
            .try_get("level")
            .unwrap();
        assert_eq!(level, "meeting", "{}", backend(&platform));
        let audits = scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'hotline.supervision.escalate'",
        )
        .await;
        assert_eq!(audits, 2);
        // HL-ACCOUNT: a supervisor records an event by hand; a note is required.
        assert!(
            supervision::record_accountability(
                &platform.db,
                &actor,
                lead.0,
                Some(id),
                AccountKind::BuckPassing,
                "  ",
                now
            )
            .await
            .is_err()
        );
        supervision::record_accountability(
            &platform.db,
            &actor,
            lead.0,
            Some(id),
            AccountKind::BuckPassing,
            "主办协办相互推诿",
            now,
        )
        .await
        .unwrap();
        let events = supervision::recent_accountability(&platform.db, 10)
            .await
            .unwrap();
        assert!(events.iter().any(|e| e.kind == AccountKind::BuckPassing));
    }
}

#[tokio::test]
async fn hl_privacy_no_supervision_record_or_message_names_the_appellant() {
    const NAME: &str = "名MKSUPNAMEQX";
    const PHONE: &str = "13957318642";
    for platform in seeded().await {
        let appellant = Appellant {
            name: Some(PersonName::parse(NAME).unwrap()),
            phone: Some(PhoneNumber::parse(PHONE).unwrap()),
            ..Appellant::default()
        };
        let (id, _, due) = signed(&platform, appellant).await;
        scan(&platform, at("2025-03-03T09:50:00+08:00")).await;
        scan(&platform, plus_minutes(due, 30)).await;
        let urge_due = due_of(&platform, id, "HL-REMIND").await;
        scan(&platform, plus_minutes(urge_due, 1)).await;
        let rows = sqlx::query(
            "SELECT note AS t FROM hotline_supervisions UNION ALL \
             SELECT note AS t FROM hotline_accountability UNION ALL \
             SELECT subject || ' ' || body || ' ' || link AS t FROM outbox",
        )
        .fetch_all(&platform.db.pool)
        .await
        .unwrap();
        assert!(rows.len() > 3);
        for row in rows {
            let text: String = row.try_get("t").unwrap();
            assert!(!text.contains("MKSUPNAMEQX"), "{text}");
            assert!(!text.contains(PHONE), "{text}");
            assert!(!text.contains("7318642"), "{text}");
        }
    }
}
