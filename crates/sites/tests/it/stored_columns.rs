//! Columns stored, on both backends (WEB-COLUMNS): opened by the site's administrators with a
//! responsible unit and two different A/B editors holding the editor's role, moved only where
//! the tree stays a tree, a special column taking articles once the supervising unit's leader
//! approved it, archived without losing its pages; every refusal changes nothing.

use sites::column::ColumnKind;
use sites::usecase::{self, ColumnInput, read};

use crate::world::{World, news_content, t0, worlds};

fn input(w: &World, name: &str, kind: ColumnKind) -> ColumnInput {
    ColumnInput {
        parent: None,
        name: name.into(),
        kind,
        responsible_unit: w.edu,
        editor_a: Some(w.editor_a.acting.user),
        editor_b: Some(w.editor_b.acting.user),
        special_opened_by: None,
        position: 0,
    }
}

/// WEB-COLUMNS: a stranger, equal A/B editors or an editor without the role are refused, each
/// with its message, and no column is added.
#[tokio::test]
async fn web_columns_only_administrators_open_columns_with_two_real_editors() {
    for w in worlds().await {
        let db = &w.platform.db;
        let before = w.scalar("SELECT COUNT(*) AS n FROM site_columns").await;
        let by = &w.editor_a;
        let stranger = usecase::create_column(
            db,
            &w.context(by, t0()),
            &by.acting,
            w.dept,
            input(&w, "越权栏目", ColumnKind::News),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(stranger.contains("可以管理栏目"), "{stranger}");
        let by = &w.publisher;
        let mut same = input(&w, "同一人", ColumnKind::News);
        same.editor_b = same.editor_a;
        let error = usecase::create_column(db, &w.context(by, t0()), &by.acting, w.dept, same)
            .await
            .unwrap_err()
            .to_string();
        assert!(error.contains("A岗和B岗应由不同人员担任"), "{error}");
        let mut no_role = input(&w, "无角色", ColumnKind::News);
        no_role.editor_b = Some(w.reviewer.acting.user);
        let error = usecase::create_column(db, &w.context(by, t0()), &by.acting, w.dept, no_role)
            .await
            .unwrap_err()
            .to_string();
        assert!(error.contains("B岗编辑应为在用的网站编辑账号"), "{error}");
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM site_columns").await,
            before
        );
    }
}

/// WEB-COLUMNS: a child column reads under its parent; moving the parent under its child is
/// refused; archiving keeps the pages readable and stops new drafts.
#[tokio::test]
async fn web_columns_the_tree_stays_a_tree_and_an_archived_column_keeps_its_pages() {
    for w in worlds().await {
        let db = &w.platform.db;
        let by = &w.publisher;
        let mut child = input(&w, "学校动态", ColumnKind::News);
        child.parent = Some(w.news);
        let child = usecase::create_column(db, &w.context(by, t0()), &by.acting, w.dept, child)
            .await
            .unwrap();
        let tree = read::column_tree(db, w.dept).await.unwrap();
        assert_eq!(tree.path(child).len(), 2);
        let mut cycle = input(&w, "教育动态", ColumnKind::News);
        cycle.parent = Some(child);
        let error = usecase::edit_column(db, &w.context(by, t0()), &by.acting, w.news, cycle, 1)
            .await
            .unwrap_err()
            .to_string();
        assert!(error.contains("不能"), "{error}");
        let page = w.published(w.news, news_content("开学第一课")).await;
        usecase::archive_column(db, &w.context(by, t0()), &by.acting, w.news, 1)
            .await
            .unwrap();
        assert!(read::published_article(db, page).await.unwrap().is_some());
        let editor = &w.editor_a;
        let refused = usecase::create_draft(
            db,
            &w.context(editor, t0()),
            &editor.acting,
            w.news,
            news_content("归档后"),
            false,
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(refused.contains("已归档"), "{refused} ({})", w.backend());
    }
}

async fn draft(w: &World, column: sites::ColumnId) -> platform::Result<(sites::ArticleId, i64)> {
    let editor = &w.editor_a;
    let context = w.context(editor, t0());
    let content = news_content("专题稿件");
    usecase::create_draft(
        &w.platform.db,
        &context,
        &editor.acting,
        column,
        content,
        false,
    )
    .await
}

/// WEB-COLUMNS (000 门户 §22): a special column takes articles only once a leader of the
/// supervising unit approved its opening.
#[tokio::test]
async fn web_columns_a_special_column_takes_articles_once_approved() {
    for w in worlds().await {
        let db = &w.platform.db;
        let by = &w.publisher;
        let mut special = input(&w, "双减专题", ColumnKind::Special);
        special.special_opened_by = Some(w.edu);
        let id = usecase::create_column(db, &w.context(by, t0()), &by.acting, w.dept, special)
            .await
            .unwrap();
        let refused = draft(&w, id).await.unwrap_err().to_string();
        assert!(refused.contains("须经区政府办公室审核同意"), "{refused}");
        let wrong = usecase::approve_special_column(db, &w.context(by, t0()), &by.acting, id, 1)
            .await
            .unwrap_err()
            .to_string();
        assert!(wrong.contains("主管单位"), "{wrong}");
        let leader = &w.office_leader;
        usecase::approve_special_column(db, &w.context(leader, t0()), &leader.acting, id, 1)
            .await
            .unwrap();
        draft(&w, id).await.unwrap();
        assert_eq!(
            w.scalar(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sites.column.approve_special'"
            )
            .await,
            1,
            "{}",
            w.backend()
        );
    }
}
