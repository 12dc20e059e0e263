//! Ranking and paging on a larger corpus (WEB-SEARCH): pages that follow each other exactly
//! (every match once, whatever page is asked), the freshness lift, the total counted exactly up
//! to its cap and then "at least", and the shingles a phrase is found by.

use search::searching::{COUNT_CAP, PER_PAGE};
use search::shingle::{self, Shingles};
use search::{Doc, Engine, Kind, Request};
use tantivy::tokenizer::{TextAnalyzer, TokenStream as _, WhitespaceTokenizer};

const DAY: i64 = 24 * 3600 * 1000;
const NOW: i64 = 1_780_000_000_000;

fn doc(n: usize, title: &str, body: &str, age_days: i64) -> Doc {
    Doc {
        key: format!("article:{n}"),
        kind: Kind::Info,
        title: title.to_owned(),
        body: body.to_owned(),
        keywords: String::new(),
        url: format!("/x/{n}"),
        site: "portal".to_owned(),
        unit: 1,
        date: NOW - age_days * DAY,
        abolished: false,
    }
}

fn page(engine: &Engine, query: &str, page: usize) -> search::Answer {
    engine
        .search(&Request {
            query: query.to_owned(),
            page,
            now: NOW,
            ..Request::default()
        })
        .unwrap()
}

/// WEB-SEARCH: 45 matches of varied weight cut into five pages: each match appears exactly
/// once, the pages in score order, and the total is exact.
#[test]
fn web_search_pages_follow_each_other_exactly() {
    let engine = Engine::in_memory();
    let docs: Vec<Doc> = (0..45)
        .map(|n| {
            let body = "社会保障卡 ".repeat(1 + n % 7) + &"城市建设 ".repeat(n % 5);
            doc(n, &format!("第{n}号通知"), &body, (n as i64) * 40)
        })
        .collect();
    engine.apply(&docs, &[], 1).unwrap();
    let mut seen = Vec::new();
    for p in 1..=5 {
        let answer = page(&engine, "社会保障卡", p);
        assert_eq!(answer.total, 45);
        assert!(answer.total_exact);
        assert_eq!(
            answer.hits.len(),
            if p == 5 { 5 } else { PER_PAGE },
            "page {p}"
        );
        seen.extend(answer.hits.into_iter().map(|hit| hit.key));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 45, "a match shown twice or missed: {seen:?}");
}

/// WEB-SEARCH: of two documents saying the same, the one published in the last year ranks
/// first (the freshness lift), whichever was indexed first.
#[test]
fn web_search_recent_document_ranks_first() {
    let engine = Engine::in_memory();
    engine
        .apply(
            &[
                doc(1, "城乡居民养老保险参保登记", "参保登记须知", 900),
                doc(2, "城乡居民养老保险参保登记", "参保登记须知", 30),
            ],
            &[],
            1,
        )
        .unwrap();
    let answer = page(&engine, "养老保险", 1);
    let keys: Vec<&str> = answer.hits.iter().map(|hit| hit.key.as_str()).collect();
    assert_eq!(keys, ["article:2", "article:1"]);
}

/// WEB-SEARCH: more matches than the cap: the total says "at least" the cap, and the last
/// page is still full.
#[test]
fn web_search_total_counted_up_to_the_cap() {
    let engine = Engine::in_memory();
    let docs: Vec<Doc> = (0..COUNT_CAP + 20)
        .map(|n| doc(n, &format!("公告{n}"), "住房公积金提取", (n % 400) as i64))
        .collect();
    engine.apply(&docs, &[], 1).unwrap();
    let answer = page(&engine, "住房公积金", 50);
    assert_eq!(answer.total, COUNT_CAP);
    assert!(!answer.total_exact);
    assert_eq!(answer.hits.len(), PER_PAGE);
    let few = page(&engine, "公告7", 1);
    assert!(few.total_exact);
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push((stream.token().text.clone(), stream.token().position));
    }
    out
}

/// WEB-SEARCH: the shingles of syllables: every run of two and three at the first one's
/// position, beside the syllables themselves.
#[test]
fn web_search_shingles_of_syllables() {
    let mut analyzer = TextAnalyzer::builder(WhitespaceTokenizer::default())
        .filter(Shingles { longest: 3, gap: 1 })
        .build();
    let j = |parts: &[&str]| shingle::join(parts);
    assert_eq!(
        tokens(&mut analyzer, "she bao ka"),
        vec![
            ("she".to_owned(), 0),
            ("bao".to_owned(), 1),
            ("ka".to_owned(), 2),
            (j(&["she", "bao"]), 0),
            (j(&["she", "bao", "ka"]), 0),
            (j(&["bao", "ka"]), 1),
        ]
    );
    assert!(tokens(&mut analyzer, "").is_empty());
}

/// WEB-SEARCH: a code with marks inside (a 索引号, a URL) is cut into its runs of letters and
/// digits, each at the code's position, then joined like words; Chinese text is left whole.
#[test]
fn web_search_codes_are_cut_at_their_marks() {
    let mut analyzer = TextAnalyzer::builder(WhitespaceTokenizer::default())
        .filter(Shingles { longest: 2, gap: 1 })
        .build();
    let j = |parts: &[&str]| shingle::join(parts);
    assert_eq!(
        tokens(&mut analyzer, "gz-office/01 社保-卡"),
        vec![
            ("gz".to_owned(), 0),
            ("office".to_owned(), 0),
            ("01".to_owned(), 0),
            ("社保-卡".to_owned(), 1),
            (j(&["gz", "office"]), 0),
            (j(&["office", "01"]), 0),
            (j(&["01", "社保-卡"]), 0),
        ]
    );
}

/// WEB-SEARCH: words are joined only when they follow each other: a phrase in another order,
/// or with a word between, is not found.
#[test]
fn web_search_phrase_needs_adjacent_words() {
    let engine = Engine::in_memory();
    engine
        .apply(
            &[
                doc(1, "通知", "办理社会保障卡申领业务", 10),
                doc(2, "通知", "申领社会保障卡", 10),
                doc(3, "通知", "社会保障卡补办后申领", 10),
            ],
            &[],
            1,
        )
        .unwrap();
    let keys: Vec<String> = page(&engine, "\"社会保障卡申领\"", 1)
        .hits
        .into_iter()
        .map(|hit| hit.key)
        .collect();
    assert_eq!(keys, ["article:1"]);
}
