//! A planted site served on 127.0.0.1:0 with one page per kind of finding and the bad input
//! of issue 19 (a page that never answers, a redirect loop, a 50 MB page, binary content
//! named .html, a zip bomb named .xlsx, links to a refused port and to other schemes).

use std::io::Write as _;
use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use rust_xlsxwriter::Workbook;

/// A valid ID number (GB 11643 check 8), one with a wrong check character, a mobile and a
/// bank card number passing Luhn.
pub const ID: &str = "620702198503121238";
pub const ID_WRONG_CHECK: &str = "620702198503121237";
pub const MOBILE: &str = "13912345678";
pub const CARD: &str = "6217001234567893";

fn html(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("<!doctype html><html><head><meta charset=utf-8><title>测试站</title></head><body>{body}</body></html>"),
    )
        .into_response()
}

fn page(body: &'static str) -> impl Fn() -> std::future::Ready<Response> + Clone {
    move || std::future::ready(html(body.to_owned()))
}

const HOME: &str = r##"<h1>某区人民政府</h1>
<ul><li>关于秋季防火的通知 2026-10-01</li><li>工作动态 [10-20]</li></ul>
<a href="/broken.html">断链</a> <a href="/refused.html">端口</a> <a href="/hidden.html">暗链</a> <a href="/ads.html">广告</a>
<a href="/words.html">错敏词</a> <a href="/whitelisted.html">白名单</a>
<a href="/privacy.html">隐私</a> <a href="/negatives.html">遮挡</a>
<a href="/files/recipients.xlsx">补贴名单</a> <a href="/files/bomb.xlsx">压缩炸弹</a>
<a href="/redirects.html">重定向</a> <a href="/huge.html">大页面</a>
<a href="/binary.html">二进制</a> <a href="/octet.html">下载</a>
<a href="/malformed.html">残缺</a> <a href="/schemes.html">其他协议</a>
<a href="/fresh.html">新</a>"##;

const BROKEN: &str = r##"<a href="/missing.html">已删除的页面</a>
<a href="/never.html">永不应答</a> <a href="/">首页</a>"##;

const HIDDEN: &str = r##"<style>
.hide { display: none }
#gone { visibility: hidden; }
div.box { width: 0; height: 0px; overflow: hidden }
p.tiny, span.none { font-size: 0px !important }
/* a comment { display:none } */
@media (max-width: 600px) { .mobile-only { display: none } }
.shown { color: red }
</style>
<link rel="stylesheet" href="/site.css">
<a style="display:none" href="/h/inline-display">1</a>
<a style="VISIBILITY: hidden" href="/h/inline-visibility">2</a>
<div style="width:0;height:0;overflow:hidden"><a href="/h/zero-size">3</a></div>
<a style="position:absolute;left:-9999px" href="/h/off-screen">4</a>
<span style="font-size:0"><a href="/h/font-size">5</a></span>
<a class="link hide" href="/h/class">6</a>
<div id="gone"><p><a href="/h/id">7</a></p></div>
<p class="tiny"><a href="/h/tag-class">8</a></p>
<div class="box"><a href="/h/box">9</a></div>
<a class="far" href="/h/stylesheet">10</a>
<a class="shown" href="/visible.html">看得见</a>
<a class="mobile-only" href="/media.html">手机菜单</a>"##;

const SITE_CSS: &str = ".far { position: absolute; top: -1000px; }";

const ADS: &str = r##"<a href="https://ads.doubleclick.net/click?id=1">推广</a>
<a href="http://www.bet365.com/">娱乐</a>"##;

const WORDS: &str = "<p>根据国土资源部的通知，严厉打击法轮功等邪教组织。</p>";

const WHITELISTED: &str = "<p>原国土资源部已于2018年撤销，农业部门继续负责。</p>";

const PRIVACY: &str = "<table><tr><td>张三</td><td>620702198503121238</td><td>13912345678</td><td>6217001234567893</td></tr></table>";

const NEGATIVES: &str = "<table><tr><td>李四</td><td>620702198503121237</td></tr>\
<tr><td>王五</td><td>620702********1238</td><td>139****5678</td><td>6217********7893</td></tr></table>\
<p>文号：甘政办发〔2026〕12号，补贴1200元，编号2139123456789</p>";

const REDIRECTS: &str = r##"<a href="/loop-a">循环</a> <a href="/moved">已迁移</a>"##;

const MALFORMED: &str = r##"<div><p>未闭合<table><td><a href="/words.html">错敏词<b><i></div></p>
<<<>>> <a href=/privacy.html>隐私<a href='/visible.html'>&amp;&#x4E2D;&bogus;<!-- x"##;

