//! Issue 14 item 3 through HTTP: the online application forgives. Every problem of the form
//! comes at once, each next to its field (`aria-invalid`, `aria-describedby`, the list above
//! linking to it); an attachment's problem names the file; nothing given is lost — the name
//! is written back, the ID number and phone and the files that passed are held sealed on the
//! server (`platform::held`) and shown masked or as already attached, so that the corrected
//! form is sent without them and the case has the files; another visitor's token finds
//! nothing; the reuse check (获取验证码) keeps the form too. Nothing of the application is
//! stored while it is refused (SVC-ACCEPT). The supplement form keeps its files the same way.

use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp};
use crate::services_portal::{ID_NO, PDF, PHONE, PNG, assert_private, receipt, scalar, setup};

/// 社会保障卡申领: 申请人居民身份证 and 近期二寸免冠彩色照片, both required.
const CARD: &str = "GZ-RS-0001";

async fn post(
    app: &TestApp,
    client: Option<&Client>,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Answer {
    let answer = app
        .post_multipart(
            &format!("/services/items/{CARD}/apply"),
            client,
            fields,
            files,
        )
        .await;
    assert_private(&answer);
    answer
}

/// The token of what the server holds, from the page's hidden field.
fn held_token(answer: &Answer) -> String {
    let start = answer.body.find("name=\"held\" value=\"").unwrap() + 19;
    let rest = &answer.body[start..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The `<input …>` tag of the field `id`.
fn input<'a>(answer: &'a Answer, id: &str) -> &'a str {
    let start = answer.body.find(&format!("<input id=\"{id}\"")).unwrap();
    let rest = &answer.body[start..];
    &rest[..rest.find('>').unwrap()]
}

async fn cases(app: &TestApp) -> i64 {
    scalar(app, "SELECT COUNT(*) AS n FROM svc_cases").await
}

#[tokio::test]
async fn svc_accept_every_problem_at_once_each_next_to_its_field() {
    let app = setup().await;
    let refused = post(
        &app,
        None,
        &[
            ("name", ""),
            ("id_no", "110105194912310021"),
            ("phone", "12345"),
            ("action", "submit"),
        ],
        &[("m_id_card", "病毒.exe", b"MZ\x90\0 a program")],
    )
    .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("请修改以下 5 处后再提交"),
        "{}",
        refused.body
    );
    for (field, message) in [
        ("name", "请填写姓名"),
        ("id_no", "身份证号码不正确"),
        ("phone", "电话号码格式不正确"),
        ("m_id_card", "申请人居民身份证（病毒.exe）”的文件类型不允许"),
        ("m_photo", "请上传“近期二寸免冠彩色照片”"),
    ] {
        let error = format!("id=\"{field}-error\">");
        let at = refused
            .body
            .find(&error)
            .unwrap_or_else(|| panic!("{field}"));
        assert!(refused.body[at..].contains(message), "{field}: {message}");
        let tag = input(&refused, field);
        assert!(tag.contains("aria-invalid=\"true\""), "{tag}");
        assert!(tag.contains(&format!("{field}-error")), "{tag}");
        assert!(
            refused.body.contains(&format!("<a href=\"#{field}\">")),
            "the list links to {field}"
        );
    }
    assert_eq!(cases(&app).await, 0);
}

