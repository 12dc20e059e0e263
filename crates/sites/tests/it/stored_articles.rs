//! Articles stored and run on the kernel, on both backends (WEB-REVIEW, WEB-ARTICLE,
//! PUB-ABOLISH, WEB-INSPECT, SEC-TAMPER, WEB-ARCHIVE): the 三审 from draft to page, every
//! version kept with its diff, the content check before submission, a policy document's page
//! with its interpretation and validity, withdrawal into the archive; refusals change nothing.

use sites::article::{Command, Status, Validity};
use sites::diff::Line;
use sites::usecase::{self, read, versions};

use crate::world::{news_content, policy, t0, worlds};
use crate::{at, date};

/// WEB-REVIEW: a major policy document goes from the editor's draft through the reviewer, a
/// leader and the publisher to a page whose served content carries the approved SM3 digest
/// (SEC-TAMPER); every step is a history row and an audit row; the page reads with its
/// policy elements in the information table's order (WEB-ARTICLE).
#[tokio::test]
async fn web_review_a_major_document_passes_three_people_and_a_leader_to_its_page() {
    for w in worlds().await {
        let db = &w.platform.db;
        let (id, _) = w.draft(w.policy, policy()).await;
        let major = Command::Edit {
            content: Box::new(policy()),
            major: true,
        };
        w.run(id, major, &w.editor_b, t0()).await.unwrap();
        w.run(id, Command::Submit, &w.editor_a, t0()).await.unwrap();
        // WEB-REVIEW: nobody signs off what they wrote or edited.
        let own = w
            .run(
                id,
                Command::Review {
                    opinion: String::new(),
                },
                &w.editor_a,
                t0(),
            )
            .await;
        assert!(own.is_err());
        let review = Command::Review {
            opinion: "同意".into(),
        };
        let (article, _) = w.run(id, review, &w.reviewer, t0()).await.unwrap();
        assert_eq!(article.status, Status::AtLeader);
        // The publisher cannot skip the leader.
        let early = w
            .run(id, Command::Publish { at: None }, &w.publisher, t0())
            .await;
        assert!(early.unwrap_err().to_string().contains("待领导审批"));
        let approve = Command::ApproveMajor {
            opinion: "同意发布".into(),
        };
        w.run(id, approve, &w.edu_leader, t0()).await.unwrap();
        let (article, _) = w
            .run(id, Command::Publish { at: None }, &w.publisher, t0())
            .await
            .unwrap();
        assert_eq!(article.status, Status::Published);
        let page = read::published_article(db, id).await.unwrap().unwrap();
        assert_eq!(page.content, article.content);
        let labels: Vec<&str> = page
            .policy_elements
            .unwrap()
            .iter()
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(
            labels,
            [
                "索引号",
                "主题分类",
                "发文机关",
                "成文日期",
                "标题",
                "文号",
                "发布日期",
                "有效性"
            ]
        );
        let digest = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM site_pages WHERE article_id = {id} AND approved_digest = '{}'",
                article.content.digest()
            ))
            .await;
        assert_eq!(digest, 1, "{}", w.backend());
        let office = usecase::office_article(db, id, &w.publisher.acting)
            .await
            .unwrap();
        let steps: Vec<&str> = office.history.iter().map(|line| line.command).collect();
        assert_eq!(
            steps,
            [
                "新建稿件",
                "修改稿件",
                "提交审核",
                "审核通过",
                "领导审批通过",
                "签发"
            ],
            "{}",
            w.backend()
        );
        let audited = format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'site_article' AND object_id = '{id}'"
        );
        assert_eq!(w.scalar(&audited).await, 6);
        // A column's list: newest first, with the total.
        let list = read::column_articles(db, w.policy, 1, 20).await.unwrap();
        assert_eq!((list.total, list.items.len()), (1, 1));
        assert_eq!(read::site_articles(db, w.dept, 10).await.unwrap().len(), 1);
    }
}

