//! The inspector's pure parts (WEB-INSPECT): hidden styles, selectors and the cascade, the
//! tolerant HTML reading (text with block breaks, links with their elements, scripts skipped),
//! charsets.

use crawler::css::{Rules, Style};
use crawler::html::parse;
use crawler::page::decode;

fn hides(declarations: &str) -> Option<&'static str> {
    let mut style = Style::default();
    style.apply(declarations);
    style.hides()
}

#[test]
fn web_inspect_each_hiding_declaration_hides_and_near_misses_do_not() {
    let cases: &[(&str, bool)] = &[
        ("display:none", true),
        ("display: NONE !important", true),
        ("visibility:hidden", true),
        ("font-size:0", true),
        ("font-size:0px", true),
        ("font-size:0em", true),
        ("width:0;overflow:hidden", true),
        ("height:0px;overflow:hidden", true),
        ("position:absolute;left:-999px", true),
        ("position:fixed;top:-5000px", true),
        ("text-indent:-9999px", true),
        ("display:block", false),
        ("font-size:10px", false),
        ("width:0", false),
        ("height:0;overflow:auto", false),
        ("position:absolute;left:-10px", false),
        ("position:relative;left:-9999px", false),
        ("left:-9999px", false),
        ("display:none;display:block", false),
    ];
    for (declarations, hidden) in cases {
        assert_eq!(hides(declarations).is_some(), *hidden, "{declarations}");
    }
}

#[test]
fn simple_selectors_apply_in_order_and_inline_wins() {
    let mut rules = Rules::default();
    rules.add_sheet(
        "a.x{display:none} #y{display:none} div .z{display:none} .w:hover{display:none} \
         @media print{.p{display:none}} .q{display:none}",
    );
    assert!(rules.style_of("a", None, "x", None).hides().is_some());
    assert!(rules.style_of("span", None, "x", None).hides().is_none());
    assert!(rules.style_of("p", Some("y"), "", None).hides().is_some());
    assert!(rules.style_of("p", None, "z", None).hides().is_none());
    assert!(rules.style_of("p", None, "w", None).hides().is_none());
    assert!(rules.style_of("p", None, "p", None).hides().is_none());
    assert!(rules.style_of("p", None, "q", None).hides().is_some());
    assert!(
        rules
            .style_of("p", None, "q", Some("display:inline"))
            .hides()
            .is_none()
    );
}

#[test]
fn malformed_html_gives_text_links_and_ancestors() {
    let page = parse(
        "<title>标题</title><script>var a='<a href=/no>';</script><style>.h{display:none}</style>\
         <table><tr><td>139</td><td>12345678</td></tr></table>\
         <div class=h><p>一<p>二 <a href='/x#frag'>链接</a></div><a href=/y>外</a><<>>&amp;",
    );
    assert!(page.text.contains("标题"));
    assert!(page.text.contains("139\n"), "{:?}", page.text);
    assert!(!page.text.contains("var a"));
    assert!(page.text.contains('&'));
    let hrefs: Vec<&str> = page.links.iter().map(|l| l.href.as_str()).collect();
    assert_eq!(hrefs, ["/x#frag", "/y"]);
    let mut rules = Rules::default();
    for style in &page.styles {
        rules.add_sheet(style);
    }
    let hidden = page.hidden(&rules);
    assert!(hidden[page.links[0].element].is_some());
    assert!(hidden[page.links[1].element].is_none());
}

#[test]
fn pages_are_decoded_by_their_charset_else_utf8_else_gb18030() {
    let (gbk, _, _) = encoding_rs::GBK.encode("<p>国土资源部</p>");
    assert_eq!(
        decode(Some("text/html; charset=GBK"), &gbk),
        "<p>国土资源部</p>"
    );
    assert_eq!(decode(None, &gbk), "<p>国土资源部</p>");
    let meta = [b"<meta charset=\"gb2312\">".as_slice(), &gbk].concat();
    assert!(decode(Some("text/html"), &meta).contains("国土资源部"));
    assert_eq!(decode(None, "中文".as_bytes()), "中文");
}
