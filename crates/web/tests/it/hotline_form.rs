//! Issue 14 item 3 through HTTP on the 12345 form (HL-REGISTER): every problem comes at once,
//! each next to its field (`aria-invalid`, `aria-describedby`, the list above linking to it);
//! an attachment's problem names the file; nothing given is lost — the texts are written
//! back, the phone and the files that passed are held sealed on the server
//! (`platform::held`) and shown masked or as already attached, so that the corrected form is
//! sent without them and the appeal has the files; a file chosen again under its name
//! replaces the held one; another visitor's token finds nothing. HL-REPLY and HL-CALLBACK: the
//! phone is asked for, with the number keypad. Nothing is stored while the form is refused.
//! Both backends.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp, app_on};
use crate::hotline::between;

const PHOTO: &[u8] = b"\xFF\xD8\xFF\xE0 photo of the broken lamp";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a sharper photo";
const PDF: &[u8] = b"%PDF-1.4\n% the shop's receipt\n";
const PHONE: &str = "13966605678";

async fn post(
    app: &TestApp,
    client: Option<&Client>,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Answer {
    app.post_multipart("/hotline", client, fields, files).await
}

/// A complaint as a citizen types it, with `content`, `phone` and the held token.
fn fields<'a>(content: &'a str, phone: &'a str, held: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("category", "complaint_report"),
        ("content", content),
        ("location", "甘州区东街街道南关小区"),
        ("name", "标记人丁"),
        ("phone", phone),
        ("address", "南关小区3号楼"),
        ("held", held),
    ]
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn appeals(app: &TestApp) -> i64 {
    scalar(app, "SELECT COUNT(*) AS n FROM hotline_appeals").await
}

const HELD_FILES: &str = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'held'";

/// The opening tag of the element whose id is `id`.
fn tag<'a>(answer: &'a Answer, id: &str) -> &'a str {
    let at = answer
        .body
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id}"));
    let start = answer.body[..at].rfind('<').unwrap();
    let end = at + answer.body[at..].find('>').unwrap();
    &answer.body[start..=end]
}

/// The token of what the server holds, from the page's hidden field.
fn held_token(answer: &Answer) -> String {
    between(&answer.body, "name=\"held\" value=\"", "\"").to_owned()
}

/// The labels, kinds and owner of the files of the appeal numbered on `answer`.
async fn files_of(app: &TestApp, answer: &Answer) -> Vec<(String, String)> {
    let number = between(&answer.body, "id=\"appeal-number\">", "<");
    let id: i64 = sqlx::query_scalar("SELECT id FROM hotline_appeals WHERE number = $1")
        .bind(number)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "SELECT label, kind FROM attachments WHERE owner_kind = 'appeal' AND owner_id = $1 \
         ORDER BY label",
    )
    .bind(id)
    .fetch_all(&app.platform.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| (row.try_get("label").unwrap(), row.try_get("kind").unwrap()))
    .collect()
}

#[tokio::test]
async fn hl_register_every_problem_of_the_form_at_once_each_next_to_its_field() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let audit = app.audit_seq().await;
        let form = app.get("/hotline", None).await;
        let phone = tag(&form, "phone");
        assert!(
            phone.contains("type=\"tel\"")
                && phone.contains("inputmode=\"tel\"")
                && phone.contains(" required"),
            "the phone brings up the number keypad and is asked for: {phone}"
        );
        let refused = post(
            &app,
            None,
            &[
                ("category", "nonsense"),
                ("content", ""),
                ("location", " "),
                ("name", "标记人丁"),
                ("phone", "12345"),
                ("address", "南关小区3号楼"),
                ("private", "1"),
                ("publish", "1"),
            ],
            &[("attachments", "病毒.exe", b"MZ\x90\0 a program")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused.body.contains("请修改以下 6 处后再提交"),
            "{}",
            refused.body
        );
        for (field, message) in [
            ("category", "未知的诉求类别"),
            ("content", "诉求内容不能为空"),
            ("location", "诉求地点不能为空"),
            ("phone", "电话号码格式不正确"),
            (
                "attachments",
                "附件“病毒.exe”的文件类型不允许，只接受 JPG、PNG、PDF",
            ),
            ("publish", "不能同时同意公开诉求内容"),
        ] {
            let error = between(&refused.body, &format!("id=\"{field}-error\">"), "</p>");
            assert!(error.contains(message), "{field}: {error}");
            let tag = tag(&refused, field);
            assert!(tag.contains("aria-invalid=\"true\""), "{tag}");
            assert!(tag.contains(&format!("{field}-error")), "{tag}");
            assert!(
                refused.body.contains(&format!("<a href=\"#{field}\">")),
                "the list links to {field}"
            );
        }
        assert!(
            tag(&refused, "attachments").contains("attachments-hint"),
            "the hint still describes the file input"
        );
        // What was typed is written back, but for the phone.
        assert!(tag(&refused, "name").contains("value=\"标记人丁\""));
        assert!(tag(&refused, "address").contains("value=\"南关小区3号楼\""));
        assert!(!tag(&refused, "phone").contains("value="));
        assert!(tag(&refused, "publish").contains(" checked"));
        // An empty phone is asked for, for the reply and the callback.
        let no_phone = post(&app, None, &fields("路灯不亮", "", ""), &[]).await;
        assert_eq!(no_phone.status, StatusCode::BAD_REQUEST);
        let error = between(&no_phone.body, "id=\"phone-error\">", "</p>");
        assert!(error.contains("请填写联系电话"), "{error}");
        assert_eq!(appeals(&app).await, 0, "nothing stored");
        assert_eq!(scalar(&app, HELD_FILES).await, 0, "nothing passed to hold");
        let forms = "SELECT COUNT(*) AS n FROM held_forms";
        assert_eq!(scalar(&app, forms).await, 0, "nor an empty held form");
        assert_eq!(app.audit_seq().await, audit, "a refusal is not audited");
    }
}

