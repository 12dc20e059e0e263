//! Content safety at publishing on both backends (WEB-INSPECT, SEC-SECRET): the checker in
//! force is the defaults plus the stored lists and whitelist, rebuilt at once when they change;
//! a bad file is refused naming its row, nothing stored; an editor's false positive (忽略，误报)
//! with its reason lets that article through; secrecy marks cannot be ignored; every change is
//! audited.

use platform::Error;
use sites::article::Command;
use sites::check::ContentCheck as _;
use sites::usecase::{self, inspect};

use crate::world::{World, news_content, t0, worlds};

fn txt(name: &str, words: &str) -> Vec<u8> {
    format!("# 名称：{name} | 来源：测试下发通知 | 版本：2026-1\n{words}").into_bytes()
}

fn import<'a>(name: &'a str, bytes: &'a [u8]) -> inspect::ListImport<'a> {
    inspect::ListImport {
        name: "",
        source: "",
        version: "",
        origin: "issued",
        file_name: name,
        bytes,
    }
}

/// The words the checker in force finds in `text`.
async fn hits(w: &World, text: &str) -> Vec<String> {
    let checker = inspect::checker(&w.platform.db).await.unwrap();
    checker
        .check(text)
        .into_iter()
        .map(|f| f.word.into())
        .collect()
}

/// The editor submits `id` with `check`.
async fn submit(
    w: &World,
    id: sites::ArticleId,
    check: &sites::check::Inspected,
) -> platform::Result<(sites::article::Article, i64)> {
    let editor = &w.editor_a;
    let context = w.context(editor, t0());
    let db = &w.platform.db;
    usecase::execute_article(
        db,
        &context,
        &editor.acting,
        check,
        id,
        Command::Submit,
        None,
    )
    .await
}

fn invalid(result: platform::Result<impl std::fmt::Debug>) -> String {
    match result {
        Err(Error::Invalid(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// WEB-INSPECT: an imported list counts at once, a whitelist phrase silences it, removing the
/// phrase or deactivating the list takes effect at once; bad input is refused in Chinese with
/// the row named and nothing stored; every change is audited.
#[tokio::test]
async fn web_inspect_stored_lists_and_whitelist_take_effect_at_once() {
    for w in worlds().await {
        let db = &w.platform.db;
        let by = &w.office_leader;
        let context = w.context(by, t0());
        assert!(
            hits(&w, "清理乱收费项目").await.is_empty(),
            "{}",
            w.backend()
        );
        // A bad row: refused with its number, nothing stored.
        let long = "长".repeat(60);
        let bad = txt("坏词库", &format!("乱收费项目\n{long}\n"));
        let message = invalid(inspect::import_list(db, &context, import("bad.txt", &bad)).await);
        assert!(message.contains("第3行"), "{message}");
        let refused = invalid(inspect::import_list(db, &context, import("a.doc", &bad)).await);
        assert!(refused.contains("TXT 或 XLSX"), "{refused}");
        assert!(inspect::lists(db).await.unwrap().is_empty());
        // A good list: in force at once, with its source and version.
        let good = txt("测试词库", "乱收费项目\n老旧说法=>新说法\n");
        let id = inspect::import_list(db, &context, import("good.TXT", &good))
            .await
            .unwrap();
        let lists = inspect::lists(db).await.unwrap();
        assert_eq!(
            (
                lists[0].name.as_str(),
                lists[0].version.as_str(),
                lists[0].count
            ),
            ("测试词库", "2026-1", 2)
        );
        assert_eq!(hits(&w, "清理乱收费项目").await, ["乱收费项目"]);
        let checker = inspect::checker(db).await.unwrap();
        assert_eq!(
            checker.check("老旧说法")[0].correction.as_deref(),
            Some("新说法")
        );
        // The whitelist: added, a duplicate refused, removed.
        let phrase = inspect::add_phrase(db, &context, "清理乱收费项目")
            .await
            .unwrap();
        assert!(hits(&w, "清理乱收费项目").await.is_empty());
        let twice = invalid(inspect::add_phrase(db, &context, " 清理乱收费项目 ").await);
        assert!(twice.contains("已有"), "{twice}");
        let short = invalid(inspect::add_phrase(db, &context, "乱").await);
        assert!(short.contains("2至"), "{short}");
        inspect::remove_phrase(db, &context, phrase).await.unwrap();
        assert_eq!(hits(&w, "清理乱收费项目").await, ["乱收费项目"]);
        // Deactivated: no longer in force; twice refused.
        inspect::deactivate_list(db, &context, id).await.unwrap();
        assert!(hits(&w, "清理乱收费项目").await.is_empty());
        let again = invalid(inspect::deactivate_list(db, &context, id).await);
        assert!(again.contains("已停用"), "{again}");
        let audited = w
            .scalar("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'inspect.%'")
            .await;
        assert_eq!(audited, 4, "{}", w.backend());
    }
}

/// WEB-INSPECT, SEC-SECRET: an article naming an abolished institution is refused with the
/// correction; the editor's 忽略，误报 needs a reason, is audited and lets that article (only)
/// through; a secrecy mark is never ignorable.
#[tokio::test]
async fn web_inspect_a_false_positive_lets_the_article_through() {
    for w in worlds().await {
        let db = &w.platform.db;
        let editor = &w.editor_a;
        let context = w.context(editor, t0());
        let mut content = news_content("转发通知");
        content.body = "<p>根据国家工商行政管理总局的通知。</p><p>秘密★1年</p>".into();
        let (id, _) = w.draft(w.news, content.clone()).await;
        let check = inspect::check_for(db, id).await.unwrap();
        let findings = check.check(&content);
        let excerpt = findings[0].excerpt.clone().unwrap();
        assert_eq!(
            (
                excerpt.before.as_str(),
                excerpt.hit.as_str(),
                excerpt.after.as_str()
            ),
            ("根据", "国家工商行政管理总局", "的通知。")
        );
        let message = invalid(submit(&w, id, &check).await);
        assert!(message.contains("应为“国家市场监督管理总局”"), "{message}");
        let empty =
            invalid(inspect::ignore_hit(db, &context, id, "国家工商行政管理总局", " ").await);
        assert!(empty.contains("理由"), "{empty}");
        let secret = invalid(inspect::ignore_hit(db, &context, id, "秘密★", "误报").await);
        assert!(secret.contains("不能忽略"), "{secret}");
        inspect::ignore_hit(db, &context, id, "国家工商行政管理总局", "引用历史文件原文")
            .await
            .unwrap();
        // The secrecy mark still blocks (SEC-SECRET).
        let message = invalid(submit(&w, id, &inspect::check_for(db, id).await.unwrap()).await);
        assert!(message.contains("SEC-SECRET"), "{message}");
        assert!(!message.contains("国家工商"), "{message}");
        let ignored = inspect::ignored(db, id).await.unwrap();
        assert_eq!(ignored[0].reason, "引用历史文件原文");
        let audited = w
            .scalar("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inspect.ignore'")
            .await;
        assert_eq!(audited, 1, "{}", w.backend());
        // Another article with the same words is still refused.
        let (other, _) = w
            .draft(w.news, news_content("国家工商行政管理总局通知"))
            .await;
        let findings = inspect::check_for(db, other)
            .await
            .unwrap()
            .check(&news_content("国家工商行政管理总局通知"));
        assert_eq!(findings.len(), 1);
    }
}
