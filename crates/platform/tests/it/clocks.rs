//! The clock table (CAL-DUE, CAL-PAUSE, CAL-LIGHT): a pause needs a reason and is audited,
//! resuming moves the due instant by exactly the paused working time, the sweep turns
//! clocks yellow and red once, and the overdue query lists what is red.

use calendar::{Calendar, Instant, Light, Limit};
use platform::Platform;
use platform::clocks::{self, ClockStatus, NewClock};
use platform::profile::RuleProfile;
use platform::testing::each_backend;
use sqlx::Row as _;

use crate::{backend, count, new_unit, system};

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

/// A clock of 3 WD started Monday 2025-03-03 09:00: due Thursday 18:00 (CAL-DUE).
async fn three_wd_clock(platform: &Platform, unit_id: i64, subject_id: &str) -> i64 {
    let mut tx = platform.db.begin().await.unwrap();
    let id = clocks::start(
        &mut tx,
        Some(&system()),
        NewClock {
            subject_type: "test_case".into(),
            subject_id: subject_id.into(),
            rule_id: "SVC-PROMISE".into(),
            unit_id,
            start: at("2025-03-03T09:00:00+08:00"),
            limit: "3wd".parse::<Limit>().unwrap(),
        },
        &Calendar::national(),
        &RuleProfile::default(),
        at("2025-03-03T09:00:00+08:00"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn cal_due_a_started_clock_stores_its_due_instant_and_green_light() {
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        let id = three_wd_clock(&platform, unit, "A-1").await;
        let clock = clocks::get(&platform.db, id).await.unwrap();
        assert_eq!(
            clock.due_at,
            at("2025-03-06T18:00:00+08:00"),
            "{}",
            backend(&platform)
        );
        assert_eq!(clock.light, Light::Green);
        assert_eq!(clock.status, ClockStatus::Running);
        assert!(!clock.provisional);
        // CAL-LIGHT: yellow for the whole due day, i.e. from close of business the day before.
        assert_eq!(clock.yellow_at, Some(at("2025-03-05T18:00:00+08:00")));
        let by_subject = clocks::by_subject(&platform.db, "test_case", "A-1")
            .await
            .unwrap();
        assert_eq!(by_subject.len(), 1);
    }
}

#[tokio::test]
async fn cal_pause_resuming_moves_the_due_instant_by_exactly_the_paused_working_time() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit = new_unit(&platform).await;
        let id = three_wd_clock(&platform, unit, "A-2").await;
        let calendar = Calendar::national();
        let profile = RuleProfile::default();

        // CAL-PAUSE: a pause without a reason is refused and changes nothing.
        let mut tx = db.begin().await.unwrap();
        let error = clocks::pause(
            &mut tx,
            &system(),
            id,
            at("2025-03-04T10:00:00+08:00"),
            "  ",
            &calendar,
            &profile,
        )
        .await
        .unwrap_err();
        assert!(error.to_string().contains("暂停原因不能为空"), "{error}");
        drop(tx);
        assert_eq!(
            clocks::get(db, id).await.unwrap().status,
            ClockStatus::Running
        );

        let mut tx = db.begin().await.unwrap();
        let paused = clocks::pause(
            &mut tx,
            &system(),
            id,
            at("2025-03-04T10:00:00+08:00"),
            "征求第三方意见",
            &calendar,
            &profile,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(paused.status, ClockStatus::Paused, "{}", backend(&platform));
        assert_eq!(paused.yellow_at, None);

        // Tuesday 10:00 to Wednesday 10:00 is one working day of 7 working hours.
        let mut tx = db.begin().await.unwrap();
        let resumed = clocks::resume(
            &mut tx,
            &system(),
            id,
            at("2025-03-05T10:00:00+08:00"),
            &calendar,
            &profile,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(resumed.status, ClockStatus::Running);
        assert_eq!(resumed.due_at, at("2025-03-07T18:00:00+08:00"));
        assert_eq!(resumed.clock.pauses()[0].reason, "征求第三方意见");
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND detail LIKE $2",
                &["clock.pause", "%征求第三方意见%"]
            )
            .await,
            1
        );
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
                &["clock.resume"]
            )
            .await,
            1
        );

        // Resuming twice is not a transition the clock allows.
        let mut tx = db.begin().await.unwrap();
        let error = clocks::resume(
            &mut tx,
            &system(),
            id,
            at("2025-03-05T11:00:00+08:00"),
            &calendar,
            &profile,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(error, platform::Error::InvalidTransition { .. }),
            "{error}"
        );
    }
}

