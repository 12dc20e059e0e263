//! The site inspector's findings as work, on both backends (WEB-INSPECT, WEB-NOADS): a crawl's
//! findings are stored once (seen again moves `last_seen`), each new one a task of the unit
//! responsible for the page — its column's unit, else the site's host unit — with the
//! profile's fix clock on the kernel and in that unit's workbench; the unit marks it fixed,
//! and it closes only when a complete re-check no longer finds it (still there: open again);
//! a reviewer marks a word hit a false positive, audited, and its phrase joins the whitelist.

use platform::Error;
use platform::roles::Role;
use platform::workflow::{Registry, workbench};
use sites::column::ColumnKind;
use sites::inspection::finding::{Command, FindingId, Status};
use sites::inspection::{FINDING_SUBJECT, store, usecase};

use crate::world::{Staff, World, t0, worlds};

fn seen(kind: &str, url: &str, detail: &str) -> usecase::Seen {
    usecase::Seen {
        kind: kind.into(),
        url: url.into(),
        detail: detail.into(),
    }
}

async fn id_of(w: &World, kind: &str) -> FindingId {
    FindingId(
        w.scalar(&format!(
            "SELECT MIN(id) AS n FROM inspect_findings WHERE kind = '{kind}'"
        ))
        .await,
    )
}

async fn status(w: &World, id: FindingId) -> Status {
    store::get(&w.platform.db, id).await.unwrap().finding.status
}

async fn run(w: &World, by: &Staff, id: FindingId, command: Command) -> platform::Result<Status> {
    let context = w.context(by, t0());
    usecase::execute(&w.platform.db, &context, &by.acting, id, command, None)
        .await
        .map(|(finding, _)| finding.status)
}

/// WEB-INSPECT: findings become the responsible unit's tasks with the profile's clock, and
/// close only on a complete re-check that no longer finds them.
#[tokio::test]
async fn web_inspect_findings_are_the_units_tasks_and_close_only_when_a_recheck_no_longer_finds_them()
 {
    for w in worlds().await {
        let db = &w.platform.db;
        let context = w.context(&w.publisher, t0());
        // A column of the portal kept by the bureau: its page's finding goes to the bureau.
        let column = w.column(w.portal, "教育专栏", ColumnKind::News).await;
        let base = "http://www.gsgz.gov.cn";
        let crawl = vec![
            seen(
                "wrong-word",
                &format!("{base}/w.html"),
                "错误表述“国土资源部”，应为“自然资源部”",
            ),
            seen(
                "privacy-id-number",
                &format!("{base}/p.html"),
                "身份证号 620702********1238",
            ),
            seen(
                "broken-link",
                &format!("{base}/columns/{}", column.0),
                "/gone.html（HTTP 404）",
            ),
            seen("unreadable", &format!("{base}/x.html"), "无法读取"),
        ];
        let first = usecase::record_crawl(db, &context, w.portal, w.office, &crawl, true)
            .await
            .unwrap();
        assert_eq!(
            first.new,
            3,
            "{}: what could not be read is no task",
            w.backend()
        );
        let broken = id_of(&w, "broken-link").await;
        let stored = store::get(db, broken).await.unwrap();
        assert_eq!(stored.finding.unit, w.edu, "the column's unit");
        assert!(stored.number.starts_with("XJ2025"));
        let word = id_of(&w, "wrong-word").await;
        assert_eq!(store::get(db, word).await.unwrap().finding.unit, w.office);
        // One fix clock each, under the responsible unit, due in 3 working days.
        let clocks = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'inspect_finding' \
                 AND rule_id = 'WEB-INSPECT' AND status = 'running' AND unit_id = {}",
                w.edu.0
            ))
            .await;
        assert_eq!(clocks, 1);
        let limit = w
            .scalar("SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'inspect_finding' AND limit_text = '3wd'")
            .await;
        assert_eq!(limit, 3);
        // The bureau's editors see it in their workbench.
        let registry = Registry::new([FINDING_SUBJECT]);
        let piles = workbench::for_viewer(db, &registry, &[Role::SiteEditor], w.edu.0, t0(), 10)
            .await
            .unwrap();
        assert_eq!(piles.len(), 1);
        assert_eq!(piles[0].count, 1);
        assert_eq!(piles[0].items[0].number, stored.number);

        // Seen again: the same rows.
        let again = usecase::record_crawl(db, &context, w.portal, w.office, &crawl, true)
            .await
            .unwrap();
        assert_eq!((again.new, again.again), (0, 3));

        // The office's staff do not reach the bureau's finding; the bureau's editor fixes it.
        let fix = || Command::MarkFixed {
            note: "已删除失效链接".into(),
        };
        let refused = run(&w, &w.outsider, broken, fix()).await.unwrap_err();
        assert!(matches!(refused, Error::NotFound(_)), "{refused:?}");
        let empty = Command::MarkFixed { note: " ".into() };
        assert!(run(&w, &w.editor_a, broken, empty).await.is_err());
        assert_eq!(
            run(&w, &w.editor_a, broken, fix()).await.unwrap(),
            Status::Fixed
        );
        let stopped = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'inspect_finding' \
                 AND subject_id = '{}' AND status = 'met'",
                broken.0
            ))
            .await;
        assert_eq!(stopped, 1);
        // A crawl that did not read the whole site proves nothing; a complete one closes it.
        let without: Vec<_> = crawl[..2].to_vec();
        usecase::record_crawl(db, &context, w.portal, w.office, &without, false)
            .await
            .unwrap();
        assert_eq!(status(&w, broken).await, Status::Fixed);
        let recheck = usecase::record_crawl(db, &context, w.portal, w.office, &without, true)
            .await
            .unwrap();
        assert_eq!(recheck.closed, 1);
        assert_eq!(status(&w, broken).await, Status::Closed);

        // Marked fixed but still there: open again, with a new clock.
        let privacy = id_of(&w, "privacy-id-number").await;
        let office_editor = &w.outsider;
        assert_eq!(
            run(&w, office_editor, privacy, fix()).await.unwrap(),
            Status::Fixed
        );
        let still = usecase::record_crawl(db, &context, w.portal, w.office, &without, true)
            .await
            .unwrap();
        assert_eq!(still.reopened, 1);
        assert_eq!(status(&w, privacy).await, Status::Open);
        let clocks = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'inspect_finding' AND subject_id = '{}'",
                privacy.0
            ))
            .await;
        assert_eq!(clocks, 2);
        let events = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM inspect_finding_events WHERE finding_id = {}",
                privacy.0
            ))
            .await;
        assert!(events >= 4, "{events}");
    }
}