#[tokio::test]
async fn hl_register_a_form_error_keeps_the_phone_and_the_files_for_the_corrected_form() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let audit = app.audit_seq().await;
        // One bad field (the content left empty) and two good files.
        let refused = post(
            &app,
            None,
            &fields("", PHONE, ""),
            &[
                ("attachments", "现场.jpg", PHOTO),
                ("attachments", "收据.pdf", PDF),
            ],
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("id=\"content-error\""));
        assert!(!refused.body.contains("id=\"phone-error\""));
        let held = between(&refused.body, "id=\"attachments-held\">", "</p>");
        assert!(
            held.contains("现场.jpg") && held.contains("收据.pdf"),
            "the files are shown as already attached: {held}"
        );
        assert!(
            refused.body.contains("已填写 139****5678"),
            "the phone held, masked"
        );
        assert!(!refused.body.contains(PHONE), "never the phone in clear");
        let phone = tag(&refused, "phone");
        assert!(phone.contains("phone-held") && !phone.contains("required"));
        assert!(tag(&refused, "attachments").contains("attachments-held"));
        assert!(tag(&refused, "location").contains("value=\"甘州区东街街道南关小区\""));
        let token = held_token(&refused);
        assert_eq!(token.len(), 64);
        assert_eq!(appeals(&app).await, 0, "nothing of the appeal stored");
        assert_eq!(app.audit_seq().await, audit, "a refusal is not audited");
        assert_eq!(scalar(&app, HELD_FILES).await, 2, "the files are held");
        let sealed: Vec<u8> = sqlx::query("SELECT values_sealed FROM held_forms")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("values_sealed")
            .unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains(PHONE), "sealed");

        // Another visitor with the token gets nothing: neither the files nor the phone.
        let stranger = app.login_as(Role::WindowClerk).await;
        let seen = post(&app, Some(&stranger), &fields("", "", &token), &[]).await;
        assert_eq!(seen.status, StatusCode::BAD_REQUEST);
        assert!(!seen.body.contains("现场.jpg") && !seen.body.contains("139****"));
        assert!(seen.body.contains("id=\"phone-error\""), "{}", seen.body);
        let theirs = post(
            &app,
            Some(&stranger),
            &fields("路灯不亮", "13800005555", &token),
            &[],
        )
        .await;
        assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
        assert!(
            files_of(&app, &theirs).await.is_empty(),
            "no file of another"
        );
        assert_eq!(
            scalar(&app, HELD_FILES).await,
            2,
            "still held for its visitor"
        );

        // Fixed, sent without the phone and the files: the appeal has both files.
        let done = post(&app, None, &fields("东街路灯不亮已经一周", "", &token), &[]).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(
            files_of(&app, &done).await,
            [
                ("附件1".into(), "jpg".into()),
                ("附件2".into(), "pdf".into())
            ]
        );
        assert_eq!(scalar(&app, HELD_FILES).await, 0, "taken by the appeal");
        let number = between(&done.body, "id=\"appeal-number\">", "<");
        let lookup: Option<String> =
            sqlx::query_scalar("SELECT phone_lookup FROM hotline_appeals WHERE number = $1")
                .bind(number)
                .fetch_one(&app.platform.db.pool)
                .await
                .unwrap();
        assert_eq!(
            lookup,
            Some(app.platform.key.lookup_hash(PHONE)),
            "the held phone is the appellant's"
        );
        let holder = platform::held::Holder {
            form: "hotline-appeal",
            anchor: &app.token(None),
        };
        let now = platform::db::now_ms();
        let found = platform::held::find(&app.platform.db, &app.platform.key, holder, &token, now)
            .await
            .unwrap();
        assert_eq!(found, None, "the held form is gone with its phone");
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) AS n FROM held_forms").await,
            0
        );
    }
}

#[tokio::test]
async fn hl_register_a_file_chosen_again_replaces_the_held_one_and_another_is_added() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let first = post(
            &app,
            None,
            &fields("", PHONE, ""),
            &[
                ("attachments", "现场.jpg", PHOTO),
                ("attachments", "收据.pdf", PDF),
            ],
        )
        .await;
        let token = held_token(&first);
        // Still refused (the content), with 现场.jpg chosen again (a PNG now), a new file and
        // a bad one: the bad one is named, the others held.
        let second = post(
            &app,
            None,
            &fields("", "", &token),
            &[
                ("attachments", "现场.jpg", PNG),
                ("attachments", "门牌.pdf", PDF),
                ("attachments", "说明.txt", b"plain text"),
            ],
        )
        .await;
        assert_eq!(second.status, StatusCode::BAD_REQUEST);
        let error = between(&second.body, "id=\"attachments-error\">", "</p>");
        assert!(error.contains("说明.txt"), "{error}");
        let held = between(&second.body, "id=\"attachments-held\">", "</p>");
        assert!(
            held.contains("现场.jpg") && held.contains("收据.pdf") && held.contains("门牌.pdf"),
            "{held}"
        );
        assert_eq!(
            held.matches("现场.jpg").count(),
            1,
            "replaced, not added: {held}"
        );
        assert_eq!(held_token(&second), token, "the same held form");
        assert_eq!(scalar(&app, HELD_FILES).await, 3);
        let done = post(&app, None, &fields("东街路灯不亮", "", &token), &[]).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(
            files_of(&app, &done).await,
            [
                ("附件1".into(), "png".into()),
                ("附件2".into(), "pdf".into()),
                ("附件3".into(), "pdf".into())
            ]
        );
        assert_eq!(scalar(&app, HELD_FILES).await, 0);
    }
}
