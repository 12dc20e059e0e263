//! The back office of the online services through HTTP (SVC-PREREVIEW, SVC-ACCEPT,
//! SVC-SPECIAL, SVC-WINDOW, SVC-ELICENCE, SVC-PROMISE): the clerk's desk with lights, the
//! one-time notice and its printable page, the transitions the issue names as refused (they
//! change nothing), the special procedure told to the applicant, the decision with its
//! e-licence, walk-in registration with materials, and unit scoping (another unit: 404).

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::{CitizenIdNo, PersonName, PhoneNumber};
use platform::roles::Role;
use platform::users::{self, NewAccount};
use services::case::{Channel, Command, MaterialSource, SubmittedMaterial};
use services::usecase::{self, Applicant, NewApplication, Submission};
use services::{ApplicantId, AttachmentId, CaseId};
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp, app};

pub const ID_NO: &str = "11010519491231002X";
pub const PHONE: &str = "13812345678";
/// 食品经营许可: gz-market, pre-review offered, site inspection 5 WD, licence, window gz-service.
pub const FOOD: &str = "GZ-SC-0003";
pub const FOOD_MATERIALS: &[&str] = &[
    "application",
    "business_licence",
    "id_card",
    "food_rules",
    "layout",
];
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// The app with the demo catalogue published.
pub async fn services_app() -> TestApp {
    let app = app().await;
    demo::catalogue::seed(&app.platform.db, &AuditActor::system("test"))
        .await
        .unwrap();
    app
}