/// WEB-INSPECT: a reviewer of the responsible unit marks a word hit a false positive with a
/// phrase containing the word (audited); the phrase joins the whitelist. Only word hits, only
/// reviewers.
#[tokio::test]
async fn web_inspect_a_reviewer_marks_a_word_hit_false_positive_and_it_feeds_the_whitelist() {
    for w in worlds().await {
        let db = &w.platform.db;
        let context = w.context(&w.publisher, t0());
        let base = "http://jyj.gsgz.gov.cn";
        let crawl = vec![
            seen(
                "wrong-word",
                &format!("{base}/h.html"),
                "错误表述“国家教委”，应为“教育部”",
            ),
            seen(
                "privacy-phone",
                &format!("{base}/p.html"),
                "手机号 139****5678",
            ),
        ];
        usecase::record_crawl(db, &context, w.dept, w.edu, &crawl, true)
            .await
            .unwrap();
        let word = id_of(&w, "wrong-word").await;
        let phone = id_of(&w, "privacy-phone").await;
        let dismiss = |phrase: &str| Command::Dismiss {
            reason: "史料引用，机构沿革介绍".into(),
            phrase: phrase.into(),
        };
        // Not the editor, not a privacy hit, not the bare word.
        assert!(
            run(&w, &w.editor_a, word, dismiss("原国家教委"))
                .await
                .is_err()
        );
        assert!(
            run(&w, &w.reviewer, phone, dismiss("原国家教委"))
                .await
                .is_err()
        );
        assert!(
            run(&w, &w.reviewer, word, dismiss("国家教委"))
                .await
                .is_err()
        );
        let phrases = w
            .scalar("SELECT COUNT(*) AS n FROM inspect_whitelist")
            .await;
        assert_eq!(phrases, 0, "a refusal changes nothing");
        assert_eq!(
            run(&w, &w.reviewer, word, dismiss("原国家教委"))
                .await
                .unwrap(),
            Status::Dismissed
        );
        let whitelisted = sites::usecase::inspect::whitelist(db).await.unwrap();
        assert!(whitelisted.iter().any(|(_, phrase)| phrase == "原国家教委"));
        let audited = w
            .scalar(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action IN \
                 ('inspect.finding.dismiss', 'inspect.whitelist.add')",
            )
            .await;
        assert_eq!(audited, 2);
        // A dismissed hit seen again stays dismissed: no new task.
        let again = usecase::record_crawl(db, &context, w.dept, w.edu, &crawl, true)
            .await
            .unwrap();
        assert_eq!(again.new, 0);
        assert_eq!(status(&w, word).await, Status::Dismissed);
    }
}
