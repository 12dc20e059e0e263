//! The sanitiser (WEB-REVIEW, SEC-MLPS: the page served is the reviewed text, never a script),
//! the content check (WEB-INSPECT, SEC-SECRET) and the diff of versions (WEB-REVIEW), pure.

use platform::privacy::Personal;
use sites::check::{Builtin, ContentCheck, FindingKind, refusal};
use sites::diff::{self, Line, Mark};
use sites::sanitize::{clean, text_of};

use crate::world::news_content;

/// WEB-REVIEW, SEC-MLPS: script elements go with their content, style sheets too, every
/// `on…` handler goes, and `javascript:` (and `data:`, `vbscript:`) URLs are dropped from links
/// and images — one case each.
#[test]
fn web_review_script_style_handlers_and_javascript_urls_are_removed() {
    let cases: &[(&str, &str)] = &[
        ("<p>通知</p><script>alert('x')</script>", "<p>通知</p>"),
        (
            "<script src=\"https://evil.example/x.js\"></script><p>a</p>",
            "<p>a</p>",
        ),
        ("<style>body{display:none}</style><p>a</p>", "<p>a</p>"),
        (
            "<p onclick=\"steal()\" onmouseover=\"x()\">a</p>",
            "<p>a</p>",
        ),
        (
            "<img src=\"/f/1.png\" onerror=\"alert(1)\">",
            "<img src=\"/f/1.png\">",
        ),
        (
            "<a href=\"javascript:alert(1)\">点击</a>",
            "<a rel=\"noopener noreferrer\">点击</a>",
        ),
        (
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<a rel=\"noopener noreferrer\">x</a>",
        ),
        ("<img src=\"data:text/html;base64,PHNjcmlwdD4=\">", "<img>"),
        (
            "<a href=\"vbscript:msgbox\">x</a>",
            "<a rel=\"noopener noreferrer\">x</a>",
        ),
        (
            "<iframe src=\"https://evil.example\"></iframe><p>a</p>",
            "<p>a</p>",
        ),
        ("<svg onload=\"alert(1)\"><circle></circle></svg>", ""),
        ("<form action=\"/x\"><input name=\"q\"></form>", ""),
        (
            "<p style=\"background-image:url(javascript:alert(1))\">a</p>",
            "<p>a</p>",
        ),
        (
            "<p style=\"color: red; position: fixed\">a</p>",
            "<p style=\"color:red\">a</p>",
        ),
        ("<!-- 注释 --><p>a</p>", "<p>a</p>"),
    ];
    for (dirty, expected) in cases {
        assert_eq!(clean(dirty), *expected, "{dirty}");
    }
}

/// WEB-REVIEW: what an editor writes survives: paragraphs, emphasis, lists, tables, links,
/// images, alignment.
#[test]
fn web_review_the_editors_markup_is_kept() {
    let kept = "<h2>一、目标</h2><p style=\"text-align:center\"><strong>全区</strong>各校</p>\
                <ul><li>甲</li></ul><table><tbody><tr><td colspan=\"2\">1</td></tr></tbody></table>\
                <p><a href=\"https://www.gsgz.gov.cn/a\" rel=\"noopener noreferrer\">链接</a>\
                <img src=\"/files/1\" alt=\"图\"></p>";
    assert_eq!(clean(kept), kept);
    assert_eq!(text_of("<p>甲&amp;乙</p><p>丙</p>"), "甲&乙\n丙\n");
}

/// WEB-INSPECT: wrong and sensitive words, mobile, ID-card and bank card numbers are found and
/// named in one message; an office landline passes. SEC-SECRET: a secrecy mark is found.
#[test]
fn web_inspect_the_builtin_check_names_each_finding() {
    let mut content = news_content("中华人名共和国工作报告");
    content.body = "<p>秘密★1年</p><p>联系 13812345678，卡号 6222021234567890123，\
                    身份证 62010219900307123X，办公室 0936-8212345</p><p>台独</p>"
        .into();
    let findings = Builtin.check(&content);
    let kinds: Vec<FindingKind> = findings.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            FindingKind::WrongWord,
            FindingKind::SensitiveWord,
            FindingKind::SecretMark,
            FindingKind::Personal(Personal::Mobile),
            FindingKind::Personal(Personal::BankCard),
            FindingKind::Personal(Personal::IdCard),
        ]
    );
    let message = refusal(&findings).unwrap();
    assert!(
        message.contains("标题含有错误表述“中华人名共和国”，应为“中华人民共和国”"),
        "{message}"
    );
    assert!(
        message.contains("正文含有手机号码“138******78”"),
        "{message}"
    );
    assert!(
        message.contains("涉密信息不得上网（SEC-SECRET）"),
        "{message}"
    );
    assert!(
        Builtin
            .check(&news_content("全区中小学开展安全教育"))
            .is_empty()
    );
    assert!(refusal(&[]).is_none());
}

/// WEB-INSPECT: an 18-digit number shaped like an ID number but with a wrong GB 11643 check
/// character (or an impossible birth date) does not block; the valid one does.
#[test]
fn web_inspect_an_id_number_with_a_wrong_check_character_does_not_block() {
    let kinds = |body: &str| {
        let mut content = news_content("补贴发放公示");
        content.body = body.into();
        Builtin
            .check(&content)
            .into_iter()
            .map(|f| f.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kinds("<p>身份证 62010219900307123X</p>"),
        [FindingKind::Personal(Personal::IdCard)]
    );
    assert_eq!(
        kinds("<p>身份证 620102 19900307 123X</p>"),
        [FindingKind::Personal(Personal::IdCard)]
    );
    assert!(kinds("<p>编号 620102199003071239</p>").is_empty());
    assert!(kinds("<p>编号 62070219770101004X</p>").is_empty());
    assert!(kinds("<p>身份证 620702********1238</p>").is_empty());
}

/// WEB-REVIEW: the diff of two texts marks what was removed and added, character by
/// character, and a body line by line with a changed line paired in place.
#[test]
fn web_review_the_diff_marks_removed_and_added_text() {
    let script: Vec<(Mark, char)> = diff::diff(&['a', 'b', 'c'], &['a', 'x', 'c']);
    assert_eq!(
        script,
        [
            (Mark::Same, 'a'),
            (Mark::Removed, 'b'),
            (Mark::Added, 'x'),
            (Mark::Same, 'c')
        ]
    );
    let spans = diff::chars("关于开展检查的通知", "关于开展专项检查的通知");
    let added: Vec<&str> = spans
        .iter()
        .filter(|s| s.mark == Mark::Added)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(added, ["专项"]);
    let lines = diff::lines(
        "<p>一</p><p>二</p><p>三</p>",
        "<p>一</p><p>贰</p><p>三</p><p>四</p>",
    );
    assert_eq!(lines[0], Line::Same("<p>一</p>".into()));
    assert!(
        matches!(&lines[1], Line::Changed { old, new, .. } if old == "<p>二</p>" && new == "<p>贰</p>")
    );
    assert_eq!(lines[2], Line::Same("<p>三</p>".into()));
    assert_eq!(lines[3], Line::Added("<p>四</p>".into()));
    assert_eq!(diff::lines_of("<p>a</p><p>b</p>"), ["<p>a</p>", "<p>b</p>"]);
}
