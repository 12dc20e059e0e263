//! WEB-ARCHIVE: the static copy of a site (`zhengwu site export CODE DIR`) — content is
//! archived, never lost by a redesign, and a closed site stays readable. Every page a visitor
//! can reach is rendered by the real router in-process (`oneshot`, under the `/sites/{code}/`
//! prefix, the request marked [`Archiving`] so that no view is counted): the home, the
//! sitemap page and `sitemap.xml`, the published annual reports, and every page they link to
//! — each column's list pages through all the paging, every article and its print view,
//! its files, the feeds and the `/static` files the pages use — and the withdrawn articles,
//! which no list links, still served under their archive banner. Same-site addresses become
//! file paths relative to the page (`columns/5/index.html`, `columns/5/page-2/index.html`,
//! `articles/7/files/3.pdf`, `static/app.css`) so the copy opens from disk; external
//! addresses stay; the platform's other pages (找错, 站群导航, 办事服务 …) point at the live site
//! (`https://{main domain}/…`, or lose their link when the site has no domain); forms, which
//! need a server (subscribe, search), are left out, as is the CSRF token. `export.json`
//! names the site, its code, when it was exported and what was written.

mod html;
mod paths;

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::fmt;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{Request, StatusCode};
use sites::usecase::read;
use tower::ServiceExt as _;

use self::html::Link;
use self::paths::{Place, Target, file_of, relative};
use crate::AppState;

/// Marks an in-process request of the export: the page is rendered, not visited (WEB-STATS
/// counts no view). A client cannot set a request extension.
#[derive(Debug, Clone, Copy)]
pub struct Archiving;

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    pub name: String,
    pub code: String,
    pub closed: bool,
    /// HTML pages.
    pub pages: usize,
    /// Other files: attachments, feeds, `sitemap.xml`, static files.
    pub files: usize,
    pub dir: PathBuf,
}

/// Why nothing (or not everything) was exported.
#[derive(Debug)]
pub enum ExportError {
    UnknownSite(String),
    NotServing { name: String, status: String },
    NotDirectory(PathBuf),
    NotEmpty(PathBuf),
    Unwritable(PathBuf, std::io::Error),
    HomeMissing(StatusCode),
    Platform(platform::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::UnknownSite(code) => {
                write!(f, "没有网站标识码为“{code}”的网站，请核对网站标识码")
            }
            ExportError::NotServing { name, status } => write!(
                f,
                "网站“{name}”当前状态为“{status}”，不对外提供页面，无法导出（开通中、已关闭的网站可以导出）"
            ),
            ExportError::NotDirectory(dir) => {
                write!(f, "导出位置 {} 已存在且不是目录", dir.display())
            }
            ExportError::NotEmpty(dir) => write!(
                f,
                "导出目录 {} 不是空目录；确认覆盖其中的同名文件请加 --force",
                dir.display()
            ),
            ExportError::Unwritable(dir, error) => {
                write!(f, "无法写入导出目录 {}：{error}", dir.display())
            }
            ExportError::HomeMissing(status) => {
                write!(f, "网站首页未能生成（HTTP {status}），未导出")
            }
            ExportError::Platform(error) => write!(f, "读取网站数据失败：{error}"),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<platform::Error> for ExportError {
    fn from(error: platform::Error) -> Self {
        ExportError::Platform(error)
    }
}

/// A page or file the router answered.
struct Fetched {
    file: String,
    body: Vec<u8>,
    html: bool,
}

/// The largest answer the export keeps (an attachment's limit is far below).
const MAX_BODY: usize = 256 * 1024 * 1024;

/// WEB-ARCHIVE: writes the static copy of the site `code` into `dir` (refused when `dir`
/// holds anything, unless `force`: then same-named files are overwritten).
pub async fn export_site(
    state: AppState,
    code: &str,
    dir: &Path,
    force: bool,
) -> Result<Summary, ExportError> {
    check(dir, force)?;
    let profile = state.profile().await?;
    let db = state.platform.db.clone();
    let site = read::site_by_code(&db, code, &profile)
        .await?
        .ok_or_else(|| ExportError::UnknownSite(code.trim().to_owned()))?;
    if !site.serving && !site.closed {
        return Err(ExportError::NotServing {
            name: site.header.full_name.clone(),
            status: site.status.label_zh().to_owned(),
        });
    }
    make(dir)?;
    let place = Place::of(&site);
    let router = crate::router(state);
    let mut seeds: Vec<String> = ["/", "/sitemap", "/sitemap.xml", "/annual"]
        .iter()
        .map(|rest| place.key(rest))
        .collect();
    for page in read::withdrawn_articles(&db, site.id).await? {
        seeds.push(place.key(&format!("/articles/{}", page.article)));
    }
    let fetched = crawl(&router, &place, seeds).await?;
    let files: BTreeMap<&str, &str> = fetched
        .iter()
        .map(|(key, got)| (key.as_str(), got.file.as_str()))
        .collect();
    let (mut pages, mut others) = (0, 0);
    for (key, got) in &fetched {
        let body = if got.html {
            pages += 1;
            let text = String::from_utf8_lossy(&got.body);
            let written = html::rewrite(&text, |href| link(&place, &files, key, &got.file, href));
            written.into_bytes()
        } else {
            others += 1;
            got.body.clone()
        };
        write(dir, &got.file, &body)?;
    }
    let summary = Summary {
        name: site.header.full_name.clone(),
        code: site.registration.site_code.clone(),
        closed: site.closed,
        pages,
        files: others,
        dir: dir.to_owned(),
    };
    write(dir, "export.json", manifest(&summary, &place).as_bytes())?;
    Ok(summary)
}

/// `dir` empty (or not there yet) unless `force`, and no file — checked before anything is
/// read or made, so that a refusal changes nothing.
fn check(dir: &Path, force: bool) -> Result<(), ExportError> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(ExportError::NotDirectory(dir.to_owned()));
    }
    let mut entries =
        std::fs::read_dir(dir).map_err(|error| ExportError::Unwritable(dir.to_owned(), error))?;
    if entries.next().is_some() && !force {
        return Err(ExportError::NotEmpty(dir.to_owned()));
    }
    Ok(())
}

