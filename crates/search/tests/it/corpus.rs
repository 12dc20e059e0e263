//! The index on a small corpus (WEB-SEARCH): each feature of the search proved on a handful
//! of documents.

use search::{Doc, Engine, Kind, Request};

const DAY: i64 = 24 * 3600 * 1000;
const NOW: i64 = 1_780_000_000_000;

fn doc(key: &str, kind: Kind, title: &str, body: &str) -> Doc {
    Doc {
        key: key.to_owned(),
        kind,
        title: title.to_owned(),
        body: body.to_owned(),
        keywords: String::new(),
        url: format!("/x/{key}"),
        site: "portal".to_owned(),
        unit: 1,
        date: NOW - 10 * DAY,
        abolished: false,
    }
}

fn corpus() -> Engine {
    let engine = Engine::in_memory();
    let mut abolished = doc(
        "article:3",
        Kind::Policy,
        "甘州区城乡居民养老保险实施办法",
        "本办法自发布之日起施行。城乡居民养老保险参保登记。",
    );
    abolished.abolished = true;
    abolished.date = NOW - 900 * DAY;
    let mut other_site = doc(
        "article:5",
        Kind::Info,
        "教育局开展教师资格认定工作",
        "教师资格认定在教育局窗口受理。",
    );
    other_site.site = "jyj".to_owned();
    other_site.unit = 7;
    let mut old = doc(
        "article:6",
        Kind::Info,
        "关于住房公积金提取的通知",
        "住房公积金提取材料。",
    );
    old.date = NOW - 400 * DAY;
    engine
        .apply(
            &[
                doc(
                    "item:1",
                    Kind::Guide,
                    "社会保障卡申领",
                    "申领社会保障卡需要身份证。办理地点在人社局窗口。",
                ),
                doc(
                    "kb:2",
                    Kind::Faq,
                    "最低生活保障怎么申请",
                    "申请最低生活保障向乡镇提出。",
                ),
                abolished,
                doc(
                    "article:4",
                    Kind::Policy,
                    "甘州区城乡居民养老保险实施细则",
                    "本细则取代原实施办法。城乡居民养老保险参保登记。",
                ),
                other_site,
                old,
                doc(
                    "item:7",
                    Kind::Guide,
                    "營業執照變更登記",
                    "企业变更营业执照的登记事项。",
                ),
            ],
            &[],
            1,
        )
        .unwrap();
    engine
}

fn ask(engine: &Engine, query: &str) -> search::Answer {
    engine
        .search(&Request {
            query: query.to_owned(),
            page: 1,
            now: NOW,
            ..Request::default()
        })
        .unwrap()
}

fn keys(answer: &search::Answer) -> Vec<&str> {
    answer.hits.iter().map(|hit| hit.key.as_str()).collect()
}

/// WEB-SEARCH: plain words find the document, with the words highlighted.
#[test]
fn web_search_words_found_and_highlighted() {
    let engine = corpus();
    let answer = ask(&engine, "社会保障卡");
    assert_eq!(keys(&answer)[0], "item:1");
    assert!(
        answer.hits[0].title_html.contains("<b>"),
        "{}",
        answer.hits[0].title_html
    );
    assert!(
        answer.hits[0].snippet_html.contains("<b>"),
        "{}",
        answer.hits[0].snippet_html
    );
}

/// WEB-SEARCH: a pinyin query finds the characters (shebaozhangka → 社会保障卡? no: the
/// syllables in order, shehuibaozhang → 社会保障), and the title marks them.
#[test]
fn web_search_pinyin_query() {
    let engine = corpus();
    assert_eq!(keys(&ask(&engine, "shehuibaozhang"))[0], "item:1");
    let answer = ask(&engine, "gongjijin");
    assert_eq!(keys(&answer), vec!["article:6"]);
    assert!(
        answer.hits[0].title_html.contains("<b>公积金</b>"),
        "{}",
        answer.hits[0].title_html
    );
}

/// WEB-SEARCH: initials find the characters (gjj → 公积金), and the title marks them.
#[test]
fn web_search_initials_query() {
    let engine = corpus();
    let answer = ask(&engine, "gjj");
    assert_eq!(keys(&answer), vec!["article:6"]);
    assert!(answer.hits[0].title_html.contains("<b>公积金</b>"));
}

/// WEB-SEARCH: a homophone typed by mistake (公基金 for 公积金) finds the document and says
/// 您是不是要找 with the correction.
#[test]
fn web_search_homophone_typo_corrected() {
    let engine = corpus();
    let answer = ask(&engine, "住房公基金");
    assert_eq!(keys(&answer), vec!["article:6"]);
    assert_eq!(answer.corrected.as_deref(), Some("住房公积金"));
    assert_eq!(ask(&engine, "住房公积金").corrected, None);
}

/// WEB-SEARCH: a citizen's phrasing finds the official name (低保 → 最低生活保障).
#[test]
fn web_search_synonym_query() {
    let engine = corpus();
    let answer = ask(&engine, "低保");
    assert_eq!(keys(&answer), vec!["kb:2"]);
    assert!(answer.alternatives.contains(&"最低生活保障".to_owned()));
}

/// WEB-SEARCH: a quoted phrase must appear in order; the same words apart do not match.
#[test]
fn web_search_phrase_query() {
    let engine = corpus();
    assert_eq!(keys(&ask(&engine, "\"教师资格认定\"")), vec!["article:5"]);
    assert!(ask(&engine, "\"认定教师\"").hits.is_empty());
}

