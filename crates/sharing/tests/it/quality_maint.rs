//! Quality problems, misuse and planned maintenance (DATA-QUALITY, DATA-MAINT, SEC-NOTICE):
//! the pure rules — maintenance at least the profile's 2 WD ahead, on a rest day in principle
//! (a working day needs a reason), the platform's by the administrator only; a quality report
//! confirmed and fixed by the provider only, under the profile's clock — and, on both
//! backends, a consumer's report through to its fix, a provider's misuse report to the
//! administrator, an announcement that tells exactly the consumers with an active grant, and
//! the idle-grant job telling a provider once (DATA-GRANT).

use sharing::maintenance::{self, Announcement};
use sharing::quality::{self, Command, Kind, Report, Status};
use sharing::usecase::{maintenance as announce, quality as reports};
use sharing::{ErrorKind, ResourceId, UnitId};

use crate::world::World;
use crate::{CAL, OWN_PLATFORM, PROVIDER, administrator, at, consumer, own_rules, provider, t0};

fn window(start: &str, end: &str) -> Announcement {
    Announcement {
        resource: Some((1, 1)),
        starts_at: at(start),
        ends_at: at(end),
        stops_service: true,
        schema_change: false,
        description: "数据库升级，期间接口暂停服务".into(),
        workday_reason: String::new(),
    }
}

#[test]
fn data_maint_maintenance_is_announced_at_least_two_working_days_ahead() {
    // Announced Monday 2 March 09:00: the earliest start is Wednesday's close (2 WD).
    let earliest = maintenance::earliest_start(t0(), own_rules());
    assert_eq!(earliest.local_date(), at("2026-03-04T09:00").local_date());
    let saturday = window("2026-03-07T08:00", "2026-03-07T12:00");
    assert!(maintenance::check(&saturday, Some(PROVIDER), &provider(), t0(), own_rules()).is_ok());
    // Announced Thursday for Saturday: one working day between, refused with the rule.
    let late = maintenance::check(
        &saturday,
        Some(PROVIDER),
        &provider(),
        at("2026-03-05T09:00"),
        own_rules(),
    )
    .unwrap_err();
    assert_eq!(late.kind(), ErrorKind::Invalid);
    assert!(late.to_string().contains("DATA-MAINT"), "{late}");
    assert!(late.to_string().contains("2个工作日"), "{late}");
}

#[test]
fn data_maint_a_working_day_start_needs_a_reason_and_the_window_must_end_after_it_starts() {
    let mut thursday = window("2026-03-05T20:00", "2026-03-05T23:00");
    let refused = maintenance::check(&thursday, Some(PROVIDER), &provider(), t0(), own_rules())
        .unwrap_err()
        .to_string();
    assert!(refused.contains("法定节假日或公休日"), "{refused}");
    thursday.workday_reason = "上级平台统一升级时间".into();
    assert!(maintenance::check(&thursday, Some(PROVIDER), &provider(), t0(), own_rules()).is_ok());
    let backwards = window("2026-03-07T12:00", "2026-03-07T08:00");
    assert!(
        maintenance::check(&backwards, Some(PROVIDER), &provider(), t0(), own_rules())
            .unwrap_err()
            .to_string()
            .contains("结束时间")
    );
}

#[test]
fn data_maint_sec_notice_who_announces() {
    let mut platform_wide = window("2026-03-07T08:00", "2026-03-07T12:00");
    platform_wide.resource = None;
    assert_eq!(
        maintenance::check(&platform_wide, None, &provider(), t0(), own_rules())
            .unwrap_err()
            .kind(),
        ErrorKind::NotPermitted
    );
    assert!(maintenance::check(&platform_wide, None, &administrator(), t0(), own_rules()).is_ok());
    let resource = window("2026-03-07T08:00", "2026-03-07T12:00");
    assert_eq!(
        maintenance::check(&resource, Some(PROVIDER), &consumer(), t0(), own_rules())
            .unwrap_err()
            .kind(),
        ErrorKind::NotPermitted
    );
    let now = at("2026-03-07T09:00");
    assert!(maintenance::is_under_way(
        resource.starts_at,
        resource.ends_at,
        now
    ));
}

