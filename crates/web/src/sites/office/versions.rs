//! An article's versions (WEB-REVIEW: every version is kept, with a diff view between any
//! two): the difference of two revisions field by field and line by line, the characters that
//! changed marked `<del>` and `<ins>` — each with a word for screen readers and a mark that is
//! not colour alone — and an article's files, served only under their own article.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use sites::ArticleId;
use sites::diff::{Line, Mark, Span};
use sites::usecase::{self, ARTICLE_ATTACHMENT};

use super::{ArticleNo, article_in_scope};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{FileId, Ids, Query};
use crate::staff::Staff;

fn escape_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

/// `text` escaped, each whole tag of the body's HTML source (`<p>`, `</p>`) in a muted span so
/// that the words read first.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut tag: Option<String> = None;
    for c in text.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some("&lt;".to_owned()),
            (Some(open), '>') => {
                out.push_str("<span class=\"diff-tag\">");
                out.push_str(open);
                out.push_str("&gt;</span>");
                tag = None;
            }
            (Some(open), c) => escape_char(open, c),
            (None, c) => escape_char(&mut out, c),
        }
    }
    if let Some(open) = tag {
        out.push_str(&open);
    }
    out
}

/// A run of characters as HTML: removed ones in `<del>`, added ones in `<ins>`, each opened
/// by a word a screen reader says (the tags themselves are not announced by most).
fn span_html(span: &Span) -> String {
    match span.mark {
        Mark::Same => escape(&span.text),
        Mark::Removed => format!(
            "<del><span class=\"visually-hidden\">［删除：</span>{}<span class=\"visually-hidden\">］</span></del>",
            escape(&span.text)
        ),
        Mark::Added => format!(
            "<ins><span class=\"visually-hidden\">［新增：</span>{}<span class=\"visually-hidden\">］</span></ins>",
            escape(&span.text)
        ),
    }
}

fn spans_html(spans: &[Span]) -> String {
    spans.iter().map(span_html).collect()
}

/// One field of the two versions.
pub struct FieldLine {
    pub label: &'static str,
    pub changed: bool,
    /// The character diff as HTML (escaped text, `<del>`/`<ins>`).
    pub html: String,
}

/// One line of the body's diff: its kind (a class and a word) and its HTML.
pub struct BodyLine {
    pub class: &'static str,
    pub word: &'static str,
    pub sign: &'static str,
    pub html: String,
}

fn body_line(line: &Line) -> BodyLine {
    let whole = |mark, text: &str| {
        span_html(&Span {
            mark,
            text: text.to_owned(),
        })
    };
    match line {
        Line::Same(text) => BodyLine {
            class: "same",
            word: "未改",
            sign: " ",
            html: escape(text),
        },
        Line::Removed(text) => BodyLine {
            class: "removed",
            word: "删除的行",
            sign: "−",
            html: whole(Mark::Removed, text),
        },
        Line::Added(text) => BodyLine {
            class: "added",
            word: "新增的行",
            sign: "+",
            html: whole(Mark::Added, text),
        },
        Line::Changed { spans, .. } => BodyLine {
            class: "changed",
            word: "修改的行",
            sign: "±",
            html: spans_html(spans),
        },
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_diff.html")]
pub struct DiffPage {
    chrome: Chrome,
    id: i64,
    number: String,
    title: String,
    from: u32,
    to: u32,
    revisions: Vec<u32>,
    fields: Vec<FieldLine>,
    body: Vec<BodyLine>,
    same: bool,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

fn revision(text: Option<&str>, default: u32) -> Option<u32> {
    match text.map(str::trim) {
        None | Some("") => Some(default),
        Some(text) => text.parse().ok(),
    }
}

/// `GET /office/sites/articles/{id}/diff?from=&to=`: the previous and the latest version
/// unless two are chosen.
pub async fn diff(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    crate::extract::Id(ArticleNo(id)): crate::extract::Id<ArticleNo>,
    Query(query): Query<DiffQuery>,
) -> Result<Response, PageError> {
    let office = article_in_scope(&state, &staff, ArticleId(id)).await?;
    let db = &state.platform.db;
    let revisions: Vec<u32> = usecase::versions::versions(db, ArticleId(id))
        .await?
        .iter()
        .map(|v| v.revision)
        .collect();
    let latest = revisions.last().copied().unwrap_or(1);
    let from = revision(query.from.as_deref(), latest.saturating_sub(1).max(1));
    let to = revision(query.to.as_deref(), latest);
    let mut page = DiffPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        id,
        number: office.number.clone(),
        title: office.article.content.title.clone(),
        from: from.unwrap_or(1),
        to: to.unwrap_or(latest),
        revisions: revisions.clone(),
        fields: Vec::new(),
        body: Vec::new(),
        same: false,
        error: None,
    };
    let (Some(from), Some(to)) = (from, to) else {
        page.error = Some("版本号不正确".to_owned());
        return Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response());
    };
    if !revisions.contains(&from) || !revisions.contains(&to) {
        page.error = Some(format!("稿件只有第 1 至第 {latest} 版"));
        return Ok((axum::http::StatusCode::NOT_FOUND, page).into_response());
    }
    let diff = usecase::versions::diff_versions(db, ArticleId(id), from, to).await?;
    page.same = diff.is_empty();
    page.fields = diff
        .fields
        .iter()
        .filter(|field| field.changed() || !field.old.is_empty())
        .map(|field| FieldLine {
            label: field.label,
            changed: field.changed(),
            html: spans_html(&field.spans),
        })
        .collect();
    page.body = diff.body.iter().map(body_line).collect();
    Ok(page.into_response())
}

/// `GET /office/sites/articles/{id}/files/{file}`: one file of the article, only under it.
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Ids(ArticleNo(id), FileId(file)): Ids<ArticleNo, FileId>,
) -> Result<Response, PageError> {
    article_in_scope(&state, &staff, ArticleId(id)).await?;
    let unknown = || platform::Error::not_found("附件");
    let db = &state.platform.db;
    let meta = platform::attachments::meta(db, file)
        .await
        .map_err(|_| unknown())?;
    if meta.owner_kind != ARTICLE_ATTACHMENT || meta.owner_id != id {
        return Err(PageError(unknown()));
    }
    let content = platform::attachments::content(db, &state.platform.key, file).await?;
    let name = utf8_percent_encode(&meta.download_name(), NON_ALPHANUMERIC).to_string();
    Ok((
        [
            (CONTENT_TYPE, meta.kind.content_type().to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"file.{}\"; filename*=UTF-8''{name}",
                    meta.kind.code()
                ),
            ),
        ],
        Body::from(content),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WEB-REVIEW: the diff's markup escapes the text and says what changed in words.
    #[test]
    fn changes_are_marked_in_words_and_escaped() {
        let spans = sites::diff::chars("a<b>", "a<i>");
        let html = spans_html(&spans);
        assert!(html.contains("<del>") && html.contains("<ins>"), "{html}");
        assert!(
            html.contains("［删除：") && html.contains("［新增："),
            "{html}"
        );
        assert!(html.contains("&lt;") && !html.contains("<b>"), "{html}");
        assert_eq!(
            escape("<p>a&b \"c\"</p>"),
            "<span class=\"diff-tag\">&lt;p&gt;</span>a&amp;b &quot;c&quot;\
             <span class=\"diff-tag\">&lt;/p&gt;</span>"
        );
        assert_eq!(escape("a<b"), "a&lt;b", "an unclosed tag is text");
    }
}
