//! Issue 15's last WEB rows by HTTP, on both backends: WEB-MAP (the editor marks a map; the
//! draft is not submitted without its 审图号, which the public page then shows), WEB-REPOST (a
//! source off the licensed list refused with nothing stored; the source shown as 来源) and
//! WEB-ACCOUNT (a withdrawal for an error raises the unit's record; its leaders and the site
//! group's administrators see it, nobody else; only the unit's principal files the 书面检查,
//! once, which closes it).

use axum::http::StatusCode;
use calendar::Instant;
use platform::roles::Role;
use sites::article::AccountKind;

use crate::common::{Answer, app_on};
use crate::sites_articles::{act, draft};
use crate::sites_office_world::{encode, id_in, scalar, version};
use crate::sites_submissions::{session_by_name, staff_in};
use crate::sites_world::{SiteWorld, news};

fn taken(answer: &Answer) {
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
}

/// WEB-MAP, WEB-REPOST: a repost from an unlicensed source is refused (nothing stored); a map
/// without its 审图号 is not submitted; with it, the public page shows the 审图号 beside the map
/// notice and the repost's source.
#[tokio::test]
async fn web_map_web_repost_the_editor_marks_and_the_public_page_shows_them() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let w = SiteWorld::new(&app).await;
        let editor = session_by_name(&app, "t.edu.a").await;
        let reviewer = session_by_name(&app, "t.edu.reviewer").await;
        let publisher = session_by_name(&app, "publisher").await;
        let today = Instant::from_millis(platform::db::now_ms())
            .local_date()
            .to_string();
        let fields = |source: &'static str, approval: &'static str| {
            vec![
                ("title", "转载：全国防汛工作会议召开"),
                ("source", "区教育局"),
                ("body", "会议正文。"),
                ("has_map", "yes"),
                ("map_approval", approval),
                ("is_repost", "yes"),
                ("repost_source", source),
                ("repost_notice_date", today.as_str()),
                ("repost_notice_time", "00:00"),
            ]
        };
        let column = w.news.0;
        let before = scalar(
            &app,
            "SELECT COUNT(*) AS n FROM site_articles WHERE id > $1",
            0,
        )
        .await;
        let refused = draft(&app, &editor, column, &fields("某某自媒体", ""), &[]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("WEB-REPOST"), "{}", refused.body);
        let after = scalar(
            &app,
            "SELECT COUNT(*) AS n FROM site_articles WHERE id > $1",
            0,
        )
        .await;
        assert_eq!(before, after);
        let bad = draft(&app, &editor, column, &fields("新华社", "12号"), &[]).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("WEB-MAP"), "{}", bad.body);
        let created = draft(&app, &editor, column, &fields("新华社", ""), &[]).await;
        taken(&created);
        let id = id_in(&created);
        let page = app
            .get(&format!("/office/sites/articles/{id}"), Some(&editor))
            .await;
        assert!(page.body.contains("尚未填写审图号"), "{}", page.body);
        let early = act(&app, &editor, id, "submit", &[]).await;
        assert_eq!(early.status, StatusCode::BAD_REQUEST);
        assert!(early.body.contains("审图号"));
        let v = version(&app, "site_articles", id).await;
        let mut edit = fields("新华社", "GS(2024)1234号");
        edit.push(("version", v.as_str()));
        let path = format!("/office/sites/articles/{id}/edit");
        taken(&app.post_multipart(&path, Some(&editor), &edit, &[]).await);
        taken(&act(&app, &editor, id, "submit", &[]).await);
        taken(&act(&app, &reviewer, id, "review", &[("opinion", "同意")]).await);
        taken(&act(&app, &publisher, id, "publish", &[]).await);
        let public = app
            .get(&format!("/sites/6207020003/articles/{id}"), None)
            .await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(
            public.body.contains("审图号：GS(2024)1234号"),
            "{}",
            public.body
        );
        assert!(public.body.contains("来源：新华社"), "{}", public.body);
    }
}

/// WEB-ACCOUNT: the publisher withdraws a published article for an error; the record names
/// the column's unit; its leader and the portal's administrators see it, a leader of another
/// unit sees none and cannot file it (404), an editor is refused the page; the unit's leader
/// files the 书面检查 (empty refused), once, and the record is closed.
#[tokio::test]
async fn web_account_a_withdrawal_for_an_error_is_examined_by_the_units_principal() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let w = SiteWorld::new(&app).await;
        let id = w.publish(w.news, news("有误的通知")).await;
        let publisher = session_by_name(&app, "publisher").await;
        let withdraw = [("reason", "发布日期有误"), ("error", "1")];
        taken(&act(&app, &publisher, id.0, "withdraw", &withdraw).await);
        let records = sites::store::accountability::list(&app.platform.db, None)
            .await
            .unwrap();
        assert_eq!(records.len(), 1);
        let record = &records[0];
        assert_eq!((record.kind, record.unit), (AccountKind::Error, w.edu));
        let leader = session_by_name(&app, "t.edu.leader").await;
        let office = session_by_name(&app, "t.office.leader").await;
        let editor = session_by_name(&app, "t.edu.a").await;
        let stranger = staff_in(&app, "gz-housing", Role::UnitLeader, "t.acc.housing").await;
        let page = "/office/sites/accountability";
        let action = format!("/office/sites/accountability/{}/examine", record.id);
        let own = app.get(page, Some(&leader)).await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(own.body.contains("发布日期有误") && own.body.contains(&action));
        assert!(own.body.contains("网站问责记录"));
        let admin = app.get(page, Some(&office)).await;
        assert!(admin.body.contains("发布日期有误") && !admin.body.contains(&action));
        let other = app.get(page, Some(&stranger)).await;
        assert_eq!(other.status, StatusCode::OK);
        assert!(!other.body.contains("发布日期有误"));
        assert_eq!(
            app.get(page, Some(&editor)).await.status,
            StatusCode::FORBIDDEN
        );
        let v = record.version.to_string();
        let form = |text: &str| encode(&[("version", v.as_str()), ("examination", text)]);
        let foreign = app.post(&action, Some(&stranger), &form("检查")).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
        let empty = app.post(&action, Some(&leader), &form("  ")).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert!(empty.body.contains("书面检查"));
        let text = "我局审核把关不严，致发布日期有误，已整改并加强三审三校。";
        taken(&app.post(&action, Some(&leader), &form(text)).await);
        let closed = app.get(page, Some(&office)).await;
        assert!(closed.body.contains(text) && closed.body.contains("已关闭"));
        let again = app.post(&action, Some(&leader), &form(text)).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'sites.accountability.%' AND $1 = 0";
        assert_eq!(scalar(&app, audited, 0).await, 2);
    }
}