fn report(kind: Kind) -> Report {
    Report {
        id: 1,
        kind,
        entry: 1,
        resource_no: 1,
        grant: None,
        reporter: UnitId(6),
        handler: (kind == Kind::Quality).then_some(PROVIDER),
        description: "部分企业登记状态与实际不符".into(),
        status: Status::Reported,
        answer: String::new(),
        reported_at: t0(),
        due_at: quality::due(t0(), own_rules()),
        closed_at: None,
    }
}

#[test]
fn data_quality_the_provider_confirms_and_fixes_under_the_profiles_clock() {
    let filed = report(Kind::Quality);
    // 10 WD from Monday 2 March: Monday 16 March.
    assert_eq!(
        filed.due_at.local_date(),
        at("2026-03-16T09:00").local_date()
    );
    assert!(!filed.is_overdue(at("2026-03-16T09:00")));
    assert!(filed.is_overdue(at("2026-03-17T09:00")));
    assert_eq!(
        quality::apply(&filed, &Command::Confirm, &consumer(), t0())
            .unwrap_err()
            .kind(),
        ErrorKind::NotPermitted
    );
    let confirmed = quality::apply(&filed, &Command::Confirm, &provider(), t0()).unwrap();
    assert_eq!(confirmed.status, Status::Confirmed);
    let empty = Command::Fix { answer: " ".into() };
    assert!(quality::apply(&confirmed, &empty, &provider(), t0()).is_err());
    let fixed = quality::apply(
        &confirmed,
        &Command::Fix {
            answer: "已按登记机关原始记录更正 12 条".into(),
        },
        &provider(),
        at("2026-03-05T10:00"),
    )
    .unwrap();
    assert_eq!(fixed.status, Status::Fixed);
    assert!(
        !fixed.is_overdue(at("2026-04-01T09:00")),
        "closed: no clock"
    );
    // Closed: nothing more; a confirmed problem cannot be disputed.
    assert_eq!(
        quality::apply(&fixed, &Command::Confirm, &provider(), t0())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidTransition
    );
    let dispute = Command::Dispute {
        answer: "不属于质量问题".into(),
    };
    assert!(quality::apply(&confirmed, &dispute, &provider(), t0()).is_err());
    assert_eq!(
        quality::apply(&filed, &dispute, &provider(), t0())
            .unwrap()
            .status,
        Status::Disputed
    );
    assert!(quality::check_description("  ").is_err());
}

#[test]
fn data_quality_misuse_goes_to_the_administrator() {
    let misuse = report(Kind::Misuse);
    assert_eq!(
        quality::apply(&misuse, &Command::Confirm, &administrator(), t0())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidTransition
    );
    let fix = Command::Fix {
        answer: "已约谈使用部门并暂停授权".into(),
    };
    assert!(quality::apply(&misuse, &fix, &provider(), t0()).is_err());
    assert_eq!(
        quality::apply(&misuse, &fix, &administrator(), t0())
            .unwrap()
            .status,
        Status::Fixed
    );
}