/// WEB-REVIEW: every edit is a new version kept beside the others; the diff of two names the
/// changed field and the characters that changed.
#[tokio::test]
async fn web_review_every_version_is_kept_and_any_two_are_compared() {
    for w in worlds().await {
        let db = &w.platform.db;
        let (id, _) = w
            .draft(w.news, news_content("全区中小学开展安全教育"))
            .await;
        let mut second = news_content("全区中小学开展安全教育周活动");
        second.body = "<p>全区各中小学开展安全教育活动。</p><p>共有三万名学生参加。</p>".into();
        let edit = Command::Edit {
            content: Box::new(second),
            major: false,
        };
        w.run(id, edit, &w.editor_b, t0()).await.unwrap();
        let all = versions::versions(db, id).await.unwrap();
        assert_eq!(all.len(), 2, "{}", w.backend());
        assert_eq!(all[1].edited_by, Some(w.editor_b.acting.user));
        let diff = versions::diff_versions(db, id, 1, 2).await.unwrap();
        let title = &diff.fields[0];
        assert!(title.changed());
        assert!(title.spans.iter().any(|s| s.text == "周活动"));
        assert!(
            diff.body
                .contains(&Line::Added("<p>共有三万名学生参加。</p>".into()))
        );
        assert!(
            versions::diff_versions(db, id, 1, 1)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

/// WEB-REVIEW (sanitiser) and WEB-INSPECT: a draft's script is gone when it is stored, and a
/// submission carrying an ID number or a wrong word is refused with the finding named;
/// nothing changes until the text is fixed.
#[tokio::test]
async fn web_inspect_a_finding_blocks_submission_with_its_name_and_changes_nothing() {
    for w in worlds().await {
        let mut content = news_content("关于中华人名共和国成立纪念活动的通知");
        content.body =
            "<p onclick=\"steal()\">联系人身份证62010219900307123X</p><script>alert(1)</script>"
                .into();
        let (id, version) = w.draft(w.news, content).await;
        let stored = usecase::office_article(&w.platform.db, id, &w.editor_a.acting)
            .await
            .unwrap();
        assert!(!stored.article.content.body.contains("script"));
        assert!(!stored.article.content.body.contains("onclick"));
        let error = w
            .run(id, Command::Submit, &w.editor_a, t0())
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("标题含有错误表述“中华人名共和国”，应为“中华人民共和国”"),
            "{error}"
        );
        assert!(
            error.contains("正文含有身份证号码“620*************3X”"),
            "{error}"
        );
        let after = usecase::office_article(&w.platform.db, id, &w.editor_a.acting)
            .await
            .unwrap();
        assert_eq!(
            (after.version, after.article.status),
            (version, Status::Draft)
        );
        let fixed = Command::Edit {
            content: Box::new(news_content("关于中华人民共和国成立纪念活动的通知")),
            major: false,
        };
        w.run(id, fixed, &w.editor_a, t0()).await.unwrap();
        let (article, _) = w.run(id, Command::Submit, &w.editor_a, t0()).await.unwrap();
        assert_eq!(article.status, Status::AtReviewer, "{}", w.backend());
    }
}

/// WEB-COLUMNS, WEB-REVIEW: an editor who is not the column's A or B editor cannot draft in it,
/// and a publisher of another unit's site cannot sign it out; nothing is stored.
#[tokio::test]
async fn web_review_drafting_outside_ones_column_is_refused_and_stores_nothing() {
    for w in worlds().await {
        let by = &w.outsider;
        let refused = usecase::create_draft(
            &w.platform.db,
            &w.context(by, t0()),
            &by.acting,
            w.news,
            news_content("越权稿件"),
            false,
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(refused.contains("A岗、B岗编辑"), "{refused}");
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM site_articles").await, 0);
    }
}

/// PUB-INTERPRET, PUB-ABOLISH, WEB-ARCHIVE: an interpretation is linked both ways; the
/// document is marked 废止 with its basis and stays, its page shows it; a withdrawn article
/// leaves the lists but stays readable, marked, and its record is never deleted.
#[tokio::test]
async fn pub_abolish_a_document_is_marked_and_kept_and_a_withdrawn_one_stays_in_the_archive() {
    for w in worlds().await {
        let db = &w.platform.db;
        let document = w.published(w.policy, policy()).await;
        let mut reading = news_content("《甘州区义务教育阶段招生入学实施办法》政策解读");
        reading.source = "甘州区教育局".into();
        let interpretation = w.published(w.interpretations, reading).await;
        let link = Command::LinkInterpretation { interpretation };
        w.run(document, link, &w.reviewer, t0()).await.unwrap();
        let page = read::published_article(db, document)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(page.interpretations.len(), 1);
        let back = read::published_article(db, interpretation)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back.interprets[0].article, document);
        let mark = Command::MarkValidity {
            validity: Validity::Abolished,
            since: date("2025-06-01"),
            note: "被甘州教发〔2025〕30号废止".into(),
        };
        w.run(document, mark, &w.publisher, at("2025-06-02T09:00"))
            .await
            .unwrap();
        let page = read::published_article(db, document)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(page.validity, Validity::Abolished);
        let shown = page.policy_elements.unwrap();
        assert_eq!(shown.last().unwrap(), &("有效性", "废止".to_owned()));
        let listed = read::column_articles(db, w.policy, 1, 20).await.unwrap();
        assert_eq!(listed.items[0].validity.as_deref(), Some("abolished"));
        let withdraw = Command::Withdraw {
            reason: "内容已过时".into(),
        };
        w.run(interpretation, withdraw, &w.publisher, t0())
            .await
            .unwrap();
        assert_eq!(
            read::column_articles(db, w.interpretations, 1, 20)
                .await
                .unwrap()
                .total,
            0
        );
        let archived = read::published_article(db, interpretation)
            .await
            .unwrap()
            .unwrap();
        assert!(archived.withdrawn_at.is_some(), "{}", w.backend());
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM site_articles").await, 2);
    }
}

/// WEB-REVIEW: a column's list is paged newest first with the total.
#[tokio::test]
async fn web_article_a_column_lists_its_articles_newest_first_a_page_at_a_time() {
    for w in worlds().await {
        for n in 0..5 {
            let (id, _) = w.draft(w.news, news_content(&format!("动态{n}"))).await;
            w.run(id, Command::Submit, &w.editor_a, t0()).await.unwrap();
            let review = Command::Review {
                opinion: String::new(),
            };
            w.run(id, review, &w.reviewer, t0()).await.unwrap();
            let now = at(&format!("2025-03-0{}T10:00", n + 3));
            w.run(id, Command::Publish { at: None }, &w.publisher, now)
                .await
                .unwrap();
        }
        let page = read::column_articles(&w.platform.db, w.news, 2, 2)
            .await
            .unwrap();
        assert_eq!((page.total, page.pages()), (5, 3));
        let titles: Vec<&str> = page.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["动态2", "动态1"], "{}", w.backend());
    }
}
