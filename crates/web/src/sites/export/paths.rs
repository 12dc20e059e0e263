//! Addresses and files of the static copy (WEB-ARCHIVE): which links name the exported site
//! (`/sites/{code}/…`, `/static/…`, its host-relative routes `/columns/…`, `/articles/…`,
//! `/sitemap`, `/annual`, or its own domains), the key each is rendered by (the path under
//! the prefix, `?page=N` kept for a list's paging), the file each is written to, and the
//! relative address from one file to another.

use sites::usecase::read::SiteView;

use super::html::Link;

/// The exported site as its links name it.
pub(super) struct Place {
    /// `/sites/{code}`.
    prefix: String,
    /// Its domains, lower case.
    domains: Vec<String>,
}

/// Where a link leads.
pub(super) enum Target {
    /// Not an address of this server (a fragment, another host, `mailto:`).
    Keep,
    /// A page or file of the copy: the path it is rendered by, and the `#fragment`.
    Local { key: String, fragment: String },
    /// Another page of the platform (`/jiucuo`, `/sites`, `/services` …), path and query.
    Live(String),
}

impl Place {
    pub fn of(site: &SiteView) -> Place {
        Place {
            prefix: format!("/sites/{}", site.registration.site_code),
            domains: site
                .registration
                .domains
                .iter()
                .map(|domain| domain.to_ascii_lowercase())
                .collect(),
        }
    }

    /// The key of `rest` (a path from `/`) under the prefix.
    pub fn key(&self, rest: &str) -> String {
        format!("{}{rest}", self.prefix)
    }

    /// The live site's address, `https://{main domain}`.
    pub fn origin(&self) -> Option<String> {
        self.domains
            .first()
            .map(|domain| format!("https://{domain}"))
    }

    /// A page the copy does not hold: the live site's address of `path`, or no link when the
    /// site has no domain.
    pub fn live(&self, path: &str) -> Link {
        match self.origin() {
            Some(origin) => Link::To(format!("{origin}{path}")),
            None => Link::Drop,
        }
    }

    /// Where `href`, written on the page rendered by `page`, leads.
    pub fn target(&self, href: &str, page: &str) -> Target {
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            return Target::Keep;
        }
        let path = if let Some(rest) = strip_origin(href) {
            let cut = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let host = rest[..cut].to_ascii_lowercase();
            let host = host
                .rsplit_once(':')
                .map_or(host.as_str(), |(name, _)| name);
            if !self.domains.iter().any(|domain| domain == host) {
                return Target::Keep;
            }
            format!("/{}", rest[cut..].trim_start_matches('/'))
        } else if has_scheme(href) {
            return Target::Keep;
        } else if href.starts_with('/') {
            href.to_owned()
        } else {
            let dir = page.split(['?', '#']).next().unwrap_or("/");
            let dir = &dir[..dir.rfind('/').map_or(0, |at| at + 1)];
            format!("{dir}{href}")
        };
        let (path, fragment) = match path.split_once('#') {
            Some((path, fragment)) => (path.to_owned(), format!("#{fragment}")),
            None => (path, String::new()),
        };
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (path, None),
        };
        let path = normalise(&path);
        if path.starts_with("/static/") {
            return Target::Local {
                key: path,
                fragment,
            };
        }
        let rest = if path == self.prefix {
            "/".to_owned()
        } else if let Some(rest) = path.strip_prefix(&self.prefix)
            && rest.starts_with('/')
        {
            rest.to_owned()
        } else if site_route(&path) {
            path.clone()
        } else {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return Target::Live(format!("{path}{query}{fragment}"));
        };
        let mut key = self.key(&rest);
        if let Some(page) = query.as_deref().and_then(page_of)
            && page > 1
            && rest.starts_with("/columns/")
        {
            key.push_str(&format!("?page={page}"));
        }
        Target::Local { key, fragment }
    }
}

/// The rest of an absolute address after its scheme (`https://`, `http://`, `//`).
fn strip_origin(href: &str) -> Option<&str> {
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    ["https://", "http://", "//"]
        .iter()
        .find(|scheme| lower.starts_with(**scheme))
        .map(|scheme| &href[scheme.len()..])
}

/// `mailto:`, `tel:`, `data:` …: a scheme before any `/`, `?` or `#`.
fn has_scheme(href: &str) -> bool {
    let head = href.split(['/', '?', '#']).next().unwrap_or_default();
    head.contains(':')
}

/// The site's own routes when its host names it (`portal::routes`).
fn site_route(path: &str) -> bool {
    path == "/"
        || path == "/sitemap"
        || path == "/sitemap.xml"
        || path == "/annual"
        || ["/columns/", "/articles/", "/annual/"]
            .iter()
            .any(|start| path.starts_with(start))
}

/// The `page` of a query.
fn page_of(query: &str) -> Option<i64> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "page")
        .and_then(|(_, value)| value.trim().parse().ok())
}

/// `path` without `.`, `..` and empty segments (a trailing `/` kept).
fn normalise(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if path.ends_with('/') && out != "/" {
        out.push('/');
    }
    out
}

