//! Tests that prove what an article says and keeps, each naming its rule ID: WEB-ARTICLE
//! (the elements of a page and of a policy document), PUB-ABOLISH (validity marked, never
//! deleted), PUB-INTERPRET (interpretations linked) and SEC-TAMPER (the approved digest).

use sites::ErrorKind;
use sites::article::{
    self, Command, CommandKind, Event, Place, Status, Validity, apply, available,
};
use sites::column::ColumnKind;

use crate::article_rules::refuse;
use crate::article_table::{Fixture, publish_now, reach};
use crate::*;

/// WEB-ARTICLE (002 网站规范 §16(二), 000 门户 §17): a submission shows title, source and body;
/// a policy column's article carries 索引号, 发文机关, 文号, 成文日期 and 主题分类.
#[test]
fn web_article_a_submission_carries_every_element_of_its_page() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let mut content = policy_content();
    content.source = String::new();
    content.policy = None;
    let place = Place {
        site: &site,
        column: &column,
    };
    let (bare, _) = article::draft(ArticleId(1), place, &editor_a(), content, false, t0()).unwrap();
    let message = refuse(&bare, Command::Submit, &editor_a(), parts, t0()).to_string();
    assert!(message.contains("请填写信息来源"), "{message}");
    assert!(
        message.contains("政策文件类栏目的稿件应填写索引号、发文机关、文号、成文日期和主题分类")
    );
    let mut content = policy_content();
    if let Some(policy) = content.policy.as_mut() {
        policy.document_number = String::new();
        policy.written_on = date("2025-03-04");
    }
    let (gaps, _) = article::draft(ArticleId(1), place, &editor_a(), content, false, t0()).unwrap();
    let message = refuse(&gaps, Command::Submit, &editor_a(), parts, t0()).to_string();
    assert_eq!(message, "请填写文号；成文日期不能晚于今天");
    let news = crate::column(6, ColumnKind::News);
    let mut story = policy_content();
    story.policy = None;
    let news_place = Place {
        site: &site,
        column: &news,
    };
    let (draft, _) =
        article::draft(ArticleId(2), news_place, &editor_a(), story, false, t0()).unwrap();
    let submitted = run_article(&draft, Command::Submit, &editor_a(), (&site, &news), t0());
    assert_eq!(submitted.status, Status::AtReviewer);
}

fn mark(validity: Validity, since: &str) -> Command {
    Command::MarkValidity {
        validity,
        since: date(since),
        note: "被甘州教发〔2025〕30号废止".into(),
    }
}

/// PUB-ABOLISH (000 门户 §18): a policy document that loses effect is marked 废止 or 失效 —
/// once, from a date not before it was written — and stays published; an article that is
/// not a policy document carries no mark.
#[test]
fn pub_abolish_a_policy_document_is_marked_never_deleted() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let published = reach(Fixture::Published, parts);
    assert_eq!(published.validity(), Validity::Valid);
    let invalid = refuse(
        &published,
        mark(Validity::Valid, "2025-06-01"),
        &publisher(),
        parts,
        t0(),
    );
    assert_eq!(invalid.to_string(), "只能标注为“废止”或“失效”");
    let early = refuse(
        &published,
        mark(Validity::Expired, "2025-01-01"),
        &publisher(),
        parts,
        t0(),
    );
    assert_eq!(early.to_string(), "废止或失效日期不能早于成文日期");
    let abolished = run_article(
        &published,
        mark(Validity::Abolished, "2025-06-01"),
        &reviewer(),
        parts,
        t0(),
    );
    assert_eq!(
        (abolished.status, abolished.validity()),
        (Status::Published, Validity::Abolished)
    );
    assert_eq!(abolished.content, published.content);
    let again = refuse(
        &abolished,
        mark(Validity::Expired, "2025-07-01"),
        &publisher(),
        parts,
        t0(),
    );
    assert_eq!(again.kind(), ErrorKind::LimitReached);
    assert_eq!(
        again.to_string(),
        "该文件已标注为“废止”（PUB-ABOLISH：标注后不再更改）"
    );
    let place = Place {
        site: &site,
        column: &column,
    };
    assert!(!available(&abolished, place, &publisher()).contains(&CommandKind::MarkValidity));
    let news = crate::column(6, ColumnKind::News);
    let mut story = policy_content();
    story.policy = None;
    let news_place = Place {
        site: &site,
        column: &news,
    };
    let mut plain = article::draft(ArticleId(2), news_place, &editor_a(), story, false, t0())
        .unwrap()
        .0;
    plain.status = Status::Published;
    let error = refuse(
        &plain,
        mark(Validity::Abolished, "2025-06-01"),
        &publisher(),
        (&site, &news),
        t0(),
    );
    assert_eq!(error.to_string(), "只有政策文件可以标注有效性");
}