#[tokio::test]
async fn cal_light_the_sweep_turns_a_clock_yellow_then_red_and_a_second_run_changes_nothing() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit = new_unit(&platform).await;
        let id = three_wd_clock(&platform, unit, "A-3").await;
        let calendar = Calendar::national();
        let profile = RuleProfile::default();
        let sweep = |now: &'static str| {
            let calendar = calendar.clone();
            let profile = profile.clone();
            async move {
                clocks::refresh_lights(db, &calendar, &profile, at(now), 2)
                    .await
                    .unwrap()
            }
        };

        assert!(
            sweep("2025-03-04T10:00:00+08:00").await.is_empty(),
            "{}",
            backend(&platform)
        );

        let changes = sweep("2025-03-05T18:30:00+08:00").await;
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].clock_id, changes[0].from, changes[0].to),
            (id, Light::Green, Light::Yellow)
        );
        assert!(sweep("2025-03-05T18:30:00+08:00").await.is_empty());
        assert!(clocks::overdue(db, Some(unit)).await.unwrap().is_empty());

        // CAL-LIGHT: red strictly after the due instant.
        assert!(sweep("2025-03-06T18:00:00+08:00").await.is_empty());
        let changes = sweep("2025-03-06T18:00:01+08:00").await;
        assert_eq!(
            (changes[0].from, changes[0].to),
            (Light::Yellow, Light::Red)
        );
        assert!(sweep("2025-03-06T18:00:01+08:00").await.is_empty());
        assert!(sweep("2025-03-10T09:00:00+08:00").await.is_empty());

        let overdue = clocks::overdue(db, Some(unit)).await.unwrap();
        assert_eq!(overdue.iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
        assert_eq!(clocks::overdue(db, None).await.unwrap().len(), 1);
        assert!(
            clocks::overdue(db, Some(unit + 1000))
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn cal_light_the_sweep_goes_through_more_clocks_than_one_batch_most_urgent_first() {
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        let mut ids = Vec::new();
        for n in 0..5 {
            ids.push(three_wd_clock(&platform, unit, &format!("B-{n}")).await);
        }
        let changes = clocks::refresh_lights(
            &platform.db,
            &Calendar::national(),
            &RuleProfile::default(),
            at("2025-03-07T09:00:00+08:00"),
            2,
        )
        .await
        .unwrap();
        assert_eq!(
            changes.iter().map(|c| c.clock_id).collect::<Vec<_>>(),
            ids,
            "{}",
            backend(&platform)
        );
        assert!(changes.iter().all(|c| c.to == Light::Red));
    }
}

#[tokio::test]
async fn a_clock_concluded_by_its_due_instant_is_met_and_after_it_breached() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit = new_unit(&platform).await;
        let calendar = Calendar::national();
        let profile = RuleProfile::default();
        let on_time = three_wd_clock(&platform, unit, "C-1").await;
        let late = three_wd_clock(&platform, unit, "C-2").await;
        let mut tx = db.begin().await.unwrap();
        let met = clocks::conclude(
            &mut tx,
            None,
            on_time,
            at("2025-03-06T18:00:00+08:00"),
            &calendar,
            &profile,
        )
        .await
        .unwrap();
        let breached = clocks::conclude(
            &mut tx,
            Some(&system()),
            late,
            at("2025-03-07T08:00:00+08:00"),
            &calendar,
            &profile,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            (met, breached),
            (ClockStatus::Met, ClockStatus::Breached),
            "{}",
            backend(&platform)
        );
        let mut tx = db.begin().await.unwrap();
        let error = clocks::pause(
            &mut tx,
            &system(),
            late,
            at("2025-03-07T09:00:00+08:00"),
            "补正材料",
            &calendar,
            &profile,
        )
        .await
        .unwrap_err();
        assert!(matches!(error, platform::Error::InvalidTransition { .. }));
    }
}

/// HL-RETURN is a window, not an obligation: past its due instant the sweep closes it as met
/// and it is never red, while an obligation of the same age turns red.
#[tokio::test]
async fn cal_light_a_return_window_closes_as_met_and_never_turns_red() {
    for platform in each_backend().await {
        let unit = crate::new_unit(&platform).await;
        let obligation = three_wd_clock(&platform, unit, "W-1").await;
        let mut tx = platform.db.begin().await.unwrap();
        let window = clocks::start(
            &mut tx,
            Some(&system()),
            NewClock {
                subject_type: "order".into(),
                subject_id: "W-2".into(),
                rule_id: "HL-RETURN".into(),
                unit_id: unit,
                start: at("2025-03-03T09:00:00+08:00"),
                limit: "3h".parse::<Limit>().unwrap(),
            },
            &Calendar::national(),
            &RuleProfile::default(),
            at("2025-03-03T09:00:00+08:00"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        clocks::refresh_lights(
            &platform.db,
            &Calendar::national(),
            &RuleProfile::default(),
            at("2025-03-10T09:00:00+08:00"),
            100,
        )
        .await
        .unwrap();
        let state = |id: i64| {
            let db = platform.db.clone();
            async move {
                let row = sqlx::query("SELECT status, light FROM clocks WHERE id = $1")
                    .bind(id)
                    .fetch_one(&db.pool)
                    .await
                    .unwrap();
                (
                    row.try_get::<String, _>("status").unwrap(),
                    row.try_get::<String, _>("light").unwrap(),
                )
            }
        };
        assert_eq!(state(window).await, ("met".into(), "green".into()));
        assert_eq!(state(obligation).await, ("running".into(), "red".into()));
    }
}