#[tokio::test]
async fn data_quality_data_maint_stored_reports_and_notices_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        let db = &platform.db;
        let world = World::published(&platform).await;
        let (id, provider, consumer, admin) =
            (world.entry, &world.provider, &world.consumer, &world.admin);
        let resource = (id, ResourceId(1));
        // No grant yet: the consumer may not report.
        let early = reports::report_problem(
            db,
            &world.by(consumer),
            &consumer.acting,
            resource,
            "登记状态有误",
        )
        .await;
        assert!(early.is_err());
        // An announcement before any grant tells nobody.
        let mut saturday = window("2026-03-07T08:00", "2026-03-07T12:00");
        saturday.resource = Some((id.0, 1));
        let none = announce::announce(db, &world.by(provider), &provider.acting, saturday.clone())
            .await
            .unwrap();
        assert!(none.notified.is_empty());
        world.grant(&["uscc", "name"]).await;

        // DATA-QUALITY: reported by the consumer, seen by the provider, fixed.
        let filed = reports::report_problem(
            db,
            &world.by(consumer),
            &consumer.acting,
            resource,
            "部分企业登记状态与实际不符",
        )
        .await
        .unwrap();
        assert_eq!(filed.handler, Some(provider.acting.unit));
        assert_eq!(filed.due_at, quality::due(t0(), own_rules()));
        let seen = reports::list(db, &provider.acting).await.unwrap();
        assert_eq!(seen.len(), 1);
        let refused = reports::execute(
            db,
            &world.by(consumer),
            &consumer.acting,
            filed.id,
            Command::Confirm,
        )
        .await;
        assert!(refused.is_err(), "the consumer does not confirm");
        for command in [
            Command::Confirm,
            Command::Fix {
                answer: "已更正".into(),
            },
        ] {
            reports::execute(db, &world.by(provider), &provider.acting, filed.id, command)
                .await
                .unwrap();
        }
        let stored = sharing::store::quality::get(db, filed.id).await.unwrap();
        assert_eq!(stored.status, Status::Fixed);
        assert_eq!(stored.answer, "已更正");
        // Misuse: the provider to the administrator; the consumer may not file it.
        let grant = sharing::store::grants::list_for(db, Some(consumer.acting.unit.0))
            .await
            .unwrap()
            .remove(0)
            .grant
            .id;
        assert!(
            reports::report_misuse(db, &world.by(consumer), &consumer.acting, grant, "x")
                .await
                .is_err()
        );
        let misuse = reports::report_misuse(
            db,
            &world.by(provider),
            &provider.acting,
            grant,
            "发现使用部门将数据提供给第三方",
        )
        .await
        .unwrap();
        assert_eq!(misuse.handler, None);
        assert!(
            reports::list(db, &admin.acting)
                .await
                .unwrap()
                .iter()
                .any(|r| r.id == misuse.id)
        );

        // DATA-MAINT, SEC-NOTICE: now the consumer with its active grant is told.
        let told = announce::announce(db, &world.by(provider), &provider.acting, saturday.clone())
            .await
            .unwrap();
        assert_eq!(told.notified, vec![consumer.acting.unit]);
        assert_eq!(
            sharing::store::maintenance::unread(db, consumer.acting.unit)
                .await
                .unwrap(),
            1
        );
        let outages = sharing::store::maintenance::outages(db, t0())
            .await
            .unwrap();
        assert_eq!(outages.len(), 2);
        let mine = announce::list(db, &consumer.acting).await.unwrap();
        assert_eq!(mine.len(), 1, "only what the consumer was told");
        // Too late an announcement changes nothing.
        let before = announce::list(db, &admin.acting).await.unwrap().len();
        let late = window("2026-03-03T20:00", "2026-03-03T22:00");
        let mut late = late;
        late.resource = Some((id.0, 1));
        late.workday_reason = "紧急".into();
        assert!(
            announce::announce(db, &world.by(provider), &provider.acting, late)
                .await
                .is_err()
        );
        assert_eq!(
            announce::list(db, &admin.acting).await.unwrap().len(),
            before
        );
        announce::cancel(db, &world.by(provider), &provider.acting, told.id)
            .await
            .unwrap();
        assert_eq!(
            sharing::store::maintenance::outages(db, t0())
                .await
                .unwrap()
                .len(),
            1
        );

        // DATA-GRANT: the idle-grant job tells the provider of an API grant unused for the
        // profile's period, once per idle period.
        let mut api = world.filing(&["uscc"]);
        api.resource = ResourceId(2);
        api.form_attachment = Some(1);
        world.approved(api).await;
        let job = |now| sharing::jobs::tell_idle(db, &platform.key, (&*OWN_PLATFORM, &*CAL), now);
        assert_eq!(
            job(at("2026-04-01T09:00")).await.unwrap(),
            0,
            "not idle yet"
        );
        assert_eq!(job(at("2026-07-01T09:00")).await.unwrap(), 1);
        assert_eq!(job(at("2026-07-02T09:00")).await.unwrap(), 0, "told once");
    }
}