const SCHEMES: &str = r##"<a href="mailto:office@example.gov.cn">信箱</a>
<a href="javascript:void(0)">打印</a> <a href="ftp://127.0.0.1/files">FTP</a>
<a href="tel:09318881234">电话</a> <a href="#top">顶部</a>"##;

const FRESH: &str = "<ul><li>今日要闻 2026年12月5日</li></ul>";

/// An XLSX of subsidy recipients with full ID numbers.
fn recipients_xlsx() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, (name, id)) in [
        ("姓名", "身份证号"),
        ("张三", ID),
        ("李四", "11010519491231002X"),
    ]
    .iter()
    .enumerate()
    {
        assert!(sheet.write_string(row as u32, 0, *name).is_ok());
        assert!(sheet.write_string(row as u32, 1, *id).is_ok());
    }
    workbook
        .save_to_buffer()
        .unwrap_or_else(|error| unreachable!("{error}"))
}

/// A zip whose one part unpacks to `bytes` zeros.
pub fn zip_bomb(bytes: usize) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    assert!(
        writer
            .start_file("xl/worksheets/sheet1.xml", options)
            .is_ok()
    );
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..bytes / chunk.len() {
        assert!(writer.write_all(&chunk).is_ok());
    }
    writer
        .finish()
        .unwrap_or_else(|error| unreachable!("{error}"))
        .into_inner()
}

/// The bytes of attachments and pages built once.
struct Blobs {
    xlsx: Vec<u8>,
    bomb: Vec<u8>,
}

/// The planted site; returns its address.
pub async fn serve(bomb_bytes: usize, refused: u16) -> SocketAddr {
    let blobs = std::sync::Arc::new(Blobs {
        xlsx: recipients_xlsx(),
        bomb: zip_bomb(bomb_bytes),
    });
    let xlsx = blobs.clone();
    let bomb = blobs.clone();
    let app = Router::new()
        .route("/", get(page(HOME)))
        .route("/broken.html", get(page(BROKEN)))
        .route(
            "/refused.html",
            get(move || async move {
                html(format!(
                    r##"<a href="http://127.0.0.1:{refused}/">另一个端口上的系统</a>"##
                ))
            }),
        )
        .route("/hidden.html", get(page(HIDDEN)))
        .route("/visible.html", get(page("<p>看得见的页面</p>")))
        .route("/media.html", get(page("<p>手机菜单</p>")))
        .route(
            "/site.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], SITE_CSS) }),
        )
        .route("/ads.html", get(page(ADS)))
        .route("/words.html", get(page(WORDS)))
        .route("/whitelisted.html", get(page(WHITELISTED)))
        .route("/privacy.html", get(page(PRIVACY)))
        .route("/negatives.html", get(page(NEGATIVES)))
        .route("/redirects.html", get(page(REDIRECTS)))
        .route("/malformed.html", get(page(MALFORMED)))
        .route("/schemes.html", get(page(SCHEMES)))
        .route("/fresh.html", get(page(FRESH)))
        .route(
            "/never.html",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                "too late"
            }),
        )
        .route("/loop-a", get(|| async { Redirect::temporary("/loop-b") }))
        .route("/loop-b", get(|| async { Redirect::temporary("/loop-a") }))
        .route(
            "/moved",
            get(|| async { Redirect::permanent("/visible.html") }),
        )
        .route(
            "/huge.html",
            get(|| async {
                let mut body = format!("<p>联系人电话{MOBILE}</p>").into_bytes();
                body.resize(50 * 1024 * 1024, b' ');
                ([(header::CONTENT_TYPE, "text/html")], body)
            }),
        )
        .route(
            "/binary.html",
            get(|| async {
                let body: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
                ([(header::CONTENT_TYPE, "text/html")], body)
            }),
        )
        .route(
            "/octet.html",
            get(|| async {
                let mut response = vec![0u8, 1, 2, 3].into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/octet-stream"),
                );
                response
            }),
        )
        .route(
            "/files/recipients.xlsx",
            get(move || async move { xlsx.xlsx.clone() }),
        )
        .route(
            "/files/bomb.xlsx",
            get(move || async move { bomb.bomb.clone() }),
        )
        .fallback(|| async { (StatusCode::NOT_FOUND, "找不到页面") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|error| unreachable!("{error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| unreachable!("{error}"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    address
}

/// A port on 127.0.0.1 that refuses connections (bound, then released).
pub fn refused_port() -> u16 {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|error| unreachable!("{error}"));
    listener
        .local_addr()
        .unwrap_or_else(|error| unreachable!("{error}"))
        .port()
}
