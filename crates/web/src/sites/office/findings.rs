//! The content check's findings on an article's page (WEB-INSPECT, SEC-SECRET): each with the
//! sentence it is in and the hit marked in red (`<mark class="hit">`, the text around it
//! escaped), the suggested correction, and for a word hit (错误表述, 敏感词) the editor's
//! 忽略，误报 with a reason — audited, remembered for that article and word, as the commercial
//! monitors do. Secrecy marks and personal data always block.

use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use axum::routing::post;
use platform::access::{self, ArticleOp};
use serde::Deserialize;
use sites::ArticleId;
use sites::article::Content;
use sites::check::ContentCheck as _;

use super::articles::article_page;
use super::{ArticleNo, answer, article_in_scope};
use crate::AppState;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// One finding as the page shows it.
pub struct FindingLine {
    /// The whole finding in words (正文含有错误表述“…”，应为“…”).
    pub message: String,
    /// The sentence: before the hit, the hit, after it (empty for a finding without one).
    pub before: String,
    pub hit: String,
    pub after: String,
    /// 应为“…” or what to do.
    pub note: String,
    /// The listed word an editor may mark a false positive; empty when it always blocks.
    pub ignorable: String,
}

/// A false positive marked on the article, in words.
pub struct IgnoredLine {
    pub word: String,
    pub text: String,
}

/// The findings of `content` with the check in force for article `id`, and its false
/// positives.
pub(super) async fn lines(
    state: &AppState,
    id: ArticleId,
    content: &Content,
) -> platform::Result<(Vec<FindingLine>, Vec<IgnoredLine>)> {
    let db = &state.platform.db;
    let check = sites::usecase::inspect::check_for(db, id).await?;
    let findings = check
        .check(content)
        .into_iter()
        .map(|finding| {
            let excerpt = finding.excerpt.clone();
            let (before, hit, after) = excerpt
                .map(|e| (e.before, e.hit, e.after))
                .unwrap_or_default();
            FindingLine {
                message: finding.message_zh(),
                before,
                hit,
                after,
                note: finding.note.clone(),
                ignorable: if finding.ignorable() {
                    finding.word.clone()
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let ignored = sites::usecase::inspect::ignored(db, id)
        .await?
        .into_iter()
        .map(|ignored| IgnoredLine {
            text: format!("理由：{}（{}）", ignored.reason, minute_of(ignored.at)),
            word: ignored.word,
        })
        .collect();
    Ok((findings, ignored))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreForm {
    word: String,
    reason: String,
}

/// 忽略，误报: marks a word hit of the article a false positive with the reason (audited).
pub async fn ignore(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ArticleNo(id)): Id<ArticleNo>,
    Form(form): Form<IgnoreForm>,
) -> Result<Response, PageError> {
    let id = ArticleId(id);
    let office = article_in_scope(&state, &staff, id).await?;
    let outcome = if office.article.status == sites::article::Status::Draft {
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        sites::usecase::inspect::ignore_hit(
            &state.platform.db,
            &context,
            id,
            form.word.trim(),
            &form.reason,
        )
        .await
    } else {
        Err(platform::Error::invalid("只有草稿可以标记误报"))
    };
    let state = &state;
    let staff = &staff;
    let csrf = &csrf;
    answer(
        outcome,
        format!("/office/sites/articles/{}?done=1", id.0),
        |message| async move {
            let office = article_in_scope(state, staff, id).await?;
            article_page(state, csrf, staff, office, Some(message), false).await
        },
    )
    .await
}

/// The route of 忽略，误报: the article's editors and reviewers (the page checks the scope).
pub(super) fn rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![route(
        Method::POST,
        "/office/sites/articles/{id}/ignore",
        S(|a| {
            access::site_articles(a, ArticleOp::Write)
                || access::site_articles(a, ArticleOp::Review)
        }),
        post(ignore),
    )]
}
