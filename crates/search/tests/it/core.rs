//! The pure core by tables (WEB-SEARCH): folding, pinyin and initials, Latin letters read as
//! syllables, query parsing with syntax injection neutralised, synonyms.

use search::query::{MAX_QUERY_CHARS, Part, parse};
use search::synonyms::{Synonyms, parse_group};
use search::text::{fold, initials_of, pinyin_of, syllables_of_latin};

/// WEB-SEARCH: traditional characters are folded to simplified, full width to half width,
/// lower case, control characters to spaces.
#[test]
fn web_search_fold_table() {
    for (raw, folded) in [
        ("社會保障卡", "社会保障卡"),
        ("ＡＢＣ１２３", "abc123"),
        ("營業執照", "营业执照"),
        ("a\u{0}b\u{7}c", "a b c"),
        ("", ""),
    ] {
        assert_eq!(fold(raw), folded, "{raw:?}");
    }
}

/// WEB-SEARCH: the pinyin and initials of a text, one per Chinese character.
#[test]
fn web_search_pinyin_and_initials_table() {
    for (text, pinyin, initials) in [
        ("社保卡", "she bao ka", "s b k"),
        (
            "社会保障卡申领",
            "she hui bao zhang ka shen ling",
            "s h b z k s l",
        ),
        ("12345热线", "re xian", "r x"),
        ("abc", "", ""),
    ] {
        assert_eq!(pinyin_of(text), pinyin, "{text}");
        assert_eq!(initials_of(text), initials, "{text}");
    }
}

/// WEB-SEARCH: typed Latin letters read as the fewest pinyin syllables.
#[test]
fn web_search_latin_syllables_table() {
    for (typed, syllables) in [
        ("shebaoka", Some(vec!["she", "bao", "ka"])),
        ("SheBao", Some(vec!["she", "bao"])),
        ("xian", Some(vec!["xian"])),
        ("gongjijin", Some(vec!["gong", "ji", "jin"])),
        ("sbk", None),
        ("", None),
        ("title", None),
    ] {
        let expected = syllables.map(|s| s.into_iter().map(str::to_owned).collect::<Vec<_>>());
        assert_eq!(syllables_of_latin(typed), expected, "{typed}");
    }
}

/// WEB-SEARCH: query parsing: phrases in quotes, syntax only characters, unbalanced quotes
/// quote nothing, control characters, long and empty queries.
#[test]
fn web_search_query_parsing_table() {
    let words = |s: &str| Part::Words(s.to_owned());
    let phrase = |s: &str| Part::Phrase(s.to_owned());
    let latin = |s: &str| Part::Latin(s.to_owned());
    for (typed, parts) in [
        ("社保卡", vec![words("社保卡")]),
        ("\"社会保障卡 申领\"", vec![phrase("社会保障卡 申领")]),
        ("“营业执照”办理", vec![phrase("营业执照"), words("办理")]),
        ("title:社保", vec![latin("title"), words("社保")]),
        ("社保*", vec![words("社保")]),
        ("\"社保", vec![words("社保")]),
        ("(a OR b)", vec![latin("a"), latin("or"), latin("b")]),
        ("社保\u{0}\u{1b}卡", vec![words("社保 卡")]),
        ("！？。", vec![]),
        ("", vec![]),
        ("   ", vec![]),
        ("shebao卡", vec![latin("shebao"), words("卡")]),
    ] {
        assert_eq!(parse(typed).parts, parts, "{typed:?}");
    }
    let long = "社".repeat(1000);
    assert_eq!(
        parse(&long).parts,
        vec![words(&"社".repeat(MAX_QUERY_CHARS))]
    );
}

/// WEB-SEARCH: synonyms: the shipped groups cover the demo catalogue, a query is also
/// searched with each other phrasing, bad groups are refused.
#[test]
fn web_search_synonyms_table() {
    let synonyms = Synonyms::defaults();
    assert!(
        synonyms
            .alternatives("社保卡怎么办")
            .contains(&"社会保障卡怎么办".to_owned())
    );
    assert!(
        synonyms
            .alternatives("办低保")
            .contains(&"办最低生活保障".to_owned())
    );
    assert!(synonyms.alternatives("天气").is_empty());
    // 社会保障卡 contains no 社保卡: the query for the official name gets the short one.
    assert!(
        synonyms
            .alternatives("社会保障卡")
            .contains(&"社保卡".to_owned())
    );
    assert_eq!(
        parse_group("社保卡，社会保障卡"),
        Some(vec!["社保卡".into(), "社会保障卡".into()])
    );
    assert_eq!(parse_group("社保卡"), None);
    assert_eq!(parse_group(&format!("a {}", "字".repeat(31))), None);
}
