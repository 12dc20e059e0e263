//! The knowledge base on the portal (KB-STATS): the public searches the published entries,
//! never a draft (000 §12345-17 推动热线知识库向社会开放).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;

use super::office::{HitView, SearchQuery};

#[derive(Template, WebTemplate)]
#[template(path = "portal/kb.html")]
pub(super) struct KnowledgePage {
    chrome: Chrome,
    q: String,
    hits: Vec<HitView>,
}

/// `GET /kb?q=`: KB-STATS — the public searches the published knowledge-base entries
/// (never a draft; 000 §12345-17 推动热线知识库向社会开放).
pub(super) async fn knowledge_search(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Query(query): Query<SearchQuery>,
) -> Result<KnowledgePage, PageError> {
    let hits = hotline::kb_store::search(&state.platform.db, &query.q, true, 20).await?;
    Ok(KnowledgePage {
        chrome: Chrome::public(&state, &csrf).await?,
        q: query.q,
        hits: hits.into_iter().map(Into::into).collect(),
    })
}
