//! The parts of a 12345 order with more than one party, through HTTP: the citizen's
//! attachments (HL-REGISTER, HL-PRIVACY), merging a repeated appeal (HL-MERGE), an assisting
//! unit's contribution (HL-DISPATCH), and the head-signed review form (HL-CALLBACK).

use axum::http::StatusCode;
use hotline::evaluation::Rating;
use hotline::order::{Approval, Command, ContactOutcome, HandlingResult, ReplyChannel, UnitView};
use hotline::usecase::{self, Rules};
use hotline::{AppealId, UnitId};
use platform::audit::AuditActor;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp, app};

const PHOTO: &[u8] = b"\xFF\xD8\xFF\xE0 photo of the broken lamp";

pub(crate) async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

pub(crate) async fn file_appeal(
    app: &TestApp,
    category: &str,
    files: &[(&str, &str, &[u8])],
) -> Answer {
    app.post_multipart(
        "/hotline",
        None,
        &[
            ("category", category),
            ("content", "东街路灯不亮已经一周，夜里出行不便"),
            ("location", "甘州区东街街道南关小区"),
            ("name", "标记人乙"),
            ("phone", "13966601234"),
            ("address", ""),
        ],
        files,
    )
    .await
}

pub(crate) async fn id_of(app: &TestApp, answer: &Answer) -> i64 {
    let from = answer.body.find("id=\"appeal-number\">").unwrap() + "id=\"appeal-number\">".len();
    let number = answer.body[from..].split('<').next().unwrap();
    sqlx::query("SELECT id FROM hotline_appeals WHERE number = $1")
        .bind(number)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

async fn version_of(app: &TestApp, id: i64) -> i64 {
    sqlx::query("SELECT version FROM hotline_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("version")
        .unwrap()
}

pub(crate) async fn act(app: &TestApp, who: &Client, id: i64, action: &str, form: &str) -> Answer {
    let version = version_of(app, id).await;
    app.post(
        &format!("/office/hotline/orders/{id}/{action}"),
        Some(who),
        &format!("version={version}&{form}"),
    )
    .await
}

pub(crate) async fn unit_id(app: &TestApp, code: &str) -> i64 {
    platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn hl_register_attachments_on_the_portal_reach_the_hotline_but_not_the_accused_unit() {
    let app = app().await;
    let appeals = "SELECT COUNT(*) AS n FROM hotline_appeals";
    let exe: &[u8] = b"MZ\x90\0 not a photo";
    let refused = file_appeal(&app, "complaint_report", &[("attachments", "a.jpg", exe)]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("只接受 JPG、PNG、PDF"),
        "{}",
        refused.body
    );
    let no_token = app
        .post_multipart_with_token("/hotline", None, None, &[("content", "x")], &[])
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let mut big = b"%PDF-".to_vec();
    big.resize(11 * 1024 * 1024, b' ');
    let too_big = file_appeal(&app, "complaint_report", &[("attachments", "b.pdf", &big)]).await;
    assert_eq!(too_big.status, StatusCode::BAD_REQUEST);
    assert!(too_big.body.contains("超过 10 MB"), "{}", too_big.body);
    assert_eq!(
        scalar(&app, appeals).await,
        0,
        "refused appeals store nothing"
    );

    let filed = file_appeal(
        &app,
        "complaint_report",
        &[("attachments", "标记人乙家门口.jpg", PHOTO)],
    )
    .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let id = id_of(&app, &filed).await;
    let operator = app.demo_session("operator").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    assert!(page.body.contains("附件1.jpg"), "{}", page.body);
    assert!(
        !page.body.contains("家门口.jpg"),
        "HL-PRIVACY: never the file's name"
    );
    let file_id = scalar(&app, "SELECT MAX(id) AS n FROM attachments").await;
    let audit_before = app.audit_seq().await;
    let download = app
        .get(
            &format!("/office/hotline/orders/{id}/files/{file_id}"),
            Some(&operator),
        )
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.headers["content-type"], "image/jpeg");
    assert!(download.body.ends_with(" photo of the broken lamp"));
    assert!(
        download.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("%E9%99%84%E4%BB%B61"),
        "downloaded as 附件1.jpg"
    );
    assert_eq!(
        app.audit_seq().await,
        audit_before + 1,
        "downloads are audited"
    );

    // The accused unit of a complaint neither sees nor downloads it.
    let market = unit_id(&app, "gz-market").await;
    let dispatched = act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!("class=complaint_report&lead={market}&assisting=&lead_interested=yes"),
    )
    .await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );
    let handler = app.demo_session("handler").await;
    let unit_page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&handler))
        .await;
    assert!(!unit_page.body.contains("附件1.jpg"));
    assert!(unit_page.body.contains("由热线保管"));
    let unit_download = app
        .get(
            &format!("/office/hotline/orders/{id}/files/{file_id}"),
            Some(&handler),
        )
        .await;
    assert_eq!(unit_download.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hl_merge_a_repeated_appeal_is_shown_as_similar_and_merged_from_the_page() {
    let app = app().await;
    let first = id_of(&app, &file_appeal(&app, "suggestion", &[]).await).await;
    let second = id_of(&app, &file_appeal(&app, "suggestion", &[]).await).await;
    let operator = app.demo_session("operator").await;
    let page = app
        .get(&format!("/office/hotline/orders/{second}"), Some(&operator))
        .await;
    assert!(page.body.contains("同一来电号码"), "{}", page.body);
    assert!(
        page.body
            .contains(&format!("/office/hotline/orders/{first}\""))
    );
    let merged = act(&app, &operator, second, "merge", &format!("target={first}")).await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let status: String = sqlx::query("SELECT status FROM hotline_orders WHERE id = $1")
        .bind(second)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap();
    assert_eq!(status, "merged");
    let target = app
        .get(&format!("/office/hotline/orders/{first}"), Some(&operator))
        .await;
    assert!(target.body.contains("已并入本诉求的重复诉求：1 件"));
    let again = act(&app, &operator, second, "merge", &format!("target={first}")).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
}

#[tokio::test]
async fn hl_dispatch_the_assisting_unit_contributes_and_the_lead_sees_it() {
    let app = app().await;
    let id = id_of(&app, &file_appeal(&app, "suggestion", &[]).await).await;
    let operator = app.demo_session("operator").await;
    let (market, it) = (
        unit_id(&app, "gz-market").await,
        unit_id(&app, "gz-it").await,
    );
    let dispatched = act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!("class=suggestion&lead={market}&assisting={it}&lead_interested=no"),
    )
    .await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );
    let lead = app.demo_session("handler").await;
    let assisting = app.login_as(Role::UnitHandler).await;
    for who in [&lead, &assisting] {
        let signed = act(&app, who, id, "sign", "").await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    }
    let lead_page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&lead))
        .await;
    assert!(
        !lead_page.body.contains("id=\"contribute\""),
        "the lead does not contribute"
    );
    let assisting_page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&assisting))
        .await;
    assert!(assisting_page.body.contains("id=\"contribute\""));
    let empty = act(&app, &assisting, id, "contribute", "text=").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
    let given = act(
        &app,
        &assisting,
        id,
        "contribute",
        "text=%E5%B7%B2%E6%8A%A2%E4%BF%AE%E7%BA%BF%E8%B7%AF",
    )
    .await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let lead_page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&lead))
        .await;
    assert!(lead_page.body.contains("已抢修线路"), "{}", lead_page.body);
    let refused = act(&app, &lead, id, "contribute", "text=x").await;
    assert!(
        matches!(
            refused.status,
            StatusCode::CONFLICT | StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN
        ),
        "the lead unit cannot contribute: {}",
        refused.status
    );
}