/// A ready session of a new account holding `role` in the unit with `code`.
pub async fn staff_in(app: &TestApp, role: Role, code: &str) -> Client {
    let unit = platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap();
    let mut tx = app.platform.db.begin().await.unwrap();
    let username = format!("s{}{}", role.code().len(), rand::random::<u32>());
    let (id, _) = users::create(
        &mut tx,
        &AuditActor::system("test"),
        NewAccount {
            unit_id: unit.id,
            username,
            display_name: "测试".into(),
            roles: vec![role],
        },
        now_ms(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    sqlx::query("UPDATE users SET must_change_password = 0, totp_enabled = 1 WHERE id = $1")
        .bind(id)
        .execute(&app.platform.db.pool)
        .await
        .unwrap();
    app.session_of(id).await
}

/// An online application for `item` with every code uploaded (attachment ids are stand-ins).
pub async fn submit(app: &TestApp, item: &str, codes: &[&str]) -> Submission {
    let db = &app.platform.db;
    let calendar = platform::workcal::load_current(db).await.unwrap();
    let profile = platform::jurisdiction::current(db)
        .await
        .unwrap()
        .map(|j| j.profile)
        .unwrap_or_default();
    usecase::submit_case(
        db,
        &platform::workflow::Context::new(
            &app.platform.key,
            &AuditActor::system("test"),
            &calendar,
            &profile,
            calendar::Instant::from_millis(now_ms()),
        ),
        item,
        NewApplication {
            applicant: Applicant {
                account: ApplicantId(7),
                name: PersonName::parse("张三丰").unwrap(),
                id_no: CitizenIdNo::parse(ID_NO).unwrap(),
                phone: Some(PhoneNumber::parse(PHONE).unwrap()),
                email: None,
                phone_proof: None,
                enterprise: None,
            },
            channel: Channel::Online,
            uploads: codes
                .iter()
                .map(|code| SubmittedMaterial {
                    code: (*code).into(),
                    source: MaterialSource::Uploaded(AttachmentId(999_999)),
                })
                .collect(),
        },
    )
    .await
    .unwrap()
}

async fn version_of(app: &TestApp, id: CaseId) -> i64 {
    sqlx::query("SELECT version FROM svc_cases WHERE id = $1")
        .bind(id.0)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("version")
        .unwrap()
}

pub async fn act(app: &TestApp, who: &Client, id: CaseId, action: &str, form: &str) -> Answer {
    let version = version_of(app, id).await;
    let separator = if form.is_empty() { "" } else { "&" };
    app.post(
        &format!("/office/services/cases/{}/{action}", id.0),
        Some(who),
        &format!("version={version}{separator}{form}"),
    )
    .await
}

/// A refused command: the status, the Chinese message on the re-rendered page, no change.
async fn refused(app: &TestApp, who: &Client, id: CaseId, action: &str, form: &str, message: &str) {
    let before = app.audit_seq().await;
    let version = version_of(app, id).await;
    let answer = act(app, who, id, action, form).await;
    assert!(
        [StatusCode::BAD_REQUEST, StatusCode::CONFLICT].contains(&answer.status),
        "{action}: {} {}",
        answer.status,
        answer.body
    );
    assert!(
        answer.body.contains(message),
        "{action}: expected “{message}” in {}",
        answer.body
    );
    assert_eq!(
        app.audit_seq().await,
        before,
        "{action} changed the audit chain"
    );
    assert_eq!(
        version_of(app, id).await,
        version,
        "{action} changed the case"
    );
}

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

pub async fn status_code(app: &TestApp, id: CaseId) -> String {
    sqlx::query("SELECT status FROM svc_cases WHERE id = $1")
        .bind(id.0)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap()
}

#[tokio::test]
async fn svc_accept_desk_notice_refusals_special_decision_and_elicence_through_the_pages() {
    let app = services_app().await;
    let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
    let handler = staff_in(&app, Role::UnitHandler, "gz-market").await;
    let submission = submit(&app, FOOD, FOOD_MATERIALS).await;
    let id = submission.case_id;

    // The desk of the comprehensive window and of the department list it with a light.
    for who in [&clerk, &handler] {
        let desk = app.get("/office/services", Some(who)).await;
        assert_eq!(desk.status, StatusCode::OK);
        assert!(desk.body.contains(&submission.number), "{}", desk.body);
        assert!(desk.body.contains("class=\"light green\""), "a green light");
    }
    let filtered = app
        .get("/office/services?status=concluded", Some(&clerk))
        .await;
    assert!(!filtered.body.contains(&submission.number));
    // Issue 14 item 7: the search over the unit's cases, by the applicant's ID number too.
    let by_id = app
        .get(&format!("/office/services?id_no={ID_NO}"), Some(&clerk))
        .await;
    assert!(
        by_id.body.contains("查询结果：共 1 件") && by_id.body.contains(&submission.number),
        "{}",
        by_id.body
    );
    assert!(!by_id.body.contains(ID_NO), "the ID number is not echoed");
    let bad = app
        .get("/office/services?id_no=123&status=any", Some(&clerk))
        .await;
    assert!(bad.body.contains(r#"id="search-error""#), "{}", bad.body);

    // The case page masks the applicant; the clerk's reveal is audited.
    let page = app
        .get(&format!("/office/services/cases/{}", id.0), Some(&clerk))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("张**") && !page.body.contains(ID_NO),
        "masked"
    );
    assert!(page.body.contains("食品经营许可"));
    let before = app.audit_seq().await;
    let revealed = app
        .post(
            &format!("/office/services/cases/{}/reveal", id.0),
            Some(&clerk),
            "",
        )
        .await;
    assert!(revealed.body.contains(ID_NO) && revealed.body.contains("张三丰"));
    assert!(app.audit_seq().await > before, "the reveal is audited");
    let no_reveal = app
        .post(
            &format!("/office/services/cases/{}/reveal", id.0),
            Some(&handler),
            "",
        )
        .await;
    assert_eq!(no_reveal.status, StatusCode::FORBIDDEN);

    // Refused: deciding before acceptance; accepting before the pre-review (SVC-PREREVIEW).
    refused(
        &app,
        &handler,
        id,
        "decide",
        "decision=approve",
        "作出审批决定",
    )
    .await;
    refused(&app, &clerk, id, "accept", "", "须先出具预审意见").await;
    let prereviewed = act(
        &app,
        &clerk,
        id,
        "prereview",
        &format!("opinion={}", enc("材料基本齐全，待补正后受理")),
    )
    .await;
    assert_eq!(
        prereviewed.status,
        StatusCode::SEE_OTHER,
        "{}",
        prereviewed.body
    );

    // SVC-ACCEPT: ONE notice listing every defective material with a reason each.
    let notice_form = format!(
        "problem.application={}&problem.layout={}&other_material=&other_problem=",
        enc("申请书未签字"),
        enc("平面图未标注比例")
    );
    let noticed = act(&app, &clerk, id, "supplement", &notice_form).await;
    assert_eq!(noticed.status, StatusCode::SEE_OTHER, "{}", noticed.body);
    let printable = app
        .get(
            &format!("/office/services/cases/{}/notice", id.0),
            Some(&clerk),
        )
        .await;
    assert_eq!(printable.status, StatusCode::OK);
    for text in [
        "一次性告知书",
        "申请表",
        "申请书未签字",
        "经营场所平面布局图",
        "平面图未标注比例",
        &submission.number,
    ] {
        assert!(
            printable.body.contains(text),
            "notice lacks {text}: {}",
            printable.body
        );
    }
    // Refused: a second notice for the same submission.
    refused(
        &app,
        &clerk,
        id,
        "supplement",
        &format!("problem.id_card={}", enc("复印件不清")),
        "不能再次告知",
    )
    .await;

    // The applicant resubmits; the window accepts for the department (SVC-WINDOW).
    let db = &app.platform.db;
    let calendar = platform::workcal::load_current(db).await.unwrap();
    let profile = platform::profile::RuleProfile::default();
    usecase::execute_case(
        db,
        &platform::workflow::Context::new(
            &app.platform.key,
            &AuditActor::system("applicant"),
            &calendar,
            &profile,
            calendar::Instant::from_millis(now_ms()),
        ),
        id,
        Command::Resubmit {
            materials: vec![SubmittedMaterial {
                code: "application".into(),
                source: MaterialSource::Uploaded(AttachmentId(999_998)),
            }],
        },
        None,
    )
    .await
    .unwrap();
    let accepted = act(&app, &clerk, id, "accept", "").await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert_eq!(status_code(&app, id).await, "in_review");

    // Refused: resuming a clock that is not paused; a window deciding.
    refused(
        &app,
        &handler,
        id,
        "special/end",
        &format!("outcome={}", enc("合格")),
        "结束特别程序",
    )
    .await;

    // SVC-SPECIAL: pause with the reason told to the applicant, then resume.
    let reason = "需现场核查经营场所";
    let started = act(
        &app,
        &handler,
        id,
        "special/start",
        &format!("procedure=SiteInspection&reason={}", enc(reason)),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    assert_eq!(status_code(&app, id).await, "special");
    let status = usecase::case_status(
        db,
        &app.platform.key,
        &submission.number,
        &submission.query_code,
        &calendar,
        calendar::Instant::from_millis(now_ms()),
    )
    .await
    .unwrap();
    assert!(
        status
            .steps
            .iter()
            .any(|s| s.name == "现场勘验" && s.end.is_none()),
        "{:?}",
        status.steps
    );
    let told: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' AND body LIKE $1")
            .bind(format!("%{reason}%"))
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
    assert_eq!(told, 1, "the applicant is told the reason by SMS");
    let paused = app
        .get(&format!("/office/services/cases/{}", id.0), Some(&handler))
        .await;
    assert!(
        paused.body.contains(reason) && paused.body.contains("已暂停"),
        "{}",
        paused.body
    );
    let resumed = act(
        &app,
        &handler,
        id,
        "special/end",
        &format!("outcome={}", enc("现场核查合格")),
    )
    .await;
    assert_eq!(resumed.status, StatusCode::SEE_OTHER, "{}", resumed.body);
    let status = usecase::case_status(
        db,
        &app.platform.key,
        &submission.number,
        &submission.query_code,
        &calendar,
        calendar::Instant::from_millis(now_ms()),
    )
    .await
    .unwrap();
    assert!(
        status
            .steps
            .iter()
            .any(|s| s.name == "现场勘验" && s.note == "现场核查合格")
    );

    // Staged review by the department, then the decision and delivery by the window.
    while status_code(&app, id).await == "in_review" {
        let done = act(
            &app,
            &handler,
            id,
            "stage",
            &format!("opinion={}", enc("同意")),
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    let window_decides = act(&app, &clerk, id, "decide", "decision=approve").await;
    assert_eq!(
        window_decides.status,
        StatusCode::FORBIDDEN,
        "the guard keeps the window out"
    );
    let decided = act(&app, &handler, id, "decide", "decision=approve&reason=").await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let department_delivers = act(&app, &handler, id, "deliver", "method=electronic").await;
    assert_eq!(
        department_delivers.status,
        StatusCode::FORBIDDEN,
        "SVC-WINDOW: the window delivers"
    );
    let delivered = act(&app, &clerk, id, "deliver", "method=electronic").await;
    assert_eq!(
        delivered.status,
        StatusCode::SEE_OTHER,
        "{}",
        delivered.body
    );
    assert_eq!(status_code(&app, id).await, "concluded");
    // SVC-ELICENCE: the licence is in the library, linked to the case.
    let licence: String = sqlx::query("SELECT licence_type FROM svc_licences WHERE case_id = $1")
        .bind(id.0)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("licence_type")
        .unwrap();
    assert_eq!(licence, "食品经营许可证");
    let page = app
        .get(&format!("/office/services/cases/{}", id.0), Some(&clerk))
        .await;
    assert!(page.body.contains("发放电子证照") && page.body.contains("已办结"));
}

#[tokio::test]
async fn svc_accept_reject_needs_a_reason_and_another_units_staff_get_404() {
    let app = services_app().await;
    let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
    let stranger = staff_in(&app, Role::UnitHandler, "gz-hrss").await;
    let leader = staff_in(&app, Role::UnitLeader, "gz-hrss").await;
    // 企业设立登记: no pre-review.
    let submission = submit(
        &app,
        "GZ-SC-0001",
        &["application", "id_card", "articles", "premises"],
    )
    .await;
    let id = submission.case_id;
    for path in [
        format!("/office/services/cases/{}", id.0),
        format!("/office/services/cases/{}/notice", id.0),
    ] {
        let answer = app.get(&path, Some(&stranger)).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
    }
    let before = app.audit_seq().await;
    let answer = act(&app, &leader, id, "accept", "").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(app.audit_seq().await, before);
    let desk = app.get("/office/services", Some(&stranger)).await;
    assert!(!desk.body.contains(&submission.number));
    // The supervisors see every case.
    let supervisor = app.login_as(Role::HotlineSupervisor).await;
    let page = app
        .get(
            &format!("/office/services/cases/{}", id.0),
            Some(&supervisor),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);

    refused(&app, &clerk, id, "reject", "reason=", "不予受理的原因").await;
    let rejected = act(
        &app,
        &clerk,
        id,
        "reject",
        &format!("reason={}", enc("不属于本级受理范围")),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    assert_eq!(status_code(&app, id).await, "rejected");
    // A stale page is a conflict and changes nothing.
    let before = app.audit_seq().await;
    let stale = app
        .post(
            &format!("/office/services/cases/{}/accept", id.0),
            Some(&clerk),
            "version=1",
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(app.audit_seq().await, before);
}