/// WEB-SEARCH: filters by category, site, unit and date range.
#[test]
fn web_search_filters() {
    let engine = corpus();
    let with = |kind: Option<Kind>, site: Option<&str>, unit: Option<i64>, from: Option<i64>| {
        let answer = engine
            .search(&Request {
                query: "登记".to_owned(),
                kind,
                site: site.map(str::to_owned),
                unit,
                from,
                page: 1,
                now: NOW,
                ..Request::default()
            })
            .unwrap();
        let mut found: Vec<String> = answer.hits.iter().map(|h| h.key.clone()).collect();
        found.sort();
        found
    };
    assert_eq!(with(Some(Kind::Guide), None, None, None), vec!["item:7"]);
    assert_eq!(
        with(Some(Kind::Policy), None, None, None),
        vec!["article:3", "article:4"]
    );
    assert_eq!(with(None, Some("jyj"), None, None), Vec::<String>::new());
    assert_eq!(
        with(None, None, Some(1), Some(NOW - 100 * DAY)),
        vec!["article:4", "item:7"]
    );
}

/// WEB-SEARCH, PUB-ABOLISH: an abolished document ranks below its successor and says so.
#[test]
fn web_search_abolished_below_successor() {
    let engine = corpus();
    let answer = ask(&engine, "城乡居民养老保险实施办法");
    assert_eq!(keys(&answer), vec!["article:4", "article:3"]);
    assert!(answer.hits[1].abolished && !answer.hits[0].abolished);
}

/// WEB-SEARCH: traditional characters in the document and the query are folded; the title
/// is shown as published, its matched words marked.
#[test]
fn web_search_traditional_folded() {
    let engine = corpus();
    let answer = ask(&engine, "营业执照");
    assert_eq!(keys(&answer), vec!["item:7"]);
    assert_eq!(answer.hits[0].title, "營業執照變更登記");
    assert!(
        answer.hits[0].title_html.contains("<b>營業執照</b>"),
        "{}",
        answer.hits[0].title_html
    );
    assert_eq!(keys(&ask(&engine, "營業執照")), vec!["item:7"]);
}

/// WEB-SEARCH: full-width marks and capitals are shown as published, and still found.
#[test]
fn web_search_titles_shown_as_published() {
    let engine = Engine::in_memory();
    let docs = [doc(
        "item:9",
        Kind::Guide,
        "住房公积金提取（使用APP办理）",
        "通过手机APP提取公积金。",
    )];
    engine.apply(&docs, &[], 1).unwrap();
    let answer = ask(&engine, "app 提取");
    assert_eq!(keys(&answer), vec!["item:9"]);
    let hit = &answer.hits[0];
    assert_eq!(hit.title, "住房公积金提取（使用APP办理）");
    assert!(hit.title_html.contains("<b>APP</b>"), "{}", hit.title_html);
    assert!(hit.title_html.contains("（使用"), "{}", hit.title_html);
    assert!(
        hit.snippet_html.contains("<b>APP</b>"),
        "{}",
        hit.snippet_html
    );
}

/// WEB-SEARCH: bad input answers normally: long, punctuation, control characters, syntax,
/// unbalanced quotes, empty.
#[test]
fn web_search_bad_input_answers() {
    let engine = corpus();
    for typed in [
        "",
        "。",
        "！？",
        "\u{0}\u{1}",
        "title:*",
        "\"社会",
        "*",
        &"社".repeat(1000),
        "a:b OR (c",
        "\\",
    ] {
        let answer = ask(&engine, typed);
        assert!(answer.total <= 7, "{typed:?}");
    }
    assert_eq!(
        keys(&ask(&engine, "title:社会保障卡"))[0],
        "item:1".to_owned().as_str()
    );
}

/// WEB-SEARCH: a change replaces the document of its key; a delete removes it.
#[test]
fn web_search_change_and_delete() {
    let engine = corpus();
    engine
        .apply(
            &[doc("kb:2", Kind::Faq, "低收入家庭认定", "新内容")],
            &["item:1".to_owned()],
            2,
        )
        .unwrap();
    assert!(ask(&engine, "社会保障卡").hits.is_empty());
    assert_eq!(keys(&ask(&engine, "低收入")), vec!["kb:2"]);
    assert_eq!(engine.count(), 6);
}

/// WEB-SEARCH (no panic on a request path): jieba's overlapping words (专项 inside 专项资金)
/// gave tantivy's snippet a highlight before its fragment, whose HTML panicked; the passage
/// is marked without it.
#[test]
fn web_search_overlapping_words_highlighted_without_panic() {
    let engine = Engine::in_memory();
    let sentence = "下一步，区人民政府办公室将认真总结经验做法，建立健全长效机制，推动专项资金工作常态长效。\
        会议强调，要提高政治站位，压实工作责任，确保专项资金各项措施落地见效。";
    let body = sentence.repeat(4);
    engine
        .apply(
            &[doc(
                "bench:1",
                Kind::Info,
                "关于做好专项资金工作的通知",
                &body,
            )],
            &[],
            1,
        )
        .unwrap();
    for query in [
        "专项资金",
        "专项资金工作",
        "\"专项资金\"",
        "zxzj",
        "zhuanxiangzijin",
    ] {
        let answer = ask(&engine, query);
        assert_eq!(keys(&answer), ["bench:1"], "{query}");
        let hit = &answer.hits[0];
        let chinese = !query.is_ascii();
        assert_eq!(
            hit.snippet_html.contains("<b>"),
            chinese,
            "{query}: {}",
            hit.snippet_html
        );
        assert!(!hit.snippet_html.contains("<b><b>"), "{}", hit.snippet_html);
    }
}
