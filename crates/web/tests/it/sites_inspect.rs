//! Content safety at publishing by HTTP (issue 19, WEB-INSPECT, SEC-SECRET), on both backends:
//! an article naming an abolished institution is refused with the correction shown and the hit
//! marked in red in its sentence; the editor's 忽略，误报 with a reason lets it through; the
//! security administrator's imported list takes effect at once, a bad file is refused naming
//! its row, the whitelist silences a phrase; other roles are refused.

use axum::http::StatusCode;
use platform::roles::Role;

use crate::common::app_on;
use crate::sites_articles::{act, draft};
use crate::sites_office_world::{People, column, encode, id_in, open_site, staff};

/// WEB-INSPECT: refused with the correction and the hit marked; 忽略，误报 lets it through.
#[tokio::test]
async fn web_inspect_a_hit_is_marked_refused_and_a_false_positive_lets_it_through() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let news = column(&app, &p, site, "news", "工作动态").await;
        let fields = [
            ("title", "转发通知"),
            ("source", "区教育局"),
            ("body", "根据<国家工商行政管理总局>的通知。"),
        ];
        let created = draft(&app, &p.editor_a, news, &fields, &[]).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let id = id_in(&created);
        let path = format!("/office/sites/articles/{id}");
        let page = app.get(&path, Some(&p.editor_a)).await;
        assert!(
            page.body
                .contains("<mark class=\"hit\">国家工商行政管理总局</mark>"),
            "{}",
            page.body
        );
        assert!(page.body.contains("建议：应为“国家市场监督管理总局”"));
        assert!(page.body.contains(&format!("action=\"{path}/ignore\"")));
        let refused = act(&app, &p.editor_a, id, "submit", &[]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("应为“国家市场监督管理总局”"));
        // No reason: refused in Chinese, nothing changes.
        let word = ("word", "国家工商行政管理总局");
        let ignore = format!("{path}/ignore");
        let empty = app
            .post(&ignore, Some(&p.editor_a), &encode(&[word, ("reason", "")]))
            .await;
        assert!(empty.body.contains("请填写误报理由"), "{}", empty.body);
        let done = app
            .post(
                &ignore,
                Some(&p.editor_a),
                &encode(&[word, ("reason", "引用历史文件原文")]),
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let page = app.get(&path, Some(&p.editor_a)).await;
        assert!(page.body.contains("id=\"check-ignored\""));
        assert!(!page.body.contains("id=\"check-findings\""));
        let taken = act(&app, &p.editor_a, id, "submit", &[]).await;
        assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    }
}

/// WEB-INSPECT: an imported list takes effect at once; a bad row is named; the whitelist;
/// deactivation; only the security administrator reaches the page.
#[tokio::test]
async fn web_inspect_an_imported_list_takes_effect_at_once() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let news = column(&app, &p, site, "news", "工作动态").await;
        let security = staff(&app, "gz-it", &[Role::SecurityAdmin]).await;
        let lists = "/office/inspect/lists";
        let denied = app.get(lists, Some(&p.publisher)).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        let form = [
            ("name", "上级下发词库"),
            ("source", "市网信办通知"),
            ("version", "2026-12"),
            ("origin", "issued"),
        ];
        let long = format!("好词\n{}\n", "长".repeat(60));
        let files = [("file", "words.txt", long.as_bytes())];
        let bad = app
            .post_multipart(lists, Some(&security), &form, &files)
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("第2行"), "{}", bad.body);
        let good = "乱收费项目\n".as_bytes();
        let files = [("file", "words.txt", good)];
        let imported = app
            .post_multipart(lists, Some(&security), &form, &files)
            .await;
        assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
        let page = app.get(lists, Some(&security)).await;
        assert!(page.body.contains("上级下发词库") && page.body.contains("市网信办通知"));
        let home = app.get("/office", Some(&security)).await;
        assert!(home.body.contains("href=\"/office/inspect/lists\""));
        // At once: a draft with the word shows the hit.
        let fields = [
            ("title", "通知"),
            ("source", "区教育局"),
            ("body", "坚决清理乱收费项目。"),
        ];
        let id = id_in(&draft(&app, &p.editor_a, news, &fields, &[]).await);
        let path = format!("/office/sites/articles/{id}");
        let article = app.get(&path, Some(&p.editor_a)).await;
        assert!(
            article
                .body
                .contains("<mark class=\"hit\">乱收费项目</mark>"),
            "{}",
            article.body
        );
        // The whitelist silences the phrase at once.
        let added = app
            .post(
                "/office/inspect/whitelist",
                Some(&security),
                &encode(&[("phrase", "清理乱收费项目")]),
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let article = app.get(&path, Some(&p.editor_a)).await;
        assert!(!article.body.contains("id=\"check-findings\""));
        let taken = act(&app, &p.editor_a, id, "submit", &[]).await;
        assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    }
}

/// An XLSX of `rows` (column A the word, column B the correction).
fn xlsx(rows: &[(&str, &str)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, (word, correction)) in rows.iter().enumerate() {
        sheet.write_string(row as u32, 0, *word).unwrap();
        if !correction.is_empty() {
            sheet.write_string(row as u32, 1, *correction).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// WEB-INSPECT: an XLSX list with a correction is imported and its wrong expression found with
/// the correction at once; a bad row of an XLSX is named; deactivating the list lifts it.
#[tokio::test]
async fn web_inspect_an_xlsx_list_with_corrections_and_its_deactivation() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let news = column(&app, &p, site, "news", "工作动态").await;
        let security = staff(&app, "gz-it", &[Role::SecurityAdmin]).await;
        let lists = "/office/inspect/lists";
        let form = [
            ("name", "本地词库"),
            ("source", "区政府办"),
            ("version", "1"),
            ("origin", "local"),
        ];
        let long = "长".repeat(60);
        let bad = xlsx(&[("旧称谓", "新称谓"), (long.as_str(), "")]);
        let files = [("file", "词库.xlsx", bad.as_slice())];
        let refused = app
            .post_multipart(lists, Some(&security), &form, &files)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("第2行"), "{}", refused.body);
        let good = xlsx(&[("旧称谓", "新称谓")]);
        let files = [("file", "词库.xlsx", good.as_slice())];
        let imported = app
            .post_multipart(lists, Some(&security), &form, &files)
            .await;
        assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
        let fields = [
            ("title", "通知"),
            ("source", "区教育局"),
            ("body", "旧称谓不再使用。"),
        ];
        let id = id_in(&draft(&app, &p.editor_a, news, &fields, &[]).await);
        let path = format!("/office/sites/articles/{id}");
        let page = app.get(&path, Some(&p.editor_a)).await;
        assert!(page.body.contains("建议：应为“新称谓”"), "{}", page.body);
        let list: i64 = crate::sites_office_world::scalar(
            &app,
            "SELECT MAX(id) AS n FROM inspect_lists WHERE id > $1",
            0,
        )
        .await;
        let off = app
            .post(&format!("{lists}/{list}/deactivate"), Some(&security), "")
            .await;
        assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.body);
        let page = app.get(&path, Some(&p.editor_a)).await;
        assert!(!page.body.contains("id=\"check-findings\""));
        let listed = app.get(lists, Some(&security)).await;
        assert!(listed.body.contains("已停用"));
    }
}