/// `dir` made and written to once, before anything is rendered.
fn make(dir: &Path) -> Result<(), ExportError> {
    let unwritable = |error| ExportError::Unwritable(dir.to_owned(), error);
    std::fs::create_dir_all(dir).map_err(unwritable)?;
    let probe = dir.join(".zhengwu-export-probe");
    std::fs::write(&probe, b"").map_err(unwritable)?;
    std::fs::remove_file(&probe).map_err(unwritable)
}

fn write(dir: &Path, file: &str, body: &[u8]) -> Result<(), ExportError> {
    let path = dir.join(file);
    let unwritable = |error| ExportError::Unwritable(dir.to_owned(), error);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(unwritable)?;
    }
    std::fs::write(&path, body).map_err(unwritable)
}

/// Renders `seeds` and every same-site page and file they lead to; answers other than 200
/// (a page out of range, another site's page) are left out.
async fn crawl(
    router: &Router,
    place: &Place,
    seeds: Vec<String>,
) -> Result<BTreeMap<String, Fetched>, ExportError> {
    let home = seeds[0].clone();
    let mut seen: HashSet<String> = seeds.iter().cloned().collect();
    let mut queue: VecDeque<String> = seeds.into();
    let mut fetched = BTreeMap::new();
    while let Some(key) = queue.pop_front() {
        let Some((status, content_type, disposition, body)) = get(router, &key).await else {
            continue;
        };
        if status != StatusCode::OK {
            if key == home {
                return Err(ExportError::HomeMissing(status));
            }
            continue;
        }
        let html = content_type.starts_with("text/html");
        let text = String::from_utf8_lossy(&body);
        let found = if html {
            html::links(&text)
        } else if key.ends_with("/sitemap.xml") {
            paths::locs(&text)
        } else {
            Vec::new()
        };
        for href in found {
            if let Target::Local { key: next, .. } = place.target(&href, &key)
                && seen.insert(next.clone())
            {
                queue.push_back(next);
            }
        }
        let Some(file) = file_of(place, &key, html, &content_type, &disposition) else {
            continue;
        };
        fetched.insert(key, Fetched { file, body, html });
    }
    Ok(fetched)
}

/// The status, media type, `Content-Disposition` and body the router answers to `GET key`.
async fn get(router: &Router, key: &str) -> Option<(StatusCode, String, String, Vec<u8>)> {
    let mut request = Request::get(key).body(Body::empty()).ok()?;
    request.extensions_mut().insert(Archiving);
    let response = router.clone().oneshot(request).await.ok()?;
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value: &axum::http::HeaderValue| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (content_type, disposition) = (header(CONTENT_TYPE), header(CONTENT_DISPOSITION));
    let status = response.status();
    let body = to_bytes(response.into_body(), MAX_BODY).await.ok()?;
    Some((status, content_type, disposition, body.to_vec()))
}

/// What the link `href` of the page `key` (written to `own`) becomes in the copy.
fn link(place: &Place, files: &BTreeMap<&str, &str>, key: &str, own: &str, href: &str) -> Link {
    match place.target(href, key) {
        Target::Keep => Link::Keep,
        Target::Local { key, fragment } => match files.get(key.as_str()) {
            Some(file) => Link::To(format!("{}{fragment}", relative(own, file))),
            None => place.live(&key),
        },
        Target::Live(path) => place.live(&path),
    }
}

/// `export.json`: what was exported, when, and how the copy treats forms and links.
fn manifest(summary: &Summary, place: &Place) -> String {
    let exported_at = calendar::Instant::from_millis(platform::db::now_ms()).to_rfc3339();
    let value = serde_json::json!({
        "site": summary.name,
        "code": summary.code,
        "closed": summary.closed,
        "exported_at": exported_at,
        "entry": "index.html",
        "pages": summary.pages,
        "files": summary.files,
        "live_site": place.origin(),
        "note": "静态存档（WEB-ARCHIVE）：用浏览器直接打开 index.html 即可浏览；订阅、检索等需服务器的表单已移除，找错、站群导航等平台页面链接指向正式网站。",
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