/// Runs commands as the operator through the one use-case path.
async fn run(app: &TestApp, id: i64, command: Command) {
    let calendar = platform::workcal::load_current(&app.platform.db)
        .await
        .unwrap();
    let profile = platform::profile::RuleProfile::default();
    usecase::execute(
        &app.platform.db,
        &Rules {
            calendar: &calendar,
            profile: &profile,
        }
        .context(
            &app.platform.key,
            &AuditActor {
                user_id: platform::users::id_by_username(&app.platform.db, "operator")
                    .await
                    .unwrap(),
                ..AuditActor::system("test")
            },
            calendar::Instant::from_millis(platform::db::now_ms()),
        ),
        AppealId(id),
        command,
        None,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn hl_callback_the_unit_uploads_the_signed_review_form_and_the_hotline_checks_it() {
    let app = app().await;
    let id = id_of(&app, &file_appeal(&app, "suggestion", &[]).await).await;
    let market = UnitId(unit_id(&app, "gz-market").await);
    run(
        &app,
        id,
        Command::Dispatch {
            class: hotline::appeal::HandlingClass::Suggestion,
            lead: market,
            assisting: vec![],
            terms: hotline::order::DispatchTerms::default(),
        },
    )
    .await;
    run(&app, id, Command::Sign { unit: market }).await;
    for round in 0..2 {
        let result = HandlingResult::parse(
            "已核查",
            "现场维修",
            "更换灯具",
            "路灯已亮",
            UnitView::Satisfied,
        )
        .unwrap();
        run(
            &app,
            id,
            Command::SubmitResult {
                unit: market,
                result,
            },
        )
        .await;
        run(
            &app,
            id,
            Command::ApproveResult {
                unit: market,
                decision: Approval::Approve,
            },
        )
        .await;
        run(
            &app,
            id,
            Command::ReplyAttempt {
                channel: ReplyChannel::Phone,
                outcome: ContactOutcome::Reached,
                note: "已告知".into(),
            },
        )
        .await;
        run(
            &app,
            id,
            Command::Callback {
                rating: Rating::Unsatisfied,
                comment: "仍不亮".into(),
            },
        )
        .await;
        if round == 0 {
            run(
                &app,
                id,
                Command::Review {
                    finding: hotline::order::ReviewFinding::Inadequate,
                    note: "重办".into(),
                },
            )
            .await;
        }
    }
    let handler = app.demo_session("handler").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&handler))
        .await;
    assert!(page.body.contains("id=\"review-form\""), "{}", page.body);
    let version = version_of(&app, id).await.to_string();
    let path = format!("/office/hotline/orders/{id}/review-form");
    let fields = [
        ("version", version.as_str()),
        ("signed_by", "黄局长"),
        ("explanation", "两次办理均已到位"),
    ];
    let unsealed = app
        .post_multipart(
            &path,
            Some(&handler),
            &fields,
            &[("scan", "表.pdf", b"%PDF-1.4")],
        )
        .await;
    assert_eq!(unsealed.status, StatusCode::BAD_REQUEST);
    assert!(unsealed.body.contains("加盖单位公章"), "{}", unsealed.body);
    let mut sealed = fields.to_vec();
    sealed.push(("sealed", "1"));
    let uploaded = app
        .post_multipart(
            &path,
            Some(&handler),
            &sealed,
            &[("scan", "表.pdf", b"%PDF-1.4")],
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);

    let operator = app.demo_session("operator").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    assert!(page.body.contains("审核反馈表.pdf") && page.body.contains("id=\"conclude-form\""));
    let concluded = act(
        &app,
        &operator,
        id,
        "conclude-form",
        "finding=compliant&note=%E7%AC%A6%E5%90%88%E8%A7%84%E5%AE%9A",
    )
    .await;
    assert_eq!(
        concluded.status,
        StatusCode::SEE_OTHER,
        "{}",
        concluded.body
    );
    let status: String = sqlx::query("SELECT status FROM hotline_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap();
    assert_eq!(status, "closed");

    // HL-ARCHIVE: filed with the recording and the leader's instruction; a recording that is
    // not audio is refused and nothing is filed.
    let version = version_of(&app, id).await.to_string();
    let path = format!("/office/hotline/orders/{id}/archive");
    let wav: &[u8] = b"RIFF\0\0\0\0WAVEfmt recording";
    let not_audio = app
        .post_multipart(
            &path,
            Some(&operator),
            &[("version", version.as_str())],
            &[("recording", "call.wav", b"MZ\x90\0")],
        )
        .await;
    assert_eq!(
        not_audio.status,
        StatusCode::BAD_REQUEST,
        "{}",
        not_audio.body
    );
    let archived = app
        .post_multipart(
            &path,
            Some(&operator),
            &[("version", version.as_str())],
            &[
                ("recording", "call.wav", wav),
                ("instruction", "批示.pdf", b"%PDF-1.4"),
            ],
        )
        .await;
    assert_eq!(archived.status, StatusCode::SEE_OTHER, "{}", archived.body);
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    assert!(page.body.contains("电话录音.wav") && page.body.contains("领导批示.pdf"));
    let unit_page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&handler))
        .await;
    assert!(
        !unit_page.body.contains("电话录音.wav"),
        "the caller's voice stays with the hotline"
    );
}