/// A segment safe as a file or directory name.
fn safe(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The file (relative to the copy's directory) the answer to `key` is written to: a page
/// as `…/index.html` (a list's page N as `…/page-N/index.html`), a file under its own name
/// or its id with the extension its download names, a static file under `static/`. `None`
/// for a key no file can be named after.
pub(super) fn file_of(
    place: &Place,
    key: &str,
    html: bool,
    content_type: &str,
    disposition: &str,
) -> Option<String> {
    let (path, page) = match key.split_once("?page=") {
        Some((path, page)) => (path, Some(page.parse::<i64>().ok()?)),
        None => (key, None),
    };
    let rest = if let Some(name) = path.strip_prefix("/static/") {
        format!("static/{name}")
    } else {
        path.strip_prefix(&place.prefix)?
            .trim_matches('/')
            .to_owned()
    };
    let mut segments: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if !segments.iter().all(|segment| safe(segment)) {
        return None;
    }
    if html {
        if let Some(page) = page {
            segments.push(format!("page-{page}"));
        }
        segments.push("index.html".into());
    } else if let Some(last) = segments.last_mut()
        && !last.contains('.')
    {
        last.push('.');
        last.push_str(&extension(content_type, disposition));
    }
    (!segments.is_empty()).then(|| segments.join("/"))
}

/// The extension of a file without one: its download name's, else its media type's.
fn extension(content_type: &str, disposition: &str) -> String {
    let named = disposition
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("filename="))
        .map(|name| name.trim_matches('"'))
        .and_then(|name| {
            name.rsplit_once('.')
                .map(|(_, ext)| ext.to_ascii_lowercase())
        })
        .filter(|ext| ext.len() <= 8 && ext.chars().all(|c| c.is_ascii_alphanumeric()));
    if let Some(ext) = named {
        return ext;
    }
    let media = content_type.split(';').next().unwrap_or_default().trim();
    match media {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/svg+xml" => "svg",
        "application/xml" | "text/xml" | "application/atom+xml" => "xml",
        "text/plain" => "txt",
        _ => "bin",
    }
    .to_owned()
}

/// The address of the file `to` from the page written to `from` (both relative to the
/// copy's directory).
pub(super) fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let mut common = 0;
    while common < from_dirs.len()
        && common + 1 < to_parts.len()
        && from_dirs[common] == to_parts[common]
    {
        common += 1;
    }
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The addresses a `sitemap.xml` lists.
pub(super) fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|part| part.split_once("</loc>").map(|(loc, _)| loc.trim()))
        .map(|loc| loc.replace("&amp;", "&"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place {
        Place {
            prefix: "/sites/6207020003".into(),
            domains: vec!["jyj.gsgz.gov.cn".into()],
        }
    }

    fn key(target: Target) -> String {
        match target {
            Target::Local { key, fragment } => format!("{key}{fragment}"),
            Target::Live(path) => format!("live {path}"),
            Target::Keep => "keep".into(),
        }
    }

    #[test]
    fn links_of_the_site_become_keys_and_files() {
        let place = place();
        let page = "/sites/6207020003/articles/7";
        let cases = [
            ("/sites/6207020003", "/sites/6207020003/"),
            (
                "/sites/6207020003/columns/5?page=2",
                "/sites/6207020003/columns/5?page=2",
            ),
            (
                "/sites/6207020003/columns/5?page=1#a",
                "/sites/6207020003/columns/5#a",
            ),
            (
                "https://JYJ.gsgz.gov.cn/articles/9",
                "/sites/6207020003/articles/9",
            ),
            (
                "/articles/7/files/3",
                "/sites/6207020003/articles/7/files/3",
            ),
            ("files/3", "/sites/6207020003/articles/files/3"),
            ("/static/app.css", "/static/app.css"),
            ("/jiucuo", "live /jiucuo"),
            ("/sites/6207020001/", "live /sites/6207020001/"),
            ("https://www.gov.cn/", "keep"),
            ("mailto:a@b.cn", "keep"),
            ("#main", "keep"),
        ];
        for (href, want) in cases {
            assert_eq!(key(place.target(href, page)), want, "{href}");
        }
        let file = |key, html| file_of(&place, key, html, "application/pdf", "").unwrap();
        assert_eq!(file("/sites/6207020003/", true), "index.html");
        assert_eq!(
            file("/sites/6207020003/columns/5?page=2", true),
            "columns/5/page-2/index.html"
        );
        assert_eq!(
            file("/sites/6207020003/articles/7/files/3", false),
            "articles/7/files/3.pdf"
        );
        assert_eq!(file("/static/app.css", false), "static/app.css");
        assert_eq!(
            relative("columns/5/page-2/index.html", "articles/7/index.html"),
            "../../../articles/7/index.html"
        );
        assert_eq!(relative("index.html", "static/app.css"), "static/app.css");
        assert_eq!(
            relative("articles/7/index.html", "articles/7/files/3.pdf"),
            "files/3.pdf"
        );
    }
}
