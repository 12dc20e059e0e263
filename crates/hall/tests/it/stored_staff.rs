//! HALL-STAFF on both backends: the register kept by the units and the centre, each unit
//! seeing only its people; the two approvals by the right leaders; the eligibility; the
//! centre's attendance with approved leave; leave and replacement requests decided by the
//! centre's leader only (a stale page and a decided request change nothing); the periodic
//! assessment with the records' figures; the written notice to the unit; every change audited.

use calendar::{Calendar, Instant};
use chrono::NaiveDate;
use hall::staff::assessment::{Grade, Period};
use hall::staff::attendance::{Mark, parse_minute};
use hall::staff::register::Approver;
use hall::staff::requests::{Decision, Kind, Status};
use hall::usecase::staff::{self, MemberDates};
use platform::audit::AuditActor;
use platform::ids::{UnitId, UserId};
use platform::profile::RuleProfile;
use platform::roles::Actor;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::stored::{actor, seeded};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn dates(joined: &str, window: &str, birth: &str) -> MemberDates {
    MemberDates {
        joined_unit: d(joined),
        on_window_since: d(window),
        birth_date: d(birth),
    }
}

fn refusal<T: std::fmt::Debug>(result: platform::Result<T>) -> String {
    result.unwrap_err().to_string()
}

