//! The word checker on texts (WEB-INSPECT): noise inserted between a word's characters,
//! full width, traditional characters, case, the whitelist, corrections, and every hit mapped
//! back to its place in the original text.

use inspect::Category;

use crate::checker;

/// What a test expects of one text: the `found` slices of the original, in order.
struct Case {
    text: &'static str,
    found: &'static [&'static str],
}

fn assert_cases(words: &[(&str, Option<&str>)], whitelist: &[&str], cases: &[Case]) {
    let checker = checker(words, whitelist);
    for case in cases {
        let findings = checker.check(case.text);
        let found: Vec<&str> = findings
            .iter()
            .map(|finding| finding.found.as_str())
            .collect();
        assert_eq!(found, case.found, "text: {:?}", case.text);
        for finding in &findings {
            // The span maps back to exactly what was found, in bytes and in characters.
            assert_eq!(
                &case.text[finding.bytes.start..finding.bytes.end],
                finding.found
            );
            let by_chars: String = case
                .text
                .chars()
                .skip(finding.chars.start)
                .take(finding.chars.end - finding.chars.start)
                .collect();
            assert_eq!(by_chars, finding.found, "char span of {:?}", finding.found);
        }
    }
}

#[test]
fn noise_between_the_characters_of_a_word_is_seen_through() {
    assert_cases(
        &[("台独", None), ("法轮功", None)],
        &[],
        &[
            Case {
                text: "台独",
                found: &["台独"],
            },
            Case {
                text: "这是台 独言论",
                found: &["台 独"],
            },
            Case {
                text: "台　独",
                found: &["台　独"],
            },
            Case {
                text: "台\u{200B}独",
                found: &["台\u{200B}独"],
            },
            Case {
                text: "台\u{200B}\u{200D}\u{FEFF}独",
                found: &["台\u{200B}\u{200D}\u{FEFF}独"],
            },
            Case {
                text: "法，轮。功",
                found: &["法，轮。功"],
            },
            Case {
                text: "法*轮*功",
                found: &["法*轮*功"],
            },
            Case {
                text: "“法”“轮”“功”",
                found: &["法”“轮”“功"],
            },
            Case {
                text: "法-轮_功!",
                found: &["法-轮_功"],
            },
            // More noise between two characters than a word takes: paragraphs apart.
            Case {
                text: "台。\n\n　　……独立自主",
                found: &[],
            },
            Case {
                text: "平台独立运行",
                found: &["台独"],
            },
        ],
    );
}

#[test]
fn full_width_case_and_traditional_forms_are_matched() {
    assert_cases(
        &[("ABC银行", None), ("国土资源部", Some("自然资源部"))],
        &[],
        &[
            Case {
                text: "ＡＢＣ银行",
                found: &["ＡＢＣ银行"],
            },
            Case {
                text: "abc银行",
                found: &["abc银行"],
            },
            Case {
                text: "Abc 銀行",
                found: &["Abc 銀行"],
            },
            Case {
                text: "由國土資源部負責",
                found: &["國土資源部"],
            },
            Case {
                text: "國 土 資 源 部",
                found: &["國 土 資 源 部"],
            },
        ],
    );
}

#[test]
fn a_hit_inside_a_whitelisted_phrase_is_dropped() {
    assert_cases(
        &[("农业部", Some("农业农村部")), ("台独", None)],
        &["农业部门", "原农业部", "反对台独"],
        &[
            Case {
                text: "农业部发布通知",
                found: &["农业部"],
            },
            Case {
                text: "各级农业部门",
                found: &[],
            },
            Case {
                text: "原农业部印发的文件",
                found: &[],
            },
            Case {
                text: "原 农业部",
                found: &[],
            },
            Case {
                text: "坚决反对“台独”",
                found: &[],
            },
            Case {
                text: "反對台獨",
                found: &[],
            },
            Case {
                text: "农业部门和农业部",
                found: &["农业部"],
            },
            Case {
                text: "台独势力",
                found: &["台独"],
            },
        ],
    );
}