/// HL-DISPATCH: the street named in the location and the unit that led similar appeals are
/// suggested, the first preselected.
#[tokio::test]
async fn hl_dispatch_suggests_the_street_of_the_location_and_past_lead_units() {
    let app = app().await;
    let operator = app.demo_session("operator").await;
    let market = unit_id(&app, "gz-market").await;
    let first = id_of(&app, &file_appeal(&app, "suggestion", &[]).await).await;
    let dispatched = act(
        &app,
        &operator,
        first,
        "dispatch",
        &format!("class=suggestion&lead={market}&assisting=&lead_interested=no"),
    )
    .await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );
    let second = id_of(&app, &file_appeal(&app, "suggestion", &[]).await).await;
    let page = app
        .get(&format!("/office/hotline/orders/{second}"), Some(&operator))
        .await;
    let suggestions = page
        .body
        .split("id=\"dispatch-suggestions\"")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .unwrap_or_default();
    assert!(
        suggestions.contains("东街街道办事处") && suggestions.contains("事发地在东街街道"),
        "{suggestions}"
    );
    assert!(
        suggestions.contains("区市场监督管理局")
            && suggestions.contains("类似诉求曾由该单位主办 1 次"),
        "{suggestions}"
    );
    let dongjie = unit_id(&app, "gz-dongjie").await;
    assert!(
        page.body
            .contains(&format!("<option value=\"{dongjie}\" selected>")),
        "locality first"
    );
}
