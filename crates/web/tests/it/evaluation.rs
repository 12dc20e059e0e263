//! EVAL-BAD and EVAL-ALL in the back office: a bad rating's rectification goes from the
//! responsible unit's desk to a supervisor's review; statistics and the Excel export.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::evaluation::{self, Channel, Level, NewEvaluation, SubjectType};
use platform::roles::Role;

use crate::common::{TestApp, app};

async fn bad_rating_for(app: &TestApp, unit_code: &str) -> i64 {
    let unit = platform::units::find_by_code(&app.platform.db, unit_code)
        .await
        .unwrap()
        .unwrap();
    let profile = platform::jurisdiction::current(&app.platform.db)
        .await
        .unwrap()
        .unwrap()
        .profile;
    let calendar = platform::workcal::load_current(&app.platform.db)
        .await
        .unwrap();
    let mut tx = app.platform.db.begin().await.unwrap();
    let rated = evaluation::rate(
        &mut tx,
        &app.platform.key,
        &AuditActor::system("test"),
        NewEvaluation {
            subject_type: SubjectType::Order,
            subject_id: "GZ-TEST-1".into(),
            round: 1,
            unit_id: unit.id,
            staff_user_id: None,
            item_code: None,
            channel: Channel::Web,
            level: Level::from_level(4).unwrap(),
            comment: "办理拖延，态度一般".into(),
            rater_contact: None,
            entered_by_user_id: None,
        },
        &calendar,
        &profile,
        calendar::Instant::from_millis(platform::db::now_ms()),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    rated
        .rectification_id
        .expect("a bad rating opens a rectification")
}

#[tokio::test]
async fn eval_bad_the_unit_answers_on_its_desk_and_a_supervisor_accepts() {
    let app = app().await;
    let task = bad_rating_for(&app, "gz-market").await;
    let handler = app.demo_session("handler").await;
    let desk = app.get("/office/rectifications", Some(&handler)).await;
    assert!(desk.body.contains(&format!("整改 #{task}")) && desk.body.contains("区市场监督管理局"));
    let page = app
        .get(&format!("/office/rectifications/{task}"), Some(&handler))
        .await;
    assert!(
        page.body.contains("不满意")
            && page.body.contains("办理拖延")
            && page.body.contains("提交整改")
            && page.body.contains("工单 GZ-TEST-1")
    );

    let empty = app
        .post(
            &format!("/office/rectifications/{task}/submit"),
            Some(&handler),
            "measures=&result=&feedback_to_rater=",
        )
        .await;
    assert_eq!(
        empty.status,
        StatusCode::BAD_REQUEST,
        "empty answers are refused"
    );
    let submitted = app
        .post(&format!("/office/rectifications/{task}/submit"), Some(&handler), "measures=%E5%9F%B9%E8%AE%AD&result=%E5%B7%B2%E6%94%B9&feedback_to_rater=%E5%B7%B2%E6%95%B4%E6%94%B9")
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );

    let own_review = app
        .post(
            &format!("/office/rectifications/{task}/review"),
            Some(&handler),
            "decision=accept",
        )
        .await;
    assert_eq!(
        own_review.status,
        StatusCode::FORBIDDEN,
        "the unit never reviews itself"
    );
    let supervisor = app.demo_session("supervisor").await;
    let accepted = app
        .post(
            &format!("/office/rectifications/{task}/review"),
            Some(&supervisor),
            "decision=accept&opinion=",
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let done = evaluation::get_rectification(&app.platform.db, task)
        .await
        .unwrap();
    assert_eq!(done.status, evaluation::RectificationStatus::Accepted);
    let again = app
        .post(
            &format!("/office/rectifications/{task}/review"),
            Some(&supervisor),
            "decision=return&opinion=x",
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::BAD_REQUEST,
        "an accepted task cannot be reviewed again"
    );
}

#[tokio::test]
async fn eval_bad_another_units_task_is_not_even_shown() {
    let app = app().await;
    let task = bad_rating_for(&app, "gz-market").await;
    let stranger = app.login_as(Role::UnitHandler).await;
    let desk = app.get("/office/rectifications", Some(&stranger)).await;
    assert!(!desk.body.contains(&format!("整改 #{task}")));
    let page = app
        .get(&format!("/office/rectifications/{task}"), Some(&stranger))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let submit = app
        .post(
            &format!("/office/rectifications/{task}/submit"),
            Some(&stranger),
            "measures=a&result=b&feedback_to_rater=c",
        )
        .await;
    assert_eq!(submit.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn eval_all_statistics_show_the_formula_and_export_a_real_xlsx() {
    let app = app().await;
    bad_rating_for(&app, "gz-market").await;
    let supervisor = app.demo_session("supervisor").await;
    let page = app
        .get(
            "/office/evaluations/statistics?group=unit",
            Some(&supervisor),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("区市场监督管理局")
            && page.body.contains("满意率 =")
            && page.body.contains("合计")
    );
    let file = app
        .get(
            "/office/evaluations/statistics.xlsx?group=unit",
            Some(&supervisor),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        file.body.as_bytes().starts_with(b"PK"),
        "an xlsx is a zip archive"
    );

    let leader = app.login_as(Role::UnitLeader).await;
    let own = app
        .get("/office/evaluations/statistics", Some(&leader))
        .await;
    assert!(
        !own.body.contains("区市场监督管理局"),
        "a unit leader sees only the own unit"
    );
    let by_item = app
        .get("/office/evaluations/statistics?group=item", Some(&leader))
        .await;
    assert_eq!(by_item.status, StatusCode::FORBIDDEN);
    let bad_date = app
        .get(
            "/office/evaluations/statistics?from=2026-02-30",
            Some(&supervisor),
        )
        .await;
    assert_eq!(bad_date.status, StatusCode::BAD_REQUEST);
}