#[test]
fn a_wrong_expression_carries_its_correction() {
    let checker = checker(
        &[
            (
                "国家食品药品监督管理总局",
                Some("国家市场监督管理总局/国家药品监督管理局"),
            ),
            ("食品药品监督管理局", Some("市场监督管理局")),
            ("法轮功", None),
        ],
        &[],
    );
    let findings = checker.check("据國家食品藥品監督管理總局通報，县食品药品监督管理局和法轮功。");
    let summary: Vec<(Category, &str, Option<&str>)> = findings
        .iter()
        .map(|finding| {
            (
                finding.category,
                finding.word.as_str(),
                finding.correction.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                Category::Wrong,
                "国家食品药品监督管理总局",
                Some("国家市场监督管理总局/国家药品监督管理局")
            ),
            (
                Category::Wrong,
                "食品药品监督管理局",
                Some("市场监督管理局")
            ),
            (Category::Sensitive, "法轮功", None),
        ]
    );
    assert_eq!(findings[1].note_zh(), "应为“市场监督管理局”");
    assert_eq!(findings[2].note_zh(), "");
    assert!(findings[0].message_zh().starts_with(
        "含有错误表述“國家食品藥品監督管理總局”，应为“国家市场监督管理总局/国家药品监督管理局”（词库：测试词库（本地，来源：测试，版本：1））"
    ));
}

#[test]
fn the_longest_hit_wins_and_overlapping_hits_are_both_reported() {
    assert_cases(
        &[
            ("国家食品药品监督管理局", Some("国家药品监督管理局")),
            ("食品药品监督管理局", Some("市场监督管理局")),
            ("监督管理", None),
        ],
        &[],
        &[Case {
            text: "国家食品药品监督管理局",
            found: &["国家食品药品监督管理局"],
        }],
    );
    assert_cases(
        &[("台独", None), ("独立团", None)],
        &[],
        &[Case {
            text: "台独立团",
            found: &["台独", "独立团"],
        }],
    );
}

#[test]
fn spans_point_into_the_original_text_with_noise_and_wide_characters() {
    let checker = checker(&[("环境保护部", Some("生态环境部"))], &[]);
    let text = "😀一、環 境\u{200B}保 護 部：";
    let findings = checker.check(text);
    assert_eq!(findings.len(), 1);
    let finding = &findings[0];
    assert_eq!(finding.found, "環 境\u{200B}保 護 部");
    assert_eq!((finding.chars.start, finding.chars.end), (3, 12));
    assert_eq!(finding.bytes.start, "😀一、".len());
    assert_eq!(&text[finding.bytes.start..finding.bytes.end], finding.found);
}

#[test]
fn an_empty_checker_and_an_empty_text_find_nothing() {
    assert!(checker(&[], &[]).check("国土资源部").is_empty());
    assert!(checker(&[("台独", None)], &[]).check("").is_empty());
}

#[test]
fn the_noise_limit_is_a_setting() {
    let strict = checker(&[("台独", None)], &[]).with_max_noise(0);
    assert!(strict.check("台 独").is_empty());
    assert_eq!(strict.check("台独").len(), 1);
}

#[test]
fn a_latin_word_is_found_only_whole() {
    assert_cases(
        &[("flg", None), ("ABC银行", None)],
        &[],
        &[
            Case {
                text: "flg",
                found: &["flg"],
            },
            Case {
                text: "the FLG group",
                found: &["FLG"],
            },
            Case {
                text: "文中有f.l.g字样",
                found: &["f.l.g"],
            },
            Case {
                text: "ＦＬＧ",
                found: &["ＦＬＧ"],
            },
            Case {
                text: "a flag, flgs",
                found: &[],
            },
            Case {
                text: "xabc银行",
                found: &[],
            },
            Case {
                text: "在ABC银行办理",
                found: &["ABC银行"],
            },
            Case {
                text: "ABC银行abc",
                found: &["ABC银行"],
            },
        ],
    );
}
