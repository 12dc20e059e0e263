//! Issue 14 item 11, last sentence (HL-RESULT, HL-PRIVACY): the lead unit's handler attaches
//! photos or PDFs of the rectification to the result. Each file is checked by its content (a
//! wrong type is refused with a Chinese message naming it, and nothing is stored — neither the
//! file nor the result); the files are stored with the command and shown with the result to
//! the hotline (operator, supervisor) and the lead unit, never to an assisting unit. A
//! refused result form (issue 14 item 3) shows every problem at once next to its field,
//! writes back what the handler wrote and chose, and holds the files that passed for the
//! corrected form (another session's token finds nothing). Both backends.

use axum::http::StatusCode;
use platform::roles::Role;

use crate::common::{TestApp, app_on};
use crate::hotline::between;
use crate::hotline_collab::{act, file_appeal, id_of, unit_id};

const PHOTO: &[u8] = b"\xFF\xD8\xFF\xE0 the kitchen with its new fume hood";
const PDF: &[u8] = b"%PDF-1.4\n% the rectification notice\n";

async fn result_files(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE owner_kind = 'order_result'")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
}

async fn status_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM hotline_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
}

async fn version_of(app: &TestApp, id: i64) -> String {
    let version: i64 = sqlx::query_scalar("SELECT version FROM hotline_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    version.to_string()
}

#[tokio::test]
async fn hl_result_the_lead_attaches_photos_shown_to_the_hotline_and_the_lead_only() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let filed = file_appeal(&app, "complaint_report", &[]).await;
        let id = id_of(&app, &filed).await;
        let operator = app.demo_session("operator").await;
        let (market, it) = (
            unit_id(&app, "gz-market").await,
            unit_id(&app, "gz-it").await,
        );
        let dispatch =
            format!("class=complaint_report&lead={market}&assisting={it}&lead_interested=no");
        let dispatched = act(&app, &operator, id, "dispatch", &dispatch).await;
        assert_eq!(
            dispatched.status,
            StatusCode::SEE_OTHER,
            "{}",
            dispatched.body
        );
        let handler = app.demo_session("handler").await;
        let assisting = app.login_as(Role::UnitHandler).await;
        for who in [&handler, &assisting] {
            assert_eq!(
                act(&app, who, id, "sign", "").await.status,
                StatusCode::SEE_OTHER
            );
        }
        let order = format!("/office/hotline/orders/{id}");
        let page = app.get(&order, Some(&handler)).await;
        let form = between(&page.body, &format!("action=\"{order}/result\""), "</form>");
        assert!(
            form.contains("enctype=\"multipart/form-data\"")
                && form.contains("type=\"file\" name=\"files\" multiple"),
            "the result form takes files: {form}"
        );
        let result = |version: String| {
            vec![
                ("version".to_owned(), version),
                ("handling".into(), "已现场检查".into()),
                ("process".into(), "责令安装油烟净化设备".into()),
                ("opinion".into(), "限期整改".into()),
                ("result".into(), "已安装油烟净化器".into()),
                ("appellant_view".into(), "basically_satisfied".into()),
            ]
        };
        let path = format!("{order}/result");

        // A wrong type: refused by name, in Chinese; nothing stored, the order unchanged.
        let audit = app.audit_seq().await;
        let fields = result(version_of(&app, id).await);
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let refused = app
            .post_multipart(
                &path,
                Some(&handler),
                &fields,
                &[
                    ("files", "整改后.jpg", PHOTO),
                    ("files", "整改说明.docx", b"PK\x03\x04 a word file"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(
            refused
                .body
                .contains("附件“整改说明.docx”的文件类型不允许，只接受 JPG、PNG、PDF"),
            "{}",
            refused.body
        );
        assert_eq!(result_files(&app).await, 0, "no file stored");
        assert_eq!(status_of(&app, id).await, "handling");
        assert_eq!(app.audit_seq().await, audit, "nothing recorded");
        // Issue 14 item 3: what was written comes back; the problem is next to the file
        // input, and the photo that passed is held on the server, shown as attached.
        let form = between(&refused.body, &format!("action=\"{path}\""), "</form>");
        for written in [
            "已现场检查",
            "责令安装油烟净化设备",
            "限期整改",
            "已安装油烟净化器",
        ] {
            assert!(form.contains(&format!(">{written}</textarea>")), "{form}");
        }
        assert!(
            form.contains("<option value=\"basically_satisfied\" selected>"),
            "{form}"
        );
        assert!(
            form.contains("id=\"result_files-error\">附件“整改说明.docx”的文件类型不允许")
                && form.contains("id=\"result_files-held\">已选择：整改后.jpg（")
                && form.contains(
                    "aria-invalid=\"true\" aria-describedby=\"result_files-error \
                     result_files-hint result_files-held\""
                ),
            "{form}"
        );
        assert!(
            refused.body.contains("<a href=\"#result_files\">"),
            "listed at the top with a link to the field"
        );
        let token = between(form, "name=\"held\" value=\"", "\"").to_owned();
        assert!(!token.is_empty(), "{form}");

        // Every problem at once, each next to its field; still nothing stored. Another
        // handler's session with the token finds nothing held.
        let other = app.demo_session("handler").await;
        let version = version_of(&app, id).await;
        let partial = [
            ("version", version.as_str()),
            ("handling", "已现场检查"),
            ("process", " "),
            ("opinion", "限期整改"),
            ("result", ""),
            ("appellant_view", ""),
            ("held", token.as_str()),
        ];
        let refused = app
            .post_multipart(
                &path,
                Some(&other),
                &partial,
                &[("files", "", b"not a photo")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        let top = between(&refused.body, "id=\"action-error\"", "</div>");
        assert!(top.contains("请修改以下 4 处"), "{top}");
        for (field, message) in [
            ("process", "办理过程不能为空"),
            ("result_text", "办理结果不能为空"),
            ("appellant_view", "请选择诉求人意见"),
            ("result_files", "附件“第 1 个文件”的文件类型不允许"),
        ] {
            assert!(
                top.contains(&format!("<a href=\"#{field}\">{message}")),
                "{field}: {top}"
            );
            assert!(
                refused
                    .body
                    .contains(&format!("id=\"{field}-error\">{message}")),
                "{field} next to its field"
            );
        }
        assert!(refused.body.contains(">已现场检查</textarea>"));
        assert!(
            !refused.body.contains("整改后.jpg")
                && refused.body.contains("name=\"held\" value=\"\""),
            "another session's token finds nothing"
        );
        assert_eq!(result_files(&app).await, 0);
        assert_eq!(status_of(&app, id).await, "handling");
        assert_eq!(app.audit_seq().await, audit, "nothing recorded");

        // The corrected form, sent with the PDF and without the photo held: both stored
        // with the command, the held photo first (its slot), the held form forgotten.
        let mut fields = result(version_of(&app, id).await);
        fields.push(("held".into(), token.clone()));
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let submitted = app
            .post_multipart(
                &path,
                Some(&handler),
                &fields,
                &[("files", "通知书.pdf", PDF)],
            )
            .await;
        assert_eq!(
            submitted.status,
            StatusCode::SEE_OTHER,
            "{}",
            submitted.body
        );
        assert_eq!(result_files(&app).await, 2);
        assert_eq!(status_of(&app, id).await, "result_submitted");
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM held_forms")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap();
        assert_eq!(held, 0, "the held form is forgotten");

        let file: i64 =
            sqlx::query_scalar("SELECT MIN(id) FROM attachments WHERE owner_kind = 'order_result'")
                .fetch_one(&app.platform.db.pool)
                .await
                .unwrap();
        let download = format!("{order}/files/{file}");
        let supervisor = app.demo_session("supervisor").await;
        let leader = app.demo_session("leader").await;
        for who in [&operator, &supervisor, &handler, &leader] {
            let page = app.get(&order, Some(who)).await;
            let files = between(&page.body, "id=\"result-files\">", "</p>");
            assert!(
                files.contains("办理结果附件1.jpg") && files.contains("办理结果附件2.pdf"),
                "{files}"
            );
            assert!(!files.contains("整改后"), "labelled, never named: {files}");
            let got = app.get(&download, Some(who)).await;
            assert_eq!(got.status, StatusCode::OK, "{}", got.body);
        }
        // The assisting unit sees the order and the result's words, not its files.
        let page = app.get(&order, Some(&assisting)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("已安装油烟净化器"));
        assert!(
            !page.body.contains("result-files") && !page.body.contains("办理结果附件"),
            "{}",
            page.body
        );
        let got = app.get(&download, Some(&assisting)).await;
        assert_eq!(got.status, StatusCode::NOT_FOUND);
    }
}