/// PUB-INTERPRET, SEC-TAMPER: an interpretation is linked to the published policy document
/// once; the approved digest follows the page that now shows the link.
#[test]
fn pub_interpret_an_interpretation_is_linked_once_and_the_digest_follows() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let published = reach(Fixture::Published, parts);
    let link = |id: i64| Command::LinkInterpretation {
        interpretation: ArticleId(id),
    };
    let linked = run_article(&published, link(200), &publisher(), parts, t0());
    let interpretations = &linked.content.policy.as_ref().unwrap().interpretations;
    assert_eq!(interpretations, &[ArticleId(200)]);
    assert!(linked.is_intact(&linked.content));
    assert!(!linked.is_intact(&published.content));
    assert_eq!(
        refuse(&linked, link(200), &publisher(), parts, t0()).to_string(),
        "该解读已关联"
    );
    assert_eq!(
        refuse(&linked, link(100), &publisher(), parts, t0()).to_string(),
        "政策文件不能关联自身作为解读"
    );
}

/// SEC-TAMPER: publishing records the digest of the approved content; content altered behind
/// the workflow's back no longer matches it, and a published article cannot be edited.
#[test]
fn sec_tamper_the_approved_digest_detects_content_altered_behind_the_workflow() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let at_publisher = reach(Fixture::AtPublisher, parts);
    assert!(!at_publisher.is_intact(&at_publisher.content));
    let place = Place {
        site: &site,
        column: &column,
    };
    let (published, events) =
        apply(&at_publisher, &publish_now(), &publisher(), place, t0()).unwrap();
    let digest = published.approved_digest.clone().unwrap();
    assert_eq!(digest.len(), 64);
    assert!(events.contains(&Event::Published {
        digest: digest.clone()
    }));
    assert!(published.is_intact(&published.content));
    let mut altered = published.content.clone();
    altered.body = altered
        .body
        .replace("各乡镇", "<a href=\"http://bad.example\">x</a>各乡镇");
    assert!(!published.is_intact(&altered));
    let mut moved = published.content.clone();
    moved.title.push_str(&moved.source);
    moved.source = String::new();
    assert_ne!(moved.digest(), published.content.digest());
    let edit = Command::Edit {
        content: Box::new(altered),
        major: false,
    };
    let error = refuse(&published, edit, &editor_a(), parts, t0());
    assert_eq!(error.kind(), ErrorKind::InvalidTransition);
}

/// WEB-ARTICLE (002 网站规范 §16(二), 000 门户 §17): the page shows title, publication date and
/// source; a policy document adds 索引号, 主题分类, 发文机关, 成文日期, 文号, 发布日期 and 有效性
/// in the order of the government sites' information table.
#[test]
fn web_article_a_policy_page_shows_its_elements_in_the_usual_order() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let draft = reach(Fixture::Draft, parts);
    assert_eq!(draft.page_elements()[1], ("发布日期", String::new()));
    let published = reach(Fixture::Published, parts);
    let page: Vec<(&str, String)> = published.page_elements();
    assert_eq!(page[1], ("发布日期", "2025-03-03".to_owned()));
    assert_eq!(page[2], ("信息来源", "甘州区教育局".to_owned()));
    let abolish = Command::MarkValidity {
        validity: Validity::Abolished,
        since: date("2025-06-01"),
        note: "被甘州教发〔2025〕30号废止".into(),
    };
    let abolished = run_article(&published, abolish, &publisher(), parts, t0());
    let elements = abolished.policy_elements().unwrap();
    let labels: Vec<&str> = elements.iter().map(|(label, _)| *label).collect();
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
    assert_eq!(elements[3].1, "2025-02-28");
    assert_eq!(elements[5].1, "甘州教发〔2025〕12号");
    assert_eq!(elements[7].1, "废止");
    let mut story = published.clone();
    story.content.policy = None;
    assert_eq!(story.policy_elements(), None);
}
