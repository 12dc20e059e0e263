//! 年度考核 (OPS-ASSESS): the year's table per domain with the formula under it, its Excel
//! export and print view for the supervisors and unit leaders; the weights editor for the
//! system administrator (audited, CSRF, Chinese messages, nothing saved on bad input).

use axum::http::StatusCode;
use calendar::{Calendar, Instant};
use hotline::UnitId;
use hotline::appeal::{Category, Channel, HandlingClass, Origin};
use hotline::evaluation::Rating;
use hotline::order::{Approval, Command, ContactOutcome, HandlingResult, ReplyChannel, UnitView};
use hotline::usecase::{self, Appellant, NewAppeal, Rules};
use platform::audit::AuditActor;
use platform::profile::RuleProfile;
use platform::roles::Role;

use crate::common::{TestApp, app};

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(&format!("{text}:00+08:00")).unwrap()
}

/// One order of 2025 handled by gz-market in time through every step, rated satisfied.
async fn handled_order(app: &TestApp) {
    let db = &app.platform.db;
    let actor = AuditActor {
        user_id: Some(4),
        name: "operator".into(),
        unit_id: None,
        role: "hotline_operator".into(),
        ip: String::new(),
    };
    let calendar = Calendar::try_national().unwrap();
    let profile = RuleProfile::default();
    let rules = Rules {
        calendar: &calendar,
        profile: &profile,
    };
    let appeal = NewAppeal {
        channel: Channel::Phone,
        category: Category::ComplaintReport,
        origin: Origin::Local,
        content: "小区门口路灯不亮已经一周".into(),
        location: "甘州区东街街道南关小区".into(),
        is_private: false,
        publish_consent: false,
        confidential: false,
        province_due: None,
        appellant: Appellant::default(),
        ip: None,
    };
    let key = &app.platform.key;
    let id = usecase::register_appeal(db, key, &actor, appeal, at("2025-03-03T08:50"))
        .await
        .unwrap()
        .appeal_id;
    let market = UnitId(
        platform::units::find_by_code(db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    let result = HandlingResult::parse(
        "已受理并现场核查",
        "现场核查，约谈施工单位",
        "责令停止夜间施工",
        "施工单位已停止夜间施工",
        UnitView::Satisfied,
    )
    .unwrap();
    let steps = [
        (
            Command::Dispatch {
                class: HandlingClass::ComplaintReport,
                lead: market,
                assisting: vec![],
                terms: hotline::order::DispatchTerms::default(),
            },
            "2025-03-03T09:00",
        ),
        (Command::Sign { unit: market }, "2025-03-03T09:20"),
        (
            Command::SubmitResult {
                unit: market,
                result,
            },
            "2025-03-05T10:00",
        ),
        (
            Command::ApproveResult {
                unit: market,
                decision: Approval::Approve,
            },
            "2025-03-05T11:00",
        ),
        (
            Command::ReplyAttempt {
                channel: ReplyChannel::Phone,
                outcome: ContactOutcome::Reached,
                note: "电话回复办理结果".into(),
            },
            "2025-03-05T15:00",
        ),
        (
            Command::Callback {
                rating: Rating::Satisfied,
                comment: "满意".into(),
            },
            "2025-03-06T10:00",
        ),
    ];
    for (command, when) in steps {
        usecase::execute(db, &rules.context(key, &actor, at(when)), id, command, None)
            .await
            .unwrap();
    }
}

/// OPS-ASSESS: the supervisor's table of 2025 — the unit's rates, 100 points, the formula in
/// the profile's weights — and its Excel and A4 print view; a year that is not one is a
/// Chinese 400.
#[tokio::test]
async fn ops_assess_the_year_table_with_its_formula_excel_and_print() {
    let app = app().await;
    handled_order(&app).await;
    let supervisor = app.login_as(Role::HotlineSupervisor).await;
    let page = app
        .get("/office/assessment?year=2025", Some(&supervisor))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for text in [
        "2025年度单位考核",
        "12345工单",
        "政务服务办件",
        "区市场监督管理局",
        "100.00",
        "得分 =（按时办结率×30 + 响应率×15 + 办结率×20 + 满意率×20 + 好差评满意率×15）",
        "超期件数×0.5 + 问责事件数×2，最多扣 20 分",
        "assessment.xlsx?year=2025",
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
    let leader = app.login_as(Role::UnitLeader).await;
    let xlsx = app
        .get("/office/assessment.xlsx?year=2025", Some(&leader))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with("PK"));
    assert!(
        xlsx.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("assessment-2025.xlsx")
    );
    let print = app
        .get("/office/assessment/print?year=2025", Some(&leader))
        .await;
    assert_eq!(print.status, StatusCode::OK, "{}", print.body);
    assert!(print.body.contains("@page { size: A4"));
    assert!(print.body.contains("2025年度承办单位考核结果"));
    let bad = app
        .get("/office/assessment?year=二〇二五", Some(&supervisor))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("考核年度"), "{}", bad.body);
}

const DEFAULTS: &str = "weight_timeliness=30&weight_response=15&weight_completion=20\
    &weight_satisfaction=20&weight_evaluation=15&overdue_deduction_tenths=5\
    &accountability_deduction_tenths=20&deduction_cap=20";

/// OPS-ASSESS: the system administrator changes the weights (audited, printed under the table
/// at once); weights that do not add up to 100 or a value that is not a whole number are
/// refused in Chinese and change nothing; no one else may post them.
#[tokio::test]
async fn ops_assess_the_system_administrator_sets_the_weights_audited() {
    let app = app().await;
    let admin = app.login_as(Role::SystemAdmin).await;
    let form = app.get("/office/assessment/weights", Some(&admin)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        form.body.contains("年度考核权重：按时办结率"),
        "{}",
        form.body
    );
    let before = app.audit_seq().await;
    let changed = DEFAULTS
        .replace("weight_timeliness=30", "weight_timeliness=40")
        .replace("weight_response=15", "weight_response=5");
    let saved = app
        .post("/office/assessment/weights", Some(&admin), &changed)
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("已保存 2 项考核参数"), "{}", saved.body);
    assert!(app.audit_seq().await > before);
    let profile = platform::jurisdiction::require_current(&app.platform.db)
        .await
        .unwrap()
        .profile;
    assert_eq!(profile.assessment.weight_timeliness, 40);
    assert_eq!(profile.assessment.weight_response, 5);
    let supervisor = app.login_as(Role::HotlineSupervisor).await;
    let page = app.get("/office/assessment", Some(&supervisor)).await;
    assert!(
        page.body.contains("按时办结率×40 + 响应率×5"),
        "{}",
        page.body
    );

    let unchanged = app.audit_seq().await;
    let bad_sum = DEFAULTS.replace("weight_evaluation=15", "weight_evaluation=25");
    let refused = app
        .post("/office/assessment/weights", Some(&admin), &bad_sum)
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("之和应为 100"), "{}", refused.body);
    assert!(refused.body.contains("未保存任何修改"));
    let not_number = DEFAULTS.replace("deduction_cap=20", "deduction_cap=abc");
    let refused = app
        .post("/office/assessment/weights", Some(&admin), &not_number)
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains("应填写 0 到 100 的整数"),
        "{}",
        refused.body
    );
    assert_eq!(app.audit_seq().await, unchanged, "nothing saved");

    let forbidden = app
        .post("/office/assessment/weights", Some(&supervisor), DEFAULTS)
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let figures = app.get("/office/assessment", Some(&admin)).await;
    assert_eq!(
        figures.status,
        StatusCode::FORBIDDEN,
        "the administrator sets, not reads"
    );
}