#[tokio::test]
async fn svc_accept_a_form_error_keeps_the_chosen_files_for_the_corrected_form() {
    let app = setup().await;
    let audit = app.audit_seq().await;
    // One bad field (the phone) and both files.
    let refused = post(
        &app,
        None,
        &[
            ("name", "张三丰"),
            ("id_no", ID_NO),
            ("phone", "1381234"),
            ("action", "submit"),
        ],
        &[
            ("m_id_card", "身份证.pdf", PDF),
            ("m_photo", "照片.png", PNG),
        ],
    )
    .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("id=\"phone-error\""),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"张三丰\""),
        "the name is written back"
    );
    assert!(
        refused.body.contains("已填写 110105********002X"),
        "the ID number held"
    );
    assert!(
        refused
            .body
            .contains("id=\"m_id_card-held\">已选择：身份证.pdf")
    );
    assert!(
        refused
            .body
            .contains("id=\"m_photo-held\">已选择：照片.png")
    );
    assert!(input(&refused, "m_photo").contains("m_photo-held"));
    assert!(input(&refused, "id_no").contains("id_no-held"));
    assert!(!input(&refused, "id_no").contains("required"));
    let token = held_token(&refused);
    assert_eq!(token.len(), 64);
    assert_eq!(cases(&app).await, 0, "nothing of the application stored");
    assert_eq!(app.audit_seq().await, audit, "a refusal is not audited");
    let held = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'held'";
    assert_eq!(scalar(&app, held).await, 2, "the files are held");
    let sealed: Vec<u8> = sqlx::query("SELECT values_sealed FROM held_forms")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("values_sealed")
        .unwrap();
    assert!(!String::from_utf8_lossy(&sealed).contains(ID_NO), "sealed");

    // Another visitor with the token finds nothing: the files are asked for again.
    let stranger = app.login_as(Role::WindowClerk).await;
    let claimed = post(
        &app,
        Some(&stranger),
        &[
            ("name", "李四"),
            ("id_no", ID_NO),
            ("phone", PHONE),
            ("held", &token),
            ("action", "submit"),
        ],
        &[],
    )
    .await;
    assert_eq!(claimed.status, 400);
    assert!(
        claimed.body.contains("请上传“申请人居民身份证”"),
        "{}",
        claimed.body
    );
    assert!(!claimed.body.contains("身份证.pdf"));

    // Fixed, sent without the ID number and the files: the case has both files.
    let done = post(
        &app,
        None,
        &[
            ("name", "张三丰"),
            ("id_no", ""),
            ("phone", PHONE),
            ("held", &token),
            ("action", "submit"),
        ],
        &[],
    )
    .await;
    let (number, _) = receipt(&done);
    let case_id = scalar(
        &app,
        &format!("SELECT id AS n FROM svc_cases WHERE number = '{number}'"),
    )
    .await;
    let files = sqlx::query(
        "SELECT label FROM attachments WHERE owner_kind = 'case' AND owner_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&app.platform.db.pool)
    .await
    .unwrap();
    let labels: Vec<String> = files.iter().map(|r| r.try_get("label").unwrap()).collect();
    assert_eq!(labels, ["申请人居民身份证", "近期二寸免冠彩色照片"]);
    let state: String = sqlx::query("SELECT state FROM svc_cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("state")
        .unwrap();
    assert_eq!(state.matches("Uploaded").count(), 2, "{state}");
    assert_eq!(scalar(&app, held).await, 0, "taken by the case");
    let holder = platform::held::Holder {
        form: "svc-apply:GZ-RS-0001",
        anchor: &app.token(None),
    };
    let found = platform::held::find(
        &app.platform.db,
        &app.platform.key,
        holder,
        &token,
        platform::db::now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(found, None, "the held form is gone with its values");
    // Used once: the token finds nothing now.
    let again = post(
        &app,
        None,
        &[
            ("name", "张三丰"),
            ("id_no", ID_NO),
            ("phone", PHONE),
            ("held", &token),
            ("action", "submit"),
        ],
        &[],
    )
    .await;
    assert_eq!(again.status, 400);
    assert_eq!(cases(&app).await, 1);
}

#[tokio::test]
async fn svc_no_resubmit_the_reuse_check_keeps_the_form_and_a_new_file_replaces_a_held_one() {
    let app = setup().await;
    let checked = post(
        &app,
        None,
        &[
            ("name", "张三丰"),
            ("id_no", ID_NO),
            ("phone", PHONE),
            ("action", "check"),
        ],
        &[("m_photo", "旧照片.png", PNG)],
    )
    .await;
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert!(checked.body.contains("id=\"code-sent\""));
    assert!(checked.body.contains("value=\"张三丰\""));
    assert!(checked.body.contains("已填写 110105********002X"));
    assert!(checked.body.contains("已填写 138****5678"));
    assert!(checked.body.contains("已选择：旧照片.png"));
    let token = held_token(&checked);
    // A new photo replaces the held one; the identity stays held.
    let replaced = post(
        &app,
        None,
        &[("name", "张三丰"), ("held", &token), ("action", "submit")],
        &[("m_photo", "新照片.png", PNG)],
    )
    .await;
    assert_eq!(replaced.status, 400);
    assert!(replaced.body.contains("已选择：新照片.png"));
    assert!(!replaced.body.contains("旧照片.png"));
    assert!(replaced.body.contains("请上传“申请人居民身份证”"));
    assert_eq!(held_token(&replaced), token, "the same held form");
    let held = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'held'";
    assert_eq!(scalar(&app, held).await, 1, "the old photo is gone");
    let done = post(
        &app,
        None,
        &[("name", "张三丰"), ("held", &token), ("action", "submit")],
        &[("m_id_card", "身份证.pdf", PDF)],
    )
    .await;
    receipt(&done);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'case'"
        )
        .await,
        2
    );
}

/// The supplement form (SVC-ACCEPT) forgives the same way: a refused answer names the file
/// next to its material and keeps the file that passed for the next answer.
#[tokio::test]
async fn svc_accept_a_refused_supplement_keeps_the_file_that_passed() {
    let app = setup().await;
    let applied = post(
        &app,
        None,
        &[
            ("name", "张三丰"),
            ("id_no", ID_NO),
            ("phone", PHONE),
            ("action", "submit"),
        ],
        &[("m_id_card", "a.pdf", PDF), ("m_photo", "b.png", PNG)],
    )
    .await;
    let (number, code) = receipt(&applied);
    let defect = |material: &str| services::case::MaterialDefect {
        material: material.into(),
        problem: "不清晰".into(),
    };
    crate::services_portal::run(
        &app,
        &number,
        services::case::Command::RequestSupplement {
            by: crate::services_portal::unit(&app, "gz-service").await,
            defects: vec![defect("申请人居民身份证"), defect("近期二寸免冠彩色照片")],
        },
    )
    .await;
    let files = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'case'";
    let before = scalar(&app, files).await;
    let fields = [("number", number.as_str()), ("code", code.as_str())];
    let refused = app
        .post_multipart(
            "/services/cases/supplement",
            None,
            &fields,
            &[
                ("m_id_card", "扫描件.exe", b"MZ\x90\0"),
                ("m_photo", "新照片.png", PNG),
            ],
        )
        .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .body
            .contains("申请人居民身份证（扫描件.exe）”的文件类型不允许"),
        "{}",
        refused.body
    );
    assert!(input(&refused, "m_id_card").contains("aria-invalid=\"true\""));
    assert!(
        refused
            .body
            .contains("id=\"m_photo-held\">已选择：新照片.png")
    );
    assert_eq!(
        scalar(&app, files).await,
        before,
        "nothing of the answer stored"
    );
    let token = held_token(&refused);
    let done = app
        .post_multipart(
            "/services/cases/supplement",
            None,
            &[
                ("number", number.as_str()),
                ("code", code.as_str()),
                ("held", token.as_str()),
            ],
            &[("m_id_card", "扫描件.pdf", PDF)],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        scalar(&app, files).await,
        before + 2,
        "both files are the case's"
    );
    let held = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'held'";
    assert_eq!(scalar(&app, held).await, 0);
}
