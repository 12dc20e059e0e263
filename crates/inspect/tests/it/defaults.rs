//! The lists that ship with the binary (WEB-INSPECT): they load, name their source and
//! version, and find the institutions renamed in the 2018 and 2023 reforms while the
//! whitelist keeps 农业部门 and 原国土资源部.

use inspect::{Category, Provenance, default_checker, default_lists, default_whitelist};

#[test]
fn every_default_list_loads_and_names_its_source_and_version() {
    let lists = default_lists().unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(lists.len(), 3);
    for list in &lists {
        assert_eq!(list.meta.provenance, Provenance::Builtin);
        assert!(
            !list.meta.name.is_empty()
                && !list.meta.source.is_empty()
                && !list.meta.version.is_empty()
        );
        assert!(!list.entries.is_empty());
    }
    let whitelist = default_whitelist().unwrap_or_else(|error| unreachable!("{error}"));
    assert!(whitelist.meta.source.contains("本平台"));
    assert_eq!(default_checker().lists().count(), 3);
}

#[test]
fn the_renamed_institutions_of_2018_and_2023_are_wrong_expressions() {
    let cases = [
        ("国家工商行政管理总局", "国家市场监督管理总局"),
        (
            "国家食品药品监督管理总局",
            "国家市场监督管理总局/国家药品监督管理局",
        ),
        ("国土资源部", "自然资源部"),
        ("环境保护部", "生态环境部"),
        ("文化部", "文化和旅游部"),
        ("国家卫生和计划生育委员会", "国家卫生健康委员会"),
        ("农业部", "农业农村部"),
        ("监察部", "国家监察委员会"),
        ("中国银行保险监督管理委员会", "国家金融监督管理总局"),
        (
            "科技部国家外国专家局",
            "人力资源和社会保障部（国家外国专家局）",
        ),
        ("国务院扶贫办", "农业农村部"),
        ("县环保局", "生态环境局"),
    ];
    for (text, correction) in cases {
        let findings = default_checker().check(&format!("根据{text}的通知。"));
        assert_eq!(findings.len(), 1, "{text}: {findings:?}");
        assert_eq!(findings[0].category, Category::Wrong);
        assert_eq!(
            findings[0].correction.as_deref(),
            Some(correction),
            "{text}"
        );
    }
}

#[test]
fn the_default_whitelist_keeps_common_phrases() {
    for text in [
        "各级农业部门要加强文化部署。",
        "原国土资源部、原环境保护部的职责划入新组建的部门。",
        "坚决反对“台独”分裂活动。",
        "自然资源部、生态环境部、农业农村部、文化和旅游部联合印发。",
        "国家市场监督管理总局和国家金融监督管理总局。",
    ] {
        let findings = default_checker().check(text);
        assert!(findings.is_empty(), "{text}: {findings:?}");
    }
}

#[test]
fn miswritten_phrases_and_sensitive_words_are_found() {
    let findings = default_checker().check("坚持以人名为中心，建设中华人名共和国。法 輪 功");
    let words: Vec<(&str, Category)> = findings
        .iter()
        .map(|finding| (finding.word.as_str(), finding.category))
        .collect();
    assert_eq!(
        words,
        [
            ("以人名为中心", Category::Wrong),
            ("中华人名共和国", Category::Wrong),
            ("法轮功", Category::Sensitive)
        ]
    );
}
