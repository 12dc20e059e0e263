//! The social evaluation stored, on both backends (PUB-EVAL, with PUB-ACCOUNT): the office's
//! openness officer appoints evaluators (the term from the profile; one whose term ended is
//! refused), opens 2025 and 2026 (once each, not a year to come), enters and submits sheets
//! on the market bureau — a submitted sheet is refused by the use case, by the store and by
//! the table's trigger on a raw UPDATE or DELETE —, the results give 50 % then 0 %: an
//! interview, and in 2026 the accountability event, which opens a PUB-ACCOUNT case once;
//! publishing closes the year to sheets; a stranger changes nothing; every change audited.

use calendar::Instant;
use openness::account::Sanction;
use openness::evaluation::{Consequence, Rating};
use openness::store::evaluation as store;
use openness::usecase::evaluation::{self as usecase, SheetEntry};
use openness::{Acting, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, PROFILE, date, t0};

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn staff_of(platform: &Platform, username: &str) -> Staff {
    let id = platform::users::id_by_username(&platform.db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = platform::users::load_actor(&platform.db, id)
        .await
        .unwrap()
        .unwrap();
    Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

fn context<'a>(platform: &'a Platform, by: &'a Staff, now: Instant) -> Context<'a> {
    Context::new(&platform.key, &by.audit, &CAL, &PROFILE, now)
}

async fn count(platform: &Platform, sql: &str) -> i64 {
    let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&platform.db.pool)
        .await
        .unwrap();
    row.try_get(0).unwrap()
}

fn entry(year: i32, evaluator: i64, unit: UnitId, rating: Rating, submit: bool) -> SheetEntry {
    SheetEntry {
        year,
        evaluator: openness::evaluation::EvaluatorId(evaluator),
        unit,
        rating,
        remark: "评议意见".into(),
        submit,
    }
}

#[tokio::test]
async fn pub_eval_register_sheets_locked_results_interview_account_publish_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        let db = &platform.db;
        let market = UnitId(
            platform::units::find_by_code(db, "gz-market")
                .await
                .unwrap()
                .unwrap()
                .id,
        );
        let officer = staff_of(&platform, "openness").await;
        let stranger = staff_of(&platform, "handler").await;
        let now = t0();
        let ctx = context(&platform, &officer, now);
        let by = &officer.acting;

        // The register: the term is the profile's two years.
        let first = usecase::appoint(db, &ctx, by, "评议甲", "县人大代表", date("2025-01-01"))
            .await
            .unwrap();
        assert_eq!(first.term_until, date("2026-12-31"));
        let second = usecase::appoint(db, &ctx, by, "评议乙", "新闻单位", date("2025-01-01"))
            .await
            .unwrap();
        let expired = usecase::appoint(db, &ctx, by, "评议丙", "县政协委员", date("2020-01-01"))
            .await
            .unwrap();
        let strangers = context(&platform, &stranger, now);
        assert!(
            usecase::appoint(
                db,
                &strangers,
                &stranger.acting,
                "某人",
                "某处",
                date("2025-01-01")
            )
            .await
            .is_err()
        );
        assert_eq!(store::evaluators(db, by.unit).await.unwrap().len(), 3);

        // A year once, never a year to come.
        usecase::open_year(db, &ctx, by, 2025).await.unwrap();
        assert!(usecase::open_year(db, &ctx, by, 2025).await.is_err());
        assert!(usecase::open_year(db, &ctx, by, 2027).await.is_err());
        usecase::open_year(db, &ctx, by, 2026).await.unwrap();

        // 2025: 50 % (one 基本满意, one 不满意), the expired evaluator refused.
        let refused = usecase::enter_sheet(
            db,
            &ctx,
            by,
            entry(2025, expired.id.0, market, Rating::Satisfied, true),
        )
        .await;
        assert!(refused.unwrap_err().to_string().contains("聘期"));
        for (evaluator, rating) in [
            (first.id.0, Rating::Unsatisfied),
            (second.id.0, Rating::Basic),
        ] {
            usecase::enter_sheet(db, &ctx, by, entry(2025, evaluator, market, rating, true))
                .await
                .unwrap();
        }

        // 2026: a draft corrected, then submitted; after that it is locked.
        usecase::enter_sheet(
            db,
            &ctx,
            by,
            entry(2026, first.id.0, market, Rating::Satisfied, false),
        )
        .await
        .unwrap();
        let sheet = usecase::enter_sheet(
            db,
            &ctx,
            by,
            entry(2026, first.id.0, market, Rating::Unsatisfied, true),
        )
        .await
        .unwrap();
        let again = usecase::enter_sheet(
            db,
            &ctx,
            by,
            entry(2026, first.id.0, market, Rating::Satisfied, true),
        )
        .await;
        assert!(again.unwrap_err().to_string().contains("不得修改"));
        usecase::enter_sheet(
            db,
            &ctx,
            by,
            entry(2026, second.id.0, market, Rating::Unsatisfied, true),
        )
        .await
        .unwrap();
        // The store refuses it too, and the table's trigger a raw UPDATE or DELETE.
        let mut tx = db.begin().await.unwrap();
        let mut altered = sheet.clone();
        altered.rating = Rating::Satisfied;
        altered.submitted_at = None;
        let locked = store::save_sheet(&mut tx, &mut altered, now.millis()).await;
        assert!(locked.unwrap_err().to_string().contains("不得修改"));
        drop(tx);
        for sql in [
            "UPDATE openness_evaluation_sheets SET rating = 'satisfied' WHERE id = $1",
            "UPDATE openness_evaluation_sheets SET submitted_at = NULL WHERE id = $1",
            "DELETE FROM openness_evaluation_sheets WHERE id = $1",
        ] {
            let raw = sqlx::query(sql).bind(sheet.id.0).execute(&db.pool).await;
            assert!(raw.is_err(), "{sql}");
        }
        assert_eq!(
            count(
                &platform,
                "SELECT COUNT(*) FROM openness_evaluation_sheets WHERE rating = 'unsatisfied' \
                 AND submitted_at IS NOT NULL"
            )
            .await,
            3
        );

        // Results: 2025 an interview, 2026 the accountability event.
        let earlier = usecase::results(db, by, 2025, &PROFILE).await.unwrap();
        assert_eq!(earlier.lines[0].tally.percent(), Some(50.0));
        assert_eq!(earlier.lines[0].consequence, Consequence::Interview);
        let results = usecase::results(db, by, 2026, &PROFILE).await.unwrap();
        let line = &results.lines[0];
        assert_eq!(line.unit, market);
        assert_eq!(line.tally.percent(), Some(0.0));
        assert_eq!(line.previous.and_then(|p| p.percent()), Some(50.0));
        assert_eq!(line.consequence, Consequence::Accountability);

        usecase::record_interview(db, &ctx, by, 2026, market, date("2026-03-01"), "约谈局长")
            .await
            .unwrap();
        assert!(
            usecase::record_interview(db, &ctx, by, 2026, market, date("2026-03-01"), " ")
                .await
                .is_err()
        );
        assert!(
            usecase::open_case(db, &ctx, by, 2025, market, "局长", Sanction::Warning)
                .await
                .is_err(),
            "one year below is an interview, not an accountability event"
        );
        let case = usecase::open_case(db, &ctx, by, 2026, market, "黄局长", Sanction::Notice)
            .await
            .unwrap();
        assert!(
            usecase::open_case(db, &ctx, by, 2026, market, "黄局长", Sanction::Notice)
                .await
                .is_err()
        );
        let stored = openness::store::account::get(db, openness::account::CaseId(case))
            .await
            .unwrap();
        assert_eq!(stored.case.opening.unit, market);
        assert!(stored.case.opening.facts.contains("连续两年"));
        let results = usecase::results(db, by, 2026, &PROFILE).await.unwrap();
        assert_eq!(results.lines[0].record.case, Some(case));
        assert_eq!(
            results.lines[0].record.interviewed_on,
            Some(date("2026-03-01"))
        );

        // Published: on the public list, closed to sheets; once.
        assert!(usecase::published(db, &PROFILE).await.unwrap().is_empty());
        assert!(
            usecase::publish(db, &strangers, &stranger.acting, 2026)
                .await
                .is_err()
        );
        usecase::publish(db, &ctx, by, 2026).await.unwrap();
        assert!(usecase::publish(db, &ctx, by, 2026).await.is_err());
        let public = usecase::published(db, &PROFILE).await.unwrap();
        assert_eq!(public.len(), 1);
        assert!(public[0].sheets.is_empty());
        assert!(
            usecase::enter_sheet(
                db,
                &ctx,
                by,
                entry(2026, second.id.0, UnitId(by.unit.0), Rating::Basic, true)
            )
            .await
            .is_err()
        );
        assert_eq!(
            count(
                &platform,
                "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'openness.evaluat%'"
            )
            .await,
            // 3 appointments, 2 years, 5 sheet writes, interview, case link, publish.
            13
        );
    }
}