#[tokio::test]
async fn hall_staff_register_requests_and_assessments_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        seeded(&platform).await;
        let db = &platform.db;
        let centre_leader = actor(db, "service.leader").await;
        let centre_handler = actor(db, "service.a").await;
        let market_leader = actor(db, "leader").await;
        let market_handler = actor(db, "handler").await;
        let market_b = actor(db, "market.b").await;
        let education = actor(db, "education.leader").await;
        let education_a = actor(db, "education.a").await;
        let profile = RuleProfile::default();
        let calendar = Calendar::try_national().unwrap();
        let system = AuditActor::system("test");
        let now = Instant::from_millis(platform::db::now_ms());
        let ctx = Context::new(&platform.key, &system, &calendar, &profile, now);
        let uid = |a: &Actor| UserId(a.user_id);

        // The register: a unit registers its own people only.
        let me = staff::save_member(
            db,
            &ctx,
            &market_handler,
            uid(&market_handler),
            dates("2015-01-01", "2020-01-01", "1985-05-01"),
        )
        .await
        .unwrap();
        staff::save_member(
            db,
            &ctx,
            &market_handler,
            uid(&market_b),
            dates("2016-01-01", "2021-01-01", "1988-05-01"),
        )
        .await
        .unwrap();
        let err = refusal(
            staff::save_member(
                db,
                &ctx,
                &market_handler,
                uid(&education_a),
                dates("2015-01-01", "2020-01-01", "1985-05-01"),
            )
            .await,
        );
        assert!(err.contains("请选择本单位在用的工作人员账号"), "{err}");
        let err = refusal(
            staff::save_member(
                db,
                &ctx,
                &education,
                uid(&education_a),
                dates("2015-01-01", "2014-01-01", "1985-05-01"),
            )
            .await,
        );
        assert!(
            err.contains("到窗口工作日期不能早于进入本单位日期"),
            "{err}"
        );
        staff::save_member(
            db,
            &ctx,
            &education,
            uid(&education_a),
            dates("2015-01-01", "2020-01-01", "1970-05-01"),
        )
        .await
        .unwrap();
        let market_sees = staff::register(db, &ctx, &market_leader).await.unwrap();
        assert_eq!(market_sees.len(), 2);
        assert!(
            market_sees
                .iter()
                .all(|l| l.stored.member.unit == UnitId(market_leader.unit_id))
        );
        let all = staff::register(db, &ctx, &centre_handler).await.unwrap();
        assert_eq!(all.len(), 3);
        let old = all
            .iter()
            .find(|l| l.stored.member.user == uid(&education_a))
            .unwrap();
        assert!(old.unmet.iter().any(|r| r.contains("年龄已满 50 周岁")));

        // HALL-STAFF (§27(三)): both approvals, each by its leader.
        let err =
            refusal(staff::approve(db, &ctx, &market_handler, me, Approver::Department).await);
        assert!(err.contains("负责人"), "{err}");
        let err = refusal(staff::approve(db, &ctx, &market_leader, me, Approver::Centre).await);
        assert!(err.contains("区政务服务中心负责人"), "{err}");
        let education_row = old.stored.id;
        let err = refusal(
            staff::approve(
                db,
                &ctx,
                &market_leader,
                education_row,
                Approver::Department,
            )
            .await,
        );
        assert!(err.contains("未找到") || err.contains("不存在"), "{err}");
        staff::approve(db, &ctx, &market_leader, me, Approver::Department)
            .await
            .unwrap();
        staff::approve(db, &ctx, &centre_leader, me, Approver::Centre)
            .await
            .unwrap();
        let b_row = market_sees
            .iter()
            .find(|l| l.stored.member.user == uid(&market_b))
            .unwrap()
            .stored
            .id;
        let after = staff::register(db, &ctx, &market_leader).await.unwrap();
        let mine = after.iter().find(|l| l.stored.id == me).unwrap();
        assert!(mine.unmet.is_empty(), "{:?}", mine.unmet);

        // Attendance by the centre only, on a working day.
        let day = d("2026-03-02");
        let span = (
            Some(parse_minute("06:00").unwrap()),
            Some(parse_minute("23:59").unwrap()),
        );
        let err = refusal(
            staff::record_attendance(db, &ctx, &market_leader, uid(&market_handler), day, span)
                .await,
        );
        assert!(err.contains("考勤登记由区政务服务中心办理"), "{err}");
        let err = refusal(
            staff::record_attendance(
                db,
                &ctx,
                &centre_handler,
                uid(&market_handler),
                d("2026-03-01"),
                span,
            )
            .await,
        );
        assert!(err.contains("大厅不办公"), "{err}");
        let late = (
            Some(parse_minute("11:00").unwrap()),
            Some(parse_minute("23:59").unwrap()),
        );
        let mark =
            staff::record_attendance(db, &ctx, &centre_handler, uid(&market_handler), day, late)
                .await
                .unwrap();
        assert_eq!(mark, Mark::Late);
        let mark = staff::record_attendance(db, &ctx, &centre_handler, uid(&market_b), day, span)
            .await
            .unwrap();
        assert_eq!(mark, Mark::Present);

        // Requests: filed by the unit, decided by the centre's leader only.
        let leave = staff::file_request(
            db,
            &ctx,
            &market_handler,
            Kind::Leave,
            (uid(&market_handler), None),
            (d("2026-03-03"), d("2026-03-04")),
            "病假",
        )
        .await
        .unwrap();
        let err = refusal(
            staff::file_request(
                db,
                &ctx,
                &market_handler,
                Kind::Replacement,
                (uid(&market_handler), Some(uid(&market_b))),
                (d("2026-03-05"), d("2026-03-06")),
                "临时顶岗",
            )
            .await,
        );
        assert!(
            err.contains("顶岗人员不符合窗口工作人员条件")
                && err.contains("未经区政务服务中心审核确定"),
            "{err}"
        );
        let err = refusal(
            staff::file_request(
                db,
                &ctx,
                &education,
                Kind::Leave,
                (uid(&market_handler), None),
                (d("2026-03-03"), d("2026-03-04")),
                "病假",
            )
            .await,
        );
        assert!(err.contains("请选择本单位名册中的窗口工作人员"), "{err}");
        staff::approve(db, &ctx, &market_leader, b_row, Approver::Department)
            .await
            .unwrap();
        staff::approve(db, &ctx, &centre_leader, b_row, Approver::Centre)
            .await
            .unwrap();
        let swap = staff::file_request(
            db,
            &ctx,
            &market_handler,
            Kind::Replacement,
            (uid(&market_b), Some(uid(&market_handler))),
            (d("2026-03-05"), d("2026-03-06")),
            "临时顶岗",
        )
        .await
        .unwrap();
        let approve = Decision::Approve {
            note: "同意".into(),
        };
        for who in [&market_leader, &centre_handler] {
            let err = refusal(staff::decide_request(db, &ctx, who, leave, &approve, 1).await);
            assert!(err.contains("须经区政务服务中心同意"), "{err}");
        }
        let err = refusal(staff::decide_request(db, &ctx, &education, leave, &approve, 1).await);
        assert!(err.contains("未找到") || err.contains("不存在"), "{err}");
        let err =
            refusal(staff::decide_request(db, &ctx, &centre_leader, leave, &approve, 7).await);
        assert!(err.contains("已被他人审批"), "{err}");
        staff::decide_request(db, &ctx, &centre_leader, leave, &approve, 1)
            .await
            .unwrap();
        let err =
            refusal(staff::decide_request(db, &ctx, &centre_leader, leave, &approve, 2).await);
        assert!(err.contains("不能再次审批"), "{err}");
        let refuse = Decision::Refuse {
            reason: "人手不足".into(),
        };
        staff::decide_request(db, &ctx, &centre_leader, swap, &refuse, 1)
            .await
            .unwrap();
        let listed = staff::requests_of(db, &market_leader, 50).await.unwrap();
        let statuses: Vec<Status> = listed.iter().map(|r| r.request.status).collect();
        assert_eq!(statuses, [Status::Refused, Status::Approved]);
        assert!(
            staff::requests_of(db, &education, 50)
                .await
                .unwrap()
                .is_empty()
        );
        // Approved leave marks the day.
        let mark = staff::record_attendance(
            db,
            &ctx,
            &centre_handler,
            uid(&market_handler),
            d("2026-03-03"),
            (None, None),
        )
        .await
        .unwrap();
        assert_eq!(mark, Mark::OnLeave);
        let lines = staff::attendance_of(db, &market_leader, d("2026-03-03"))
            .await
            .unwrap();
        assert!(
            lines
                .iter()
                .any(|l| l.on_leave && l.stored.member.user == uid(&market_handler))
        );

        // Assessment by the centre, for an ended period, once; the records' figures.
        let q1 = Period::parse("2026-Q1", profile.hall.staff_assessment_months).unwrap();
        let err = refusal(
            staff::assess(
                db,
                &ctx,
                &market_leader,
                uid(&market_handler),
                (q1, Grade::Excellent),
                "",
            )
            .await,
        );
        assert!(
            err.contains("窗口工作人员考核由区政务服务中心办理"),
            "{err}"
        );
        // The centre's assessment of `whom` for `period`.
        let assess = |whom: &Actor, period: Period, grade: Grade, comment| {
            staff::assess(
                db,
                &ctx,
                &centre_handler,
                uid(whom),
                (period, grade),
                comment,
            )
        };
        let running = Period::periodic_of(now.local_date(), 3);
        let err = refusal(assess(&market_handler, running, Grade::Excellent, "").await);
        assert!(err.contains("尚未结束"), "{err}");
        for (whom, grade, comment) in [
            (&market_handler, Grade::Competent, "服务热情"),
            (&market_b, Grade::Excellent, ""),
            (&education_a, Grade::Competent, ""),
        ] {
            assess(whom, q1, grade, comment).await.unwrap();
        }
        let err = refusal(assess(&market_handler, q1, Grade::Excellent, "").await);
        assert!(err.contains("已考核"), "{err}");
        let market_results = staff::assessments_of(db, &market_leader, q1).await.unwrap();
        assert_eq!(market_results.len(), 2);
        let mine = market_results
            .iter()
            .find(|a| a.user == uid(&market_handler))
            .unwrap();
        assert_eq!((mine.figures.late, mine.figures.absent), (1, 0));
        assert!(mine.notice.is_none());

        // The written notice to the unit (§4(二)), by the centre's leader.
        let market = UnitId(market_leader.unit_id);
        let err = refusal(staff::send_notice(db, &ctx, &centre_handler, market, q1).await);
        assert!(err.contains("负责人签发"), "{err}");
        let notice = staff::send_notice(db, &ctx, &centre_leader, market, q1)
            .await
            .unwrap();
        let err = refusal(staff::send_notice(db, &ctx, &centre_leader, market, q1).await);
        assert!(err.contains("没有尚未通知的考核结果"), "{err}");
        let (sent, carried) = staff::notice(db, &market_leader, notice).await.unwrap();
        assert_eq!(carried.len(), 2);
        assert!(sent.number.starts_with("窗考通〔"));
        assert_eq!(sent.sent_on, now.local_date());
        assert!(staff::notice(db, &education, notice).await.is_err());
        assert_eq!(staff::notices(db, &education, 10).await.unwrap().len(), 0);

        // Every change audited, and no birth date in the audit log.
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'hall.staff.%'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let audited: i64 = row.try_get("n").unwrap();
        // 3 registrations, 4 approvals, 3 attendance, 2 requests, 2 decisions, 3 assessments, 1 notice.
        assert_eq!(audited, 18);
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE detail LIKE '%1985-05-01%'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(row.try_get::<i64, _>("n").unwrap(), 0);
    }
}
